"""Assets on the tiny test England (see hearth.areas.tests.factories)."""

from __future__ import annotations

from typing import Any

from hearth.assets.models import Asset


def centre_of(i: int) -> tuple[float, float]:
    """The middle of test LSOA i's square."""
    return -2.595 + i * 0.01, 53.605


def make_asset(i: int = 0, **fields: Any) -> Asset:
    lon, lat = centre_of(i)
    values: dict[str, Any] = {
        "name": f"Asset {i}",
        "category": "community-centre",
        "asset_type": "physical",
        "lon": lon,
        "lat": lat,
        "lsoa21": f"E0100000{i}",
        "lad_code": "E07000118" if i < 4 else "E07000123",
        "status": Asset.Status.PUBLISHED,
    }
    values.update(fields)
    asset = Asset(**values)
    if asset.status == Asset.Status.PUBLISHED and "last_verified" not in fields:
        asset.mark_verified()
    asset.save()
    return asset


TEMPLATE_HEADER = (
    "name,description,category,asset_type,five_ways,postcode,lat,lon,address,"
    "opening_hours,cost,accessibility,phone,email,url,organisation,source_id"
)


def template_csv(*rows: str) -> str:
    return "\n".join([TEMPLATE_HEADER, *rows]) + "\n"
