"""A truncated file cannot empty the register, and listing again restores."""

from __future__ import annotations

import pytest

from hearth.areas.tests.factories import build_england
from hearth.assets import queries, services
from hearth.assets.models import Asset, AssetImport, DuplicatePair
from hearthcore.sources.errors import DataImportError

from .factories import make_asset, template_csv


def rows(n: int, start: int = 0) -> list[str]:
    return [
        f"Hall {i},,community-centre,physical,,,53.605,-2.575,,,,,,,,,hall-{i}"
        for i in range(start, start + n)
    ]


@pytest.fixture
def hundred(db, tmp_path):
    build_england()
    path = tmp_path / "halls.csv"
    path.write_text(template_csv(*rows(100)))
    services.import_file(path)
    return path


def test_a_truncated_file_is_refused_and_changes_nothing(hundred, tmp_path):
    cut = tmp_path / "halls.csv"
    cut.write_text(template_csv(*rows(30)))
    with pytest.raises(DataImportError, match=r"would archive 70 of the 100 records"):
        services.import_file(cut)
    assert Asset.objects.filter(status=Asset.Status.PUBLISHED).count() == 100
    assert AssetImport.objects.order_by("-id").first().outcome == "failed"


def test_force_archives_and_the_full_file_restores(hundred, tmp_path):
    cut = tmp_path / "halls.csv"
    cut.write_text(template_csv(*rows(30)))
    outcome = services.import_file(cut, force=True)
    assert outcome.archived == 70
    assert Asset.objects.filter(status=Asset.Status.ARCHIVED).count() == 70
    cut.write_text(template_csv(*rows(100)))
    again = services.import_file(cut)
    assert (again.restored, again.unchanged, again.archived) == (70, 30, 0)
    assert Asset.objects.filter(status=Asset.Status.PUBLISHED).count() == 100
    assert not Asset.objects.filter(archived_by_source=True).exists()


def test_a_few_dropped_records_are_archived_without_force(hundred, tmp_path):
    cut = tmp_path / "halls.csv"
    cut.write_text(template_csv(*rows(90)))
    assert services.import_file(cut).archived == 10


def test_a_record_archived_by_a_person_is_not_restored_by_an_import(hundred, tmp_path):
    hall = Asset.objects.get(source_id="hall-5")
    hall.status = Asset.Status.ARCHIVED
    services.save_asset(hall, by=None, note="Closed for good")
    services.import_file(hundred, force=True)
    hall.refresh_from_db()
    assert hall.status == Asset.Status.ARCHIVED


def test_a_place_listed_twice_is_shown_and_counted_once(db):
    from hearth.profiles.tests.factories import profile_england

    profile_england()  # with residents, for assets per 1,000
    school = make_asset(
        1,
        name="Buckshaw Primary School",
        category="school",
        source="gias-schools",
        source_id="1",
    )
    copy = make_asset(
        1,
        name="Chorley Buckshaw Primary School",
        category="school",
        source="lcc-property",
        source_id="2",
    )
    other = make_asset(1, name="Moor Hall", source="lcc-property", source_id="3")
    DuplicatePair.objects.create(
        first=school, second=copy, distance_m=6, name_similarity=1, score=1.0
    )
    # A weak pair (two schools on one site) keeps both.
    nursery = make_asset(
        1,
        name="Buckshaw Nursery",
        category="school",
        source="gias-schools",
        source_id="4",
    )
    DuplicatePair.objects.create(
        first=school, second=nursery, distance_m=40, name_similarity=0.8, score=0.9
    )
    queries.bump()
    records = queries.public_assets("E07000118")
    names = [r["name"] for r in records]
    assert names == ["Buckshaw Nursery", "Buckshaw Primary School", "Moor Hall"]
    shown = next(r for r in records if r["id"] == school.pk)
    assert [o["id"] for o in shown["also"]] == [copy.pk]
    services.refresh_dataset()
    from hearth.areas.models import Indicator
    from hearth.areas.queries import column

    counts = column(Indicator.objects.get(dataset__kind="assets", code="assets"))
    assert counts["E01000001"] == 3  # primary (once), nursery, hall
    assert other.pk in {r["id"] for r in records}
