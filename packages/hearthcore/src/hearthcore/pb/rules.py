"""Counting rules: greedy and the Method of Equal Shares, with Pabulib's names.

Supported ``rule`` values (the labels of Pabulib's META ``rule``):

``greedy``
    Projects in order of votes (approval, choose-1 and ordinal ballots: the
    number of ballots naming the project; cumulative and scoring ballots:
    total points), each funded if it fits in what is left of the budget;
    one that does not fit is skipped and counting goes on.
``greedy-no-skip``
    The same order, but counting stops at the first project that does not fit.
``equalshares``
    The Method of Equal Shares (see :mod:`hearthcore.pb.mes`).
``equalshares/add1``
    Equal Shares completed by raising each voter's virtual money one unit
    of currency at a time while the outcome still fits the budget, as in
    Pabulib's checker; no greedy top-up.
``equalshares-comparison``, ``equalshares/add1-comparison``
    As above, then compared with the greedy outcome (by number of votes):
    each voter counts how many of their approved projects each outcome
    funds, and the greedy outcome replaces Equal Shares only if strictly
    more voters are better off under it.

Ties in the greedy order go to the cheaper project, then to the one with
more votes, then to the lower project id (natural order).

Examples
--------
>>> from hearthcore.pb.pabulib import approval_election
>>> e = approval_election(100, {"a": 60, "b": 50, "c": 40},
...                       [["a"], ["a"], ["a"], ["b"], ["b"], ["c"]], rule="greedy")
>>> count(e).to_json()
{'rule': 'greedy', 'budget': 100, 'winners': ['a', 'c'], 'cost': 100}
>>> count(e, "greedy-no-skip").winners
['a']
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from .mes import ApprovalProfile, equal_shares, natural_key
from .pabulib import Election

RULES = (
    "greedy",
    "greedy-no-skip",
    "equalshares",
    "equalshares/add1",
    "equalshares-comparison",
    "equalshares/add1-comparison",
)
"""The rules :func:`count` supports, by their Pabulib names."""

_EQUAL_SHARES_BALLOTS = ("approval", "choose-1")


class RuleError(ValueError):
    """A rule that is unknown, not given, or unsupported for these ballots."""


@dataclass(frozen=True)
class Comparison:
    """The comparison step of the ``-comparison`` rules.

    Attributes
    ----------
    prefer_equal_shares : int
        Voters with more approved projects funded under Equal Shares.
    prefer_greedy : int
        Voters with more approved projects funded under greedy.
    chosen : str
        ``"equalshares"`` or ``"greedy"``: the outcome kept.
    equal_shares_winners : list of str
        The Equal Shares outcome.
    greedy_winners : list of str
        The greedy outcome.
    """

    prefer_equal_shares: int
    prefer_greedy: int
    chosen: str
    equal_shares_winners: list[str]
    greedy_winners: list[str]


@dataclass(frozen=True)
class Outcome:
    """The result of a count.

    Attributes
    ----------
    rule : str
        The rule applied (a Pabulib name).
    budget : Decimal
        The election's budget.
    winners : list of str
        Funded project ids in the order they were selected.
    cost : Decimal
        The total cost of the winners.
    method : str
        What produced ``winners``: ``greedy``, ``greedy-no-skip`` or
        ``equalshares`` (differs from ``rule`` after a comparison step).
    endowment : Fraction or None
        For Equal Shares, each voter's virtual money in the run that gave
        ``winners`` (``budget / voters``, or more after add1).
    runs : int
        How many times Equal Shares was counted (add1 repeats it).
    comparison : Comparison or None
        The comparison step, for the ``-comparison`` rules.
    """

    rule: str
    budget: Decimal
    winners: list[str]
    cost: Decimal
    method: str
    endowment: Fraction | None = None
    runs: int = 1
    comparison: Comparison | None = None

    def to_json(self) -> dict[str, object]:
        """Return the outcome as JSON-ready plain data.

        Returns
        -------
        dict
            Exactly ``{"rule", "budget", "winners", "cost"}``; amounts are
            ints when whole, floats otherwise.

        Examples
        --------
        >>> Outcome("greedy", Decimal("10.50"), ["a"], Decimal("4.0"), "greedy").to_json()
        {'rule': 'greedy', 'budget': 10.5, 'winners': ['a'], 'cost': 4}
        """
        return {
            "rule": self.rule,
            "budget": plain_number(self.budget),
            "winners": list(self.winners),
            "cost": plain_number(self.cost),
        }


def plain_number(value: Decimal | Fraction) -> int | float:
    """Return an amount as an int when whole, else as a float.

    Parameters
    ----------
    value : Decimal or Fraction
        The amount.

    Returns
    -------
    int or float
        The JSON-friendly number.

    Examples
    --------
    >>> plain_number(Decimal("4000.0")), plain_number(Decimal("0.5"))
    (4000, 0.5)
    """
    if value == int(value):
        return int(value)
    return float(value)


def votes(election: Election) -> dict[str, int | Decimal]:
    """Each project's votes as greedy counts them.

    Parameters
    ----------
    election : Election
        The election.

    Returns
    -------
    dict of str to int or Decimal
        Approval, choose-1 and ordinal ballots: how many ballots name the
        project. Cumulative and scoring ballots: total points.

    Examples
    --------
    >>> from hearthcore.pb.pabulib import approval_election
    >>> votes(approval_election(9, {"a": 1, "b": 1}, [["a", "b"], ["b"]]))
    {'a': 1, 'b': 2}
    """
    if election.vote_type in ("cumulative", "scoring"):
        return dict(election.scores())
    return dict(election.approvals())


def greedy_order(election: Election) -> list[str]:
    """Projects in the order greedy considers them.

    Parameters
    ----------
    election : Election
        The election.

    Returns
    -------
    list of str
        Project ids by votes (most first), ties to the cheaper project,
        then more ballots naming it, then the lower id.

    Examples
    --------
    >>> from hearthcore.pb.pabulib import approval_election
    >>> greedy_order(approval_election(9, {"a": 5, "b": 3, "c": 4},
    ...                                [["a", "b", "c"], ["a"]]))
    ['a', 'b', 'c']
    """
    score = votes(election)
    named = election.approvals()
    cost = {p.project_id: p.cost for p in election.projects}
    return sorted(
        score,
        key=lambda pid: (-score[pid], cost[pid], -named[pid], natural_key(pid)),
    )


def greedy(election: Election, *, skip: bool = True) -> list[str]:
    """Fund projects in order of votes while they fit.

    Parameters
    ----------
    election : Election
        The election.
    skip : bool, optional
        Skip a project that does not fit and go on (``greedy``); with
        False, stop at the first one (``greedy-no-skip``).

    Returns
    -------
    list of str
        The funded project ids in order.

    Examples
    --------
    >>> from hearthcore.pb.pabulib import approval_election
    >>> e = approval_election(10, {"a": 6, "b": 5, "c": 4}, [["a", "b", "c"], ["a", "b"], ["a"]])
    >>> greedy(e), greedy(e, skip=False)
    (['a', 'c'], ['a'])
    """
    cost = {p.project_id: p.cost for p in election.projects}
    left = election.budget
    winners = []
    for pid in greedy_order(election):
        if cost[pid] <= left:
            winners.append(pid)
            left -= cost[pid]
        elif not skip:
            break
    return winners


def count(election: Election, rule: str | None = None) -> Outcome:
    """Count an election.

    Parameters
    ----------
    election : Election
        The election.
    rule : str, optional
        One of :data:`RULES`; defaults to the file's META ``rule``.

    Returns
    -------
    Outcome
        The funded projects in selection order and their cost.

    Raises
    ------
    RuleError
        If no rule is given and the file's is missing or ``unknown``, if the
        rule is not supported (the message lists the supported ones), or if
        Equal Shares is asked of ballots other than approval or choose-1.

    Examples
    --------
    >>> from hearthcore.pb.pabulib import approval_election
    >>> e = approval_election(300, {"a": 200, "b": 100, "c": 100},
    ...                       [["a"], ["a"], ["b", "c"]])
    >>> count(e, "equalshares").winners
    ['a', 'b']
    >>> count(e)
    Traceback (most recent call last):
    ...
    hearthcore.pb.rules.RuleError: the election does not say which rule it used (no META rule); pass rule= one of: greedy, greedy-no-skip, equalshares, equalshares/add1, equalshares-comparison, equalshares/add1-comparison
    """
    supported = ", ".join(RULES)
    if rule is None:
        if election.rule is None or election.rule.lower() == "unknown":
            said = (
                "no META rule"
                if election.rule is None
                else f"META rule is {election.rule!r}"
            )
            raise RuleError(
                f"the election does not say which rule it used ({said}); pass rule= one of: {supported}"
            )
        rule = election.rule
    name = rule.strip().lower()
    if name not in RULES:
        raise RuleError(f"unsupported rule {rule!r}; supported rules: {supported}")
    budget = election.budget
    cost = {p.project_id: p.cost for p in election.projects}

    def outcome(
        winners: list[str],
        method: str,
        endowment: Fraction | None = None,
        runs: int = 1,
        comparison: Comparison | None = None,
    ) -> Outcome:
        total = sum((cost[pid] for pid in winners), Decimal(0))
        return Outcome(
            name, budget, winners, total, method, endowment, runs, comparison
        )

    if name in ("greedy", "greedy-no-skip"):
        return outcome(greedy(election, skip=name == "greedy"), name)
    if election.vote_type not in _EQUAL_SHARES_BALLOTS:
        raise RuleError(
            f"{name} needs approval or choose-1 ballots, not {election.vote_type}; "
            "use greedy or greedy-no-skip"
        )
    profile = ApprovalProfile.from_election(election)
    result = equal_shares(profile, add1=name.startswith("equalshares/add1"))
    mes_winners = [profile.ids[j] for j in result.winners]
    if not name.endswith("-comparison"):
        return outcome(mes_winners, "equalshares", result.endowment, result.runs)
    greedy_winners = greedy(election)
    comparison = compare(profile, mes_winners, greedy_winners)
    if comparison.chosen == "greedy":
        return outcome(
            greedy_winners, "greedy", result.endowment, result.runs, comparison
        )
    return outcome(
        mes_winners, "equalshares", result.endowment, result.runs, comparison
    )


def compare(
    profile: ApprovalProfile, equal_shares_winners: list[str], greedy_winners: list[str]
) -> Comparison:
    """Run the comparison step: which outcome leaves more voters better off.

    Parameters
    ----------
    profile : ApprovalProfile
        The ballots.
    equal_shares_winners : list of str
        The Equal Shares outcome.
    greedy_winners : list of str
        The greedy outcome.

    Returns
    -------
    Comparison
        The counts of voters better off under each and the outcome kept
        (Equal Shares unless strictly more voters prefer greedy).

    Examples
    --------
    >>> from hearthcore.pb.pabulib import approval_election
    >>> e = approval_election(2, {"a": 1, "b": 1, "c": 1}, [["a"], ["b"], ["c"]])
    >>> p = ApprovalProfile.from_election(e)
    >>> c = compare(p, ["a", "b"], ["b", "c"])
    >>> c.prefer_equal_shares, c.prefer_greedy, c.chosen
    (1, 1, 'equalshares')
    """
    position = {pid: j for j, pid in enumerate(profile.ids)}

    def satisfaction(winners: list[str]) -> npt.NDArray[np.intp]:
        chosen = [profile.approvers[position[pid]] for pid in winners]
        if not chosen:
            return np.zeros(profile.n_voters, dtype=np.intp)
        return np.bincount(np.concatenate(chosen), minlength=profile.n_voters)

    mes = satisfaction(equal_shares_winners)
    gre = satisfaction(greedy_winners)
    prefer_mes = int(np.count_nonzero(mes > gre))
    prefer_greedy = int(np.count_nonzero(gre > mes))
    return Comparison(
        prefer_equal_shares=prefer_mes,
        prefer_greedy=prefer_greedy,
        chosen="greedy" if prefer_greedy > prefer_mes else "equalshares",
        equal_shares_winners=list(equal_shares_winners),
        greedy_winners=list(greedy_winners),
    )
