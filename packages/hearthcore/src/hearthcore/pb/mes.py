"""The Method of Equal Shares (MES) for approval ballots, fast and exact.

How the method works (equalshares.net): the budget is split equally among
the voters as virtual money. Repeatedly, among the projects whose
supporters still have enough money between them, the method buys the one
that is cheapest *per supporter*: its cost is shared as equally as possible
among its supporters, a supporter who has less than the equal share pays
all they have left, and the others pay the same amount rho (the price per
supporter). The project with the smallest rho relative to its cost — the
largest "effective vote count" ``cost / rho`` — wins the round. Counting stops
when no remaining project can be paid for by its supporters.

Ties (the same effective vote count) go to the cheaper project, then to the
one with more votes, then to the lower project id (natural order: ``2``
before ``10``), a deterministic stand-in for the lot the rules prescribe.

Satisfaction is measured by cost (the standard for real elections, as
equalshares.net and Pabulib's checker use), so a voter's utility for a
project is its cost and rho is money per supporter.

Two engines compute a run, with the same results:

* a fast one on float64 numpy arrays. Only two kinds of decision in MES are
  discontinuous: whether a project's supporters can afford it, and which
  project has the largest effective vote count. When either is closer than
  a relative 1e-9 — so close that rounding could decide it — the fast
  engine gives up and the run is repeated exactly. Genuine ties between
  projects whose supporters all pay the full equal share (vote count equal
  to the number of supporters, an integer) are recognised without help.
* an exact one in :class:`fractions.Fraction` arithmetic, used for those
  runs and in the tests as the reference.

Completion ("add1", Pabulib's ``equalshares/add1``): the count is repeated
with each voter's virtual money raised one currency unit at a time, and the
last outcome that fits the real budget is taken. As in Pabulib's checker
(pabulib/checker), the virtual money per voter runs through the whole
numbers ``floor(budget / voters) + 1, + 2, ...`` and the process stops at
the first outcome that costs more than the budget; if even the first raise
does not fit, the outcome with the exact equal share ``budget / voters`` is
kept. No greedy top-up follows: Pabulib's ``equalshares/add1`` outcome is
the Equal Shares outcome itself. (``exhaustive_stop=True`` gives
pabutools' variant instead, which starts at ``budget / voters`` and also
stops at the first outcome to which no further project could be added.)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from .pabulib import Election

TOLERANCE = 1e-9
"""Relative closeness below which the fast engine defers to exact arithmetic."""

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]
_DIGITS = re.compile(r"(\d+)")


def natural_key(project_id: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key putting ``p2`` before ``p10``.

    Parameters
    ----------
    project_id : str
        A project id.

    Returns
    -------
    tuple
        A key comparing digit runs as numbers and the rest as text.

    Examples
    --------
    >>> sorted(["p10", "p2", "a"], key=natural_key)
    ['a', 'p2', 'p10']
    """
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _DIGITS.split(project_id)
        if part
    )


@dataclass(frozen=True)
class ApprovalProfile:
    """The approval ballots of an election, indexed for counting.

    Attributes
    ----------
    n_voters : int
        Every ballot, including empty ones (each gets an equal share).
    ids : tuple of str
        Project ids in file order; projects are numbered by position.
    costs : tuple of Fraction
        Exact costs.
    budget : Fraction
        The exact real budget.
    approvers : tuple of numpy arrays
        For each project, the positions of the ballots approving it.
    counts : numpy array of int
        For each project, its number of approvals.
    rank : tuple of int
        Each project's place in the tie-breaking order (cheaper, then more
        votes, then lower id).
    """

    n_voters: int
    ids: tuple[str, ...]
    costs: tuple[Fraction, ...]
    budget: Fraction
    approvers: tuple[IndexArray, ...]
    counts: npt.NDArray[np.int64]
    rank: tuple[int, ...]
    costs_f: FloatArray = field(repr=False)

    @classmethod
    def from_election(cls, election: Election) -> ApprovalProfile:
        """Index an election's ballots.

        Parameters
        ----------
        election : Election
            An election with approval or choose-1 ballots.

        Returns
        -------
        ApprovalProfile
            The indexed ballots.

        Raises
        ------
        ValueError
            If the ballots are not approval or choose-1 ballots.

        Examples
        --------
        >>> from hearthcore.pb.pabulib import approval_election
        >>> e = approval_election(100, {"a": 60, "b": 50}, [["a"], ["a", "b"]])
        >>> ApprovalProfile.from_election(e).counts.tolist()
        [2, 1]
        """
        if election.vote_type not in ("approval", "choose-1"):
            raise ValueError(
                f"Equal Shares needs approval or choose-1 ballots, not {election.vote_type}"
            )
        ids = tuple(election.project_ids)
        position = {pid: j for j, pid in enumerate(ids)}
        lists: list[list[int]] = [[] for _ in ids]
        for voter, ballot in enumerate(election.ballots):
            for pid in ballot.projects:
                lists[position[pid]].append(voter)
        approvers = tuple(np.array(voters, dtype=np.intp) for voters in lists)
        counts = np.array([len(voters) for voters in lists], dtype=np.int64)
        costs = tuple(Fraction(p.cost) for p in election.projects)
        order = sorted(
            range(len(ids)),
            key=lambda j: (costs[j], -int(counts[j]), natural_key(ids[j]), j),
        )
        rank = [0] * len(ids)
        for place, j in enumerate(order):
            rank[j] = place
        return cls(
            n_voters=len(election.ballots),
            ids=ids,
            costs=costs,
            budget=Fraction(election.budget),
            approvers=approvers,
            counts=counts,
            rank=tuple(rank),
            costs_f=np.array([float(c) for c in costs], dtype=np.float64),
        )

    def candidates(self) -> list[int]:
        """Return the projects Equal Shares can buy: positive cost, at least one vote."""
        return [
            j for j in range(len(self.ids)) if self.costs[j] > 0 and self.counts[j] > 0
        ]

    def cost_of(self, projects: list[int]) -> Fraction:
        """Return the exact total cost of some projects."""
        return sum((self.costs[j] for j in projects), Fraction(0))


@dataclass(frozen=True)
class Purchase:
    """How one project was paid for in a traced run.

    Attributes
    ----------
    project : int
        The project's position in the profile.
    price : float
        rho, the most any supporter paid (what everyone with enough money left paid).
    effective_votes : float
        ``cost / price``, the number the method compares between projects.
    paid_full : int
        Supporters who paid the full price rho.
    paid_part : int
        Supporters who had less than rho left and paid all of it.
    paid_none : int
        Supporters who had nothing left.
    """

    project: int
    price: float
    effective_votes: float
    paid_full: int
    paid_part: int
    paid_none: int


@dataclass(frozen=True)
class Run:
    """One count with a fixed virtual budget per voter.

    Attributes
    ----------
    endowment : Fraction
        Each voter's virtual money at the start.
    winners : list of int
        Project positions in the order bought.
    exact : bool
        Whether the run needed exact arithmetic.
    purchases : list of Purchase
        With ``trace=True``: how each winner was paid for.
    money : list of numpy arrays
        With ``trace=True``: for each project, its supporters' money left
        between them at the start (``money[0]``) and after each purchase.
    """

    endowment: Fraction
    winners: list[int]
    exact: bool
    purchases: list[Purchase] = field(default_factory=list)
    money: list[FloatArray] = field(default_factory=list)


class _Ambiguous(Exception):
    """Rounding could decide a step of the fast engine."""


def run(profile: ApprovalProfile, endowment: Fraction, *, trace: bool = False) -> Run:
    """Count once, giving each voter ``endowment`` of virtual money.

    Parameters
    ----------
    profile : ApprovalProfile
        The ballots.
    endowment : Fraction
        Virtual money per voter.
    trace : bool, optional
        Record how each project was paid for and the money left behind
        each project after every purchase (for explanations).

    Returns
    -------
    Run
        The projects bought, in order.

    Examples
    --------
    >>> from hearthcore.pb.pabulib import approval_election
    >>> e = approval_election(300, {"a": 200, "b": 100, "c": 100},
    ...                       [["a"], ["a"], ["b", "c"]])
    >>> p = ApprovalProfile.from_election(e)
    >>> [p.ids[j] for j in run(p, Fraction(100)).winners]
    ['a', 'b']
    """
    try:
        return _fast(profile, endowment, trace)
    except _Ambiguous:
        return _exact(profile, endowment, trace)


def _fast(profile: ApprovalProfile, endowment: Fraction, trace: bool) -> Run:
    e = float(endowment)
    budgets = np.full(profile.n_voters, e, dtype=np.float64)
    slack = 1e-12 * max(e, 1.0)  # generous bound on a budget's rounding error
    costs = profile.costs_f
    approvers = profile.approvers
    counts = profile.counts
    rank = profile.rank
    bound = [float(k) for k in counts]  # effective vote counts only fall
    alive = profile.candidates()
    winners: list[int] = []
    purchases: list[Purchase] = []
    matrix = _matrix(profile) if trace else None
    money = [matrix @ budgets] if matrix is not None else []
    while alive:
        alive.sort(key=lambda j: (-bound[j], rank[j]))
        best = 0.0
        seen: list[tuple[int, float, float, bool]] = []
        dropped: list[int] = []
        for j in alive:
            if bound[j] < best * (1.0 - TOLERANCE):
                break
            share = budgets[approvers[j]]
            cost = float(costs[j])
            behind = float(share.sum())
            margin = TOLERANCE * cost + share.size * slack
            if behind < cost - margin:
                dropped.append(j)
                continue
            if behind <= cost + margin:
                raise _Ambiguous
            price, whole = _price(share, cost, slack, cost / bound[j])
            votes = cost / price
            bound[j] = votes
            seen.append((j, votes, price, whole))
            best = max(best, votes)
        for j in dropped:
            alive.remove(j)
        if not seen:
            break
        near = [item for item in seen if item[1] >= best * (1.0 - TOLERANCE)]
        if len(near) > 1:
            if not all(item[3] for item in near):
                raise _Ambiguous
            top = max(int(counts[item[0]]) for item in near)
            near = [item for item in near if counts[item[0]] == top]
        j, votes, price, _ = min(near, key=lambda item: rank[item[0]])
        winners.append(j)
        alive.remove(j)
        share = budgets[approvers[j]]
        if trace:
            none = int(np.count_nonzero(share <= slack))
            full = int(np.count_nonzero(share >= price - slack - TOLERANCE * price))
            purchases.append(
                Purchase(j, price, votes, full, int(share.size) - full - none, none)
            )
        share -= price
        np.maximum(share, 0.0, out=share)
        budgets[approvers[j]] = share
        if matrix is not None:
            money.append(matrix @ budgets)
    return Run(endowment, winners, False, purchases, money)


def _price(
    share: FloatArray, cost: float, slack: float, start: float
) -> tuple[float, bool]:
    """Solve ``sum(min(share, rho)) == cost``; say whether everyone pays rho.

    ``start`` is the project's rho in an earlier round: budgets only fall,
    so rho only rises, and the poor/rich iteration can start there.
    """
    size = share.size
    price = cost / size
    if float(share.min()) >= price + slack + TOLERANCE * price:
        return price, True
    # From any start the first step lands at or below the answer, and from
    # there each step rises until the voters short of rho stay the same.
    price = max(price, start * (1.0 - TOLERANCE))
    poor = share < price
    count = int(np.count_nonzero(poor))
    while True:
        rest = size - count
        if rest <= 0:
            raise _Ambiguous
        price = (cost - float(share[poor].sum())) / rest
        poorer = share < price
        new = int(np.count_nonzero(poorer))
        if new == count:
            return price, False
        poor, count = poorer, new


def _matrix(profile: ApprovalProfile) -> FloatArray:
    matrix = np.zeros((len(profile.ids), profile.n_voters), dtype=np.float64)
    for j, voters in enumerate(profile.approvers):
        matrix[j, voters] = 1.0
    return matrix


def _exact(profile: ApprovalProfile, endowment: Fraction, trace: bool) -> Run:
    budgets = [endowment] * profile.n_voters
    lists = [voters.tolist() for voters in profile.approvers]
    costs = profile.costs
    rank = profile.rank
    bound = {j: Fraction(int(profile.counts[j])) for j in range(len(costs))}
    alive = profile.candidates()
    winners: list[int] = []
    purchases: list[Purchase] = []
    money = [_exact_money(profile, lists, budgets)] if trace else []
    zero = Fraction(0)
    while alive:
        alive.sort(key=lambda j: (-bound[j], rank[j]))
        best = zero
        tied: list[int] = []
        price_of: dict[int, Fraction] = {}
        dropped: list[int] = []
        for j in alive:
            if bound[j] < best:
                break
            share = sorted(budgets[i] for i in lists[j])
            cost = costs[j]
            if sum(share, zero) < cost:
                dropped.append(j)
                continue
            paid, rest = zero, len(share)
            price = cost / rest
            for value in share:
                price = (cost - paid) / rest
                if value >= price:
                    break
                paid += value
                rest -= 1
            votes = cost / price
            bound[j] = votes
            price_of[j] = price
            if votes > best:
                best, tied = votes, [j]
            elif votes == best:
                tied.append(j)
        for j in dropped:
            alive.remove(j)
        if not tied:
            break
        j = min(tied, key=lambda item: rank[item])
        price = price_of[j]
        winners.append(j)
        alive.remove(j)
        full = part = none = 0
        for i in lists[j]:
            value = budgets[i]
            if value >= price:
                full += 1
                budgets[i] = value - price
            else:
                none += value == 0
                part += value != 0
                budgets[i] = zero
        if trace:
            purchases.append(
                Purchase(j, float(price), float(costs[j] / price), full, part, none)
            )
            money.append(_exact_money(profile, lists, budgets))
    return Run(endowment, winners, True, purchases, money)


def _exact_money(
    profile: ApprovalProfile, lists: list[list[int]], budgets: list[Fraction]
) -> FloatArray:
    return np.array(
        [float(sum((budgets[i] for i in voters), Fraction(0))) for voters in lists],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class EqualSharesResult:
    """The outcome of Equal Shares, possibly completed by add1.

    Attributes
    ----------
    winners : list of int
        Project positions in the order bought.
    endowment : Fraction
        The virtual money per voter of the run that gave ``winners``.
    runs : int
        How many counts were made (1 without completion).
    exact_runs : int
        How many of them needed exact arithmetic.
    """

    winners: list[int]
    endowment: Fraction
    runs: int
    exact_runs: int


def equal_shares(
    profile: ApprovalProfile, *, add1: bool = False, exhaustive_stop: bool = False
) -> EqualSharesResult:
    """Equal Shares, optionally completed by raising everyone's money (add1).

    Parameters
    ----------
    profile : ApprovalProfile
        The ballots.
    add1 : bool, optional
        Complete by add1 as Pabulib's ``equalshares/add1`` (module docstring).
    exhaustive_stop : bool, optional
        With ``add1``: pabutools' variant instead (start from the exact
        equal share, also stop at the first exhaustive outcome).

    Returns
    -------
    EqualSharesResult
        The winners and the virtual budget that produced them.

    Examples
    --------
    >>> from hearthcore.pb.pabulib import approval_election
    >>> e = approval_election(300, {"a": 200, "b": 100, "c": 100},
    ...                       [["a"], ["a"], ["b", "c"]])
    >>> p = ApprovalProfile.from_election(e)
    >>> [p.ids[j] for j in equal_shares(p).winners]
    ['a', 'b']
    >>> result = equal_shares(p, add1=True)
    >>> [p.ids[j] for j in result.winners], result.endowment
    (['a', 'b'], Fraction(199, 1))
    """
    n = profile.n_voters
    if n == 0:
        return EqualSharesResult([], Fraction(0), 0, 0)
    real = profile.budget
    first = run(profile, real / n)
    result = EqualSharesResult(first.winners, first.endowment, 1, int(first.exact))
    if not add1:
        return result
    supported = profile.candidates()
    if profile.cost_of(supported) <= real:
        # Enough money for every project with a vote: raising the shares
        # would eventually buy them all and never exceed the budget.
        everything = run(profile, max(real / n, profile.cost_of(supported)))
        return EqualSharesResult(
            everything.winners,
            everything.endowment,
            2,
            result.exact_runs + int(everything.exact),
        )
    step = Fraction(real / n) if exhaustive_stop else Fraction(math.floor(real / n))
    runs, exact_runs = 1, result.exact_runs
    winners, endowment = first.winners, first.endowment
    while True:
        if exhaustive_stop and _exhaustive(profile, winners):
            break
        step += 1
        attempt = run(profile, step)
        runs += 1
        exact_runs += attempt.exact
        if profile.cost_of(attempt.winners) > real:
            break
        winners, endowment = attempt.winners, attempt.endowment
    return EqualSharesResult(winners, endowment, runs, exact_runs)


def _exhaustive(profile: ApprovalProfile, winners: list[int]) -> bool:
    spent = profile.cost_of(winners)
    chosen = set(winners)
    return all(
        spent + profile.costs[j] > profile.budget
        for j in range(len(profile.ids))
        if j not in chosen
    )
