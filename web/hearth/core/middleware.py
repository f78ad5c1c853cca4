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


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than HEARTH_MAX_REQUEST_BYTES at once.

    Django reads an upload before a form can check its size; a 200 MB body
    would be read (and spooled) first. The declared Content-Length is
    checked before anything is read, and the answer is a 413.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.HEARTH_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            from django.shortcuts import render

            return render(
                request,
                "core/error.html",
                {
                    "title": "The file or form you sent is too large",
                    "status": 413,
                    "detail": f"Send at most {limit / 1_000_000:g} MB.",
                },
                status=413,
            )
        return self.get_response(request)
