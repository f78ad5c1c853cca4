from __future__ import annotations

import datetime as dt

import pytest

from hearthcore import prescribing
from hearthcore.outcomes import swemwbs_metric


def test_small_counts_are_suppressed_and_a_total_cannot_reveal_them():
    table = prescribing.counts(
        ["gp"] * 9 + ["pharmacist"] * 6 + ["self"] * 2,
        order=["gp", "practice_nurse", "pharmacist", "self"],
        with_total=True,
    )
    assert table.to_dict("records") == [
        {"group": "gp", "referrals": 9},
        {"group": "practice_nurse", "referrals": 0},  # nobody: shown
        {"group": "pharmacist", "referrals": None},  # suppressed too: 17 - 9 - 6 = 2
        {"group": "self", "referrals": None},
        {"group": "Total", "referrals": 17},
    ]


def test_two_suppressed_cells_need_no_more():
    assert prescribing.secondary_suppression([None, None, 8]) == [None, None, 8]
    assert prescribing.secondary_suppression([5, 6, 7]) == [5, 6, 7]


def test_wait_summary_is_suppressed_for_few_people():
    day = dt.date(2025, 3, 3)
    few = prescribing.wait_summary([day] * 3, [day + dt.timedelta(days=2)] * 3)
    assert few.n is None and few.median is None and few.mean is None
    many = prescribing.wait_summary(
        [day] * 8, [day + dt.timedelta(days=d) for d in (0, 1, 2, 3, 4, 5, 6, 20)]
    )
    assert many.n == 8 and many.median == 3.5 and many.within == 0.75
    assert many.p90 == pytest.approx(10.2)
    with pytest.raises(ValueError, match="dated before"):
        prescribing.wait_summary([day], [day - dt.timedelta(days=1)])


def test_outcome_changes_use_metric_scores_and_the_right_direction():
    before = {
        "swemwbs": [14, 16, 18, 20, 15, 17, None],
        "anxiety": [8, 7, 6, 9, 7, 8, 5],
        "loneliness": [
            "often_always",
            "some_of_the_time",
            "often_always",
            "hardly_ever",
            "occasionally",
            "often_always",
            None,
        ],
    }
    after = {
        "swemwbs": [20, 19, 21, 20, 22, 18, 25],
        "anxiety": [4, 7, 5, 9, 3, 6, 5],
        "loneliness": [
            "occasionally",
            "some_of_the_time",
            "hardly_ever",
            "hardly_ever",
            "never",
            "often_always",
            "never",
        ],
    }
    rows = {r.measure: r for r in prescribing.outcome_changes(before, after)}
    swemwbs = rows["swemwbs"]
    metric = [swemwbs_metric(b) for b in (14, 16, 18, 20, 15, 17)]
    metric_after = [swemwbs_metric(a) for a in (20, 19, 21, 20, 22, 18)]
    expected = sum(a - b for a, b in zip(metric_after, metric, strict=True)) / 6
    assert swemwbs.pairs == 6 and swemwbs.change.dropped == 1
    assert swemwbs.change.mean_change == pytest.approx(expected)
    # 3.27 and 4.14 metric points are meaningful (>= 3); 1.82 is not.
    assert swemwbs.change.improved == 2
    anxiety = rows["anxiety"]
    assert (
        not anxiety.higher_is_better and anxiety.change.improved == 4
    )  # a fall of 1 or more
    loneliness = rows["loneliness"]
    assert loneliness.change.n == 6 and loneliness.change.improved == 3
    assert set(rows) == {"swemwbs", "anxiety", "loneliness"}


def test_outcomes_for_fewer_than_five_people_are_left_out():
    rows = prescribing.outcome_changes(
        {"swemwbs": [14, 15, 16]}, {"swemwbs": [20, 21, 22]}
    )
    assert rows[0].change is None and rows[0].pairs is None


def test_nhs_numbers():
    assert prescribing.nhs_number_valid("9434765919")
    assert prescribing.nhs_number_valid("943-476-5919")
    assert not prescribing.nhs_number_valid("9434765910")
    assert not prescribing.nhs_number_valid("943476591")
    assert not prescribing.nhs_number_valid("abcdefghij")
