from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from hearth.accounts.permissions import capabilities_of
from hearth.core import navigation as nav


def hearth(request: HttpRequest) -> dict[str, Any]:
    """Expose the council's name, the navigation and the user's capabilities."""
    user = getattr(request, "user", None)
    caps = capabilities_of(user) if user is not None else frozenset()
    path = request.path
    navigation: list[dict[str, object]] = [
        {"text": item.text, "href": reverse(item.url_name)}
        for item in nav.items()
        if item.visible_with(frozenset(str(c) for c in caps))
    ]
    # Only the most specific section is current (/areas/datasets/ is "Data
    # sources", not also "Explore areas").
    matching = [str(i["href"]) for i in navigation if path.startswith(str(i["href"]))]
    current = max(matching, key=len) if matching else None
    for item in navigation:
        item["current"] = item["href"] == current
    return {
        "navigation": navigation,
        "council_name": settings.HEARTH_COUNCIL_NAME,
        "council_lad": settings.HEARTH_COUNCIL_LAD,
        "service_name": settings.HEARTH_SERVICE_NAME,
        "capabilities": caps,
    }
