"""Export the register as CSV (opens in Excel), GeoJSON or GeoPackage (QGIS)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from hearth.core.exports import frame_csv
from hearthcore.export import write_geopackage

from .models import Asset

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
}
COLUMNS = [
    "id",
    "name",
    "description",
    "category",
    "asset_type",
    "five_ways",
    "cost",
    "accessibility",
    "opening_hours",
    "opening_hours_text",
    "address",
    "postcode",
    "lat",
    "lon",
    "approximate_location",
    "lsoa21",
    "lad_code",
    "phone",
    "email",
    "url",
    "organisation_name",
    "status",
    "last_verified",
    "review_due",
    "source",
    "source_id",
]


class ExportError(ValueError):
    pass


def frame(*, lad_code: str = "", everything: bool = False) -> pd.DataFrame:
    """One row per asset. The public export has published, unexpired records,
    with sensitive ones at their approximate location and without address."""
    rows = Asset.objects.all() if everything else Asset.objects.public()
    if lad_code:
        rows = rows.filter(lad_code=lad_code)
    records: list[dict[str, Any]] = []
    for a in rows.defer("photo").order_by("pk").iterator(chunk_size=2000):
        point = (a.lon, a.lat) if everything else a.public_point()
        hide = a.sensitive and not everything
        records.append(
            {
                "id": a.pk,
                "name": a.name,
                "description": "" if hide else a.description,
                "category": a.category,
                "asset_type": a.asset_type,
                "five_ways": ";".join(a.five_ways or []),
                "cost": a.cost,
                "accessibility": ";".join(a.accessibility or []),
                "opening_hours": a.opening_hours,
                "opening_hours_text": a.opening_hours_text,
                "address": "" if hide else a.address,
                "postcode": a.postcode[:-3].strip() if hide else a.postcode,
                "lat": point[1] if point and point[1] is not None else None,
                "lon": point[0] if point and point[0] is not None else None,
                "approximate_location": hide,
                # Nothing finer than the promised ~1 km: no LSOA, no contact.
                "lsoa21": "" if hide else a.lsoa21,
                "lad_code": a.lad_code,
                "phone": "" if hide else a.phone,
                "email": "" if hide else a.email,
                "url": "" if hide else a.url,
                "organisation_name": a.organisation_name,
                "status": a.status,
                "last_verified": a.last_verified.isoformat() if a.last_verified else "",
                "review_due": a.review_due.isoformat() if a.review_due else "",
                "source": a.source,
                "source_id": a.source_id,
            }
        )
    return pd.DataFrame(records, columns=COLUMNS)


def export(
    fmt: str, *, lad_code: str = "", everything: bool = False
) -> tuple[bytes, str, str]:
    """Return (bytes, content type, file name)."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format '{fmt}': choose csv, geojson or gpkg")
    table = frame(lad_code=lad_code, everything=everything)
    content_type, ext = FORMATS[fmt]
    name = f"hearth-assets{'-' + lad_code if lad_code else ''}.{ext}"
    if fmt == "csv":
        # Through the safe writer: a resident's "=HYPERLINK(…)" stays text.
        return frame_csv(table).encode("utf-8"), content_type, name
    located = table.dropna(subset=["lat", "lon"])
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {
                    k: (None if pd.isna(v) else v)
                    for k, v in row.items()
                    if k not in {"lat", "lon"}
                },
            }
            for row in located.to_dict("records")
        ]
        body = {"type": "FeatureCollection", "features": features}
        return json.dumps(body, default=str).encode(), content_type, name
    geometries = [
        json.dumps({"type": "Point", "coordinates": [lon, lat]})
        for lon, lat in zip(located["lon"], located["lat"], strict=True)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write_geopackage(
            path,
            located.drop(columns=["lat", "lon"]).reset_index(drop=True),
            geometries,
            layer="assets",
            metadata={"attribution": "Hearth asset register; see each asset's source"},
        )
        return path.read_bytes(), content_type, name
