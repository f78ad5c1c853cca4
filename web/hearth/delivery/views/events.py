"""Events for staff and partners: plan, invite, sign up, timetable, report."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.models import Organisation
from hearth.accounts.permissions import (
    Capability,
    organisations_of,
    signed_in,
    user_has,
)
from hearth.assets.models import Asset
from hearth.audit.services import record
from hearth.communities.models import Community
from hearth.core import exports
from hearthcore import delivery as core

from .. import charts, forms, queries, services
from ..models import ActivityType, Event, EventActivity, Invitation, Service
from ..permissions import (
    activity_organisations,
    can_manage,
    can_respond,
    can_walk,
    lead_choices,
    may_create,
    may_record,
    organises,
    report_organisations,
    visible_events,
    visible_requests,
)
from .common import event_for, managed_event, organised_event

STATUS_TAGS = {
    Invitation.Status.INVITED: "govuk-tag--grey",
    Invitation.Status.ACCEPTED: "govuk-tag--green",
    Invitation.Status.DECLINED: "govuk-tag--red",
    Event.Status.DRAFT: "govuk-tag--grey",
    Event.Status.PUBLISHED: "govuk-tag--green",
    Event.Status.CANCELLED: "govuk-tag--red",
}


def _sees_events(request: HttpRequest) -> bool:
    return any(
        user_has(request.user, c)
        for c in (
            Capability.MANAGE_EVENTS,
            Capability.RESPOND_TO_EVENTS,
            Capability.VIEW_ALL_PLANS,
        )
    )


# --- lists -------------------------------------------------------------------------


@require_GET
@signed_in
def event_list(request: HttpRequest) -> HttpResponse:
    """Events the user may see, upcoming first, with invitations waiting."""
    if not _sees_events(request):
        raise PermissionDenied
    today = timezone.localdate()
    past = request.GET.get("when") == "past"
    events = visible_events(request.user).annotate(
        coming=Count(
            "invitations",
            filter=Q(invitations__status=Invitation.Status.ACCEPTED),
            distinct=True,
        ),
        invited=Count("invitations", distinct=True),
        n_activities=Count("activities", distinct=True),
    )
    events = (
        events.filter(end__lt=today).order_by("-start", "name")
        if past
        else events.filter(end__gte=today).order_by("start", "name")
    )
    waiting = []
    if user_has(request.user, Capability.RESPOND_TO_EVENTS):
        waiting = list(
            Invitation.objects.filter(
                organisation__in=organisations_of(request.user),
                status=Invitation.Status.INVITED,
                event__end__gte=today,
            )
            .exclude(event__status=Event.Status.CANCELLED)
            .select_related("event", "organisation")
            .order_by("event__start")
        )
    return render(
        request,
        "delivery/event_list.html",
        {
            "events": list(events),
            "past": past,
            "waiting": waiting,
            "can_create": may_create(request.user),
            "can_manage_lists": user_has(request.user, Capability.MANAGE_EVENTS),
            "tags": STATUS_TAGS,
        },
    )


# --- the event form ----------------------------------------------------------------


def _group_choices(request: HttpRequest) -> QuerySet[Any]:
    from hearth.engagement.models import Group

    groups = Group.objects.filter(
        organisation__isnull=False, community__archived__isnull=True
    ).select_related("community", "organisation")
    if not user_has(request.user, Capability.MANAGE_EVENTS):
        groups = groups.filter(organisation__in=organisations_of(request.user))
    return groups.order_by("name")


def _action_choices(request: HttpRequest) -> QuerySet[Any]:
    from hearth.plans.models import Action
    from hearth.plans.permissions import visible_plans

    return (
        Action.objects.filter(objective__plan__in=visible_plans(request.user))
        .select_related("objective__plan__community")
        .order_by("objective__plan__community__name", "position", "pk")
    )


def _fields(data: dict[str, Any]) -> services.EventFields:
    return services.EventFields(
        name=data["name"],
        kind=data["kind"],
        start=data["start"],
        end=data["end"],
        lead=data["lead"],
        summary=data.get("summary", ""),
        communities=list(data.get("communities") or []),
        areas=data.get("areas") or [],
        host_group=data.get("host_group"),
        plan_action=data.get("plan_action"),
        wanted_kinds=list(data.get("wanted_kinds") or []),
        wanted_activities=list(data.get("wanted_activities") or []),
    )


def _event_form(request: HttpRequest, **kwargs: Any) -> forms.EventForm:
    return forms.EventForm(
        request.POST or None,
        leads=lead_choices(request.user),
        groups=_group_choices(request),
        actions=_action_choices(request),
        **kwargs,
    )


@signed_in
def event_new(request: HttpRequest) -> HttpResponse:
    if not may_create(request.user):
        raise PermissionDenied
    initial: dict[str, Any] = {"kind": "week_of_action"}
    community_id = request.GET.get("community", "")
    if community_id.isdigit():
        community = Community.objects.active().filter(pk=int(community_id)).first()
        if community is not None:
            initial["communities"] = [community]
    group_id = request.GET.get("group", "")
    if group_id.isdigit():
        group = _group_choices(request).filter(pk=int(group_id)).first()
        if group is not None:
            initial.update(
                host_group=group,
                lead=group.organisation,
                communities=[group.community],
                kind="group_session",
            )
    if "lead" not in initial:
        leads = lead_choices(request.user)
        if leads is None:
            initial["lead"] = Organisation.objects.filter(is_host=True).first()
        elif len(leads) == 1:
            initial["lead"] = next(iter(leads))
    form = _event_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data.get("host_group")
        if group is not None and not user_has(request.user, Capability.MANAGE_EVENTS):
            form.cleaned_data["lead"] = group.organisation
        try:
            event = services.create_event(_fields(form.cleaned_data), by=request.user)
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{event.name} has been planned. Now choose its venues and invite partners.",
            )
            return redirect("delivery:event", event.pk)
    return render(
        request,
        "delivery/event_form.html",
        {"form": form, "event": None},
        status=400 if form.errors else 200,
    )


@signed_in
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    initial = {
        "name": event.name,
        "kind": event.kind,
        "summary": event.summary,
        "start": event.start,
        "end": event.end,
        "lead": event.lead,
        "host_group": event.host_group,
        "communities": list(event.communities.all()),
        "areas": ", ".join(event.areas.values_list("code", flat=True)),
        "wanted_kinds": list(event.wanted_kinds),
        "wanted_activities": list(event.wanted_activities.all()),
        "plan_action": event.plan_action,
    }
    form = _event_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_event(event, _fields(form.cleaned_data), by=request.user)
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The event has been updated.")
            return redirect("delivery:event", event.pk)
    return render(
        request,
        "delivery/event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


# --- the event page --------------------------------------------------------------------


def _plan_link(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    from hearth.plans.permissions import can_update, can_view

    action = event.plan_action
    if action is None:
        return None
    plan = action.objective.plan
    return {
        "action": action,
        "community_id": plan.community_id,
        "visible": can_view(request.user, plan),
        "can_report": can_update(request.user, action)
        and organises(request.user, event),
    }


@require_GET
@signed_in
def event_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    invitations = list(
        event.invitations.select_related("organisation").order_by(
            "status", "organisation__name"
        )
    )
    mine = organisations_of(request.user)
    answerable = [
        i
        for i in invitations
        if i.organisation_id in mine and can_respond(request.user, i)
    ]
    days = queries.timetable(event, public=False)
    venues = queries.venue_numbers(event, days)
    allowed = activity_organisations(request.user, event)
    for day in days:
        for activity in day["activities"]:
            activity.editable = event.status != Event.Status.CANCELLED and (
                allowed is None or activity.organisation_id in allowed
            )
    taking_part = services.taking_part(event)
    can_add = event.status != Event.Status.CANCELLED and (
        allowed is None or any(o.pk in allowed for o in taking_part)
    )
    requests = visible_requests(request.user).filter(event=event)
    return render(
        request,
        "delivery/event.html",
        {
            "event": event,
            "invitations": invitations,
            "answerable": answerable,
            "taking_part": taking_part,
            "counts": {
                s: sum(1 for i in invitations if i.status == s)
                for s in Invitation.Status.values
            },
            "gaps": queries.gaps(event),
            "days": days,
            "venues": venues,
            "targets": event.target_codes(),
            "communities": list(event.communities.order_by("name")),
            "can_manage": can_manage(request.user, event),
            "organises": organises(request.user, event),
            "can_add_activity": can_add,
            "can_record": may_record(request.user, event)
            and event.status != Event.Status.CANCELLED,
            "can_walk": can_walk(request.user),
            "requests_seen": requests.count(),
            "requests_open": requests.exclude(status__in=core.CLOSED_STATUSES).count(),
            "plan": _plan_link(request, event),
            "series": queries.series(event),
            "history": list(event.history.select_related("by")[:8]),
            "tags": STATUS_TAGS,
            "kind_label": core.EVENT_KINDS[event.kind],
        },
    )


@require_GET
@signed_in
def event_history(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    return render(
        request,
        "delivery/history.html",
        {"event": event, "history": list(event.history.select_related("by"))},
    )


@signed_in
def event_venues(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the venues from the asset register: those in the target area
    first, then others found by name."""
    event = managed_event(request, pk)
    targets = event.target_codes()
    query = (request.GET.get("q") or "").strip()[:100]
    chosen = set(event.venues.values_list("pk", flat=True))
    nearby = Asset.objects.exclude(status=Asset.Status.ARCHIVED).filter(
        lsoa21__in=targets
    )
    pool = Q(pk__in=chosen) | Q(pk__in=nearby.values("pk"))
    if query:
        pool |= Q(name__icontains=query, status=Asset.Status.PUBLISHED)
    choices = Asset.objects.filter(pool).order_by("name")[:400]
    form = forms.VenuesForm(
        request.POST or None,
        choices=Asset.objects.filter(pk__in=[a.pk for a in choices]).order_by("name"),
        initial={"venues": list(chosen)},
    )
    if request.method == "POST" and form.is_valid():
        event.venues.set(form.cleaned_data["venues"])
        services._log(
            event,
            "venues",
            request.user,
            f"Venues: {', '.join(v.name for v in form.cleaned_data['venues']) or 'none'}",
        )
        messages.success(request, "The venues have been saved.")
        return redirect("delivery:event", event.pk)
    return render(
        request,
        "delivery/venues.html",
        {"event": event, "form": form, "query": query, "nearby": nearby.count()},
        status=400 if form.errors else 200,
    )


@signed_in
def event_invite(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    invited = set(event.invitations.values_list("organisation_id", flat=True))
    choices = Organisation.objects.exclude(pk__in=invited | {event.lead_id}).order_by(
        "kind", "name"
    )
    form = forms.InviteForm(request.POST or None, choices=choices)
    group = event.host_group
    if request.method == "POST" and form.is_valid():
        try:
            made = services.invite(
                event,
                form.cleaned_data["organisations"],
                by=request.user,
                message=form.cleaned_data["message"],
                chosen_by_group=bool(
                    group and group.organisation_id in organisations_of(request.user)
                ),
                link=request.build_absolute_uri(
                    reverse("delivery:event", args=[event.pk])
                ),
            )
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Invited {len(made)} organisation{'s' if len(made) != 1 else ''}.",
            )
            return redirect("delivery:event", event.pk)
    kinds = dict(Organisation.Kind.choices)
    grouped: dict[str, list[Any]] = {}
    for option in form["organisations"]:
        organisation = option.data["value"].instance
        grouped.setdefault(str(kinds.get(organisation.kind, "")), []).append(option)
    return render(
        request,
        "delivery/invite.html",
        {"event": event, "form": form, "grouped": grouped, "gaps": queries.gaps(event)},
        status=400 if form.errors else 200,
    )


@signed_in
def respond(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    """Sign an organisation up (or say it cannot come)."""
    event = event_for(request, pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "event"),
        pk=invitation_id,
        event=event,
    )
    if not can_respond(request.user, invitation):
        raise PermissionDenied
    initial = {}
    if invitation.status != Invitation.Status.INVITED:
        initial = {
            "answer": "accept"
            if invitation.status == Invitation.Status.ACCEPTED
            else "decline",
            "note": invitation.response_note,
        }
    form = forms.RespondForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            services.respond(
                invitation,
                accept=accept,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            if accept:
                messages.success(
                    request,
                    f"{invitation.organisation.name} is signed up. Now add the activities you will run.",
                )
                return redirect(
                    f"{reverse('delivery:activity-new', args=[event.pk])}?organisation={invitation.organisation_id}"
                )
            messages.success(
                request,
                f"You have told the organiser that {invitation.organisation.name} cannot come.",
            )
            return redirect("delivery:event", event.pk)
    return render(
        request,
        "delivery/respond.html",
        {"event": event, "invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@signed_in
def event_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish, take down, cancel or reopen the event (those who organise it;
    a cancelled event can only be reopened)."""
    action = request.POST.get("do")
    event = (
        organised_event(request, pk)
        if action == "reopen"
        else managed_event(request, pk)
    )
    try:
        if action == "publish":
            services.publish(event, by=request.user)
            messages.success(
                request, "The timetable is published: residents can see it."
            )
        elif action == "unpublish":
            services.unpublish(event, by=request.user)
            messages.success(request, "The timetable is no longer public.")
        elif action == "cancel":
            services.cancel(
                event, by=request.user, reason=request.POST.get("reason", "")[:200]
            )
            messages.success(request, "The event has been cancelled.")
        elif action == "reopen":
            event = services.reopen(
                event, by=request.user, reason=request.POST.get("reason", "")[:200]
            )
            messages.success(
                request,
                "The event is back on and its timetable is public again."
                if event.status == Event.Status.PUBLISHED
                else "The event is back on and being planned again.",
            )
        else:
            raise Http404("No such change")
    except services.DeliveryError as error:
        messages.error(request, str(error))
    return redirect("delivery:event", event.pk)


@signed_in
def event_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan the next event from this one."""
    event = organised_event(request, pk)
    if not may_create(request.user):
        raise PermissionDenied
    suggested = (
        event.start.replace(year=event.start.year + 1)
        if not (event.start.month == 2 and event.start.day == 29)
        else event.start
    )
    form = forms.CopyForm(
        request.POST or None,
        initial={"name": f"{event.name} (next)", "start": suggested},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_event(
                event,
                name=form.cleaned_data["name"],
                start=form.cleaned_data["start"],
                by=request.user,
            )
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{copy.name} has been planned from {event.name}. Partners are invited again; check the dates of the activities.",
            )
            return redirect("delivery:event", copy.pk)
    return render(
        request,
        "delivery/copy.html",
        {"event": event, "form": form},
        status=400 if form.errors else 200,
    )


# --- activities ----------------------------------------------------------------------


def _activity_form(
    request: HttpRequest, event: Event, **kwargs: Any
) -> forms.ActivityForm:
    allowed = activity_organisations(request.user, event)
    organisations = [
        o.pk for o in services.taking_part(event) if allowed is None or o.pk in allowed
    ]
    if not organisations:
        raise PermissionDenied
    return forms.ActivityForm(
        request.POST or None,
        organisations=Organisation.objects.filter(pk__in=organisations).order_by(
            "name"
        ),
        venues=event.venues.order_by("name"),
        **kwargs,
    )


def _activity_fields(data: dict[str, Any]) -> services.ActivityFields:
    return services.ActivityFields(
        organisation=data["organisation"],
        title=data.get("title") or "",
        date=data["date"],
        activity_type=data.get("activity_type"),
        description=data.get("description", ""),
        starts=data.get("starts"),
        ends=data.get("ends"),
        venue=data.get("venue"),
        place=data.get("place", ""),
        capacity=data.get("capacity"),
        staff=data.get("staff"),
        booking=data.get("booking", ""),
        is_public=bool(data.get("is_public")),
        status=data.get("status") or EventActivity.Status.PLANNED,
        people_reached=data.get("people_reached"),
        households_reached=data.get("households_reached"),
    )


@signed_in
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    if event.status == Event.Status.CANCELLED:
        raise PermissionDenied
    organisation = request.GET.get("organisation", "")
    initial: dict[str, Any] = {
        "date": event.start,
        "is_public": True,
        "status": EventActivity.Status.PLANNED,
    }
    if organisation.isdigit():
        initial["organisation"] = int(organisation)
    if event.venues.count() == 1:
        initial["venue"] = event.venues.first()
    form = _activity_form(request, event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.add_activity(
                event, _activity_fields(form.cleaned_data), by=request.user
            )
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{activity.title} on {activity.date:%-d %B} is on the timetable.",
            )
            if request.POST.get("then") == "another":
                return redirect(
                    f"{reverse('delivery:activity-new', args=[event.pk])}?organisation={activity.organisation_id}"
                )
            return redirect(f"{reverse('delivery:event', args=[event.pk])}#timetable")
    return render(
        request,
        "delivery/activity_form.html",
        {"event": event, "form": form, "activity": None},
        status=400 if form.errors else 200,
    )


@signed_in
def activity_edit(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    event = event_for(request, pk)
    activity = get_object_or_404(EventActivity, pk=activity_id, event=event)
    allowed = activity_organisations(request.user, event)
    if event.status == Event.Status.CANCELLED or (
        allowed is not None and activity.organisation_id not in allowed
    ):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("do") == "remove":
        services.remove_activity(activity, by=request.user)
        messages.success(request, f"{activity.title} has been taken off the timetable.")
        return redirect(f"{reverse('delivery:event', args=[event.pk])}#timetable")
    initial = {
        name: getattr(activity, name)
        for name in (
            "organisation",
            "activity_type",
            "title",
            "description",
            "date",
            "starts",
            "ends",
            "venue",
            "place",
            "capacity",
            "staff",
            "booking",
            "is_public",
            "status",
            "people_reached",
            "households_reached",
        )
    }
    form = _activity_form(request, event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_activity(
                activity, _activity_fields(form.cleaned_data), by=request.user
            )
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The activity has been updated.")
            return redirect(f"{reverse('delivery:event', args=[event.pk])}#timetable")
    return render(
        request,
        "delivery/activity_form.html",
        {"event": event, "form": form, "activity": activity},
        status=400 if form.errors else 200,
    )


# --- the outcome report ------------------------------------------------------------------


def _report(request: HttpRequest, event: Event) -> queries.Report:
    return queries.report(event, report_organisations(request.user, event))


@require_GET
@signed_in
def report(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    found = _report(request, event)
    bars = [
        (
            entry["service"]
            + (f" ({entry['organisation']})" if entry["organisation"] else ""),
            entry["total"],
            entry["by_status"]["done"],
        )
        for entry in found.requests["by_service"]
    ]
    targets = set(found.target_codes)
    names = dict(
        event.areas.model.objects.filter(
            code__in=[c for c, _n in found.by_area]
        ).values_list("code", "name")
    )
    by_area = sorted(
        (
            {
                "code": code,
                "name": names.get(code, ""),
                "n": n,
                "inside": code in targets,
            }
            for code, n in found.by_area
        ),
        key=lambda r: (not r["inside"], -int(str(r["n"])), str(r["code"])),
    )
    return render(
        request,
        "delivery/report.html",
        {
            "event": event,
            "report": found,
            "chart": charts.bars_svg(
                bars, title=f"Requests by service at {event.name}"
            ),
            "statuses": core.REQUEST_STATUSES,
            "service_rows": [
                {
                    **entry,
                    "outside": found.outside_by_service.get(
                        (entry["service"], entry["organisation"]), 0
                    ),
                }
                for entry in found.requests["by_service"]
            ],
            "by_area": by_area,
            "series": queries.series(event),
            "plan": _plan_link(request, event),
        },
    )


@require_GET
@signed_in
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = event_for(request, pk)
    found = _report(request, event)
    if fmt == "json":
        body = json.dumps(queries.report_json(found), indent=2, ensure_ascii=False)
        return exports.download(
            body, "application/json", f"event-{event.pk}-report.json"
        )
    table = request.GET.get("table", "requests")
    if table == "partners":
        header, rows = queries.partner_rows(found)
    else:
        header, rows = queries.request_rows(found)
    name = f"event-{event.pk}-{'partners' if table == 'partners' else 'requests'}"
    if fmt == "xlsx":
        return exports.xlsx_response(f"{name}.xlsx", header, rows, sheet="Report")
    return exports.csv_response(f"{name}.csv", header, rows)


@require_GET
@signed_in
def compare(request: HttpRequest) -> HttpResponse:
    """Reports of repeated events side by side (?event=ID&event=ID, or ?series=ID)."""
    if not _sees_events(request):
        raise PermissionDenied
    ids = [int(i) for i in request.GET.getlist("event") if i.isdigit()][:8]
    series_of = request.GET.get("series", "")
    if series_of.isdigit():
        ids = [e.pk for e in queries.series(event_for(request, int(series_of)))][:8]
    events = [event_for(request, i) for i in dict.fromkeys(ids)]
    events.sort(key=lambda e: (e.start, e.pk))
    comparison = (
        queries.compare([_report(request, e) for e in events]) if events else None
    )
    choices = list(visible_events(request.user).order_by("-start")[:100])
    return render(
        request,
        "delivery/compare.html",
        {
            "comparison": comparison,
            "choices": choices,
            "chosen": {e.pk for e in events},
        },
    )


@signed_in
def report_to_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the event's outcome as an update on the plan action it delivers."""
    event = event_for(request, pk)
    link = _plan_link(request, event)
    if link is None or not link["can_report"]:
        raise PermissionDenied
    found = queries.report(event)
    lines = [
        f"{event.name} ({event.start:%-d %B %Y}"
        + (f" to {event.end:%-d %B %Y}" if event.end != event.start else "")
        + f"): {len(found.partners)} partners, {found.activities_run} of {found.activities} activities run, "
        f"{found.people} people and {found.households} households reached.",
        f"{found.requests['total']} requests, {found.done} done"
        + (
            f", {found.requests['outside_target_areas']} from outside the target areas"
            if found.requests["outside_target_areas"]
            else ""
        )
        + ".",
    ]
    lines += [
        f"{e['service']} ({e['organisation']}): {e['total']}, {e['by_status']['done']} done."
        for e in found.requests["by_service"][:10]
    ]
    form = forms.ReportToPlanForm(
        request.POST or None, initial={"note": "\n".join(lines)}
    )
    if request.method == "POST" and form.is_valid():
        mine = organisations_of(request.user)
        action = event.plan_action
        assert action is not None  # noqa: S101 - checked by _plan_link
        organisation = action.lead if action.lead_id in mine else None
        try:
            services.report_to_plan(
                event,
                note=form.cleaned_data["note"],
                by=request.user,
                organisation=organisation,
            )
        except services.DeliveryError as error:
            form.add_error("note", str(error))
        else:
            messages.success(
                request, f"The outcome is recorded on the plan action {action.title}."
            )
            return redirect("delivery:event", event.pk)
    return render(
        request,
        "delivery/report_to_plan.html",
        {"event": event, "form": form, "plan": link},
        status=400 if form.errors else 200,
    )


@require_GET
@signed_in
def walk_list(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The homes of the event's target area, by street (officers only)."""
    from .. import addresses

    event = event_for(request, pk)
    if not can_walk(request.user):
        raise PermissionDenied
    table = addresses.walk_list(event.target_codes())
    record(
        "export",
        obj=event,
        label=f"Walk list of event {event.pk} ({len(table)} homes)",
        actor=request.user,
    )
    header = [
        "street",
        "address",
        "postcode",
        "uprn",
        "lsoa21",
        "classification",
        "type",
    ]
    rows = table[header].itertuples(index=False, name=None)
    name = f"event-{event.pk}-walk-list"
    if fmt == "xlsx":
        return exports.xlsx_response(f"{name}.xlsx", header, rows, sheet="Walk list")
    return exports.csv_response(f"{name}.csv", header, rows)


# --- the council's lists -----------------------------------------------------------------


@require_GET
@signed_in
def lists(request: HttpRequest) -> HttpResponse:
    if not user_has(request.user, Capability.MANAGE_EVENTS):
        raise PermissionDenied
    return render(
        request,
        "delivery/lists.html",
        {
            "services": list(
                Service.objects.annotate(n=Count("requests")).order_by("name")
            ),
            "types": list(
                ActivityType.objects.annotate(n=Count("activities")).order_by("name")
            ),
        },
    )


_LISTS: dict[str, tuple[type[Service] | type[ActivityType], str]] = {
    "services": (Service, "service"),
    "activity-types": (ActivityType, "activity type"),
}


@signed_in
def list_item(
    request: HttpRequest, which: str, item_id: int | None = None
) -> HttpResponse:
    if not user_has(request.user, Capability.MANAGE_EVENTS):
        raise PermissionDenied
    if which not in _LISTS:
        raise Http404("No such list")
    model, label = _LISTS[which]
    item = get_object_or_404(model, pk=item_id) if item_id else None
    form = forms.NamedForm(
        request.POST or None,
        initial={
            "name": item.name,
            "organisation_kind": item.organisation_kind,
            "active": item.active,
        }
        if item
        else {"active": True},
    )
    if request.method == "POST" and form.is_valid():
        name = " ".join(form.cleaned_data["name"].split())
        clash = (
            model.objects.filter(name__iexact=name)
            .exclude(pk=item.pk if item else 0)
            .exists()
        )
        if clash:
            form.add_error("name", f"There is already a {label} called {name}")
        else:
            target = item or model()
            target.name = name
            target.organisation_kind = form.cleaned_data["organisation_kind"]
            target.active = form.cleaned_data["active"]
            if item is None:
                from django.utils.text import slugify

                base = slugify(name)[:110] or "item"
                slug, n = base, 1
                while model.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                target.slug = slug
            target.save()
            messages.success(request, f"Saved the {label} {name}.")
            return redirect("delivery:lists")
    return render(
        request,
        "delivery/list_item.html",
        {"form": form, "item": item, "label": label},
        status=400 if form.errors else 200,
    )
