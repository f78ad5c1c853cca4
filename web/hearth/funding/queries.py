"""Read-only figures for the funding pages: progress, commitments, leverage."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from hearthcore.funding import FundedProject, LeverageReport, leverage

from .models import Fund, Pledge, Project
from .services import Totals, totals


@dataclass(frozen=True)
class Progress:
    project: Project
    totals: Totals
    percent: int

    @property
    def short(self) -> Decimal:
        return Decimal(max(self.project.target - self.totals.cash, Decimal(0)))


def progress(project: Project) -> Progress:
    current = totals(project)
    percent = (
        int(min(current.cash / project.target * 100, Decimal(100)))
        if project.target
        else 0
    )
    return Progress(project, current, percent)


def live_projects() -> list[Progress]:
    return [
        progress(p)
        for p in Project.objects.filter(
            status=Project.Status.LIVE, process__isnull=True
        )
        .select_related("community")
        .order_by("deadline", "pk")
    ]


@dataclass(frozen=True)
class Commitment:
    fund: Fund
    pledged: Decimal  # on live projects: could still be withdrawn
    confirmed: Decimal  # on funded projects: to pay
    paid: Decimal  # of which recorded as received
    projects: int

    @property
    def committed(self) -> Decimal:
        return self.pledged + self.confirmed

    @property
    def left(self) -> Decimal:
        return Decimal(self.fund.budget - self.committed)

    @property
    def percent(self) -> int:
        if not self.fund.budget:
            return 0
        return int(min(self.committed / self.fund.budget * 100, Decimal(100)))


def commitments() -> list[Commitment]:
    out = []
    for fund in Fund.objects.order_by("-active", "name"):
        standing = fund.pledges.filter(status__in=Pledge.STANDING)

        def total(q: Any) -> Decimal:
            return q.aggregate(s=Sum("amount"))["s"] or Decimal(0)

        out.append(
            Commitment(
                fund=fund,
                pledged=total(standing.filter(status=Pledge.Status.PLEDGED)),
                confirmed=total(standing.filter(status=Pledge.Status.CONFIRMED)),
                paid=total(
                    standing.filter(
                        status=Pledge.Status.CONFIRMED, received__isnull=False
                    )
                ),
                projects=standing.values("project").distinct().count(),
            )
        )
    return out


def funded_crowdfunding(
    community: Any = None, closed_between: tuple[date, date] | None = None
) -> list[FundedProject]:
    """Successful crowdfunding projects' money, for leverage (confirmed pledges);
    given a community, only its projects, and given dates, only those that
    closed (were funded) between them."""
    rows: dict[int, dict[str, Any]] = defaultdict(
        lambda: {
            "council": defaultdict(Decimal),
            "others": Decimal(0),
            "in_kind": Decimal(0),
        }
    )
    projects = {
        p.pk: p
        for p in Project.objects.filter(
            status=Project.Status.FUNDED, process__isnull=True
        ).filter(
            **({} if community is None else {"community": community}),
            **(
                {}
                if closed_between is None
                else {"closed__date__range": closed_between}
            ),
        )
    }
    for pledge in Pledge.objects.filter(
        project_id__in=projects, status=Pledge.Status.CONFIRMED
    ).select_related("fund"):
        row = rows[pledge.project_id]
        if pledge.kind == Pledge.Kind.FUND and pledge.fund is not None:
            row["council"][pledge.fund.name] += pledge.amount
        elif pledge.in_kind:
            row["in_kind"] += pledge.amount
        else:
            row["others"] += pledge.amount
    return [
        FundedProject(
            council=dict(rows[pk]["council"]),
            others=rows[pk]["others"],
            smaller=projects[pk].is_smaller(),
            in_kind=rows[pk]["in_kind"],
        )
        for pk in projects
    ]


def leverage_report() -> LeverageReport:
    return leverage(funded_crowdfunding())


@dataclass(frozen=True)
class Awards:
    """All council money awarded (match funds and budgeting), and to smaller groups."""

    match: Decimal
    budgeting: Decimal
    smaller: Decimal

    @property
    def total(self) -> Decimal:
        return self.match + self.budgeting

    @property
    def smaller_share(self) -> Decimal | None:
        return (self.smaller / self.total) if self.total else None


def awards() -> Awards:
    match = smaller = Decimal(0)
    for pledge in Pledge.objects.filter(
        kind=Pledge.Kind.FUND,
        status=Pledge.Status.CONFIRMED,
        project__status=Project.Status.FUNDED,
    ).select_related("project"):
        match += pledge.amount
        if pledge.project.is_smaller():
            smaller += pledge.amount
    budgeting = Decimal(0)
    for project in Project.objects.filter(
        status=Project.Status.FUNDED, process__isnull=False, process__imported_from=""
    ):
        budgeting += project.target
        if project.is_smaller():
            smaller += project.target
    return Awards(match, budgeting, smaller)


def public_projects() -> Any:
    return Project.objects.exclude(
        status__in=[Project.Status.SUBMITTED, Project.Status.REJECTED]
    ).filter(Q(process__isnull=True) | Q(process__imported_from=""))
