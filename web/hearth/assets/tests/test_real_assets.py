"""The real asset files: a truncated file cannot empty the register, and a
place listed by several sources is shown and counted once."""

from __future__ import annotations

import gzip

import pytest

from hearth.assets import queries, services
from hearth.assets.models import Asset
from hearthcore.sources.errors import DataImportError

pytestmark = pytest.mark.realdata
SCHOOLS = "assets/hack25usefuldata_gias_schools_england.csv.gz"


def test_300_rows_of_the_schools_file_archive_nothing_and_the_full_file_restores(
    db, real_data, tmp_path
):
    live = Asset.objects.filter(source="gias-schools", status=Asset.Status.PUBLISHED)
    before = live.count()
    assert before > 26_000
    lines = gzip.open(real_data / SCHOOLS, "rt", encoding="utf-8").read().splitlines()
    cut = tmp_path / "hack25usefuldata_gias_schools_england.csv"
    cut.write_text("\n".join(lines[:301]) + "\n", encoding="utf-8")
    with pytest.raises(
        DataImportError, match=r"would archive 2\d,\d{3} of the 2\d,\d{3} records"
    ):
        services.import_file(cut)
    assert live.count() == before
    forced = services.import_file(cut, force=True)
    assert forced.archived > 26_000 and live.count() < 400
    full = services.import_file(real_data / SCHOOLS)
    assert full.restored == forced.archived
    assert live.count() == before


def test_chorleys_map_shows_each_place_once(db, real_data):
    queries.bump()
    records = queries.public_assets("E07000118")
    listed = Asset.objects.public().filter(lad_code="E07000118").count()
    assert len(records) < listed
    # The same school from the DfE register and the county's property list.
    names = [r["name"] for r in records]
    assert (
        names.count("Buckshaw Primary School")
        + names.count("Chorley Buckshaw Primary School")
        == 1
    )
    library = [
        r
        for r in records
        if r["name"] == "Chorley Library" and r["category"] == "library"
    ]
    assert len(library) == 1
