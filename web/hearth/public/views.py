from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


@require_GET
def data_sources(request: HttpRequest) -> HttpResponse:
    return render(request, "public/data_sources.html")


@require_GET
@cache_control(max_age=300, public=True)
def theme(request: HttpRequest) -> HttpResponse:
    """The council's colours, from settings, as CSS custom properties."""
    css = f":root {{ --govuk-brand-colour: {settings.HEARTH_BRAND_COLOUR}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """Describe the JSON API from its OpenAPI document (no third-party UI)."""
    from .api import api

    schema = api.get_openapi_schema()
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(
        request, "public/api_docs.html", {"schema": schema, "operations": operations}
    )
