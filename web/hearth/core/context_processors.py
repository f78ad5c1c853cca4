from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def hearth(request: HttpRequest) -> dict[str, Any]:
    """Expose the council's name and the signed-in user's capabilities."""
    from hearth.accounts.permissions import capabilities_of

    user = getattr(request, "user", None)
    return {
        "council_name": settings.HEARTH_COUNCIL_NAME,
        "service_name": settings.HEARTH_SERVICE_NAME,
        "capabilities": capabilities_of(user) if user is not None else frozenset(),
    }
