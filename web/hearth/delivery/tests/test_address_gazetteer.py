"""The address gazetteer: imports (LLPG in grid references or degrees, OS
Open UPRN), placing properties in LSOAs, homes per LSOA beside the OAC mix,
and walk lists. Every property here is a made-up fixture."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from hearth.areas.models import AreaLink, Geography
from hearth.areas.services import DatasetMeta, replace_dataset
from hearth.audit.models import AuditEvent
from hearth.delivery import addresses
from hearth.delivery.models import Address, AddressImport
from hearthcore.delivery import degrees_to_grid

from . import factories

pytestmark = pytest.mark.django_db


def _grid(lsoa: int, dx: float = 0.0) -> tuple[float, float]:
    lon, lat = factories.lsoa_point(lsoa)
    x, y = degrees_to_grid(np.array([lon + dx]), np.array([lat]))
    return round(float(x[0]), 2), round(float(y[0]), 2)


@pytest.fixture
def england():
    from hearth.areas.tests.factories import build_england

    build_england()


def _llpg(tmp_path, rows, name="llpg.csv"):
    lines = ["uprn,address,postcode,x,y,classification"]
    for uprn, text, postcode, lsoa, cls in rows:
        x, y = _grid(lsoa)
        lines.append(f'{uprn},"{text}",{postcode},{x},{y},{cls}')
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROWS = [
    (100000000001, "10 Moss Lane, Clayton Brook", "PR7 1DP", 0, "RD04"),
    (100000000002, "Flat 2, 3 Moss Lane, Clayton Brook", "PR7 1DP", 0, "RD06"),
    (100000000003, "Garage 4, Moss Lane, Clayton Brook", "PR7 1DP", 0, "RG02"),
    (100000000004, "1 Ash Road, Clayton Brook", "PR7 1DP", 1, "RD03"),
    (100000000005, "The Corner Shop, 5 Ash Road, Clayton Brook", "PR7 1DP", 1, "CR08"),
    (100000000006, "3 Fishergate, Preston", "PR1 1AA", 4, "RD02"),
]


def test_an_llpg_extract_in_grid_references_is_placed_in_lsoas(england, tmp_path):
    out = StringIO()
    call_command("addresses", "import", str(_llpg(tmp_path, ROWS)), stdout=out)
    assert "6 properties, 6 new, 0 updated; 6 placed in an LSOA 2021" in out.getvalue()
    placed = dict(Address.objects.values_list("uprn", "lsoa21"))
    assert placed[100000000001] == "E01000000"
    assert placed[100000000004] == "E01000001"
    assert placed[100000000006] == "E01000004"
    moss = Address.objects.get(uprn=100000000002)
    assert (moss.street, moss.postcode, moss.classification) == (
        "Moss Lane",
        "PR71DP",
        "RD06",
    )
    event = AuditEvent.objects.get(object_type="delivery.address", action="import")
    assert event.changes["added"] == 6


def test_latitude_and_longitude_work_as_well(england, tmp_path):
    lon, lat = factories.lsoa_point(2)
    path = tmp_path / "degrees.csv"
    path.write_text(
        f"uprn,address,postcode,latitude,longitude,classification\n100000000010,2 Bolton Street,PR7 1DP,{lat},{lon},RD04\n",
        encoding="utf-8",
    )
    call_command("addresses", "import", str(path), stdout=StringIO())
    found = Address.objects.get()
    assert found.lsoa21 == "E01000002"
    assert found.x > 300000 and found.y > 400000


def test_os_open_uprn_moves_points_but_keeps_the_llpg_addresses(england, tmp_path):
    call_command(
        "addresses", "import", str(_llpg(tmp_path, ROWS[:1])), stdout=StringIO()
    )
    lon, lat = factories.lsoa_point(1)
    x, y = _grid(1)
    path = tmp_path / "osopenuprn_202501.csv"
    path.write_text(
        "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n"
        f"100000000001,{x},{y},{lat},{lon}\n"
        f"100000000099,{x},{y},{lat},{lon}\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("addresses", "import", str(path), stdout=out)
    assert "OS Open UPRN" in out.getvalue() and "1 new, 1 updated" in out.getvalue()
    kept = Address.objects.get(uprn=100000000001)
    assert (kept.address, kept.classification, kept.lsoa21) == (
        "10 Moss Lane, Clayton Brook",
        "RD04",
        "E01000001",
    )
    added = Address.objects.get(uprn=100000000099)
    assert (added.address, added.classification) == ("", "")


def test_a_bad_row_imports_nothing(england, tmp_path):
    call_command(
        "addresses", "import", str(_llpg(tmp_path, ROWS[:2])), stdout=StringIO()
    )
    path = _llpg(tmp_path, [*ROWS[2:], (12, "", "PR7 1DP", 0, "RD04")], name="bad.csv")
    with pytest.raises(CommandError) as error:
        call_command("addresses", "import", str(path), stdout=StringIO())
    assert "nothing changed" in str(error.value)
    assert "line 6, column address: is empty" in str(error.value)
    assert Address.objects.count() == 2
    assert AddressImport.objects.count() == 1


def test_replace_removes_properties_a_full_extract_no_longer_lists(england, tmp_path):
    call_command("addresses", "import", str(_llpg(tmp_path, ROWS)), stdout=StringIO())
    out = StringIO()
    call_command(
        "addresses",
        "import",
        str(_llpg(tmp_path, ROWS[:2], name="full.csv")),
        "--replace",
        stdout=out,
    )
    assert "4 removed" in out.getvalue()
    assert Address.objects.count() == 2


def test_properties_outside_every_lsoa_are_kept_and_counted(england, tmp_path):
    path = tmp_path / "far.csv"
    path.write_text(
        "uprn,address,postcode,latitude,longitude,classification\n1,1 Far Away,,51.5,-0.1,RD04\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("addresses", "import", str(path), stdout=out)
    assert "1 outside every LSOA Hearth holds" in out.getvalue()
    assert Address.objects.get().lsoa21 == ""


def test_homes_per_lsoa_count_residential_classes_only(england, tmp_path):
    call_command("addresses", "import", str(_llpg(tmp_path, ROWS)), stdout=StringIO())
    table = addresses.properties_by_lsoa(["E01000000", "E01000001", "E01000002"])
    assert table.loc["E01000000"].to_dict() == {
        "addresses": 3,
        "homes": 2,
        "RD02": 0,
        "RD03": 0,
        "RD04": 1,
        "RD06": 1,
        "other_homes": 0,
    }
    assert (table.loc["E01000001", "addresses"], table.loc["E01000001", "homes"]) == (
        2,
        1,
    )
    assert table.loc["E01000002", "addresses"] == 0


def test_homes_sit_beside_the_lifestyle_mix(england, tmp_path):
    from hearth.areas.models import Area
    from hearth.areas.services import AreaRow, upsert_areas

    call_command("addresses", "import", str(_llpg(tmp_path, ROWS)), stdout=StringIO())
    upsert_areas(Geography.LSOA11, [AreaRow("E01005000", "Chorley 2011 A")])
    AreaLink.objects.create(
        old=Area.objects.get(code="E01005000"),
        new=Area.objects.get(code="E01000000"),
        change="U",
    )
    replace_dataset(
        DatasetMeta(
            kind="oac2011",
            title="OAC (test fixture)",
            publisher="test",
            release="2011",
            licence="OGL",
            attribution="test",
            geography=Geography.LSOA11,
            subset=True,
        ),
        pd.DataFrame(
            {"supergroup_6": [3.0], "supergroup_8": [1.0], "output_areas": [4.0]},
            index=["E01005000"],
        ),
        labels={"supergroup_6": "6", "supergroup_8": "8", "output_areas": "OAs"},
        checksum="1" * 64,
        source_file="oac-fixture.csv",
    )
    rows = {r["code"]: r for r in addresses.area_table(["E01000000", "E01000001"])}
    assert rows["E01000000"]["homes"] == 2
    assert rows["E01000000"]["main"] == "Suburbanites"
    assert rows["E01000000"]["mix"] == [
        ("Suburbanites", 0.75),
        ("Hard-pressed living", 0.25),
    ]
    assert rows["E01000001"]["main"] == ""


def test_a_walk_list_is_the_homes_of_the_target_area_by_street(england, tmp_path):
    call_command("addresses", "import", str(_llpg(tmp_path, ROWS)), stdout=StringIO())
    table = addresses.walk_list(["E01000000", "E01000001"])
    assert table["address"].tolist() == [
        "1 Ash Road, Clayton Brook",
        "Flat 2, 3 Moss Lane, Clayton Brook",
        "10 Moss Lane, Clayton Brook",
    ]
    assert table["type"].tolist() == [
        "Semi-detached house",
        "Self-contained flat",
        "Terraced house",
    ]
    assert table["postcode"].tolist()[0] == "PR7 1DP"


def test_replace_is_refused_for_os_open_uprn(england, tmp_path):
    path = tmp_path / "open.csv"
    path.write_text(
        "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n1,358535,417830,53.6553,-2.6289\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Only a full LLPG extract"):
        call_command("addresses", "import", str(path), "--replace")


def test_status_describes_the_gazetteer(england, tmp_path):
    call_command("addresses", "import", str(_llpg(tmp_path, ROWS)), stdout=StringIO())
    out = StringIO()
    call_command("addresses", "status", stdout=out)
    assert out.getvalue().startswith("6 properties, 4 homes, 6 placed in an LSOA 2021")
