"""Crowdfunding arithmetic: council match-fund rules and leverage.

A council *match fund* publishes its rules, as councils running
crowdfunding rounds do (Crowdfund Cheshire West, Spacehive programmes):

* **how much** it pledges: a percentage of the project's target, never
  more than a cap in pounds, never more than the project still needs to
  reach its target from others, and never more than the fund has left;
* **when** it pledges: once a given share of the target has been raised
  from others (not from council funds), by at least N distinct backers;
* **whether it pays only if the target is met**: if so, its pledge is
  withdrawn when the project closes short of its target, even when the
  project keeps what it raised.

:func:`match_decision` applies one fund's rules to one project.

*Leverage* (:func:`leverage`) counts only successful projects: the pounds
raised from others for every pound of council money, and the share of the
council's money that went to smaller organisations (those whose declared
annual income is under a threshold the council sets).

Examples
--------
>>> from decimal import Decimal as D
>>> rule = MatchRule(percent=D(50), cap=D(2500), trigger_share=D(25), min_backers=5)
>>> match_decision(rule, target=D(4000), raised=D(1200), backers=6).amount
Decimal('2000.00')
>>> match_decision(rule, target=D(4000), raised=D(1200), backers=3).reason
'It needs pledges from at least 5 different backers; it has 3.'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

PENNY = Decimal("0.01")


def pounds(value: Decimal) -> Decimal:
    """Round an amount down to the penny.

    Parameters
    ----------
    value : Decimal
        An amount.

    Returns
    -------
    Decimal
        The amount with two decimal places, rounded down (a fund never
        pledges a fraction of a penny more than its rule allows).

    Examples
    --------
    >>> pounds(Decimal("33.3333"))
    Decimal('33.33')
    """
    return value.quantize(PENNY, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class MatchRule:
    """A council fund's published rule.

    Attributes
    ----------
    percent : Decimal
        The most the fund pledges, as a percentage of the project's target.
    cap : Decimal
        The most the fund pledges to one project, in pounds.
    trigger_share : Decimal
        The percentage of the target that must be raised from others first.
    min_backers : int
        The distinct backers (people or organisations, not funds) needed.
    pays_only_if_target_met : bool
        Whether the pledge is withdrawn when the project misses its target.
    """

    percent: Decimal
    cap: Decimal
    trigger_share: Decimal = Decimal(0)
    min_backers: int = 0
    pays_only_if_target_met: bool = True

    def __post_init__(self) -> None:
        if not Decimal(0) < self.percent <= Decimal(100):
            raise ValueError("a fund pledges between 0 and 100% of a target")
        if self.cap <= 0:
            raise ValueError("a fund's cap must be more than £0")
        if not Decimal(0) <= self.trigger_share <= Decimal(100):
            raise ValueError("the share raised first is between 0 and 100%")
        if self.min_backers < 0:
            raise ValueError("the number of backers cannot be negative")

    def describe(self) -> str:
        """Say the rule in plain English.

        Returns
        -------
        str
            One paragraph.

        Examples
        --------
        >>> print(MatchRule(Decimal(50), Decimal(2500), Decimal(25), 5).describe())
        Pledges up to 50% of a project's target, at most £2,500, once 25% of the target has been raised from at least 5 different backers. It pays only if the project reaches its target.
        """
        when = []
        if self.trigger_share:
            when.append(
                f"{self.trigger_share.normalize():f}% of the target has been raised"
            )
        if self.min_backers:
            who = f"at least {self.min_backers} different backer" + (
                "s" if self.min_backers != 1 else ""
            )
            when.append(("from " if when else "pledges come from ") + who)
        text = (
            f"Pledges up to {self.percent.normalize():f}% of a project's target, "
            f"at most £{self.cap:,.0f}"
        )
        text += (
            (", once " + " ".join(when) + ".") if when else ", as soon as it goes live."
        )
        text += (
            " It pays only if the project reaches its target."
            if self.pays_only_if_target_met
            else " It pays even if the project keeps what it raised without reaching its target."
        )
        return text


@dataclass(frozen=True)
class MatchDecision:
    """Whether a fund pledges to a project now, and how much.

    Attributes
    ----------
    met : bool
        Whether the rule's conditions are met.
    amount : Decimal
        What the fund pledges (0 when not met or nothing is left).
    reason : str
        Why, in plain English.
    """

    met: bool
    amount: Decimal
    reason: str


def match_decision(
    rule: MatchRule,
    *,
    target: Decimal,
    raised: Decimal,
    backers: int,
    fund_left: Decimal | None = None,
    other_funds: Decimal = Decimal(0),
) -> MatchDecision:
    """Apply a fund's rule to a project.

    Parameters
    ----------
    rule : MatchRule
        The fund's rule.
    target : Decimal
        The project's target.
    raised : Decimal
        Cash pledged by others (not by council funds), still standing.
    backers : int
        Distinct backers among those pledges.
    fund_left : Decimal or None
        What the fund has left to commit (None: no limit).
    other_funds : Decimal
        What other council funds have already pledged to the project: the
        funds together never take it past its target.

    Returns
    -------
    MatchDecision
        ``amount`` is the smallest of the percentage of the target, the cap,
        what the project still needs to reach its target (after others'
        pledges and other funds'), and
        what the fund has left, rounded down to the penny.

    Examples
    --------
    >>> r = MatchRule(Decimal(50), Decimal(1000), Decimal(10), 2)
    >>> match_decision(r, target=Decimal(5000), raised=Decimal(600), backers=2).amount
    Decimal('1000.00')
    >>> match_decision(r, target=Decimal(5000), raised=Decimal(4500), backers=9).amount
    Decimal('500.00')
    >>> match_decision(r, target=Decimal(5000), raised=Decimal(3600), backers=9,
    ...                other_funds=Decimal(1000)).amount
    Decimal('400.00')
    >>> d = match_decision(r, target=Decimal(5000), raised=Decimal(400), backers=9)
    >>> d.met, d.reason
    (False, 'It needs £500.00 (10% of the target) raised from others first; it has £400.00.')
    """
    if target <= 0:
        return MatchDecision(False, Decimal(0), "The project has no target.")
    needed = target * rule.trigger_share / 100
    if raised < needed:
        return MatchDecision(
            False,
            Decimal(0),
            f"It needs £{pounds(needed):,} ({rule.trigger_share.normalize():f}% of the "
            f"target) raised from others first; it has £{pounds(raised):,}.",
        )
    if backers < rule.min_backers:
        return MatchDecision(
            False,
            Decimal(0),
            f"It needs pledges from at least {rule.min_backers} different backers; "
            f"it has {backers}.",
        )
    still_needed = max(target - raised - other_funds, Decimal(0))
    limits = [target * rule.percent / 100, rule.cap, still_needed]
    if fund_left is not None:
        limits.append(max(fund_left, Decimal(0)))
    amount = pounds(min(limits))
    if amount <= 0:
        why = (
            "the fund has no money left"
            if fund_left is not None and fund_left <= 0
            else "the project has already reached its target from others"
        )
        return MatchDecision(True, Decimal(0), f"The rule is met but {why}.")
    return MatchDecision(
        True,
        amount,
        f"The rule is met: £{pounds(raised):,} raised from {backers} backers.",
    )


@dataclass(frozen=True)
class FundedProject:
    """A successful project's money, for leverage.

    Attributes
    ----------
    council : dict of str to Decimal
        Fund name to what that fund paid.
    others : Decimal
        Cash from everyone else (residents, organisations).
    smaller : bool
        Whether the recipient is a smaller organisation.
    in_kind : Decimal
        The declared value of in-kind pledges (reported, not counted as cash).
    """

    council: dict[str, Decimal]
    others: Decimal
    smaller: bool
    in_kind: Decimal = Decimal(0)


@dataclass(frozen=True)
class Leverage:
    """Leverage of council money on successful projects.

    Attributes
    ----------
    projects : int
        Successful projects with council money.
    council : Decimal
        Council money paid to them.
    others : Decimal
        Cash from others on them.
    per_pound : Decimal or None
        Pounds from others per pound of council money (None without council money).
    total_per_pound : Decimal or None
        All money per pound of council money (``1 + per_pound``, the
        "£1 → £1.89" figure councils report).
    smaller_share : Decimal or None
        The share (0-1) of council money that went to smaller organisations.
    in_kind : Decimal
        In-kind value pledged on them (not in the ratios).
    """

    projects: int
    council: Decimal
    others: Decimal
    per_pound: Decimal | None
    total_per_pound: Decimal | None
    smaller_share: Decimal | None
    in_kind: Decimal = Decimal(0)


@dataclass(frozen=True)
class LeverageReport:
    """Leverage overall and per fund.

    Attributes
    ----------
    overall : Leverage
        Every fund together (a project two funds backed counts once).
    funds : dict of str to Leverage
        Per fund: the others' money on the projects that fund paid.
    """

    overall: Leverage
    funds: dict[str, Leverage] = field(default_factory=dict)


def _leverage(rows: list[tuple[Decimal, Decimal, bool, Decimal]]) -> Leverage:
    council = sum((r[0] for r in rows), Decimal(0))
    others = sum((r[1] for r in rows), Decimal(0))
    smaller = sum((r[0] for r in rows if r[2]), Decimal(0))
    in_kind = sum((r[3] for r in rows), Decimal(0))
    if council > 0:
        per_pound: Decimal | None = (others / council).quantize(PENNY)
        total: Decimal | None = ((others + council) / council).quantize(PENNY)
        share: Decimal | None = (smaller / council).quantize(Decimal("0.0001"))
    else:
        per_pound = total = share = None
    return Leverage(len(rows), council, others, per_pound, total, share, in_kind)


def leverage(projects: Iterable[FundedProject]) -> LeverageReport:
    """Compute leverage on successful projects, overall and per fund.

    Parameters
    ----------
    projects : iterable of FundedProject
        The successful projects (failed ones must not be passed).

    Returns
    -------
    LeverageReport
        Projects without council money are left out of every figure.

    Examples
    --------
    >>> D = Decimal
    >>> report = leverage([
    ...     FundedProject({"Community Fund": D(400)}, D(356), smaller=True),
    ...     FundedProject({"Community Fund": D(600)}, D(534), smaller=False),
    ...     FundedProject({}, D(900), smaller=True),
    ... ])
    >>> report.overall.per_pound, report.overall.total_per_pound, report.overall.smaller_share
    (Decimal('0.89'), Decimal('1.89'), Decimal('0.4000'))
    >>> report.funds["Community Fund"].projects
    2
    """
    matched = [p for p in projects if sum(p.council.values(), Decimal(0)) > 0]
    overall = _leverage(
        [
            (sum(p.council.values(), Decimal(0)), p.others, p.smaller, p.in_kind)
            for p in matched
        ]
    )
    names = sorted(
        {name for p in matched for name, paid in p.council.items() if paid > 0}
    )
    funds = {
        name: _leverage(
            [
                (p.council[name], p.others, p.smaller, p.in_kind)
                for p in matched
                if p.council.get(name, Decimal(0)) > 0
            ]
        )
        for name in names
    }
    return LeverageReport(overall, funds)
