"""The community page's events panel (registered from DeliveryConfig.ready).

Its key is ``delivery``: the plan's review step shows it as evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hearth.communities.panels import Panel, register

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _context(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from django.db.models import Count

    from . import addresses
    from .permissions import can_view_addresses, may_create, visible_events

    events = list(
        visible_events(request.user)
        .filter(communities=community)
        .annotate(n_requests=Count("requests", distinct=True))
        .order_by("-start")[:10]
    )
    homes = None
    if can_view_addresses(request.user):
        counts = addresses.properties_by_lsoa(community.area_codes())
        homes = int(counts["homes"].sum()) if len(counts) else 0
    creator = may_create(request.user) and community.is_active
    if not events and homes is None and not creator:
        return None
    return {"events": events, "homes": homes, "can_create": creator}


def register_panels() -> None:
    register(
        Panel(
            key="delivery",
            title="Events and requests",
            template="delivery/includes/community_panel.html",
            context=_context,
            order=40,
        )
    )
