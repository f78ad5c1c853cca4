"""The directory model: stable ids and the rules the dataclasses enforce."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from hearthcore.directory import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    is_uuid,
    stable_uuid,
)


def test_stable_uuid_is_fixed_forever_and_namespaced():
    # Ids published in an API must never change: pin the value.
    assert stable_uuid("hearth/service", "42") == "556ef325-e47f-5995-8a24-ed95f2ba288d"
    assert stable_uuid("hearth/service", "42") == stable_uuid("hearth/service", "42")
    assert stable_uuid("hearth/service", "42") != stable_uuid("hearth/service", "43")
    assert stable_uuid("hearth/service", "42") != stable_uuid("hearth/location", "42")
    # No ambiguity from separators inside the parts.
    assert stable_uuid("a/b", "c") != stable_uuid("a", "b/c")
    value = uuid.UUID(stable_uuid("x", "y"))
    assert value.version == 5 and is_uuid(str(value))


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("3121dd2f-3900-4c90-b529-4c265f026d6f", True),
        (
            "def5ccd4-f121-df4d-60d2-4dc0d69ff555",
            True,
        ),  # not RFC 4122, still 8-4-4-4-12
        ("3121DD2F-3900-4C90-B529-4C265F026D6F", True),
        ("3121dd2f39004c90b5294c265f026d6f", False),
        ("{3121dd2f-3900-4c90-b529-4c265f026d6f}", False),
        ("123", False),
        (123, False),
        (None, False),
    ],
)
def test_is_uuid(value, ok):
    assert is_uuid(value) is ok


def uid(key: str) -> str:
    return stable_uuid("tests/model", key)


def test_a_service_needs_a_uuid_a_name_and_a_known_status():
    with pytest.raises(ValueError, match="must be a UUID"):
        Service(id="123", name="x")
    with pytest.raises(ValueError, match="needs a name"):
        Service(id=uid("s"), name="  ")
    with pytest.raises(ValueError, match="unknown status 'open'"):
        Service(id=uid("s"), name="x", status="open")
    for status in ("active", "inactive", "defunct", "temporarily closed"):
        assert Service(id=uid("s"), name="x", status=status).status == status


def test_organization_id_follows_the_organization():
    org = Organization(id=uid("o"), name="Org")
    assert Service(id=uid("s"), name="x", organization=org).organization_id == org.id
    assert Service(id=uid("s"), name="x", organization_id=uid("p")).organization is None
    with pytest.raises(ValueError, match="not the organization's id"):
        Service(id=uid("s"), name="x", organization=org, organization_id=uid("p"))


def test_ages_and_times_are_checked():
    with pytest.raises(ValueError, match="minimum_age is above"):
        Service(id=uid("s"), name="x", minimum_age=18, maximum_age=5)
    with pytest.raises(ValueError, match="time zone"):
        Service(id=uid("s"), name="x", last_modified=dt.datetime(2025, 1, 1))


def test_schedule_rules():
    with pytest.raises(ValueError, match="WEEKLY or MONTHLY"):
        Schedule(id=uid("w"), freq="DAILY")
    with pytest.raises(ValueError, match="byday"):
        Schedule(id=uid("w"), byday="Monday")
    with pytest.raises(ValueError, match="bymonthday"):
        Schedule(id=uid("w"), bymonthday="first")
    with pytest.raises(ValueError, match="interval"):
        Schedule(id=uid("w"), interval=0)
    assert Schedule(id=uid("w"), byday="MO,-1FR,2TU").weekdays() == {"MO", "FR", "TU"}
    # 2025-01-07 is a Tuesday.
    assert Schedule(
        id=uid("w"), freq="WEEKLY", dtstart=dt.date(2025, 1, 7)
    ).weekdays() == {"TU"}
    assert (
        Schedule(id=uid("w"), freq="MONTHLY", bymonthday="1,15").weekdays()
        == frozenset()
    )


def test_a_schedule_for_a_location_must_be_for_one_of_the_service_s():
    sal = ServiceAtLocation(id=uid("sal"), location=Location(id=uid("l")))
    ok = Schedule(id=uid("w"), service_at_location_id=sal.id)
    Service(id=uid("s"), name="x", service_at_locations=(sal,), schedules=(ok,))
    with pytest.raises(ValueError, match="does not have"):
        Service(id=uid("s"), name="x", schedules=(ok,))


def test_locations_need_both_coordinates_in_range():
    with pytest.raises(ValueError, match="both"):
        Location(id=uid("l"), latitude=53.5)
    with pytest.raises(ValueError, match="latitude"):
        Location(id=uid("l"), latitude=95, longitude=0)
    with pytest.raises(ValueError, match="location_type"):
        Location(id=uid("l"), location_type="home")


def test_terms_and_models_are_frozen_and_comparable():
    term = TaxonomyTerm(id=uid("t"), name="Carers")
    with pytest.raises(AttributeError):
        term.name = "x"  # type: ignore[misc]
    assert term == TaxonomyTerm(id=uid("t"), name="Carers")
    assert hash(term) == hash(TaxonomyTerm(id=uid("t"), name="Carers"))
    with pytest.raises(ValueError, match="parent_id"):
        TaxonomyTerm(id=uid("t"), name="Carers", parent_id="top")
