"""Which asset records are one place (see :mod:`hearthcore.assets.places`)."""

from __future__ import annotations

from collections.abc import Iterable

from hearthcore.assets import SAME_PLACE_SCORE, group_places

from .models import DuplicatePair


def same_place_pairs(ids: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """Pairs treated as one place: likely duplicates nobody has ruled out.

    Confirmed duplicates need no pair (the second record is archived);
    pairs a person said are different places are left apart.
    """
    pairs = DuplicatePair.objects.filter(
        decision=DuplicatePair.Decision.OPEN, score__gte=SAME_PLACE_SCORE
    )
    if ids is not None:
        wanted = list(ids)
        pairs = pairs.filter(first_id__in=wanted, second_id__in=wanted)
    return list(pairs.values_list("first_id", "second_id"))


def places_of(sources: dict[int, str]) -> dict[int, int]:
    """Each record's representative record (the place it is shown as)."""
    return group_places(sources, same_place_pairs(sources))
