"""The community page's funding panel (registered from FundingConfig.ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hearth.communities.panels import Panel, register

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _context(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from .models import Process, Project
    from .queries import progress

    projects = list(
        Project.objects.filter(community=community, process__isnull=True)
        .filter(status__in=[Project.Status.LIVE, Project.Status.FUNDED])
        .order_by("-created")[:20]
    )
    processes = list(
        Process.objects.filter(communities=community, imported_from="").order_by(
            "-created"
        )[:10]
    )
    return {
        "projects": [progress(p) for p in projects],
        "processes": processes,
    }


def register_panels() -> None:
    register(
        Panel(
            key="funding",
            title="Community funding",
            template="funding/includes/community_panel.html",
            context=_context,
            order=60,
        )
    )
