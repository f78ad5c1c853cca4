"""Use cases for community plans: one transaction per change, each writing a
``PlanEvent`` (the plan's history) while the audit registry logs the rows.

Views and commands call these; they never save plan models themselves.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hearth.accounts.models import Organisation
from hearth.communities.models import Community
from hearth.core.errors import DomainError
from hearthcore import plans as core
from hearthcore.sheets import Problem
from hearthcore.text import organisation_kind

from .models import (
    Action,
    ActionUpdate,
    LogicModel,
    Milestone,
    Note,
    Objective,
    Outcome,
    Plan,
    PlanEvent,
    PlanStep,
    Review,
)


class PlanError(DomainError):
    pass


def _event(plan: Plan, kind: str, by: Any, summary: str, **details: Any) -> None:
    PlanEvent.objects.create(
        plan=plan,
        action=kind,
        by=by if getattr(by, "is_authenticated", False) else None,
        summary=summary[:400],
        details=details,
    )


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _text(value: str, what: str, *, required: bool = True, limit: int = 0) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PlanError(f"Enter {what}")
    if limit and len(value) > limit:
        raise PlanError(
            f"{what[0].upper()}{what[1:]} must be {limit} characters or fewer"
        )
    return value


# --- the plan ----------------------------------------------------------------------


@transaction.atomic
def start_plan(community: Community, *, by: Any, officer: Any = None) -> Plan:
    """Start a community's plan: its six steps, six milestones and logic model."""
    if community.archived:
        raise PlanError(f"{community.name} is archived, so it cannot have a new plan")
    if Plan.objects.filter(community=community).exists():
        raise PlanError(f"{community.name} already has a plan")
    plan = Plan.objects.create(community=community, officer=officer or _user(by))
    for key in core.STEP_KEYS:
        PlanStep.objects.create(plan=plan, key=key)
    for key in core.MILESTONE_KEYS:
        Milestone.objects.create(plan=plan, key=key)
    LogicModel.objects.create(plan=plan)
    _event(plan, "started", by, f"Plan started for {community.name}")
    return plan


def plan_for(community: Community, *, by: Any) -> Plan:
    """The community's plan, started if it has none."""
    existing = Plan.objects.filter(community=community).first()
    return existing or start_plan(community, by=by)


@transaction.atomic
def edit_plan(
    plan: Plan, *, summary: str, officer: Any, is_public: bool, by: Any
) -> Plan:
    changed = []
    summary = summary.strip()
    if summary != plan.summary:
        plan.summary = summary
        changed.append("summary")
    if (officer.pk if officer else None) != plan.officer_id:
        plan.officer = officer
        changed.append("lead officer")
    if is_public != plan.is_public:
        plan.is_public = is_public
        changed.append("published" if is_public else "unpublished")
    if changed:
        plan.save()
        _event(plan, "edited", by, f"Plan changed: {', '.join(changed)}")
    return plan


@transaction.atomic
def set_step_state(plan: Plan, key: str, state: str, *, by: Any) -> PlanStep:
    if state not in core.STEP_STATES:
        raise PlanError(f"{state!r} is not a step state")
    step = PlanStep.objects.select_for_update().get(plan=plan, key=key)
    if step.state != state:
        old = step.state
        step.state = state
        step.save()
        title = {k: t for k, t, _a in core.STEPS}[key]
        _event(
            plan,
            "step",
            by,
            f"{title}: {core.STEP_STATES[state].lower()}",
            step=key,
            old=old,
            new=state,
        )
    return step


@transaction.atomic
def reset_calendar(plan: Plan, *, by: Any) -> Plan:
    """Give the plan's calendar feed a new secret address (the old one stops)."""
    from .models import _token

    plan.calendar_token = _token()
    plan.save(update_fields=["calendar_token", "updated"])
    _event(plan, "calendar", by, "Calendar feed address changed")
    return plan


# --- notes of the understanding steps ---------------------------------------------


@transaction.atomic
def add_note(
    plan: Plan,
    *,
    step: str,
    category: str,
    text: str,
    source: str,
    noted_on: date,
    by: Any,
) -> Note:
    categories = core.NOTE_CATEGORIES.get(step)
    if categories is None:
        raise PlanError("Notes belong to the background, people or services step")
    if category not in categories:
        raise PlanError("Choose what the note is about")
    note = Note.objects.create(
        plan=plan,
        step=step,
        category=category,
        text=_text(text, "the note"),
        source=_text(source, "the source", required=False, limit=300),
        noted_on=noted_on,
        by=_user(by),
    )
    _event(plan, "note", by, f"Note added: {categories[category]}", step=step)
    if PlanStep.objects.filter(plan=plan, key=step, state="not_started").exists():
        set_step_state(plan, step, "in_progress", by=by)
    return note


@transaction.atomic
def delete_note(note: Note, *, by: Any) -> None:
    plan = note.plan
    label = note.category_label
    note.delete()
    _event(plan, "note deleted", by, f"Note removed: {label}")


# --- objectives and actions ------------------------------------------------------


@transaction.atomic
def add_objective(
    plan: Plan, *, title: str, description: str = "", by: Any
) -> Objective:
    title = _text(title, "the objective", limit=300)
    if plan.objectives.filter(title__iexact=title).exists():
        raise PlanError(f"The plan already has the objective {title!r}")
    position = (
        plan.objectives.order_by("-position").values_list("position", flat=True).first()
        or 0
    ) + 1
    objective = Objective.objects.create(
        plan=plan, title=title, description=description.strip(), position=position
    )
    _event(plan, "objective", by, f"Objective added: {title}")
    return objective


@transaction.atomic
def edit_objective(
    objective: Objective, *, title: str, description: str, by: Any
) -> Objective:
    title = _text(title, "the objective", limit=300)
    if (
        objective.plan.objectives.filter(title__iexact=title)
        .exclude(pk=objective.pk)
        .exists()
    ):
        raise PlanError(f"The plan already has the objective {title!r}")
    old = objective.title
    objective.title, objective.description = title, description.strip()
    objective.save()
    _event(
        objective.plan, "objective edited", by, f"Objective changed: {title}", old=old
    )
    return objective


@transaction.atomic
def delete_objective(objective: Objective, *, by: Any) -> None:
    if objective.actions.exists():
        raise PlanError(
            "This objective has actions: stop or remove them first, so their history is kept"
        )
    plan, title = objective.plan, objective.title
    objective.delete()
    _event(plan, "objective deleted", by, f"Objective removed: {title}")


@dataclass
class ActionFields:
    """What an officer sets on an action (validated by ``check``)."""

    title: str
    lead: Organisation
    partners: Sequence[Organisation] = ()
    description: str = ""
    start: date | None = None
    due: date | None = None
    status: str = "not_started"
    progress: int = 0
    involvement: str = "inform"
    community_lead: str = ""
    you_said: str = ""
    is_public: bool = True

    def check(self) -> None:
        self.title = _text(self.title, "the action", limit=300)
        if self.status not in core.STATUSES:
            raise PlanError(f"{self.status!r} is not a status")
        if self.involvement not in core.INVOLVEMENT:
            raise PlanError(f"{self.involvement!r} is not a level of involvement")
        if not 0 <= int(self.progress) <= 100:
            raise PlanError("Progress must be between 0 and 100")
        if self.start and self.due and self.due < self.start:
            raise PlanError("The due date must be on or after the start date")
        if self.status == "done":
            self.progress = 100
        self.partners = [
            p for p in dict.fromkeys(self.partners) if p.pk != self.lead.pk
        ]


def _apply(action: Action, values: ActionFields) -> None:
    for name in (
        "title",
        "lead",
        "description",
        "start",
        "due",
        "status",
        "progress",
        "involvement",
        "community_lead",
        "you_said",
        "is_public",
    ):
        setattr(action, name, getattr(values, name))


@transaction.atomic
def add_action(objective: Objective, values: ActionFields, *, by: Any) -> Action:
    values.check()
    if objective.actions.filter(title__iexact=values.title).exists():
        raise PlanError(f"The objective already has the action {values.title!r}")
    action = Action(objective=objective)
    _apply(action, values)
    action.position = objective.actions.count() + 1
    action.save()
    action.partners.set(values.partners)
    _event(
        objective.plan,
        "action",
        by,
        f"Action added: {action.title} (lead {action.lead.name})",
        action_id=action.pk,
    )
    return action


@transaction.atomic
def edit_action(action: Action, values: ActionFields, *, by: Any) -> Action:
    values.check()
    if (
        action.objective.actions.filter(title__iexact=values.title)
        .exclude(pk=action.pk)
        .exists()
    ):
        raise PlanError(f"The objective already has the action {values.title!r}")
    before = (action.status, action.progress)
    _apply(action, values)
    action.save()
    action.partners.set(values.partners)
    _event(
        action.objective.plan,
        "action edited",
        by,
        f"Action changed: {action.title}",
        action_id=action.pk,
        old_status=before[0],
        old_progress=before[1],
    )
    return action


@transaction.atomic
def record_update(
    action: Action,
    *,
    on: date,
    note: str,
    progress: int | None,
    status: str = "",
    is_public: bool = False,
    by: Any,
    organisation: Organisation | None = None,
) -> ActionUpdate:
    """A lead or partner reports on an action; its status and progress follow."""
    note = _text(note, "what was done")
    if on > timezone.localdate():
        raise PlanError("The date of an update cannot be in the future")
    if status and status not in core.STATUSES:
        raise PlanError(f"{status!r} is not a status")
    if progress is not None and not 0 <= progress <= 100:
        raise PlanError("Progress must be between 0 and 100")
    action = Action.objects.select_for_update().get(pk=action.pk)
    new_status = status or action.status
    if progress is None and not status:
        progress_now = action.progress
    else:
        progress_now = action.progress if progress is None else progress
    if new_status == "done":
        progress_now = 100
    elif new_status == "not_started" and progress_now > 0:
        new_status = "in_progress"
    update = ActionUpdate.objects.create(
        action=action,
        on=on,
        note=note,
        progress=progress_now,
        status=new_status,
        by=_user(by),
        organisation=organisation,
        is_public=is_public,
    )
    action.status, action.progress = new_status, progress_now
    action.save(update_fields=["status", "progress", "updated"])
    _event(
        action.objective.plan,
        "update",
        by,
        f"Update on {action.title}: {core.STATUSES[new_status].lower()}, {progress_now}%",
        action_id=action.pk,
        update=update.pk,
    )
    if PlanStep.objects.filter(
        plan=action.objective.plan, key="deliver", state="not_started"
    ).exists():
        set_step_state(action.objective.plan, "deliver", "in_progress", by=by)
    return update


# --- milestones, logic model, reviews --------------------------------------------


@transaction.atomic
def set_milestone(
    plan: Plan, key: str, *, reached_on: date | None, note: str = "", by: Any
) -> Milestone:
    if reached_on and reached_on > timezone.localdate():
        raise PlanError("A milestone cannot be reached in the future")
    milestone = Milestone.objects.select_for_update().get(plan=plan, key=key)
    if (milestone.reached_on, milestone.note) == (reached_on, note.strip()):
        return milestone
    milestone.reached_on, milestone.note = reached_on, note.strip()
    milestone.save()
    title = dict(core.MILESTONES)[key]
    _event(
        plan,
        "milestone",
        by,
        f"{title}: {'reached ' + reached_on.isoformat() if reached_on else 'not reached'}",
        milestone=key,
    )
    return milestone


@transaction.atomic
def edit_logic_model(
    plan: Plan, *, situation: str, inputs: str, outputs: str, by: Any
) -> LogicModel:
    model = LogicModel.objects.select_for_update().get(plan=plan)
    values = (situation.strip(), inputs.strip(), outputs.strip())
    if values != (model.situation, model.inputs, model.outputs):
        model.situation, model.inputs, model.outputs = values
        model.save()
        _event(plan, "logic model", by, "Logic model changed")
    return model


@transaction.atomic
def add_outcome(
    plan: Plan, *, term: str, text: str, first_recorded: date, by: Any
) -> Outcome:
    if term not in core.OUTCOME_TERMS:
        raise PlanError("Choose short, medium or long term")
    if first_recorded > timezone.localdate():
        raise PlanError("An outcome cannot be first recorded in the future")
    outcome = Outcome.objects.create(
        plan=plan,
        term=term,
        text=_text(text, "the outcome"),
        first_recorded=first_recorded,
        by=_user(by),
    )
    _event(
        plan,
        "outcome",
        by,
        f"{core.OUTCOME_TERMS[term]} outcome added: {outcome.text[:80]}",
    )
    return outcome


@transaction.atomic
def schedule_review(plan: Plan, *, due: date, by: Any) -> Review:
    if plan.reviews.filter(due=due, held_on__isnull=True).exists():
        raise PlanError(f"A review is already due on {due:%-d %B %Y}")
    review = Review.objects.create(plan=plan, due=due, by=_user(by))
    _event(plan, "review scheduled", by, f"Review due {due.isoformat()}")
    return review


@transaction.atomic
def record_review(
    review: Review, *, held_on: date, learnt: str, changes: str, by: Any
) -> Review:
    if held_on > timezone.localdate():
        raise PlanError("A review cannot be held in the future")
    review.held_on = held_on
    review.learnt = _text(learnt, "what was learnt")
    review.changes = changes.strip()
    review.by = _user(by)
    review.save()
    _event(review.plan, "review", by, f"Review held {held_on.isoformat()}")
    if PlanStep.objects.filter(
        plan=review.plan, key="review", state="not_started"
    ).exists():
        set_step_state(review.plan, "review", "in_progress", by=by)
    return review


# --- imports from spreadsheets ----------------------------------------------------


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").split())


@dataclass
class ImportOutcome:
    plan: Plan
    objectives_added: int = 0
    actions_added: int = 0
    actions_updated: int = 0
    organisations_created: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [
            f"{self.actions_added} actions added",
            f"{self.actions_updated} updated",
            f"{self.objectives_added} new objectives",
        ]
        text = f"Imported the plan for {self.plan.community.name}: {', '.join(parts)}"
        if self.organisations_created:
            text += f"; created organisations: {', '.join(self.organisations_created)}"
        return text


class OrganisationMatcher:
    """Find organisations by name (ignoring case, spacing and '&'/'and')."""

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self.by_name: dict[str, Organisation] = {}
        for org in organisations:
            self.by_name.setdefault(_normal(org.name), org)
            self.by_name.setdefault(_normal(org.slug.replace("-", " ")), org)
        self.names = sorted({o.name for o in self.by_name.values()})

    def find(self, name: str) -> Organisation | None:
        return self.by_name.get(_normal(name))

    def closest(self, name: str) -> list[str]:
        lowered = {n.lower(): n for n in self.names}
        found = difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.4)
        return [lowered[f] for f in found]


def check_organisations(
    rows: Sequence[core.PlanRow], matcher: OrganisationMatcher
) -> list[Problem]:
    """Problems for organisation names that match no organisation."""
    problems = []
    for row in rows:
        for column, names in (
            ("lead_organisation", [row.lead_organisation]),
            ("partners", list(row.partners)),
        ):
            for name in names:
                if matcher.find(name) is None:
                    close = matcher.closest(name)
                    hint = f" (closest: {', '.join(close)})" if close else ""
                    problems.append(
                        Problem(
                            row.line,
                            column,
                            f"no organisation is called {name!r}{hint}; add it, "
                            "correct the name, or import with --create-organisations",
                        )
                    )
    return problems


@transaction.atomic
def import_plan(
    community: Community,
    rows: Sequence[core.PlanRow],
    *,
    by: Any,
    create_organisations: bool = False,
    source: str = "",
) -> ImportOutcome:
    """Add the rows' objectives and actions to the community's plan.

    Objectives match by title and actions by title within their objective
    (ignoring case), so importing the same sheet again updates the actions
    instead of repeating them. All or nothing: an unknown organisation (unless
    ``create_organisations``) raises ``PlanFileError`` and nothing changes.
    """
    if community.archived:
        raise PlanError(f"{community.name} is archived; its plan cannot change")
    matcher = OrganisationMatcher(Organisation.objects.all())
    created: list[str] = []
    if create_organisations:
        for row in rows:
            for name in (row.lead_organisation, *row.partners):
                if matcher.find(name) is None:
                    org = Organisation.objects.create(
                        name=name, slug=_free_slug(name), kind=organisation_kind(name)
                    )
                    matcher = OrganisationMatcher([*matcher.by_name.values(), org])
                    created.append(name)
    problems = check_organisations(rows, matcher)
    if problems:
        raise core.PlanFileError(problems)
    plan = plan_for(community, by=by)
    outcome = ImportOutcome(plan=plan, organisations_created=created)
    objectives = {o.title.lower(): o for o in plan.objectives.all()}
    for row in rows:
        objective = objectives.get(row.objective.lower())
        if objective is None:
            objective = add_objective(plan, title=row.objective, by=by)
            objectives[row.objective.lower()] = objective
            outcome.objectives_added += 1
        lead = matcher.find(row.lead_organisation)
        assert lead is not None  # noqa: S101 - checked above
        values = ActionFields(
            title=row.action,
            lead=lead,
            partners=[o for o in (matcher.find(p) for p in row.partners) if o],
            start=row.start,
            due=row.due,
            status=row.status,
            progress=row.progress,
            involvement=row.involvement,
        )
        existing = objective.actions.filter(title__iexact=row.action).first()
        if existing is None:
            add_action(objective, values, by=by)
            outcome.actions_added += 1
        else:
            values.description = existing.description
            values.community_lead = existing.community_lead
            values.you_said = existing.you_said
            values.is_public = existing.is_public
            edit_action(existing, values, by=by)
            outcome.actions_updated += 1
    _event(
        plan,
        "import",
        by,
        f"Imported {len(rows)} actions{' from ' + source if source else ''}",
        added=outcome.actions_added,
        updated=outcome.actions_updated,
        organisations_created=created,
    )
    if (
        outcome.actions_added
        and PlanStep.objects.filter(plan=plan, key="plan", state="not_started").exists()
    ):
        set_step_state(plan, "plan", "in_progress", by=by)
    return outcome


def _free_slug(name: str) -> str:
    base = slugify(name)[:190] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- when communities are merged ------------------------------------------------


@transaction.atomic
def move_on_merge(source: Community, target: Community, *, by: Any) -> None:
    """A merged community's plan moves to the community it was merged into.

    When that community has a plan of its own, the merged plan's objectives,
    notes, outcomes and reviews join it (objectives are renamed when the
    title is taken); milestones reached keep the earlier date.
    """
    plan = Plan.objects.filter(community=source).first()
    if plan is None:
        return
    kept = Plan.objects.filter(community=target).first()
    if kept is None:
        plan.community = target
        plan.save(update_fields=["community", "updated"])
        _event(plan, "moved", by, f"Plan moved from {source.name} (merged in)")
        return
    titles = {t.lower() for t in kept.objectives.values_list("title", flat=True)}
    offset = kept.objectives.count()
    for objective in plan.objectives.all():
        if objective.title.lower() in titles:
            objective.title = f"{objective.title} ({source.name})"[:300]
        objective.plan = kept
        objective.position += offset
        objective.save()
    for model in (Note, Outcome, Review):
        for row in model.objects.filter(plan=plan):
            row.plan = kept
            row.save()
    for milestone in plan.milestones.exclude(reached_on=None):
        mine = kept.milestones.get(key=milestone.key)
        reached = milestone.reached_on
        if reached is not None and (
            mine.reached_on is None or reached < mine.reached_on
        ):
            mine.reached_on = milestone.reached_on
            mine.save()
    _event(kept, "merged", by, f"The plan of {source.name} joined this plan")
    _event(plan, "merged", by, f"Objectives moved to the plan of {target.name}")
