"""Write tables with geometry to files that open in QGIS and Excel."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyogrio import raw


def write_geopackage(
    path: str | Path,
    frame: pd.DataFrame,
    geojson_geometries: Sequence[str | None],
    *,
    layer: str = "areas",
    metadata: dict[str, str] | None = None,
) -> Path:
    """Write a table and its GeoJSON geometries to a GeoPackage in WGS84.

    Parameters
    ----------
    path : str or Path
        The file to create (overwritten if it exists).
    frame : DataFrame
        One row per feature; numeric columns stay numeric, others become text.
    geojson_geometries : sequence of str or None
        Each row's geometry as GeoJSON text, in the same order as ``frame``.
    layer : str
        The layer name QGIS shows. Points stay points; polygons are written
        as multipolygons.
    metadata : dict, optional
        Layer metadata (for example the data's attribution).

    Returns
    -------
    Path
        The path written.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> square = '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}'
    >>> out = write_geopackage(
    ...     tempfile.mkdtemp() + "/a.gpkg", pd.DataFrame({"code": ["A"]}), [square]
    ... )
    >>> out.suffix
    '.gpkg'
    """
    if len(frame) != len(geojson_geometries):
        raise ValueError("frame and geometries must have the same length")
    target = Path(path)
    if target.exists():
        target.unlink()
    geoms = [shapely.from_geojson(g) if g else None for g in geojson_geometries]
    points = bool(geoms) and all(
        isinstance(g, shapely.Point) for g in geoms if g is not None
    )
    multi = [
        shapely.MultiPolygon([g]) if isinstance(g, shapely.Polygon) else g
        for g in geoms
    ]
    wkb = np.array(
        [shapely.to_wkb(g) if g is not None else None for g in multi], dtype=object
    )
    fields: list[str] = []
    data: list[np.ndarray] = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_numeric_dtype(series):
            data.append(series.to_numpy(dtype="float64"))
        else:
            data.append(series.astype("string").fillna("").to_numpy(dtype=object))
        fields.append(str(name))
    raw.write(
        str(target),
        geometry=wkb,
        field_data=data,
        fields=fields,
        layer=layer,
        driver="GPKG",
        geometry_type="Point" if points else "MultiPolygon",
        crs="EPSG:4326",
        layer_metadata=metadata,
    )
    return target


def feature_collection_to_frame(text: str) -> pd.DataFrame:
    """Read a FeatureCollection's properties into a frame (for tests and checks).

    Parameters
    ----------
    text : str
        GeoJSON FeatureCollection.

    Returns
    -------
    DataFrame
        One row per feature, one column per property.

    Examples
    --------
    >>> text = '{"features": [{"properties": {"a": 1}}]}'
    >>> feature_collection_to_frame(text)["a"].tolist()
    [1]
    """
    features = json.loads(text)["features"]
    return pd.DataFrame([f["properties"] for f in features])
