"""Social prescribing reports: counts with suppression, waits and outcomes.

The web app hands over plain tables with no personal data (one row per
referral: its source, reasons, area, dates and scores) and gets back the
tables a commissioner reads. Every count of 1-4 people is suppressed
(:func:`hearthcore.outcomes.suppress`), and when a table publishes a total
beside a single suppressed cell the next smallest cell is suppressed too,
so the hidden one cannot be worked out by subtraction. Outcome summaries
for fewer than five people are left out entirely: a mean of two people
describes those two people.

>>> import pandas as pd
>>> table = counts(pd.Series(["gp", "gp", "self", "gp", "gp", "gp", "pharmacist"]))
>>> table.to_dict("records")
[{'group': 'gp', 'referrals': 5}, {'group': 'pharmacist', 'referrals': None}, {'group': 'self', 'referrals': None}]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .outcomes import (
    SUPPRESSION_THRESHOLD,
    PairedChange,
    loneliness_rank,
    paired_change,
    suppress,
    swemwbs_metric,
)

__all__ = [
    "OutcomeRow",
    "WaitSummary",
    "counts",
    "nhs_number_valid",
    "outcome_changes",
    "secondary_suppression",
    "wait_summary",
]


def nhs_number_valid(text: str) -> bool:
    """Check an NHS number: ten digits whose last is the modulus 11 check digit.

    Spaces and hyphens are ignored. The check is the one NHS England
    publishes (weights 10 to 2 on the first nine digits; 11 minus the
    remainder mod 11 is the check digit, 11 meaning 0 and 10 meaning the
    number is invalid).

    Parameters
    ----------
    text : str
        The number as written, e.g. ``"943 476 5919"``.

    Returns
    -------
    bool
        True when the number is well formed.

    Examples
    --------
    >>> nhs_number_valid("943 476 5919"), nhs_number_valid("9434765918"), nhs_number_valid("123")
    (True, False, False)
    """
    digits = "".join(ch for ch in text if ch not in " -")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def secondary_suppression(values: Sequence[int | None]) -> list[int | None]:
    """Suppress one more cell when exactly one is suppressed beside a total.

    Parameters
    ----------
    values : sequence of int or None
        The cells of one table, already through
        :func:`~hearthcore.outcomes.suppress` (None = suppressed).

    Returns
    -------
    list of int or None
        The same cells; if exactly one was suppressed, the smallest shown
        non-zero cell is suppressed as well, since a published total would
        give the hidden one away.

    Examples
    --------
    >>> secondary_suppression([12, None, 7, 0])
    [12, None, None, 0]
    >>> secondary_suppression([12, None, None])
    [12, None, None]
    """
    out = list(values)
    hidden = [i for i, v in enumerate(out) if v is None]
    if len(hidden) != 1:
        return out
    shown = [(v, i) for i, v in enumerate(out) if v]
    if shown:
        _value, index = min(shown)
        out[index] = None
    return out


def counts(
    groups: pd.Series | Iterable[str],
    *,
    column: str = "referrals",
    with_total: bool = False,
    order: Sequence[str] | None = None,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> pd.DataFrame:
    """Count people by group, with small counts suppressed.

    Parameters
    ----------
    groups : Series or iterable of str
        One value per person (or per person and reason, for reasons that
        can be several).
    column : str
        The name of the count column.
    with_total : bool
        Add a ``Total`` row (and suppress one more cell if a single cell
        is suppressed; see :func:`secondary_suppression`).
    order : sequence of str, optional
        Groups to list in this order, including those with no one (0);
        others follow, largest first.
    threshold : int
        The smallest count shown.

    Returns
    -------
    DataFrame
        Columns ``group`` and ``column``; suppressed counts are None.

    Examples
    --------
    >>> counts(["a"] * 6 + ["b"] * 6 + ["c"], with_total=True)["referrals"].tolist()
    [None, 6, None, 13]
    """
    series = pd.Series(list(groups), dtype=object)
    tally = series.value_counts()
    names: list[str] = list(order or [])
    rest = sorted(
        (g for g in tally.index if g not in names), key=lambda g: (-tally[g], str(g))
    )
    names += rest
    raw = [int(tally.get(name, 0)) for name in names]
    shown = [suppress(n, threshold) for n in raw]
    if with_total:
        shown = secondary_suppression(shown)
    rows: list[dict[str, object]] = [
        {"group": name, column: value} for name, value in zip(names, shown, strict=True)
    ]
    if with_total:
        rows.append({"group": "Total", column: suppress(sum(raw), threshold)})
    return pd.DataFrame(
        {
            "group": [r["group"] for r in rows],
            column: pd.Series([r[column] for r in rows], dtype=object),
        }
    )


@dataclass(frozen=True)
class WaitSummary:
    """How long people waited between two steps, in days.

    ``n`` is the number of people who reached the second step; the other
    figures are None when ``n`` is under the suppression threshold.
    """

    n: int | None
    waiting: int | None
    median: float | None
    mean: float | None
    p90: float | None
    within: float | None
    within_days: int


def wait_summary(
    start: Sequence[object],
    end: Sequence[object],
    *,
    within_days: int = 5,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> WaitSummary:
    """Summarise the days from one step to the next (e.g. referral to first contact).

    Parameters
    ----------
    start, end : sequences of date-like
        Paired dates; a missing end means the person has not reached the
        second step yet (counted in ``waiting``).
    within_days : int
        Report the share reached within this many days.
    threshold : int
        Fewer people than this and only the (suppressed) counts are given.

    Returns
    -------
    WaitSummary
        Counts (suppressed under the threshold), median, mean, 90th
        percentile and the share within ``within_days``.

    Raises
    ------
    ValueError
        If the sequences differ in length or an end is before its start.

    Examples
    --------
    >>> import datetime as dt
    >>> day = dt.date(2025, 1, 1)
    >>> s = wait_summary([day] * 6, [day + dt.timedelta(days=d) for d in (1, 2, 3, 4, 10)] + [None])
    >>> s.n, s.waiting, s.median, round(s.within, 2)
    (5, None, 3.0, 0.8)
    """
    if len(start) != len(end):
        raise ValueError("start and end must be paired")
    first = pd.to_datetime(pd.Series(list(start), dtype=object))
    second = pd.to_datetime(pd.Series(list(end), dtype=object))
    done = second.notna() & first.notna()
    days = (second[done] - first[done]).dt.days.to_numpy(dtype=float)
    if (days < 0).any():
        raise ValueError("a step is dated before the step it follows")
    n = len(days)
    waiting = int((~second.notna() & first.notna()).sum())
    if n < threshold:
        return WaitSummary(
            suppress(n, threshold),
            suppress(waiting, threshold),
            None,
            None,
            None,
            None,
            within_days,
        )
    return WaitSummary(
        n=n,
        waiting=suppress(waiting, threshold),
        median=float(np.median(days)),
        mean=float(days.mean()),
        p90=float(np.percentile(days, 90)),
        within=float((days <= within_days).mean()),
        within_days=within_days,
    )


@dataclass(frozen=True)
class OutcomeRow:
    """One measure's change from first contact to follow-up."""

    measure: str
    label: str
    higher_is_better: bool
    meaningful: float
    change: PairedChange | None  # None when fewer than the threshold have both
    pairs: int | None  # suppressed under the threshold


#: The measures :func:`outcome_changes` reports: (column, label, higher is
#: better, smallest meaningful change for one person). SWEMWBS uses the
#: published 3-point threshold; ONS4 and loneliness use one point of their
#: scales (ONS reports ONS4 changes of a point as meaningful for people).
MEASURES: tuple[tuple[str, str, bool, float], ...] = (
    ("swemwbs", "SWEMWBS (metric score, 7-35)", True, 3.0),
    ("life_satisfaction", "Life satisfaction (ONS, 0-10)", True, 1.0),
    ("worthwhile", "Things done are worthwhile (ONS, 0-10)", True, 1.0),
    ("happiness", "Happiness yesterday (ONS, 0-10)", True, 1.0),
    ("anxiety", "Anxiety yesterday (ONS, 0-10; lower is better)", False, 1.0),
    ("loneliness", "Loneliness (ONS, 1 often/always to 5 never)", True, 1.0),
)


def _score(measure: str, value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if measure == "swemwbs":
        return swemwbs_metric(int(value))  # type: ignore[call-overload]
    if measure == "loneliness":
        return float(loneliness_rank(str(value)))
    return float(value)  # type: ignore[arg-type]


def outcome_changes(
    before: Mapping[str, Sequence[object]],
    after: Mapping[str, Sequence[object]],
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> list[OutcomeRow]:
    """Paired change of each wellbeing measure, first contact to follow-up.

    Parameters
    ----------
    before, after : mapping of measure to sequence
        For each measure in :data:`MEASURES`, one value per person in the
        same order: SWEMWBS raw totals (7-35, converted to metric scores
        here), ONS4 answers (0-10) and loneliness answers (codes such as
        ``often_always``). None is a missing answer.
    threshold : int
        Fewer complete pairs than this and the measure's figures are left
        out (``change`` is None, ``pairs`` suppressed).

    Returns
    -------
    list of OutcomeRow
        One per measure, in :data:`MEASURES` order, each with the mean
        change and its 95% interval and the share meaningfully improved
        (:func:`hearthcore.outcomes.paired_change`).

    Examples
    --------
    >>> raw_before = [14, 16, 18, 20, 15, 17]
    >>> raw_after = [20, 19, 21, 20, 22, 18]
    >>> rows = outcome_changes({"swemwbs": raw_before}, {"swemwbs": raw_after})
    >>> rows[0].pairs, round(rows[0].change.mean_change, 2), round(rows[0].change.share_improved, 2)
    (6, 1.9, 0.33)
    """
    rows = []
    for measure, label, higher_is_better, meaningful in MEASURES:
        first = [_score(measure, v) for v in before.get(measure, ())]
        second = [_score(measure, v) for v in after.get(measure, ())]
        if not first and not second:
            continue
        result = paired_change(
            first, second, meaningful=meaningful, higher_is_better=higher_is_better
        )
        enough = result.n >= threshold
        rows.append(
            OutcomeRow(
                measure=measure,
                label=label,
                higher_is_better=higher_is_better,
                meaningful=meaningful,
                change=result if enough else None,
                pairs=suppress(result.n, threshold),
            )
        )
    return rows
