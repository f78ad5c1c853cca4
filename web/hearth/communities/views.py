from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import Capability, requires, user_has
from hearthcore.composite import RecipeError

from . import curation
from .models import Community
from .services import FocusError, propose_for


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def proposals(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Proposed focus communities for an authority (officers, analysts, partners)."""
    code = code or settings.HEARTH_COUNCIL_LAD
    recipe = request.GET.get("recipe", "imd2025")
    try:
        result = propose_for(code, recipe)
    except (FocusError, RecipeError) as error:
        return render(
            request,
            "communities/unavailable.html",
            {"error": str(error), "code": code},
            status=409,
        )
    return render(request, "communities/proposals.html", {"result": result})


@require_POST
@requires(Capability.MANAGE_COMMUNITIES)
def accept(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("lad", settings.HEARTH_COUNCIL_LAD)
    recipe = request.POST.get("recipe", "imd2025")
    try:
        result = propose_for(code, recipe)
        priority = int(request.POST.get("priority", "0"))
        proposal = next(c for c in result["communities"] if c["priority"] == priority)
    except (FocusError, RecipeError, ValueError, StopIteration):
        messages.error(
            request, "That proposal is no longer available; the data may have changed."
        )
        return redirect("communities:proposals-for", code)
    community = curation.accept(
        proposal,
        lad_code=code,
        geography=result["geography"],
        by=request.user,
        name=request.POST.get("name", ""),
        note=request.POST.get("note", ""),
    )
    messages.success(request, f"{community.name} is now a focus community.")
    return redirect("communities:detail", community.pk)


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def community_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communities/list.html",
        {"communities": Community.objects.prefetch_related("areas")},
    )


@requires(Capability.VIEW_ANALYSIS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        if not user_has(request.user, Capability.MANAGE_COMMUNITIES):
            raise PermissionDenied
        note = request.POST.get("note", "").strip()
        name = request.POST.get("name", "").strip()
        add = [
            c.strip().upper()
            for c in request.POST.get("add", "").replace(",", " ").split()
            if c.strip()
        ]
        remove = [
            c.strip().upper()
            for c in request.POST.get("remove", "").replace(",", " ").split()
            if c.strip()
        ]
        if not note:
            errors.append("Say why you are making this change")
        if not errors:
            try:
                if name and name != community.name:
                    curation.rename(community, name=name, by=request.user, note=note)
                if add or remove:
                    curation.change_areas(
                        community, add=add, remove=remove, by=request.user, note=note
                    )
            except curation.CurationError as error:
                errors.append(str(error))
            else:
                messages.success(request, "The community has been updated.")
                return redirect("communities:detail", community.pk)
    return render(
        request,
        "communities/detail.html",
        {
            "community": community,
            "events": community.events.select_related("by"),
            "errors": errors,
            "can_manage": user_has(request.user, Capability.MANAGE_COMMUNITIES),
        },
    )


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def community_profile(request: HttpRequest, pk: int) -> HttpResponse:
    from . import profile

    community = get_object_or_404(Community, pk=pk)
    result = profile.build(community.area_codes(), community.lad_code)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="hearth-profile-{community.pk}.csv"'
        )
        response.write("\ufeff")
        result.to_frame().to_csv(response, index=False, lineterminator="\r\n")  # type: ignore[call-overload]
        return response
    return render(
        request, "communities/profile.html", {"community": community, "profile": result}
    )
