"""Propose focus communities: contiguous clusters of high-need small areas.

A community resilience framework names a handful of neighbourhoods for
focus, plus "pockets" of need inside otherwise less deprived wards, places
with the same problems at lower volume, and thematic groups. This module
proposes them from the evidence; officers then curate them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
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


def split_at_wards(
    group: list[str],
    areas: pd.DataFrame,
    neighbours: Mapping[str, set[str]],
    *,
    max_areas: int = 3,
    max_population: float = 6000.0,
) -> list[list[str]]:
    """Split a large cluster that spans several wards into its wards' parts.

    A council works with neighbourhoods residents recognise, and a cluster
    of LSOAs that happens to run across four wards is four places. Ward
    boundaries are the lines in the data (roads and rivers are not); a part
    that is itself in two pieces within its ward stays two parts.

    Parameters
    ----------
    group : list of str
        A contiguous cluster of area codes.
    areas : DataFrame
        With ``ward_code`` and ``population`` per area.
    neighbours : mapping
        Adjacency from shared boundaries.
    max_areas, max_population : int, float
        Clusters no larger than both are kept whole, even across wards.

    Returns
    -------
    list of list of str
        The parts, each sorted, largest first (the group itself if kept whole).

    Examples
    --------
    >>> frame = pd.DataFrame({"ward_code": ["E", "E", "W", "W"],
    ...                       "population": [2000.0] * 4}, index=list("abcd"))
    >>> adjacency = {"a": {"b"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"c"}}
    >>> split_at_wards(list("abcd"), frame, adjacency)
    [['a', 'b'], ['c', 'd']]
    >>> split_at_wards(list("ab"), frame, adjacency)
    [['a', 'b']]
    """
    rows = areas.loc[group]
    if rows["ward_code"].nunique() < 2 or (
        len(group) <= max_areas and float(rows["population"].sum()) <= max_population
    ):
        return [sorted(group)]
    parts: list[list[str]] = []
    for _ward, members in rows.groupby("ward_code", sort=True):
        inside = set(members.index)
        within = {code: neighbours.get(code, set()) & inside for code in inside}
        parts.extend(clusters(inside, within))
    return sorted(parts, key=lambda g: (-len(g), g))


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
        For example "Clayton Brook", or the ward's name ("Chorley East")
        when no neighbourhood or village name lies inside.

    Examples
    --------
    >>> places = pd.DataFrame({"name": ["Coppull", "Chorley"], "kind": ["Village", "Town"],
    ...                        "area_code": ["A", "B"]})
    >>> name_for(["A"], places, ["Coppull"]), name_for(["C"], places, ["Chorley East"])
    ('Coppull', 'Chorley East')
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
        if local:
            return str(local[0])
        # Only the town itself lies inside: the ward says more than "Chorley".
        if wards:
            return wards[0]
        return names[0]
    return wards[0] if wards else areas[0]


def propose(
    areas: pd.DataFrame,
    neighbours: Mapping[str, set[str]],
    places: pd.DataFrame,
    *,
    high_decile: int = 2,
    lower_volume_people: float = 300.0,
    max_areas: int = 3,
    max_population: float = 6000.0,
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
    max_areas, max_population : int, float
        Larger clusters that span several wards are split at ward
        boundaries (see :func:`split_at_wards`).

    Returns
    -------
    list of Proposal
        Neighbourhoods in priority order (most people affected first), then
        pockets, then lower-volume places, each with the reason proposed.
    """
    high = set(areas.index[areas["decile"] <= high_decile])
    ward_decile = areas.groupby("ward_code")["decile"].mean()
    out: list[Proposal] = []
    parts: list[tuple[list[str], list[str]]] = []
    for whole in clusters(high, neighbours):
        pieces = split_at_wards(
            whole,
            areas,
            neighbours,
            max_areas=max_areas,
            max_population=max_population,
        )
        parts.extend((piece, whole if len(pieces) > 1 else []) for piece in pieces)
    for group, whole in parts:
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
        if whole:
            ward_count = areas.loc[whole, "ward_code"].nunique()
            reason += (
                f"; part of a cluster of {len(whole)} contiguous LSOAs across "
                f"{ward_count} wards, split at the ward boundary"
            )
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
                    "ward_average_decile": float(ward_decile[list(ward_codes)].mean()),
                    "cluster": list(whole) if whole else list(group),
                },
            )
        )
    order = {"neighbourhood": 0, "pocket": 1, "lower volume": 2}
    out.sort(key=lambda p: (order[p.kind], -p.affected, p.name))
    out = _distinct_names(out)
    return [Proposal(**{**p.__dict__, "priority": i + 1}) for i, p in enumerate(out)]


def _distinct_names(proposals: list[Proposal]) -> list[Proposal]:
    """Two proposals never share a name: the later ones add their ward."""
    seen: set[str] = set()
    out = []
    for p in proposals:
        name = p.name
        if name in seen and p.wards and p.wards[0] not in name:
            name = f"{name} ({p.wards[0]})"
        n = 2
        base = name
        while name in seen:
            name = f"{base} {n}"
            n += 1
        seen.add(name)
        out.append(Proposal(**{**p.__dict__, "name": name}))
    return out


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


# --- reviewing the focus when new data arrives ------------------------------------

#: Review decisions an officer records, with what they mean.
DECISIONS: dict[str, str] = {
    "continue": "Continue: the focus is still right",
    "widen": "Widen: add areas to the community",
    "narrow": "Narrow: take areas out of the community",
    "end": "End the focus on this community",
    "start": "Start a new community",
}


def carry_deciles(deciles: pd.Series, links: Mapping[str, Sequence[str]]) -> pd.Series:
    """Carry deciles from old areas to new ones (LSOA 2011 to LSOA 2021).

    A new area takes the most deprived decile (the lowest) of the old areas
    it came from, so an area that was in the most deprived 20% in any part
    counts as having been in it.

    Parameters
    ----------
    deciles : Series
        Decile per old area code.
    links : mapping of str to sequence of str
        New area code to the old area codes it came from.

    Returns
    -------
    Series
        Decile per new area code (areas with no known old decile left out).

    Examples
    --------
    >>> old = pd.Series({"E01000001": 1, "E01000002": 4})
    >>> carry_deciles(old, {"E01100001": ["E01000001", "E01000002"]}).to_dict()
    {'E01100001': 1.0}
    """
    out = {}
    for new, olds in links.items():
        values = [
            deciles[o] for o in olds if o in deciles.index and pd.notna(deciles[o])
        ]
        if values:
            out[new] = float(min(values))
    return pd.Series(out, dtype="float64")


def review(
    communities: Sequence[tuple[object, str, Sequence[str]]],
    then: pd.Series,
    now: pd.Series,
    *,
    bands: pd.DataFrame | None = None,
    cut_rank: float | None = None,
    proposals: Sequence[Mapping[str, object]] = (),
    high_need_deciles: int = 2,
) -> dict[str, object]:
    """Compare each community's areas between two runs of an index.

    Parameters
    ----------
    communities : sequence of (id, name, area codes)
        The communities in focus.
    then, now : Series
        National decile per area (1 = most deprived) in the earlier run
        (already carried to the current geography, see :func:`carry_deciles`)
        and the current one.
    bands : DataFrame, optional
        The current run's uncertainty band per area: national rank columns
        ``band_low`` and ``band_high`` (the 5th and 95th percentile ranks).
    cut_rank : float, optional
        The national rank at the edge of the high-need group (for the most
        deprived 20% of 33,755 areas, 6,751); needed with ``bands``.
    proposals : sequence of mapping
        The current proposals (``name``, ``kind``, ``areas``, ``reason``):
        those touching no community are reported as new.
    high_need_deciles : int
        Deciles 1 to this are high need (2: the most deprived 20%).

    Returns
    -------
    dict
        ``communities``: per community its areas with ``decile_then``,
        ``decile_now``, ``left`` (left the high-need group), ``joined``,
        ``straddles`` (the band crosses the edge) and the counts; and
        ``new_proposals``: proposals that no community covers.

    Examples
    --------
    >>> then = pd.Series({"A": 1.0, "B": 2.0, "C": 5.0})
    >>> now = pd.Series({"A": 1.0, "B": 3.0, "C": 2.0})
    >>> r = review([(1, "North", ["A", "B"])], then, now,
    ...            proposals=[{"name": "South", "kind": "pocket", "areas": ["C"]}])
    >>> r["communities"][0]["left"], r["new_proposals"][0]["name"]
    (['B'], 'South')
    """

    def _finite(value: object) -> float | None:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return None if math.isnan(number) else number

    def high(value: object) -> bool | None:
        number = _finite(value)
        return None if number is None else number <= high_need_deciles

    covered: set[str] = set()
    out = []
    for key, name, codes in communities:
        rows = []
        for code in codes:
            before = then.get(code)
            after = now.get(code)
            was, is_ = high(before), high(after)
            straddles = False
            low_rank: float | None = None
            high_rank: float | None = None
            if bands is not None and code in bands.index:
                low_rank = _finite(bands.at[code, "band_low"])
                high_rank = _finite(bands.at[code, "band_high"])
                if (
                    low_rank is not None
                    and high_rank is not None
                    and cut_rank is not None
                ):
                    straddles = low_rank <= cut_rank < high_rank
            rows.append(
                {
                    "code": code,
                    "decile_then": None if was is None else int(before),  # type: ignore[arg-type]
                    "decile_now": None if is_ is None else int(after),  # type: ignore[arg-type]
                    "left": bool(was and is_ is False),
                    "joined": bool(was is False and is_),
                    "straddles": straddles,
                    "band": None
                    if low_rank is None or high_rank is None
                    else [low_rank, high_rank],
                }
            )
        covered |= set(codes)
        still = sum(1 for r in rows if high(r["decile_now"]))
        left = [r["code"] for r in rows if r["left"]]
        out.append(
            {
                "id": key,
                "name": name,
                "areas": rows,
                "high_need_now": still,
                "high_need_then": sum(1 for r in rows if high(r["decile_then"])),
                "left": left,
                "joined": [r["code"] for r in rows if r["joined"]],
                "straddling": [r["code"] for r in rows if r["straddles"]],
                "all_left": bool(rows) and still == 0,
            }
        )
    new = [
        {
            "name": p.get("name"),
            "kind": p.get("kind"),
            "areas": list(p.get("areas") or []),  # type: ignore[call-overload]
            "reason": p.get("reason", ""),
            "high_need_then": sum(
                bool(high(then.get(code)))
                for code in p.get("areas") or []  # type: ignore[attr-defined]
            ),
        }
        for p in proposals
        if not set(p.get("areas") or []) & covered  # type: ignore[call-overload]
    ]
    return {"communities": out, "new_proposals": new}
