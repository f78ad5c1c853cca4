"""Read plans: the tree with rolled-up progress, overdue lists, exports, feeds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hearthcore import ical
from hearthcore import plans as core

from .models import Action, ActionUpdate, Objective, Plan, Review


@dataclass
class ObjectiveView:
    objective: Objective
    actions: list[Action]
    progress: float | None


@dataclass
class PlanView:
    """A plan with its objectives and actions loaded and progress rolled up."""

    plan: Plan
    objectives: list[ObjectiveView]
    progress: float | None
    steps: dict[str, str] = field(default_factory=dict)

    @property
    def actions(self) -> list[Action]:
        return [a for o in self.objectives for a in o.actions]

    def overdue(self, today: date | None = None) -> list[Action]:
        today = today or timezone.localdate()
        return [a for a in self.actions if core.is_overdue(a.due, a.status, today)]


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("lead").prefetch_related(
        "partners",
        Prefetch(
            "updates",
            queryset=ActionUpdate.objects.select_related("by", "organisation"),
        ),
    )


def load(plan: Plan, *, public: bool = False) -> PlanView:
    """The plan's tree; ``public`` keeps only what residents may see."""
    actions = _actions().filter(objective__plan=plan)
    if public:
        actions = actions.filter(is_public=True)
    by_objective: dict[int, list[Action]] = {}
    for action in actions.order_by("position", "id"):
        by_objective.setdefault(action.objective_id, []).append(action)
    objectives = []
    for objective in plan.objectives.all():
        mine = by_objective.get(objective.pk, [])
        if public and not mine:
            continue
        progress = core.objective_progress((a.status, a.progress) for a in mine)
        objectives.append(ObjectiveView(objective, mine, progress))
    return PlanView(
        plan=plan,
        objectives=objectives,
        progress=core.plan_progress(o.progress for o in objectives),
        steps=dict(plan.steps.values_list("key", "state")),
    )


def progress_of(plans: Iterable[Plan]) -> dict[int, float | None]:
    """Each plan's rolled-up progress, in two queries."""
    rows = Action.objects.filter(objective__plan__in=list(plans)).values_list(
        "objective__plan_id", "objective_id", "status", "progress"
    )
    per_objective: dict[tuple[int, int], list[tuple[str, float | None]]] = {}
    for plan_id, objective_id, status, progress in rows:
        per_objective.setdefault((plan_id, objective_id), []).append((status, progress))
    per_plan: dict[int, list[float | None]] = {}
    for (plan_id, _objective_id), actions in per_objective.items():
        per_plan.setdefault(plan_id, []).append(core.objective_progress(actions))
    return {plan_id: core.plan_progress(values) for plan_id, values in per_plan.items()}


# --- overdue ----------------------------------------------------------------------


@dataclass
class Overdue:
    actions: list[Action]
    reviews: list[Review]


def overdue(
    plans: QuerySet[Plan],
    *,
    organisations: set[int] | None = None,
    officer: Any = None,
    today: date | None = None,
) -> Overdue:
    """Overdue actions and reviews of these plans.

    With ``organisations`` and/or ``officer``, only actions led by those
    organisations and the actions and reviews of plans the officer leads.
    """
    today = today or timezone.localdate()
    actions = (
        Action.objects.filter(objective__plan__in=plans, due__lt=today)
        .exclude(status__in=core.CLOSED_STATUSES)
        .select_related("lead", "objective__plan__community")
        .order_by("due", "id")
    )
    reviews = (
        Review.objects.filter(plan__in=plans, due__lt=today, held_on__isnull=True)
        .select_related("plan__community")
        .order_by("due")
    )
    if organisations is not None or officer is not None:
        mine = Q(lead__in=organisations or set())
        if officer is not None:
            mine |= Q(objective__plan__officer=officer)
        actions = actions.filter(mine)
        reviews = reviews.filter(plan__officer=officer) if officer else reviews.none()
    return Overdue(list(actions), list(reviews))


# --- exports ----------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def plan_json(view: PlanView) -> dict[str, Any]:
    plan = view.plan
    logic = getattr(plan, "logic_model", None)
    outcomes: dict[str, list[dict[str, Any]]] = {
        term: [] for term in core.OUTCOME_TERMS
    }
    for outcome in plan.outcomes.all():
        outcomes[outcome.term].append(
            {"text": outcome.text, "first_recorded": outcome.first_recorded.isoformat()}
        )
    reached = dict(plan.milestones.values_list("key", "reached_on"))
    return {
        "objectives": [
            {
                "title": o.objective.title,
                "progress": _round(o.progress),
                "actions": [
                    {
                        "title": a.title,
                        "lead": a.lead.name,
                        "partners": [p.name for p in a.partners.all()],
                        "start": _iso(a.start),
                        "due": _iso(a.due),
                        "status": a.status,
                        "progress": a.progress,
                        "involvement": a.involvement,
                    }
                    for a in o.actions
                ],
            }
            for o in view.objectives
        ],
        "milestones": [
            {"milestone": key, "title": title, "reached_on": _iso(reached.get(key))}
            for key, title in core.MILESTONES
        ],
        "logic_model": {
            "situation": logic.situation if logic else "",
            "inputs": logic.inputs if logic else "",
            "activities": [a.title for a in view.actions],
            "outputs": logic.outputs if logic else "",
            "outcomes": outcomes,
        },
    }


def export_json(plans: Iterable[Plan]) -> dict[str, Any]:
    """Every plan in the shape of ``hearth plans export --format json``."""
    out = []
    for plan in plans:
        view = load(plan)
        out.append(
            {
                "id": plan.community_id,
                "name": plan.community.name,
                "progress": _round(view.progress),
                "plan": plan_json(view),
            }
        )
    return {"communities": out}


EXPORT_COLUMNS: tuple[str, ...] = (
    "community_id",
    "community",
    "community_progress",
    "objective_progress",
    *core.COLUMNS,
)


def export_rows(plans: Iterable[Plan]) -> tuple[Sequence[str], list[list[Any]]]:
    """One row per action: the import template's columns, after the
    community's and the progress figures (the file re-imports as it is)."""
    rows = []
    for plan in plans:
        view = load(plan)
        for o in view.objectives:
            for a in o.actions:
                rows.append(
                    [
                        plan.community_id,
                        plan.community.name,
                        _round(view.progress),
                        _round(o.progress),
                        o.objective.title,
                        a.title,
                        a.lead.name,
                        "; ".join(p.name for p in a.partners.all()),
                        a.start,
                        a.due,
                        a.status,
                        a.progress,
                        a.involvement,
                    ]
                )
    return EXPORT_COLUMNS, rows


# --- calendar feeds ---------------------------------------------------------------


def _host() -> str:
    hosts = [
        h
        for h in settings.ALLOWED_HOSTS
        if h not in ("*", "") and not h.startswith(".")
    ]
    return hosts[0] if hosts else "hearth.local"


def calendar(view: PlanView, *, public: bool, base_url: str = "") -> str:
    """The actions' due dates (and reviews, for staff) as an iCalendar feed."""
    host = _host()
    community = view.plan.community
    events = []
    for o in view.objectives:
        for a in o.actions:
            if a.due is None:
                continue
            status = "CANCELLED" if a.status == "stopped" else "CONFIRMED"
            description = (
                f"{o.objective.title}. Lead: {a.lead.name}. "
                f"Status: {core.STATUSES[a.status]}, {a.progress}% done."
            )
            events.append(
                ical.Event(
                    uid=f"plan-action-{a.pk}@{host}",
                    summary=f"Due: {a.title}",
                    start=a.due,
                    description=description,
                    categories=(community.name,),
                    status=status,
                    url=base_url,
                    last_modified=a.updated,
                )
            )
    if not public:
        for review in view.plan.reviews.all():
            events.append(
                ical.Event(
                    uid=f"plan-review-{review.pk}@{host}",
                    summary=f"Plan review: {community.name}",
                    start=review.due,
                    description="Held" if review.held_on else "Review the plan",
                    categories=(community.name,),
                    url=base_url,
                )
            )
    return ical.calendar(
        events,
        name=f"{community.name}: community plan",
        description=f"Due dates in the community plan for {community.name}",
    )


def latest_public_updates(action: Action) -> list[ActionUpdate]:
    return [u for u in action.updates.all() if u.is_public]
