"""Whose voices were heard: the people reached against the Census.

For a community and a period, :func:`representation` compares the people an
organisation engaged with the community's Census 2021 profile (the sum of its
LSOAs), group by group: for each age band, ethnic group and for disabled
people, the engaged count and share, the census share, and the
representation ratio (engaged share / census share). A group whose ratio is
below 0.8 is flagged as under-represented.

Engagement records often say only how many people came. Those records count
in the total reached but not in the shares, and :class:`Reach` says how many
people and records had each breakdown. When a record's breakdown covers only
some of its people (e.g. 40 came and 30 gave their age), the breakdown's own
sum is what counts towards the shares: the other 10 are unknown, not spread
across the bands.

The census side comes from three Census 2021 tables by LSOA (2021): usual
residents by six age bands, ethnic group (TS021, five high-level groups) and
disability (TS038, Equality Act definition); :func:`read_census` reads them
and maps their published category labels to the group names here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd
else:  # pandas costs a second at start-up; the constants here do not need it
    from ._lazy import LazyModule

    pd = LazyModule("pandas")

Dimension = Literal["age", "ethnicity", "disability"]

#: Age bands: group name to the label in the Census 2021 age file
#: (``age_group`` column, usual residents).
AGE_GROUPS: Mapping[str, str] = {
    "aged_15_and_under": "Aged 15 years and under",
    "aged_16_to_24": "Aged 16 to 24 years",
    "aged_25_to_34": "Aged 25 to 34 years",
    "aged_35_to_49": "Aged 35 to 49 years",
    "aged_50_to_64": "Aged 50 to 64 years",
    "aged_65_and_over": "Aged 65 years and over",
}

#: Ethnic groups: group name to the Census 2021 TS021 high-level label
#: (``ethnic_group`` column).
ETHNIC_GROUPS: Mapping[str, str] = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other_ethnic_group": "Other ethnic group",
}

#: Disability: group name to the Census 2021 TS038 label (``disability``
#: column). Only ``disabled`` is reported; ``not_disabled`` is its complement.
DISABILITY_GROUPS: Mapping[str, str] = {
    "disabled": "Disabled under the Equality Act",
    "not_disabled": "Not disabled under the Equality Act",
}

GROUPS: Mapping[str, Mapping[str, str]] = {
    "age": AGE_GROUPS,
    "ethnicity": ETHNIC_GROUPS,
    "disability": DISABILITY_GROUPS,
}

#: A representation ratio below this flags a group as under-represented.
UNDER_REPRESENTED_BELOW = 0.8

#: How each census file is laid out: the category column and the count column.
CENSUS_COLUMNS: Mapping[str, tuple[str, str]] = {
    "age": ("age_group", "usual_residents"),
    "ethnicity": ("ethnic_group", "n"),
    "disability": ("disability", "n"),
}

_CODE_COLUMN = "lsoa21_code"


def _label_key(label: str) -> str:
    return " ".join(str(label).replace("\ufeff", "").split()).casefold()


_LABEL_TO_GROUP: dict[str, tuple[str, str]] = {
    _label_key(label): (dimension, group)
    for dimension, groups in GROUPS.items()
    for group, label in groups.items()
}


def group_for_label(label: str) -> str:
    """Map a published Census 2021 category label to Hearth's group name.

    Parameters
    ----------
    label : str
        A label from the age, ethnic group or disability file; case and
        repeated spaces are ignored.

    Returns
    -------
    str
        The group name (a key of :data:`AGE_GROUPS`, :data:`ETHNIC_GROUPS`
        or :data:`DISABILITY_GROUPS`).

    Raises
    ------
    ValueError
        If the label is not one of those.

    Examples
    --------
    >>> group_for_label("Aged 65 years and over")
    'aged_65_and_over'
    >>> group_for_label("Black, Black British, Black Welsh, Caribbean or African")
    'black'
    """
    found = _LABEL_TO_GROUP.get(_label_key(label))
    if found is None:
        raise ValueError(f"{label!r} is not a Census 2021 category Hearth knows")
    return found[1]


def read_census(path: Path | str, dimension: Dimension) -> pd.DataFrame:
    """Read a Census 2021 table by LSOA into counts per Hearth group.

    Parameters
    ----------
    path : Path or str
        The long-format file (CSV, optionally gzipped): one row per LSOA and
        category, with ``lsoa21_code``, the category column and the count
        column of :data:`CENSUS_COLUMNS`.
    dimension : {"age", "ethnicity", "disability"}
        Which table it is.

    Returns
    -------
    DataFrame
        One row per LSOA (index ``lsoa21_code``), one integer column per group
        of that dimension.

    Raises
    ------
    ValueError
        If a column is missing, a label is unknown or belongs to another
        dimension, a count is missing or negative, or an LSOA lacks a group.
    """
    if dimension not in CENSUS_COLUMNS:
        raise ValueError(f"dimension must be one of {', '.join(CENSUS_COLUMNS)}")
    category, count = CENSUS_COLUMNS[dimension]
    frame = pd.read_csv(path, dtype={_CODE_COLUMN: str, category: str})
    missing = [c for c in (_CODE_COLUMN, category, count) if c not in frame.columns]
    if missing:
        raise ValueError(f"{Path(path).name} has no column {', '.join(missing)}")
    labels = frame[category].astype(str).unique()
    mapping = {}
    for label in labels:
        found = _LABEL_TO_GROUP.get(_label_key(label))
        if found is None or found[0] != dimension:
            raise ValueError(
                f"{Path(path).name}: {label!r} is not a Census 2021 {dimension} "
                f"category ({'; '.join(GROUPS[dimension].values())})"
            )
        mapping[label] = found[1]
    counts = pd.to_numeric(frame[count], errors="coerce")
    if counts.isna().any() or (counts < 0).any():
        bad = int((counts.isna() | (counts < 0)).to_numpy().argmax())
        raise ValueError(
            f"{Path(path).name}, line {bad + 2}: {count} must be a count, "
            f"not {frame[count].iloc[bad]!r}"
        )
    table = (
        pd.DataFrame(
            {
                _CODE_COLUMN: frame[_CODE_COLUMN].astype(str).str.strip(),
                "group": frame[category].astype(str).map(mapping),
                "count": counts,
            }
        )
        .pivot_table(index=_CODE_COLUMN, columns="group", values="count", aggfunc="sum")
        .reindex(columns=list(GROUPS[dimension]))
    )
    if table.isna().to_numpy().any():
        lsoa = table.index[table.isna().any(axis=1)][0]
        raise ValueError(f"{Path(path).name}: {lsoa} lacks some {dimension} groups")
    table.columns.name = None
    return table.round().astype("int64")


def census_counts(
    tables: Iterable[pd.DataFrame], lsoa_codes: Sequence[str] | None = None
) -> dict[str, int]:
    """Add up the census groups over a community's LSOAs.

    Parameters
    ----------
    tables : iterable of DataFrame
        Tables from :func:`read_census` (any of age, ethnicity, disability).
    lsoa_codes : sequence of str, optional
        The community's LSOAs (2021); None for every LSOA in the tables.

    Returns
    -------
    dict of str to int
        Group name to residents, ready for :func:`representation`.

    Raises
    ------
    ValueError
        If an LSOA is missing from a table.

    Examples
    --------
    >>> age = pd.DataFrame({"aged_65_and_over": [10, 30], "aged_50_to_64": [90, 70]},
    ...                    index=["E01000001", "E01000002"])
    >>> census_counts([age], ["E01000001"])
    {'aged_65_and_over': 10, 'aged_50_to_64': 90}
    """
    out: dict[str, int] = {}
    for table in tables:
        part = table
        if lsoa_codes is not None:
            codes = list(dict.fromkeys(lsoa_codes))
            absent = [c for c in codes if c not in table.index]
            if absent:
                shown = ", ".join(absent[:5]) + (" ..." if len(absent) > 5 else "")
                raise ValueError(
                    f"{len(absent)} LSOA(s) not in the census table: {shown}"
                )
            part = table.loc[codes]
        for column in part.columns:
            out[str(column)] = int(part[column].sum())
    return out


# --- Engagement records ---------------------------------------------------------


@dataclass(frozen=True)
class Engagement:
    """One engagement: how many people, and what is known about them.

    Attributes
    ----------
    people : int
        People reached.
    age : mapping of str to int
        People per age band (keys of :data:`AGE_GROUPS`); empty if unknown.
        May cover fewer than ``people``.
    ethnicity : mapping of str to int
        People per ethnic group (keys of :data:`ETHNIC_GROUPS`).
    disabled : int or None
        Disabled people among them, None if not asked.
    not_disabled : int or None
        People who said they are not disabled. When None and ``disabled`` is
        given, everyone else reached is taken as not disabled (the question
        was put to all of them).
    """

    people: int
    age: Mapping[str, int] = field(default_factory=dict)
    ethnicity: Mapping[str, int] = field(default_factory=dict)
    disabled: int | None = None
    not_disabled: int | None = None


Record = Engagement | Mapping[str, object]


def _count(value: object, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a count, not {value!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number of at least 0, not {value!r}")
    return value


def _as_engagement(record: object, number: int) -> Engagement:
    # Engagements and other dataclasses go through the same checks as mappings.
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        record = dataclasses.asdict(record)
    if not isinstance(record, Mapping):
        raise ValueError(f"record {number} is not a mapping or an Engagement")
    people = record.get("people", record.get("people_reached"))
    if people is None:
        raise ValueError(f"record {number} has no 'people' (the number reached)")
    breakdowns: dict[str, dict[str, object]] = {}
    for dimension, key in (("age", "age"), ("ethnicity", "ethnicity")):
        nested = record.get(key)
        if nested:
            if not isinstance(nested, Mapping):
                raise ValueError(f"record {number}: {key} must be a mapping of counts")
            unknown = [g for g in nested if g not in GROUPS[dimension]]
            if unknown:
                raise ValueError(
                    f"record {number}: unknown {dimension} group(s) "
                    f"{', '.join(map(str, unknown))}; use {', '.join(GROUPS[dimension])}"
                )
            breakdowns[dimension] = dict(nested)
        else:
            # The flat form: {"people": 40, "aged_65_and_over": 20, ...}
            breakdowns[dimension] = {
                g: record[g]
                for g in GROUPS[dimension]
                if g in record and record[g] is not None
            }
    disabled = record.get("disabled")
    not_disabled = record.get("not_disabled")
    return Engagement(
        people=_count(people, f"record {number}: people"),
        age={
            g: _count(v, f"record {number}: {g}") for g, v in breakdowns["age"].items()
        },
        ethnicity={
            g: _count(v, f"record {number}: {g}")
            for g, v in breakdowns["ethnicity"].items()
        },
        disabled=None
        if disabled is None
        else _count(disabled, f"record {number}: disabled"),
        not_disabled=None
        if not_disabled is None
        else _count(not_disabled, f"record {number}: not_disabled"),
    )


def _breakdowns(e: Engagement, number: int) -> dict[str, dict[str, int]]:
    """Return the record's counts per dimension, checked against its people."""
    out: dict[str, dict[str, int]] = {}
    for dimension, counts in (("age", e.age), ("ethnicity", e.ethnicity)):
        unknown = [g for g in counts if g not in GROUPS[dimension]]
        if unknown:
            raise ValueError(
                f"record {number}: unknown {dimension} group(s) {', '.join(unknown)}"
            )
        total = sum(counts.values())
        if total > e.people:
            raise ValueError(
                f"record {number}: its {dimension} counts add up to {total}, "
                f"more than the {e.people} people reached"
            )
        out[dimension] = dict(counts) if total > 0 else {}
    if e.disabled is not None:
        other = e.not_disabled if e.not_disabled is not None else e.people - e.disabled
        if other < 0 or e.disabled + other > e.people:
            raise ValueError(
                f"record {number}: {e.disabled} disabled and {other} not disabled "
                f"is more than the {e.people} people reached"
            )
        both = {"disabled": e.disabled, "not_disabled": other}
        out["disability"] = both if e.disabled + other > 0 else {}
    elif e.not_disabled is not None:
        raise ValueError(f"record {number}: not_disabled is given without disabled")
    else:
        out["disability"] = {}
    return out


# --- Representation -----------------------------------------------------------------


@dataclass(frozen=True)
class GroupReach:
    """One group's reach against the census.

    Attributes
    ----------
    dimension : str
        ``age``, ``ethnicity`` or ``disability``.
    group : str
        The group name.
    engaged : int
        People in the group across the records with that breakdown.
    engaged_share : float or None
        ``engaged`` as a fraction of all people in that dimension's
        breakdowns; None when no record had the breakdown.
    census_share : float or None
        The group's share of the community's residents in that dimension;
        None when the census counts lack any group of the dimension.
    ratio : float or None
        ``engaged_share`` / ``census_share``; None when either is None or
        the census share is 0.
    under_represented : bool
        Whether the ratio is below the threshold (0.8 by default; exactly
        0.8 is not flagged).
    """

    dimension: str
    group: str
    engaged: int
    engaged_share: float | None
    census_share: float | None
    ratio: float | None
    under_represented: bool


@dataclass(frozen=True)
class Reach:
    """People reached in a community, by group, against the census.

    Attributes
    ----------
    groups : tuple of GroupReach
        Age bands, then ethnic groups, then ``disabled``.
    people_reached : int
        Everyone in the records, with a breakdown or not.
    records : int
        How many records.
    with_age_breakdown, with_ethnicity_breakdown, with_disability_breakdown : int
        People whose age band, ethnic group or disability is known: the
        denominators of the engaged shares.
    records_without_age_breakdown, records_without_ethnicity_breakdown,
    records_without_disability_breakdown : int
        Records that count in ``people_reached`` but not in those shares.
    threshold : float
        The ratio below which a group is flagged.
    """

    groups: tuple[GroupReach, ...]
    people_reached: int
    records: int
    with_age_breakdown: int
    with_ethnicity_breakdown: int
    with_disability_breakdown: int
    records_without_age_breakdown: int
    records_without_ethnicity_breakdown: int
    records_without_disability_breakdown: int
    threshold: float = UNDER_REPRESENTED_BELOW

    def group(self, name: str) -> GroupReach:
        """Return one group's row.

        Parameters
        ----------
        name : str
            A group name, e.g. ``aged_65_and_over``.

        Returns
        -------
        GroupReach
            Its row.
        """
        for row in self.groups:
            if row.group == name:
                return row
        raise KeyError(name)

    def under_represented(self) -> list[GroupReach]:
        """Return the groups flagged as under-represented.

        Returns
        -------
        list of GroupReach
            In the order of :attr:`groups`.
        """
        return [row for row in self.groups if row.under_represented]

    def to_frame(self) -> pd.DataFrame:
        """Return the groups as a table, one row per group.

        Returns
        -------
        DataFrame
            The fields of :class:`GroupReach` as columns.
        """
        return pd.DataFrame([dataclasses.asdict(row) for row in self.groups])


def _exact(value: float | int) -> Fraction:
    return Fraction(value) if isinstance(value, int) else Fraction(str(value))


def representation(
    records: Iterable[Record],
    census_counts: Mapping[str, float],
    *,
    threshold: float = UNDER_REPRESENTED_BELOW,
) -> Reach:
    """Compare the people reached with the community's census profile.

    Parameters
    ----------
    records : iterable of Engagement or mapping
        One per engagement. A mapping has ``people`` (or ``people_reached``)
        and either nested ``age`` / ``ethnicity`` mappings of group to count
        or the group names as flat keys (other keys are ignored), and
        optionally ``disabled`` and ``not_disabled``. Dataclass instances
        with those fields work too.
    census_counts : mapping of str to float
        Residents per group in the community (see :func:`census_counts`).
        A dimension has census shares only when every one of its groups is
        given (all six age bands, all five ethnic groups, ``disabled`` and
        ``not_disabled``); otherwise its census shares and ratios are None.
    threshold : float
        Ratios below this are flagged (default 0.8).

    Returns
    -------
    Reach
        Per group: engaged count, engaged share, census share, ratio and the
        flag; and the totals, including how many people and records had each
        breakdown.

    Raises
    ------
    ValueError
        If a count is not a whole number of at least 0, a breakdown adds up
        to more than the record's people, or a group name is unknown.

    Examples
    --------
    Forty people engaged, twenty of them aged 65 or over, where 10% of
    residents are 65 or over: an engaged share of 0.5 and a ratio of 5.

    >>> census = {**dict.fromkeys(AGE_GROUPS, 180), "aged_65_and_over": 100}
    >>> reach = representation([{"people": 40, "aged_65_and_over": 20,
    ...                          "aged_50_to_64": 20}], census)
    >>> row = reach.group("aged_65_and_over")
    >>> row.engaged_share, row.census_share, row.ratio
    (0.5, 0.1, 5.0)
    """
    limit = _exact(threshold)
    engaged: dict[str, dict[str, int]] = {
        d: dict.fromkeys(g, 0) for d, g in GROUPS.items()
    }
    known = dict.fromkeys(GROUPS, 0)
    without = dict.fromkeys(GROUPS, 0)
    people = 0
    count = 0
    for count, record in enumerate(records, start=1):
        e = _as_engagement(record, count)
        people += e.people
        for dimension, counts in _breakdowns(e, count).items():
            if not counts:
                without[dimension] += 1
                continue
            for group, n in counts.items():
                engaged[dimension][group] += n
            known[dimension] += sum(counts.values())

    rows = []
    for dimension, groups in GROUPS.items():
        census = {g: census_counts[g] for g in groups if g in census_counts}
        for name, value in census.items():
            if value < 0:
                raise ValueError(f"census count for {name} is negative: {value}")
        if len(census) < len(groups):
            census = {}  # a share needs every group of the dimension
        census_total = sum(_exact(v) for v in census.values())
        shown = ["disabled"] if dimension == "disability" else list(groups)
        for group in shown:
            n = engaged[dimension][group]
            engaged_exact = Fraction(n, known[dimension]) if known[dimension] else None
            census_exact = (
                _exact(census[group]) / census_total
                if group in census and census_total > 0
                else None
            )
            ratio_exact = (
                engaged_exact / census_exact
                if engaged_exact is not None and census_exact
                else None
            )
            rows.append(
                GroupReach(
                    dimension=dimension,
                    group=group,
                    engaged=n,
                    engaged_share=None
                    if engaged_exact is None
                    else float(engaged_exact),
                    census_share=None if census_exact is None else float(census_exact),
                    ratio=None if ratio_exact is None else float(ratio_exact),
                    under_represented=ratio_exact is not None and ratio_exact < limit,
                )
            )
    return Reach(
        groups=tuple(rows),
        people_reached=people,
        records=count,
        with_age_breakdown=known["age"],
        with_ethnicity_breakdown=known["ethnicity"],
        with_disability_breakdown=known["disability"],
        records_without_age_breakdown=without["age"],
        records_without_ethnicity_breakdown=without["ethnicity"],
        records_without_disability_breakdown=without["disability"],
        threshold=threshold,
    )
