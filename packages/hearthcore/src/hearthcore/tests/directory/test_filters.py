"""The search semantics the API and the public directory share."""

from __future__ import annotations

import datetime as dt

import pytest

from hearthcore.directory import (
    Attribute,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    distance_m,
    matches,
    nearby,
    service_distance_m,
    stable_uuid,
)


def uid(key: str) -> str:
    return stable_uuid("tests/filters", key)


TERM = TaxonomyTerm(id=uid("term"), name="Food banks", taxonomy_id=uid("taxonomy"))
OTHER = TaxonomyTerm(id=uid("other"), name="Carers", taxonomy_id=uid("taxonomy2"))
BANK = Service(
    id=uid("bank"),
    name="Scunthorpe Food Bank",
    description="Emergency food parcels.\n\nReferral needed.",
    organization=Organization(id=uid("org"), name="Trussell Trust"),
    minimum_age=18,
    last_modified=dt.datetime(2025, 1, 31, 12, 0, tzinfo=dt.UTC),
    attributes=(Attribute(id=uid("a"), taxonomy_term=TERM),),
    schedules=(
        Schedule(
            id=uid("tue"),
            freq="WEEKLY",
            byday="TU",
            opens_at=dt.time(10),
            closes_at=dt.time(12),
        ),
        Schedule(
            id=uid("fri"),
            freq="MONTHLY",
            byday="-1FR",
            opens_at=dt.time(17),
            closes_at=dt.time(19),
        ),
    ),
)
YOUTH = Service(id=uid("youth"), name="Youth club", minimum_age=11, maximum_age=16)
ANY = Service(id=uid("any"), name="Advice line")


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("food", True),
        ("FOOD bank", True),
        ("parcels referral", True),  # description
        ("trussell", True),  # organisation name
        ("food banks", False),  # every word must occur: 'banks' does not
        ("scunth", True),  # part of a word
        ("food  ,  ", True),  # punctuation is not a word
        ("   ", True),  # no words: no filter
        ("pantry", False),
    ],
)
def test_search(search, found):
    assert matches(BANK, search=search) is found


def test_taxonomy_organization_filters():
    assert matches(BANK, taxonomy_term_id=TERM.id)
    assert not matches(BANK, taxonomy_term_id=OTHER.id)
    assert matches(BANK, taxonomy_term_id=[OTHER.id, TERM.id])
    assert not matches(ANY, taxonomy_term_id=TERM.id)
    assert matches(BANK, taxonomy_id=uid("taxonomy"))
    assert not matches(BANK, taxonomy_id=uid("taxonomy2"))
    assert matches(BANK, organization_id=uid("org"))
    assert not matches(ANY, organization_id=uid("org"))


@pytest.mark.parametrize(
    ("kwargs", "found"),
    [
        ({"day": "TU"}, True),
        ({"day": "fr"}, True),  # -1FR: a Friday
        ({"day": "MO"}, False),
        ({"start_time": "10:00"}, True),  # opens at or after
        ({"start_time": "17:30"}, False),
        ({"end_time": "12:00"}, True),  # closes at or before
        ({"end_time": "11:59"}, False),
        ({"day": "TU", "start_time": "09:00", "end_time": "13:00"}, True),
        # The conditions hold for one schedule: Tuesday closes at 12, Friday opens at 17.
        ({"day": "TU", "start_time": "17:00"}, False),
        ({"day": "FR", "start_time": dt.time(17), "end_time": dt.time(19)}, True),
    ],
)
def test_day_and_times(kwargs, found):
    assert matches(BANK, **kwargs) is found


def test_no_schedule_matches_no_day_or_time():
    assert not matches(ANY, day="MO")
    assert not matches(ANY, start_time="00:00")
    assert matches(ANY)
    no_times = Service(
        id=uid("nt"), name="x", schedules=(Schedule(id=uid("s"), byday="MO"),)
    )
    assert matches(no_times, day="MO") and not matches(
        no_times, day="MO", start_time="09:00"
    )


@pytest.mark.parametrize(
    ("low", "high", "bank", "youth", "any_age"),
    [
        (None, None, True, True, True),
        (12, 12, False, True, True),
        (10, 10, False, False, True),
        (16, 18, True, True, True),  # overlaps both ranges at an end
        (17, 17, False, False, True),
        (70, None, True, False, True),
        (None, 10, False, False, True),
        (None, 11, False, True, True),
    ],
)
def test_age_ranges_overlap(low, high, bank, youth, any_age):
    assert matches(BANK, minimum_age=low, maximum_age=high) is bank
    assert matches(YOUTH, minimum_age=low, maximum_age=high) is youth
    assert matches(ANY, minimum_age=low, maximum_age=high) is any_age


def test_modified_after_is_strict():
    assert matches(BANK, modified_after="2025-01-31T11:59:59Z")
    assert not matches(BANK, modified_after="2025-01-31T12:00:00Z")
    assert not matches(BANK, modified_after=dt.datetime(2025, 1, 31, 12, tzinfo=dt.UTC))
    assert matches(BANK, modified_after="2025-01-31T12:59:00+01:00")
    assert matches(BANK, modified_after="2025-01-31T11:00:00")  # naive: UTC
    assert not matches(ANY, modified_after="2000-01-01T00:00:00Z")


def test_bad_values_are_errors():
    with pytest.raises(ValueError, match="day must be one of"):
        matches(BANK, day="Monday")
    with pytest.raises(ValueError, match="start_time"):
        matches(BANK, start_time="9am")
    with pytest.raises(ValueError, match="not a time of day"):
        matches(BANK, end_time="25:00")
    with pytest.raises(ValueError, match="modified_after"):
        matches(BANK, modified_after="last week")
    with pytest.raises(ValueError, match="minimum_age is above"):
        matches(BANK, minimum_age=10, maximum_age=5)


def test_all_filters_must_hold():
    assert matches(
        BANK, search="food", day="TU", minimum_age=30, taxonomy_term_id=TERM.id
    )
    assert not matches(
        BANK, search="food", day="TU", minimum_age=30, taxonomy_term_id=OTHER.id
    )


def located(key: str, *points: tuple[float, float]) -> Service:
    sals = tuple(
        ServiceAtLocation(
            id=uid(f"{key}/sal/{i}"),
            location=Location(id=uid(f"{key}/loc/{i}"), latitude=lat, longitude=lon),
        )
        for i, (lat, lon) in enumerate(points)
    )
    return Service(id=uid(key), name=key, service_at_locations=sals)


def test_distance():
    assert distance_m(53.5890, -0.6544, 53.5890, -0.6544) == 0
    # One degree of latitude is about 111.2 km on the mean sphere.
    assert distance_m(53.0, -0.65, 54.0, -0.65) == pytest.approx(111_195, rel=1e-4)
    # Bristol to Scunthorpe: 271.343 km on the WGS84 ellipsoid (pyproj Geod.inv).
    assert distance_m(51.4545, -2.5879, 53.5890, -0.6544) == pytest.approx(
        271_343, rel=0.005
    )


def test_nearby_sorts_and_filters_by_proximity():
    near = located(
        "near", (53.5900, -0.6544), (52.0, -1.0)
    )  # nearest of its places counts
    far = located("far", (53.6500, -0.6544))
    nowhere = located("nowhere")
    assert service_distance_m(nowhere, 53.589, -0.6544) is None
    assert service_distance_m(near, 53.589, -0.6544) == pytest.approx(111.2, rel=1e-3)
    found = nearby([far, nowhere, near], latitude=53.589, longitude=-0.6544)
    assert [s.name for _, s in found] == ["near", "far"]
    assert [
        s.name
        for _, s in nearby(
            [far, near], latitude=53.589, longitude=-0.6544, within_m=1000
        )
    ] == ["near"]
    exact = found[0][0]
    assert [
        s.name
        for _, s in nearby([near], latitude=53.589, longitude=-0.6544, within_m=exact)
    ] == ["near"]
