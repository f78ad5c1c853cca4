"""Plan pages for staff and partners (the public page is in public_views.py)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import (
    Capability,
    organisations_of,
    signed_in,
    user_has,
)
from hearth.communities.models import Community
from hearth.core import exports
from hearthcore import ical
from hearthcore import plans as core

from . import forms, queries, services
from .models import Action, Objective, Plan, Review
from .permissions import can_edit, can_see_notes, can_view, may_update, visible_plans

STEP_TITLES = {key: title for key, title, _about in core.STEPS}
STEP_ABOUT = {key: about for key, _title, about in core.STEPS}
STATE_TAGS = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--light-blue",
    "done": "govuk-tag--green",
}
MAX_UPLOAD = 5 * 1024 * 1024


def _plan(request: HttpRequest, community_id: int) -> Plan:
    """The community's plan if this user may see it; 404 otherwise."""
    plan = (
        Plan.objects.select_related("community", "officer", "logic_model")
        .filter(community_id=community_id)
        .first()
    )
    if plan is None or not can_view(request.user, plan):
        raise Http404("No plan you can see")
    return plan


def _editable(request: HttpRequest, community_id: int) -> Plan:
    plan = _plan(request, community_id)
    if not can_edit(request.user, plan):
        raise PermissionDenied
    return plan


def _context(request: HttpRequest, plan: Plan, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "community": plan.community,
        "can_edit": can_edit(request.user, plan),
        "step_titles": STEP_TITLES,
        **extra,
    }


def _steps(view: queries.PlanView) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "title": title,
            "about": about,
            "state": view.steps.get(key, "not_started"),
            "state_label": core.STEP_STATES[view.steps.get(key, "not_started")],
            "tag": STATE_TAGS[view.steps.get(key, "not_started")],
        }
        for key, title, about in core.STEPS
    ]


# --- lists -----------------------------------------------------------------------


@require_GET
@signed_in
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every plan the user may see, with where each community is in the steps."""
    plans = list(visible_plans(request.user).order_by("community__name"))
    if not plans and not user_has(request.user, Capability.UPDATE_ACTIONS):
        if not user_has(request.user, Capability.VIEW_ALL_PLANS):
            raise PermissionDenied
    progress = queries.progress_of(plans)
    states: dict[int, dict[str, str]] = {}
    for plan in plans:
        states[plan.pk] = dict(plan.steps.values_list("key", "state"))
    today = timezone.localdate()
    overdue = queries.overdue(visible_plans(request.user), today=today)
    late: dict[int, int] = {}
    for action in overdue.actions:
        late[action.objective.plan_id] = late.get(action.objective.plan_id, 0) + 1
    rows = [
        {
            "plan": plan,
            "progress": progress.get(plan.pk),
            "overdue": late.get(plan.pk, 0),
            "steps": [
                {
                    "key": key,
                    "label": core.STEP_STATES[states[plan.pk].get(key, "not_started")],
                    "tag": STATE_TAGS[states[plan.pk].get(key, "not_started")],
                }
                for key in core.STEP_KEYS
            ],
        }
        for plan in plans
    ]
    without = []
    if user_has(request.user, Capability.MANAGE_COMMUNITIES):
        without = list(
            Community.objects.active().filter(plan__isnull=True).order_by("name")
        )
    return render(
        request,
        "plans/list.html",
        {
            "rows": rows,
            "steps": core.STEPS,
            "without_plan": without,
            "can_start": user_has(request.user, Capability.MANAGE_COMMUNITIES),
            "can_import": user_has(request.user, Capability.MANAGE_COMMUNITIES),
        },
    )


@require_GET
@signed_in
def overdue(request: HttpRequest) -> HttpResponse:
    """Overdue actions for the user's organisations and the plans they lead."""
    plans = visible_plans(request.user)
    show_all = request.GET.get("all") == "1" and user_has(
        request.user, Capability.VIEW_ALL_PLANS
    )
    if show_all:
        found = queries.overdue(plans)
    else:
        found = queries.overdue(
            plans, organisations=organisations_of(request.user), officer=request.user
        )
    return render(
        request,
        "plans/overdue.html",
        {
            "found": found,
            "show_all": show_all,
            "can_show_all": user_has(request.user, Capability.VIEW_ALL_PLANS),
            "today": timezone.localdate(),
        },
    )


def _download(plans: list[Plan], fmt: str, name: str) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(queries.export_json(plans), indent=2, ensure_ascii=False)
        return exports.download(body, "application/json", f"{name}.json")
    header, rows = queries.export_rows(plans)
    if fmt == "xlsx":
        return exports.xlsx_response(f"{name}.xlsx", header, rows, sheet="Plan")
    return exports.csv_response(f"{name}.csv", header, rows)


@require_GET
@signed_in
def export_all(request: HttpRequest, fmt: str) -> HttpResponse:
    plans = list(visible_plans(request.user).order_by("community__name"))
    return _download(plans, fmt, "community-plans")


@require_GET
def template(request: HttpRequest) -> HttpResponse:
    """The blank plan template (no data: anyone may have it)."""
    return exports.download(core.template_csv(), exports.CSV_TYPE, "plan-template.csv")


# --- one plan --------------------------------------------------------------------


@require_POST
@signed_in
def start(request: HttpRequest, community_id: int) -> HttpResponse:
    if not user_has(request.user, Capability.MANAGE_COMMUNITIES):
        raise PermissionDenied
    community = get_object_or_404(Community, pk=community_id)
    try:
        services.start_plan(community, by=request.user)
    except services.PlanError as error:
        messages.error(request, str(error))
        return redirect("communities:detail", community.pk)
    messages.success(request, f"The plan for {community.name} has been started.")
    return redirect("plans:plan", community.pk)


@require_GET
@signed_in
def plan_page(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = (
        Plan.objects.select_related("community")
        .filter(community_id=community_id)
        .first()
    )
    if plan is None:
        community = get_object_or_404(Community, pk=community_id)
        if (
            user_has(request.user, Capability.MANAGE_COMMUNITIES)
            and community.is_active
        ):
            return render(request, "plans/no_plan.html", {"community": community})
        raise Http404("No plan")
    plan = _plan(request, community_id)
    view = queries.load(plan)
    milestones = list(plan.milestones.all())
    return render(
        request,
        "plans/plan.html",
        _context(
            request,
            plan,
            view=view,
            steps=_steps(view),
            milestones_reached=sum(1 for m in milestones if m.reached_on),
            milestone_count=len(milestones),
            overdue=view.overdue(),
            next_review=plan.reviews.filter(held_on__isnull=True)
            .order_by("due")
            .first(),
        ),
    )


@signed_in
def plan_settings(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _editable(request, community_id)
    form = forms.PlanForm(
        request.POST or None,
        initial={
            "summary": plan.summary,
            "officer": plan.officer,
            "is_public": plan.is_public,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.edit_plan(
            plan,
            summary=form.cleaned_data["summary"],
            officer=form.cleaned_data["officer"],
            is_public=form.cleaned_data["is_public"],
            by=request.user,
        )
        messages.success(request, "The plan has been updated.")
        return redirect("plans:plan", community_id)
    return render(
        request,
        "plans/settings.html",
        _context(request, plan, form=form),
        status=400 if form.errors else 200,
    )


def _step_state(request: HttpRequest, plan: Plan, key: str) -> HttpResponse | None:
    """Handle the 'mark this step as' form; None when the POST is not that."""
    if request.POST.get("form") != "state":
        return None
    if not can_edit(request.user, plan):
        raise PermissionDenied
    state = request.POST.get("state", "")
    try:
        services.set_step_state(plan, key, state, by=request.user)
    except services.PlanError:
        messages.error(request, "Choose a state for the step")
        return redirect("plans:step", plan.community_id, key)
    messages.success(
        request, f"{STEP_TITLES[key]} is now marked {core.STEP_STATES[state].lower()}."
    )
    return redirect("plans:step", plan.community_id, key)


def _people(plan: Plan) -> dict[str, Any]:
    """The community's profile, for the people step (from Hearth's data)."""
    from hearth.profiles import queries as profiles
    from hearth.profiles.presenters import page_tables

    codes = plan.community.area_codes()
    if not codes:
        return {"profile_error": "The community has no LSOAs, so it has no profile."}
    try:
        selection = profiles.for_community(
            plan.community.name, codes, plan.community.lad_code
        )
        result = profiles.build(selection)
    except (profiles.ProfileError, KeyError, ValueError) as error:
        return {"profile_error": f"The profile is not available: {error}"}
    return {"profile": result, "tables": page_tables(result)}


def _services(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    from hearth.communities import panels

    rendered = [
        p for p in panels.for_community(plan.community, request) if p.key == "assets"
    ]
    return {"asset_panel": rendered[0] if rendered else None}


def _review(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    """Other apps' evidence for the review (engagement reach and so on), as
    community-page panels they register with these keys."""
    from hearth.communities import panels

    wanted = ("reach", "engagement", "delivery", "referrals", "funding")
    return {
        "evidence_panels": [
            p for p in panels.for_community(plan.community, request) if p.key in wanted
        ],
        "reviews": list(plan.reviews.select_related("by")),
        "schedule_form": forms.ScheduleReviewForm(prefix="schedule"),
    }


@signed_in
def step(request: HttpRequest, community_id: int, key: str) -> HttpResponse:
    if key not in STEP_TITLES:
        raise Http404("No such step")
    plan = _plan(request, community_id)
    if request.method == "POST":
        handled = _step_state(request, plan, key)
        if handled is not None:
            return handled
    note_form = None
    status = 200
    if key in core.NOTE_CATEGORIES:
        note_form = forms.NoteForm(
            request.POST if request.POST.get("form") == "note" else None,
            step=key,
            prefix="note",
            initial={"noted_on": timezone.localdate()},
        )
        if request.method == "POST" and request.POST.get("form") == "note":
            if not can_edit(request.user, plan):
                raise PermissionDenied
            if note_form.is_valid():
                services.add_note(
                    plan, step=key, by=request.user, **note_form.cleaned_data
                )
                messages.success(request, "The note has been added.")
                return redirect("plans:step", community_id, key)
            status = 400
    if request.method == "POST" and request.POST.get("form") == "delete-note":
        if not can_edit(request.user, plan):
            raise PermissionDenied
        note = plan.notes.filter(pk=request.POST.get("note", "0") or 0).first()
        if note is not None:
            services.delete_note(note, by=request.user)
            messages.success(request, "The note has been removed.")
        return redirect("plans:step", community_id, key)
    view = queries.load(plan)
    state = view.steps.get(key, "not_started")
    extra: dict[str, Any] = {}
    if key == "people":
        extra = _people(plan)
    elif key == "services":
        extra = _services(request, plan)
    elif key == "review":
        extra = _review(request, plan)
    elif key == "deliver":
        recent = [(a, u) for a in view.actions for u in a.updates.all()]
        recent.sort(key=lambda pair: (pair[1].on, pair[1].pk), reverse=True)
        extra = {"recent": recent[:20]}
    context = _context(
        request,
        plan,
        view=view,
        key=key,
        key_number=core.STEP_KEYS.index(key) + 1,
        current_step=key,
        title=STEP_TITLES[key],
        about=STEP_ABOUT[key],
        state=state,
        states=list(core.STEP_STATES.items()),
        state_tag=STATE_TAGS[state],
        notes=list(plan.notes.filter(step=key).select_related("by"))
        if can_see_notes(request.user)
        else None,
        note_form=note_form,
        steps=_steps(view),
        today=timezone.localdate(),
        **extra,
    )
    return render(request, f"plans/step_{key}.html", context, status=status)


# --- objectives and actions ------------------------------------------------------


@signed_in
def objective_form(
    request: HttpRequest, community_id: int, objective_id: int | None = None
) -> HttpResponse:
    plan = _editable(request, community_id)
    objective = (
        get_object_or_404(Objective, pk=objective_id, plan=plan)
        if objective_id
        else None
    )
    form = forms.ObjectiveForm(
        request.POST or None,
        initial={"title": objective.title, "description": objective.description}
        if objective
        else None,
    )
    if request.method == "POST" and request.POST.get("form") == "delete" and objective:
        try:
            services.delete_objective(objective, by=request.user)
        except services.PlanError as error:
            form = forms.ObjectiveForm(
                initial={"title": objective.title, "description": objective.description}
            )
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(request, "The objective has been removed.")
            return redirect("plans:step", community_id, "plan")
    elif request.method == "POST" and form.is_valid():
        try:
            if objective:
                services.edit_objective(objective, by=request.user, **form.cleaned_data)
            else:
                objective = services.add_objective(
                    plan, by=request.user, **form.cleaned_data
                )
        except services.PlanError as error:
            form.add_error("title", str(error))
        else:
            messages.success(request, f"Saved the objective {objective.title}.")
            return redirect(
                f"{reverse('plans:step', args=[community_id, 'plan'])}#objective-{objective.pk}"
            )
    return render(
        request,
        "plans/objective_form.html",
        _context(request, plan, form=form, objective=objective),
        status=400 if form.errors else 200,
    )


def _action_values(data: dict[str, Any]) -> services.ActionFields:
    return services.ActionFields(
        title=data["title"],
        lead=data["lead"],
        partners=list(data.get("partners") or []),
        description=data.get("description", ""),
        start=data.get("start"),
        due=data.get("due"),
        status=data["status"],
        progress=data["progress"],
        involvement=data["involvement"],
        community_lead=data.get("community_lead", ""),
        you_said=data.get("you_said", ""),
        is_public=bool(data.get("is_public")),
    )


@signed_in
def action_form(
    request: HttpRequest, community_id: int, action_id: int | None = None
) -> HttpResponse:
    plan = _editable(request, community_id)
    action = (
        get_object_or_404(Action, pk=action_id, objective__plan=plan)
        if action_id
        else None
    )
    objective_id = request.GET.get("objective") or request.POST.get("objective")
    objective = (
        action.objective
        if action
        else get_object_or_404(Objective, pk=int(objective_id), plan=plan)
        if objective_id and str(objective_id).isdigit()
        else None
    )
    if objective is None:
        raise Http404("Choose the objective first")
    initial = (
        {
            "title": action.title,
            "description": action.description,
            "lead": action.lead,
            "partners": list(action.partners.all()),
            "start": action.start,
            "due": action.due,
            "status": action.status,
            "progress": action.progress,
            "involvement": action.involvement,
            "community_lead": action.community_lead,
            "you_said": action.you_said,
            "is_public": action.is_public,
        }
        if action
        else {
            "status": "not_started",
            "progress": 0,
            "involvement": "inform",
            "is_public": True,
        }
    )
    form = forms.ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _action_values(form.cleaned_data)
        try:
            if action:
                services.edit_action(action, values, by=request.user)
            else:
                action = services.add_action(objective, values, by=request.user)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the action {action.title}.")
            return redirect("plans:action", community_id, action.pk)
    return render(
        request,
        "plans/action_form.html",
        _context(request, plan, form=form, action=action, objective=objective),
        status=400 if form.errors else 200,
    )


@signed_in
def action_page(
    request: HttpRequest, community_id: int, action_id: int
) -> HttpResponse:
    plan = _plan(request, community_id)
    action = get_object_or_404(
        Action.objects.select_related("lead", "objective").prefetch_related("partners"),
        pk=action_id,
        objective__plan=plan,
    )
    allowed, organisation = may_update(request.user, action)
    form = forms.UpdateForm(
        request.POST or None,
        initial={
            "on": timezone.localdate(),
            "status": action.status,
            "progress": action.progress,
        },
    )
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.record_update(
                    action,
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"],
                    progress=form.cleaned_data["progress"],
                    status=form.cleaned_data["status"],
                    is_public=form.cleaned_data["is_public"],
                    by=request.user,
                    organisation=organisation,
                )
            except services.PlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your update has been recorded.")
                return redirect("plans:action", community_id, action.pk)
    return render(
        request,
        "plans/action.html",
        _context(
            request,
            plan,
            action=action,
            updates=list(action.updates.select_related("by", "organisation")),
            form=form if allowed else None,
            reporting_for=organisation,
            overdue=core.is_overdue(action.due, action.status, timezone.localdate()),
        ),
        status=400 if form.errors else 200,
    )


# --- milestones, logic model, reviews --------------------------------------------


@signed_in
def milestones(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _plan(request, community_id)
    rows = {m.key: m for m in plan.milestones.all()}
    titles = dict(core.MILESTONES)
    form_list = [
        (
            key,
            titles[key],
            rows.get(key),
            forms.MilestoneForm(
                request.POST or None,
                prefix=key,
                initial={
                    "reached_on": rows[key].reached_on if key in rows else None,
                    "note": rows[key].note if key in rows else "",
                },
            ),
        )
        for key in core.MILESTONE_KEYS
    ]
    if request.method == "POST":
        if not can_edit(request.user, plan):
            raise PermissionDenied
        if all(f.is_valid() for _k, _t, _m, f in form_list):
            for key, _title, _milestone, form in form_list:
                services.set_milestone(
                    plan,
                    key,
                    reached_on=form.cleaned_data["reached_on"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            messages.success(request, "The milestones have been saved.")
            return redirect("plans:milestones", community_id)
    errors = [(f, field) for _k, _t, _m, f in form_list for field in f if field.errors]
    return render(
        request,
        "plans/milestones.html",
        _context(request, plan, forms=form_list, errors=errors),
        status=400 if errors else 200,
    )


@signed_in
def logic_model(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _plan(request, community_id)
    model = plan.logic_model
    which = request.POST.get("form", "")
    form = forms.LogicModelForm(
        request.POST if which == "model" else None,
        prefix="model",
        initial={
            "situation": model.situation,
            "inputs": model.inputs,
            "outputs": model.outputs,
        },
    )
    outcome_form = forms.OutcomeForm(
        request.POST if which == "outcome" else None,
        prefix="outcome",
        initial={"first_recorded": timezone.localdate(), "term": "short"},
    )
    if request.method == "POST":
        if not can_edit(request.user, plan):
            raise PermissionDenied
        if which == "model" and form.is_valid():
            services.edit_logic_model(plan, by=request.user, **form.cleaned_data)
            messages.success(request, "The logic model has been saved.")
            return redirect("plans:logic-model", community_id)
        if which == "outcome" and outcome_form.is_valid():
            services.add_outcome(plan, by=request.user, **outcome_form.cleaned_data)
            messages.success(request, "The outcome has been added.")
            return redirect("plans:logic-model", community_id)
    view = queries.load(plan)
    outcomes = {
        term: [o for o in plan.outcomes.all() if o.term == term]
        for term in core.OUTCOME_TERMS
    }
    return render(
        request,
        "plans/logic_model.html",
        _context(
            request,
            plan,
            view=view,
            model=model,
            form=form,
            outcome_form=outcome_form,
            outcomes=[(core.OUTCOME_TERMS[t], items) for t, items in outcomes.items()],
        ),
        status=400 if (form.errors or outcome_form.errors) else 200,
    )


@require_POST
@signed_in
def schedule_review(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _editable(request, community_id)
    form = forms.ScheduleReviewForm(request.POST, prefix="schedule")
    if form.is_valid():
        try:
            services.schedule_review(
                plan, due=form.cleaned_data["due"], by=request.user
            )
        except services.PlanError as error:
            form.add_error("due", str(error))
        else:
            messages.success(request, "The review has been scheduled.")
            return redirect("plans:step", community_id, "review")
    view = queries.load(plan)
    context = _context(
        request,
        plan,
        view=view,
        key="review",
        key_number=6,
        current_step="review",
        title=STEP_TITLES["review"],
        about=STEP_ABOUT["review"],
        state=view.steps.get("review", "not_started"),
        states=list(core.STEP_STATES.items()),
        state_tag=STATE_TAGS[view.steps.get("review", "not_started")],
        steps=_steps(view),
        today=timezone.localdate(),
        **_review(request, plan),
    )
    context["schedule_form"] = form
    return render(request, "plans/step_review.html", context, status=400)


@signed_in
def review_form(
    request: HttpRequest, community_id: int, review_id: int
) -> HttpResponse:
    plan = _editable(request, community_id)
    review = get_object_or_404(Review, pk=review_id, plan=plan)
    form = forms.ReviewForm(
        request.POST or None,
        initial={
            "held_on": review.held_on or timezone.localdate(),
            "learnt": review.learnt,
            "changes": review.changes,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.record_review(review, by=request.user, **form.cleaned_data)
        messages.success(request, "The review has been recorded.")
        return redirect("plans:step", community_id, "review")
    return render(
        request,
        "plans/review_form.html",
        _context(request, plan, form=form, review=review),
        status=400 if form.errors else 200,
    )


# --- import, export, calendar, history --------------------------------------------


@signed_in
def import_plan(request: HttpRequest, community_id: int) -> HttpResponse:
    if not user_has(request.user, Capability.MANAGE_COMMUNITIES):
        raise PermissionDenied
    community = get_object_or_404(Community.objects.active(), pk=community_id)
    plan = Plan.objects.filter(community=community).first()
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "The file must be smaller than 5 MB")
        else:
            try:
                rows = core.read_plan_file(upload.read(), upload.name)
                outcome = services.import_plan(
                    community,
                    rows,
                    by=request.user,
                    create_organisations=form.cleaned_data["create_organisations"],
                    source=upload.name,
                )
            except core.PlanFileError as error:
                problems = [str(p) for p in error.problems[:20]]
                more = len(error.problems) - len(problems)
                if more > 0:
                    problems.append(f"… and {more} more problems")
                form.add_error("file", "The file was not imported; nothing changed")
            except services.PlanError as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, outcome.describe() + ".")
                return redirect("plans:step", community_id, "plan")
    return render(
        request,
        "plans/import.html",
        {
            "community": community,
            "plan": plan,
            "form": form,
            "problems": problems,
            "columns": core.COLUMNS,
            "statuses": core.STATUSES,
            "involvement": core.INVOLVEMENT,
        },
        status=400 if form.errors else 200,
    )


@require_GET
@signed_in
def export_plan(request: HttpRequest, community_id: int, fmt: str) -> HttpResponse:
    plan = _plan(request, community_id)
    return _download([plan], fmt, f"plan-{plan.community_id}")


@signed_in
def calendar_page(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _plan(request, community_id)
    if request.method == "POST":
        if not can_edit(request.user, plan):
            raise PermissionDenied
        services.reset_calendar(plan, by=request.user)
        messages.success(
            request, "The calendar has a new address; the old one no longer works."
        )
        return redirect("plans:calendar", community_id)
    feed = request.build_absolute_uri(
        reverse("plans:calendar-feed", args=[plan.calendar_token])
    )
    return render(request, "plans/calendar.html", _context(request, plan, feed=feed))


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The plan's due dates for a calendar app: the secret address is the key."""
    plan = Plan.objects.select_related("community").filter(calendar_token=token).first()
    if plan is None:
        raise Http404("No such calendar")
    body = queries.calendar(
        queries.load(plan),
        public=False,
        base_url=request.build_absolute_uri(
            reverse("plans:plan", args=[plan.community_id])
        ),
    )
    response = HttpResponse(body.encode("utf-8"), content_type=ical.MEDIA_TYPE)
    response["Content-Disposition"] = f'inline; filename="plan-{plan.community_id}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@signed_in
def history(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _plan(request, community_id)
    return render(
        request,
        "plans/history.html",
        _context(request, plan, events=list(plan.events.select_related("by")[:500])),
    )
