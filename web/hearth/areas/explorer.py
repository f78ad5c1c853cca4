"""The area explorer's data: one authority's small areas with chosen figures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from hearthcore import vintages

from .models import Area, AreaLink, Geography, Indicator
from .queries import column, deciles, get_indicator, national_ranking, need_order
from .versions import data_version

# Small areas in each LAD vintage, and the ward vintage that sits between.
SMALL_AREA_FOR_LAD = {
    Geography.LAD24: (Geography.LSOA21, Geography.WARD24),
    Geography.LAD19: (Geography.LSOA11, Geography.WARD19),
}
LAD_FOR_SMALL_AREA = {
    Geography.LSOA21: Geography.LAD24,
    Geography.LSOA11: Geography.LAD19,
}


class ExplorerError(ValueError):
    pass


@dataclass(frozen=True)
class View:
    """What the explorer shows: an authority, a geography, an indicator."""

    lad_code: str
    geography: str
    indicator: Indicator | None
    scale: str = "national"  # deciles across England, or within the authority

    @property
    def converted(self) -> bool:
        """True when the figures were published on the other LSOA vintage."""
        return (
            self.indicator is not None
            and self.indicator.dataset.geography != self.geography
        )

    @property
    def caption(self) -> str:
        if self.indicator is None:
            return ""
        return f"{self.indicator.label} ({self.indicator.dataset.title})"


def lad_ids(lad_code: str, geography: str) -> list[int]:
    """The ids of the district(s) with this code in the small areas' vintage.

    Resolving the district first lets the (lad, geography) index do the
    work; filtering on lad__code joins and scans on SQLite.
    """
    lad_geography = LAD_FOR_SMALL_AREA.get(Geography(geography))
    lads = Area.objects.filter(code=lad_code)
    if lad_geography is not None:
        lads = lads.filter(geography=lad_geography)
    return list(lads.values_list("pk", flat=True))


def small_areas(lad_code: str, geography: str) -> list[Area]:
    return list(_small_areas(lad_code, geography, data_version()))


@lru_cache(maxsize=128)
def _small_areas(lad_code: str, geography: str, version: int) -> tuple[Area, ...]:
    return tuple(
        Area.objects.filter(
            geography=geography, lad_id__in=lad_ids(lad_code, geography)
        )
        .select_related("parent")
        .defer("geometry", "parent__geometry")
        .order_by("code")
    )


def table(view: View) -> pd.DataFrame:
    """One row per small area in the authority, with the indicator's figures.

    Columns: area_code, area_name, ward_code, ward_name, value,
    national_rank (1 = most need in England), national_decile, local_rank,
    local_decile (within the authority).
    """
    areas = small_areas(view.lad_code, view.geography)
    frame = pd.DataFrame(
        {
            "area_code": [a.code for a in areas],
            "area_name": [a.name for a in areas],
            "ward_code": [a.parent.code if a.parent else "" for a in areas],
            "ward_name": [a.parent.name if a.parent else "" for a in areas],
        }
    )
    if view.indicator is None:
        return frame
    if frame.empty:
        return frame
    direction = view.indicator.higher_is_worse
    if view.converted:
        series = converted_column(view.indicator, view.geography)
        national_rank = need_order(series, direction)
        national_decile = deciles(series, direction)
    else:
        series = column(view.indicator)
        national_rank, national_decile = national_ranking(view.indicator)
    local = series.reindex(frame["area_code"])
    frame["value"] = local.to_numpy()
    frame["national_rank"] = national_rank.reindex(frame["area_code"]).to_numpy()
    frame["national_decile"] = national_decile.reindex(frame["area_code"]).to_numpy()
    frame["local_rank"] = need_order(local, direction).to_numpy()
    frame["local_decile"] = deciles(local, direction).to_numpy()
    return frame


def view_for(lad_code: str, geography: str | None, ref: str | None, scale: str) -> View:
    if scale not in ("national", "local"):
        raise ExplorerError("scale must be national or local")
    if geography is None:
        geography = Geography.LSOA21
    if geography not in LAD_FOR_SMALL_AREA:
        raise ExplorerError(f"Unknown small-area geography '{geography}'.")
    indicator = get_indicator(ref) if ref else None
    if indicator is not None and indicator.dataset.geography != geography:
        vintages_pair = {indicator.dataset.geography, geography}
        if vintages_pair != {Geography.LSOA11, Geography.LSOA21}:
            raise ExplorerError(
                f"{indicator.ref} is published for "
                f"{Geography(indicator.dataset.geography).label} and cannot be shown on "
                f"{Geography(geography).label}."
            )
    return View(
        lad_code=lad_code, geography=geography, indicator=indicator, scale=scale
    )


def converted_column(indicator: Indicator, geography: str) -> pd.Series:
    """An indicator moved to the other LSOA vintage with the ONS lookup."""
    series = _converted(
        indicator.pk, indicator.dataset.checksum, geography, data_version()
    )
    return series.copy()


@lru_cache(maxsize=32)
def _converted(
    indicator_id: int, checksum: str, geography: str, version: int
) -> pd.Series:
    indicator = (
        Indicator.objects.select_related("dataset").defer("values").get(pk=indicator_id)
    )
    links = pd.DataFrame(
        list(AreaLink.objects.values_list("old__code", "new__code")),
        columns=["old", "new"],
    )
    if links.empty:
        raise ExplorerError(
            "The LSOA 2011 to 2021 lookup is not loaded, so figures cannot be "
            "converted between vintages. Run `hearth data load`."
        )
    forward = geography == Geography.LSOA21
    return vintages.convert(column(indicator), links, forward=forward)


def boundaries(lad_code: str, geography: str) -> dict[str, str]:
    """Each small area's GeoJSON geometry in the district (cached per import)."""
    return _boundaries(lad_code, geography, data_version())


@lru_cache(maxsize=64)
def _boundaries(lad_code: str, geography: str, version: int) -> dict[str, str]:
    return dict(
        Area.objects.filter(
            geography=geography, lad_id__in=lad_ids(lad_code, geography)
        ).values_list("code", "geometry")
    )


def _clean(value: object) -> object:
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    return value


def geojson(view: View, extra: list[Indicator] | None = None) -> str:
    """A FeatureCollection of the authority's small areas with figures.

    Geometries are stored as GeoJSON text and spliced in without parsing, so
    building an authority's collection takes milliseconds.
    """
    frame = table(view)
    for indicator in extra or []:
        if indicator.dataset.geography == view.geography:
            frame[indicator.ref] = (
                column(indicator).reindex(frame["area_code"]).to_numpy()
            )
    geometry = boundaries(view.lad_code, view.geography)
    records = frame.to_dict(orient="records")
    parts = []
    for record in records:
        props = {key: _clean(value) for key, value in record.items()}
        geom = geometry.get(record["area_code"]) or "null"
        parts.append(
            '{"type":"Feature","id":'
            + json.dumps(record["area_code"])
            + ',"properties":'
            + json.dumps(props, separators=(",", ":"))
            + ',"geometry":'
            + geom
            + "}"
        )
    meta = {
        "lad": view.lad_code,
        "geography": view.geography,
        "geography_label": Geography(view.geography).label,
        "indicator": view.indicator.ref if view.indicator else None,
        "indicator_label": view.indicator.label if view.indicator else None,
        "attribution": view.indicator.dataset.attribution if view.indicator else "",
        "published_for": view.indicator.dataset.geography if view.indicator else None,
        "conversion": vintages.CONVERSION_NOTE if view.converted else None,
        "higher_is_worse": view.indicator.higher_is_worse if view.indicator else None,
    }
    return (
        '{"type":"FeatureCollection","metadata":'
        + json.dumps(meta, separators=(",", ":"))
        + ',"features":['
        + ",".join(parts)
        + "]}"
    )
