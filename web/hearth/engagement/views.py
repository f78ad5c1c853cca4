"""Engagement pages for staff (drop-ins for residents are in public_views.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.models import Organisation
from hearth.accounts.permissions import signed_in
from hearth.audit.services import record_view
from hearth.communities.models import Community
from hearth.core import exports
from hearthcore import engagement as core

from . import forms, queries, services
from .models import (
    AGE_FIELDS,
    ETHNIC_FIELDS,
    Activity,
    DropInSite,
    FollowUp,
    Group,
    Story,
    Theme,
)
from .permissions import can_publish, can_read_stories, can_record, can_view

MAX_UPLOAD = 5 * 1024 * 1024


def _viewer(request: HttpRequest) -> None:
    if not can_view(request.user):
        raise PermissionDenied


def _recorder(request: HttpRequest) -> None:
    if not can_record(request.user):
        raise PermissionDenied


def _community(community_id: int) -> Community:
    return get_object_or_404(Community, pk=community_id)


def _period(request: HttpRequest) -> tuple[forms.ReachForm, Any, Any]:
    form = forms.ReachForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, form.cleaned_data.get("start"), form.cleaned_data.get("end")
    return form, None, None


# --- overview ----------------------------------------------------------------------


@require_GET
@signed_in
def index(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    communities = (
        Community.objects.active()
        .annotate(n=Count("activities"), people=Sum("activities__people"))
        .order_by("name")
    )
    return render(
        request,
        "engagement/index.html",
        {
            "communities": communities,
            "recent": Activity.objects.select_related("community", "organisation")[:15],
            "can_record": can_record(request.user),
            "sites": DropInSite.objects.filter(active=True).select_related("asset"),
        },
    )


@require_GET
@signed_in
def community_page(request: HttpRequest, community_id: int) -> HttpResponse:
    _viewer(request)
    community = _community(community_id)
    period, start, end = _period(request)
    try:
        result = queries.reach(community, start, end)
        reach_error = ""
    except queries.ReachError as error:
        result, reach_error = None, str(error)
    stories = None
    if can_read_stories(request.user):
        stories = list(Story.objects.filter(community=community).consented()[:50])
    return render(
        request,
        "engagement/community.html",
        {
            "community": community,
            "period": period,
            "start": start,
            "end": end,
            "result": result,
            "chart": queries.chart(result) if result else "",
            "error": reach_error,
            "labels": queries.LABELS,
            "activities": queries.activities(community, start, end).select_related(
                "organisation", "asset"
            )[:200],
            "groups": Group.objects.filter(community=community),
            "sites": DropInSite.objects.filter(community=community),
            "stories": stories,
            "can_record": can_record(request.user) and community.is_active,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@signed_in
def reach_csv(request: HttpRequest, community_id: int) -> HttpResponse:
    _viewer(request)
    community = _community(community_id)
    _form, start, end = _period(request)
    try:
        result = queries.reach(community, start, end)
    except queries.ReachError as error:
        raise Http404(str(error)) from None
    header = [
        "dimension",
        "group",
        "engaged",
        "engaged_share",
        "census_share",
        "ratio",
        "under_represented",
    ]
    rows = [
        [
            g.dimension,
            g.group,
            g.engaged,
            g.engaged_share,
            g.census_share,
            g.ratio,
            g.under_represented,
        ]
        for g in result.reach.groups
    ]
    return exports.csv_response(f"reach-{community.pk}.csv", header, rows)


# --- activities -------------------------------------------------------------------


def _activity_values(form: forms.ActivityForm) -> services.ActivityFields:
    data = form.cleaned_data
    place = services.Place(label=data.get("place", "").strip())
    if data.get("asset") is not None:
        place = services.Place(asset=data["asset"], label=data["asset"].name)
    elif place.label:
        found = services.place_from_postcode(place.label)
        if found is not None:
            place = found
    age = {g: data[g] for g in AGE_FIELDS if data.get(g) is not None}
    ethnicity = {g: data[g] for g in ETHNIC_FIELDS if data.get(g) is not None}
    return services.ActivityFields(
        date=data["date"],
        kind=data["kind"],
        organisation=data["organisation"],
        people=data["people"],
        place=place,
        age=age,
        ethnicity=ethnicity,
        disabled=data.get("disabled"),
        themes=list(data.get("themes") or []),
        heard=data.get("heard", ""),
    )


def _initial(activity: Activity) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "date": activity.date,
        "kind": activity.kind,
        "organisation": activity.organisation,
        "asset": activity.asset,
        "place": "" if activity.asset else activity.place,
        "people": activity.people,
        "heard": activity.heard,
        "themes": list(activity.themes.all()),
        "disabled": activity.disabled,
    }
    for name in (*AGE_FIELDS, *ETHNIC_FIELDS):
        initial[name] = getattr(activity, name)
    return initial


@signed_in
def activity_form(
    request: HttpRequest, community_id: int, activity_id: int | None = None
) -> HttpResponse:
    _recorder(request)
    community = _community(community_id)
    if not community.is_active:
        raise PermissionDenied
    activity = (
        get_object_or_404(Activity, pk=activity_id, community=community)
        if activity_id
        else None
    )
    form = forms.ActivityForm(
        request.POST or None,
        community=community,
        initial=_initial(activity) if activity else {"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        values = _activity_values(form)
        try:
            if activity:
                services.edit_activity(activity, values, by=request.user)
            else:
                activity = services.record_activity(community, values, by=request.user)
                if form.cleaned_data.get("follow_up", "").strip():
                    services.add_follow_up(
                        activity, text=form.cleaned_data["follow_up"], by=request.user
                    )
        except services.EngagementError as error:
            form.add_error(None, str(error))
        else:
            for warning in services.warnings_for(values.heard):
                messages.warning(request, warning)
            messages.success(request, "The activity has been recorded.")
            return redirect("engagement:activity", community.pk, activity.pk)
    return render(
        request,
        "engagement/activity_form.html",
        {"community": community, "activity": activity, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def activity_page(
    request: HttpRequest, community_id: int, activity_id: int
) -> HttpResponse:
    _viewer(request)
    community = _community(community_id)
    activity = get_object_or_404(
        Activity.objects.select_related("organisation", "asset"),
        pk=activity_id,
        community=community,
    )
    follow_form = forms.FollowUpForm(
        request.POST if request.POST.get("form") == "follow" else None
    )
    if request.method == "POST":
        _recorder(request)
        which = request.POST.get("form")
        if which == "delete":
            services.delete_activity(activity, by=request.user)
            messages.success(request, "The activity has been removed.")
            return redirect("engagement:community", community.pk)
        if which == "follow" and follow_form.is_valid():
            services.add_follow_up(
                activity, text=follow_form.cleaned_data["text"], by=request.user
            )
            messages.success(request, "The follow-up has been added.")
            return redirect("engagement:activity", community.pk, activity.pk)
        if which == "action":
            return _follow_up_to_action(request, activity)
    from hearth.plans.models import Plan

    plan = Plan.objects.filter(community=community).first()
    breakdown = [
        (queries.LABELS[g], getattr(activity, g)) for g in (*AGE_FIELDS, *ETHNIC_FIELDS)
    ]
    return render(
        request,
        "engagement/activity.html",
        {
            "community": community,
            "activity": activity,
            "breakdown": breakdown,
            "follow_ups": list(activity.follow_ups.select_related("action")),
            "follow_form": follow_form,
            "objectives": list(plan.objectives.all()) if plan else [],
            "organisations": Organisation.objects.all(),
            "can_record": can_record(request.user) and community.is_active,
            "warnings": services.warnings_for(activity.heard),
        },
        status=400 if follow_form.errors else 200,
    )


def _follow_up_to_action(request: HttpRequest, activity: Activity) -> HttpResponse:
    from hearth.plans.models import Objective

    follow_up = get_object_or_404(
        FollowUp, pk=request.POST.get("follow_up") or 0, activity=activity
    )
    objective = Objective.objects.filter(
        pk=request.POST.get("objective") or 0, plan__community=activity.community
    ).first()
    lead = Organisation.objects.filter(pk=request.POST.get("lead") or 0).first()
    if objective is None or lead is None:
        messages.error(request, "Choose the plan objective and the lead organisation")
        return redirect("engagement:activity", activity.community_id, activity.pk)
    try:
        action = services.make_plan_action(
            follow_up, objective=objective, lead=lead, by=request.user
        )
    except services.EngagementError as error:
        messages.error(request, str(error))
        return redirect("engagement:activity", activity.community_id, activity.pk)
    messages.success(request, "The follow-up is now an action of the plan.")
    return redirect("plans:action", activity.community_id, action.pk)


@signed_in
def import_activities(request: HttpRequest, community_id: int) -> HttpResponse:
    _recorder(request)
    community = get_object_or_404(Community.objects.active(), pk=community_id)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "The file must be smaller than 5 MB")
        else:
            try:
                parsed = core.read_activity_file(
                    upload.read(), upload.name, today=timezone.localdate()
                )
                outcome = services.import_activities(community, parsed, by=request.user)
            except core.ActivityFileError as error:
                problems = [str(p) for p in error.problems[:20]]
                if len(error.problems) > 20:
                    problems.append(f"… and {len(error.problems) - 20} more problems")
                form.add_error("file", "The file was not imported; nothing changed")
            except services.EngagementError as error:
                form.add_error("file", str(error))
            else:
                for warning in outcome.warnings:
                    messages.warning(request, warning)
                messages.success(request, outcome.describe() + ".")
                return redirect("engagement:community", community.pk)
    return render(
        request,
        "engagement/import.html",
        {
            "community": community,
            "form": form,
            "problems": problems,
            "columns": core.COLUMNS,
            "kinds": core.KINDS,
        },
        status=400 if form.errors else 200,
    )


@require_GET
def template(request: HttpRequest) -> HttpResponse:
    return exports.download(
        core.template_csv(), exports.CSV_TYPE, "engagement-template.csv"
    )


@require_GET
@signed_in
def export_activities(request: HttpRequest, fmt: str) -> HttpResponse:
    _viewer(request)
    rows = Activity.objects.all()
    community = request.GET.get("community", "")
    if community.isdigit():
        rows = rows.filter(community_id=int(community))
    header, data = queries.activity_rows(rows)
    if fmt == "xlsx":
        return exports.xlsx_response(
            "engagement-activities.xlsx", header, data, sheet="Activities"
        )
    return exports.csv_response("engagement-activities.csv", header, data)


# --- themes -----------------------------------------------------------------------


@signed_in
def themes(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    form = forms.ThemeForm(request.POST or None)
    if request.method == "POST":
        _recorder(request)
        if form.is_valid():
            try:
                services.add_theme(form.cleaned_data["name"], by=request.user)
            except services.EngagementError as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, "The theme has been added.")
                return redirect("engagement:themes")
    return render(
        request,
        "engagement/themes.html",
        {
            "themes": Theme.objects.annotate(n=Count("activities"), s=Count("stories")),
            "form": form,
            "can_record": can_record(request.user),
        },
        status=400 if form.errors else 200,
    )


# --- drop-ins ---------------------------------------------------------------------


@signed_in
def site_form(request: HttpRequest) -> HttpResponse:
    _recorder(request)
    form = forms.SiteForm(request.POST or None, initial={"is_public": True})
    if request.method == "POST" and form.is_valid():
        try:
            site = services.create_site(by=request.user, **form.cleaned_data)
        except services.EngagementError as error:
            form.add_error("opening_hours", str(error))
        else:
            messages.success(request, f"{site.name} has been added.")
            return redirect("engagement:site", site.pk)
    return render(
        request,
        "engagement/site_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def site_page(request: HttpRequest, site_id: int) -> HttpResponse:
    _viewer(request)
    site = get_object_or_404(
        DropInSite.objects.select_related("asset", "organisation", "community"),
        pk=site_id,
    )
    form = forms.SessionForm(
        request.POST or None, initial={"date": timezone.localdate()}
    )
    if request.method == "POST":
        _recorder(request)
        if form.is_valid():
            data = form.cleaned_data
            signposts = [(a, "", 1) for a in data.get("signposted_assets") or []]
            signposts += [
                (None, s.strip(), 1)
                for s in data.get("signposted_services", "").split(";")
                if s.strip()
            ]
            try:
                services.record_session(
                    site,
                    day=data["date"],
                    visits=data["visits"],
                    notes=data.get("notes", ""),
                    signposts=signposts,
                    by=request.user,
                )
            except services.EngagementError as error:
                form.add_error("date", str(error))
            else:
                for warning in services.warnings_for(data.get("notes", "")):
                    messages.warning(request, warning)
                messages.success(request, "The session has been recorded.")
                return redirect("engagement:site", site.pk)
    return render(
        request,
        "engagement/site.html",
        {
            "site": site,
            "sessions": site.sessions.prefetch_related("signposts__asset")[:50],
            "upcoming": queries.next_sessions(site, 28),
            "form": form,
            "can_record": can_record(request.user),
        },
        status=400 if form.errors else 200,
    )


# --- groups -----------------------------------------------------------------------


@signed_in
def group_form(
    request: HttpRequest, community_id: int, group_id: int | None = None
) -> HttpResponse:
    _recorder(request)
    community = _community(community_id)
    group = (
        get_object_or_404(Group, pk=group_id, community=community) if group_id else None
    )
    initial = (
        {
            "name": group.name,
            "stage": group.stage,
            "description": group.description,
            "meets": group.meets,
            "supported_by": group.supported_by,
            "invited": list(group.invited.all()),
        }
        if group
        else {"stage": Group.Stage.FORMING}
    )
    form = forms.GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "stage": data["stage"],
            "description": data.get("description", ""),
            "meets": data.get("meets", ""),
            "supported_by": data.get("supported_by"),
            "invited": list(data.get("invited") or []),
        }
        try:
            if group:
                services.edit_group(group, by=request.user, **fields)
            else:
                group = services.create_group(community, by=request.user, **fields)
        except services.EngagementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{group.name} has been saved.")
            return redirect("engagement:group", community.pk, group.pk)
    return render(
        request,
        "engagement/group_form.html",
        {"community": community, "group": group, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def group_page(request: HttpRequest, community_id: int, group_id: int) -> HttpResponse:
    _viewer(request)
    community = _community(community_id)
    group = get_object_or_404(
        Group.objects.select_related("supported_by"), pk=group_id, community=community
    )
    form = forms.MilestoneForm(
        request.POST or None, initial={"date": timezone.localdate()}
    )
    if request.method == "POST":
        _recorder(request)
        if form.is_valid():
            services.add_group_milestone(
                group,
                day=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                by=request.user,
            )
            messages.success(request, "The milestone has been added.")
            return redirect("engagement:group", community.pk, group.pk)
    return render(
        request,
        "engagement/group.html",
        {
            "community": community,
            "group": group,
            "milestones": group.milestones.all(),
            "invited": group.invited.all(),
            "form": form,
            "can_record": can_record(request.user),
        },
        status=400 if form.errors else 200,
    )


# --- stories ----------------------------------------------------------------------


def _story_values(
    form: forms.StoryForm, organisation: Organisation | None
) -> services.StoryFields:
    data = form.cleaned_data
    return services.StoryFields(
        date=data["date"],
        text=data["text"],
        perspective=data["perspective"],
        consent_recorded_on=data.get("consent_recorded_on"),
        consent_how=data.get("consent_how", ""),
        consent_internal=data.get("consent_internal", False),
        consent_public=data.get("consent_public", False),
        consent_attribution=data.get("consent_attribution", False),
        anonymised=data.get("anonymised", False),
        attribution=data.get("attribution", ""),
        title=data.get("title", ""),
        themes=list(data.get("themes") or []),
        organisation=organisation,
    )


def _my_organisation(request: HttpRequest) -> Organisation | None:
    membership = request.user.memberships.select_related("organisation").first()  # type: ignore[union-attr]
    return membership.organisation if membership else None


@signed_in
def story_form(
    request: HttpRequest, community_id: int, story_id: int | None = None
) -> HttpResponse:
    _recorder(request)
    community = _community(community_id)
    story = (
        get_object_or_404(Story, pk=story_id, community=community) if story_id else None
    )
    if story is not None and story.consent_withdrawn:
        raise Http404("Consent to this story was withdrawn")
    initial = (
        {
            "title": story.title,
            "text": story.text,
            "date": story.date,
            "perspective": story.perspective,
            "themes": list(story.themes.all()),
            "consent_recorded_on": story.consent_recorded_on,
            "consent_how": story.consent_how,
            "consent_internal": story.consent_internal,
            "consent_public": story.consent_public,
            "consent_attribution": story.consent_attribution,
            "anonymised": story.anonymised,
            "attribution": story.attribution,
        }
        if story
        else {
            "date": timezone.localdate(),
            "consent_internal": True,
            "anonymised": True,
        }
    )
    if story is not None and story.identifying and request.method == "GET":
        record_view(request.user, story)
    form = forms.StoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _story_values(form, _my_organisation(request))
        try:
            if story:
                services.edit_story(story, values, by=request.user)
            else:
                story = services.record_story(community, values, by=request.user)
        except services.EngagementError as error:
            form.add_error(None, str(error))
        else:
            for warning in services.warnings_for(values.text):
                messages.warning(request, warning)
            messages.success(request, "The story has been saved.")
            return redirect("engagement:story", community.pk, story.pk)
    return render(
        request,
        "engagement/story_form.html",
        {"community": community, "story": story, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def story_page(request: HttpRequest, community_id: int, story_id: int) -> HttpResponse:
    if not can_read_stories(request.user):
        raise PermissionDenied
    community = _community(community_id)
    story = get_object_or_404(
        Story.objects.consented(), pk=story_id, community=community
    )
    if request.method == "GET" and story.identifying:
        record_view(request.user, story)
    return render(
        request,
        "engagement/story.html",
        {
            "community": community,
            "story": story,
            "can_record": can_record(request.user),
            "can_publish": can_publish(request.user, story),
        },
    )


@require_POST
@signed_in
def story_action(
    request: HttpRequest, community_id: int, story_id: int, what: str
) -> HttpResponse:
    if what != "publish":
        _recorder(request)
    community = _community(community_id)
    story = get_object_or_404(
        Story.objects.consented(), pk=story_id, community=community
    )
    try:
        if what == "withdraw":
            services.withdraw_consent(
                story, by=request.user, note=request.POST.get("note", "")
            )
            messages.success(
                request,
                "Consent has been withdrawn: the story is hidden and its words removed.",
            )
            return redirect("engagement:community", community.pk)
        if what == "review":
            services.submit_for_review(story, by=request.user)
            messages.success(
                request, "The story is waiting for someone else to review it."
            )
        elif what == "publish":
            if not can_publish(request.user, story):
                raise PermissionDenied
            services.publish_story(story, by=request.user)
            messages.success(
                request, "The story is published on the community's public page."
            )
        elif what == "unpublish":
            services.unpublish_story(story, by=request.user)
            messages.success(request, "The story has been taken off the public page.")
        else:
            raise Http404("No such action")
    except services.EngagementError as error:
        messages.error(request, str(error))
    return redirect("engagement:story", community.pk, story.pk)


@require_GET
@signed_in
def export_stories(request: HttpRequest, fmt: str) -> HttpResponse:
    if not can_read_stories(request.user):
        raise PermissionDenied
    rows = Story.objects.all()
    community = request.GET.get("community", "")
    if community.isdigit():
        rows = rows.filter(community_id=int(community))
    header, data = queries.story_rows(rows)
    from hearth.audit.services import record

    record(
        "export",
        label=f"{len(data)} stories",
        object_type="engagement.story",
        personal=True,
        actor=request.user,
    )
    if fmt == "xlsx":
        return exports.xlsx_response("stories.xlsx", header, data, sheet="Stories")
    return exports.csv_response("stories.csv", header, data)
