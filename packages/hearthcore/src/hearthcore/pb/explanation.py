"""Why each project was or was not funded, in words residents can follow.

:func:`explain` turns an :class:`~hearthcore.pb.rules.Outcome` into plain
data a web page can render: a summary paragraph and, for every project, a
sentence with the figures behind it.

* Equal Shares: for each funded project, how many supporters paid and how
  much each (rho, the price per supporter, paid by everyone who had that much
  left); for each unfunded one, how much money its supporters had left
  between them against its cost, what an equal split would have asked of
  each, and after which funded project it could no longer be afforded.
* Greedy: projects in order of votes, each funded if it fitted in what was
  left of the budget after the projects with more votes.

Amounts are floats (to the penny) so that the data serialises to JSON.

Examples
--------
>>> from hearthcore.pb import approval_election, count
>>> e = approval_election(300, {"a": 200, "b": 100, "c": 100},
...                       [["a"], ["a"], ["b", "c"]], currency="GBP")
>>> story = explain(e, count(e, "equalshares"))
>>> print(story.projects[0].reason)
Funded 1st: its 2 supporters paid the £200.00 between them, each paying £100.00.
>>> print(story.projects[2].reason)
Not funded: when counting ended, its 1 supporter had £0.00 left, but it cost £100.00. It could no longer be afforded once project b was funded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction

from . import mes
from .pabulib import Election, Project
from .rules import Outcome, greedy_order, votes

_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


@dataclass(frozen=True)
class ProjectStory:
    """One project's part in the outcome.

    Attributes
    ----------
    project_id : str
        The project.
    name : str
        Its name, or ``project <id>`` when the file has none.
    cost : float
        Its cost.
    votes : float
        Its votes (ballots naming it; total points for cumulative and
        scoring ballots).
    supporters : int
        Ballots naming it.
    funded : bool
        Whether it was funded.
    position : int or None
        Its place in the order of selection (1 = first), if funded.
    reason : str
        One or two sentences saying why.
    price_per_supporter : float or None
        Equal Shares: for a funded project, rho, the most any supporter paid;
        for an unfunded one, its cost split equally between its supporters.
    paid_full : int or None
        Equal Shares, funded: supporters who paid the full rho.
    paid_part : int or None
        Equal Shares, funded: supporters who paid all they had left (less than rho).
    paid_none : int or None
        Equal Shares, funded: supporters who had nothing left to pay.
    money_left : float or None
        Equal Shares: the money its supporters had between them when it was
        bought (funded) or when counting ended (unfunded).
    budget_left : float or None
        Greedy: what was left of the budget when it was considered.
    blocked_by : str or None
        Equal Shares, unfunded: the funded project after which its
        supporters could no longer afford it; greedy-no-skip: the project
        at which counting stopped.
    """

    project_id: str
    name: str
    cost: float
    votes: float
    supporters: int
    funded: bool
    position: int | None
    reason: str
    price_per_supporter: float | None = None
    paid_full: int | None = None
    paid_part: int | None = None
    paid_none: int | None = None
    money_left: float | None = None
    budget_left: float | None = None
    blocked_by: str | None = None


@dataclass(frozen=True)
class Explanation:
    """Why an outcome is what it is.

    Attributes
    ----------
    rule : str
        The rule counted.
    method : str
        What produced the winners: ``equalshares``, ``greedy`` or
        ``greedy-no-skip``.
    budget : float
        The budget.
    currency : str
        The ISO currency code ("" when unknown).
    voters : int
        The number of ballots.
    summary : str
        A paragraph on how the rule works and what it gave.
    projects : list of ProjectStory
        Funded projects in order of selection, then the others by votes.
    share_per_voter : float or None
        Equal Shares: each voter's share of (virtual) money.
    comparison : str or None
        The comparison step, for the ``-comparison`` rules.
    """

    rule: str
    method: str
    budget: float
    currency: str
    voters: int
    summary: str
    projects: list[ProjectStory]
    share_per_voter: float | None = None
    comparison: str | None = None

    @property
    def funded(self) -> list[ProjectStory]:
        """The funded projects, in order of selection."""
        return [story for story in self.projects if story.funded]

    @property
    def unfunded(self) -> list[ProjectStory]:
        """The projects not funded, by votes."""
        return [story for story in self.projects if not story.funded]

    def to_dict(self) -> dict[str, object]:
        """Return the explanation as JSON-ready plain data.

        Returns
        -------
        dict
            The attributes, with ``projects`` as a list of dicts.

        Examples
        --------
        >>> from hearthcore.pb import approval_election, count
        >>> e = approval_election(10, {"a": 6}, [["a"]])
        >>> explain(e, count(e, "greedy")).to_dict()["projects"][0]["funded"]
        True
        """
        return asdict(self)


def explain(election: Election, outcome: Outcome) -> Explanation:
    """Explain an outcome of :func:`~hearthcore.pb.rules.count`.

    Parameters
    ----------
    election : Election
        The election that was counted.
    outcome : Outcome
        Its outcome.

    Returns
    -------
    Explanation
        A summary and one story per project.

    Raises
    ------
    ValueError
        If the outcome does not come from this election.

    Examples
    --------
    >>> from hearthcore.pb import approval_election, count
    >>> e = approval_election(10, {"a": 6, "b": 5, "c": 4},
    ...                       [["a", "b", "c"], ["a", "b"], ["a"]], currency="EUR")
    >>> for story in explain(e, count(e, "greedy")).projects:
    ...     print(story.project_id, story.reason)
    a Funded: it had the most votes (3), and its cost of €6.00 fitted in the €10.00 still unallocated.
    c Funded: it had the 3rd most votes (1), and its cost of €4.00 fitted in the €4.00 still unallocated.
    b Not funded: it cost €5.00, but only €4.00 was left after the projects with more votes were funded.
    """
    comparison = _comparison_text(outcome)
    if outcome.method == "equalshares":
        return _equal_shares(election, outcome, comparison)
    return _greedy(election, outcome, comparison)


def _money(amount: float | Fraction | Decimal, currency: str) -> str:
    symbol = _SYMBOLS.get(currency)
    text = f"{float(amount):,.2f}"
    if symbol:
        return f"{symbol}{text}"
    return f"{text} {currency}" if currency else text


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _count(number: float | int | Decimal) -> str:
    value = float(number)
    return f"{int(value):,}" if value == int(value) else f"{value:,}"


def _title(project: Project) -> str:
    return project.name or f"project {project.project_id}"


def _plural(number: int, word: str) -> str:
    return f"{number:,} {word}" if number == 1 else f"{number:,} {word}s"


def _comparison_text(outcome: Outcome) -> str | None:
    step = outcome.comparison
    if step is None:
        return None
    kept = (
        "so the vote-order outcome was used instead"
        if step.chosen == "greedy"
        else "so the Equal Shares outcome was kept"
    )
    return (
        "Equal Shares was compared with funding projects in order of votes: "
        f"{_plural(step.prefer_equal_shares, 'voter')} would have more of the projects "
        f"they voted for funded under Equal Shares and {step.prefer_greedy:,} "
        f"under the vote order, {kept}."
    )


def _check(outcome: Outcome, winners: list[str]) -> None:
    if winners != outcome.winners:
        raise ValueError("the outcome does not come from this election")


def _greedy(
    election: Election, outcome: Outcome, comparison: str | None
) -> Explanation:
    currency = election.currency
    score = votes(election)
    named = election.approvals()
    skip = outcome.method != "greedy-no-skip"
    left = election.budget
    funded: list[ProjectStory] = []
    unfunded: list[ProjectStory] = []
    stopped: Project | None = None
    winners: list[str] = []
    for place, pid in enumerate(greedy_order(election), start=1):
        project = election.project(pid)
        cost = _money(project.cost, currency)
        blocked_by: str | None = None
        if stopped is not None:
            reason = (
                f"Not funded: counting stopped at {_title(stopped)}, the first project "
                "in order of votes that did not fit in what was left of the budget."
            )
            blocked_by = stopped.project_id
        elif project.cost <= left:
            rank = (
                "the most votes" if place == 1 else f"the {_ordinal(place)} most votes"
            )
            reason = (
                f"Funded: it had {rank} ({_count(score[pid])}), and its cost of {cost} "
                f"fitted in the {_money(left, currency)} still unallocated."
            )
        else:
            after = (
                "the projects with more votes were funded"
                if place > 1
                else "nothing else"
            )
            reason = f"Not funded: it cost {cost}, but only {_money(left, currency)} was left after {after}."
            if not skip:
                reason += " Counting stopped here (the rule does not skip projects)."
                stopped = project
        is_funded = reason.startswith("Funded")
        story = ProjectStory(
            project_id=pid,
            name=_title(project),
            cost=float(project.cost),
            votes=float(score[pid]),
            supporters=named[pid],
            funded=is_funded,
            position=len(winners) + 1 if is_funded else None,
            reason=reason,
            budget_left=float(left),
            blocked_by=blocked_by,
        )
        if is_funded:
            winners.append(pid)
            left -= project.cost
            funded.append(story)
        else:
            unfunded.append(story)
    _check(outcome, winners)
    spent = outcome.cost
    summary = (
        f"The {_money(election.budget, currency)} budget was spent on projects in order "
        "of votes, most first: each project was funded if its cost fitted in what "
        "was left, "
        + (
            "and a project that did not fit was skipped."
            if skip
            else "and counting stopped at the first project that did not fit."
        )
        + f" {_plural(len(winners), 'project')} were funded for {_money(spent, currency)}."
    )
    if comparison:
        summary += " " + comparison
    return Explanation(
        rule=outcome.rule,
        method="greedy" if skip else "greedy-no-skip",
        budget=float(election.budget),
        currency=currency,
        voters=len(election.ballots),
        summary=summary,
        projects=funded + unfunded,
        comparison=comparison,
    )


def _equal_shares(
    election: Election, outcome: Outcome, comparison: str | None
) -> Explanation:
    if outcome.endowment is None:
        raise ValueError("an Equal Shares outcome must say each voter's share")
    currency = election.currency
    profile = mes.ApprovalProfile.from_election(election)
    traced = mes.run(profile, outcome.endowment, trace=True)
    winners = [profile.ids[j] for j in traced.winners]
    _check(outcome, winners)
    score = votes(election)
    share = outcome.endowment
    n = profile.n_voters
    stories: list[ProjectStory] = []
    for place, purchase in enumerate(traced.purchases, start=1):
        j = purchase.project
        project = election.projects[j]
        k = int(profile.counts[j])
        price = _money(purchase.price, currency)
        if purchase.paid_part == 0 and purchase.paid_none == 0:
            paid = f"each paying {price}"
        else:
            paid = f"{purchase.paid_full:,} paying {price} each"
            if purchase.paid_part:
                paid += (
                    f" and {purchase.paid_part:,} who had less than that left "
                    "paying all they had"
                )
            if purchase.paid_none:
                paid += (
                    f"; {_plural(purchase.paid_none, 'supporter')} had already "
                    "spent their whole share"
                )
        if k == 1:
            reason = (
                f"Funded {_ordinal(place)}: its one supporter paid the "
                f"{_money(project.cost, currency)} alone."
            )
        else:
            reason = (
                f"Funded {_ordinal(place)}: its {k:,} supporters paid the "
                f"{_money(project.cost, currency)} between them, {paid}."
            )
        stories.append(
            ProjectStory(
                project_id=project.project_id,
                name=_title(project),
                cost=float(project.cost),
                votes=float(score[project.project_id]),
                supporters=k,
                funded=True,
                position=place,
                reason=reason,
                price_per_supporter=round(purchase.price, 2),
                paid_full=purchase.paid_full,
                paid_part=purchase.paid_part,
                paid_none=purchase.paid_none,
                money_left=round(float(traced.money[place - 1][j]), 2),
            )
        )
    chosen = set(traced.winners)
    for pid in greedy_order(election):
        j = profile.ids.index(pid)
        if j in chosen:
            continue
        project = election.projects[j]
        k = int(profile.counts[j])
        left = float(traced.money[-1][j]) if k else 0.0
        blocked: str | None = None
        if k == 0:
            reason = "Not funded: nobody voted for it."
        elif project.cost == 0:
            reason = "Not funded: it has no cost, so there was nothing to pay for."
        else:
            reason = (
                f"Not funded: when counting ended, its {_plural(k, 'supporter')} had "
                f"{_money(left, currency)} left"
                + (" between them" if k > 1 else "")
                + f", but it cost {_money(project.cost, currency)}."
            )
            if k > 1:
                reason += (
                    f" Split equally it would have cost each of them "
                    f"{_money(project.cost / k, currency)}; they had "
                    f"{_money(left / k, currency)} each on average."
                )
            step = next(
                (
                    r
                    for r, money in enumerate(traced.money)
                    if money[j] < float(project.cost)
                ),
                0,
            )
            if step == 0:
                reason += (
                    f" Even at the start their shares ({_money(share * k, currency)} "
                    "in all) were not enough."
                )
            else:
                blocker = election.projects[traced.winners[step - 1]]
                blocked = blocker.project_id
                reason += f" It could no longer be afforded once {_title(blocker)} was funded."
        stories.append(
            ProjectStory(
                project_id=pid,
                name=_title(project),
                cost=float(project.cost),
                votes=float(score[pid]),
                supporters=k,
                funded=False,
                position=None,
                reason=reason,
                price_per_supporter=round(float(project.cost) / k, 2) if k else None,
                money_left=round(left, 2),
                blocked_by=blocked,
            )
        )
    equal = profile.budget / n if n else Fraction(0)
    summary = (
        f"The {_money(election.budget, currency)} budget was shared equally between "
        f"the {n:,} voters: {_money(equal, currency)} each, to spend only on the "
        "projects they voted for."
    )
    if share != equal:
        summary += (
            " Because that left money unspent, every voter's share was raised one "
            f"unit of currency at a time, to {_money(share, currency)}, as far as the "
            "projects bought still fitted in the real budget."
        )
    summary += (
        " Step by step, the project that asked the least of each supporter, relative "
        "to its cost, was bought; its supporters shared the cost equally, and anyone "
        "with less than their part left paid all they had. Counting ended when no "
        "remaining project could be paid for by its supporters. "
        f"{_plural(len(winners), 'project')} were funded for "
        f"{_money(outcome.cost, currency)}."
    )
    if comparison:
        summary += " " + comparison
    return Explanation(
        rule=outcome.rule,
        method="equalshares",
        budget=float(election.budget),
        currency=currency,
        voters=n,
        summary=summary,
        projects=stories,
        share_per_voter=round(float(share), 2),
        comparison=comparison,
    )
