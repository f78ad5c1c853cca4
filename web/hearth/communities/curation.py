"""Curating communities: each change is one transaction with a history event.

Every change is also in the audit log: area links are created and deleted
one by one (never with ``bulk_create`` or ``.update()``, which send no
signals), so the audit trail records each of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.areas.models import Area

from .models import Community, CommunityArea, CommunityEvent
from .signals import community_merged, community_split


class CurationError(ValueError):
    pass


def _event(
    community: Community, action: str, by: Any, note: str, **details: Any
) -> CommunityEvent:
    return CommunityEvent.objects.create(
        community=community, action=action, by=by, note=note, details=details
    )


def _areas(codes: Iterable[str], geography: str) -> list[Area]:
    """The loaded areas for these codes; raise CurationError naming unknown ones."""
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    found = {
        a.code: a
        for a in Area.objects.filter(geography=geography, code__in=wanted)
        .select_related("lad")
        .defer("geometry", "lad__geometry")
    }
    unknown = [c for c in wanted if c not in found]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise CurationError(
            f"{shown} {'is not an LSOA' if len(unknown) == 1 else 'are not LSOAs'} "
            "Hearth knows (check the codes, or load the boundaries first)"
        )
    return [found[c] for c in wanted]


def _labels(areas: Iterable[Area]) -> list[str]:
    return [f"{a.name} ({a.code})" if a.name != a.code else a.code for a in areas]


def _link(community: Community, areas: Iterable[Area]) -> None:
    for area in areas:
        CommunityArea.objects.create(community=community, area=area)


def _require_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise CurationError("Say why you are making this change")
    return note


def _check_authority(community: Community, areas: list[Area]) -> None:
    outside = [
        a for a in areas if a.lad is not None and a.lad.code != community.lad_code
    ]
    if outside:
        raise CurationError(
            f"{', '.join(_labels(outside[:3]))} "
            f"{'is' if len(outside) == 1 else 'are'} not in this community's authority"
        )


@transaction.atomic
def accept(
    proposal: dict[str, Any],
    *,
    lad_code: str,
    geography: str,
    by: Any,
    note: str,
    name: str = "",
    kind: str = Community.Kind.GEOGRAPHIC,
) -> Community:
    """Turn a proposal into a Community (optionally renamed).

    Raise CurationError without a reason, without LSOAs, or when an active
    community already has exactly these LSOAs (the proposal was accepted).
    """
    note = _require_note(note)
    areas = _areas(proposal.get("areas") or [], geography)
    if not areas:
        raise CurationError("A community needs at least one LSOA")
    codes = sorted(a.code for a in areas)
    for existing in Community.objects.active().filter(
        lad_code=lad_code, geography=geography
    ):
        if existing.area_codes() == codes:
            raise CurationError(
                f"These LSOAs are already the community {existing.name}"
            )
    community = Community.objects.create(
        name=name.strip() or str(proposal["name"]),
        lad_code=lad_code,
        geography=geography,
        kind=kind,
        reason=str(proposal.get("reason", "")),
    )
    _link(community, areas)
    _event(
        community,
        "accepted",
        by,
        note,
        proposed_name=proposal["name"],
        areas=_labels(areas),
    )
    return community


@transaction.atomic
def create(
    *,
    name: str,
    lad_code: str,
    areas: list[str],
    by: Any,
    note: str,
    geography: str = "lsoa21",
    kind: str = Community.Kind.GEOGRAPHIC,
) -> Community:
    """Create a community directly (from the command line or an import)."""
    if not name.strip():
        raise CurationError("Enter the community's name")
    return accept(
        {"name": name.strip(), "areas": areas, "reason": note},
        lad_code=lad_code,
        geography=geography,
        by=by,
        note=note,
        kind=kind,
    )


@transaction.atomic
def rename(community: Community, *, name: str, by: Any, note: str) -> Community:
    note = _require_note(note)
    if not name.strip():
        raise CurationError("Enter the community's name")
    old = community.name
    community.name = name.strip()
    community.save(update_fields=["name", "updated"])
    _event(community, "renamed", by, note, old=old, new=community.name)
    return community


@transaction.atomic
def change_areas(
    community: Community, *, add: list[str], remove: list[str], by: Any, note: str
) -> Community:
    note = _require_note(note)
    current = set(community.area_codes())
    removing = [c.strip().upper() for c in remove if c.strip()]
    unknown = [c for c in removing if c not in current]
    if unknown:
        raise CurationError(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in {community.name}"
        )
    adding = [a for a in _areas(add, community.geography) if a.code not in current]
    _check_authority(community, adding)
    if (
        not (current | {a.code for a in adding}) - set(removing)
        and community.kind == Community.Kind.GEOGRAPHIC
    ):
        raise CurationError("A neighbourhood needs at least one LSOA")
    removed = list(
        CommunityArea.objects.filter(community=community, area__code__in=removing)
        .select_related("area")
        .defer("area__geometry")
    )
    for link in removed:
        link.delete()
    _link(community, adding)
    _event(
        community,
        "areas changed",
        by,
        note,
        added=_labels(adding),
        removed=_labels(link.area for link in removed),
    )
    return community


@transaction.atomic
def merge(target: Community, other: Community, *, by: Any, note: str) -> Community:
    """Add ``other``'s LSOAs to ``target``; ``other`` is archived, not deleted,
    and what is attached to it moves to ``target`` (see models.py)."""
    note = _require_note(note)
    if target.pk == other.pk:
        raise CurationError("Choose a different community to merge with")
    if other.archived or target.archived:
        raise CurationError("An archived community cannot be merged")
    if other.lad_code != target.lad_code:
        raise CurationError(
            f"{other.name} belongs to another authority; only communities of the "
            "same authority can be merged"
        )
    current = set(target.area_codes())
    moving = [a for a in other.lsoas() if a.code not in current]
    _link(target, moving)
    _event(target, "merged", by, note, merged=other.name, added=_labels(moving))
    other.archived = timezone.now()
    other.merged_into = target
    other.save(update_fields=["archived", "merged_into", "updated"])
    _event(other, "merged into", by, note, into=target.name)
    community_merged.send(Community, source=other, target=target, by=by)
    return target


@transaction.atomic
def split(
    community: Community, *, areas: list[str], name: str, by: Any, note: str
) -> Community:
    note = _require_note(note)
    current = set(community.area_codes())
    chosen = {c.strip().upper() for c in areas if c.strip()}
    if not chosen or not chosen < current:
        raise CurationError(
            "Choose some, but not all, of the community's LSOAs to split off"
        )
    new = Community.objects.create(
        name=name.strip() or f"{community.name} (part)",
        lad_code=community.lad_code,
        geography=community.geography,
        kind=community.kind,
        reason=f"Split from {community.name}",
    )
    links = list(
        CommunityArea.objects.filter(community=community, area__code__in=chosen)
        .select_related("area")
        .defer("area__geometry")
    )
    moved = [link.area for link in links]
    for link in links:
        link.delete()
    _link(new, moved)
    _event(community, "split", by, note, split_off=_labels(moved), into=new.name)
    _event(new, "split from", by, note, source=community.name, areas=_labels(moved))
    community_split.send(
        Community, source=community, new=new, areas=sorted(chosen), by=by
    )
    return new


@transaction.atomic
def describe(
    community: Community, *, description: str, by: Any, note: str
) -> Community:
    """Record background and local intelligence about the community."""
    note = _require_note(note)
    description = description.strip()
    if description == community.description:
        return community
    community.description = description
    community.save(update_fields=["description", "updated"])
    _event(community, "described", by, note)
    return community
