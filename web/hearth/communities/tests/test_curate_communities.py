"""Curating communities: history, audit, the rules on areas, merge and split."""

from __future__ import annotations

import pytest

from hearth.areas.tests.factories import CHORLEY, build_england
from hearth.communities import curation
from hearth.communities.models import Community, CommunityEvent
from hearth.communities.signals import community_merged, community_split


@pytest.fixture
def codes(db):
    return build_england()["lsoas"]


def _accept(codes, by, name="Clayton Brook", note="Agreed at the partnership board"):
    return curation.accept(
        {"name": name, "areas": codes, "reason": "contiguous LSOAs"},
        lad_code=CHORLEY,
        geography="lsoa21",
        by=by,
        note=note,
    )


def test_accepting_renaming_and_changing_areas_keeps_a_history(codes, personas):
    community = _accept(codes[1:3], personas.olivia)
    assert community.area_codes() == codes[1:3]
    curation.rename(
        community,
        name="Clayton Brook and Green",
        by=personas.olivia,
        note="What residents call it",
    )
    curation.change_areas(
        community,
        add=[codes[3]],
        remove=[codes[1]],
        by=personas.olivia,
        note="Local intelligence",
    )
    assert community.area_codes() == codes[2:4]
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
    changed = CommunityEvent.objects.get(action="areas changed").details
    assert changed == {
        "added": ["Chorley 003A (E01000003)"],
        "removed": ["Chorley 001A (E01000001)"],
    }


def test_communities_hold_only_loaded_areas(codes, personas):
    with pytest.raises(curation.CurationError, match="E01999999 is not an LSOA"):
        _accept([codes[0], "E01999999"], personas.olivia)
    community = _accept(codes[:2], personas.olivia)
    with pytest.raises(curation.CurationError, match="not LSOAs Hearth knows"):
        curation.change_areas(
            community, add=["nonsense", "E01999998"], remove=[], by=None, note="x"
        )
    # A Preston LSOA does not join a Chorley community.
    with pytest.raises(
        curation.CurationError, match="not in this community's authority"
    ):
        curation.change_areas(community, add=[codes[6]], remove=[], by=None, note="x")


def test_every_change_needs_a_reason(codes, personas):
    with pytest.raises(curation.CurationError, match="Say why"):
        _accept(codes[:2], personas.olivia, note="  ")
    community = _accept(codes[:2], personas.olivia)
    with pytest.raises(curation.CurationError, match="Say why"):
        curation.rename(community, name="New", by=None, note="")
    with pytest.raises(curation.CurationError, match="Say why"):
        curation.split(community, areas=[codes[0]], name="x", by=None, note="")


def test_the_same_lsoas_cannot_be_accepted_twice(codes, personas):
    _accept(codes[:2], personas.olivia)
    with pytest.raises(curation.CurationError, match="already the community"):
        _accept(list(reversed(codes[:2])), personas.olivia, name="Again")
    assert Community.objects.count() == 1


def test_merge_and_split(codes, personas):
    first = _accept(codes[1:4], personas.olivia)
    second = _accept([codes[0]], personas.olivia, name="Astley")
    merged, split = [], []

    def on_merge(sender, source, target, by, **kwargs):
        merged.append((source.pk, target.pk))

    def on_split(sender, source, new, areas, by, **kwargs):
        split.append((source.pk, new.pk, areas))

    community_merged.connect(on_merge)
    community_split.connect(on_split)
    try:
        curation.merge(first, second, by=personas.olivia, note="One estate")
        second.refresh_from_db()
        assert len(first.area_codes()) == 4
        # The merged community is archived, not deleted: its history is kept,
        # and attached apps are told to move their records.
        assert second.archived is not None and second.merged_into == first
        assert second.events.filter(action="merged into").exists()
        assert merged == [(second.pk, first.pk)]
        assert list(Community.objects.active()) == [first]
        with pytest.raises(curation.CurationError, match="archived"):
            curation.merge(first, second, by=personas.olivia, note="again")
        part = curation.split(
            first,
            areas=[codes[0]],
            name="Astley Village",
            by=personas.olivia,
            note="Different needs",
        )
        assert part.area_codes() == [codes[0]] and len(first.area_codes()) == 3
        assert split == [(first.pk, part.pk, [codes[0]])]
    finally:
        community_merged.disconnect(on_merge)
        community_split.disconnect(on_split)
    with pytest.raises(curation.CurationError, match="some, but not all"):
        curation.split(part, areas=[codes[0]], name="x", by=personas.olivia, note="x")
    with pytest.raises(curation.CurationError, match="is not in Astley Village"):
        curation.change_areas(
            part, add=[], remove=[codes[5]], by=personas.olivia, note="x"
        )
