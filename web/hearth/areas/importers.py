"""Import official data files into Hearth: the Django side of `hearthcore.data`.

`hearthcore.data` recognises a file from its columns, reads it and validates
every row before anything is written; the functions here then replace the
stored data in one transaction. A file that fails validation, or a write that
fails, leaves the database exactly as it was, and the attempt is logged in
`DatasetImport`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from hearthcore import sources as core

from .models import (
    Area,
    AreaLink,
    Dataset,
    DatasetImport,
    Geography,
    Place,
    Postcode,
)
from .services import (
    AreaRow,
    DatasetMeta,
    replace_area_links,
    replace_dataset,
    replace_places,
    replace_postcodes,
    set_centroids,
    set_geometries,
    set_lad_self,
    upsert_areas,
)


class ImportFailed(Exception):
    """A file could not be imported; nothing was changed."""


class FetchFailed(Exception):
    pass


@dataclass(frozen=True)
class Result:
    kind: str
    rows: int
    outcome: str
    seconds: float
    role: str = ""

    def describe(self) -> str:
        if self.outcome == DatasetImport.Outcome.UNCHANGED:
            return f"{self.kind} unchanged (same checksum), skipped"
        return f"imported {self.rows:,} rows as {self.kind} in {self.seconds:.1f} s"


def known_kinds() -> list[core.DatasetKind]:
    return list(core.KINDS)


def discover(folder: Path, *, only: set[str] | None = None) -> list[Path]:
    """Every file under `folder` that Hearth recognises, in import order."""
    return core.discover(folder, only=only)


def role_of(path: Path) -> str:
    """The role of a file's kind, or "" when it is not recognised."""
    try:
        return core.recognise(path).role
    except core.DataImportError:
        return ""


def _last_checksum(kind: str, source_file: str) -> str | None:
    latest = (
        DatasetImport.objects.filter(
            kind=kind,
            source_file=source_file,
            outcome__in=[
                DatasetImport.Outcome.IMPORTED,
                DatasetImport.Outcome.UNCHANGED,
            ],
        )
        .order_by("-at", "-id")
        .first()
    )
    return latest.checksum if latest else None


def _pause_for_crash_test() -> None:
    """Fault injection for the crash test: wait inside the open transaction.

    With HEARTH_TEST_PAUSE_IMPORT=seconds the import stops after writing
    everything but before committing, says so on standard error, and
    waits: the test then kills the process, as a power cut or an OOM kill
    would, and checks the previous data survived.
    """
    pause = os.environ.get("HEARTH_TEST_PAUSE_IMPORT")
    if pause:
        sys.stderr.write("hearth: import written, not committed\n")
        sys.stderr.flush()
        time.sleep(float(pause))


def _national_present(kind: core.DatasetKind) -> bool:
    """Whether a complete (national) copy of this kind is stored."""
    if kind.role in ("table", "oac"):
        return Dataset.objects.filter(kind=kind.key, subset=False).exists()
    if kind.role == "postcodes":
        return Postcode.objects.count() >= kind.coverage
    if kind.role == "places":
        return Place.objects.count() >= kind.coverage
    if kind.role == "link":
        return AreaLink.objects.count() >= kind.coverage
    return False


def _audit(outcome: str, kind: str, path: Path, actor: str, **changes: object) -> None:
    from hearth.audit.services import record

    record(
        "import",
        object_type="areas.dataset",
        object_id=kind[:64],
        label=f"{outcome}: {path.name}"[:200],
        changes={"kind": kind, "file": path.name, "outcome": outcome, **changes},
        actor=actor,
    )


def import_file(
    path: Path,
    *,
    kind: str | None = None,
    force: bool = False,
    actor: str = "system",
    progress: bool = False,
    repair_geometries: bool = False,
    subset: bool = False,
) -> Result:
    """Import one file, atomically. Raise ImportFailed with the reasons.

    A file covering only part of its release is refused unless ``subset``;
    a subset never replaces a national copy of the same kind. Every
    attempt, successful or not, is in DatasetImport and the audit log.
    """
    started = time.perf_counter()
    path = Path(path)
    try:
        if not path.exists():
            raise core.DataImportError.single(str(path), f"There is no file at {path}.")
        dataset_kind = (
            core.CATALOGUE[kind]
            if kind in core.CATALOGUE
            else (core.recognise(path) if kind is None else None)
        )
        if dataset_kind is None:
            raise core.DataImportError.single(
                path.name,
                f"Unknown kind '{kind}'. Run `hearth data kinds` to list them.",
            )
        checksum = core.sha256_of(path)
        if (
            not force
            and _last_checksum(dataset_kind.key, path.name) == checksum
            and _still_present(dataset_kind)
        ):
            DatasetImport.objects.create(
                kind=dataset_kind.key,
                source_file=path.name,
                checksum=checksum,
                outcome=DatasetImport.Outcome.UNCHANGED,
                by=actor,
            )
            return Result(
                dataset_kind.key,
                0,
                DatasetImport.Outcome.UNCHANGED,
                time.perf_counter() - started,
                dataset_kind.role,
            )
        if subset and _national_present(dataset_kind):
            raise core.DataImportError.single(
                path.name,
                f"is a subset, and Hearth holds the national {dataset_kind.title}: "
                "a subset never replaces national data. Import the whole release instead.",
            )
        handler = HANDLERS[dataset_kind.role]
        with transaction.atomic():
            rows = handler(
                path,
                dataset_kind,
                checksum=checksum,
                actor=actor,
                progress=progress,
                repair=repair_geometries,
                subset=subset,
            )
            seconds = time.perf_counter() - started
            DatasetImport.objects.create(
                kind=dataset_kind.key,
                source_file=path.name,
                checksum=checksum,
                rows=rows,
                outcome=DatasetImport.Outcome.IMPORTED,
                seconds=seconds,
                by=actor,
            )
            _audit(
                "imported", dataset_kind.key, path, actor, rows=rows, checksum=checksum
            )
            _pause_for_crash_test()
        return Result(
            dataset_kind.key,
            rows,
            DatasetImport.Outcome.IMPORTED,
            seconds,
            dataset_kind.role,
        )
    except core.DataImportError as error:
        DatasetImport.objects.create(
            kind=kind or "",
            source_file=path.name,
            outcome=DatasetImport.Outcome.FAILED,
            message=str(error)[:5000],
            seconds=time.perf_counter() - started,
            by=actor,
        )
        _audit("refused", kind or "", path, actor, problems=len(error.problems))
        raise ImportFailed(str(error)) from error


def _still_present(kind: core.DatasetKind) -> bool:
    if kind.role in ("table", "oac"):
        return Dataset.objects.filter(kind=kind.key).exists()
    if kind.role == "postcodes":
        return Postcode.objects.exists()
    if kind.role == "places":
        return Place.objects.exists()
    return True


def _known_codes(geography: str) -> set[str] | None:
    """The loaded areas of a geography, or None when none are loaded."""
    codes = set(Area.objects.of(geography).values_list("code", flat=True))
    return codes or None


def _meta(
    kind: core.DatasetKind, geography: str | None = None, *, subset: bool = False
) -> DatasetMeta:
    return DatasetMeta(
        subset=subset,
        kind=kind.key,
        title=kind.title,
        publisher=kind.publisher,
        release=kind.release,
        licence=kind.licence,
        attribution=kind.attribution,
        geography=geography or kind.geography,
        source_url=kind.urls[0] if kind.urls else "",
    )


def _import_table(
    path: Path,
    kind: core.DatasetKind,
    *,
    checksum: str,
    actor: str,
    progress: bool,
    repair: bool,
    subset: bool = False,
) -> int:
    table = (
        core.read_oac(path, kind, subset=subset)
        if kind.role == "oac"
        else core.read_table(
            path,
            kind,
            checksum,
            known_codes=_known_codes(kind.geography),
            subset=subset,
        )
    )
    replace_dataset(
        _meta(kind, subset=subset),
        table.values,
        labels=dict(table.labels),
        checksum=checksum,
        source_file=path.name,
        encoding=table.encoding,
        actor=actor,
    )
    return len(table.values)


def _import_lookup(
    path: Path,
    kind: core.DatasetKind,
    *,
    checksum: str,
    actor: str,
    progress: bool,
    repair: bool,
    subset: bool = False,
) -> int:
    """A lookup defines areas and their parents: one level per column pair."""
    frame = core.read_lookup(path, kind)
    levels = list(
        kind.levels
    )  # e.g. [("lsoa21", code, name), ("ward24", …), ("lad24", …)], small to large
    rows_written = 0
    # Create from the top down so each level's parent exists.
    for depth in range(len(levels) - 1, -1, -1):
        geography, code_col, name_col = levels[depth]
        parent = levels[depth + 1] if depth + 1 < len(levels) else None
        lad_level = next((lvl for lvl in levels if lvl[0].startswith("lad")), None)
        unique_rows = frame.drop_duplicates(code_col)
        rows = [
            AreaRow(
                code=str(getattr(r, code_col)),
                name=str(getattr(r, name_col))
                if name_col
                else str(getattr(r, code_col)),
                parent=(parent[0], str(getattr(r, parent[1]))) if parent else None,
                lad=(lad_level[0], str(getattr(r, lad_level[1])))
                if lad_level and lad_level[0] != geography
                else None,
            )
            for r in unique_rows.itertuples(index=False)
        ]
        rows_written += upsert_areas(geography, rows)
        if geography.startswith("lad"):
            set_lad_self(geography)
    return rows_written


def _import_boundaries(
    path: Path,
    kind: core.DatasetKind,
    *,
    checksum: str,
    actor: str,
    progress: bool,
    repair: bool,
    subset: bool = False,
) -> int:
    boundaries = core.read_boundaries(path, kind, repair=repair)
    return set_geometries(
        kind.geography,
        list(boundaries.codes),
        list(boundaries.names) if boundaries.names is not None else None,
        boundaries.geojson(precision=5),
        boundaries.bounds,
        source=path.name,
    )


def _import_centroids(
    path: Path,
    kind: core.DatasetKind,
    *,
    checksum: str,
    actor: str,
    progress: bool,
    repair: bool,
    subset: bool = False,
) -> int:
    frame = core.read_centroids(path, kind)
    return set_centroids(
        kind.geography,
        frame.index.tolist(),
        frame["lon"].tolist(),
        frame["lat"].tolist(),
    )


def _import_link(
    path: Path,
    kind: core.DatasetKind,
    *,
    checksum: str,
    actor: str,
    progress: bool,
    repair: bool,
    subset: bool = False,
) -> int:
    frame = core.read_lookup(path, kind, subset=subset)
    links = core.lsoa_change_codes(frame)
    return replace_area_links(
        links.itertuples(index=False, name=None), Geography.LSOA11, Geography.LSOA21
    )


def _boundary_arrays(geography: str) -> tuple[list[str], Any]:
    import shapely

    rows = list(
        Area.objects.of(geography).exclude(geometry="").values_list("code", "geometry")
    )
    if not rows:
        raise core.DataImportError.single(
            geography,
            f"Import the {Geography(geography).label} boundaries before postcodes or places, "
            "so that they can be placed in their areas.",
        )
    codes = [code for code, _geom in rows]
    geoms = shapely.from_geojson([geom for _code, geom in rows])
    return codes, geoms


def _import_postcodes(
    path: Path,
    kind: core.DatasetKind,
    *,
    checksum: str,
    actor: str,
    progress: bool,
    repair: bool,
    subset: bool = False,
) -> int:
    frame = core.read_postcodes(path, kind, subset=subset)
    lon = frame["lon"].to_numpy(dtype="float64")
    lat = frame["lat"].to_numpy(dtype="float64")
    placed: dict[str, Any] = {}
    placement = np.full(len(frame), Postcode.Placement.NONE, dtype=object)
    for geography in (Geography.LSOA21, Geography.LSOA11):
        try:
            codes, geoms = _boundary_arrays(geography)
        except core.DataImportError:
            placed[geography] = np.full(len(frame), "", dtype=object)
            continue
        result = core.assign_points_to_areas(lon, lat, geoms, codes)
        placed[geography] = np.where(pd.isna(result.codes), "", result.codes)
        if geography == Geography.LSOA21:
            placement = np.where(
                result.nearest,
                Postcode.Placement.NEAREST,
                np.where(
                    pd.isna(result.codes),
                    Postcode.Placement.NONE,
                    Postcode.Placement.WITHIN,
                ),
            )
    out = pd.DataFrame(
        {
            "postcode": frame["postcode"],
            "lon": lon,
            "lat": lat,
            "lsoa21": placed[Geography.LSOA21],
            "lsoa11": placed[Geography.LSOA11],
            "placement": placement,
        }
    )
    return replace_postcodes(out)


def _import_places(
    path: Path,
    kind: core.DatasetKind,
    *,
    checksum: str,
    actor: str,
    progress: bool,
    repair: bool,
    subset: bool = False,
) -> int:
    frame = core.read_places(path, kind, subset=subset)
    try:
        codes, geoms = _boundary_arrays(Geography.LSOA21)
        result = core.assign_points_to_areas(
            frame["lon"].to_numpy(), frame["lat"].to_numpy(), geoms, codes
        )
        frame["lsoa21"] = np.where(pd.isna(result.codes), "", result.codes)
    except core.DataImportError:
        frame["lsoa21"] = ""
    return replace_places(frame)


HANDLERS: dict[str, Callable[..., int]] = {
    "table": _import_table,
    "oac": _import_table,
    "lookup": _import_lookup,
    "boundaries": _import_boundaries,
    "centroids": _import_centroids,
    "link": _import_link,
    "postcodes": _import_postcodes,
    "places": _import_places,
}


def other_status() -> list[dict[str, Any]]:
    """Status rows for data kept outside `Dataset`: areas, postcodes, places."""
    rows = []
    for kind in ("postcodes", "places"):
        latest = DatasetImport.objects.filter(
            kind__startswith=kind, outcome=DatasetImport.Outcome.IMPORTED
        ).first()
        if latest is None:
            continue
        meta = core.CATALOGUE.get(latest.kind)
        rows.append(
            {
                "kind": latest.kind,
                "title": meta.title if meta else latest.kind,
                "publisher": meta.publisher if meta else "",
                "release": meta.release if meta else "",
                "licence": meta.licence if meta else "",
                "attribution": meta.attribution if meta else "",
                "geography": meta.geography if meta else "",
                "rows": latest.rows,
                "checksum": latest.checksum,
                "source_file": latest.source_file,
                "imported_at": latest.at.isoformat(),
            }
        )
    for geography, label in Geography.choices:
        count = Area.objects.of(geography).count()
        with_boundary = Area.objects.of(geography).exclude(geometry="").count()
        if count:
            rows.append(
                {
                    "kind": f"areas_{geography}",
                    "title": f"{label} areas ({with_boundary:,} with boundaries)",
                    "publisher": "Office for National Statistics",
                    "release": "",
                    "licence": "Open Government Licence v3.0",
                    "attribution": "Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right.",
                    "geography": geography,
                    "rows": count,
                    "checksum": "",
                    "source_file": "",
                    "imported_at": "",
                }
            )
    return rows


def fetch(
    dest: Path,
    *,
    only: set[str] | None,
    base_url: str | None,
    out: Callable[[str], object],
) -> list[Path]:
    """Download the known release files into `dest`, verifying checksums.

    `base_url` is a mirror laid out like the data folder (for example the
    council's own copy). The publishers do not serve one stable folder of
    files, so without a mirror the publishers' pages are listed instead.
    """
    names = sorted(core.known_checksums())
    if only:
        names = [n for n in names if any(word in n for word in only)]
    if not base_url:
        pages = sorted({url for kind in core.KINDS for url in kind.urls})
        raise FetchFailed(
            "Pass --base-url with a mirror of the data folder, or download the "
            "files from their publishers:\n  " + "\n  ".join(pages)
        )
    try:
        return core.fetch_files(names, dest, base_url=base_url, progress=out)
    except core.FetchError as error:
        raise FetchFailed(str(error)) from error
