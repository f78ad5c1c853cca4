from __future__ import annotations

import pytest

from hearth.communities import curation
from hearth.communities.models import CommunityEvent

PROPOSAL = {
    "name": "Clayton Brook",
    "areas": ["E01024951", "E01024952", "E01024953"],
    "reason": "3 contiguous LSOAs",
}


def test_accepting_renaming_and_changing_areas_keeps_a_history(db, personas):
    community = curation.accept(
        PROPOSAL,
        lad_code="E07000118",
        geography="lsoa21",
        by=personas.olivia,
        note="Agreed at the partnership board",
    )
    assert community.area_codes() == PROPOSAL["areas"]
    curation.rename(
        community,
        name="Clayton Brook and Green",
        by=personas.olivia,
        note="What residents call it",
    )
    curation.change_areas(
        community,
        add=["E01024954"],
        remove=["E01024951"],
        by=personas.olivia,
        note="Local intelligence",
    )
    assert community.area_codes() == ["E01024952", "E01024953", "E01024954"]
    actions = list(
        CommunityEvent.objects.filter(community=community)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["accepted", "renamed", "areas changed"]
    assert CommunityEvent.objects.get(action="renamed").details == {
        "old": "Clayton Brook",
        "new": "Clayton Brook and Green",
    }


def test_merge_and_split(db, personas):
    first = curation.accept(
        PROPOSAL, lad_code="E07000118", geography="lsoa21", by=personas.olivia
    )
    second = curation.accept(
        {"name": "Astley", "areas": ["E01034343"]},
        lad_code="E07000118",
        geography="lsoa21",
        by=personas.olivia,
    )
    curation.merge(first, second, by=personas.olivia, note="One estate")
    second.refresh_from_db()
    assert len(first.area_codes()) == 4
    # The merged community is archived, not deleted: its history is kept.
    assert second.archived is not None and second.merged_into == first
    assert second.events.filter(action="merged into").exists()
    with pytest.raises(curation.CurationError, match="archived"):
        curation.merge(first, second, by=personas.olivia, note="again")
    part = curation.split(
        first,
        areas=["E01034343"],
        name="Astley Village",
        by=personas.olivia,
        note="Different needs",
    )
    assert part.area_codes() == ["E01034343"] and len(first.area_codes()) == 3
    with pytest.raises(curation.CurationError, match="some, but not all"):
        curation.split(part, areas=["E01034343"], name="x", by=personas.olivia, note="")
    with pytest.raises(curation.CurationError, match="is not in Astley Village"):
        curation.change_areas(
            part, add=[], remove=["E01000000"], by=personas.olivia, note=""
        )


def test_a_community_profile_compares_with_the_authority_and_england(
    db, personas, client
):
    from django.urls import reverse

    from hearth.areas.tests.factories import CHORLEY, build_england

    build_england()
    community = curation.accept(
        {"name": "East", "areas": ["E01000002", "E01000003"]},
        lad_code=CHORLEY,
        geography="lsoa21",
        by=personas.olivia,
    )
    client.force_login(personas.olivia)
    body = client.get(
        reverse("communities:profile", args=[community.pk])
    ).content.decode()
    assert "East" in body and "Authority" in body and "England" in body
    response = client.get(
        reverse("communities:profile", args=[community.pk]), {"format": "csv"}
    )
    assert response.content.decode("utf-8").startswith("\ufeffsection,measure,unit")
