from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hearth.areas import importers
from hearth.areas.models import Area, Dataset, DatasetImport, Indicator

HEADER = "lsoa21_code,IMD_score,IMD_rank,Income_rank\n"


@pytest.fixture
def iod(tmp_path):
    path = tmp_path / "iod2025.csv"
    path.write_text(HEADER + "E01000001,10.5,2,1\nE01000002,3.25,1,2\n")
    return path


def test_it_imports_a_table_with_provenance(db, iod):
    result = importers.import_file(iod, subset=True)
    assert result.kind == "iod2025" and result.rows == 2
    dataset = Dataset.objects.get(kind="iod2025")
    assert dataset.publisher.startswith("Ministry of Housing")
    assert "Open Government Licence" in dataset.attribution
    assert dataset.geography == "lsoa21"
    score = Indicator.objects.get(dataset=dataset, code="imd_score")
    assert score.label == "IMD_score" and score.higher_is_worse is True
    assert (
        Indicator.objects.get(dataset=dataset, code="imd_rank").higher_is_worse is False
    )
    assert score.array().tolist() == [10.5, 3.25]


def test_re_importing_an_unchanged_file_changes_nothing(db, iod):
    importers.import_file(iod, subset=True)
    before = Dataset.objects.get(kind="iod2025").imported_at
    result = importers.import_file(iod, subset=True)
    assert result.outcome == "unchanged"
    assert Dataset.objects.get(kind="iod2025").imported_at == before


def test_a_bad_file_leaves_the_previous_data_intact(db, iod, tmp_path):
    importers.import_file(iod, subset=True)
    bad = tmp_path / "iod2025_new.csv"
    bad.write_text(HEADER + "E01000001,1,2,3\nE01000002,oops,1,2\n")
    with pytest.raises(
        importers.ImportFailed,
        match=r"line 3, column 'IMD_score': 'oops' is not a number",
    ):
        importers.import_file(bad, subset=True)
    dataset = Dataset.objects.get(kind="iod2025")
    assert dataset.source_file == "iod2025.csv"
    assert Indicator.objects.get(
        dataset=dataset, code="imd_score"
    ).array().tolist() == [10.5, 3.25]
    failure = DatasetImport.objects.get(outcome="failed")
    assert "oops" in failure.message


def test_the_command_exits_non_zero_and_names_the_problem(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "E0100000X,1,2,3\n")
    err = StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command(
            "data", "import", str(bad), "--subset", stdout=StringIO(), stderr=err
        )
    assert (
        "line 2, column 'lsoa21_code': 'E0100000X' is not a valid area code"
        in err.getvalue()
    )


def test_lookups_build_the_area_hierarchy_and_status_lists_datasets(db, tmp_path, iod):
    lookup = tmp_path / "lookup.csv"
    lookup.write_text(
        '"lsoa21_name","lsoa21_code","ward24_name","ward24_code","ltla24_name","ltla24_code"\n'
        '"Chorley 001A","E01000001","Astley","E05000001","Chorley","E07000118"\n'
        '"Chorley 001B","E01000002","Astley","E05000001","Chorley","E07000118"\n'
    )
    call_command("data", "import", str(lookup), "--no-progress", stdout=StringIO())
    lsoa = Area.objects.get(geography="lsoa21", code="E01000002")
    assert lsoa.parent.code == "E05000001" and lsoa.lad.code == "E07000118"
    assert Area.objects.get(geography="lad24", code="E07000118").lad_id is not None
    importers.import_file(iod, subset=True)
    out = StringIO()
    call_command("data", "status", "--format", "json", stdout=out)
    rows = {row["kind"]: row for row in json.loads(out.getvalue())}
    assert rows["iod2025"]["rows"] == 2 and rows["iod2025"]["checksum"]
    assert rows["areas_lsoa21"]["rows"] == 2


def test_boundaries_in_bng_are_stored_in_wgs84(db, tmp_path):
    path = tmp_path / "b.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {
                            "lsoa21_code": "E01000001",
                            "lsoa21_name": "Chorley 001A",
                        },
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [
                                [
                                    [358000, 417000],
                                    [359000, 417000],
                                    [359000, 418000],
                                    [358000, 417000],
                                ]
                            ],
                        },
                    }
                ],
            }
        )
    )
    importers.import_file(path, subset=True)
    area = Area.objects.get(geography="lsoa21", code="E01000001")
    assert -2.7 < area.min_lon < -2.5 and 53.6 < area.min_lat < 53.7
    assert json.loads(area.geometry)["type"] == "Polygon"


@pytest.fixture
def national_is_two(monkeypatch):
    """Pretend the IoD 2025 covers two LSOAs, so a two-row file is national."""
    import dataclasses

    from hearthcore.sources import catalogue

    kind = dataclasses.replace(catalogue.CATALOGUE["iod2025"], coverage=2)
    monkeypatch.setitem(catalogue.CATALOGUE, "iod2025", kind)
    monkeypatch.setattr(
        catalogue,
        "KINDS",
        tuple(kind if k.key == "iod2025" else k for k in catalogue.KINDS),
    )
    return kind


def test_a_file_covering_part_of_the_release_is_refused_unless_a_subset(
    db, iod, tmp_path
):
    with pytest.raises(importers.ImportFailed, match="covers 2 LSOA"):
        importers.import_file(iod)
    assert not Dataset.objects.exists()
    importers.import_file(iod, subset=True)
    assert Dataset.objects.get(kind="iod2025").subset is True


def test_a_subset_never_replaces_a_national_dataset(db, iod, tmp_path, national_is_two):
    importers.import_file(iod)  # national: both LSOAs
    dataset = Dataset.objects.get(kind="iod2025")
    assert dataset.subset is False
    one = tmp_path / "one.csv"
    one.write_text(HEADER + "E01000001,1,2,1\n")
    with pytest.raises(importers.ImportFailed, match="covers 1 LSOA"):
        importers.import_file(one)
    with pytest.raises(importers.ImportFailed, match="never replaces national data"):
        importers.import_file(one, subset=True)
    assert Dataset.objects.get(kind="iod2025").rows == 2


def test_codes_of_unknown_areas_are_refused_once_areas_are_loaded(db, tmp_path, iod):
    from hearth.areas.tests.factories import build_england

    build_england()  # E01000000 .. E01000009
    bad = tmp_path / "iod.csv"
    bad.write_text(HEADER + "E01000001,1,2,1\nE01999999,1,1,2\n")
    with pytest.raises(
        importers.ImportFailed,
        match=r"line 3, column 'lsoa21_code': E01999999 is not an LSOA \(2021\) code",
    ):
        importers.import_file(bad, subset=True)


def test_every_import_attempt_is_in_the_audit_log(db, iod, tmp_path):
    from hearth.audit.models import AuditEvent

    importers.import_file(iod, subset=True, actor="anna")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "E01000001,inf,2,1\n")
    with pytest.raises(importers.ImportFailed, match="not a finite number"):
        importers.import_file(bad, subset=True, actor="anna")
    events = AuditEvent.objects.filter(action="import").order_by("id")
    assert [e.changes["outcome"] for e in events] == ["imported", "refused"]
    assert events[0].actor_label == "anna" and events[0].changes["rows"] == 2
