"""The asset register's operations: import, edit, verify, moderate, de-duplicate.

Every write is one transaction. Imports either land whole or not at all
(the error lists the file's first problems with their lines); each change
to an asset leaves an :class:`AssetRevision`.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hearth.areas.models import DatasetImport, Geography
from hearth.areas.queries import clear_caches
from hearth.areas.services import DatasetMeta, replace_dataset
from hearth.audit import services as audit
from hearth.core.bulk import save_fields
from hearthcore.assets import AssetRecord, count_places, find_matches, read_assets
from hearthcore.sources.errors import DataImportError
from hearthcore.sources.tabular import sha256_of

from .models import (
    Asset,
    AssetImport,
    AssetRevision,
    DuplicatePair,
    Suggestion,
    snapshot,
)
from .placement import geocode, lad_of, lsoa_for_points
from .places import places_of

RECORD_FIELDS = [
    "name",
    "description",
    "asset_type",
    "category",
    "five_ways",
    "lon",
    "lat",
    "postcode",
    "address",
    "opening_hours",
    "opening_hours_text",
    "cost",
    "accessibility",
    "phone",
    "email",
    "url",
    "organisation_name",
    "lsoa21",
    "lad_code",
]


# What `hearth assets load` (and so `make run`) imports from HEARTH_DATA_DIR.
# Left out on purpose: the summer warm-spaces snapshot (it would archive the
# winter-only spaces of the fuller December list), the 2022 British Red Cross
# list (no names), the derived Chorley file and the Libraries Hacked schema
# (both repeat other files), unnamed greenspace access points, and the ORUK
# examples (other councils' services, without locations).
STANDARD_FILES = [
    "assets/hack25usefuldata_gias_schools_england.csv.gz",
    "health/epraccur.csv",
    "assets/nhs_ods_edispensary_pharmacies_2025-04.csv.gz",
    "assets/libraries_england_dcms_basic_dataset_2023.csv.gz",
    "assets/lancashire_cc_libraries_2026-03.csv",
    "assets/lancashire_cc_land_property_assets.csv",
    "assets/warm_spaces_uk_openinnovations_2025-12-05.geojson.gz",
    "assets/greater_manchester_trafforddatalab/gm_pharmacies.csv",
    "assets/greater_manchester_trafforddatalab/gm_libraries.csv",
    "assets/greater_manchester_trafforddatalab/gm_food_banks.csv",
    "assets/greater_manchester_trafforddatalab/gm_dentists.csv",
    "assets/greater_manchester_trafforddatalab/gm_jobcentreplus.csv",
    "assets/greater_manchester_trafforddatalab/gm_green_flags.csv",
    "assets/greater_manchester_trafforddatalab/gm_places_of_worship_RAW.geojson.gz",
    "assets/greater_manchester_trafforddatalab/gm_post_offices.geojson",
]
CROSS_CATEGORY_SIMILARITY = 0.85
# An import may archive a few records a source dropped, but not most of it:
# a truncated download must not empty the register. Beyond this share of
# the source's live records (and this many records) it needs --force.
ARCHIVE_SHARE_LIMIT = 0.2
ARCHIVE_COUNT_LIMIT = 25
GENERIC_KINDS = {"hearth-template", "oruk", "osm-geojson"}


class AssetError(ValueError):
    """A request the register cannot carry out (the message says why)."""


@dataclass
class ImportOutcome:
    file_name: str
    kind: str
    title: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    restored: int = 0
    skipped: int = 0
    unlocated: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    skipped_examples: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.file_name} ({self.title}): {self.created:,} new, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.archived:,} archived (no longer listed), "
            f"{self.restored:,} restored (listed again), "
            f"{self.skipped:,} left out, "
            f"{self.unlocated:,} without a location, {self.duplicates:,} possible duplicates "
            f"to check, in {self.seconds:.1f} s"
        )


def _locate(records: list[AssetRecord]) -> list[dict[str, Any]]:
    """Records as field dicts with a point (geocoded if needed), LSOA and LAD."""
    rows: list[dict[str, Any]] = []
    postcodes = geocode([r.postcode for r in records if r.postcode])
    for record in records:
        row = {
            "name": record.name[:200],
            "description": record.description,
            "asset_type": record.asset_type,
            "category": record.category,
            "five_ways": list(record.five_ways),
            "lon": record.lon,
            "lat": record.lat,
            "postcode": record.postcode,  # already "PR7 1DP" (format_postcode)
            "address": record.address[:300],
            "opening_hours": record.opening_hours[:300],
            "opening_hours_text": record.opening_hours_text[:500],
            "cost": record.cost,
            "accessibility": list(record.accessibility),
            "phone": record.phone[:40],
            "email": record.email[:254],
            "url": record.url[:500],
            "organisation_name": record.organisation[:200],
            "source": record.source,
            "source_id": record.source_id[:200],
            "lsoa21": "",
        }
        if (row["lon"] is None or row["lat"] is None) and record.postcode:
            hit = postcodes.get(record.postcode.replace(" ", "").upper())
            if hit:
                row["lon"], row["lat"], row["lsoa21"] = hit
        rows.append(row)
    lon = np.array(
        [np.nan if r["lon"] is None else r["lon"] for r in rows], dtype=float
    )
    lat = np.array(
        [np.nan if r["lat"] is None else r["lat"] for r in rows], dtype=float
    )
    placed = lsoa_for_points(lon, lat)
    for row, code in zip(rows, placed, strict=True):
        row["lsoa21"] = code or row["lsoa21"] or ""
    lads = lad_of([r["lsoa21"] for r in rows])
    for row in rows:
        row["lad_code"] = lads.get(str(row["lsoa21"]), "")
    return rows


def already_imported(path: Path) -> bool:
    """True if this exact file (by SHA-256) was imported successfully before."""
    return AssetImport.objects.filter(
        file_name=path.name, checksum=sha256_of(path), outcome="imported"
    ).exists()


def import_file(
    path: Path | str, kind: str | None = None, *, by: Any = None, force: bool = False
) -> ImportOutcome:
    """Import an asset file: new records are published, changed ones updated.

    Records the source no longer lists are archived, and records it lists
    again are restored. Archiving more than a fifth of a source's live
    records (a truncated file) is refused unless ``force``.

    Raises DataImportError (nothing changed) if the file cannot be read or
    would archive too much.
    """
    path = Path(path)
    start = time.perf_counter()
    checksum = sha256_of(path) if path.is_file() else ""
    try:
        result = read_assets(path, kind)
    except DataImportError as error:
        AssetImport.objects.create(
            file_name=path.name,
            kind=kind or "",
            checksum=checksum,
            outcome="failed",
            message=str(error),
        )
        raise
    source = result.source
    if source in GENERIC_KINDS:
        # Every council's template or feed is its own source.
        source = f"{source}:{slugify(path.stem)}"[:60]
    rows = _locate(result.records)
    for row in rows:
        row["source"] = source
    outcome = ImportOutcome(
        path.name, source, result.title, skipped=len(result.skipped)
    )
    outcome.skipped_examples = [str(p) for p in result.skipped[:5]]
    today = timezone.localdate()
    user = by if getattr(by, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            existing = {a.source_id: a for a in Asset.objects.filter(source=source)}
            seen: set[str] = set()
            new_assets: list[Asset] = []
            restored: list[Asset] = []
            updated: list[tuple[Asset, dict[str, list[Any]]]] = []
            for row in rows:
                if row["source_id"] in seen:
                    continue
                seen.add(row["source_id"])
                current = existing.get(row["source_id"])
                if current is None:
                    asset = Asset(**row, status=Asset.Status.PUBLISHED)
                    asset.mark_verified(today)
                    new_assets.append(asset)
                    continue
                if (
                    current.status == Asset.Status.ARCHIVED
                    and current.archived_by_source
                ):
                    # The source lists it again: it comes back.
                    for name in RECORD_FIELDS:
                        setattr(current, name, row[name])
                    current.status = Asset.Status.PUBLISHED
                    current.archived_by_source = False
                    current.mark_verified(today)
                    restored.append(current)
                    continue
                changes = {
                    name: [getattr(current, name), row[name]]
                    for name in RECORD_FIELDS
                    if getattr(current, name) != row[name]
                }
                if changes:
                    for name, (_old, new) in changes.items():
                        setattr(current, name, new)
                    current.mark_verified(today)
                    updated.append((current, changes))
                else:
                    outcome.unchanged += 1
            # Records the source no longer lists are archived, not deleted.
            gone = [
                a
                for key, a in existing.items()
                if key not in seen and a.status != Asset.Status.ARCHIVED
            ]
            live = sum(
                1 for a in existing.values() if a.status != Asset.Status.ARCHIVED
            )
            if (
                not force
                and len(gone) > ARCHIVE_COUNT_LIMIT
                and len(gone) > ARCHIVE_SHARE_LIMIT * live
            ):
                raise DataImportError.single(
                    path.name,
                    f"would archive {len(gone):,} of the {live:,} records Hearth holds from "
                    f"this source ({len(gone) / live:.0%}), because the file does not list "
                    "them. Is it truncated or filtered? Nothing was changed. If the source "
                    "really dropped them, import it again with --force.",
                )
            # A source's records change in bulk (tens of thousands at once),
            # so they are written in batches with a revision each and one
            # audit event for the import (not one per record).
            now = timezone.now()
            for asset in gone:
                asset.status = Asset.Status.ARCHIVED
                asset.archived_by_source = True
                asset.updated = now
            verified = ["last_verified", "review_due", "expires", "updated"]
            for asset in restored:
                asset.updated = now
            for asset, _changes in updated:
                asset.updated = now
            save_fields(gone, ["status", "archived_by_source", "updated"])
            save_fields(
                restored, [*RECORD_FIELDS, "status", "archived_by_source", *verified]
            )
            save_fields([a for a, _c in updated], [*RECORD_FIELDS, *verified])
            AssetRevision.objects.bulk_create(
                [
                    AssetRevision(
                        asset=a,
                        by=user,
                        action="archived",
                        note=f"No longer in {path.name}",
                    )
                    for a in gone
                ]
                + [
                    AssetRevision(
                        asset=a,
                        by=user,
                        action="restored",
                        note=f"Listed again in {path.name}",
                    )
                    for a in restored
                ]
                + [
                    AssetRevision(
                        asset=a,
                        by=user,
                        action="updated by import",
                        note=path.name,
                        changes=_jsonable(changes),
                    )
                    for a, changes in updated
                ],
                batch_size=2000,
            )
            outcome.archived = len(gone)
            outcome.restored = len(restored)
            outcome.updated = len(updated)
            created = Asset.objects.bulk_create(new_assets, batch_size=2000)
            if created and created[0].pk is None:  # backends that do not return ids
                created = list(
                    Asset.objects.filter(
                        source=source, source_id__in=[a.source_id for a in new_assets]
                    )
                )
            AssetRevision.objects.bulk_create(
                [
                    AssetRevision(asset=a, by=user, action="imported", note=path.name)
                    for a in created
                ],
                batch_size=2000,
            )
            outcome.created = len(created)
            outcome.unlocated = sum(
                1 for r in rows if r["lon"] is None or r["lat"] is None
            )
            outcome.duplicates = find_duplicates_for(created)
            outcome.seconds = time.perf_counter() - start
            AssetImport.objects.create(
                file_name=path.name,
                kind=source,
                checksum=checksum,
                outcome="imported",
                created=outcome.created,
                updated=outcome.updated,
                skipped=outcome.skipped,
                unlocated=outcome.unlocated,
                message=outcome.describe(),
            )
            audit.record(
                "import",
                object_type="assets.asset",
                object_id=source[:64],
                label=f"Assets from {path.name}"[:200],
                changes={
                    "source": source,
                    "created": outcome.created,
                    "updated": outcome.updated,
                    "restored": outcome.restored,
                    "archived": outcome.archived,
                },
                actor=by,
            )
            refresh_dataset()
    except DataImportError as error:
        AssetImport.objects.create(
            file_name=path.name,
            kind=source,
            checksum=checksum,
            outcome="failed",
            message=str(error),
        )
        raise
    from .queries import bump

    bump()
    return outcome


def _jsonable(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    out = {}
    for name, values in changes.items():
        out[name] = [
            v.isoformat() if isinstance(v, datetime.date) else v for v in values
        ]
    return out


def find_duplicates_for(assets: list[Asset]) -> int:
    """Record possible duplicates between these assets and the rest of the register."""
    located = [a for a in assets if a.located]
    if not located:
        return 0
    ids = {a.pk for a in located}
    others = list(
        Asset.objects.exclude(status=Asset.Status.ARCHIVED)
        .filter(lon__isnull=False, lat__isnull=False)
        .only("pk", "name", "lon", "lat", "source", "category")
    )
    if not others:
        return 0
    matches = find_matches(
        [a.name for a in located],
        np.array([a.lat for a in located], dtype=float),
        np.array([a.lon for a in located], dtype=float),
        [o.name for o in others],
        np.array([o.lat for o in others], dtype=float),
        np.array([o.lon for o in others], dtype=float),
        new_categories=[a.category for a in located],
        existing_categories=[o.category for o in others],
    )
    pairs = []
    for match in matches:
        first, second = located[match.left], others[match.right]
        if first.category != second.category:
            # "Eastcote Pharmacy" and "Eastcote Library" share a place name,
            # not an identity. Across categories only near-identical names
            # count, except for warm spaces, which are hosted by other assets.
            hosted = "warm-space" in {first.category, second.category}
            needed = CROSS_CATEGORY_SIMILARITY if hosted else 0.95
            if match.name_similarity < needed:
                continue
        if first.pk == second.pk or (second.pk in ids and second.pk < first.pk):
            continue
        if first.source and first.source == second.source:
            continue  # one source does not list a place twice on purpose
        a, b = sorted([first.pk, second.pk])
        pairs.append(
            DuplicatePair(
                first_id=a,
                second_id=b,
                distance_m=match.distance_m,
                name_similarity=match.name_similarity,
                score=match.score,
            )
        )
    DuplicatePair.objects.bulk_create(pairs, ignore_conflicts=True, batch_size=2000)
    return len(pairs)


@transaction.atomic
def save_asset(
    asset: Asset, *, by: Any, note: str = "", action: str = "edited"
) -> Asset:
    """Save an edited asset with a revision of what changed."""
    before = {}
    if asset.pk:
        before = snapshot(Asset.objects.get(pk=asset.pk))
    if asset.postcode and (asset.lon is None or asset.lat is None):
        hit = geocode([asset.postcode]).get(asset.postcode.replace(" ", "").upper())
        if hit is None:
            raise AssetError(f"Hearth does not know the postcode {asset.postcode}")
        asset.lon, asset.lat, _lsoa = hit
    moved = (before.get("lon"), before.get("lat")) != (asset.lon, asset.lat)
    if asset.located and (moved or not asset.lsoa21):
        code = lsoa_for_points(
            np.array([asset.lon], dtype=float), np.array([asset.lat], dtype=float)
        )[0]
        asset.lsoa21 = code or ""
        asset.lad_code = lad_of([asset.lsoa21]).get(asset.lsoa21, "") if code else ""
    if asset.status == Asset.Status.PUBLISHED and asset.last_verified is None:
        asset.mark_verified()
    created = asset.pk is None
    asset.save()
    after = snapshot(asset)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if created or changes:
        AssetRevision.objects.create(
            asset=asset,
            by=by if getattr(by, "is_authenticated", False) else None,
            action="created" if created else action,
            note=note[:500],
            changes={} if created else changes,
        )
    # The "assets" dataset (and so the resilience index) is refreshed by
    # imports and `hearth assets refresh`, not by every edit: each refresh
    # starts a new data version, which empties the analysis caches.
    return asset


def verify(asset: Asset, *, by: Any, note: str = "") -> Asset:
    asset.mark_verified()
    if asset.status in {Asset.Status.DRAFT, Asset.Status.PENDING}:
        asset.status = Asset.Status.PUBLISHED
    return save_asset(
        asset, by=by, note=note or "Checked and still correct", action="verified"
    )


@transaction.atomic
def decide_duplicate(pair: DuplicatePair, *, same: bool, by: Any) -> None:
    """Confirm or reject a possible duplicate; the same place is merged by
    archiving the second record (its history stays)."""
    if pair.decision != DuplicatePair.Decision.OPEN:
        raise AssetError("This pair has already been decided")
    pair.decision = (
        DuplicatePair.Decision.SAME if same else DuplicatePair.Decision.DIFFERENT
    )
    pair.decided_by = by
    pair.decided_at = timezone.now()
    pair.save()
    if same:
        keep, drop = pair.first, pair.second
        for name in RECORD_FIELDS:
            if not getattr(keep, name) and getattr(drop, name):
                setattr(keep, name, getattr(drop, name))
        save_asset(
            keep, by=by, note=f"Merged with {drop.name} (#{drop.pk})", action="merged"
        )
        drop.status = Asset.Status.ARCHIVED
        save_asset(
            drop,
            by=by,
            note=f"Same place as {keep.name} (#{keep.pk})",
            action="archived as duplicate",
        )


@transaction.atomic
def accept_suggestion(
    suggestion: Suggestion, *, by: Any, category: str, note: str = ""
) -> Asset:
    if suggestion.status != Suggestion.Status.PENDING:
        raise AssetError("This suggestion has already been moderated")
    from hearthcore.assets import CATEGORIES

    if category not in CATEGORIES:
        raise AssetError("Choose a category")
    asset = Asset(
        name=suggestion.name,
        description=suggestion.why,
        category=category,
        asset_type=CATEGORIES[category][1],
        lon=suggestion.lon,
        lat=suggestion.lat,
        postcode=suggestion.postcode,
        status=Asset.Status.PUBLISHED,
        source="resident",
        source_id=f"suggestion-{suggestion.pk}",
    )
    save_asset(asset, by=by, note=note or "Suggested by a resident")
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.asset = asset
    suggestion.moderated_by = by
    suggestion.moderated_at = timezone.now()
    suggestion.moderation_note = note[:500]
    suggestion.save()
    return asset


@transaction.atomic
def reject_suggestion(suggestion: Suggestion, *, by: Any, note: str) -> None:
    if suggestion.status != Suggestion.Status.PENDING:
        raise AssetError("This suggestion has already been moderated")
    if not note.strip():
        raise AssetError("Say why the suggestion is rejected")
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.moderated_by = by
    suggestion.moderated_at = timezone.now()
    suggestion.moderation_note = note[:500]
    suggestion.photo = None  # not kept once it is no longer needed
    suggestion.save()


# --- the "assets" dataset the resilience index reads -----------------------------


def refresh_dataset() -> None:
    """Publish assets per 1,000 residents per LSOA as dataset "assets".

    It joins the resilience index's social level. Only published assets in
    an LSOA count; LSOAs without assets count 0.
    """
    from hearth.areas.models import Indicator

    population_indicator = (
        Indicator.objects.select_related("dataset")
        .defer("values")
        .filter(dataset__kind="census2021_disability", code="total")
        .first()
    )
    # A place listed by several sources counts once (see places.py).
    rows = list(
        Asset.objects.public().exclude(lsoa21="").values_list("pk", "source", "lsoa21")
    )
    places = places_of({pk: source for pk, source, _lsoa in rows})
    counts = pd.Series(
        count_places(places, {pk: lsoa for pk, _source, lsoa in rows}), dtype=float
    )
    if population_indicator is None or counts.empty:
        return
    from hearth.areas.queries import column

    population = column(population_indicator)
    population = population[population.index.str.startswith("E")]
    per_1000 = (
        counts.reindex(population.index).fillna(0.0)
        / population.where(population > 0)
        * 1000
    )
    frame = pd.DataFrame(
        {
            "assets": counts.reindex(population.index).fillna(0.0),
            "assets_per_1000": per_1000,
        }
    )
    checksum = hashlib.sha256(
        pd.util.hash_pandas_object(frame).to_numpy().tobytes()
    ).hexdigest()
    replace_dataset(
        DatasetMeta(
            kind="assets",
            title="Community assets (Hearth asset register)",
            publisher=settings.HEARTH_COUNCIL_NAME,
            release=timezone.localdate().isoformat(),
            licence="See each asset's source",
            attribution="Hearth asset register",
            geography=Geography.LSOA21,
        ),
        frame,
        labels={
            "assets": "Published community assets (places, each counted once)",
            "assets_per_1000": "Assets per 1,000 residents (places, each counted once)",
        },
        checksum=checksum,
        source_file="asset register",
        directions={"assets": False, "assets_per_1000": False},
    )
    DatasetImport.objects.create(
        kind="assets",
        source_file="asset register",
        checksum=checksum,
        rows=len(frame),
        outcome=DatasetImport.Outcome.IMPORTED,
        by="asset register",
    )
    clear_caches()
