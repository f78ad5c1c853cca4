"""The area-data API: areas by parent, indicators, values and GeoJSON.

Versioned in the path (/api/v1/); the OpenAPI document is at
/api/v1/openapi.json and described at /api/v1/docs. Errors are JSON with a
status, an error code and a human-readable detail (schema ErrorOut).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from ninja import Router

from hearth.areas import explorer
from hearth.areas.models import Area, Dataset, Geography, Indicator
from hearth.areas.queries import UnknownIndicator, find_lad, get_indicator
from hearth.core.cache import prepared_file
from hearth.core.errors import ApiError

from ..versions import data_version
from .schemas import AreaOut, DatasetOut, ErrorOut, IndicatorOut, ValuesOut

router = Router(tags=["areas"])


def _area_out(area: Area) -> AreaOut:
    return AreaOut(
        geography=area.geography,
        geography_label=Geography(area.geography).label,
        code=area.code,
        name=area.name,
        parent_code=area.parent.code if area.parent_id and area.parent else None,
        lad_code=area.lad.code if area.lad_id and area.lad else None,
    )


def _indicator_out(indicator: Indicator) -> IndicatorOut:
    return IndicatorOut(
        ref=indicator.ref,
        dataset=indicator.dataset.kind,
        code=indicator.code,
        label=indicator.label,
        geography=indicator.dataset.geography,
        higher_is_worse=indicator.higher_is_worse,
    )


def _geography(value: str) -> str:
    try:
        return Geography(value).value
    except ValueError:
        raise ApiError(
            400,
            "unknown_geography",
            f"Unknown geography '{value}'. Use one of: {', '.join(Geography.values)}.",
        ) from None


@router.get(
    "/areas",
    response={200: list[AreaOut], 400: ErrorOut, 404: ErrorOut},
    summary="Areas by parent or geography",
)
def areas(
    request: HttpRequest,
    parent: str | None = None,
    geography: str | None = None,
    parent_geography: str | None = None,
) -> list[AreaOut]:
    """List areas. With `parent` (a GSS code), the areas inside it; with
    `geography` only that boundary vintage (e.g. `lsoa21`, `ward24`, `lad24`)."""
    queryset = Area.objects.select_related("parent", "lad").defer(
        "geometry", "parent__geometry", "lad__geometry"
    )
    if geography:
        queryset = queryset.filter(geography=_geography(geography))
    if parent:
        parents = Area.objects.filter(code=parent)
        if parent_geography:
            parents = parents.filter(geography=_geography(parent_geography))
        if not parents.exists():
            raise ApiError(
                404, "unknown_area", f"There is no area with the code '{parent}'."
            )
        queryset = queryset.filter(parent__in=parents)
    elif not geography:
        raise ApiError(400, "missing_filter", "Give a parent area code or a geography.")
    else:
        # A whole geography (33,755 LSOAs) is built once per data version and
        # served as a file, one build at a time.
        def build(path: Path) -> None:
            rows = [
                _area_out(a).dict()
                for a in queryset.order_by("geography", "code")[:50000]
            ]
            path.write_text(json.dumps(rows, separators=(",", ":")), encoding="utf-8")

        return prepared_file(  # type: ignore[return-value]
            f"api-areas-{geography}",
            data_version(),
            build,
            filename=f"areas-{geography}.json",
            content_type="application/json",
            attachment=False,
        )
    return [_area_out(a) for a in queryset.order_by("geography", "code")[:50000]]


@router.get(
    "/datasets", response=list[DatasetOut], summary="Imported datasets with provenance"
)
def datasets(request: HttpRequest) -> list[DatasetOut]:
    return [
        DatasetOut(
            kind=d.kind,
            title=d.title,
            publisher=d.publisher,
            release=d.release,
            licence=d.licence,
            attribution=d.attribution,
            geography=d.geography,
            rows=d.rows,
            checksum=d.checksum,
            imported_at=d.imported_at.isoformat(),
        )
        for d in Dataset.objects.defer("area_codes")
    ]


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], 400: ErrorOut},
    summary="Indicators",
)
def indicators(
    request: HttpRequest, dataset: str | None = None, geography: str | None = None
) -> list[IndicatorOut]:
    queryset = Indicator.objects.select_related("dataset").defer(
        "values", "dataset__area_codes"
    )
    if dataset:
        queryset = queryset.filter(dataset__kind=dataset)
    if geography:
        queryset = queryset.filter(dataset__geography=_geography(geography))
    return [_indicator_out(i) for i in queryset]


def _view(
    lad_code: str, indicator: str | None, geography: str | None, scale: str
) -> explorer.View:
    if find_lad(lad_code) is None:
        raise ApiError(
            404, "unknown_area", f"There is no local authority district '{lad_code}'."
        )
    try:
        return explorer.view_for(
            lad_code, _geography(geography) if geography else None, indicator, scale
        )
    except UnknownIndicator as error:
        raise ApiError(404, "unknown_indicator", str(error)) from None
    except explorer.ExplorerError as error:
        raise ApiError(400, "bad_request", str(error)) from None


def _none_if_nan(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


@router.get(
    "/values",
    response={200: ValuesOut, 400: ErrorOut, 404: ErrorOut},
    summary="An indicator's values for an authority's small areas",
)
def values(
    request: HttpRequest,
    indicator: str,
    lad: str,
    geography: str | None = None,
    scale: str = "national",
) -> ValuesOut:
    view = _view(lad, indicator, geography, scale)
    try:
        frame = explorer.table(view)
    except explorer.ExplorerError as error:
        raise ApiError(400, "wrong_geography", str(error)) from None
    if view.indicator is None:
        raise ApiError(400, "missing_indicator", "Give an indicator.")
    rows = [
        {k: _none_if_nan(v) for k, v in r.items()}
        for r in frame.to_dict(orient="records")
    ]
    return ValuesOut(
        indicator=_indicator_out(view.indicator),
        lad=lad,
        geography=view.geography,
        attribution=view.indicator.dataset.attribution,
        values=rows,  # type: ignore[arg-type]
    )


@router.get(
    "/lads/{code}/geojson",
    response={200: dict, 400: ErrorOut, 404: ErrorOut},
    summary="GeoJSON of an authority's small areas with chosen indicators",
)
def lad_geojson(
    request: HttpRequest,
    code: str,
    indicator: str | None = None,
    indicators: str | None = None,
    geography: str | None = None,
    scale: str = "national",
) -> HttpResponse:
    """A FeatureCollection of the authority's LSOAs (`geography` lsoa21 or
    lsoa11) with `indicator` (and its national and local ranks and deciles)
    plus any further `indicators` (comma-separated DATASET.COLUMN refs)."""
    view = _view(code, indicator, geography, scale)
    extra = []
    for ref in (indicators or "").split(","):
        if ref.strip():
            try:
                extra.append(get_indicator(ref.strip()))
            except UnknownIndicator as error:
                raise ApiError(404, "unknown_indicator", str(error)) from None
    try:
        body = explorer.geojson(view, extra)
    except explorer.ExplorerError as error:
        raise ApiError(400, "wrong_geography", str(error)) from None
    return HttpResponse(body, content_type="application/geo+json")
