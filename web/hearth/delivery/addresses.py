"""The council's address gazetteer: import, properties per area, walk lists.

The file is read and checked by :func:`hearthcore.delivery.read_gazetteer`;
here each property is placed in its LSOA 2021 (point in polygon, as assets
are) and the rows are written in one transaction. An OS Open UPRN file has
no addresses: it adds properties and moves coordinates, and keeps the
addresses and classes an LLPG extract gave the same UPRNs.

Nothing here is public: pages check VIEW_ADDRESSES or MANAGE_ADDRESSES.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Count

from hearth.areas.models import Area, AreaLink, Geography, Indicator
from hearth.areas.queries import column
from hearth.assets.placement import lsoa_for_points
from hearth.audit.services import record
from hearth.core.errors import DomainError
from hearthcore import delivery as core

from .models import Address, AddressImport

CHUNK = 900
# Groups of residential classes shown per area (AddressBase codes).
HOME_GROUPS = (
    ("RD02", "Detached"),
    ("RD03", "Semi-detached"),
    ("RD04", "Terraced"),
    ("RD06", "Flats"),
)


class AddressImportError(DomainError):
    pass


def _actor(by: Any) -> str:
    if by is None:
        return "command line"
    if isinstance(by, str):
        return by
    return by.get_username() if getattr(by, "is_authenticated", False) else "system"


def import_gazetteer(
    source: Path | str | bytes, *, name: str = "", by: Any = None, replace: bool = False
) -> AddressImport:
    """Import a gazetteer extract or OS Open UPRN file, all or nothing.

    Properties the file lists are added or replaced; with ``replace`` (an
    LLPG extract only) properties it does not list are removed, so a full
    extract mirrors the LLPG. Raises ``core.DeliveryFileError`` naming the
    lines of the problems (nothing changes).
    """
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        raw, name = path.read_bytes(), name or path.name
    gazetteer = core.read_gazetteer(raw, name)
    if replace and gazetteer.kind != "llpg":
        raise AddressImportError(
            "Only a full LLPG extract (with addresses) can replace the gazetteer; "
            "OS Open UPRN adds to it"
        )
    frame = gazetteer.frame
    lsoa = lsoa_for_points(
        frame["longitude"].to_numpy(dtype=float),
        frame["latitude"].to_numpy(dtype=float),
    )
    frame = frame.assign(lsoa21=[code or "" for code in lsoa])
    uprns = frame["uprn"].tolist()
    with transaction.atomic():
        kept: dict[int, tuple[str, str, str, str]] = {}
        for start in range(0, len(uprns), CHUNK):
            for row in Address.objects.filter(
                uprn__in=uprns[start : start + CHUNK]
            ).values_list("uprn", "address", "postcode", "street", "classification"):
                kept[row[0]] = row[1:]
        log = AddressImport.objects.create(
            file_name=name[:300],
            sha256=hashlib.sha256(raw).hexdigest(),
            kind=gazetteer.kind,
            rows=len(frame),
            added=len(frame) - len(kept),
            updated=len(kept),
            placed=int((frame["lsoa21"] != "").sum()),
            ignored_columns=gazetteer.ignored,
            by=_actor(by),
        )
        existing = list(kept)
        for start in range(0, len(existing), CHUNK):
            Address.objects.filter(uprn__in=existing[start : start + CHUNK]).delete()
        open_uprn = gazetteer.kind == "os_open_uprn"
        rows = []
        for (
            uprn,
            address,
            postcode,
            street,
            classification,
            x,
            y,
            lon,
            lat,
            area,
        ) in zip(
            frame["uprn"].tolist(),
            frame["address"].tolist(),
            frame["postcode"].tolist(),
            frame["street"].tolist(),
            frame["classification"].tolist(),
            frame["x"].tolist(),
            frame["y"].tolist(),
            frame["longitude"].tolist(),
            frame["latitude"].tolist(),
            frame["lsoa21"].tolist(),
            strict=True,
        ):
            if open_uprn and uprn in kept:
                address, postcode, street, classification = kept[uprn]
            rows.append(
                (
                    uprn,
                    address[:500],
                    postcode,
                    street[:200],
                    classification,
                    x,
                    y,
                    lon,
                    lat,
                    area,
                    log.pk,
                )
            )
        _insert(rows)
        if replace:
            removed, _ = Address.objects.exclude(source=log).delete()
            log.removed = removed
            log.save(update_fields=["removed"])
        record(
            "import",
            object_type="delivery.address",
            object_id=str(log.pk),
            label=f"Address gazetteer: {log.file_name} ({log.rows} properties)",
            changes={
                "kind": gazetteer.kind,
                "added": log.added,
                "updated": log.updated,
                "removed": log.removed,
            },
            actor=by,
        )
    return log


_COLUMNS = (
    "uprn",
    "address",
    "postcode",
    "street",
    "classification",
    "x",
    "y",
    "lon",
    "lat",
    "lsoa21",
    "source_id",
)


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Insert gazetteer rows with a prepared statement (Django's bulk_create
    spends most of a 60,000-row import building model instances)."""
    quote = connection.ops.quote_name
    table = quote(Address._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    # Table and column names are our own, never from the file.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def describe(log: AddressImport) -> str:
    kind = "LLPG extract" if log.kind == "llpg" else "OS Open UPRN"
    text = (
        f"{log.file_name} ({kind}): {log.rows:,} properties, {log.added:,} new, "
        f"{log.updated:,} updated"
        + (f", {log.removed:,} removed" if log.removed else "")
        + f"; {log.placed:,} placed in an LSOA 2021"
    )
    unplaced = log.rows - log.placed
    if unplaced:
        text += f" ({unplaced:,} outside every LSOA Hearth holds)"
    if log.ignored_columns:
        text += f". Columns not read: {', '.join(log.ignored_columns)}"
    return text + "."


# --- per area --------------------------------------------------------------------------


def properties_by_lsoa(codes: list[str]) -> pd.DataFrame:
    """Properties and homes per LSOA 2021 (every code, 0 where none).

    Columns ``addresses`` (every property), ``homes`` (residential classes
    that are homes), one per group of :data:`HOME_GROUPS` and
    ``other_homes``.
    """
    columns = ["addresses", "homes", *[c for c, _ in HOME_GROUPS], "other_homes"]
    table = pd.DataFrame(0, index=pd.Index(codes, name="lsoa21"), columns=columns)
    for start in range(0, len(codes), CHUNK):
        for lsoa, classification, n in (
            Address.objects.filter(lsoa21__in=codes[start : start + CHUNK])
            .values_list("lsoa21", "classification")
            .annotate(n=Count("uprn"))
            .order_by()
        ):
            table.loc[lsoa, "addresses"] += n
            if not core.is_home(classification):
                continue
            table.loc[lsoa, "homes"] += n
            group = next(
                (c for c, _ in HOME_GROUPS if classification.startswith(c)),
                "other_homes",
            )
            table.loc[lsoa, group] += n
    return table


def lifestyle(codes: list[str]) -> pd.DataFrame | None:
    """The OAC 2011 supergroup mix of these LSOA 2021 areas, or None when the
    OAC has not been imported (``hearth data import`` of the ONS OA lookup)."""
    indicators = list(
        Indicator.objects.select_related("dataset")
        .defer("values", "dataset__area_codes")
        .filter(dataset__kind="oac2011", code__startswith="supergroup_")
    )
    if not indicators:
        return None
    oac = pd.DataFrame({i.code: column(i) for i in indicators})
    links = pd.DataFrame(
        list(
            AreaLink.objects.filter(new__code__in=codes).values_list(
                "old__code", "new__code"
            )
        ),
        columns=["old", "new"],
    )
    return core.lifestyle_mix(oac, links, codes)


def area_table(codes: list[str]) -> list[dict[str, Any]]:
    """One row per LSOA: its name, properties and homes, and its lifestyle mix."""
    names = dict(
        Area.objects.filter(geography=Geography.LSOA21, code__in=codes).values_list(
            "code", "name"
        )
    )
    counts = properties_by_lsoa(codes)
    mix = lifestyle(codes)
    rows = []
    for code in codes:
        row: dict[str, Any] = {
            "code": code,
            "name": names.get(code, code),
            **{str(k): int(v) for k, v in counts.loc[code].to_dict().items()},
        }
        if mix is not None and code in mix.index:
            shares = mix.loc[code]
            row["main"] = shares["main"]
            row["mix"] = [
                (name, float(shares[name]))  # type: ignore[arg-type]
                for name in core.OAC_SUPERGROUPS.values()
                if not np.isnan(shares[name]) and shares[name] > 0
            ]
            row["mix"].sort(key=lambda pair: -pair[1])
        rows.append(row)
    return rows


def walk_list(codes: list[str]) -> pd.DataFrame:
    """The homes in these LSOAs as a walk list: by street, then house number."""
    frames = []
    for start in range(0, len(codes), CHUNK):
        frames.append(
            pd.DataFrame(
                list(
                    Address.objects.filter(
                        lsoa21__in=codes[start : start + CHUNK],
                        classification__startswith="R",
                    ).values_list(
                        "street",
                        "address",
                        "postcode",
                        "uprn",
                        "lsoa21",
                        "classification",
                    )
                ),
                columns=[
                    "street",
                    "address",
                    "postcode",
                    "uprn",
                    "lsoa21",
                    "classification",
                ],
            )
        )
    table = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(
            columns=[
                "street",
                "address",
                "postcode",
                "uprn",
                "lsoa21",
                "classification",
            ]
        )
    )
    table = table[table["classification"].map(core.is_home).astype(bool)]
    table = core.walk_order(table.reset_index(drop=True))
    table["postcode"] = table["postcode"].map(core.format_postcode)
    table["type"] = table["classification"].map(core.class_label)
    return table[
        ["street", "address", "postcode", "uprn", "lsoa21", "classification", "type"]
    ]


def addresses_for(uprns: list[int]) -> dict[int, str]:
    """The gazetteer's address of each UPRN it holds."""
    out: dict[int, str] = {}
    wanted = sorted(set(uprns))
    for start in range(0, len(wanted), CHUNK):
        out.update(
            Address.objects.filter(uprn__in=wanted[start : start + CHUNK]).values_list(
                "uprn", "address"
            )
        )
    return out


def summary() -> dict[str, Any]:
    counts = dict(
        Address.objects.values_list("classification")
        .annotate(n=Count("uprn"))
        .values_list("classification", "n")
    )
    return {
        "addresses": sum(counts.values()),
        "homes": sum(n for c, n in counts.items() if core.is_home(c)),
        "placed": Address.objects.exclude(lsoa21="").count(),
        "imports": list(AddressImport.objects.all()[:10]),
    }
