"""Counting rules on small elections whose outcomes can be checked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from hearthcore import pb
from hearthcore.pb import mes
from hearthcore.pb.rules import RuleError, compare


def majority_minority(majority: int = 6, minority: int = 4) -> pb.Election:
    """A majority approving X1 and X2, a minority approving Y; all cost 50, budget 100."""
    ballots = [["X1", "X2"]] * majority + [["Y"]] * minority
    return pb.approval_election(100, {"X1": 50, "X2": 50, "Y": 50}, ballots)


# --- greedy -----------------------------------------------------------------


def test_greedy_skips_what_does_not_fit_and_no_skip_stops():
    election = pb.approval_election(
        100,
        {"a": 60, "b": 50, "c": 40},
        [["a"], ["a"], ["a"], ["b"], ["b"], ["c"]],
    )
    assert pb.count(election, "greedy").winners == ["a", "c"]
    assert pb.count(election, "greedy-no-skip").winners == ["a"]


def test_greedy_ties_go_to_the_cheaper_project_then_the_lower_id():
    election = pb.approval_election(
        100, {"p10": 30, "p2": 30, "big": 50}, [["p10", "p2", "big"]]
    )
    assert pb.greedy_order(election) == ["p2", "p10", "big"]
    assert pb.count(election, "greedy").winners == ["p2", "p10"]


def test_greedy_on_points_breaks_score_ties_by_number_of_supporters():
    election = pb.loads(
        "META\nkey;value\nbudget;10\nvote_type;cumulative\n"
        "PROJECTS\nproject_id;cost\na;6\nb;6\nc;4\n"
        "VOTES\nvoter_id;vote;points\n1;a,c;4,1\n2;b;2\n3;b;2\n"
    )
    # a and b both have 4 points; b has two supporters, so it goes first.
    assert pb.greedy_order(election) == ["b", "a", "c"]
    assert pb.count(election, "greedy").winners == ["b", "c"]
    with pytest.raises(
        RuleError, match="needs approval or choose-1 ballots, not cumulative"
    ):
        pb.count(election, "equalshares")


def test_greedy_on_choose_1_and_ordinal_counts_ballots():
    ordinal = pb.loads(
        "META\nkey;value\nbudget;10\nvote_type;ordinal\n"
        "PROJECTS\nproject_id;cost\na;6\nb;6\n"
        "VOTES\nvoter_id;vote\n1;a,b\n2;b\n"
    )
    assert pb.count(ordinal, "greedy").winners == ["b"]


# --- Equal Shares by hand -----------------------------------------------------


def test_equal_shares_worked_example():
    # 10 voters with 10 each. X1 (6 supporters) costs 50 = 8.33 each: bought.
    # X2: its supporters have 1.67 each left, 10 < 50. Y: 4 x 10 = 40 < 50.
    outcome = pb.count(majority_minority(), "equalshares")
    assert outcome.winners == ["X1"]
    assert outcome.endowment == 10
    assert outcome.cost == 50


def test_add1_raises_the_shares_while_the_outcome_fits():
    # From 11 per voter up: at 13 the minority can buy Y (4 x 13 = 52), giving
    # X1 + Y = 100. At 17 the majority can buy X2 too (6 x 17 - 50 = 52), so
    # X1 + X2 + Y = 150 does not fit: add1 keeps the outcome at 16.
    election = majority_minority()
    outcome = pb.count(election, "equalshares/add1")
    assert outcome.winners == ["X1", "Y"]
    assert outcome.endowment == 16
    assert outcome.runs == 1 + 7  # the equal share, then 11, 12, ..., 17
    assert outcome.to_json() == {
        "rule": "equalshares/add1",
        "budget": 100,
        "winners": ["X1", "Y"],
        "cost": 100,
    }


def test_add1_would_fail_if_the_rule_were_plain_greedy():
    election = majority_minority()
    assert pb.count(election, "greedy").winners == ["X1", "X2"]
    assert pb.count(election, "equalshares/add1").winners != ["X1", "X2"]


def test_pabutools_variant_of_add1_stops_at_the_first_exhaustive_outcome():
    profile = mes.ApprovalProfile.from_election(majority_minority())
    pabulib = mes.equal_shares(profile, add1=True)
    pabutools = mes.equal_shares(profile, add1=True, exhaustive_stop=True)
    assert [profile.ids[j] for j in pabutools.winners] == ["X1", "Y"]
    assert (pabulib.endowment, pabutools.endowment) == (16, 13)


def test_add1_keeps_the_equal_share_outcome_when_the_first_raise_does_not_fit():
    # 4 voters, budget 399: 99.75 each. Only d (v4 alone, 99.5) is affordable.
    # At 100 each, b (v1 and v2, 200) and a (v3, 100) are bought too:
    # 399.5 > 399, so the outcome with the exact equal share stands.
    election = pb.approval_election(
        399, {"a": 100, "b": 200, "d": "99.5"}, [["b"], ["b"], ["a"], ["d"]]
    )
    outcome = pb.count(election, "equalshares/add1")
    assert outcome.winners == ["d"]
    assert outcome.endowment == Fraction(399, 4)
    assert outcome.runs == 2


def test_add1_when_the_budget_covers_every_project():
    election = pb.approval_election(
        1000,
        {"a": 300, "b": 300, "c": 300, "none": 50},
        [["a"], ["b", "c"], ["a", "c"]],
    )
    outcome = pb.count(election, "equalshares/add1")
    assert sorted(outcome.winners) == ["a", "b", "c"]  # nobody voted for "none"


def test_equal_shares_ties_go_to_the_cheaper_project():
    # P and Q both have an effective vote count of 3 (3 supporters paying equally).
    election = pb.approval_election(
        180, {"Q": 60, "P": 30}, [["P"], ["P"], ["P"], ["Q"], ["Q"], ["Q"]]
    )
    assert pb.count(election, "equalshares").winners == ["P", "Q"]


def test_equal_shares_ties_go_next_to_the_project_with_more_votes():
    # 15 voters with 10 each. T (6 supporters, 60) goes first and empties
    # its supporters, among them v, who also supports S. S (s1-s4 and v, 40)
    # and R (r1-r4, 40) then both cost each paying supporter 10: a tie in
    # effective votes (4) and cost; S has 5 votes to R's 4, so S goes first,
    # although R comes first by id.
    ballots = [["T"]] * 5 + [["T", "S"]] + [["S"]] * 4 + [["R"]] * 4 + [[]]
    election = pb.approval_election(150, {"T": 60, "S": 40, "R": 40}, ballots)
    assert pb.count(election, "equalshares").winners == ["T", "S", "R"]


def test_equal_shares_ties_then_go_to_the_lower_id():
    # Three projects with the same cost, votes and effective votes: the
    # lowest id in natural order (a9 before a10) wins; the shared voter then
    # has nothing left for the others.
    election = pb.approval_election(
        100,
        {"b": 50, "a10": 50, "a9": 50},
        [["a9"], ["a10"], ["b"], ["a9", "a10", "b"]],
    )
    assert pb.count(election, "equalshares").winners == ["a9"]


def test_supporters_short_of_the_equal_share_pay_what_they_have():
    # 4 voters with 10 each. Y (v2, v3, v4; 12) costs 4 each: bought first.
    # X (v1, v2; 15): v2 has only 6 left and pays it, v1 pays 9, so rho = 9
    # and X's effective vote count is 15 / 9. Z (v4 alone, 13): 6 < 13.
    election = pb.approval_election(
        40, {"X": 15, "Y": 12, "Z": 13}, [["X"], ["X", "Y"], ["Y"], ["Y", "Z"]]
    )
    profile = mes.ApprovalProfile.from_election(election)
    traced = mes.run(profile, Fraction(10), trace=True)
    assert [profile.ids[j] for j in traced.winners] == ["Y", "X"]
    y, x = traced.purchases
    assert (y.price, y.effective_votes, y.paid_full) == (4, 3, 3)
    assert x.price == pytest.approx(9)
    assert x.effective_votes == pytest.approx(15 / 9)
    assert (x.paid_full, x.paid_part, x.paid_none) == (1, 1, 0)


def test_money_exactly_equal_to_the_cost_is_enough():
    # 5 and 5 voters with 10 each: X1 and Y are each exactly affordable
    # (5 x 10 = 50). The fast engine cannot trust floats here and recounts
    # exactly.
    election = majority_minority(5, 5)
    profile = mes.ApprovalProfile.from_election(election)
    result = mes.run(profile, Fraction(10))
    assert result.exact
    assert [profile.ids[j] for j in result.winners] == ["X1", "Y"]


# --- comparison ---------------------------------------------------------------


def test_comparison_switches_to_greedy_when_more_voters_are_better_off():
    # Equal Shares/add1 funds X1 and Y; greedy funds X1 and X2. The 6
    # majority voters get 2 projects under greedy against 1; the 4 minority
    # voters get 1 under Equal Shares against 0: 6 > 4, so greedy wins.
    outcome = pb.count(majority_minority(), "equalshares/add1-comparison")
    assert outcome.winners == ["X1", "X2"]
    assert outcome.method == "greedy"
    assert outcome.comparison is not None
    assert (
        outcome.comparison.prefer_equal_shares,
        outcome.comparison.prefer_greedy,
    ) == (
        4,
        6,
    )
    assert outcome.comparison.equal_shares_winners == ["X1", "Y"]


def test_comparison_keeps_equal_shares_on_a_tie():
    outcome = pb.count(majority_minority(5, 5), "equalshares-comparison")
    assert outcome.winners == ["X1", "Y"]
    assert outcome.method == "equalshares"
    assert outcome.comparison is not None
    assert outcome.comparison.chosen == "equalshares"
    assert (
        outcome.comparison.prefer_equal_shares,
        outcome.comparison.prefer_greedy,
    ) == (
        5,
        5,
    )


def test_comparison_counts_voters_with_nothing_funded():
    election = pb.approval_election(
        2, {"a": 1, "b": 1, "c": 1}, [["a"], ["b"], ["c"], []]
    )
    profile = mes.ApprovalProfile.from_election(election)
    step = compare(profile, ["a"], ["b", "c"])
    assert (step.prefer_equal_shares, step.prefer_greedy, step.chosen) == (
        1,
        2,
        "greedy",
    )
    assert compare(profile, [], []).chosen == "equalshares"


# --- count() --------------------------------------------------------------------


def test_count_defaults_to_the_files_rule():
    election = pb.approval_election(100, {"a": 60}, [["a"]], rule="Greedy")
    assert pb.count(election).rule == "greedy"


def test_count_explains_a_missing_or_unknown_rule():
    election = pb.approval_election(100, {"a": 60}, [["a"]], rule="unknown")
    with pytest.raises(
        RuleError, match=r"META rule is 'unknown'.*equalshares/add1-comparison"
    ):
        pb.count(election)


def test_count_lists_the_supported_rules_for_an_unsupported_one():
    election = pb.approval_election(100, {"a": 60}, [["a"]])
    with pytest.raises(RuleError) as caught:
        pb.count(election, "phragmen")
    message = str(caught.value)
    assert "unsupported rule 'phragmen'" in message
    for rule in pb.RULES:
        assert rule in message


def test_to_json_has_exactly_the_four_keys_and_plain_numbers():
    election = pb.approval_election(
        "100.50", {"a": "60.0", "b": "40.5"}, [["a", "b"]], rule="greedy"
    )
    data = pb.count(election).to_json()
    assert data == {
        "rule": "greedy",
        "budget": 100.5,
        "winners": ["b", "a"],
        "cost": 100.5,
    }
    assert list(data) == ["rule", "budget", "winners", "cost"]
    assert pb.count(majority_minority(), "greedy").to_json()["cost"] == 100
    assert isinstance(pb.count(majority_minority(), "greedy").to_json()["cost"], int)
    assert pb.count(election).cost == Decimal("100.5")


def test_empty_election():
    election = pb.approval_election(100, {"a": 60}, [])
    assert pb.count(election, "equalshares/add1").winners == []
    assert pb.count(election, "greedy").winners == ["a"]
