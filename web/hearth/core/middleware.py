"""Security headers Django does not send by itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _policy_header() -> str:
    policy: dict[str, list[str]] = settings.CONTENT_SECURITY_POLICY
    return "; ".join(f"{key} {' '.join(values)}" for key, values in policy.items())


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy header on every response.

    The policy forbids inline scripts and styles, so templates load every
    script and stylesheet from /static/.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = _policy_header()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The Django admin ships inline scripts; it keeps its own defaults.
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.header)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"
        )
        return response
