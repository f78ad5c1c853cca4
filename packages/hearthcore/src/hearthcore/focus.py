"""Propose focus communities: contiguous clusters of high-need small areas.

A community resilience framework names a handful of neighbourhoods for
focus, plus "pockets" of need inside otherwise less deprived wards, places
with the same problems at lower volume, and thematic groups. This module
proposes them from the evidence; officers then curate them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Which kinds of gazetteer place name a neighbourhood best, in order.
PLACE_PREFERENCE = (
    "Suburban Area",
    "Village",
    "Hamlet",
    "Town",
    "Other Settlement",
    "City",
)


@dataclass(frozen=True)
class Proposal:
    """One proposed focus community."""

    name: str
    kind: str  # "neighbourhood", "pocket" or "lower volume"
    areas: tuple[str, ...]
    wards: tuple[str, ...]
    population: float
    affected: float
    rate: float
    in_most_deprived_10: int
    in_most_deprived_20: int
    reason: str
    priority: int = 0
    extra: dict[str, object] = field(default_factory=dict)


def clusters(high: set[str], neighbours: Mapping[str, set[str]]) -> list[list[str]]:
    """Group high-need areas into contiguous clusters (connected components).

    Parameters
    ----------
    high : set of str
        Area codes of high need.
    neighbours : mapping of str to set of str
        Adjacency from shared boundaries.

    Returns
    -------
    list of list of str
        Clusters, each sorted, largest first.

    Examples
    --------
    >>> clusters({"a", "b", "d"}, {"a": {"b"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"c"}})
    [['a', 'b'], ['d']]
    """
    seen: set[str] = set()
    groups = []
    for start in sorted(high):
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            code = stack.pop()
            group.append(code)
            for other in neighbours.get(code, set()):
                if other in high and other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append(sorted(group))
    return sorted(groups, key=lambda g: (-len(g), g))


def name_for(areas: list[str], places: pd.DataFrame, wards: list[str]) -> str:
    """Name a cluster the way residents would: a place inside it, else its ward.

    Parameters
    ----------
    areas : list of str
        The cluster's area codes.
    places : DataFrame
        Gazetteer with columns ``name``, ``kind`` and ``area_code`` (the
        area each place lies in).
    wards : list of str
        Ward names of the cluster's areas (most common first).

    Returns
    -------
    str
        For example "Clayton Brook" or "Chorley East ward".

    Examples
    --------
    >>> places = pd.DataFrame({"name": ["Coppull", "Chorley"], "kind": ["Village", "Town"],
    ...                        "area_code": ["A", "B"]})
    >>> name_for(["A"], places, ["Coppull"]), name_for(["C"], places, ["Chorley East"])
    ('Coppull', 'Chorley East ward')
    """
    inside = places[places["area_code"].isin(areas)]
    if not inside.empty:
        rank = (
            inside["kind"]
            .map({k: i for i, k in enumerate(PLACE_PREFERENCE)})
            .fillna(len(PLACE_PREFERENCE))
        )
        best = inside.assign(_rank=rank).sort_values(["_rank", "name"])
        names = [str(n) for n in dict.fromkeys(best["name"])]
        # Neighbourhood names, not the town a neighbourhood is part of.
        local = list(
            dict.fromkeys(best.loc[~best["kind"].isin(["Town", "City"]), "name"])
        )
        if len(local) >= 2 and len(areas) > 2:
            return f"{local[0]} and {local[1]}"
        return local[0] if local else names[0]
    return f"{wards[0]} ward" if wards else areas[0]


def propose(
    areas: pd.DataFrame,
    neighbours: Mapping[str, set[str]],
    places: pd.DataFrame,
    *,
    high_decile: int = 2,
    lower_volume_people: float = 300.0,
) -> list[Proposal]:
    """Propose focus communities for one authority.

    Parameters
    ----------
    areas : DataFrame
        One row per small area (index = area code) with ``decile`` (national,
        1 = most need), ``ward_code``, ``ward_name``, ``population`` and
        ``affected`` (people affected, e.g. income-deprived people).
    neighbours : mapping
        Adjacency from shared boundaries.
    places : DataFrame
        Gazetteer places in the authority (``name``, ``kind``, ``area_code``).
    high_decile : int
        Areas in national deciles up to this are "high need" (2 = the most
        deprived 20% of England).
    lower_volume_people : float
        Clusters with fewer people affected are listed as lower volume.

    Returns
    -------
    list of Proposal
        Neighbourhoods in priority order (most people affected first), then
        pockets, then lower-volume places, each with the reason proposed.
    """
    high = set(areas.index[areas["decile"] <= high_decile])
    ward_decile = areas.groupby("ward_code")["decile"].mean()
    out: list[Proposal] = []
    for group in clusters(high, neighbours):
        rows = areas.loc[group]
        wards = list(rows["ward_name"].value_counts().index)
        population = float(rows["population"].sum())
        affected = float(rows["affected"].sum())
        in10 = int((rows["decile"] <= 1).sum())
        in20 = int((rows["decile"] <= 2).sum())
        ward_codes = set(rows["ward_code"])
        # A pocket: a lone high-need area in a ward that is otherwise much
        # less deprived (its average decile is in the less deprived half).
        others = areas[areas["ward_code"].isin(ward_codes) & ~areas.index.isin(group)]
        pocket = (
            len(group) == 1 and not others.empty and float(others["decile"].mean()) >= 5
        )
        if pocket:
            kind = "pocket"
        elif affected < lower_volume_people:
            kind = "lower volume"
        else:
            kind = "neighbourhood"
        rate = affected / population if population else float("nan")
        reason = (
            f"{len(group)} contiguous LSOA{'s' if len(group) > 1 else ''} in England's most deprived "
            f"{high_decile * 10}% ({in10} in the most deprived 10%); {affected:,.0f} people affected "
            f"({rate:.0%} of {population:,.0f})"
        )
        if pocket:
            reason += f"; the rest of {wards[0]} ward averages decile {others['decile'].mean():.1f}"
        out.append(
            Proposal(
                name=name_for(group, places, wards),
                kind=kind,
                areas=tuple(group),
                wards=tuple(wards),
                population=population,
                affected=affected,
                rate=rate,
                in_most_deprived_10=in10,
                in_most_deprived_20=in20,
                reason=reason,
                extra={
                    "ward_average_decile": float(ward_decile[list(ward_codes)].mean())
                },
            )
        )
    order = {"neighbourhood": 0, "pocket": 1, "lower volume": 2}
    out.sort(key=lambda p: (order[p.kind], -p.affected, p.name))
    return [Proposal(**{**p.__dict__, "priority": i + 1}) for i, p in enumerate(out)]


def thematic(
    areas: pd.DataFrame, measures: Mapping[str, str], *, top: int = 5
) -> dict[str, list[str]]:
    """List the areas of most need on each theme (children, older people, …).

    Parameters
    ----------
    areas : DataFrame
        One row per area with the measure columns (higher = more need).
    measures : mapping of str to str
        Theme name to column.
    top : int
        How many areas to list per theme.

    Returns
    -------
    dict of str to list of str
        Theme to area codes, most need first.

    Examples
    --------
    >>> thematic(pd.DataFrame({"kids": [1, 5, 3]}, index=list("abc")), {"children": "kids"}, top=2)
    {'children': ['b', 'c']}
    """
    result = {}
    for theme, column in measures.items():
        if column in areas.columns:
            values = pd.to_numeric(areas[column], errors="coerce")
            result[theme] = list(
                values.dropna().sort_values(ascending=False, kind="stable").index[:top]
            )
    return result


def to_records(proposals: list[Proposal]) -> list[dict[str, object]]:
    """Return plain dictionaries for JSON output.

    Parameters
    ----------
    proposals : list of Proposal
        From ``propose``.

    Returns
    -------
    list of dict
        One per proposal, JSON-serialisable.
    """
    records = []
    for p in proposals:
        record = {k: v for k, v in p.__dict__.items() if k != "extra"}
        record["areas"] = list(p.areas)
        record["wards"] = list(p.wards)
        record["rate"] = None if np.isnan(p.rate) else round(p.rate, 4)
        record.update(p.extra)
        records.append(record)
    return records
