"""Read the register fast: the public map's data per authority, cached until
any asset changes; filters applied in memory."""

from __future__ import annotations

import math
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from hearthcore.assets import CATEGORIES

from .models import Asset

VERSION_KEY = "hearth-assets-version"


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        value = 1
        cache.add(VERSION_KEY, value, None)
    return int(value)


def bump() -> None:
    """Call after any change to assets (signals do it for single saves)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


@receiver(post_save, sender=Asset)
@receiver(post_delete, sender=Asset)
def _changed(**_kwargs: Any) -> None:
    bump()


def category_label(category: str) -> str:
    return CATEGORIES.get(category, (category, ""))[0]


def public_record(asset: Asset) -> dict[str, Any]:
    """What the public may see of an asset.

    A sensitive asset (a refuge) promises an approximate location (about a
    kilometre), so nothing finer is published: no address, no full
    postcode, no LSOA, a rounded point.
    """
    point = asset.public_point()
    return {
        "id": asset.pk,
        "name": asset.name,
        "category": asset.category,
        "category_label": category_label(asset.category),
        "asset_type": asset.asset_type,
        "five_ways": list(asset.five_ways or []),
        "cost": asset.cost,
        "opening_hours": asset.opening_hours,
        "address": "" if asset.sensitive else asset.address,
        "postcode": asset.postcode[:-3].strip() if asset.sensitive else asset.postcode,
        "lon": point[0] if point else None,
        "lat": point[1] if point else None,
        "approximate": asset.sensitive,
        "lsoa21": "" if asset.sensitive else asset.lsoa21,
        "source": asset.source,
    }


@lru_cache(maxsize=64)
def _public(lad_code: str, version_: int, day: str) -> tuple[dict[str, Any], ...]:
    from .places import places_of

    rows = Asset.objects.public().defer("photo", "description")
    if lad_code:
        rows = rows.filter(lad_code=lad_code)
    assets = list(rows.order_by("name", "pk"))
    # A place listed by several sources is shown once, through its best
    # record, with the others as "also listed as".
    places = places_of({a.pk: a.source for a in assets})
    by_id = {a.pk: a for a in assets}
    others: dict[int, list[Asset]] = {}
    for asset in assets:
        best = places.get(asset.pk, asset.pk)
        if best != asset.pk:
            others.setdefault(best, []).append(asset)
    out = []
    for asset in assets:
        if places.get(asset.pk, asset.pk) != asset.pk:
            continue
        record = public_record(by_id[asset.pk])
        also = others.get(asset.pk, [])
        # DCMS names libraries by their town alone ("Chorley"): where the
        # best record's name is one word that another listing spells out
        # ("Chorley Library"), show the fuller name.
        if len(asset.name.split()) == 1:
            fuller = [o.name for o in also if asset.name.lower() in o.name.lower()]
            if fuller:
                record["name"] = max(fuller, key=len)
        record["also"] = tuple(
            {"id": o.pk, "name": o.name, "category_label": category_label(o.category)}
            for o in also
        )
        record["categories"] = tuple(
            dict.fromkeys([asset.category, *(o.category for o in also)])
        )
        out.append(record)
    return tuple(out)


def public_assets(lad_code: str) -> tuple[dict[str, Any], ...]:
    """Every place the public may see in an authority (cached).

    The records are shared by every caller: copy one before changing it.
    """
    return _public(lad_code, version(), timezone.localdate().isoformat())


def feature_collection(
    records: list[dict[str, Any]] | tuple[dict[str, Any], ...],
) -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: v for k, v in r.items() if k not in {"lon", "lat"}},
        }
        for r in records
        if r["lon"] is not None
    ]
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Any:
    from hearthcore import hours

    try:
        return hours.parse(text)
    except hours.HoursError:
        return None


def open_at(text: str, at: datetime) -> bool | None:
    from hearthcore import hours

    parsed = _parsed(text) if text else None
    return None if parsed is None else hours.is_open(parsed, at)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def apply_filters(
    records: tuple[dict[str, Any], ...],
    *,
    q: str = "",
    categories: list[str] | None = None,
    five_ways: list[str] | None = None,
    cost: str = "",
    open_now: bool = False,
    near: tuple[float, float] | None = None,
    at: datetime | None = None,
) -> list[dict[str, Any]]:
    at = at or timezone.localtime()
    q = q.strip().lower()
    out = []
    for r in records:
        if q and q not in r["name"].lower():
            continue
        if categories and not set(categories) & set(
            r.get("categories", (r["category"],))
        ):
            continue
        if five_ways and not set(five_ways) & set(r["five_ways"]):
            continue
        if cost and r["cost"] != cost:
            continue
        if open_now and open_at(r["opening_hours"], at) is not True:
            continue
        if near is not None:
            if r["lon"] is None:
                continue
            r = {**r, "distance_m": distance_m(near[0], near[1], r["lon"], r["lat"])}
        out.append(r)
    if near is not None:
        out.sort(key=lambda r: r["distance_m"])
    return out
