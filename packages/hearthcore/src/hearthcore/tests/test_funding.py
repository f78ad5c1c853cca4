"""Match-fund rules and leverage, by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from hearthcore.funding import FundedProject, MatchRule, leverage, match_decision

RULE = MatchRule(percent=D(50), cap=D(2500), trigger_share=D(25), min_backers=3)


def test_the_pledge_is_the_smallest_limit():
    # 50% of 4,000 = 2,000 < cap 2,500 < 3,000 still needed.
    assert match_decision(RULE, target=D(4000), raised=D(1000), backers=3).amount == D(
        "2000.00"
    )
    # The cap.
    assert match_decision(RULE, target=D(10000), raised=D(2500), backers=3).amount == D(
        "2500.00"
    )
    # What is still needed.
    assert match_decision(RULE, target=D(4000), raised=D(3500), backers=3).amount == D(
        "500.00"
    )
    # What the fund has left.
    assert match_decision(
        RULE, target=D(4000), raised=D(1000), backers=3, fund_left=D("123.456")
    ).amount == D("123.45")


def test_the_trigger_needs_both_the_share_and_the_backers():
    assert not match_decision(RULE, target=D(4000), raised=D("999.99"), backers=10).met
    assert not match_decision(RULE, target=D(4000), raised=D(4000), backers=2).met
    assert match_decision(RULE, target=D(4000), raised=D(1000), backers=3).met


def test_met_but_nothing_to_give():
    full = match_decision(RULE, target=D(4000), raised=D(4000), backers=5)
    assert full.met and full.amount == 0 and "already reached its target" in full.reason
    empty = match_decision(
        RULE, target=D(4000), raised=D(1000), backers=5, fund_left=D(0)
    )
    assert empty.met and empty.amount == 0 and "no money left" in empty.reason


@pytest.mark.parametrize(
    "kwargs",
    [
        {"percent": D(0), "cap": D(1)},
        {"percent": D(101), "cap": D(1)},
        {"percent": D(50), "cap": D(0)},
        {"percent": D(50), "cap": D(1), "trigger_share": D(-1)},
        {"percent": D(50), "cap": D(1), "min_backers": -1},
    ],
)
def test_impossible_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        MatchRule(**kwargs)


def test_leverage_ignores_projects_without_council_money_and_splits_per_fund():
    report = leverage(
        [
            FundedProject({"A": D(100), "B": D(100)}, D(600), smaller=True),
            FundedProject({"A": D(300)}, D(300), smaller=False, in_kind=D(50)),
            FundedProject({}, D(1000), smaller=True),
        ]
    )
    assert report.overall.projects == 2
    assert (report.overall.council, report.overall.others) == (D(500), D(900))
    assert report.overall.per_pound == D(
        "1.80"
    ) and report.overall.total_per_pound == D("2.80")
    assert report.overall.smaller_share == D("0.4000")
    assert report.overall.in_kind == D(50)
    assert report.funds["A"].council == D(400) and report.funds["A"].others == D(900)
    assert report.funds["B"].per_pound == D("6.00")
    assert leverage([]).overall.per_pound is None
