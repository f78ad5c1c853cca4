from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def hearth(request: HttpRequest) -> dict[str, Any]:
    """Expose the council's name and the signed-in user's capabilities."""
    from django.urls import reverse

    from hearth.accounts.permissions import capabilities_of

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
    for item in navigation:
        item["current"] = path.startswith(str(item["href"]))
    return {
        "navigation": navigation,
        "council_name": settings.HEARTH_COUNCIL_NAME,
        "council_lad": settings.HEARTH_COUNCIL_LAD,
        "service_name": settings.HEARTH_SERVICE_NAME,
        "capabilities": caps,
    }
