"""The community page's evaluation panel (key ``evaluation``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hearth.communities.panels import Panel, register

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _context(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from .models import Evaluation, SroiAnalysis
    from .permissions import can_read, can_write

    if not can_read(request.user):
        return None
    return {
        "evaluations": list(Evaluation.objects.filter(community=community)[:5]),
        "analyses": SroiAnalysis.objects.filter(community=community).count(),
        "can_write": can_write(request.user, community),
    }


def register_panels() -> None:
    register(
        Panel(
            key="evaluation",
            title="Evaluation",
            template="evaluation/includes/community_panel.html",
            context=_context,
            order=70,
        )
    )
