"""Put asset points in LSOAs and authorities; find points for postcodes."""

from __future__ import annotations

import numpy as np
import shapely

from hearth.areas.models import Area, Geography, Postcode
from hearthcore.sources.geometry import assign_points_to_areas
from hearthcore.sources.tabular import normalise_postcode


def geocode(postcodes: list[str]) -> dict[str, tuple[float, float, str]]:
    """Postcode (any spacing) -> (lon, lat, lsoa21) for those Hearth knows."""
    wanted = sorted({normalise_postcode(p) for p in postcodes if p})
    found: dict[str, tuple[float, float, str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for code, lon, lat, lsoa in Postcode.objects.filter(
            postcode__in=chunk, lon__isnull=False
        ).values_list("postcode", "lon", "lat", "lsoa21"):
            if lon is not None and lat is not None:
                found[code] = (lon, lat, lsoa)
    return found


def lsoa_for_points(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The LSOA 2021 each point lies in (None outside England and Wales).

    Candidate areas come from their bounding boxes, so only the boundaries
    near the points are read and parsed.
    """
    out = np.full(len(lon), None, dtype=object)
    located = ~(np.isnan(lon) | np.isnan(lat))
    if not located.any():
        return out
    boxes = list(
        Area.objects.filter(
            geography=Geography.LSOA21,
            # Only areas near the points (with a margin of about 1 km).
            min_lon__lte=float(np.nanmax(lon[located])) + 0.01,
            max_lon__gte=float(np.nanmin(lon[located])) - 0.01,
            min_lat__lte=float(np.nanmax(lat[located])) + 0.01,
            max_lat__gte=float(np.nanmin(lat[located])) - 0.01,
        ).values_list("code", "min_lon", "min_lat", "max_lon", "max_lat")
    )
    if not boxes:
        return out
    codes = np.array([b[0] for b in boxes], dtype=object)
    tree = shapely.STRtree(
        shapely.box(*np.array([b[1:] for b in boxes], dtype=float).T)
    )
    points = shapely.points(lon[located], lat[located])
    _p, area_i = tree.query(points, predicate="intersects")
    # Boxes within ~500 m too, for points just outside generalised coastlines.
    _q, near_i = tree.query(shapely.buffer(points, 0.005), predicate="intersects")
    wanted = sorted(set(codes[np.union1d(area_i, near_i)]))
    geometries, names = [], []
    for start in range(0, len(wanted), 900):
        for code, text in Area.objects.filter(
            geography=Geography.LSOA21, code__in=wanted[start : start + 900]
        ).values_list("code", "geometry"):
            if text:
                geometries.append(shapely.from_geojson(text))
                names.append(code)
    if not geometries:
        return out
    placed = assign_points_to_areas(
        lon[located], lat[located], np.array(geometries, dtype=object), names
    )
    out[located] = placed.codes
    return out


def lad_of(lsoa_codes: list[str]) -> dict[str, str]:
    wanted = sorted({c for c in lsoa_codes if c})
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 900):
        out.update(
            Area.objects.filter(
                geography=Geography.LSOA21, code__in=wanted[start : start + 900]
            ).values_list("code", "lad__code")
        )
    return out
