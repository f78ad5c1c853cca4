from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import Capability, requires, user_has
from hearth.areas.explorer import boundaries
from hearth.areas.models import Area, Geography
from hearth.profiles import queries as profiles
from hearth.profiles.views import profile_response
from hearthcore.composite import RecipeError

from . import curation, panels
from .models import Community, CommunityEvent
from .services import FocusError, propose_for


def _unavailable(request: HttpRequest, error: str, code: str) -> HttpResponse:
    return render(
        request,
        "communities/unavailable.html",
        {"error": error, "code": code},
        status=409,
    )


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def proposals(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Proposed focus communities for an authority (officers, analysts, partners)."""
    code = code or settings.HEARTH_COUNCIL_LAD
    recipe = request.GET.get("recipe", "imd2025")
    try:
        result = propose_for(code, recipe)
    except (FocusError, RecipeError) as error:
        return _unavailable(request, str(error), code)
    accepted = {
        tuple(c.area_codes()): c
        for c in Community.objects.active().in_lad(code).prefetch_related("areas")
    }
    for item in result["communities"]:
        item["accepted_as"] = accepted.get(tuple(sorted(item["areas"])))
    for theme in result["themes"]:
        codes = tuple(sorted(a["code"] for a in theme["named_areas"]))
        theme["accepted_as"] = accepted.get(codes)
    return render(
        request,
        "communities/proposals.html",
        {"result": result, "errors": _pop_errors(request)},
    )


def _pop_errors(request: HttpRequest) -> dict[str, Any]:
    """A failed accept's errors and values, kept for one page view."""
    return (
        request.session.pop("accept_errors", {}) if hasattr(request, "session") else {}
    )


@require_POST
@requires(Capability.MANAGE_COMMUNITIES)
def accept(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("lad", settings.HEARTH_COUNCIL_LAD)
    recipe = request.POST.get("recipe", "imd2025")
    theme = request.POST.get("theme", "")
    key = (
        f"theme-{slugify(theme)}" if theme else f"p-{request.POST.get('priority', '')}"
    )
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
    try:
        community = curation.accept(
            proposal,
            lad_code=code,
            geography=result["geography"],
            by=request.user,
            name=request.POST.get("name", ""),
            note=request.POST.get("note", ""),
            kind=Community.Kind.THEMATIC if theme else Community.Kind.GEOGRAPHIC,
        )
    except curation.CurationError as error:
        request.session["accept_errors"] = {
            "key": key,
            "message": str(error),
            "name": request.POST.get("name", ""),
            "note": request.POST.get("note", ""),
        }
        return redirect(
            f"{redirect('communities:proposals-for', code).url}?recipe={recipe}#accept-{key}"
        )
    messages.success(request, f"{community.name} is now a focus community.")
    return redirect("communities:detail", community.pk)


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def community_list(request: HttpRequest) -> HttpResponse:
    lad = request.GET.get("lad", settings.HEARTH_COUNCIL_LAD)
    return render(
        request,
        "communities/list.html",
        {
            "communities": Community.objects.active().prefetch_related("areas"),
            "archived": Community.objects.filter(archived__isnull=False).select_related(
                "merged_into"
            ),
            "lad": lad,
            "map_url": f"{reverse('communities:map-geojson')}?lad={lad}",
        },
    )


def _groups_geojson(groups: list[tuple[str, str, list[str]]], lad: str) -> str:
    """LSOAs in numbered groups (proposals or communities), for the map."""
    geometry = boundaries(lad, Geography.LSOA21)
    names = dict(
        Area.objects.filter(
            geography=Geography.LSOA21,
            code__in=[c for _l, _h, codes in groups for c in codes],
        ).values_list("code", "name")
    )
    features = []
    for index, (label, href, codes) in enumerate(groups, start=1):
        for code in codes:
            shape = geometry.get(code)
            if not shape:
                continue
            props = {
                "area_code": code,
                "area_name": names.get(code, code),
                "group": label,
                "number": index,
                "href": href,
            }
            features.append(
                '{"type":"Feature","properties":'
                + json.dumps(props)
                + ',"geometry":'
                + shape
                + "}"
            )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def proposals_geojson(request: HttpRequest, code: str) -> HttpResponse:
    try:
        result = propose_for(code, request.GET.get("recipe", "imd2025"))
    except (FocusError, RecipeError) as error:
        return HttpResponse(
            json.dumps({"status": 409, "error": "unavailable", "detail": str(error)}),
            status=409,
            content_type="application/json",
        )
    groups = [
        (
            f"{c['priority']}. {c['name']}",
            f"#proposal-{c['priority']}",
            list(c["areas"]),
        )
        for c in result["communities"]
    ]
    return HttpResponse(
        _groups_geojson(groups, code), content_type="application/geo+json"
    )


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def communities_geojson(request: HttpRequest) -> HttpResponse:
    lad = request.GET.get("lad", settings.HEARTH_COUNCIL_LAD)
    only = request.GET.get("community")
    rows = Community.objects.active().in_lad(lad)
    if only and only.isdigit():
        rows = rows.filter(pk=int(only))
    groups = [(c.name, f"/communities/{c.pk}/", c.area_codes()) for c in rows]
    return HttpResponse(
        _groups_geojson(groups, lad), content_type="application/geo+json"
    )


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.replace(",", " ").split() if c.strip()]


def _curate(
    request: HttpRequest, community: Community
) -> tuple[list[str], Community | None]:
    """Carry out one curation action from the detail page's forms."""
    action = request.POST.get("action", "change")
    note = request.POST.get("note", "").strip()
    try:
        if action == "merge":
            other_id = request.POST.get("other", "")
            other = (
                Community.objects.active()
                .in_lad(community.lad_code)
                .filter(pk=int(other_id))
                .first()
                if other_id.isdigit()
                else None
            )
            if other is None:
                return ["Choose the community to merge into this one"], None
            return [], curation.merge(community, other, by=request.user, note=note)
        if action == "split":
            new = curation.split(
                community,
                areas=_codes(request.POST.get("areas", "")),
                name=request.POST.get("new_name", ""),
                by=request.user,
                note=note,
            )
            return [], new
        if not note:
            return ["Say why you are making this change"], None
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


ACTION_LABELS = {
    "accepted": "Accepted as a focus community",
    "areas changed": "LSOAs changed",
    "merged": "Another community merged in",
    "merged into": "Merged into another community",
    "split": "LSOAs split off",
    "split from": "Split from another community",
    "renamed": "Renamed",
    "described": "Background updated",
    "focus reviewed": "Focus reviewed",
}
DETAIL_LABELS = {
    "areas": "LSOAs",
    "added": "Added",
    "removed": "Removed",
    "split_off": "Split off",
    "proposed_name": "Proposed as",
    "merged": "Merged in",
    "into": "Into",
    "source": "From",
    "old": "Was",
    "new": "Now",
    "decision": "Decision",
    "next_review": "Next review",
}


def history(events: list[CommunityEvent]) -> list[dict[str, Any]]:
    """The community's history in words (names, not raw lists of codes)."""
    out = []
    for event in events:
        lines = []
        for key, value in event.details.items():
            if value in ([], "", None):
                continue
            text = (
                ", ".join(str(v) for v in value)
                if isinstance(value, list)
                else str(value)
            )
            lines.append(
                f"{DETAIL_LABELS.get(key, key.replace('_', ' ').capitalize())}: {text}"
            )
        out.append(
            {
                "at": event.at,
                "by": event.by.username if event.by else "",
                "what": ACTION_LABELS.get(event.action, event.action.capitalize()),
                "lines": lines,
                "note": event.note,
            }
        )
    return out


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
            "community": community,
            "lsoas": list(community.lsoas()),
            "map_url": f"{reverse('communities:map-geojson')}"
            f"?lad={community.lad_code}&community={community.pk}",
            "panels": panels.for_community(community, request),
            "history": history(list(community.events.select_related("by"))),
            "errors": errors,
            "action": action,
            "posted": request.POST if errors else {},
            "can_manage": user_has(request.user, Capability.MANAGE_COMMUNITIES)
            and not community.archived,
            "others": Community.objects.active()
            .in_lad(community.lad_code)
            .exclude(pk=community.pk),
        },
        status=400 if errors else 200,
    )


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def community_profile(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    codes = community.area_codes()
    if not codes:
        return _unavailable(
            request,
            f"{community.name} has no LSOAs yet, so it has no profile.",
            community.lad_code,
        )
    selection = profiles.for_community(community.name, codes, community.lad_code)
    return profile_response(
        request, selection, slug=str(community.pk), extra={"community": community}
    )


@require_GET
def old_profile_address(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Profiles moved to /profiles/; old links keep working."""
    target = redirect("profiles:area", code) if code else redirect("profiles:custom")
    query = request.META.get("QUERY_STRING", "")
    target["Location"] = target.url + (f"?{query}" if query else "")
    target.status_code = 301
    return target


@requires(Capability.VIEW_ANALYSIS)
def focus_review(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Review the focus against a stored index run; officers record decisions."""
    from datetime import date

    from hearth.core.forms import GovUKDateField
    from hearth.indices.models import IndexRun

    from . import review
    from .models import FocusReview

    code = (code or request.GET.get("lad") or settings.HEARTH_COUNCIL_LAD).upper()
    runs = list(
        IndexRun.objects.defer(
            "area_codes",
            "groups",
            "score",
            "rank",
            "decile",
            "local_rank",
            "local_decile",
            "band_low",
            "band_high",
        )
    )
    since_text = request.GET.get("since") or request.POST.get("since", "")
    since = int(since_text) if since_text.isdigit() else None
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        if not user_has(request.user, Capability.MANAGE_COMMUNITIES):
            raise PermissionDenied
        posted = {
            k: request.POST.get(k, "") for k in ("community", "decision", "reason")
        }
        community = (
            Community.objects.filter(pk=int(posted["community"]), lad_code=code).first()
            if posted["community"].isdigit()
            else None
        )
        field = GovUKDateField(required=False, label="Next review")
        next_review: date | None = None
        try:
            next_review = field.clean(
                [
                    request.POST.get(f"next_review_{p}", "")
                    for p in ("day", "month", "year")
                ]
            )
        except Exception as error:  # noqa: BLE001 - a ValidationError with messages
            errors.append(" ".join(getattr(error, "messages", [str(error)])))
        if not errors:
            try:
                review.decide(
                    lad_code=code,
                    community=community,
                    decision=posted["decision"],
                    reason=posted["reason"],
                    since=IndexRun.objects.filter(pk=since).first() if since else None,
                    now=IndexRun.objects.filter(
                        pk=request.POST.get("now") or 0
                    ).first(),
                    by=request.user,
                    next_review=next_review,
                )
            except review.ReviewError as error:
                errors.append(str(error))
            else:
                messages.success(request, "The review decision has been recorded.")
                return redirect(
                    f"{reverse('communities:review-for', args=[code])}?since={since or ''}"
                )
    result = None
    problem = ""
    if since is not None:
        try:
            result = review.compare(code, since, request.GET.get("recipe", "imd2025"))
        except (review.ReviewError, FocusError, RecipeError) as error:
            problem = str(error)
    return render(
        request,
        "communities/review.html",
        {
            "code": code,
            "runs": runs,
            "since": since,
            "result": result,
            "problem": problem,
            "errors": errors,
            "posted": posted,
            "decisions": FocusReview.Decision.choices,
            "can_decide": user_has(request.user, Capability.MANAGE_COMMUNITIES),
            "communities": Community.objects.active().in_lad(code),
        },
        status=400 if errors else 200,
    )
