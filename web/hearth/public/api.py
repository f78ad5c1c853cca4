"""Hearth's JSON API (django-ninja): versioned, documented, 4xx never 500."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hearth.areas.api.router import router as areas_router
from hearth.assets.api import router as assets_router
from hearth.core.errors import ApiError

api = NinjaAPI(
    title="Hearth API",
    version="1.0.0",
    description=(
        "Small-area data for community resilience. Errors are JSON objects "
        "with `status`, `error` and `detail`."
    ),
    urls_namespace="api-1",
    docs_url=None,
)
api.add_router("/", areas_router)
api.add_router("/", assets_router)


def _error(request: HttpRequest, status: int, error: str, detail: str) -> HttpResponse:
    return api.create_response(
        request, {"status": status, "error": error, "detail": detail}, status=status
    )


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _error(request, exc.status, exc.error, exc.detail)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', []))}: {e.get('msg', '')}"
        for e in exc.errors
    )
    return _error(request, 422, "invalid_request", problems)


@api.exception_handler(AuthenticationError)
def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_signed_in", "Sign in to use this endpoint.")


@api.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))
