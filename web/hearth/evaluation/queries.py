"""Everything an evaluation shows, fetched from the other apps' records.

Numbers are computed when the page is drawn, so an evaluation always
reflects what Hearth holds; only what officers write is stored here.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd
from django.db.models import Count, Q, Sum

from hearth.areas.models import Dataset
from hearth.communities.models import Community
from hearth.delivery import queries as delivery
from hearth.delivery.models import Event, Request
from hearth.engagement import queries as engagement
from hearth.engagement.models import Story
from hearth.funding import queries as funding
from hearth.funding.models import Project
from hearth.plans import queries as plans
from hearth.plans.models import Action, Milestone, Outcome, Plan
from hearth.referrals import reports as referrals
from hearth.referrals.models import Referral
from hearthcore import funding as funding_core
from hearthcore import plans as plans_core
from hearthcore import sroi as sroi_core
from hearthcore.funding import FundedProject
from hearthcore.outcomes import suppress

from .models import Evaluation, OutcomeEvidence, SroiAnalysis

log = logging.getLogger(__name__)


# --- SROI --------------------------------------------------------------------------

#: The sensitivity table's assumptions, as a reader names them.
ASSUMPTION_LABELS = {
    "deadweight": "Deadweight",
    "displacement": "Displacement",
    "attribution": "Attribution",
    "drop_off": "Drop-off",
    "proxy_values": "Financial proxies",
    "quantities": "Quantities",
    "duration": "Duration",
    "discount_rate": "Discount rate",
}


@dataclass
class SroiView:
    analysis: SroiAnalysis
    impact_map: sroi_core.ImpactMap | None
    result: sroi_core.SroiResult | None
    sensitivity: list[sroi_core.SensitivityRow]
    wellby: float | None
    wellby_low: float | None
    wellby_high: float | None
    error: str = ""

    @property
    def outcome_rows(self) -> list[tuple[sroi_core.Outcome, sroi_core.OutcomeValue]]:
        if self.impact_map is None or self.result is None:
            return []
        return list(zip(self.impact_map.outcomes, self.result.by_outcome, strict=True))


def sroi_view(analysis: SroiAnalysis) -> SroiView:
    """Value a stored impact map: the result, the sensitivity table and the
    wellbeing valuation beside it."""
    rate = float(analysis.discount_rate) / 100
    try:
        impact_map = sroi_core.from_rows(analysis.impact_map, analysis.name)
    except sroi_core.ImpactMapError as error:
        return SroiView(analysis, None, None, [], None, None, None, str(error))
    result = sroi_core.calculate(impact_map, rate)
    rows = sroi_core.sensitivity(impact_map, rate)
    wellby = low = high = None
    if analysis.wellby_people and analysis.wellby_change is not None:

        def value(per: float) -> float:
            return sroi_core.wellby_value(
                analysis.wellby_change or 0.0,
                analysis.wellby_people or 0,
                uprating=analysis.wellby_uprating,
                value_per_wellby=per,
            )

        wellby = value(sroi_core.WELLBY_VALUE_2019)
        low, high = (value(v) for v in sroi_core.WELLBY_RANGE_2019)
    return SroiView(analysis, impact_map, result, rows, wellby, low, high)


# --- the evaluation -----------------------------------------------------------------


@dataclass
class MilestoneRow:
    title: str
    reached_on: datetime.date | None
    in_period: bool
    note: str


@dataclass
class EventRow:
    event: Event
    partners: int
    activities_run: int
    people: int
    requests: int | None
    done: int | None


@dataclass
class OutcomeRow:
    outcome: Outcome
    evidence: list[OutcomeEvidence]


@dataclass
class Indicators:
    summary: list[dict[str, Any]]
    mapped: int
    total: int
    sources: list[Dataset]
    error: str = ""


@dataclass
class Report:
    evaluation: Evaluation
    community: Community
    plan: plans.PlanView | None
    milestones: list[MilestoneRow]
    actions_by_status: list[tuple[str, int]]
    overdue: int
    reach: engagement.ReachResult | None
    reach_chart: str
    reach_error: str
    under_represented: list[str]
    events: list[EventRow]
    requests_total: int | None
    requests_done: int | None
    referrals: referrals.Report | None
    funding: dict[str, Any]
    indicators: Indicators
    stories: list[tuple[str, list[Story]]]
    stories_shown: bool
    outcomes: list[tuple[str, list[OutcomeRow]]]
    without_evidence: int
    analyses: list[SroiView] = field(default_factory=list)


def _milestones(
    plan: Plan | None, start: datetime.date, end: datetime.date
) -> list[MilestoneRow]:
    reached = (
        {} if plan is None else {m.key: m for m in Milestone.objects.filter(plan=plan)}
    )
    rows = []
    for key, title in plans_core.MILESTONES:
        m = reached.get(key)
        on = m.reached_on if m else None
        rows.append(
            MilestoneRow(
                title, on, bool(on and start <= on <= end), m.note if m else ""
            )
        )
    return rows


def _events(
    community: Community, start: datetime.date, end: datetime.date
) -> list[EventRow]:
    found = (
        Event.objects.filter(communities=community, start__lte=end, end__gte=start)
        .exclude(status=Event.Status.CANCELLED)
        .select_related("lead")
        .order_by("start", "pk")
    )
    rows = []
    for event in found:
        report = delivery.report(event)
        rows.append(
            EventRow(
                event=event,
                partners=len(report.partners),
                activities_run=report.activities_run,
                people=report.people,
                requests=suppress(sum(report.statuses.values())),
                done=suppress(report.done),
            )
        )
    return rows


def _requests(
    community: Community, start: datetime.date, end: datetime.date
) -> tuple[int | None, int | None]:
    """Requests from households in the community's areas, asked in the period."""
    counts = Request.objects.filter(
        lsoa21__in=community.area_codes(), requested__gte=start, requested__lte=end
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Q(status="done")))
    return suppress(counts["total"]), suppress(counts["done"])


def raised(projects: list[FundedProject]) -> Decimal:
    """All the money funded crowdfunding projects raised: council, others, in kind."""
    return sum(
        (p.others + p.in_kind + sum(p.council.values(), Decimal(0)) for p in projects),
        Decimal(0),
    )


def _funding(
    community: Community, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Crowdfunding and budgeting projects funded (closed) in the period."""
    crowdfunded = funding.funded_crowdfunding(community, closed_between=(start, end))
    budgeting = Project.objects.filter(
        community=community,
        status=Project.Status.FUNDED,
        process__isnull=False,
        closed__date__range=(start, end),
    ).aggregate(n=Count("pk"), total=Sum("target"))
    return {
        "crowdfunded": len(crowdfunded),
        "raised": raised(crowdfunded),
        "leverage": funding_core.leverage(crowdfunded).overall,
        "budgeting_projects": budgeting["n"] or 0,
        "budgeting_total": budgeting["total"] or Decimal(0),
        "live": Project.objects.filter(
            community=community, status=Project.Status.LIVE
        ).count(),
    }


def _indicators(community: Community) -> Indicators:
    from hearth.profiles import queries as profiles
    from hearthcore import profile as profile_core

    codes = community.area_codes()
    sources = list(
        Dataset.objects.filter(kind__in=["iod2019_domains", "iod2025"])
        .defer("area_codes")
        .order_by("kind")
    )
    if not codes:
        return Indicators([], 0, 0, sources, "The community has no LSOAs.")
    try:
        summary, _per_area = profile_core.change_summary(profiles.inputs(), codes)
    except (KeyError, ValueError) as error:
        log.warning("indicators unavailable for community %s: %s", community.pk, error)
        return Indicators(
            [], 0, len(codes), sources, "The IoD 2019 and 2025 data are not loaded."
        )
    rows = [
        {
            "domain": str(name),
            "before": None if pd.isna(row["IoD 2019"]) else float(row["IoD 2019"]),
            "after": None if pd.isna(row["IoD 2025"]) else float(row["IoD 2025"]),
            "change": None if pd.isna(row["Change"]) else float(row["Change"]),
        }
        for name, row in summary.iterrows()
    ]
    if not any(r["before"] is not None or r["after"] is not None for r in rows):
        return Indicators(
            [], 0, len(codes), sources, "No IoD 2019 and 2025 figures for these areas."
        )
    return Indicators(
        rows,
        int(summary.attrs.get("mapped", 0)),
        int(summary.attrs.get("total", len(codes))),
        sources,
    )


def _stories(
    community: Community, start: datetime.date, end: datetime.date
) -> list[tuple[str, list[Story]]]:
    found = (
        Story.objects.consented()
        .filter(community=community, date__gte=start, date__lte=end)
        .order_by("date", "pk")
    )
    grouped: dict[str, list[Story]] = {key: [] for key in Story.Perspective.values}
    for story in found:
        grouped.setdefault(story.perspective, []).append(story)
    labels = dict(Story.Perspective.choices)
    return [(labels[key], grouped[key]) for key in Story.Perspective.values]


def _outcomes(plan: Plan | None) -> tuple[list[tuple[str, list[OutcomeRow]]], int]:
    if plan is None:
        return [], 0
    evidence: dict[int, list[OutcomeEvidence]] = {}
    for e in OutcomeEvidence.objects.filter(outcome__plan=plan).select_related(
        "story", "by"
    ):
        evidence.setdefault(e.outcome_id, []).append(e)
    out = []
    missing = 0
    for term, label in plans_core.OUTCOME_TERMS.items():
        rows = [
            OutcomeRow(o, evidence.get(o.pk, []))
            for o in Outcome.objects.filter(plan=plan, term=term).order_by("pk")
        ]
        missing += sum(1 for r in rows if not r.evidence)
        if rows:
            out.append((label, rows))
    return out, missing


def report(
    evaluation: Evaluation, *, with_stories: bool, organisations: set[int] | None = None
) -> Report:
    """Draw an evaluation from what every module holds for its community and period.

    ``with_stories`` includes the consented stories (the caller checks the
    reader may see them and audits it).
    """
    community = evaluation.community
    start, end = evaluation.period_start, evaluation.period_end
    plan = Plan.objects.filter(community=community).first()
    view = plans.load(plan) if plan else None
    statuses: dict[str, int] = {}
    if view:
        for a in view.actions:
            statuses[a.status] = statuses.get(a.status, 0) + 1
    try:
        reach = engagement.reach(community, start, end)
        chart, error = engagement.chart(reach), ""
        under = [
            engagement.LABELS.get(g.group, g.group)
            for g in reach.reach.groups
            if g.under_represented
        ]
    except engagement.ReachError as problem:
        reach, chart, error, under = None, "", str(problem), []
    total, done = _requests(community, start, end)
    outcomes, missing = _outcomes(plan)
    return Report(
        evaluation=evaluation,
        community=community,
        plan=view,
        milestones=_milestones(plan, start, end),
        actions_by_status=[
            (label, statuses[key])
            for key, label in plans_core.STATUSES.items()
            if key in statuses
        ],
        overdue=len(view.overdue(min(end, datetime.date.today()))) if view else 0,
        reach=reach,
        reach_chart=chart,
        reach_error=error,
        under_represented=under,
        events=_events(community, start, end),
        requests_total=total,
        requests_done=done,
        referrals=referrals.build(
            organisations=organisations,
            start=start,
            end=end,
            lsoas=set(community.area_codes()),
            label=community.name,
        ),
        funding=_funding(community, start, end),
        indicators=_indicators(community),
        stories=_stories(community, start, end) if with_stories else [],
        stories_shown=with_stories,
        outcomes=outcomes,
        without_evidence=missing,
        analyses=[
            sroi_view(a) for a in SroiAnalysis.objects.filter(community=community)
        ],
    )


# --- the authority dashboard ----------------------------------------------------------


@dataclass
class DashboardRow:
    community: Community
    progress: float | None
    milestones: int
    actions: int
    overdue: int
    people_reached: int | None
    requests_done: int | None
    referrals: int | None
    wellbeing_pairs: int | None
    wellbeing_change: float | None
    raised: Decimal
    evaluation: Evaluation | None


def dashboard(lad_code: str | None = None) -> list[DashboardRow]:
    """Every active community's headline figures; counts under 5 suppressed."""
    found = Community.objects.filter(archived__isnull=True).order_by("name")
    if lad_code:
        found = found.filter(lad_code=lad_code)
    communities = list(found)
    plans_by_community = {
        p.community_id: p for p in Plan.objects.filter(community__in=communities)
    }
    progress = plans.progress_of(plans_by_community.values())
    today = datetime.date.today()
    actions: dict[int, list[tuple[str, datetime.date | None]]] = {}
    for plan_id, status, due in Action.objects.filter(
        objective__plan__in=plans_by_community.values()
    ).values_list("objective__plan_id", "status", "due"):
        actions.setdefault(plan_id, []).append((status, due))
    milestones = dict(
        Milestone.objects.filter(
            plan__in=plans_by_community.values(), reached_on__isnull=False
        )
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )
    latest: dict[int, Evaluation] = {}
    for made in Evaluation.objects.filter(community__in=communities):
        latest.setdefault(made.community_id, made)  # newest period first
    rows = []
    for community in communities:
        plan = plans_by_community.get(community.pk)
        mine = actions.get(plan.pk, []) if plan else []
        codes = set(community.area_codes())
        swemwbs = next(
            (o for o in referrals.wellbeing(codes) if o.measure == "swemwbs"), None
        )
        rows.append(
            DashboardRow(
                community=community,
                progress=progress.get(plan.pk) if plan else None,
                milestones=milestones.get(plan.pk, 0) if plan else 0,
                actions=len(mine),
                overdue=sum(
                    plans_core.is_overdue(due, status, today) for status, due in mine
                ),
                people_reached=suppress(
                    int(engagement.totals(community).get("people") or 0)
                ),
                requests_done=suppress(
                    Request.objects.filter(lsoa21__in=codes, status="done").count()
                ),
                referrals=suppress(Referral.objects.filter(lsoa21__in=codes).count()),
                wellbeing_pairs=swemwbs.pairs if swemwbs else 0,
                wellbeing_change=swemwbs.change.mean_change
                if swemwbs and swemwbs.change
                else None,
                raised=raised(funding.funded_crowdfunding(community)),
                evaluation=latest.get(community.pk),
            )
        )
    return rows


def dashboard_rows(rows: list[DashboardRow]) -> tuple[list[str], list[list[Any]]]:
    """The dashboard as a spreadsheet (suppressed counts read "<5")."""
    header = [
        "community",
        "local_authority",
        "plan_progress_percent",
        "milestones_reached",
        "actions",
        "actions_overdue",
        "people_reached",
        "requests_done",
        "referrals",
        "swemwbs_people_measured_twice",
        "swemwbs_mean_change",
        "crowdfunding_raised_gbp",
    ]

    def count(value: int | None) -> Any:
        return "<5" if value is None else value

    return header, [
        [
            r.community.name,
            r.community.lad_code,
            None if r.progress is None else round(r.progress, 1),
            r.milestones,
            r.actions,
            r.overdue,
            count(r.people_reached),
            count(r.requests_done),
            count(r.referrals),
            count(r.wellbeing_pairs),
            None if r.wellbeing_change is None else round(r.wellbeing_change, 2),
            float(r.raised),
        ]
        for r in rows
    ]
