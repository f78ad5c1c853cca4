from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from hearth.accounts.permissions import capabilities_of


def hearth(request: HttpRequest) -> dict[str, Any]:
    """Expose the council's name, the navigation and the user's capabilities."""
    user = getattr(request, "user", None)
    caps = capabilities_of(user) if user is not None else frozenset()
    path = request.path
    navigation: list[dict[str, object]] = [
        {"text": "Explore areas", "href": reverse("areas:england")},
        {"text": "Community assets", "href": reverse("assets:map")},
        {"text": "Indices", "href": reverse("indices:list")},
        {"text": "Data sources", "href": reverse("areas:datasets")},
    ]
    if "view_analysis" in caps:
        navigation.insert(
            2, {"text": "Focus communities", "href": reverse("communities:list")}
        )
    if "moderate" in caps:
        navigation.append({"text": "Moderation", "href": reverse("assets:moderation")})
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
