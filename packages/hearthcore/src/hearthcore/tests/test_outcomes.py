from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hearthcore import outcomes
from hearthcore.outcomes import (
    LONELINESS_CHOICES,
    SWEMWBS_MEANINGFUL_CHANGE,
    SWEMWBS_METRIC,
    SWEMWBS_NOTICE,
    is_chronically_lonely,
    loneliness_code,
    loneliness_rank,
    ons4_band,
    paired_change,
    suppress,
    suppress_frame,
    swemwbs_metric,
    swemwbs_raw,
)

# --- SWEMWBS -------------------------------------------------------------


def test_conversion_table_is_the_published_one():
    # Warwick's table, raw 7-35, copied here a second time by hand so that a
    # typo in the module does not pass unnoticed.
    published = [
        7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,
        16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,
        24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00,
    ]  # fmt: skip
    assert list(SWEMWBS_METRIC) == list(range(7, 36))
    assert [SWEMWBS_METRIC[r] for r in range(7, 36)] == published
    values = list(SWEMWBS_METRIC.values())
    assert all(b > a for a, b in itertools.pairwise(values))


@pytest.mark.parametrize(
    ("raw", "metric"), [(7, 7.0), (14, 15.32), (21, 19.25), (28, 25.03), (35, 35.0)]
)
def test_metric_scores(raw, metric):
    assert swemwbs_metric(raw) == metric


def test_metric_accepts_numpy_integers():
    assert swemwbs_metric(np.int64(22)) == 19.98


@pytest.mark.parametrize("raw", [6, 36, 0, -7])
def test_metric_outside_the_range(raw):
    with pytest.raises(ValueError, match="must be 7-35"):
        swemwbs_metric(raw)


@pytest.mark.parametrize("raw", [21.0, 21.5, True, False, "21", None])
def test_metric_needs_a_whole_number(raw):
    with pytest.raises(ValueError, match="whole number"):
        swemwbs_metric(raw)


def test_raw_adds_seven_items():
    assert swemwbs_raw([1, 2, 3, 4, 5, 1, 2]) == 18
    assert swemwbs_raw((5,) * 7) == 35
    assert swemwbs_metric(swemwbs_raw([1] * 7)) == 7.0


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([3] * 6, "7 items, not 6"),
        ([3] * 8, "7 items, not 8"),
        ([3, 3, 3, 0, 3, 3, 3], "item 4 must be 1-5, not 0"),
        ([3, 3, 3, 3, 3, 3, 6], "item 7 must be 1-5, not 6"),
        ([3, 3, 3.0, 3, 3, 3, 3], "item 3 must be a whole number"),
        ([3, True, 3, 3, 3, 3, 3], "item 2 must be a whole number"),
        ([3, None, 3, 3, 3, 3, 3], "item 2 must be a whole number"),
        ("3333333", "not a string"),
    ],
)
def test_raw_validates(items, message):
    with pytest.raises(ValueError, match=message):
        swemwbs_raw(items)


def test_meaningful_change_and_notice():
    assert SWEMWBS_MEANINGFUL_CHANGE == 3
    assert "SWEMWBS" in SWEMWBS_NOTICE
    assert "©" in SWEMWBS_NOTICE
    assert "University of Warwick" in SWEMWBS_NOTICE
    assert SWEMWBS_NOTICE.endswith("all rights reserved.")


# --- ONS4 ----------------------------------------------------------------------


POSITIVE = ["low"] * 5 + ["medium"] * 2 + ["high"] * 2 + ["very high"] * 2
ANXIETY = ["very low"] * 2 + ["low"] * 2 + ["medium"] * 2 + ["high"] * 5


@pytest.mark.parametrize("measure", ["life_satisfaction", "worthwhile", "happiness"])
def test_ons4_positive_bands(measure):
    # 0-4 low, 5-6 medium, 7-8 high, 9-10 very high
    assert [ons4_band(measure, s) for s in range(11)] == POSITIVE


def test_ons4_anxiety_bands():
    # 0-1 very low, 2-3 low, 4-5 medium, 6-10 high
    assert [ons4_band("anxiety", s) for s in range(11)] == ANXIETY


@pytest.mark.parametrize("score", [-1, 11, 5.5, 5.0, True, None, "7"])
def test_ons4_scores_are_whole_numbers_0_to_10(score):
    with pytest.raises(ValueError, match="ONS4 happiness score"):
        ons4_band("happiness", score)


def test_ons4_unknown_measure():
    with pytest.raises(ValueError, match="unknown ONS4 measure 'satisfaction'"):
        ons4_band("satisfaction", 5)


def test_ons4_questions_cover_the_four_measures():
    assert outcomes.ONS4_MEASURES == (
        "life_satisfaction",
        "worthwhile",
        "happiness",
        "anxiety",
    )
    assert set(outcomes.ONS4_QUESTIONS) == set(outcomes.ONS4_THRESHOLDS)


# --- Loneliness -----------------------------------------------------------------


def test_loneliness_choices_in_the_ons_order():
    assert outcomes.LONELINESS_QUESTION == "How often do you feel lonely?"
    assert [label for _, label in LONELINESS_CHOICES] == [
        "Often/always",
        "Some of the time",
        "Occasionally",
        "Hardly ever",
        "Never",
    ]
    assert [loneliness_rank(code) for code, _ in LONELINESS_CHOICES] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("Often/always", "often_always"),
        ("often or always", "often_always"),
        ("OFTEN_ALWAYS", "often_always"),
        ("some of the time", "some_of_the_time"),
        (" Hardly ever ", "hardly_ever"),
        ("never", "never"),
    ],
)
def test_loneliness_code(answer, code):
    assert loneliness_code(answer) == code


def test_loneliness_unknown_answer():
    with pytest.raises(ValueError, match="'sometimes' is not an answer"):
        loneliness_code("sometimes")


def test_chronic_loneliness():
    assert is_chronically_lonely("Often/always")
    assert not is_chronically_lonely("Some of the time")


# --- Paired change ---------------------------------------------------------------


def test_paired_change_by_hand():
    before = [10, 12, 14, 16]
    after = [13, 12, 18, 15]
    # changes 3, 0, 4, -1: mean 6 / 4 = 1.5
    # deviations 1.5, -1.5, 2.5, -2.5: squares 2.25 + 2.25 + 6.25 + 6.25 = 17
    # sd = sqrt(17 / 3) = 2.3805; se = sd / sqrt(4) = 1.19024
    # t(0.975, 3 df) = 3.182446; half width = 3.182446 * 1.190238 = 3.787869
    result = paired_change(before, after)
    assert result.n == 4 and result.dropped == 0
    assert result.mean_before == 13 and result.mean_after == 14.5
    assert result.mean_change == 1.5
    assert result.sd_change == pytest.approx(math.sqrt(17 / 3))
    assert result.ci_low == pytest.approx(1.5 - 3.787869, abs=1e-6)
    assert result.ci_high == pytest.approx(1.5 + 3.787869, abs=1e-6)
    # changes of at least 3: 3 and 4
    assert result.improved == 2 and result.share_improved == 0.5
    assert result.worsened == 0 and result.share_worsened == 0.0
    # the same interval as scipy's paired t-test
    scipy_ci = stats.ttest_rel(after, before).confidence_interval()
    assert (result.ci_low, result.ci_high) == pytest.approx(
        (scipy_ci.low, scipy_ci.high)
    )


def test_paired_change_drops_pairs_with_a_missing_score():
    # None, NaN and pd.NA are all missing
    result = paired_change(
        [10, None, 12, float("nan"), 20, pd.NA], [14, 15, None, 9, 21, 3]
    )
    assert result.n == 2 and result.dropped == 4
    assert result.mean_change == 2.5  # (4 + 1) / 2


def test_paired_change_with_one_pair_has_no_interval():
    result = paired_change([18.59], [22.35])
    assert result.n == 1
    assert result.mean_change == pytest.approx(3.76)
    assert result.sd_change is None and result.ci_low is None and result.ci_high is None
    assert result.improved == 1 and result.share_improved == 1.0


def test_paired_change_with_no_pairs():
    result = paired_change([None, 3], [4, None])
    assert result.n == 0 and result.dropped == 2
    assert result.mean_change is None and result.share_improved is None
    assert result.ci_low is None


def test_a_change_of_exactly_the_threshold_counts():
    # 10.03 - 7.03 is 2.999999999999999 in floating point; it is a change of 3.
    result = paired_change([7.03, 20.0], [10.03, 22.99])
    assert result.improved == 1


def test_lower_is_better_for_anxiety():
    result = paired_change([7, 6, 3], [4, 6, 5], meaningful=1, higher_is_better=False)
    # changes -3 (better), 0, +2 (worse)
    assert result.mean_change == pytest.approx(-1 / 3)
    assert result.improved == 1 and result.worsened == 1


def test_paired_change_constant_change_has_a_zero_width_interval():
    result = paired_change([1, 2, 3], [2, 3, 4], meaningful=1)
    assert result.sd_change == 0.0
    assert result.ci_low == result.ci_high == 1.0


def test_paired_change_validates():
    with pytest.raises(ValueError, match="must be paired"):
        paired_change([1, 2], [1])
    with pytest.raises(ValueError, match="before score 2 is not a number"):
        paired_change([1, "2"], [1, 2])
    with pytest.raises(ValueError, match="confidence"):
        paired_change([1, 2], [1, 2], confidence=95)


# --- Suppression ------------------------------------------------------------------


def test_suppress_hides_1_to_4_and_shows_0():
    assert [suppress(n) for n in range(7)] == [0, None, None, None, None, 5, 6]
    assert suppress(9, threshold=10) is None
    assert suppress(10, threshold=10) == 10


@pytest.mark.parametrize("count", [-1, 2.0, True, None])
def test_suppress_needs_a_count(count):
    with pytest.raises(ValueError):
        suppress(count)


def test_suppress_threshold_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        suppress(3, threshold=0)


def test_suppress_frame():
    table = pd.DataFrame(
        {
            "group": ["a", "b", "c", "d"],
            "people": [0, 3, 40, 5],
            "share": [0.0, 0.06, 0.8, 0.1],
        }
    )
    out = suppress_frame(table)
    assert out["people"].tolist() == [0, pd.NA, 40, 5]
    assert str(out["people"].dtype) == "Int64"
    assert out["share"].tolist() == [0.0, 0.06, 0.8, 0.1]  # not a count column
    assert table["people"].tolist() == [0, 3, 40, 5]  # the input is unchanged


def test_suppress_frame_named_columns_keep_missing_values():
    table = pd.DataFrame({"n": [1.0, None, 7.0]})
    assert suppress_frame(table, ["n"])["n"].tolist() == [pd.NA, pd.NA, 7]
    with pytest.raises(ValueError, match="fractional"):
        suppress_frame(pd.DataFrame({"n": [1.5]}), ["n"])
