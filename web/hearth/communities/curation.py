"""Curating communities: each change is one transaction with a history event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Community, CommunityArea, CommunityEvent


class CurationError(ValueError):
    pass


def _event(
    community: Community, action: str, by: Any, note: str, **details: Any
) -> None:
    CommunityEvent.objects.create(
        community=community, action=action, by=by, note=note, details=details
    )


@transaction.atomic
def accept(
    proposal: dict[str, Any],
    *,
    lad_code: str,
    geography: str,
    by: Any,
    name: str = "",
    note: str = "",
    kind: str = Community.Kind.GEOGRAPHIC,
) -> Community:
    """Turn a proposal into a Community (optionally renamed)."""
    if not proposal.get("areas"):
        raise CurationError("A community needs at least one LSOA")
    community = Community.objects.create(
        name=name.strip() or str(proposal["name"]),
        lad_code=lad_code,
        geography=geography,
        kind=kind,
        reason=str(proposal.get("reason", "")),
    )
    CommunityArea.objects.bulk_create(
        [CommunityArea(community=community, area_code=c) for c in proposal["areas"]]
    )
    _event(
        community,
        "accepted",
        by,
        note,
        proposed_name=proposal["name"],
        areas=list(proposal["areas"]),
    )
    return community


@transaction.atomic
def rename(community: Community, *, name: str, by: Any, note: str) -> Community:
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
    current = set(community.area_codes())
    unknown = [c for c in remove if c not in current]
    if unknown:
        raise CurationError(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in {community.name}"
        )
    if (
        not (current | set(add)) - set(remove)
        and community.kind == Community.Kind.GEOGRAPHIC
    ):
        raise CurationError("A neighbourhood needs at least one LSOA")
    CommunityArea.objects.filter(community=community, area_code__in=remove).delete()
    CommunityArea.objects.bulk_create(
        [
            CommunityArea(community=community, area_code=c)
            for c in add
            if c not in current
        ]
    )
    _event(community, "areas changed", by, note, added=add, removed=remove)
    return community


@transaction.atomic
def merge(target: Community, other: Community, *, by: Any, note: str) -> Community:
    """Add ``other``'s LSOAs to ``target``; ``other`` is archived, not deleted,
    so its history (and anything attached to it) is kept."""
    if target.pk == other.pk:
        raise CurationError("Choose a different community to merge with")
    if other.archived or target.archived:
        raise CurationError("An archived community cannot be merged")
    codes = set(other.area_codes()) - set(target.area_codes())
    CommunityArea.objects.bulk_create(
        [CommunityArea(community=target, area_code=c) for c in sorted(codes)]
    )
    _event(target, "merged", by, note, merged=other.name, added=sorted(codes))
    other.archived = timezone.now()
    other.merged_into = target
    other.save(update_fields=["archived", "merged_into", "updated"])
    _event(other, "merged into", by, note, into=target.name)
    return target


@transaction.atomic
def split(
    community: Community, *, areas: list[str], name: str, by: Any, note: str
) -> Community:
    current = set(community.area_codes())
    if not areas or not set(areas) < current:
        raise CurationError(
            "Choose some, but not all, of the community's LSOAs to split off"
        )
    new = Community.objects.create(
        name=name.strip() or f"{community.name} (part)",
        lad_code=community.lad_code,
        geography=community.geography,
        kind=community.kind,
    )
    CommunityArea.objects.filter(community=community, area_code__in=areas).update(
        community=new
    )
    _event(community, "split", by, note, split_off=sorted(areas), into=new.name)
    _event(new, "split from", by, note, source=community.name, areas=sorted(areas))
    return new


@transaction.atomic
def describe(
    community: Community, *, description: str, by: Any, note: str
) -> Community:
    """Record background and local intelligence about the community."""
    description = description.strip()
    if description == community.description:
        return community
    community.description = description
    community.save(update_fields=["description", "updated"])
    _event(community, "described", by, note)
    return community
