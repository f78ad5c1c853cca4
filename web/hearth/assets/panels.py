"""The community page's assets panel (registered from AssetsConfig.ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hearth.communities.panels import Panel, register
from hearthcore.composite import RecipeError

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _context(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from . import gap
    from .models import Asset

    codes = community.area_codes()
    assets = list(
        Asset.objects.public()
        .filter(lsoa21__in=codes)
        .defer("photo", "description")
        .order_by("category", "name")
    )
    try:
        access = gap.for_areas(codes, community.lad_code)
    except (gap.GapError, RecipeError):
        access = None
    rows = (
        [
            {"category": category, **row}
            for category, row in access.to_dict("index").items()
        ]
        if access is not None and len(access)
        else []
    )
    return {"assets": assets, "access": rows}


def register_panels() -> None:
    register(
        Panel(
            key="assets",
            title="Assets",
            template="assets/includes/community_panel.html",
            context=_context,
            order=30,
        )
    )
