from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from hearth.areas.tests.factories import build_england
from hearth.assets import services
from hearth.assets.models import Asset, AssetImport, AssetRevision, DuplicatePair
from hearthcore.sources.errors import DataImportError

from .factories import template_csv


@pytest.fixture
def england(db):
    return build_england()["lsoas"]


def test_a_template_file_is_imported_geocoded_and_placed(england, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        template_csv(
            "Moor Hall,Meeting rooms,community-centre,physical,connect,,53.605,-2.575,,Mo-Fr 09:00-17:00,free,wheelchair,,,,,hall-1",
            "Post office café,,other,economic,,PR7 1DP,,,,,,,,,,,cafe-1",
        )
    )
    outcome = services.import_file(path)
    assert (outcome.created, outcome.updated, outcome.unlocated) == (2, 0, 0)
    hall = Asset.objects.get(source_id="hall-1")
    # The point is in the third test LSOA; the postcode in the first.
    assert (hall.lsoa21, hall.lad_code) == ("E01000002", "E07000118")
    assert hall.status == Asset.Status.PUBLISHED and hall.review_due is not None
    cafe = Asset.objects.get(source_id="cafe-1")
    assert (cafe.lon, cafe.lat, cafe.lsoa21) == (-2.595, 53.605, "E01000000")
    assert AssetRevision.objects.filter(action="imported").count() == 2
    # The "assets" dataset feeds the resilience index (needs population).
    assert AssetImport.objects.get().outcome == "imported"


def test_reimporting_updates_only_what_changed(england, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        template_csv(
            "Moor Hall,,community-centre,physical,,,53.605,-2.575,,,,,,,,,hall-1"
        )
    )
    services.import_file(path)
    again = services.import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    path.write_text(
        template_csv(
            "Moor Hall Centre,,community-centre,physical,,,53.605,-2.575,,,,,,,,,hall-1"
        )
    )
    changed = services.import_file(path)
    assert changed.updated == 1
    revision = AssetRevision.objects.get(action="updated by import")
    assert revision.changes["name"] == ["Moor Hall", "Moor Hall Centre"]


def test_a_bad_file_changes_nothing_and_names_the_line(england, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        template_csv(
            "Moor Hall,,community-centre,physical,,,53.605,-2.575,,,,,,,,,hall-1"
        )
    )
    services.import_file(path)
    path.write_text(
        template_csv(
            "Moor Hall,,community-centre,physical,,,53.605,-2.575,,,,,,,,,hall-1",
            "Broken,,community-centre,physical,,,north,-2.575,,,,,,,,,b-1",
        )
    )
    with pytest.raises(DataImportError) as error:
        services.import_file(path)
    assert "line 3" in str(error.value)
    assert list(Asset.objects.values_list("source_id", flat=True)) == ["hall-1"]
    assert AssetImport.objects.filter(outcome="failed").count() == 1
    with pytest.raises(CommandError):
        call_command("assets", "import", str(path))


def test_the_same_place_from_two_sources_is_offered_for_merging(
    england, tmp_path, personas
):
    first = tmp_path / "first.csv"
    first.write_text(
        template_csv("Chorley Library,,library,institution,,,53.605,-2.575,,,,,,,,,lib")
    )
    services.import_file(first)
    second = tmp_path / "second.csv"
    second.write_text(
        template_csv(
            "Chorley Public Library,,library,institution,,,53.6052,-2.5752,,Mo-Sa 09:00-17:00,,,01257 000000,,,,L1"
        )
    )
    # A different source: the template's source is its file's kind, so change it.
    Asset.objects.update(source="other-directory")
    outcome = services.import_file(second)
    assert outcome.duplicates == 1
    pair = DuplicatePair.objects.get()
    assert pair.distance_m < 50
    services.decide_duplicate(pair, same=True, by=personas.olivia)
    kept, dropped = pair.first, pair.second
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert dropped.status == Asset.Status.ARCHIVED
    assert kept.phone or kept.opening_hours  # filled in from the other record
    with pytest.raises(services.AssetError):
        services.decide_duplicate(pair, same=False, by=personas.olivia)


def test_the_surest_duplicates_can_be_merged_in_bulk(england, tmp_path):
    import io

    first = tmp_path / "first.csv"
    first.write_text(
        template_csv("Chorley Library,,library,institution,,,53.605,-2.575,,,,,,,,,lib")
    )
    services.import_file(first)
    second = tmp_path / "second.csv"
    second.write_text(
        template_csv(
            "Chorley Library,,library,institution,,,53.6051,-2.5751,,,,,,,,,L1"
        )
    )
    services.import_file(second)
    out = io.StringIO()
    call_command("assets", "duplicates", stdout=out)
    assert out.getvalue().startswith("1 possible")
    call_command("assets", "duplicates", "--merge-above", "0.9", stdout=out)
    assert "Merged 1 pairs" in out.getvalue()
    assert Asset.objects.filter(status=Asset.Status.ARCHIVED).count() == 1
    with pytest.raises(CommandError, match="between"):
        call_command("assets", "duplicates", "--merge-above", "3")
