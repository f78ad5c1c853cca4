from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hearth.core.exports import download as file_download
from hearth.core.exports import frame_response
from hearthcore import vintages
from hearthcore.export import write_geopackage

from . import explorer
from .forms import ExplorerForm, SearchForm
from .labels import explorer_label
from .models import Area, Dataset, Geography
from .queries import UnknownIndicator, column, deciles, find_lad, indicators_for, lads
from .search import Hit, search

ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the "
    "Open Government Licence v3.0."
)
SORTS = {"area_code", "area_name", "ward_name", "value", "national_rank", "local_rank"}


@require_GET
def england(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "areas/england.html",
        {"lads": lads("E"), "welsh": lads("W"), "form": SearchForm()},
    )


@require_GET
def search_view(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    hits: list[Hit] = []
    problem: str | None = None
    if form.is_valid():
        hits, problem = search(form.cleaned_data["q"])
        if problem:
            form.add_error("q", problem)
        elif len(hits) == 1:
            hit = hits[0]
            return redirect("areas:area", geography=hit.geography, code=hit.code)
    return render(request, "areas/search.html", {"form": form, "hits": hits})


def _explorer_view(request: HttpRequest, lad: Area) -> explorer.View:
    try:
        return explorer.view_for(
            lad.code,
            request.GET.get("geography") or None,
            request.GET.get("indicator") or None,
            request.GET.get("scale") or "national",
        )
    except (explorer.ExplorerError, UnknownIndicator) as error:
        raise Http404(str(error)) from error


@require_GET
def area(request: HttpRequest, geography: str, code: str) -> HttpResponse:
    try:
        Geography(geography)
    except ValueError:
        raise Http404("Unknown geography") from None
    area = (
        Area.objects.filter(geography=geography, code=code)
        .select_related("parent", "lad")
        .defer("geometry")
        .first()
    )
    if area is None:
        raise Http404("No such area")
    if geography in explorer.SMALL_AREA_FOR_LAD:
        return _lad_page(request, area)
    if geography in explorer.LAD_FOR_SMALL_AREA:
        return _small_area_page(request, area)
    children = area.children.defer("geometry").order_by("name")
    return render(request, "areas/area.html", {"area": area, "children": children})


def _lad_page(request: HttpRequest, lad: Area) -> HttpResponse:
    view = _explorer_view(request, lad)
    # Both LSOA vintages' figures can be shown; the other vintage's are
    # converted with the ONS lookup and the page says so.
    indicators = indicators_for(view.geography) + indicators_for(
        Geography.LSOA11 if view.geography == Geography.LSOA21 else Geography.LSOA21
    )
    form = ExplorerForm(
        {
            "indicator": view.indicator.ref if view.indicator else "",
            "geography": view.geography,
            "scale": view.scale,
        },
        indicators=indicators,
    )
    frame = explorer.table(view)
    sort = request.GET.get("sort", "national_rank" if view.indicator else "area_code")
    if sort not in SORTS or sort not in frame.columns:
        sort = "area_code"
    descending = request.GET.get("order") == "desc"
    frame = frame.sort_values(
        sort, ascending=not descending, na_position="last", kind="stable"
    )
    decile_column = "national_decile" if view.scale == "national" else "local_decile"
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("order", None)
    wards = (
        Area.objects.filter(
            geography=explorer.SMALL_AREA_FOR_LAD[Geography(lad.geography)][1],
            lad=lad,
        )
        .defer("geometry")
        .order_by("name")
    )
    return render(
        request,
        "areas/lad.html",
        {
            "area": lad,
            "view": view,
            "form": form,
            "rows": frame.to_dict(orient="records"),
            "sort": sort,
            "descending": descending,
            "decile_column": decile_column,
            "query": query.urlencode(),
            "wards": wards,
            "geojson_url": reverse("api-1:lad_geojson", args=[lad.code])
            + "?"
            + request.GET.urlencode(),
            "has_indicator": view.indicator is not None,
            "indicator_label": (
                (explorer_label(view.indicator) or view.indicator.label)
                if view.indicator
                else ""
            ),
            "conversion_note": vintages.CONVERSION_NOTE,
        },
    )


def _small_area_page(request: HttpRequest, area: Area) -> HttpResponse:
    rows = []
    for indicator in indicators_for(area.geography):
        series = column(indicator)
        if area.code not in series.index:
            continue
        value = series.get(area.code)
        decile = deciles(series, indicator.higher_is_worse).get(area.code)
        rows.append({"indicator": indicator, "value": value, "decile": decile})
    return render(request, "areas/small_area.html", {"area": area, "rows": rows})


@require_GET
def download(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    lad = find_lad(code)
    if lad is None:
        raise Http404("No such authority")
    view = _explorer_view(request, lad)
    frame = explorer.table(view)
    name = f"hearth-{code}-{view.geography}" + (
        f"-{view.indicator.ref}" if view.indicator else ""
    )
    attribution = (
        view.indicator.dataset.attribution if view.indicator else ONS_ATTRIBUTION
    )
    if view.converted:
        attribution = f"{attribution} {vintages.CONVERSION_NOTE}"
    if fmt in ("csv", "xlsx"):
        return frame_response(frame.assign(source=attribution), f"{name}.{fmt}", fmt)
    if fmt != "gpkg":
        raise Http404("Download as csv, xlsx or gpkg")
    geometry = explorer.boundaries(code, view.geography)
    # An authority's GeoPackage is small: build it in a folder that is
    # removed at once, so no request leaves files behind.
    with tempfile.TemporaryDirectory(prefix="hearth-gpkg-") as folder:
        path = Path(folder) / f"{name}.gpkg"
        write_geopackage(
            path,
            frame,
            [geometry.get(c) for c in frame["area_code"]],
            layer=name.replace(".", "_"),
            metadata={"attribution": attribution},
        )
        content = path.read_bytes()
    return file_download(content, "application/geopackage+sqlite3", f"{name}.gpkg")


@require_GET
def datasets(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "areas/datasets.html",
        {"datasets": Dataset.objects.defer("area_codes").order_by("kind")},
    )
