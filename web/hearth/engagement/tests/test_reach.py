"""Whose voices were heard: the arithmetic against the Census, the command."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from hearth.engagement import queries, services
from hearth.plans.tests import factories as plan_factories

from .factories import load_census


@pytest.fixture
def community(db, personas):
    community = plan_factories.community("Clayton Brook", ["E01000000", "E01000001"])
    load_census(["E01000000", "E01000001"])
    return community


def _activity(community, by, day=date(2025, 3, 1), people=10, **counts):
    from hearth.plans.tests.factories import OrganisationFactory

    age = {k: v for k, v in counts.items() if k.startswith("aged")}
    ethnicity = {
        k: v
        for k, v in counts.items()
        if k in ("asian", "black", "mixed", "white", "other_ethnic_group")
    }
    return services.record_activity(
        community,
        services.ActivityFields(
            date=day,
            kind="doorstep",
            organisation=OrganisationFactory(name="Chorley Council"),
            people=people,
            age=age,
            ethnicity=ethnicity,
            disabled=counts.get("disabled"),
        ),
        by=by,
    )


def test_census_profile_is_the_sum_of_the_communitys_lsoas(community):
    census = queries.census_for(community.area_codes())
    assert census["aged_65_and_over"] == 400 and census["aged_16_to_24"] == 200
    assert census["white"] == 1260 and census["disabled"] == 280


def test_reach_compares_engaged_shares_with_census_shares(community, personas):
    # 40 people; 20 of them aged 65+ (50% vs 2/7 = 28.6% of residents); no
    # one aged 16-24 (0% vs 14.3%: under-represented).
    _activity(
        community,
        personas.olivia,
        people=40,
        aged_65_and_over=20,
        aged_50_to_64=10,
        aged_35_to_49=10,
        white=36,
        asian=4,
        disabled=2,
    )
    # 25 more with no breakdown: in the total, not in the shares.
    _activity(community, personas.olivia, people=25)
    result = queries.reach(community)
    data = result.to_json()
    assert data["community"] == community.pk
    assert data["people_reached"] == 65
    assert data["with_age_breakdown"] == 40
    assert data["records_without_age_breakdown"] == 1
    age = {row["group"]: row for row in data["age"]}
    assert age["aged_65_and_over"]["engaged_share"] == pytest.approx(0.5)
    assert age["aged_65_and_over"]["census_share"] == pytest.approx(200 / 700)
    assert age["aged_65_and_over"]["ratio"] == pytest.approx(0.5 / (200 / 700))
    assert age["aged_65_and_over"]["under_represented"] is False
    assert age["aged_16_to_24"]["under_represented"] is True
    ethnicity = {row["group"]: row for row in data["ethnicity"]}
    assert ethnicity["asian"]["engaged_share"] == pytest.approx(0.1)
    assert ethnicity["asian"]["ratio"] == pytest.approx(0.1 / 0.05)
    assert ethnicity["black"]["under_represented"] is True
    assert set(data["age"][0]) == {
        "group",
        "engaged",
        "engaged_share",
        "census_share",
        "ratio",
        "under_represented",
    }


def test_the_period_limits_the_records(community, personas):
    _activity(
        community,
        personas.olivia,
        day=date(2024, 1, 5),
        people=10,
        aged_15_and_under=10,
    )
    _activity(
        community, personas.olivia, day=date(2025, 1, 5), people=30, aged_65_and_over=30
    )
    result = queries.reach(community, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert result.reach.people_reached == 30
    assert result.reach.group("aged_15_and_under").engaged == 0


def test_the_reach_command_prints_the_documented_json(community, personas):
    _activity(community, personas.olivia, people=12, aged_25_to_34=12, white=12)
    out = io.StringIO()
    call_command(
        "engagement",
        "reach",
        str(community.pk),
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert set(data) >= {
        "community",
        "people_reached",
        "with_age_breakdown",
        "age",
        "ethnicity",
    }
    assert data["people_reached"] == 12
    assert [row["group"] for row in data["age"]] == [
        "aged_15_and_under",
        "aged_16_to_24",
        "aged_25_to_34",
        "aged_35_to_49",
        "aged_50_to_64",
        "aged_65_and_over",
    ]
    assert [row["group"] for row in data["ethnicity"]] == [
        "asian",
        "black",
        "mixed",
        "white",
        "other_ethnic_group",
    ]
    out = io.StringIO()
    call_command("engagement", "reach", str(community.pk), stdout=out)
    assert (
        "aged_15_and_under" in out.getvalue() and "under-represented" in out.getvalue()
    )
    with pytest.raises(CommandError, match="There is no community 999"):
        call_command("engagement", "reach", "999")
    with pytest.raises(CommandError, match="before"):
        call_command(
            "engagement",
            "reach",
            str(community.pk),
            "--from",
            "2025-02-01",
            "--to",
            "2025-01-01",
        )


def test_no_census_gives_a_clear_error(db, personas):
    community = plan_factories.community("Astley", ["E01000003"])
    with pytest.raises(queries.ReachError, match="Census 2021 age table is not loaded"):
        queries.reach(community)


def test_a_breakdown_cannot_exceed_the_people_reached(community, personas):
    with pytest.raises(
        services.EngagementError, match="add up to 12, more than the 10"
    ):
        _activity(
            community, personas.olivia, people=10, aged_15_and_under=6, aged_16_to_24=6
        )
    with pytest.raises(services.EngagementError, match="disabled people is more than"):
        _activity(community, personas.olivia, people=3, disabled=4)
