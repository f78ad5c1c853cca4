"""The community page's plan panel (registered from PlansConfig.ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from hearth.accounts.permissions import Capability, user_has
from hearth.communities.panels import Panel, register
from hearthcore import plans as core

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _context(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from . import queries
    from .models import Plan
    from .permissions import can_view

    plan = Plan.objects.filter(community=community).first()
    if plan is None:
        if (
            user_has(request.user, Capability.MANAGE_COMMUNITIES)
            and community.is_active
        ):
            return {"plan": None}
        return None
    if not can_view(request.user, plan):
        return None
    view = queries.load(plan)
    return {
        "plan": plan,
        "progress": view.progress,
        "steps": [
            (title, core.STEP_STATES[view.steps.get(key, "not_started")])
            for key, title, _about in core.STEPS
        ],
        "overdue": len(view.overdue(timezone.localdate())),
        "actions": len(view.actions),
    }


def register_panels() -> None:
    register(
        Panel(
            key="plan",
            title="Community plan",
            template="plans/includes/community_panel.html",
            context=_context,
            order=10,
        )
    )
