"""The fast Equal Shares engine agrees with exact arithmetic."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from hearthcore import pb
from hearthcore.pb import mes


def random_election(rng: random.Random) -> pb.Election:
    # Few distinct costs and small electorates make ties and exact
    # affordability (money equal to cost) common: the hard cases.
    costs = {
        f"p{j}": rng.choice([1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30])
        for j in range(rng.randint(1, 7))
    }
    ballots = [
        [pid for pid in costs if rng.random() < 0.4] for _ in range(rng.randint(1, 25))
    ]
    return pb.approval_election(rng.randint(1, 60), costs, ballots)


@pytest.mark.parametrize("seed", range(20))
def test_fast_engine_matches_exact_arithmetic(seed):
    rng = random.Random(seed)
    for _ in range(40):
        profile = mes.ApprovalProfile.from_election(random_election(rng))
        n = profile.n_voters
        for endowment in (
            profile.budget / n,
            Fraction(rng.randint(1, 20)),
            Fraction(rng.randint(1, 40), 7),
        ):
            fast = mes.run(profile, endowment)
            exact = mes._exact(profile, endowment, trace=False)
            assert fast.winners == exact.winners


def test_traces_agree():
    rng = random.Random(99)
    for _ in range(100):
        profile = mes.ApprovalProfile.from_election(random_election(rng))
        endowment = Fraction(rng.randint(1, 20))
        try:
            fast = mes._fast(profile, endowment, trace=True)
        except mes._Ambiguous:
            continue
        exact = mes._exact(profile, endowment, trace=True)
        assert fast.winners == exact.winners
        for a, b in zip(fast.purchases, exact.purchases, strict=True):
            assert a.project == b.project
            assert a.price == pytest.approx(b.price)
            assert (a.paid_full, a.paid_part, a.paid_none) == (
                b.paid_full,
                b.paid_part,
                b.paid_none,
            )
        for a, b in zip(fast.money, exact.money, strict=True):
            assert a == pytest.approx(b, abs=1e-9)


def test_add1_matches_exact_arithmetic_at_every_step():
    rng = random.Random(7)
    for _ in range(30):
        profile = mes.ApprovalProfile.from_election(random_election(rng))
        result = mes.equal_shares(profile, add1=True)
        exact = mes._exact(profile, result.endowment, trace=False)
        assert result.winners == exact.winners
        assert profile.cost_of(result.winners) <= profile.budget


def test_the_fast_engine_defers_when_rounding_could_decide():
    # Exactly affordable: 5 voters x 10 = 50.
    election = pb.approval_election(50, {"a": 50}, [["a"]] * 5)
    profile = mes.ApprovalProfile.from_election(election)
    with pytest.raises(mes._Ambiguous):
        mes._fast(profile, Fraction(10), trace=False)
    assert mes.run(profile, Fraction(10)).exact


def test_genuine_ties_are_resolved_without_exact_arithmetic():
    # Same cost, same supporters count, everyone paying the equal share.
    election = pb.approval_election(120, {"b": 50, "a": 50}, [["a"]] * 3 + [["b"]] * 3)
    profile = mes.ApprovalProfile.from_election(election)
    result = mes._fast(profile, Fraction(20), trace=False)
    assert [profile.ids[j] for j in result.winners] == ["a", "b"]


def test_natural_key():
    assert sorted(["p10", "p9", "10", "9", "b", "a2"], key=mes.natural_key) == [
        "9", "10", "a2", "b", "p9", "p10",
    ]  # fmt: skip


def test_profile_rejects_ballots_that_are_not_approvals():
    election = pb.loads(
        "META\nkey;value\nbudget;10\nvote_type;scoring\n"
        "PROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote;points\n1;a;3\n"
    )
    with pytest.raises(ValueError, match="approval or choose-1"):
        mes.ApprovalProfile.from_election(election)
