"""Read OpenStreetMap extracts (GeoJSON, or ``.osm.pbf`` through GDAL).

GeoJSON as written by overpass-turbo / osmtogeojson (tags under
``properties.tags`` or flat, ids like ``node/123`` or ``@id``) or by
``ogr2ogr`` from a PBF (flat tags plus an ``other_tags`` hstore string) is
accepted. Each feature is given the first category of :data:`TAG_CATEGORIES`
that its tags match; features matching none are skipped with the reason.

This module also holds the JSON and GeoJSON helpers the other readers use.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from ..sources.errors import DataImportError, Problem
from ..sources.tabular import read_text
from .schema import Collector, ReadResult, accessibility_from_text, make_record

TITLE = "OpenStreetMap"
LICENCE = (
    "© OpenStreetMap contributors, available under the Open Database Licence (ODbL)"
)

#: Ordered (key, value or "*", category); the first match wins.
TAG_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("emergency", "defibrillator", "defibrillator"),
    ("social_facility", "food_bank", "food-bank"),
    ("amenity", "food_bank", "food-bank"),
    ("social_facility:for", "youth", "youth-club"),
    ("social_facility:for", "child", "childrens-centre"),
    ("social_facility", "nursing_home", "care-home"),
    ("social_facility", "assisted_living", "care-home"),
    ("amenity", "nursing_home", "care-home"),
    ("amenity", "community_centre", "community-centre"),
    ("amenity", "social_centre", "community-centre"),
    ("amenity", "library", "library"),
    ("amenity", "place_of_worship", "place-of-worship"),
    ("amenity", "school", "school"),
    ("amenity", "college", "school"),
    ("amenity", "kindergarten", "childrens-centre"),
    ("amenity", "doctors", "gp-practice"),
    ("healthcare", "doctor", "gp-practice"),
    ("amenity", "pharmacy", "pharmacy"),
    ("healthcare", "pharmacy", "pharmacy"),
    ("amenity", "dentist", "dentist"),
    ("healthcare", "dentist", "dentist"),
    ("amenity", "post_office", "post-office"),
    ("amenity", "townhall", "council-building"),
    ("office", "government", "council-building"),
    ("amenity", "arts_centre", "arts-venue"),
    ("amenity", "theatre", "arts-venue"),
    ("tourism", "museum", "arts-venue"),
    ("tourism", "gallery", "arts-venue"),
    ("leisure", "park", "park"),
    ("leisure", "nature_reserve", "park"),
    ("leisure", "garden", "park"),
    ("leisure", "playground", "playground"),
    ("leisure", "sports_centre", "sports-facility"),
    ("leisure", "pitch", "sports-facility"),
    ("leisure", "fitness_centre", "sports-facility"),
    ("leisure", "swimming_pool", "sports-facility"),
    ("leisure", "sports_hall", "sports-facility"),
    ("leisure", "stadium", "sports-facility"),
    ("amenity", "social_facility", "support-service"),
    ("office", "charity", "support-service"),
    ("amenity", "youth_centre", "youth-club"),
    ("office", "employment_agency", "jobcentre"),
)


def category_of(tags: dict[str, str]) -> str | None:
    """Return the first category whose tag rule matches, or None.

    Parameters
    ----------
    tags : dict of str to str
        OSM tags.

    Returns
    -------
    str or None
        A key of :data:`~hearthcore.assets.schema.CATEGORIES`.

    Examples
    --------
    >>> category_of({"amenity": "social_facility", "social_facility:for": "youth"})
    'youth-club'
    >>> category_of({"shop": "bakery"}) is None
    True
    """
    for key, value, category in TAG_CATEGORIES:
        have = tags.get(key)
        if have is not None and (value in ("*", have) or value in have.split(";")):
            return category
    return None


def load_json(path: Path) -> Any:
    """Read a (possibly gzipped) JSON file, reporting syntax errors by line.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    Any
        The decoded JSON.

    Raises
    ------
    DataImportError
        If the file is empty, truncated or not JSON.
    """
    text, _ = read_text(path)
    if not text.strip():
        raise DataImportError.single(path.name, "is empty.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataImportError(
            [
                Problem(
                    path.name,
                    f"is not valid JSON: {error.msg} (column {error.colno})",
                    error.lineno,
                )
            ]
        ) from None


_BNG_BOUNDS = (-100_000.0, -100_000.0, 800_000.0, 1_400_000.0)


def _first_xy(geometry: Any) -> tuple[float, float] | None:
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if isinstance(coords, list) and len(coords) >= 2:
        try:
            return float(coords[0]), float(coords[1])
        except (TypeError, ValueError):
            return None
    return None


def _crs(data: dict[str, Any], features: list[Any], name: str) -> str:
    declared = str(((data.get("crs") or {}).get("properties") or {}).get("name") or "")
    if "27700" in declared:
        return "EPSG:27700"
    sample = [
        xy
        for xy in (
            _first_xy(f.get("geometry")) for f in features if isinstance(f, dict)
        )
        if xy is not None
    ]
    if not sample:
        return "EPSG:4326"
    xs = np.array([x for x, _ in sample])
    ys = np.array([y for _, y in sample])
    if xs.min() >= -180 and xs.max() <= 180 and ys.min() >= -90 and ys.max() <= 90:
        return "EPSG:4326"
    if (
        xs.min() >= _BNG_BOUNDS[0]
        and ys.min() >= _BNG_BOUNDS[1]
        and xs.max() <= _BNG_BOUNDS[2]
        and ys.max() <= _BNG_BOUNDS[3]
    ):
        return "EPSG:27700"
    raise DataImportError.single(
        name,
        "has coordinates that are neither longitude/latitude nor British National Grid (EPSG:27700).",
    )


def geojson_features(
    path: Path, data: Any, out: Collector
) -> list[tuple[int, dict[str, Any], float | None, float | None, str]]:
    """List a FeatureCollection's features with a WGS84 point for each.

    Points are used as they are; lines and polygons give a representative
    point (always inside a polygon). British National Grid coordinates
    (declared, or detected from their range) are reprojected.

    Parameters
    ----------
    path : Path
        The file (for messages).
    data : Any
        The decoded JSON.
    out : Collector
        Receives problems (bad geometries) with the feature number.

    Returns
    -------
    list of tuple
        ``(feature number from 1, properties, lat, lon, feature id)``;
        lat/lon are None for features without geometry.

    Raises
    ------
    DataImportError
        If the JSON is not a FeatureCollection.
    """
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise DataImportError.single(
            path.name, "is not a GeoJSON FeatureCollection (no 'features' list)."
        )
    features: list[Any] = data["features"]
    crs = _crs(data, features, path.name)
    rows: list[tuple[int, dict[str, Any], float | None, float | None, str]] = []
    xs: list[float] = []
    ys: list[float] = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            out.problem("is not a GeoJSON feature", number)
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            out.problem("has 'properties' that are not an object", number)
            continue
        geometry = feature.get("geometry")
        fid = str(feature.get("id") or "")
        x = y = float("nan")
        if geometry:
            try:
                if geometry.get("type") == "Point":
                    x, y = (float(v) for v in geometry["coordinates"][:2])
                else:
                    point = shape(geometry).representative_point()
                    x, y = point.x, point.y
            except (
                KeyError,
                TypeError,
                ValueError,
                AttributeError,
                IndexError,
                shapely.errors.ShapelyError,
            ) as error:
                out.problem(
                    f"has an unreadable geometry ({type(error).__name__}: {error})",
                    number,
                    "geometry",
                )
                continue
        xs.append(x)
        ys.append(y)
        rows.append((number, props, None, None, fid))
    lon = np.array(xs, dtype=float)
    lat = np.array(ys, dtype=float)
    if crs == "EPSG:27700" and len(lon):
        transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        lon, lat = transformer.transform(lon, lat)
    elif crs not in ("EPSG:4326", "EPSG:27700") and "CRS84" not in crs:
        raise DataImportError.single(
            path.name,
            f"uses the coordinate system {crs}; Hearth accepts WGS84 or British National Grid.",
        )
    result: list[tuple[int, dict[str, Any], float | None, float | None, str]] = []
    for (number, props, _, _, fid), la, lo in zip(rows, lat, lon, strict=True):
        if np.isfinite(la) and np.isfinite(lo):
            if abs(la) > 90 or abs(lo) > 180:
                out.problem(
                    f"coordinates out of range: {lo:g}, {la:g}", number, "geometry"
                )
                continue
            result.append((number, props, float(la), float(lo), fid))
        else:
            result.append((number, props, None, None, fid))
    return result


def _tags(props: dict[str, Any]) -> dict[str, str]:
    raw = props.get("tags")
    tags: dict[str, str] = {}
    source = raw if isinstance(raw, dict) else props
    for key, value in source.items():
        if value is None or isinstance(value, dict | list):
            continue
        tags[str(key)] = str(value)
    other = tags.pop("other_tags", "")
    if other:
        for key, value in re.findall(
            r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"', other
        ):
            tags.setdefault(key, value.replace('\\"', '"'))
    return tags


def _osm_id(props: dict[str, Any], fid: str, number: int) -> str:
    for candidate in (props.get("@id"), props.get("id"), fid):
        if candidate and "/" in str(candidate):
            return str(candidate)
    for key, kind in (("osm_id", "node"), ("osm_way_id", "way")):
        value = props.get(key)
        if value:
            return f"{kind}/{value}"
    return fid or str(props.get("id") or f"feature-{number}")


def record_from_tags(
    source: str,
    tags: dict[str, str],
    lat: float | None,
    lon: float | None,
    osm_id: str,
    line: int,
    out: Collector,
) -> None:
    """Turn one OSM object's tags into a record (or a skipped row).

    Parameters
    ----------
    source : str
        Source key.
    tags : dict of str to str
        The object's tags.
    lat, lon : float or None
        Its (representative) point.
    osm_id : str
        For example ``node/123``.
    line : int
        Feature number.
    out : Collector
        Receives the record or the reason it was skipped.
    """
    category = category_of(tags)
    if category is None:
        main = next(
            (
                f"{k}={tags[k]}"
                for k in (
                    "amenity",
                    "leisure",
                    "shop",
                    "office",
                    "healthcare",
                    "tourism",
                )
                if k in tags
            ),
            "no amenity/leisure tag",
        )
        out.skip(
            f"{tags.get('name', osm_id)!r}: not a community asset category ({main})",
            line,
        )
        return
    if "disused:amenity" in tags or tags.get("access") == "private":
        out.skip(f"{tags.get('name', osm_id)!r}: disused or private", line)
        return
    access: list[str] = []
    if tags.get("wheelchair") == "yes":
        access.append("wheelchair")
    if tags.get("toilets:wheelchair") == "yes":
        access.append("accessible-toilet")
    if tags.get("hearing_loop") == "yes" or tags.get("induction_loop") == "yes":
        access.append("hearing-loop")
    access.extend(accessibility_from_text(tags.get("wheelchair:description", "")))
    fee = tags.get("fee", "").lower()
    cost = "free" if fee == "no" else "paid" if fee == "yes" else ""
    street = " ".join(
        filter(None, (tags.get("addr:housenumber"), tags.get("addr:street")))
    )
    address = ", ".join(
        filter(None, (tags.get("addr:housename"), street, tags.get("addr:city")))
    )
    name = tags.get("name", "")
    if not name and category in ("defibrillator", "playground", "park", "post-office"):
        name = {
            "defibrillator": "Defibrillator",
            "playground": "Playground",
            "park": "Park",
            "post-office": "Post Office",
        }[category]
    out.add(
        make_record(
            source=source,
            source_id=osm_id,
            name=name,
            category=category,
            lat=lat,
            lon=lon,
            postcode=tags.get("addr:postcode", ""),
            address=address,
            description=tags.get("description", ""),
            opening_hours=tags.get("opening_hours", ""),
            cost=cost,
            accessibility=tuple(access),
            phone=tags.get("phone") or tags.get("contact:phone", ""),
            email=tags.get("email") or tags.get("contact:email", ""),
            url=tags.get("website")
            or tags.get("contact:website")
            or tags.get("url", ""),
            organisation=tags.get("operator", ""),
            line=line,
        )
    )


def read_osm_geojson(path: Path | str, source: str = "osm-geojson") -> ReadResult:
    """Read an OSM GeoJSON extract, or an ``.osm.pbf`` when GDAL can.

    Parameters
    ----------
    path : Path or str
        A ``.geojson``/``.json`` file (optionally gzipped), or ``.osm.pbf`` /
        ``.osm`` XML read through GDAL's OSM driver (layers ``points`` and
        ``multipolygons``).
    source : str, optional
        The source key to give the records.

    Returns
    -------
    ReadResult
        Records for features that match :data:`TAG_CATEGORIES`.

    Raises
    ------
    DataImportError
        If the file is not GeoJSON, has bad geometries, or is a PBF that
        this installation's GDAL cannot read.
    """
    path = Path(path)
    out = Collector(path.name)
    if path.name.lower().endswith((".pbf", ".osm")):
        for number, tags, lat, lon, osm_id in _read_pbf(path):
            record_from_tags(source, tags, lat, lon, osm_id, number, out)
        return out.result(source, TITLE, LICENCE)
    data = load_json(path)
    for number, props, lat, lon, fid in geojson_features(path, data, out):
        record_from_tags(
            source, _tags(props), lat, lon, _osm_id(props, fid, number), number, out
        )
    return out.result(source, TITLE, LICENCE)


_CONVERT = (
    "convert it first with `ogr2ogr -f GeoJSON out.geojson in.osm.pbf points multipolygons` "
    "(or `osmium export in.osm.pbf -o out.geojson`)"
)


def _read_pbf(
    path: Path,
) -> list[tuple[int, dict[str, str], float | None, float | None, str]]:
    try:
        import pyogrio
        import pyogrio.raw
    except ImportError:  # pragma: no cover - pyogrio is a dependency
        raise DataImportError.single(
            path.name, f"is an OSM PBF and GDAL is not available; {_CONVERT}."
        ) from None
    if "OSM" not in pyogrio.list_drivers():
        raise DataImportError.single(
            path.name, f"is an OSM PBF and this GDAL has no OSM driver; {_CONVERT}."
        )
    rows: list[tuple[int, dict[str, str], float | None, float | None, str]] = []
    number = 0
    for layer, kind in (("points", "node"), ("multipolygons", "way")):
        try:
            meta, _, geometry, fields = pyogrio.raw.read(path, layer=layer)
        except Exception as error:  # noqa: BLE001 - GDAL raises many types
            raise DataImportError.single(
                path.name, f"cannot be read as OSM PBF ({error}); {_CONVERT}."
            ) from None
        names = list(meta["fields"])
        geoms = shapely.from_wkb(geometry)
        points = shapely.point_on_surface(geoms)
        xs = shapely.get_x(points)
        ys = shapely.get_y(points)
        for i in range(len(geoms)):
            number += 1
            props = {n: fields[j][i] for j, n in enumerate(names)}
            tags = _tags({k: v for k, v in props.items() if v is not None})
            osm_id = tags.pop("osm_id", "")
            way_id = tags.pop("osm_way_id", "")
            ident = (
                f"way/{way_id}"
                if way_id
                else f"{'relation' if kind == 'way' else kind}/{osm_id}"
            )
            if not (np.isfinite(xs[i]) and np.isfinite(ys[i])):
                rows.append((number, tags, None, None, ident))
            else:
                rows.append((number, tags, float(ys[i]), float(xs[i]), ident))
    return rows
