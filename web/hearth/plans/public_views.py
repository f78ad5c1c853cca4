"""The public page of each published plan: "you said, we did", in plain English.

Residents see the plan's summary, objectives and public actions with their
progress, the organisations leading them, how residents are involved, what
residents asked for and the updates marked public. Never the officers' notes,
internal updates, who (which user) recorded anything, or unpublished actions.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.communities import panels
from hearthcore import ical
from hearthcore import plans as core

from . import queries
from .models import Plan


def _published() -> QuerySet[Plan]:
    return Plan.objects.select_related("community").filter(
        is_public=True, community__archived__isnull=True
    )


def _public_plan(community_id: int) -> Plan:
    plan = _published().filter(community_id=community_id).first()
    if plan is None:
        raise Http404("No published plan")
    return plan


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(_published().order_by("community__name"))
    progress = queries.progress_of(plans)
    return render(
        request,
        "plans/public_list.html",
        {"rows": [(p, progress.get(p.pk)) for p in plans]},
    )


@require_GET
def plan_page(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _public_plan(community_id)
    view = queries.load(plan, public=True)
    reached = dict(plan.milestones.values_list("key", "reached_on"))
    milestones = [(title, reached[k]) for k, title in core.MILESTONES if reached.get(k)]
    return render(
        request,
        "plans/public_plan.html",
        {
            "plan": plan,
            "community": plan.community,
            "view": view,
            "involvement": core.INVOLVEMENT,
            "milestones": milestones,
            "today": timezone.localdate(),
            "sections": panels.public_for(plan.community, request),
        },
    )


@require_GET
def calendar_feed(request: HttpRequest, community_id: int) -> HttpResponse:
    plan = _public_plan(community_id)
    body = queries.calendar(
        queries.load(plan, public=True),
        public=True,
        base_url=request.build_absolute_uri(
            reverse("community_plans:plan", args=[community_id])
        ),
    )
    response = HttpResponse(body.encode("utf-8"), content_type=ical.MEDIA_TYPE)
    response["Content-Disposition"] = (
        f'inline; filename="community-plan-{community_id}.ics"'
    )
    return response
