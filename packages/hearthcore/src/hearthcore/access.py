"""Access to assets: the nearest asset of each kind, and gap analysis.

Distances are straight lines in British National Grid metres. Points are
residents' postcodes (each counts once) or population-weighted centroids
(weighted by population); assets are the asset register's points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pyproj import Transformer
from scipy.spatial import cKDTree

FloatArray = NDArray[np.float64]


@lru_cache(maxsize=1)
def _to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def to_bng(lon: FloatArray, lat: FloatArray) -> FloatArray:
    """Project WGS84 longitude and latitude to British National Grid metres.

    Examples
    --------
    >>> xy = to_bng(np.array([-2.6325]), np.array([53.6531]))
    >>> [int(round(v, -2)) for v in xy[0]]
    [358300, 417600]
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x, y = _to_bng().transform(lon, lat)
    out = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    out[np.isnan(lon) | np.isnan(lat)] = np.nan
    return out


@dataclass(frozen=True)
class Nearest:
    """The nearest asset of one category for every point."""

    category: str
    distance_m: FloatArray
    index: NDArray[np.int64]


def _unique_points(xy: FloatArray) -> tuple[FloatArray, NDArray[np.int64]]:
    """Merge identical points (many postcodes share a location).

    Returns the distinct points, in order of first appearance (which keeps
    the input's spatial coherence, e.g. postcode order), and each input
    point's index into them.
    """
    keys = np.ascontiguousarray(xy, dtype=np.float64).view(np.complex128).ravel()
    codes, distinct = pd.factorize(keys)
    values = np.asarray(distinct, dtype=np.complex128)
    return np.column_stack([values.real, values.imag]), codes.astype(np.int64)


def nearest_by_category(
    points_xy: FloatArray,
    assets_xy: FloatArray,
    categories: NDArray[Any] | Sequence[str],
    *,
    workers: int = -1,
) -> dict[str, Nearest]:
    """Find, for every point, the nearest asset of each category.

    Parameters
    ----------
    points_xy : ndarray, shape (n, 2)
        Points in metres (NaN rows are allowed and get NaN distances).
    assets_xy : ndarray, shape (m, 2)
        Assets in the same projection.
    categories : sequence of str, length m
        Each asset's category.
    workers : int
        Threads for the KD-tree queries (-1 = all cores).

    Returns
    -------
    dict
        Category to :class:`Nearest`; ``index`` points into ``assets_xy``.

    Examples
    --------
    >>> points = np.array([[0.0, 0.0], [10.0, 0.0]])
    >>> assets = np.array([[3.0, 4.0], [10.0, 1.0], [100.0, 0.0]])
    >>> near = nearest_by_category(points, assets, ["a", "a", "b"])
    >>> near["a"].distance_m.tolist(), near["a"].index.tolist()
    ([5.0, 1.0], [0, 1])
    >>> near["b"].distance_m.tolist()
    [100.0, 90.0]
    """
    points_xy = np.asarray(points_xy, dtype=float)
    assets_xy = np.asarray(assets_xy, dtype=float)
    labels = np.asarray(categories, dtype=object)
    located = ~np.isnan(points_xy).any(axis=1)
    everywhere = bool(located.all())
    order = np.flatnonzero(located)
    query, back = _unique_points(points_xy if everywhere else points_xy[order])
    if not everywhere:
        # Unlocated points map to an extra slot that stays NaN / -1.
        full_back = np.full(len(points_xy), len(query), dtype=np.int64)
        full_back[order] = back
        back = full_back
    good_assets = ~np.isnan(assets_xy).any(axis=1)
    out: dict[str, Nearest] = {}
    for category in sorted({str(c) for c in labels}):
        members = np.flatnonzero((labels == category) & good_assets)
        if members.size and len(query):
            tree = cKDTree(assets_xy[members])
            d, i = tree.query(query, k=1, workers=workers)
            unique_distance = np.asarray(d, dtype=float)
            unique_index = members[np.asarray(i, dtype=np.int64)]
        else:
            unique_distance = np.full(len(query), np.inf)
            unique_index = np.full(len(query), -1, dtype=np.int64)
        if not everywhere:
            unique_distance = np.append(unique_distance, np.nan)
            unique_index = np.append(unique_index, -1)
        # One gather from the distinct points back to every point.
        out[category] = Nearest(category, unique_distance[back], unique_index[back])
    return out


def _weighted_median(values: FloatArray, weights: FloatArray) -> float:
    ok = ~np.isnan(values) & (weights > 0)
    if not ok.any():
        return float("nan")
    v, w = values[ok], weights[ok]
    order = np.argsort(v, kind="stable")
    cumulative = np.cumsum(w[order])
    return float(v[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)])


def gap_analysis(
    points: pd.DataFrame,
    assets: pd.DataFrame,
    population: pd.Series,
    *,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Distance to the nearest asset and assets per 1,000, per area and category.

    Parameters
    ----------
    points : DataFrame
        ``area_code``, ``x``, ``y`` and optionally ``weight`` (default 1):
        residents' postcodes, or population-weighted centroids weighted by
        population.
    assets : DataFrame
        ``category``, ``x``, ``y`` and optionally ``asset_area`` (the area
        each asset lies in; without it ``assets_in_area`` is 0).
    population : Series
        Residents per area code.
    categories : sequence of str, optional
        Categories to report (default: those of ``assets``). A category
        without assets gets infinite distances.

    Returns
    -------
    DataFrame
        One row per (area, category): ``area_code``, ``category``,
        ``mean_distance_m`` and ``median_distance_m`` (weighted over the
        area's points), ``share_within_1km``, ``share_within_2km``,
        ``assets_in_area``, ``population`` and ``assets_per_1000``.

    Examples
    --------
    >>> points = pd.DataFrame({"area_code": ["A", "A", "B"], "x": [0.0, 0.0, 3000.0],
    ...                        "y": [0.0, 2000.0, 0.0]})
    >>> assets = pd.DataFrame({"category": ["library"], "x": [0.0], "y": [0.0],
    ...                        "asset_area": ["A"]})
    >>> out = gap_analysis(points, assets, pd.Series({"A": 2000.0, "B": 500.0}))
    >>> out[["area_code", "mean_distance_m", "assets_per_1000"]].values.tolist()
    [['A', 1000.0, 0.5], ['B', 3000.0, 0.0]]
    """
    wanted = (
        list(categories) if categories is not None else sorted(set(assets["category"]))
    )
    xy = points[["x", "y"]].to_numpy(dtype=float)
    weights = (
        points["weight"].to_numpy(dtype=float)
        if "weight" in points.columns
        else np.ones(len(points))
    )
    codes = points["area_code"].astype(str).to_numpy()
    areas = sorted(set(codes) | {str(c) for c in population.index})
    nearest = nearest_by_category(
        xy,
        assets[["x", "y"]].to_numpy(dtype=float).reshape(-1, 2),
        assets["category"].astype(str).to_numpy(),
    )
    counts = (
        assets.groupby(["asset_area", "category"]).size()
        if "asset_area" in assets.columns and len(assets)
        else pd.Series(dtype=float)
    )
    rows = []
    for category in wanted:
        found = nearest.get(category)
        distance = (
            found.distance_m if found is not None else np.full(len(points), np.inf)
        )
        frame = pd.DataFrame({"area": codes, "d": distance, "w": weights})
        frame = frame[~np.isnan(frame["d"]) & (frame["w"] > 0)]
        for area, part in frame.groupby("area", sort=True):
            d = part["d"].to_numpy()
            w = part["w"].to_numpy()
            total = w.sum()
            finite = np.isfinite(d)
            mean = float((d * w).sum() / total) if finite.all() else float("inf")
            rows.append(
                {
                    "area_code": str(area),
                    "category": category,
                    "mean_distance_m": mean,
                    "median_distance_m": _weighted_median(d, w),
                    "share_within_1km": float(w[d <= 1000].sum() / total),
                    "share_within_2km": float(w[d <= 2000].sum() / total),
                }
            )
        have = {r["area_code"] for r in rows if r["category"] == category}
        for area in areas:
            if area not in have:
                rows.append(
                    {
                        "area_code": area,
                        "category": category,
                        "mean_distance_m": np.nan,
                        "median_distance_m": np.nan,
                        "share_within_1km": np.nan,
                        "share_within_2km": np.nan,
                    }
                )
    out = pd.DataFrame(
        rows,
        columns=[
            "area_code",
            "category",
            "mean_distance_m",
            "median_distance_m",
            "share_within_1km",
            "share_within_2km",
        ],
    )
    out["assets_in_area"] = [
        float(counts.get((a, c), 0)) if len(counts) else 0.0
        for a, c in zip(out["area_code"], out["category"], strict=True)
    ]
    out["population"] = out["area_code"].map(population).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["assets_per_1000"] = np.where(
            out["population"] > 0,
            out["assets_in_area"] / out["population"] * 1000.0,
            np.nan,
        )
    return out.sort_values(["category", "area_code"], kind="stable").reset_index(
        drop=True
    )


def summarise(
    gap: pd.DataFrame, population: pd.Series, by: pd.Series | None = None
) -> pd.DataFrame:
    """Roll a gap table up to parents (e.g. LSOAs to their authority).

    Mean distances are weighted by population; assets per 1,000 come from
    the summed counts and populations.

    Parameters
    ----------
    gap : DataFrame
        From :func:`gap_analysis`.
    population : Series
        Residents per area.
    by : Series, optional
        Area code to parent code; default: one parent, ``"all"``.

    Returns
    -------
    DataFrame
        Indexed by (parent, category): ``mean_distance_m``,
        ``share_within_1km``, ``share_within_2km``, ``assets_in_area``,
        ``population``, ``assets_per_1000``.
    """
    frame = gap.copy()
    frame["parent"] = frame["area_code"].map(by) if by is not None else "all"
    frame = frame.dropna(subset=["parent"])
    frame["w"] = frame["area_code"].map(population).fillna(0.0).astype(float)
    rows = []
    for (parent, category), part in frame.groupby(["parent", "category"], sort=True):
        ok = np.isfinite(part["mean_distance_m"]) & (part["w"] > 0)
        w = part.loc[ok, "w"]
        people = float(part.drop_duplicates("area_code")["w"].sum())
        count = float(part["assets_in_area"].sum())

        def weighted(
            column: str, w: pd.Series = w, ok: pd.Series = ok, part: pd.DataFrame = part
        ) -> float:
            return (
                float((part.loc[ok, column] * w).sum() / w.sum())
                if w.sum() > 0
                else float("nan")
            )

        rows.append(
            {
                "area_code": parent,
                "category": category,
                "mean_distance_m": weighted("mean_distance_m"),
                "share_within_1km": weighted("share_within_1km"),
                "share_within_2km": weighted("share_within_2km"),
                "assets_in_area": count,
                "population": people,
                "assets_per_1000": count / people * 1000.0
                if people > 0
                else float("nan"),
            }
        )
    return (
        pd.DataFrame(rows).set_index(["area_code", "category"])
        if rows
        else pd.DataFrame()
    )


QUADRANTS = (
    "high need, low assets",
    "high need, good assets",
    "lower need, low assets",
    "lower need, good assets",
)


def need_versus_assets(
    need: pd.Series,
    gap: pd.DataFrame,
    *,
    category: str | None = None,
    need_quantile: float = 0.2,
    asset_quantile: float = 0.2,
    higher_need_is_worse: bool = True,
) -> pd.DataFrame:
    """Set each area's need against its assets, and name its quadrant.

    "High need" is the most needy ``need_quantile`` of the areas given (so it
    works inside one authority); "low assets" is the lowest
    ``asset_quantile`` of assets per 1,000 residents (the figure the chart
    and table show), or no asset of the category anywhere near. With
    ``category`` None, assets per 1,000 are summed over categories and
    distances averaged (shown, not used for the grouping).

    Examples
    --------
    >>> gap = pd.DataFrame({"area_code": list("abcde"), "category": "x",
    ...     "assets_per_1000": [0.0, 2.0, 2.0, 2.0, 0.0],
    ...     "mean_distance_m": [900.0, 100.0, 100.0, 100.0, 900.0]})
    >>> need = pd.Series({"a": 50.0, "b": 40.0, "c": 10.0, "d": 5.0, "e": 1.0})
    >>> out = need_versus_assets(need, gap)
    >>> out.set_index("area_code")["quadrant"].to_dict()["a"]
    'high need, low assets'
    """
    part = gap if category is None else gap[gap["category"] == category]
    aggregations: dict[str, tuple[str, Any]] = {
        "assets_per_1000": ("assets_per_1000", lambda s: s.sum(min_count=1)),
        "mean_distance_m": ("mean_distance_m", "mean"),
    }
    if "assets_in_area" in part.columns:
        aggregations["assets_in_area"] = ("assets_in_area", "sum")
    grouped = part.groupby("area_code").agg(**aggregations)
    frame = pd.DataFrame({"need": need.astype(float)})
    frame = frame.join(grouped, how="left")
    frame.index.name = "area_code"
    oriented = frame["need"] if higher_need_is_worse else -frame["need"]
    n = int(oriented.notna().sum())
    if n:
        cut = max(1, int(np.ceil(n * need_quantile)))
        top = oriented.rank(ascending=False, method="first") <= cut
    else:
        top = pd.Series(False, index=frame.index)
    frame["need_high"] = top.fillna(False).astype(bool)
    per = frame["assets_per_1000"]
    low = pd.Series(False, index=frame.index)
    if per.notna().any():
        # The lowest fifth by assets per 1,000: the group and the figures
        # shown beside it always agree.
        low |= (per <= per.quantile(asset_quantile)).fillna(False)
    if "assets_in_area" in frame.columns:
        # Without residents' numbers there is no rate: no asset at all is low.
        low |= per.isna() & (frame["assets_in_area"].fillna(0) == 0)
    low |= frame["mean_distance_m"] == np.inf
    frame["assets_low"] = low.fillna(False).astype(bool)
    frame["quadrant"] = np.select(
        [
            frame["need_high"] & frame["assets_low"],
            frame["need_high"],
            frame["assets_low"],
        ],
        list(QUADRANTS[:3]),
        default=QUADRANTS[3],
    )
    frame["order"] = frame["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)})
    frame = frame.assign(_need=oriented).sort_values(
        ["order", "_need"], ascending=[True, False]
    )
    return frame.drop(columns=["order", "_need"]).reset_index()
