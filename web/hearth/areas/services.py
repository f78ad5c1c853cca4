"""Store imported area data. Each function is one atomic replacement.

The readers in `hearthcore.data` validate a whole file before anything here
runs, and each function below runs in a transaction, so a failed import
leaves the previous data exactly as it was.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from hearth.core.bulk import update_rows

from .models import (
    Area,
    AreaLink,
    Dataset,
    Indicator,
    Place,
    Postcode,
    encode_codes,
    encode_values,
)
from .queries import clear_caches

BATCH = 5000


@dataclass(frozen=True)
class DatasetMeta:
    kind: str
    title: str
    publisher: str
    release: str
    licence: str
    attribution: str
    geography: str
    source_url: str = ""
    subset: bool = False


def guess_direction(kind: str, code: str) -> bool | None:
    """Whether a higher value means more need, from the column's name.

    IoD ranks and deciles count from 1 = most deprived; IoD scores, rates and
    numerators grow with deprivation. Other figures (population, census
    shares) have no direction of their own.
    """
    if "rank" in code or "decile" in code:
        return False if kind.startswith("iod") else None
    if kind.startswith("iod") and any(
        word in code
        for word in ("score", "rate", "numerator", "indicator", "ratio", "_transformed")
    ):
        return True
    return None


@transaction.atomic
def replace_dataset(
    meta: DatasetMeta,
    frame: pd.DataFrame,
    *,
    labels: dict[str, str],
    checksum: str,
    source_file: str,
    encoding: str = "",
    actor: str = "system",
    directions: dict[str, bool | None] | None = None,
) -> Dataset:
    """Replace the dataset of this kind with a new version (all or nothing)."""
    Dataset.objects.filter(kind=meta.kind).delete()
    codes = [str(c) for c in frame.index]
    dataset = Dataset.objects.create(
        kind=meta.kind,
        title=meta.title,
        publisher=meta.publisher,
        release=meta.release,
        licence=meta.licence,
        attribution=meta.attribution,
        source_url=meta.source_url,
        geography=meta.geography,
        source_file=source_file,
        checksum=checksum,
        rows=len(frame),
        encoding=encoding,
        imported_at=timezone.now(),
        imported_by=actor,
        area_codes=encode_codes(codes),
        subset=meta.subset,
    )
    directions = directions or {}
    Indicator.objects.bulk_create(
        [
            Indicator(
                dataset=dataset,
                code=str(code),
                label=labels.get(str(code), str(code))[:300],
                position=position,
                higher_is_worse=directions.get(
                    str(code), guess_direction(meta.kind, str(code))
                ),
                values=encode_values(
                    pd.to_numeric(frame[code], errors="coerce").to_numpy(
                        dtype="float64"
                    )
                ),
            )
            for position, code in enumerate(frame.columns)
        ]
    )
    transaction.on_commit(clear_caches)
    return dataset


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    parent: tuple[str, str] | None = None  # (geography, code)
    lad: tuple[str, str] | None = None


def upsert_areas(geography: str, rows: Sequence[AreaRow]) -> int:
    """Create or update areas of one geography, then link parents and LADs.

    Parents and LADs must already exist (lookups are imported from the top
    down: regions, districts, wards, then small areas).
    """
    existing = {
        code: (pk, parent_id, lad_id)
        for code, pk, parent_id, lad_id in Area.objects.of(geography).values_list(
            "code", "pk", "parent_id", "lad_id"
        )
    }
    wanted_refs = {r.parent for r in rows if r.parent} | {r.lad for r in rows if r.lad}
    ref_ids: dict[tuple[str, str], int] = {}
    by_geography: dict[str, set[str]] = {}
    for geo, code in wanted_refs:
        by_geography.setdefault(geo, set()).add(code)
    for geo, codes in by_geography.items():
        for code, pk in Area.objects.filter(geography=geo, code__in=codes).values_list(
            "code", "pk"
        ):
            ref_ids[(geo, code)] = pk
    new, changed = [], []
    for row in rows:
        values = {
            "name": row.name,
            "parent_id": ref_ids.get(row.parent) if row.parent else None,
            "lad_id": ref_ids.get(row.lad) if row.lad else None,
        }
        if row.code in existing:
            pk, parent_id, lad_id = existing[row.code]
            # A lookup that does not know an area's parent leaves it alone.
            values["parent_id"] = values["parent_id"] or parent_id
            values["lad_id"] = values["lad_id"] or lad_id
            changed.append(Area(pk=pk, geography=geography, code=row.code, **values))
        else:
            new.append(Area(geography=geography, code=row.code, **values))
    Area.objects.bulk_create(new, batch_size=BATCH)
    update_rows(
        Area._meta.db_table,
        ["name", "parent_id", "lad_id"],
        ([a.name, a.parent_id, a.lad_id, a.pk] for a in changed),
    )
    return len(new) + len(changed)


def set_lad_self(geography: str) -> None:
    """A district is its own LAD (so `lad__code` finds it too)."""
    for area in Area.objects.of(geography).filter(lad__isnull=True).only("pk"):
        Area.objects.filter(pk=area.pk).update(lad_id=area.pk)


def set_geometries(
    geography: str,
    codes: Sequence[str],
    names: Sequence[str] | None,
    geometries: Sequence[str],
    bounds: np.ndarray,
    *,
    source: str,
) -> int:
    """Store each area's GeoJSON geometry and bounding box (creating areas
    that have no lookup row yet)."""
    existing = dict(Area.objects.of(geography).values_list("code", "pk"))
    new, changed = [], []
    for i, code in enumerate(codes):
        minx, miny, maxx, maxy = (float(v) for v in bounds[i])
        fields = {
            "geometry": geometries[i],
            "boundary_source": source[:50],
            "min_lon": minx,
            "min_lat": miny,
            "max_lon": maxx,
            "max_lat": maxy,
        }
        if code in existing:
            changed.append(Area(pk=existing[code], **fields))
        else:
            name = names[i] if names is not None else code
            new.append(Area(geography=geography, code=code, name=name, **fields))
    Area.objects.bulk_create(new, batch_size=BATCH)
    columns = [
        "geometry",
        "boundary_source",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
    ]
    update_rows(
        Area._meta.db_table,
        columns,
        ([getattr(a, c) for c in columns] + [a.pk] for a in changed),
    )
    return len(codes)


def set_centroids(
    geography: str, codes: Sequence[str], lon: Sequence[float], lat: Sequence[float]
) -> int:
    existing = dict(Area.objects.of(geography).values_list("code", "pk"))
    changed = [
        Area(pk=existing[code], lon=float(x), lat=float(y))
        for code, x, y in zip(codes, lon, lat, strict=True)
        if code in existing and not (math.isnan(x) or math.isnan(y))
    ]
    update_rows(
        Area._meta.db_table, ["lon", "lat"], ([a.lon, a.lat, a.pk] for a in changed)
    )
    return len(changed)


def replace_area_links(
    rows: Iterable[tuple[str, str, str]], old_geography: str, new_geography: str
) -> int:
    old = dict(Area.objects.of(old_geography).values_list("code", "pk"))
    new = dict(Area.objects.of(new_geography).values_list("code", "pk"))
    # The only links Hearth keeps are LSOA 2011 -> 2021, so replacing them
    # is a plain delete (a filtered delete with joins is very slow on SQLite).
    AreaLink.objects.all().delete()
    links = [
        AreaLink(old_id=old[o], new_id=new[n], change=change)
        for o, n, change in rows
        if o in old and n in new
    ]
    AreaLink.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    return len(links)


def _bulk_insert(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany elsewhere."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(
                f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        # Table and column names come from our own models, never from input.
        name = connection.ops.quote_name(table)
        sql = f"INSERT INTO {name} ({quoted}) VALUES ({placeholders})"  # noqa: S608
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 50000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@transaction.atomic
def replace_postcodes(frame: pd.DataFrame) -> int:
    """Replace every postcode.

    Columns: postcode, lon, lat, lsoa21, lsoa11, placement.
    """
    Postcode.objects.all().delete()
    lon = frame["lon"].to_numpy(dtype="float64")
    lat = frame["lat"].to_numpy(dtype="float64")
    rows = (
        (
            pc,
            None if math.isnan(x) else float(x),
            None if math.isnan(y) else float(y),
            l21 or "",
            l11 or "",
            placement,
        )
        for pc, x, y, l21, l11, placement in zip(
            frame["postcode"].tolist(),
            lon,
            lat,
            frame["lsoa21"].tolist(),
            frame["lsoa11"].tolist(),
            frame["placement"].tolist(),
            strict=True,
        )
    )
    _bulk_insert(
        Postcode._meta.db_table,
        ["postcode", "lon", "lat", "lsoa21", "lsoa11", "placement"],
        rows,
    )
    return len(frame)


@transaction.atomic
def replace_places(frame: pd.DataFrame) -> int:
    """Replace the gazetteer. Columns: name, district, kind, lon, lat, lsoa21."""
    Place.objects.all().delete()
    Place.objects.bulk_create(
        [
            Place(  # type: ignore[misc]
                name=r.name,
                district=r.district,
                kind=r.kind,
                lon=r.lon,
                lat=r.lat,
                lsoa21=r.lsoa21 or "",
            )
            for r in frame.itertuples(index=False)
        ],
        batch_size=BATCH,
    )
    return len(frame)
