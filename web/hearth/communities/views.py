from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import Capability, requires, user_has
from hearth.areas.queries import lad_name
from hearthcore.composite import RecipeError

from . import charts, curation, profile
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
    theme = request.POST.get("theme", "")
    try:
        result = propose_for(code, recipe)
        if theme:
            proposal = {
                "name": f"{theme.capitalize()}: most need in {result['lad_name']}",
                "areas": result["thematic"][theme],
                "reason": f"LSOAs of {result['lad_name']} with the most need for {theme}",
            }
        else:
            priority = int(request.POST.get("priority", "0"))
            proposal = next(
                c for c in result["communities"] if c["priority"] == priority
            )
    except (FocusError, RecipeError, ValueError, StopIteration, KeyError):
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
        kind=Community.Kind.THEMATIC if theme else Community.Kind.GEOGRAPHIC,
    )
    messages.success(request, f"{community.name} is now a focus community.")
    return redirect("communities:detail", community.pk)


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def community_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communities/list.html",
        {
            "communities": Community.objects.filter(
                archived__isnull=True
            ).prefetch_related("areas"),
            "archived": Community.objects.filter(archived__isnull=False),
        },
    )


def _community_assets(community: Community) -> dict[str, object]:
    """Published assets in the community's LSOAs, and access by category."""
    from hearth.assets import gap
    from hearth.assets.models import Asset

    codes = community.area_codes()
    assets = list(
        Asset.objects.public()
        .filter(lsoa21__in=codes)
        .defer("photo", "description")
        .order_by("category", "name")
    )
    try:
        access = gap.for_areas(codes, community.lad_code)
    except (gap.GapError, RecipeError, FocusError):
        access = None
    return {"list": assets, "access": access}


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.replace(",", " ").split() if c.strip()]


def _curate(
    request: HttpRequest, community: Community
) -> tuple[list[str], Community | None]:
    """Carry out one curation action from the detail page's forms."""
    action = request.POST.get("action", "change")
    note = request.POST.get("note", "").strip()
    if not note:
        return ["Say why you are making this change"], None
    try:
        if action == "merge":
            other = Community.objects.filter(
                pk=request.POST.get("other") or 0, archived__isnull=True
            ).first()
            if other is None:
                return ["Choose the community to merge into this one"], None
            return [], curation.merge(community, other, by=request.user, note=note)
        if action == "split":
            areas = _codes(request.POST.get("areas", ""))
            new = curation.split(
                community,
                areas=areas,
                name=request.POST.get("new_name", ""),
                by=request.user,
                note=note,
            )
            return [], new
        name = request.POST.get("name", "").strip()
        add = _codes(request.POST.get("add", ""))
        remove = _codes(request.POST.get("remove", ""))
        if name and name != community.name:
            curation.rename(community, name=name, by=request.user, note=note)
        if add or remove:
            curation.change_areas(
                community, add=add, remove=remove, by=request.user, note=note
            )
        if "description" in request.POST:
            curation.describe(
                community,
                description=request.POST.get("description", ""),
                by=request.user,
                note=note,
            )
    except curation.CurationError as error:
        return [str(error)], None
    return [], community


@requires(Capability.VIEW_ANALYSIS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    errors: list[str] = []
    action = request.POST.get("action", "change")
    if request.method == "POST":
        if not user_has(request.user, Capability.MANAGE_COMMUNITIES):
            raise PermissionDenied
        if community.archived:
            errors = ["This community is archived and cannot be changed"]
        else:
            errors, target = _curate(request, community)
            if not errors and target is not None:
                messages.success(request, "The community has been updated.")
                return redirect("communities:detail", target.pk)
    return render(
        request,
        "communities/detail.html",
        {
            "assets": _community_assets(community),
            "community": community,
            "events": community.events.select_related("by"),
            "errors": errors,
            "action": action,
            "can_manage": user_has(request.user, Capability.MANAGE_COMMUNITIES)
            and not community.archived,
            "others": Community.objects.filter(
                lad_code=community.lad_code, archived__isnull=True
            ).exclude(pk=community.pk),
        },
    )


def _profile_response(
    request: HttpRequest,
    selection: profile.Selection,
    *,
    slug: str,
    community: Community | None = None,
) -> HttpResponse:
    fmt = request.GET.get("format", "")
    result = profile.build(selection)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="hearth-profile-{slug}.csv"'
        )
        response.write("\ufeff")
        result.to_frame().to_csv(response, index=False, lineterminator="\r\n")  # type: ignore[call-overload]
        return response
    if fmt == "pdf":
        from . import pdf

        response = HttpResponse(pdf.render(result), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="hearth-profile-{slug}.pdf"'
        )
        return response
    radar = (
        mark_safe(  # noqa: S308 - built from escaped text by charts.radar_svg
            charts.radar_svg(
                result.radar,
                title=f"Deprivation domains for {selection.label}, its authority and England",
            )
        )
        if result.radar is not None
        else ""
    )
    return render(
        request,
        "communities/profile.html",
        {
            "community": community,
            "profile": result,
            "selection": selection,
            "radar": radar,
        },
    )


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def community_profile(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    codes = community.area_codes()
    if not codes:
        return render(
            request,
            "communities/unavailable.html",
            {
                "error": f"{community.name} has no LSOAs yet, so it has no profile.",
                "code": community.lad_code,
            },
            status=409,
        )
    selection = profile.Selection(
        community.name, codes, community.lad_code, lad_name(community.lad_code)
    )
    return _profile_response(
        request, selection, slug=str(community.pk), community=community
    )


@require_GET
def area_profile(request: HttpRequest, code: str) -> HttpResponse:
    """Any LSOA, ward or authority: open data only, so open to everyone."""
    try:
        selection = profile.for_area(code)
    except profile.ProfileError as error:
        return render(
            request,
            "communities/profile_form.html",
            {"error": str(error), "value": code},
            status=404,
        )
    return _profile_response(request, selection, slug=slugify(code))


@require_GET
def custom_profile(request: HttpRequest) -> HttpResponse:
    """A custom set of LSOAs typed or pasted by the user."""
    raw = request.GET.get("areas", "")
    if not raw:
        return render(request, "communities/profile_form.html", {"value": ""})
    label = request.GET.get("label", "").strip()[:100] or "Selected areas"
    try:
        selection = profile.for_codes(raw.replace(",", " ").split(), label=label)
    except profile.ProfileError as error:
        return render(
            request,
            "communities/profile_form.html",
            {"error": str(error), "value": raw, "label": label},
            status=400,
        )
    return _profile_response(request, selection, slug="custom")
