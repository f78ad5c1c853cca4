from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from hearth.areas.models import Dataset, DatasetImport


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    from django.urls import reverse

    from hearth.core.navigation import resident_links

    links = [
        {
            "text": link.text,
            "href": reverse(link.url_name),
            "description": link.description,
        }
        for link in resident_links()
    ]
    return render(request, "public/home.html", {"resident_links": links})


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
    """For the council's monitoring: 200 when the database answers, else 503.

    Also says which data version is served and when data was last imported,
    so a monitor can notice a stalled or failed load.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        latest = (
            DatasetImport.objects.filter(outcome=DatasetImport.Outcome.IMPORTED)
            .order_by("-id")
            .values_list("id", "at")
            .first()
        )
        datasets = Dataset.objects.count()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "data_version": latest[0] if latest else 0,
            "last_import": latest[1].isoformat() if latest else None,
            "datasets": datasets,
        }
    )


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
