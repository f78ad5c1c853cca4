"""The community page's engagement panels and the public stories section
(registered from EngagementConfig.ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hearth.communities.panels import Panel, register, register_public

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _reach(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from . import queries
    from .permissions import can_view

    if not can_view(request.user):
        return None
    try:
        result = queries.reach(community)
    except queries.ReachError as error:
        return {"result": None, "error": str(error), "labels": queries.LABELS}
    return {
        "result": result,
        "chart": queries.chart(result),
        "totals": queries.totals(community),
        "labels": queries.LABELS,
    }


def _stories(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from .models import Story

    stories = list(
        Story.objects.public()
        .filter(community=community)
        .prefetch_related("themes")[:20]
    )
    return {"stories": stories} if stories else None


def register_panels() -> None:
    register(
        Panel(
            key="reach",
            title="Whose voices were heard",
            template="engagement/includes/reach_panel.html",
            context=_reach,
            order=20,
        )
    )
    register_public(
        Panel(
            key="stories",
            title="Stories from the community",
            template="engagement/includes/public_stories.html",
            context=_stories,
            order=20,
        )
    )
