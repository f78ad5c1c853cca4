"""Whose voices were heard, against the real Census 2021 for real communities."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.communities import curation
from hearth.communities.services import propose_for
from hearth.engagement import queries, services

pytestmark = pytest.mark.realdata


def test_reach_works_for_every_proposed_community_on_the_real_census(
    db, real_data, personas
):
    proposals = propose_for("E07000118")["communities"]
    assert proposals
    for proposal in proposals:
        community = curation.accept(
            proposal, lad_code="E07000118", geography="lsoa21", by=None, note="Test"
        )
        census = queries.census_for(community.area_codes())
        # Each age band, ethnic group and disability pair adds up to the
        # same residents (the Census tables are of usual residents).
        age = sum(census[g] for g in queries.core_reach.AGE_GROUPS)
        ethnicity = sum(census[g] for g in queries.core_reach.ETHNIC_GROUPS)
        disability = census["disabled"] + census["not_disabled"]
        assert age > 1000, proposal["name"]
        assert (
            abs(age - ethnicity) <= 0.01 * age and abs(age - disability) <= 0.01 * age
        )
    moor = next(c for c in curation.Community.objects.all() if c.name == "Chorley Moor")
    # A test record (not real engagement): 50 people, all aged 65 and over.
    services.record_activity(
        moor,
        services.ActivityFields(
            date=date(2025, 3, 1),
            kind="event",
            organisation=personas.council,
            people=50,
            age={"aged_65_and_over": 50},
        ),
        by=None,
    )
    result = queries.reach(moor)
    older = result.reach.group("aged_65_and_over")
    assert older.engaged_share == 1.0
    assert 0.05 < older.census_share < 0.4
    assert result.reach.group("aged_16_to_24").under_represented
