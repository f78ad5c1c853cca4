"""Wellbeing measures for social prescribing and community programmes.

Three published measures, each scored exactly as its publisher says, and the
before-and-after arithmetic an evaluation needs:

* the Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS): seven items
  scored 1-5, whose raw total is converted to a metric score with the
  published Rasch conversion table;
* the ONS personal wellbeing questions ("ONS4"), each 0-10, grouped into the
  thresholds ONS publishes;
* the ONS direct loneliness question ("How often do you feel lonely?");
* a paired before/after change with a 95% confidence interval, and the
  small-count suppression rule for exported tables.

The item wording of SWEMWBS is not included: it is protected by copyright and
may be used only under a (free, for councils and charities) licence from the
University of Warwick; the web app shows :data:`SWEMWBS_NOTICE` wherever the
scale is collected.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from scipy import stats
else:  # SciPy costs a second and a half at start-up; the scales do not need it
    from ._lazy import LazyModule

    np = LazyModule("numpy")
    pd = LazyModule("pandas")
    stats = LazyModule("scipy.stats")

# --- SWEMWBS ---------------------------------------------------------------

#: Raw SWEMWBS total (7-35) to metric score: the conversion table that Warwick
#: Medical School's scoring guidance says every raw total must be transformed
#: with (https://warwick.ac.uk/fac/sci/med/research/platform/wemwbs/using/howto
#: and .../wemwbs/researchers/guidance/), derived from the Rasch analysis of Stewart-Brown S, Tennant A, Tennant R,
#: Platt S, Parkinson J, Weich S (2009), "Internal construct validity of the
#: Warwick-Edinburgh Mental Well-being Scale (WEMWBS): a Rasch analysis using
#: data from the Scottish Health Education Population Survey", Health and
#: Quality of Life Outcomes 7:15 (doi:10.1186/1477-7525-7-15). The ends are
#: fixed (7 -> 7.00, 35 -> 35.00). The values were checked against several
#: independent published reproductions of the table.
SWEMWBS_METRIC: Mapping[int, float] = {
    7: 7.00,
    8: 9.51,
    9: 11.25,
    10: 12.40,
    11: 13.33,
    12: 14.08,
    13: 14.75,
    14: 15.32,
    15: 15.84,
    16: 16.36,
    17: 16.88,
    18: 17.43,
    19: 17.98,
    20: 18.59,
    21: 19.25,
    22: 19.98,
    23: 20.73,
    24: 21.54,
    25: 22.35,
    26: 23.21,
    27: 24.11,
    28: 25.03,
    29: 26.02,
    30: 27.03,
    31: 28.13,
    32: 29.31,
    33: 30.70,
    34: 32.55,
    35: 35.00,
}

#: How many items SWEMWBS has, and the range of each item's score.
SWEMWBS_ITEMS = 7
SWEMWBS_ITEM_RANGE = (1, 5)

#: A change of at least this many metric points counts as a meaningful
#: change for one person. Shah et al. (2018), "Responsiveness of the Short
#: Warwick Edinburgh Mental Well-Being Scale (SWEMWBS): evaluation a clinical
#: sample", Health and Quality of Life Outcomes 16:239
#: (doi:10.1186/s12955-018-1060-2), found that "a change of between 1 and 3
#: points meets thresholds for statistically important change, depending on
#: standard used" (1 SEM = 1.03 points; 2.77 SEM = 2.87 points). Hearth takes
#: the upper end, 3, so that it does not over-claim.
SWEMWBS_MEANINGFUL_CHANGE = 3

#: The copyright notice Warwick asks to be shown on every copy of the scale and
#: in reports of its results (wording as quoted in the scale's terms of use,
#: e.g. by CORC: https://www.corc.uk.net/outcome-experience-measures/
#: short-warwick-edinburgh-mental-wellbeing-scale-swemwbs/).
SWEMWBS_NOTICE = (
    "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health "
    "Scotland, University of Warwick and University of Edinburgh, 2008, all "
    "rights reserved."
)


def _whole(value: object, what: str) -> int:
    """Return ``value`` as an int if it is a whole number type (not a bool)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{what} must be a whole number, not {value!r}")
    return int(value)


def swemwbs_raw(items: Sequence[int]) -> int:
    """Add up the seven SWEMWBS item scores.

    Parameters
    ----------
    items : sequence of int
        The seven answers, each scored 1 ("none of the time") to 5 ("all of
        the time"), in any order.

    Returns
    -------
    int
        The raw total, 7-35.

    Raises
    ------
    ValueError
        Unless there are exactly seven whole-number items, each 1-5. A
        questionnaire with a missing answer cannot be scored.

    Examples
    --------
    >>> swemwbs_raw([3, 3, 3, 3, 3, 3, 3])
    21
    >>> swemwbs_raw([3, 3, 3])
    Traceback (most recent call last):
    ...
    ValueError: SWEMWBS has 7 items, not 3
    """
    if isinstance(items, str | bytes) or len(items) != SWEMWBS_ITEMS:
        count = len(items) if not isinstance(items, str | bytes) else "a string"
        raise ValueError(f"SWEMWBS has {SWEMWBS_ITEMS} items, not {count}")
    low, high = SWEMWBS_ITEM_RANGE
    total = 0
    for number, item in enumerate(items, start=1):
        score = _whole(item, f"SWEMWBS item {number}")
        if not low <= score <= high:
            raise ValueError(f"SWEMWBS item {number} must be {low}-{high}, not {score}")
        total += score
    return total


def swemwbs_metric(raw: int) -> float:
    """Convert a raw SWEMWBS total to its metric score.

    Parameters
    ----------
    raw : int
        The sum of the seven items (see :func:`swemwbs_raw`), 7-35.

    Returns
    -------
    float
        The metric score from the published conversion table
        (:data:`SWEMWBS_METRIC`); report and compare these, not raw totals.

    Raises
    ------
    ValueError
        If ``raw`` is not a whole number (floats and bools are refused too)
        or is outside 7-35.

    Examples
    --------
    >>> swemwbs_metric(21)
    19.25
    >>> swemwbs_metric(swemwbs_raw([5, 5, 5, 5, 5, 5, 5]))
    35.0
    >>> swemwbs_metric(36)
    Traceback (most recent call last):
    ...
    ValueError: a raw SWEMWBS score must be 7-35, not 36
    """
    score = _whole(raw, "a raw SWEMWBS score")
    if score not in SWEMWBS_METRIC:
        raise ValueError(f"a raw SWEMWBS score must be 7-35, not {score}")
    return SWEMWBS_METRIC[score]


# --- ONS4 personal wellbeing ---------------------------------------------------

#: The four ONS personal wellbeing questions, each answered on a scale of
#: nought ("not at all") to 10 ("completely"), worded as in the GSS
#: harmonised standard "Personal well-being" (17 April 2019,
#: https://gss.civilservice.gov.uk/policy-store/personal-well-being/).
ONS4_QUESTIONS: Mapping[str, str] = {
    "life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
    "worthwhile": (
        "Overall, to what extent do you feel that the things you do in your "
        "life are worthwhile?"
    ),
    "happiness": "Overall, how happy did you feel yesterday?",
    "anxiety": (
        "On a scale where nought is 'not at all anxious' and 10 is 'completely "
        "anxious', overall, how anxious did you feel yesterday?"
    ),
}

#: The thresholds ONS uses to present personal wellbeing: (band, lowest,
#: highest), inclusive. Anxiety runs the other way because higher anxiety
#: means lower wellbeing. Source: ONS, FOI response "A set of annual UK SWB
#: score distributions" (https://www.ons.gov.uk/aboutus/
#: transparencyandgovernance/freedomofinformationfoi/
#: asetofannualukswbscoredistributions), which restates the thresholds used in
#: the "Personal well-being in the UK" bulletins.
_ONS4_POSITIVE: tuple[tuple[str, int, int], ...] = (
    ("low", 0, 4),
    ("medium", 5, 6),
    ("high", 7, 8),
    ("very high", 9, 10),
)
ONS4_THRESHOLDS: Mapping[str, tuple[tuple[str, int, int], ...]] = {
    "life_satisfaction": _ONS4_POSITIVE,
    "worthwhile": _ONS4_POSITIVE,
    "happiness": _ONS4_POSITIVE,
    "anxiety": (
        ("very low", 0, 1),
        ("low", 2, 3),
        ("medium", 4, 5),
        ("high", 6, 10),
    ),
}

ONS4_MEASURES: tuple[str, ...] = tuple(ONS4_QUESTIONS)


def ons4_score(measure: str, score: int) -> int:
    """Check one ONS4 answer: a known measure and a whole number 0-10.

    Parameters
    ----------
    measure : str
        One of :data:`ONS4_MEASURES`.
    score : int
        The answer.

    Returns
    -------
    int
        The score.

    Raises
    ------
    ValueError
        For an unknown measure or a score that is not a whole number 0-10.

    Examples
    --------
    >>> ons4_score("anxiety", 3)
    3
    """
    if measure not in ONS4_THRESHOLDS:
        raise ValueError(
            f"unknown ONS4 measure {measure!r}; use one of {', '.join(ONS4_MEASURES)}"
        )
    value = _whole(score, f"an ONS4 {measure} score")
    if not 0 <= value <= 10:
        raise ValueError(f"an ONS4 {measure} score must be 0-10, not {value}")
    return value


def ons4_band(measure: str, score: int) -> str:
    """Find the ONS threshold band of one personal wellbeing answer.

    Parameters
    ----------
    measure : str
        ``life_satisfaction``, ``worthwhile``, ``happiness`` or ``anxiety``.
    score : int
        The answer, 0-10.

    Returns
    -------
    str
        For life satisfaction, worthwhile and happiness: ``low`` (0-4),
        ``medium`` (5-6), ``high`` (7-8) or ``very high`` (9-10). For anxiety:
        ``very low`` (0-1), ``low`` (2-3), ``medium`` (4-5) or ``high``
        (6-10).

    Raises
    ------
    ValueError
        For an unknown measure or a score that is not a whole number 0-10.

    Examples
    --------
    >>> ons4_band("life_satisfaction", 4), ons4_band("life_satisfaction", 9)
    ('low', 'very high')
    >>> ons4_band("anxiety", 6)
    'high'
    """
    value = ons4_score(measure, score)
    for band, low, high in ONS4_THRESHOLDS[measure]:
        if low <= value <= high:
            return band
    raise AssertionError("unreachable: the thresholds cover 0-10")  # pragma: no cover


# --- ONS loneliness -------------------------------------------------------------

#: The ONS recommended direct measure of loneliness for adults. Source: ONS,
#: "Measuring loneliness: guidance for use of the national indicators on
#: surveys" (2018), https://www.ons.gov.uk/peoplepopulationandcommunity/
#: wellbeing/methodologies/measuringlonelinessguidanceforuseofthenational
#: indicatorsonsurveys.
LONELINESS_QUESTION = "How often do you feel lonely?"

#: The answers in the order ONS asks them, loneliest first: (code, label).
LONELINESS_CHOICES: tuple[tuple[str, str], ...] = (
    ("often_always", "Often/always"),
    ("some_of_the_time", "Some of the time"),
    ("occasionally", "Occasionally"),
    ("hardly_ever", "Hardly ever"),
    ("never", "Never"),
)

#: The answer ONS reports as "chronic loneliness".
CHRONICALLY_LONELY = "often_always"


def _loneliness_key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


_LONELINESS_LOOKUP: dict[str, str] = {
    **{_loneliness_key(code): code for code, _ in LONELINESS_CHOICES},
    **{_loneliness_key(label): code for code, label in LONELINESS_CHOICES},
    _loneliness_key("often or always"): "often_always",
}


def loneliness_code(answer: str) -> str:
    """Recognise an answer to the loneliness question by its code or label.

    Parameters
    ----------
    answer : str
        A code (``often_always``) or label (``Often/always``, ``often or
        always``); case, spaces and punctuation are ignored.

    Returns
    -------
    str
        The code, one of those in :data:`LONELINESS_CHOICES`.

    Raises
    ------
    ValueError
        If the answer is not one of the five.

    Examples
    --------
    >>> loneliness_code("Hardly ever")
    'hardly_ever'
    """
    code = _LONELINESS_LOOKUP.get(_loneliness_key(str(answer)))
    if code is None:
        labels = "; ".join(label for _, label in LONELINESS_CHOICES)
        raise ValueError(f"{answer!r} is not an answer to the question ({labels})")
    return code


def loneliness_rank(answer: str) -> int:
    """Place an answer on the ONS order: 1 = often/always ... 5 = never.

    A higher rank is less lonely, so an after-minus-before change in rank is
    positive when someone feels lonely less often (see :func:`paired_change`).

    Parameters
    ----------
    answer : str
        A code or label (see :func:`loneliness_code`).

    Returns
    -------
    int
        1-5.

    Examples
    --------
    >>> loneliness_rank("often/always"), loneliness_rank("never")
    (1, 5)
    """
    code = loneliness_code(answer)
    return [c for c, _ in LONELINESS_CHOICES].index(code) + 1


def is_chronically_lonely(answer: str) -> bool:
    """Whether an answer is "often/always", which ONS calls chronic loneliness.

    Examples
    --------
    >>> is_chronically_lonely("Often/always"), is_chronically_lonely("occasionally")
    (True, False)
    """
    return loneliness_code(answer) == CHRONICALLY_LONELY


# --- Paired change ---------------------------------------------------------


@dataclass(frozen=True)
class PairedChange:
    """The change between paired before and after scores.

    Attributes
    ----------
    n : int
        Pairs with both scores.
    dropped : int
        Pairs left out because a score was missing.
    mean_before, mean_after, mean_change : float or None
        Means over the ``n`` complete pairs; change is after minus before.
        None when ``n`` is 0.
    sd_change : float or None
        Sample standard deviation of the changes; None when ``n`` < 2.
    ci_low, ci_high : float or None
        The confidence interval for the mean change (t distribution, ``n``-1
        degrees of freedom); None when ``n`` < 2.
    confidence : float
        The interval's level, e.g. 0.95.
    meaningful : float
        The threshold for a meaningful change for one person.
    higher_is_better : bool
        Whether a rise is an improvement (False for anxiety).
    improved, worsened : int
        People whose change was at least ``meaningful`` in the better or the
        worse direction.
    share_improved, share_worsened : float or None
        Those counts as fractions of ``n``; None when ``n`` is 0.
    """

    n: int
    dropped: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    sd_change: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    meaningful: float
    higher_is_better: bool
    improved: int
    worsened: int
    share_improved: float | None
    share_worsened: float | None


def _score_or_none(value: object, position: int, which: str) -> float | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{which} score {position} is not a number: {value!r}")
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{which} score {position} is infinite")
    return number


def paired_change(
    before: Sequence[float | None],
    after: Sequence[float | None],
    *,
    meaningful: float = SWEMWBS_MEANINGFUL_CHANGE,
    higher_is_better: bool = True,
    confidence: float = 0.95,
) -> PairedChange:
    """Mean change between paired scores, with its confidence interval.

    Parameters
    ----------
    before, after : sequence of float or None
        One score per person, in the same order (e.g. SWEMWBS metric scores
        at referral and at review). None, NaN or ``pd.NA`` is a missing
        score; a pair
        with either missing is dropped and counted in ``dropped``.
    meaningful : float
        The smallest change that counts as meaningful for one person
        (default :data:`SWEMWBS_MEANINGFUL_CHANGE`, 3 metric points; use 1
        for an ONS4 question). A change equal to it counts.
    higher_is_better : bool
        False for measures where a fall is an improvement (ONS4 anxiety).
    confidence : float
        Level of the interval, between 0 and 1.

    Returns
    -------
    PairedChange
        ``n``, ``dropped``, means, the standard deviation of the changes, the
        interval (None when fewer than two pairs) and the counts and shares
        of people with a meaningful improvement or deterioration.

    Raises
    ------
    ValueError
        If the sequences differ in length, a score is not a number, or
        ``confidence`` is not between 0 and 1.

    Examples
    --------
    >>> result = paired_change([18.59, 19.25, 16.36, None], [22.35, 19.98, 19.25, 25.0])
    >>> result.n, result.dropped, round(result.mean_change, 2)
    (3, 1, 2.46)
    >>> result.improved, round(result.share_improved, 3)
    (1, 0.333)
    >>> round(result.ci_low, 2), round(result.ci_high, 2)
    (-1.42, 6.34)
    """
    if len(before) != len(after):
        raise ValueError(
            f"before has {len(before)} scores and after has {len(after)}; "
            "they must be paired"
        )
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    pairs: list[tuple[float, float]] = []
    dropped = 0
    for position, (b, a) in enumerate(zip(before, after, strict=True), start=1):
        first = _score_or_none(b, position, "before")
        second = _score_or_none(a, position, "after")
        if first is None or second is None:
            dropped += 1
        else:
            pairs.append((first, second))
    n = len(pairs)
    if n == 0:
        return PairedChange(
            0, dropped, None, None, None, None, None, None, confidence,
            meaningful, higher_is_better, 0, 0, None, None,
        )  # fmt: skip
    b_values = np.array([p[0] for p in pairs])
    a_values = np.array([p[1] for p in pairs])
    change = a_values - b_values
    mean = float(change.mean())
    sd = ci_low = ci_high = None
    if n >= 2:
        sd = float(change.std(ddof=1))
        half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
        ci_low, ci_high = mean - half, mean + half
    # Scores such as SWEMWBS metric values carry two decimals, so compare
    # with a small tolerance: 19.98 - 16.98 must count as a change of 3.
    tolerance = 1e-9
    better = change if higher_is_better else -change
    improved = int((better >= meaningful - tolerance).sum())
    worsened = int((better <= -meaningful + tolerance).sum())
    return PairedChange(
        n=n,
        dropped=dropped,
        mean_before=float(b_values.mean()),
        mean_after=float(a_values.mean()),
        mean_change=mean,
        sd_change=sd,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=confidence,
        meaningful=meaningful,
        higher_is_better=higher_is_better,
        improved=improved,
        worsened=worsened,
        share_improved=improved / n,
        share_worsened=worsened / n,
    )


# --- Small-count suppression ----------------------------------------------------

#: Counts from 1 up to (not including) this are suppressed in exports.
SUPPRESSION_THRESHOLD = 5


def suppress(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> int | None:
    """Hide a small count before it leaves Hearth.

    The rule: a count of 1 to ``threshold`` - 1 (1-4 by default) is replaced
    by None, which exports show as suppressed; 0 is shown, because "nobody"
    does not identify anyone, and larger counts are shown unchanged. This is
    primary suppression only: a suppressed cell that can be worked back from
    a total and the other cells (secondary suppression) is not handled here,
    so exported tables should not publish totals beside suppressed cells, or
    should round. NHS and ONS outputs use the same kind of rule, with
    thresholds that vary by dataset.

    Parameters
    ----------
    count : int
        A count of people (a whole number, not negative).
    threshold : int
        The smallest count that is shown (default 5).

    Returns
    -------
    int or None
        The count, or None when it is suppressed.

    Raises
    ------
    ValueError
        If ``count`` is negative or not a whole number, or ``threshold`` < 1.

    Examples
    --------
    >>> [suppress(n) for n in (0, 1, 4, 5, 12)]
    [0, None, None, 5, 12]
    """
    value = _whole(count, "a count")
    if value < 0:
        raise ValueError(f"a count cannot be negative: {value}")
    limit = _whole(threshold, "the suppression threshold")
    if limit < 1:
        raise ValueError(f"the suppression threshold must be at least 1: {limit}")
    return None if 0 < value < limit else value


def suppress_frame(
    frame: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> pd.DataFrame:
    """Apply :func:`suppress` to the count columns of a table.

    Parameters
    ----------
    frame : DataFrame
        The table to export.
    columns : sequence of str, optional
        The count columns (default: every integer column).
    threshold : int
        The smallest count that is shown.

    Returns
    -------
    DataFrame
        A copy whose count columns are nullable integers (``Int64``), with
        suppressed cells as ``<NA>``; other columns are unchanged. Missing
        counts stay missing.

    Raises
    ------
    ValueError
        If a count column holds a negative or fractional number.

    Examples
    --------
    >>> table = pd.DataFrame({"group": ["a", "b", "c"], "people": [0, 3, 40]})
    >>> suppress_frame(table)["people"].tolist()
    [0, <NA>, 40]
    """
    out = frame.copy()
    if columns is None:
        columns = [c for c in frame.columns if pd.api.types.is_integer_dtype(frame[c])]
    for column in columns:
        values = pd.to_numeric(frame[column], errors="raise")
        shown: list[int | None] = []
        for value in values:
            if pd.isna(value):
                shown.append(None)
                continue
            if float(value) != math.floor(float(value)):
                raise ValueError(f"column {column!r} has a fractional count: {value}")
            shown.append(suppress(int(value), threshold))
        out[column] = pd.array(shown, dtype="Int64")
    return out
