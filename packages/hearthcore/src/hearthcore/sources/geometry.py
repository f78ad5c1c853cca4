"""Boundaries: read, reproject, validate; place points in areas; adjacency."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from .catalogue import DatasetKind, _vector_path
from .errors import DataImportError, Problem

# British National Grid eastings/northings are in metres, far outside the
# range of longitudes and latitudes; a file without a declared CRS whose
# coordinates look like this is taken to be EPSG:27700.
_BNG_BOUNDS = (-100_000, -100_000, 800_000, 1_400_000)


@dataclass(frozen=True)
class Boundaries:
    """Areas' codes, names and WGS84 geometries, in file order."""

    codes: list[str]
    names: list[str] | None
    geometries: np.ndarray
    crs_read: str
    repaired: int

    @property
    def bounds(self) -> np.ndarray:
        """Return each geometry's (min lon, min lat, max lon, max lat).

        Returns
        -------
        ndarray
            Shape (n, 4).
        """
        return np.asarray(shapely.bounds(self.geometries))

    def geojson(self, precision: int = 5) -> list[str]:
        """Return each geometry as GeoJSON text with rounded coordinates.

        Parameters
        ----------
        precision : int
            Decimal places (5 is about a metre).

        Returns
        -------
        list of str
            One GeoJSON geometry per area.
        """
        rounded = shapely.transform(self.geometries, lambda c: np.round(c, precision))
        return [str(g) for g in shapely.to_geojson(rounded)]


def _crs_of(meta: dict[str, object], coords_sample: np.ndarray, name: str) -> str:
    crs = str(meta.get("crs") or "")
    lonlat = coords_sample.size == 0 or (
        coords_sample[:, 0].min() >= -180
        and coords_sample[:, 0].max() <= 180
        and coords_sample[:, 1].min() >= -90
        and coords_sample[:, 1].max() <= 90
    )
    # GDAL reports WGS84 for every GeoJSON without a "crs" member (RFC 7946),
    # so a declared WGS84 with coordinates in metres is checked below.
    if crs and not (crs == "EPSG:4326" and not lonlat):
        return crs
    if coords_sample.size:
        minx, miny = coords_sample.min(axis=0)
        maxx, maxy = coords_sample.max(axis=0)
        if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
            return "EPSG:4326"
        if (
            minx >= _BNG_BOUNDS[0]
            and miny >= _BNG_BOUNDS[1]
            and maxx <= _BNG_BOUNDS[2]
            and maxy <= _BNG_BOUNDS[3]
        ):
            return "EPSG:27700"
    raise DataImportError.single(
        name,
        "declares no coordinate reference system and its coordinates are neither longitude/latitude nor British National Grid.",
    )


def read_boundaries(
    path: Path | str, kind: DatasetKind, *, repair: bool = False
) -> Boundaries:
    """Read boundaries from GeoJSON, GeoPackage or a zipped Shapefile.

    Coordinates in British National Grid (EPSG:27700) are reprojected to
    WGS84; any other coordinate system is refused. Invalid geometries are
    reported by feature number and code, or repaired with
    ``shapely.make_valid`` when ``repair`` is true.

    Parameters
    ----------
    path : Path or str
        The file (``.geojson``, ``.geojson.gz``, ``.gpkg`` or ``.zip``).
    kind : DatasetKind
        A kind with role ``boundaries``.
    repair : bool
        Repair invalid geometries instead of refusing the file.

    Returns
    -------
    Boundaries
        Codes, names and WGS84 geometries.

    Raises
    ------
    DataImportError
        On missing columns, bad or duplicated codes, empty or invalid
        geometries, or an unexpected coordinate system.
    """
    path = Path(path)
    try:
        from pyogrio import raw  # only when reading files

        meta, _fids, wkb, field_data = raw.read(_vector_path(path))
    except Exception as error:  # noqa: BLE001 - GDAL raises many kinds of error
        raise DataImportError.single(
            path.name, f"cannot be read as a vector file: {error}"
        ) from None
    fields = [str(f) for f in meta["fields"]]
    missing = [c for c in (kind.code_column, kind.name_column) if c and c not in fields]
    if missing:
        raise DataImportError(
            [
                Problem(path.name, "required property is missing", None, c)
                for c in missing
            ]
        )
    if len(wkb) == 0:
        raise DataImportError.single(path.name, "has no features.")
    codes = [str(c).strip() for c in field_data[fields.index(kind.code_column)]]
    names = (
        [str(n) for n in field_data[fields.index(kind.name_column)]]
        if kind.name_column
        else None
    )
    problems: list[Problem] = []
    import re

    pattern = re.compile(kind.code_pattern)
    seen: dict[str, int] = {}
    parts: list[int] = []
    for i, code in enumerate(codes):
        if not pattern.match(code):
            problems.append(
                Problem(
                    path.name,
                    f"feature {i + 1}: '{code}' is not a valid area code",
                    None,
                    kind.code_column,
                )
            )
        elif code in seen:
            first = seen[code] - 1
            # Some published files split one area over two features with the
            # same code and name; those are parts of one area. A repeated
            # code with another name is an error.
            if names is not None and names[first] == names[i]:
                parts.append(i)
            else:
                problems.append(
                    Problem(
                        path.name,
                        f"feature {i + 1}: {code} appears again (first at feature {seen[code]})",
                        None,
                        kind.code_column,
                    )
                )
        else:
            seen[code] = i + 1
    geoms = shapely.from_wkb(wkb)
    if parts and not problems:
        for i in parts:
            first = seen[codes[i]] - 1
            geoms[first] = shapely.union(geoms[first], geoms[i])
        keep = np.setdiff1d(np.arange(len(codes)), parts)
        geoms = geoms[keep]
        codes = [codes[i] for i in keep]
        names = [names[i] for i in keep] if names is not None else None
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    for i in np.flatnonzero(empty)[:10]:
        problems.append(
            Problem(path.name, f"feature {i + 1} ({codes[i]}) has no geometry")
        )
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    sample = shapely.get_coordinates(geoms[: min(len(geoms), 50)])
    crs = _crs_of(meta, sample, path.name)
    if crs in ("EPSG:27700", "OSGB36 / British National Grid"):
        from pyproj import Transformer

        transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        geoms = shapely.transform(
            geoms, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1]))
        )
    elif crs not in ("EPSG:4326", "OGC:CRS84", "WGS 84"):
        raise DataImportError.single(
            path.name,
            f"uses the coordinate system {crs}; Hearth accepts WGS84 (EPSG:4326) or British National Grid (EPSG:27700).",
        )
    valid = shapely.is_valid(geoms)
    repaired = 0
    if not valid.all():
        if not repair:
            bad = np.flatnonzero(~valid)
            shown = [
                Problem(
                    path.name,
                    f"feature {i + 1} ({codes[i]}) has an invalid geometry: {shapely.is_valid_reason(geoms[i])}",
                )
                for i in bad[:10]
            ]
            shown.append(
                Problem(
                    path.name,
                    "import again with --repair-geometries to repair them with make_valid",
                )
            )
            raise DataImportError(shown, total=len(bad) + 1)
        fixed = shapely.make_valid(geoms[~valid])
        # make_valid can return a collection with stray lines; keep the polygons.
        geoms[~valid] = [_polygonal(g) for g in fixed]
        repaired = int((~valid).sum())
    return Boundaries(codes, names, geoms, crs, repaired)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    if isinstance(geom, shapely.GeometryCollection):
        parts = [
            g
            for g in geom.geoms
            if isinstance(g, (shapely.Polygon, shapely.MultiPolygon))
        ]
        return shapely.union_all(parts) if parts else geom
    return geom


@dataclass(frozen=True)
class Placement:
    """Which area each point is in; ``nearest`` marks points placed by distance."""

    codes: np.ndarray
    nearest: np.ndarray


def assign_points_to_areas(
    lon: np.ndarray,
    lat: np.ndarray,
    geometries: np.ndarray,
    codes: Sequence[str],
    *,
    max_distance: float = 0.005,
) -> Placement:
    """Place points in areas (point in polygon), in bulk.

    Points inside no polygon but within ``max_distance`` degrees (about
    500 m) of one, typically on a coastline that generalised boundaries cut
    off, take the nearest area and are flagged. Others get ``None``.

    Parameters
    ----------
    lon, lat : ndarray
        WGS84 coordinates; NaN for points without a location.
    geometries : ndarray of shapely geometries
        The areas.
    codes : sequence of str
        The areas' codes, in the same order.
    max_distance : float
        How far outside every area a point may be, in degrees.

    Returns
    -------
    Placement
        Area code per point (object array with None) and the nearest flags.

    Examples
    --------
    >>> import shapely, numpy as np
    >>> squares = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)])
    >>> placed = assign_points_to_areas(np.array([0.5, 1.5, 2.001, 9.0]),
    ...                                 np.array([0.5, 0.5, 0.5, 9.0]), squares, ["A", "B"])
    >>> placed.codes.tolist(), placed.nearest.tolist()
    (['A', 'B', 'B', None], [False, False, True, False])
    """
    n = len(lon)
    out = np.full(n, None, dtype=object)
    nearest = np.zeros(n, dtype=bool)
    located = ~(np.isnan(lon) | np.isnan(lat))
    index = np.flatnonzero(located)
    if index.size == 0:
        return Placement(out, nearest)
    tree = shapely.STRtree(geometries)
    code_array = np.asarray(codes, dtype=object)
    # Query in chunks to bound memory on 2.7 million points.
    for start in range(0, index.size, 500_000):
        chunk = index[start : start + 500_000]
        points = shapely.points(lon[chunk], lat[chunk])
        point_i, area_i = tree.query(points, predicate="intersects")
        # A point on a shared edge intersects two areas: keep the first.
        first = np.unique(point_i, return_index=True)[1]
        out[chunk[point_i[first]]] = code_array[area_i[first]]
        missing = np.flatnonzero(out[chunk] == None)  # noqa: E711 - elementwise on an object array
        if missing.size:
            point_j, area_j = tree.query_nearest(
                points[missing], max_distance=max_distance, all_matches=False
            )
            out[chunk[missing[point_j]]] = code_array[area_j]
            nearest[chunk[missing[point_j]]] = True
    return Placement(out, nearest)


def adjacency(
    geometries: np.ndarray, codes: Sequence[str], *, tolerance: float = 1e-4
) -> dict[str, set[str]]:
    """Return which areas share a boundary with which.

    Generalised boundaries leave slivers and gaps between neighbours, so
    areas closer than ``tolerance`` degrees (about 10 m) count as touching.

    Parameters
    ----------
    geometries : ndarray of shapely geometries
        The areas.
    codes : sequence of str
        Their codes.
    tolerance : float
        The largest gap that still counts as a shared boundary.

    Returns
    -------
    dict of str to set of str
        Each code's neighbours.

    Examples
    --------
    >>> import shapely, numpy as np
    >>> boxes = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(5, 5, 6, 6)])
    >>> adjacency(boxes, ["A", "B", "C"])
    {'A': {'B'}, 'B': {'A'}, 'C': set()}
    """
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="dwithin", distance=tolerance)
    result: dict[str, set[str]] = {code: set() for code in codes}
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i != j:
            result[codes[i]].add(codes[j])
    return result
