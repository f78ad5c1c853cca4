"""The community page's directory panel: services delivered in its LSOAs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hearth.communities.panels import Panel, register

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _context(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from .models import Service

    codes = community.area_codes()
    services = list(
        Service.objects.public()
        .filter(service_at_locations__asset__lsoa21__in=codes)
        .select_related("organization")
        .distinct()
        .order_by("name")[:100]
    )
    return {"services": services}


def register_panels() -> None:
    register(
        Panel(
            key="directory",
            title="Services in the directory",
            template="directory/includes/community_panel.html",
            context=_context,
            order=35,
        )
    )
