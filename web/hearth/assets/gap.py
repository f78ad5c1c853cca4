"""Gap analysis: how far residents live from each kind of asset, and where
high need meets few assets. The arithmetic is in :mod:`hearthcore.access`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hearth.areas.models import Area, Geography, Postcode
from hearth.core.cache import versioned
from hearth.indices import services as index_services
from hearth.profiles import queries as profiles
from hearthcore import access
from hearthcore.assets import CATEGORIES
from hearthcore.composite import RecipeError

from .models import Asset

# Assets this far beyond the authority's edge still serve its residents.
MARGIN_DEGREES = 0.1


SUMMARY_COLUMNS = [
    "mean_distance_m",
    "share_within_1km",
    "share_within_2km",
    "assets_in_area",
    "population",
    "assets_per_1000",
]


class GapError(ValueError):
    pass


@dataclass
class GapResult:
    lad_code: str
    recipe: str
    summary: pd.DataFrame
    per_area: pd.DataFrame
    need: pd.DataFrame
    names: dict[str, str] = field(default_factory=dict)
    points: str = "postcodes"
    national_areas: int = 0

    def to_json(self) -> dict[str, Any]:
        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            clean = frame.replace({np.nan: None, np.inf: None})
            return [
                {
                    str(k): (v.item() if hasattr(v, "item") else v)
                    for k, v in row.items()
                }
                for row in clean.to_dict("records")
            ]

        return {
            "lad_code": self.lad_code,
            "need_index": self.recipe,
            "points": self.points,
            "categories": records(self.summary.reset_index()),
            "areas": records(self.per_area),
            "high_need_low_assets": records(
                self.need[self.need["quadrant"] == "high need, low assets"]
            ),
        }

    @property
    def priority(self) -> pd.DataFrame:
        return self.need[self.need["quadrant"] == "high need, low assets"]


def _lad_area(lad_code: str) -> Area:
    area = (
        Area.objects.filter(code=lad_code, geography__startswith="lad")
        .order_by("-geography")
        .defer("geometry")
        .first()
    )
    if area is None:
        raise GapError(f"There is no local authority with the code {lad_code}")
    return area


def _centres(codes: list[str]) -> pd.DataFrame:
    """Each LSOA's centre: its stored point, else a point inside its boundary."""
    import shapely

    rows = []
    for code, lon, lat, geometry in Area.objects.filter(
        geography=Geography.LSOA21, code__in=codes
    ).values_list("code", "lon", "lat", "geometry"):
        if (lon is None or lat is None) and geometry:
            point = shapely.from_geojson(geometry).representative_point()
            lon, lat = point.x, point.y
        if lon is not None and lat is not None:
            rows.append((code, lon, lat, 1.0))
    return pd.DataFrame(rows, columns=["area_code", "lon", "lat", "weight"])


def for_authority(lad_code: str, *, need_recipe: str = "imd2025") -> GapResult:
    lad = _lad_area(lad_code)
    lsoas = dict(
        Area.objects.filter(geography=Geography.LSOA21, lad__code=lad_code).values_list(
            "code", "name"
        )
    )
    if not lsoas:
        raise GapError(f"{lad.name} has no LSOA 2021 areas loaded")
    codes = sorted(lsoas)
    postcodes = pd.DataFrame(
        list(
            Postcode.objects.filter(lsoa21__in=codes, lon__isnull=False).values_list(
                "lsoa21", "lon", "lat"
            )
        ),
        columns=["area_code", "lon", "lat"],
    )
    try:
        run = index_services.run(index_services.load_recipe(need_recipe))
    except RecipeError as error:
        raise GapError(f"Need cannot be measured with {need_recipe}: {error}") from None
    population = (
        run.population.reindex(codes)
        if run.population is not None
        else pd.Series(dtype=float)
    )
    if population.isna().all():
        population = profiles.inputs().population.reindex(codes)
    points_kind = "postcodes"
    missing = sorted(set(codes) - set(postcodes["area_code"]))
    if missing:
        # LSOAs without a located postcode count at their centre instead.
        centres = _centres(missing)
        postcodes = pd.concat(
            [postcodes.assign(weight=1.0), centres], ignore_index=True
        )
        points_kind = (
            "LSOA centres"
            if len(missing) == len(codes)
            else "postcodes (LSOA centres where an LSOA has none)"
        )
    if postcodes.empty:
        raise GapError(f"{lad.name} has no postcodes or LSOA boundaries loaded")
    xy = access.to_bng(
        postcodes["lon"].to_numpy(float), postcodes["lat"].to_numpy(float)
    )
    points = pd.DataFrame(
        {
            "area_code": postcodes["area_code"].to_numpy(),
            "x": xy[:, 0],
            "y": xy[:, 1],
            "weight": postcodes["weight"].to_numpy(float)
            if "weight" in postcodes
            else 1.0,
        }
    )
    assets = Asset.objects.public().filter(lon__isnull=False, lat__isnull=False)
    if None not in (lad.min_lon, lad.min_lat, lad.max_lon, lad.max_lat):
        assert lad.min_lon is not None and lad.max_lon is not None  # noqa: S101 - for mypy
        assert lad.min_lat is not None and lad.max_lat is not None  # noqa: S101 - for mypy
        assets = assets.filter(
            lon__gte=lad.min_lon - MARGIN_DEGREES,
            lon__lte=lad.max_lon + MARGIN_DEGREES,
            lat__gte=lad.min_lat - MARGIN_DEGREES,
            lat__lte=lad.max_lat + MARGIN_DEGREES,
        )
    rows = list(assets.values_list("category", "lon", "lat", "lsoa21", "pk"))
    frame = pd.DataFrame(rows, columns=["category", "lon", "lat", "asset_area", "id"])
    if frame.empty:
        frame = pd.DataFrame(columns=["category", "x", "y", "asset_area", "id"])
    else:
        axy = access.to_bng(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
        frame = frame.assign(x=axy[:, 0], y=axy[:, 1]).drop(columns=["lon", "lat"])
    categories = sorted(set(frame["category"])) if len(frame) else []
    table = access.gap_analysis(points, frame, population, categories=categories)
    summary = access.summarise(table, population, by=pd.Series(lad_code, index=codes))
    if summary.empty:
        summary = pd.DataFrame(
            columns=SUMMARY_COLUMNS, index=pd.Index([], name="category")
        )
    summary = summary.reset_index()
    if "area_code" in summary.columns:
        summary = summary.drop(columns=["area_code"])
    summary["label"] = [CATEGORIES.get(c, (c, ""))[0] for c in summary["category"]]
    summary = summary.set_index("category").sort_values("label")
    need = run.result.scores.reindex(codes)["rank"]
    quadrants = access.need_versus_assets(need, table, higher_need_is_worse=False)
    quadrants["name"] = quadrants["area_code"].map(lsoas)
    return GapResult(
        lad_code,
        need_recipe,
        summary,
        table,
        quadrants,
        lsoas,
        points_kind,
        national_areas=int(run.result.scores["rank"].notna().sum()),
    )


@versioned("gap-analysis", memory=16)
def _cached(
    lad_code: str, need_recipe: str, assets_version: int, data_version: int
) -> GapResult:
    return for_authority(lad_code, need_recipe=need_recipe)


def cached_for_authority(lad_code: str, *, need_recipe: str = "imd2025") -> GapResult:
    """The gap analysis, kept until any asset or dataset changes."""
    from hearth.areas.versions import data_version

    from .queries import version

    return _cached(lad_code, need_recipe, version(), data_version())


def for_areas(
    codes: list[str], lad_code: str, *, need_recipe: str = "imd2025"
) -> pd.DataFrame:
    """Per category, distances and assets per 1,000 for a set of LSOAs (e.g.
    a community), population weighted."""
    result = cached_for_authority(lad_code, need_recipe=need_recipe)
    part = result.per_area[result.per_area["area_code"].isin(codes)]
    if part.empty:
        return pd.DataFrame()
    population = part.drop_duplicates("area_code").set_index("area_code")["population"]
    summary = access.summarise(part, population.fillna(0.0))
    if summary.empty:
        return pd.DataFrame()
    summary = summary.reset_index().drop(columns=["area_code"]).set_index("category")
    summary["label"] = [CATEGORIES.get(c, (c, ""))[0] for c in summary.index]
    return summary.sort_values("label")
