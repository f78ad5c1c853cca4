from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from hearth.core.charts import radar_svg
from hearth.core.exports import frame_response
from hearthcore.profile import Selection

from . import queries
from .presenters import page_tables


def profile_response(
    request: HttpRequest,
    selection: Selection,
    *,
    slug: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The profile as a page, or as CSV or PDF with ?format=."""
    fmt = request.GET.get("format", "")
    result = queries.build(selection)
    if fmt in {"csv", "xlsx"}:
        return frame_response(
            result.to_frame(), f"hearth-profile-{slug}.{fmt}", fmt=fmt
        )
    if fmt == "pdf":
        from . import pdf

        response = HttpResponse(pdf.render(result), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="hearth-profile-{slug}.pdf"'
        )
        return response
    radar = (
        # radar_svg escapes every label it draws.
        mark_safe(  # noqa: S308
            radar_svg(
                result.radar,
                title=f"Deprivation domains for {selection.label}, its authority and England",
            )
        )
        if result.radar is not None
        else ""
    )
    return render(
        request,
        "profiles/profile.html",
        {
            "profile": result,
            "tables": page_tables(result),
            "selection": selection,
            "radar": radar,
            **(extra or {}),
        },
    )


@require_GET
def area_profile(request: HttpRequest, code: str) -> HttpResponse:
    """Any LSOA, ward or authority: open data only, so open to everyone."""
    try:
        selection = queries.for_area(code)
    except queries.ProfileError as error:
        return render(
            request,
            "profiles/profile_form.html",
            {"error": str(error), "value": code},
            status=404,
        )
    return profile_response(request, selection, slug=slugify(code))


@require_GET
def custom_profile(request: HttpRequest) -> HttpResponse:
    """A custom set of LSOAs typed or pasted by the user."""
    raw = request.GET.get("areas", "")
    if not raw:
        return render(request, "profiles/profile_form.html", {"value": ""})
    label = request.GET.get("label", "").strip()[:100] or "Selected areas"
    try:
        selection = queries.for_codes(raw.replace(",", " ").split(), label=label)
    except queries.ProfileError as error:
        return render(
            request,
            "profiles/profile_form.html",
            {"error": str(error), "value": raw, "label": label},
            status=400,
        )
    return profile_response(request, selection, slug="custom")
