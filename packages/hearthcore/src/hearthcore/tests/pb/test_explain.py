"""Explanations of outcomes for residents."""

from __future__ import annotations

import json

import pytest

from hearthcore import pb
from hearthcore.pb import explain


def majority_minority() -> pb.Election:
    ballots = [["X1", "X2"]] * 6 + [["Y"]] * 4
    return pb.approval_election(
        100, {"X1": 50, "X2": 50, "Y": 50}, ballots, currency="GBP"
    )


def test_equal_shares_explains_who_paid_and_why_others_were_not_funded():
    election = majority_minority()
    story = explain(election, pb.count(election, "equalshares/add1"))
    assert story.method == "equalshares"
    assert story.share_per_voter == 16
    assert "£10.00 each" in story.summary and "to £16.00" in story.summary
    x1, y, x2 = story.projects
    assert (x1.project_id, x1.funded, x1.position) == ("X1", True, 1)
    assert x1.price_per_supporter == pytest.approx(8.33)
    assert x1.paid_full == 6
    assert x1.reason == (
        "Funded 1st: its 6 supporters paid the £50.00 between them, each paying £8.33."
    )
    assert (y.project_id, y.position, y.price_per_supporter) == ("Y", 2, 12.5)
    assert not x2.funded
    assert x2.money_left == pytest.approx(6 * (16 - 50 / 6), abs=0.01)
    assert (
        "its 6 supporters had £46.00 left between them, but it cost £50.00" in x2.reason
    )
    assert "each of them £8.33; they had £7.67 each on average" in x2.reason
    assert x2.blocked_by == "X1"
    assert x2.reason.endswith(
        "It could no longer be afforded once project X1 was funded."
    )


def test_equal_shares_partial_payments_and_unaffordable_from_the_start():
    election = pb.approval_election(
        40,
        {"X": 15, "Y": 12, "Z": 13},
        [["X"], ["X", "Y"], ["Y"], ["Y", "Z"]],
        currency="EUR",
    )
    story = explain(election, pb.count(election, "equalshares"))
    y, x, z = story.projects
    assert (
        y.reason
        == "Funded 1st: its 3 supporters paid the €12.00 between them, each paying €4.00."
    )
    assert x.reason == (
        "Funded 2nd: its 2 supporters paid the €15.00 between them, 1 paying €9.00 each "
        "and 1 who had less than that left paying all they had."
    )
    assert (x.paid_full, x.paid_part, x.paid_none) == (1, 1, 0)
    assert z.reason == (
        "Not funded: when counting ended, its 1 supporter had €6.00 left, but it cost €13.00. "
        "Even at the start their shares (€10.00 in all) were not enough."
    )
    assert z.blocked_by is None


def test_projects_nobody_voted_for():
    election = pb.approval_election(100, {"a": 50, "b": 10}, [["a"], ["a"]])
    story = explain(election, pb.count(election, "equalshares"))
    assert story.unfunded[0].reason == "Not funded: nobody voted for it."


def test_greedy_explains_order_of_votes_and_what_did_not_fit():
    election = pb.approval_election(
        100, {"a": 60, "b": 50, "c": 40}, [["a"], ["a"], ["a"], ["b"], ["b"], ["c"]]
    )
    story = explain(election, pb.count(election, "greedy"))
    assert [s.project_id for s in story.funded] == ["a", "c"]
    a, c, b = story.projects
    assert (
        a.reason
        == "Funded: it had the most votes (3), and its cost of 60.00 fitted in the 100.00 still unallocated."
    )
    assert (
        b.reason
        == "Not funded: it cost 50.00, but only 40.00 was left after the projects with more votes were funded."
    )
    assert c.budget_left == 40
    assert "a project that did not fit was skipped" in story.summary


def test_greedy_no_skip_says_where_counting_stopped():
    election = pb.approval_election(
        100, {"a": 60, "b": 50, "c": 40}, [["a"], ["a"], ["a"], ["b"], ["b"], ["c"]]
    )
    story = explain(election, pb.count(election, "greedy-no-skip"))
    a, b, c = story.projects
    assert a.funded
    assert b.reason.endswith("Counting stopped here (the rule does not skip projects).")
    assert c.reason.startswith("Not funded: counting stopped at project b")
    assert c.blocked_by == "b"
    assert "counting stopped at the first project that did not fit" in story.summary


def test_comparison_is_explained():
    election = majority_minority()
    story = explain(election, pb.count(election, "equalshares/add1-comparison"))
    assert story.method == "greedy"
    assert story.comparison == (
        "Equal Shares was compared with funding projects in order of votes: 4 voters would "
        "have more of the projects they voted for funded under Equal Shares and 6 under the "
        "vote order, so the vote-order outcome was used instead."
    )
    assert story.comparison in story.summary


def test_explanation_is_plain_data():
    election = majority_minority()
    data = explain(election, pb.count(election, "equalshares/add1")).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["projects"][0]["project_id"] == "X1"


def test_an_outcome_from_another_election_is_refused():
    election = majority_minority()
    outcome = pb.count(election, "greedy")
    other = pb.approval_election(100, {"X1": 50, "X2": 50, "Y": 50}, [["Y"]] * 3)
    with pytest.raises(ValueError, match="does not come from this election"):
        explain(other, outcome)
