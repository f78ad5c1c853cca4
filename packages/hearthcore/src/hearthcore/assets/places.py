"""One place, many listings: group records that are the same place.

The same school is listed by the DfE register and by the county's property
list; a library by DCMS, by the county and by a warm-spaces directory. For
the public map and for assets per 1,000 residents a place counts once, so
likely duplicates (high-scoring pairs not yet confirmed by a person) join
one group; the group is shown through its best record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

#: Pairs scoring at least this are treated as the same place until a person
#: decides (the duplicate page lists them). Below it, two records of the
#: same name at a school site can be a nursery and a primary school.
SAME_PLACE_SCORE = 0.95

#: Sources whose records best describe a place, most trusted first (by
#: prefix). The council's own and residents' records come first, then the
#: national registers, then aggregated directories.
SOURCE_PRIORITY: tuple[str, ...] = (
    "hearth",
    "resident",
    "gias",
    "ods",
    "dcms",
    "lcc-libraries",
    "lcc",
    "gm",
    "oruk",
    "osm",
    "warm-spaces",
)


def source_rank(source: str) -> int:
    """Return how trusted a source is (0 = most).

    Parameters
    ----------
    source : str
        The record's source key, e.g. ``gias-schools``.

    Returns
    -------
    int
        The index of the first matching prefix in :data:`SOURCE_PRIORITY`.

    Examples
    --------
    >>> source_rank("gias-schools") < source_rank("lcc-property")
    True
    """
    for rank, prefix in enumerate(SOURCE_PRIORITY):
        if source.startswith(prefix):
            return rank
    return len(SOURCE_PRIORITY)


def group_places(
    sources: Mapping[int, str], pairs: Iterable[tuple[int, int]]
) -> dict[int, int]:
    """Group records into places: each record's representative record.

    Parameters
    ----------
    sources : mapping of int to str
        Every record to group (id to its source).
    pairs : iterable of (int, int)
        Pairs that are the same place; pairs naming an id not in
        ``sources`` are ignored.

    Returns
    -------
    dict of int to int
        Record id to the id of the record that stands for its place: the
        most trusted source, then the lowest id.

    Examples
    --------
    >>> group_places({1: "lcc-property", 2: "gias-schools", 3: "gias-schools"},
    ...              [(1, 2)])
    {1: 2, 2: 2, 3: 3}
    """
    parent = {i: i for i in sources}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for i in sources:
        members.setdefault(find(i), []).append(i)
    out = {}
    for group in members.values():
        best = min(group, key=lambda i: (source_rank(sources[i]), i))
        for i in group:
            out[i] = best
    return out


def count_places(places: Mapping[int, int], areas: Mapping[int, str]) -> dict[str, int]:
    """Count distinct places per area (a place counts where its best record is).

    Parameters
    ----------
    places : mapping of int to int
        From :func:`group_places`.
    areas : mapping of int to str
        Record id to its area code ("" when not placed).

    Returns
    -------
    dict of str to int
        Area code to number of places.

    Examples
    --------
    >>> count_places({1: 2, 2: 2, 3: 3}, {1: "A", 2: "A", 3: "B"})
    {'A': 1, 'B': 1}
    """
    counted: dict[str, int] = {}
    for record, best in places.items():
        if record != best:
            continue
        area = areas.get(best, "")
        if area:
            counted[area] = counted.get(area, 0) + 1
    return counted


def listed_by(places: Mapping[int, int], ids: Sequence[int]) -> dict[int, list[int]]:
    """Return, for each place's best record, the other records of the place.

    Parameters
    ----------
    places : mapping of int to int
        From :func:`group_places`.
    ids : sequence of int
        Records in display order.

    Returns
    -------
    dict of int to list of int
        Best record id to the other record ids (in ``ids`` order).

    Examples
    --------
    >>> listed_by({1: 2, 2: 2, 3: 3}, [1, 2, 3])
    {2: [1], 3: []}
    """
    out: dict[int, list[int]] = {}
    for i in ids:
        best = places.get(i, i)
        out.setdefault(best, [])
        if i != best:
            out[best].append(i)
    return out
