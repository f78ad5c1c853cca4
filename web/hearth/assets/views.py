from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import Capability, requires, user_has
from hearth.areas.queries import lad_name
from hearth.core import ratelimit
from hearth.core.cache import prepared_file
from hearth.core.clients import client_address
from hearth.core.requests import safe_next, whole_number
from hearthcore.assets import ASSET_TYPES, CATEGORIES

from . import exports, queries, services
from .forms import AssetForm, FilterForm, SuggestionForm
from .models import Asset, AssetImport, DuplicatePair, Suggestion
from .permissions import can_edit, can_unmark_sensitive
from .placement import geocode


def _lad(request: HttpRequest) -> str:
    code = request.GET.get("lad", settings.HEARTH_COUNCIL_LAD).strip().upper()
    return code if code.isalnum() and len(code) == 9 else settings.HEARTH_COUNCIL_LAD


@require_GET
def asset_map(request: HttpRequest) -> HttpResponse:
    """The public asset map with an accessible list beside it."""
    lad = _lad(request)
    form = FilterForm(request.GET or None)
    near = None
    records = queries.public_assets(lad)
    filtered: list[dict[str, Any]] = list(records)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["near"]:
            hit = geocode([data["near"]]).get(data["near"].replace(" ", ""))
            if hit is None:
                form.add_error(
                    "near", f"Hearth does not know the postcode {data['near']}"
                )
            else:
                near = (hit[0], hit[1])
        filtered = queries.apply_filters(
            records,
            q=data["q"],
            categories=data["category"],
            five_ways=data["five_ways"],
            cost=data["cost"],
            open_now=data["open_now"],
            near=near,
        )
    page = Paginator(filtered, 50).get_page(request.GET.get("page"))
    now = timezone.localtime()
    # The records are the shared cache's: annotate copies, never the originals.
    shown = [
        {**record, "open_now": queries.open_at(record["opening_hours"], now)}
        for record in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assets/map.html",
        {
            "form": form,
            "page": page,
            "shown": shown,
            "asset_types": list(ASSET_TYPES.items()),
            "total": len(filtered),
            "lad": lad,
            "lad_name": lad_name(lad),
            "query": query.urlencode(),
            "near": near,
            "unlocated": sum(1 for r in filtered if r["lon"] is None),
        },
    )


@require_GET
def map_data(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the public assets in an authority, with the map's filters."""
    lad = _lad(request)
    records: Any = queries.public_assets(lad)
    form = FilterForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        if any(data[k] for k in ("q", "category", "five_ways", "cost", "open_now")):
            records = queries.apply_filters(
                records,
                q=data["q"],
                categories=data["category"],
                five_ways=data["five_ways"],
                cost=data["cost"],
                open_now=data["open_now"],
            )
    else:
        return JsonResponse({"detail": form.errors.get_json_data()}, status=400)
    return JsonResponse(queries.feature_collection(records))


def _visible(request: HttpRequest, asset: Asset) -> bool:
    if user_has(request.user, Capability.MANAGE_ASSETS):
        return True
    return asset.status == Asset.Status.PUBLISHED and not asset.expired


@require_GET
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset.objects.defer("photo"), pk=pk)
    if not _visible(request, asset):
        raise Http404
    can_manage = user_has(request.user, Capability.MANAGE_ASSETS)
    described: list[tuple[str, str]] = []
    if asset.opening_hours:
        from hearthcore import hours

        try:
            described = hours.describe(hours.parse(asset.opening_hours))
        except hours.HoursError:
            described = []
    now = timezone.localtime()
    return render(
        request,
        "assets/detail.html",
        {
            "asset": asset,
            "record": queries.public_record(asset),
            "hours": described,
            "open_now": queries.open_at(asset.opening_hours, now),
            "can_manage": can_manage,
            # A sensitive place shows the public nothing finer than ~1 km.
            "hide": asset.sensitive and not can_manage,
            "revisions": asset.revisions.select_related("by")[:50]
            if can_manage
            else [],
            "has_photo": Asset.objects.filter(pk=pk, photo__isnull=False).exists(),
            "category_label": CATEGORIES.get(asset.category, (asset.category, ""))[0],
        },
    )


@require_GET
def asset_photo(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset, pk=pk)
    manager = user_has(request.user, Capability.MANAGE_ASSETS)
    if not _visible(request, asset) or not asset.photo:
        raise Http404
    if asset.sensitive and not manager:
        raise Http404  # a photo can show where a refuge is
    response = HttpResponse(bytes(asset.photo), content_type=asset.photo_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def suggest(request: HttpRequest) -> HttpResponse:
    """Residents add what matters to them: no account needed."""
    if request.method == "POST":
        form = SuggestionForm(request.POST, request.FILES)
        address = client_address(request)
        limit = settings.HEARTH_SUGGESTIONS_PER_HOUR

        def limited() -> HttpResponse:
            return render(
                request,
                "assets/suggest.html",
                {"form": form, "limited": True},
                status=429,
            )

        if ratelimit.count("suggest", address, window=3600) >= limit:
            return limited()
        if form.is_valid():
            # Counted atomically as it is accepted: concurrent posts from one
            # address cannot all pass the hourly limit.
            if ratelimit.add("suggest", address, window=3600) > limit:
                return limited()
            if not form.is_spam():
                data = form.cleaned_data
                # The form has placed it (a point chosen, or a known postcode).
                lon, lat = data["lon"], data["lat"]
                photo = data.get("photo")
                Suggestion.objects.create(
                    name=data["name"],
                    why=data["why"],
                    category=data["category"],
                    postcode=data["postcode"],
                    lon=lon,
                    lat=lat,
                    photo=photo[0] if photo else None,
                    photo_type=photo[1] if photo else "",
                )
            # The same thanks either way, so that spammers learn nothing.
            return redirect("assets:thanks")
    else:
        form = SuggestionForm()
    return render(
        request,
        "assets/suggest.html",
        {"form": form, "lad": settings.HEARTH_COUNCIL_LAD},
    )


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "assets/thanks.html")


@requires(Capability.MODERATE)
def moderation(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        suggestion = get_object_or_404(
            Suggestion, pk=whole_number(request.POST, "suggestion") or 0
        )
        try:
            if request.POST.get("decision") == "accept":
                asset = services.accept_suggestion(
                    suggestion,
                    by=request.user,
                    category=request.POST.get("category", ""),
                    note=request.POST.get("note", ""),
                )
                if suggestion.photo:
                    asset.photo, asset.photo_type = (
                        suggestion.photo,
                        suggestion.photo_type,
                    )
                    asset.save(update_fields=["photo", "photo_type"])
                messages.success(request, f"{asset.name} is now on the map.")
            else:
                services.reject_suggestion(
                    suggestion, by=request.user, note=request.POST.get("note", "")
                )
                messages.success(
                    request, f"The suggestion “{suggestion.name}” was rejected."
                )
            return redirect("assets:moderation")
        except services.AssetError as exc:
            error = str(exc)
    pending = Suggestion.objects.filter(status=Suggestion.Status.PENDING).defer("photo")
    with_photo = set(
        Suggestion.objects.filter(
            status=Suggestion.Status.PENDING, photo__isnull=False
        ).values_list("pk", flat=True)
    )
    return render(
        request,
        "assets/moderation.html",
        {
            "pending": pending,
            "with_photo": with_photo,
            "error": error,
            "categories": list(CATEGORIES.items()),
        },
        status=400 if error else 200,
    )


@requires(Capability.MODERATE)
def suggestion_photo(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion, pk=pk, photo__isnull=False)
    response = HttpResponse(
        bytes(suggestion.photo or b""), content_type=suggestion.photo_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Capability.MANAGE_ASSETS)
def asset_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    asset = get_object_or_404(Asset.objects.defer("photo"), pk=pk) if pk else Asset()
    if pk and not can_edit(request.user, asset):
        raise PermissionDenied
    was_sensitive = bool(pk) and asset.sensitive
    if request.method == "POST":
        form = AssetForm(request.POST, instance=asset)
        if (
            form.is_valid()
            and was_sensitive
            and not form.cleaned_data.get("sensitive")
            and not can_unmark_sensitive(request.user)
        ):
            form.add_error(
                "sensitive",
                "Only an administrator can make a sensitive record public: ask yours",
            )
        if form.is_valid():
            changed = form.save(commit=False)
            if "postcode" in form.changed_data and "lat" not in form.changed_data:
                changed.lon = changed.lat = None  # place it from the new postcode
            try:
                services.save_asset(
                    changed, by=request.user, note=form.cleaned_data["note"]
                )
            except services.AssetError as error:
                form.add_error("postcode", str(error))
            else:
                messages.success(request, f"{changed.name} has been saved.")
                return redirect("assets:detail", changed.pk)
    else:
        form = AssetForm(instance=asset)
    return render(request, "assets/edit.html", {"form": form, "asset": asset})


@require_POST
@requires(Capability.MANAGE_ASSETS)
def asset_verify(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset.objects.defer("photo"), pk=pk)
    if not can_edit(request.user, asset):
        raise PermissionDenied
    services.verify(asset, by=request.user, note=request.POST.get("note", ""))
    messages.success(
        request, f"{asset.name} is verified until {asset.review_due:%d %B %Y}."
    )
    return redirect(safe_next(request, reverse("assets:review")))


@requires(Capability.MANAGE_ASSETS)
def review(request: HttpRequest) -> HttpResponse:
    """What to re-verify: overdue records, those owned by the user's
    organisations first."""
    from hearth.accounts.permissions import organisations_of

    mine = organisations_of(request.user)
    due = (
        Asset.objects.review_due()
        .defer("photo", "description")
        .order_by("review_due", "name")
    )
    own = due.filter(owner_id__in=mine)
    return render(
        request,
        "assets/review.html",
        {
            "own": own[:200],
            "others": due.exclude(owner_id__in=mine)[:200],
            "total": due.count(),
            "expired": Asset.objects.filter(
                status=Asset.Status.PUBLISHED, expires__lt=timezone.localdate()
            ).count(),
            "imports": AssetImport.objects.all()[:10],
        },
    )


@requires(Capability.MANAGE_ASSETS)
def duplicates(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        pair = get_object_or_404(
            DuplicatePair, pk=whole_number(request.POST, "pair") or 0
        )
        try:
            services.decide_duplicate(
                pair, same=request.POST.get("decision") == "same", by=request.user
            )
        except services.AssetError as error:
            messages.error(request, str(error))
        return redirect("assets:duplicates")
    pairs = DuplicatePair.objects.filter(
        decision=DuplicatePair.Decision.OPEN
    ).select_related("first", "second")
    page = Paginator(pairs, 25).get_page(request.GET.get("page"))
    return render(request, "assets/duplicates.html", {"page": page})


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Public records as CSV, GeoJSON or GeoPackage (staff get every record)."""
    everything = (
        user_has(request.user, Capability.MANAGE_ASSETS)
        and request.GET.get("all") == "1"
    )
    lad = request.GET.get("lad", "")
    if lad and not (lad.isalnum() and len(lad) == 9):
        return JsonResponse(
            {"detail": "lad must be an ONS code like E07000118"}, status=400
        )
    if fmt not in exports.FORMATS:
        return JsonResponse(
            {"detail": f"Unknown format '{fmt}': choose csv, geojson or gpkg"},
            status=400,
        )
    if everything:  # staff: every record, now
        body, content_type, name = exports.export(fmt, lad_code=lad, everything=True)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # The public export is built once per version of the register and served
    # as a file; one build at a time, so exports cannot starve the site.
    content_type, ext = exports.FORMATS[fmt]

    def build(path: Path) -> None:
        body, _type, _name = exports.export(fmt, lad_code=lad)
        path.write_bytes(body)

    # Keyed by the register's state itself (not a counter that a cleared
    # cache could reset), and by the day: records expire at midnight.
    state = Asset.objects.aggregate(n=Count("id"), last=Max("updated"))
    return prepared_file(
        f"assets-export-{fmt}-{lad}",
        (state["n"], str(state["last"]), timezone.localdate().isoformat()),
        build,
        filename=f"hearth-assets{'-' + lad if lad else ''}.{ext}",
        content_type=content_type,
    )


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def gap_analysis(request: HttpRequest, lad: str | None = None) -> HttpResponse:
    from . import gap

    lad = (lad or settings.HEARTH_COUNCIL_LAD).upper()
    try:
        result = gap.for_authority(
            lad, need_recipe=request.GET.get("recipe", "imd2025")
        )
    except gap.GapError as error:
        return render(
            request,
            "communities/unavailable.html",
            {"error": str(error), "code": lad},
            status=409,
        )
    if request.GET.get("format") == "json":
        return HttpResponse(
            json.dumps(result.to_json(), default=str), content_type="application/json"
        )
    from django.utils.safestring import mark_safe

    from hearth.core.charts import scatter_svg

    n = result.national_areas or max(len(result.need), 1)
    need = result.need

    def percentile(rank: float) -> float:
        return 100.0 * (n - float(rank) + 1) / n

    high = need[need["need_high"]]
    low = need[need["assets_low"]]
    chart = scatter_svg(
        [
            (
                percentile(rank),
                float(per),
                f"{name}: need rank {float(rank):,.0f}, {float(per):.2f} assets per 1,000",
                quadrant == "high need, low assets",
            )
            for rank, per, name, quadrant in zip(
                result.need["need"],
                result.need["assets_per_1000"],
                result.need["name"],
                result.need["quadrant"],
                strict=True,
            )
        ],
        title=f"Need against assets per 1,000 residents, LSOAs of {lad_name(lad)}",
        x_label="Need: national percentile (100 = most need)",
        y_label="Assets per 1,000 residents",
        x_range=(0.0, 100.0),
        # Thresholds of the groups: the authority's most needy fifth, and
        # its fifth with fewest assets per 1,000.
        x_line=min((percentile(r) for r in high["need"]), default=None),
        y_line=float(low["assets_per_1000"].max()) if len(low) else None,
        legend=("High need, low assets", "Other LSOAs"),
    )
    return render(
        request,
        "assets/gap.html",
        # The chart is built from escaped text by scatter_svg.
        {"result": result, "lad_name": lad_name(lad), "chart": mark_safe(chart)},  # noqa: S308
    )


@require_GET
def outline(request: HttpRequest, lad: str) -> HttpResponse:
    """Ward boundaries of an authority, as the maps' background."""
    from hearth.areas.explorer import boundaries
    from hearth.areas.models import Area

    shapes: dict[str, str] = {}
    geography = "lsoa21"
    for geography in ("ward24", "ward22", "ward21", "lsoa21"):
        shapes = {k: v for k, v in boundaries(lad.upper(), geography).items() if v}
        if shapes:
            break
    names = (
        dict(
            Area.objects.filter(code__in=list(shapes), geography=geography).values_list(
                "code", "name"
            )
        )
        if shapes
        else {}
    )
    centres = (
        {
            code: (lon, lat)
            for code, lon, lat in Area.objects.filter(
                code__in=list(shapes), geography=geography
            ).values_list("code", "lon", "lat")
        }
        if shapes
        else {}
    )
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(text),
            "properties": {
                "code": code,
                "name": names.get(code, code),
                "lon": centres.get(code, (None, None))[0],
                "lat": centres.get(code, (None, None))[1],
            },
        }
        for code, text in shapes.items()
        if text
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def gap_geojson(request: HttpRequest, lad: str) -> HttpResponse:
    """Each LSOA's boundary with its need-against-assets group, for the map."""
    from hearth.areas.explorer import boundaries

    from . import gap

    try:
        result = gap.cached_for_authority(
            lad.upper(), need_recipe=request.GET.get("recipe", "imd2025")
        )
    except gap.GapError as error:
        return JsonResponse({"detail": str(error)}, status=409)
    shapes = boundaries(lad.upper(), "lsoa21")
    features = []
    for row in result.need.to_dict("records"):
        text = shapes.get(row["area_code"])
        if not text:
            continue
        per = row.get("assets_per_1000")
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(text),
                "properties": {
                    "area_code": row["area_code"],
                    "name": row.get("name") or row["area_code"],
                    "quadrant": row["quadrant"],
                    "need": None if row["need"] != row["need"] else float(row["need"]),
                    "assets_per_1000": None
                    if per is None or per != per
                    else round(float(per), 2),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})
