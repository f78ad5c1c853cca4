"""The directory's use cases: import feeds, edit, propose, approve, verify.

Every write is one transaction and leaves a ``ServiceRevision`` (and, for
the models the audit registry tracks, an audit event). Imports land whole
or not at all.
"""

from __future__ import annotations

import datetime
import math
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hearth.assets.models import Asset
from hearth.audit import services as audit
from hearth.core.errors import DomainError
from hearthcore import directory as core
from hearthcore.directory import stable_uuid
from hearthcore.sources.tabular import sha256_of

from . import drafts
from .models import (
    Contact,
    CostOption,
    FeedImport,
    FeedLocation,
    Funding,
    Language,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceProposal,
    ServiceRevision,
    ServiceTerm,
    Taxonomy,
    TaxonomyTerm,
)
from .queries import bump

# As for assets: an import may archive a few services its source dropped,
# but not most of them (a truncated download must not empty the directory).
ARCHIVE_SHARE_LIMIT = 0.2
ARCHIVE_COUNT_LIMIT = 25
#: A feed's location within this distance of an asset with a near-identical
#: name is that asset (reused, not copied).
SAME_PLACE_METRES = 150.0
SAME_PLACE_SIMILARITY = 0.9
LANGUAGE_CODES = {
    "arabic": "ar",
    "bengali": "bn",
    "british sign language": "bfi",
    "bsl": "bfi",
    "chinese": "zh",
    "mandarin": "cmn",
    "cantonese": "yue",
    "english": "en",
    "french": "fr",
    "german": "de",
    "gujarati": "gu",
    "hindi": "hi",
    "italian": "it",
    "kurdish": "ku",
    "lithuanian": "lt",
    "pashto": "ps",
    "persian": "fa",
    "farsi": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "punjabi": "pa",
    "romanian": "ro",
    "russian": "ru",
    "somali": "so",
    "spanish": "es",
    "tamil": "ta",
    "tigrinya": "ti",
    "turkish": "tr",
    "ukrainian": "uk",
    "urdu": "ur",
    "welsh": "cy",
}


class DirectoryError(DomainError):
    """A directory change that cannot go ahead (the message says why)."""


class FeedImportError(DirectoryError):
    """A feed that was not imported; nothing changed. ``problems`` lists why."""

    def __init__(self, file_name: str, problems: list[str]) -> None:
        shown = problems[:20]
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{file_name}: " + "\n".join(shown) + more)
        self.problems = problems


# --- seed taxonomies --------------------------------------------------------------


def ensure_lga_taxonomies() -> int:
    """Load the LGA Services and Functions lists if they are not there yet.

    Returns the number of terms added (0 when they were already loaded).
    Their ids are stable (derived from the esd URIs), so every Hearth has
    the same ones.
    """
    added = 0
    for taxonomy, terms in (core.lga_services(), core.lga_functions()):
        if Taxonomy.objects.filter(uuid=taxonomy.id).exists():
            continue
        with transaction.atomic():
            row = Taxonomy.objects.create(
                uuid=taxonomy.id,
                name=taxonomy.name,
                description=taxonomy.description or "",
                uri=taxonomy.uri or "",
                version=taxonomy.version or "",
                source="lga",
            )
            created = TaxonomyTerm.objects.bulk_create(
                [
                    TaxonomyTerm(
                        uuid=t.id,
                        taxonomy=row,
                        name=t.name[:300],
                        description=t.description or "",
                        code=t.code or "",
                        term_uri=t.term_uri or "",
                    )
                    for t in terms
                ],
                batch_size=500,
            )
            _link_parents({t.id: t.parent_id for t in terms if t.parent_id})
            added += len(created)
    if added:
        bump()
    return added


def _link_parents(parents: dict[str, str]) -> None:
    """Set each term's parent from {term uuid: parent uuid}."""
    if not parents:
        return
    pks = dict(
        TaxonomyTerm.objects.filter(
            uuid__in=set(parents) | set(parents.values())
        ).values_list("uuid", "pk")
    )
    rows = []
    for child, parent in parents.items():
        if child in pks and parent in pks:
            rows.append(TaxonomyTerm(pk=pks[child], parent_id=pks[parent]))
    TaxonomyTerm.objects.bulk_update(rows, ["parent"], batch_size=500)


# --- feeds -------------------------------------------------------------------------------


@dataclass
class FeedOutcome:
    file_name: str
    source: str
    version: str
    services: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    restored: int = 0
    archived: int = 0
    organizations: int = 0
    terms: int = 0
    locations_reused: int = 0
    locations_created: int = 0
    locations_left_out: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.file_name} (ORUK v{self.version} feed, source {self.source}): "
            f"{self.services:,} services: {self.created:,} new, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.restored:,} restored, "
            f"{self.archived:,} archived (no longer listed); "
            f"{self.organizations:,} organisations, {self.terms:,} taxonomy terms; "
            f"locations: {self.locations_reused:,} existing assets reused, "
            f"{self.locations_created:,} assets added, {self.locations_left_out:,} left out "
            f"(no place); {len(self.warnings):,} warnings; in {self.seconds:.1f} s"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "source": self.source,
            "version": self.version,
            "services": self.services,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "restored": self.restored,
            "archived": self.archived,
            "organizations": self.organizations,
            "taxonomy_terms": self.terms,
            "locations": {
                "reused": self.locations_reused,
                "created": self.locations_created,
                "left_out": self.locations_left_out,
            },
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
        }


def source_for(path: Path) -> str:
    """The default source name of a feed file: its name without the date.

    ``oruk_v2_services_list_bristol_openplace_directory_2024-12-18.json.gz``
    is ``oruk-v2-services-list-bristol-openplace-directory``, so next
    month's snapshot updates the same services.
    """
    stem = path.name
    for suffix in (".gz", ".json"):
        stem = stem.removesuffix(suffix)
    stem = re.sub(r"[_-]?\d{4}-\d{2}-\d{2}$", "", stem)
    return slugify(stem.replace("_", "-"))[:60] or "oruk-feed"


def _feed_rows(service: core.Service) -> dict[str, Any]:
    """The service's own fields as stored (for change detection)."""
    return {
        "name": service.name[:500],
        "description": service.description or "",
        "url": (service.url or "")[:1000],
        "email": (service.email or "")[:254],
        "status": service.status,
        "fees": service.fees or "",
        "accreditations": service.accreditations or "",
        "minimum_age": None
        if service.minimum_age is None
        else int(service.minimum_age),
        "maximum_age": None
        if service.maximum_age is None
        else math.ceil(service.maximum_age),
        "assured_date": service.assured_date,
        "alert": service.alert or "",
    }


def _parts_of(
    service: core.Service, sal_assets: list[int | None]
) -> dict[str, list[dict[str, Any]]]:
    """The service's parts as rows to write (and to compare)."""
    sal_position = {sal.id: i for i, sal in enumerate(service.service_at_locations)}
    return {
        "sals": [
            {"uuid": sal.id, "asset_id": asset, "position": i}
            for i, (sal, asset) in enumerate(
                zip(service.service_at_locations, sal_assets, strict=True)
            )
            if asset is not None
        ],
        "schedules": [
            {
                "uuid": s.id,
                "position": i,
                "sal": sal_position.get(s.service_at_location_id or ""),
                "freq": s.freq or "",
                "interval": s.interval,
                "byday": s.byday or "",
                "bymonthday": s.bymonthday or "",
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "dtstart": s.dtstart,
                "description": s.description or "",
                "notes": s.notes or "",
                "attending_type": (s.attending_type or "")[:200],
                "schedule_link": (s.schedule_link or "")[:1000],
            }
            for i, s in enumerate(service.schedules)
        ],
        "contacts": [
            {
                "uuid": c.id,
                "position": i,
                "name": (c.name or "")[:300],
                "title": (c.title or "")[:300],
                "description": c.description or "",
                "email": (c.email or "")[:254],
                "phones": [
                    {"id": p.id, "number": p.number, "description": p.description or ""}
                    for p in c.phones
                ],
            }
            for i, c in enumerate(service.contacts)
        ],
        "cost_options": [
            {
                "uuid": c.id,
                "position": i,
                "option": (c.option or "")[:300],
                "amount": None
                if c.amount is None
                else Decimal(str(round(c.amount, 2))),
                "amount_description": (c.amount_description or "")[:500],
                "valid_from": c.valid_from,
                "valid_to": c.valid_to,
            }
            for i, c in enumerate(service.cost_options)
        ],
        "languages": [
            {
                "uuid": x.id,
                "position": i,
                "name": (x.name or "")[:100],
                "code": (x.code or "")[:20],
            }
            for i, x in enumerate(service.languages)
        ],
        "service_areas": [
            {
                "uuid": a.id,
                "position": i,
                "name": (a.name or "")[:300],
                "extent": a.extent or "",
                "extent_type": (a.extent_type or "")[:50],
                "uri": (a.uri or "")[:1000],
            }
            for i, a in enumerate(service.service_areas)
        ],
        "funding": [
            {"uuid": f.id, "position": i, "source": (f.source or "")[:500]}
            for i, f in enumerate(service.funding)
        ],
        "terms": [
            {
                "uuid": a.id,
                "position": i,
                "term": a.taxonomy_term_id,
                "link_type": (a.link_type or "")[:100],
            }
            for i, a in enumerate(service.attributes)
        ],
    }


def _unique_ids(
    parts: dict[str, list[dict[str, Any]]], service_id: str, seen: dict[str, set[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Give a part whose feed id another part already has an id of its own."""
    for kind, rows in parts.items():
        used = seen.setdefault(kind, set())
        for row in rows:
            if row["uuid"] in used:
                row["uuid"] = stable_uuid(
                    "hearth/part", f"{service_id}/{kind}/{row['position']}"
                )
            used.add(row["uuid"])
    return parts


_PART_MODELS: dict[str, Any] = {
    "schedules": Schedule,
    "contacts": Contact,
    "cost_options": CostOption,
    "languages": Language,
    "service_areas": ServiceArea,
    "funding": Funding,
}


def _stored_parts(service: Service) -> dict[str, list[dict[str, Any]]]:
    """The parts a service row has now, in the shape of :func:`_parts_of`."""
    sals = list(service.service_at_locations.all())
    position = {sal.pk: sal.position for sal in sals}
    out: dict[str, list[dict[str, Any]]] = {
        "sals": [
            {"uuid": s.uuid, "asset_id": s.asset_id, "position": s.position}
            for s in sals
        ]
    }
    for name in _PART_MODELS:
        keys = _parts_keys[name]
        rows = []
        for part in getattr(service, name).all():
            row = {key: getattr(part, key) for key in keys}
            if name == "schedules":
                row["sal"] = position.get(part.service_at_location_id)
            rows.append(row)
        out[name] = rows
    out["terms"] = [
        {
            "uuid": t.uuid,
            "position": t.position,
            "term": t.term.uuid,
            "link_type": t.link_type,
        }
        for t in service.terms.all()
    ]
    return out


_parts_keys = {
    "schedules": [
        "uuid", "position", "freq", "interval", "byday", "bymonthday", "opens_at",
        "closes_at", "valid_from", "valid_to", "dtstart", "description", "notes",
        "attending_type", "schedule_link",
    ],
    "contacts": ["uuid", "position", "name", "title", "description", "email", "phones"],
    "cost_options": [
        "uuid", "position", "option", "amount", "amount_description", "valid_from", "valid_to",
    ],
    "languages": ["uuid", "position", "name", "code"],
    "service_areas": ["uuid", "position", "name", "extent", "extent_type", "uri"],
    "funding": ["uuid", "position", "source"],
}  # fmt: skip


def _write_parts(
    services: list[tuple[Service, dict[str, list[dict[str, Any]]]]],
) -> None:
    """Replace the parts of these services with the given rows."""
    if not services:
        return
    ids = [s.pk for s, _parts in services]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for model in (*_PART_MODELS.values(), ServiceTerm, ServiceAtLocation):
            model.objects.filter(service_id__in=chunk).delete()
    sal_rows: list[ServiceAtLocation] = []
    for service, parts in services:
        sal_rows.extend(
            ServiceAtLocation(service=service, **row) for row in parts["sals"]
        )
    ServiceAtLocation.objects.bulk_create(sal_rows, batch_size=1000)
    sal_pk = {
        (service_id, position): pk
        for service_id, position, pk in ServiceAtLocation.objects.filter(
            service_id__in=ids
        ).values_list("service_id", "position", "pk")
    }
    term_pk = dict(
        TaxonomyTerm.objects.filter(
            uuid__in={row["term"] for _s, parts in services for row in parts["terms"]}
        ).values_list("uuid", "pk")
    )
    for name, model in _PART_MODELS.items():
        rows = []
        for service, parts in services:
            for row in parts[name]:
                values = dict(row)
                if name == "schedules":
                    sal = values.pop("sal", None)
                    values["service_at_location_id"] = (
                        sal_pk.get((service.pk, sal)) if sal is not None else None
                    )
                rows.append(model(service=service, **values))
        model.objects.bulk_create(rows, batch_size=1000)
    ServiceTerm.objects.bulk_create(
        [
            ServiceTerm(
                service=service,
                uuid=row["uuid"],
                position=row["position"],
                term_id=term_pk[row["term"]],
                link_type=row["link_type"],
            )
            for service, parts in services
            for row in parts["terms"]
            if row["term"] in term_pk
        ],
        batch_size=1000,
    )


def _resolve_locations(
    feed: core.Feed, source: str, by: Any, outcome: FeedOutcome
) -> dict[str, int | None]:
    """The asset each feed location is: mapped before, the same place, or new."""
    from hearth.assets.services import AssetError, find_duplicates_for, save_asset
    from hearthcore.assets import find_matches

    mapped = dict(
        FeedLocation.objects.filter(source=source).values_list(
            "location_id", "asset_id"
        )
    )
    out: dict[str, int | None] = {}
    todo = []
    for location in feed.locations:
        if location.id in mapped:
            out[location.id] = mapped[location.id]
        else:
            todo.append(location)
    located = [loc for loc in todo if loc.latitude is not None]
    if located:
        others = list(
            Asset.objects.exclude(status=Asset.Status.ARCHIVED)
            .filter(lat__isnull=False)
            .only("pk", "name", "lat", "lon")
        )
        if others:
            for match in find_matches(
                [loc.name or "" for loc in located],
                np.array([loc.latitude for loc in located], dtype=float),
                np.array([loc.longitude for loc in located], dtype=float),
                [o.name for o in others],
                np.array([o.lat for o in others], dtype=float),
                np.array([o.lon for o in others], dtype=float),
                max_distance_m=SAME_PLACE_METRES,
                min_similarity=SAME_PLACE_SIMILARITY,
            ):
                location = located[match.left]
                if location.id not in out and location.name:
                    out[location.id] = others[match.right].pk
                    outcome.locations_reused += 1
    created: list[Asset] = []
    for location in todo:
        if location.id in out:
            continue
        postcode = (
            next((a.postal_code for a in location.addresses if a.postal_code), "") or ""
        )
        if location.latitude is None and not postcode:
            out[location.id] = None
            outcome.locations_left_out += 1
            continue
        address = next(iter(location.addresses), None)
        text = (
            ", ".join(x for x in (address.address_1, address.city) if x)
            if address
            else ""
        )
        asset = Asset(
            name=(location.name or text or "Service location")[:200],
            description=location.description or "",
            category="other",
            asset_type="physical",
            lat=location.latitude,
            lon=location.longitude,
            postcode=postcode[:8],
            address=text[:300],
            status=Asset.Status.PUBLISHED,
            source=f"oruk-location:{source}"[:60],
            source_id=location.id,
        )
        try:
            save_asset(asset, by=by, note=f"Location of a service in the {source} feed")
        except AssetError:
            out[location.id] = None
            outcome.locations_left_out += 1
            continue
        out[location.id] = asset.pk
        created.append(asset)
        outcome.locations_created += 1
    FeedLocation.objects.bulk_create(
        [
            FeedLocation(source=source, location_id=loc_id, asset_id=asset)
            for loc_id, asset in out.items()
            if asset is not None and loc_id not in mapped
        ],
        ignore_conflicts=True,
    )
    if created:
        find_duplicates_for(created)
    return out


def import_feed(
    path: Path | str,
    *,
    source: str | None = None,
    namespace: str | None = None,
    by: Any = None,
    force: bool = False,
    take_referrals: bool = False,
) -> FeedOutcome:
    """Import an ORUK feed (v1, v2 or v3 JSON, plain or gzipped): all or nothing.

    Services are matched by id: new ones are published, changed ones
    updated, those the source lists again restored, and those it no longer
    lists archived (more than a fifth of the source needs ``force``).
    New services take referrals through Hearth only with ``take_referrals``
    (a feed's providers are not in Hearth to answer them); an officer can
    switch it on per service.
    Locations become assets of the register: an asset already there (same
    name within 150 m) is reused, otherwise one is added. Raises
    FeedImportError, and changes nothing, if the feed cannot be read.
    """
    path = Path(path)
    start = time.perf_counter()
    source = (source or source_for(path))[:60]
    checksum = sha256_of(path) if path.is_file() else ""

    def failed(problems: list[str]) -> FeedImportError:
        FeedImport.objects.create(
            file_name=path.name[:300],
            source=source,
            checksum=checksum,
            outcome="failed",
            message="\n".join(problems[:50]),
        )
        return FeedImportError(path.name, problems)

    if not path.is_file():
        raise failed([f"there is no file {path}"])
    try:
        feed = core.read_feed(str(path), namespace=namespace or f"hearth-feed:{source}")
    except core.FeedError as error:
        raise failed(list(error.problems)) from None
    except (OSError, ValueError, EOFError) as error:
        raise failed([f"cannot be read as JSON ({error})"]) from None
    if not feed.services:
        raise failed(["holds no services"])
    outcome = FeedOutcome(path.name, source, feed.version, services=len(feed.services))
    outcome.warnings = list(feed.warnings)
    try:
        with transaction.atomic():
            _import(feed, path, source, by, force, outcome, take_referrals)
    except FeedImportError as error:
        raise failed(error.problems) from None
    outcome.seconds = time.perf_counter() - start
    bump()
    return outcome


def _import(
    feed: core.Feed,
    path: Path,
    source: str,
    by: Any,
    force: bool,
    outcome: FeedOutcome,
    take_referrals: bool = False,
) -> None:
    ensure_lga_taxonomies()
    now = timezone.now()
    today = timezone.localdate()
    user = by if getattr(by, "is_authenticated", False) else None
    # Taxonomies and terms, by id (the shared ORUK 1.0 vocabularies keep
    # theirs across feeds, so both councils' "Carers" is one term).
    fallback: Taxonomy | None = None
    existing_tax = {
        t.uuid: t
        for t in Taxonomy.objects.filter(uuid__in=[t.id for t in feed.taxonomies])
    }
    for feed_taxonomy in feed.taxonomies:
        tax_row = existing_tax.get(feed_taxonomy.id) or Taxonomy(
            uuid=feed_taxonomy.id, source=source
        )
        tax_row.name = feed_taxonomy.name[:200]
        tax_row.description = feed_taxonomy.description or tax_row.description
        tax_row.uri = feed_taxonomy.uri or tax_row.uri
        tax_row.version = feed_taxonomy.version or tax_row.version
        tax_row.save()
        existing_tax[feed_taxonomy.id] = tax_row
    if any(
        t.taxonomy_id is None or t.taxonomy_id not in existing_tax for t in feed.terms
    ):
        fallback, _ = Taxonomy.objects.get_or_create(
            uuid=stable_uuid("hearth/feed-taxonomy", source),
            defaults={"name": f"Terms of the {source} feed"[:200], "source": source},
        )
    held_terms = {
        t.uuid: t
        for t in TaxonomyTerm.objects.filter(uuid__in=[t.id for t in feed.terms])
    }
    new_terms: list[TaxonomyTerm] = []
    changed_terms: list[TaxonomyTerm] = []
    for term in feed.terms:
        term_taxonomy = existing_tax.get(term.taxonomy_id or "") or fallback
        if term_taxonomy is None:  # pragma: no cover - a fallback was made above
            raise FeedImportError(path.name, [f"term {term.id} has no taxonomy"])
        values = {
            "taxonomy_id": term_taxonomy.pk,
            "name": term.name[:300],
            "description": term.description or "",
            "code": (term.code or "")[:100],
            "term_uri": (term.term_uri or "")[:1000],
        }
        held_term = held_terms.get(term.id)
        if held_term is None:
            new_terms.append(TaxonomyTerm(uuid=term.id, **values))
        elif any(getattr(held_term, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(held_term, k, v)
            changed_terms.append(held_term)
    TaxonomyTerm.objects.bulk_create(new_terms, batch_size=500)
    TaxonomyTerm.objects.bulk_update(
        changed_terms,
        ["taxonomy", "name", "description", "code", "term_uri"],
        batch_size=500,
    )
    _link_parents({t.id: t.parent_id for t in feed.terms if t.parent_id})
    outcome.terms = len(feed.terms)
    # Organisations, by id (their link to a Hearth organisation is kept).
    held_orgs = {
        o.uuid: o
        for o in Organization.objects.filter(
            uuid__in=[o.id for o in feed.organizations]
        )
    }
    new_orgs: list[Organization] = []
    changed_orgs: list[Organization] = []
    org_fields = [
        "name",
        "description",
        "email",
        "website",
        "logo",
        "uri",
        "source_id",
        "charity_number",
        "company_number",
    ]
    for org in feed.organizations:
        org_row = held_orgs.get(org.id) or Organization(uuid=org.id, source=source)
        org_values = {
            "name": org.name[:500],
            "description": org.description or "",
            "email": (org.email or "")[:254],
            "website": (org.website or "")[:1000],
            "logo": (org.logo or "")[:1000],
            "uri": (org.uri or "")[:1000],
            "source_id": (org.source_id or "")[:200],
            "charity_number": org_row.charity_number,
            "company_number": org_row.company_number,
        }
        for ident in org.identifiers:
            scheme = (ident.identifier_scheme or "").upper()
            if scheme == "GB-CHC":
                org_values["charity_number"] = ident.identifier[:20]
            elif scheme == "GB-COH":
                org_values["company_number"] = ident.identifier[:20]
        if org_row.pk is None:
            for k, v in org_values.items():
                setattr(org_row, k, v)
            new_orgs.append(org_row)
        elif any(getattr(org_row, k) != v for k, v in org_values.items()):
            for k, v in org_values.items():
                setattr(org_row, k, v)
            org_row.updated = now
            changed_orgs.append(org_row)
    Organization.objects.bulk_create(new_orgs, batch_size=1000)
    Organization.objects.bulk_update(
        changed_orgs, [*org_fields, "updated"], batch_size=1000
    )
    org_pk: dict[str, int] = dict(
        Organization.objects.filter(
            uuid__in=[o.id for o in feed.organizations]
        ).values_list("uuid", "pk")
    )
    outcome.organizations = len(feed.organizations)
    # A service without an organisation belongs to the feed's own.
    orphan_org = None
    if any(
        s.organization_id is None or s.organization_id not in org_pk
        for s in feed.services
    ):
        orphan_org, _ = Organization.objects.get_or_create(
            uuid=stable_uuid("hearth/feed-organization", source),
            defaults={"name": f"Services of the {source} feed"[:500], "source": source},
        )
    locations = _resolve_locations(feed, source, by, outcome)
    # Services.
    held_services = {
        s.uuid: s
        for s in Service.objects.filter(uuid__in=[s.id for s in feed.services]).prefetch_related(
            "service_at_locations", "schedules", "contacts", "cost_options", "languages",
            "service_areas", "funding", "terms__term",
        )
    }  # fmt: skip
    problems = [
        f"service {s.id} ({s.name}) is already in the directory from "
        f"{held_services[s.id].source or 'Hearth'}: import this feed with that --source"
        for s in feed.services
        if s.id in held_services and held_services[s.id].source != source
    ]
    if problems:
        raise FeedImportError(path.name, problems)
    seen_ids: dict[str, set[str]] = {}
    to_write: list[tuple[Service, dict[str, list[dict[str, Any]]]]] = []
    new_services: list[tuple[Service, dict[str, list[dict[str, Any]]]]] = []
    for service in feed.services:
        fields = _feed_rows(service)
        owner = org_pk.get(service.organization_id or "")
        if owner is None:
            if orphan_org is None:  # pragma: no cover - made above
                raise FeedImportError(
                    path.name, [f"service {service.id} has no organisation"]
                )
            owner = orphan_org.pk
        fields["organization_id"] = owner
        parts = _unique_ids(
            _parts_of(
                service,
                [
                    locations.get(sal.location.id)
                    for sal in service.service_at_locations
                ],
            ),
            service.id,
            seen_ids,
        )
        held_row = held_services.get(service.id)
        if held_row is None:
            new_row = Service(
                uuid=service.id,
                source=source,
                source_id=(service.source_id or "")[:200],
                last_modified=now,
                accepts_referrals=take_referrals,
                **fields,
            )
            new_row.mark_verified(today)
            new_services.append((new_row, parts))
            continue
        row = held_row
        restored = row.state == Service.State.ARCHIVED and row.archived_by_source
        changed = {
            k: [str(getattr(row, k)), str(v)]
            for k, v in fields.items()
            if getattr(row, k) != v
        }
        parts_changed = _stored_parts(row) != parts
        if not (restored or changed or parts_changed):
            outcome.unchanged += 1
            continue
        for k, v in fields.items():
            setattr(row, k, v)
        if restored:
            row.state = Service.State.PUBLISHED
            row.archived_by_source = False
            outcome.restored += 1
        else:
            outcome.updated += 1
        row.last_modified = now
        row.mark_verified(today)
        row.save()
        ServiceRevision.objects.create(
            service=row,
            by=user,
            action="restored by import" if restored else "updated by import",
            note=path.name[:1000],
            changes=changed | ({"parts": ["", "changed"]} if parts_changed else {}),
        )
        to_write.append((row, parts))
    created = Service.objects.bulk_create(
        [s for s, _p in new_services], batch_size=1000
    )
    if created and created[0].pk is None:  # backends that do not return ids
        pks = dict(
            Service.objects.filter(uuid__in=[s.uuid for s in created]).values_list(
                "uuid", "pk"
            )
        )
        for s in created:
            s.pk = pks[s.uuid]
    ServiceRevision.objects.bulk_create(
        [
            ServiceRevision(
                service=s, by=user, action="imported", note=path.name[:1000]
            )
            for s in created
        ],
        batch_size=1000,
    )
    outcome.created = len(created)
    _write_parts(to_write + new_services)
    # What the source no longer lists is archived, not deleted.
    listed = {s.id for s in feed.services}
    live = Service.objects.filter(source=source).exclude(state=Service.State.ARCHIVED)
    gone = [s for s in live.only("pk", "uuid") if s.uuid not in listed]
    total = live.count()
    if (
        not force
        and len(gone) > ARCHIVE_COUNT_LIMIT
        and len(gone) > ARCHIVE_SHARE_LIMIT * total
    ):
        raise FeedImportError(
            path.name,
            [
                f"would archive {len(gone):,} of the {total:,} services Hearth holds from "
                f"source {source} ({len(gone) / total:.0%}), because the file does not list "
                "them. Is it truncated or filtered? Nothing was changed. If the source really "
                "dropped them, import it again with --force."
            ],
        )
    Service.objects.filter(pk__in=[s.pk for s in gone]).update(
        state=Service.State.ARCHIVED, archived_by_source=True, last_modified=now
    )
    ServiceRevision.objects.bulk_create(
        [
            ServiceRevision(
                service=s,
                by=user,
                action="archived",
                note=f"No longer in {path.name}"[:1000],
            )
            for s in gone
        ]
    )
    outcome.archived = len(gone)
    FeedImport.objects.create(
        file_name=path.name[:300],
        source=source,
        version=feed.version,
        checksum=sha256_of(path),
        outcome="imported",
        created=outcome.created,
        updated=outcome.updated + outcome.restored,
        archived=outcome.archived,
        message=outcome.describe(),
    )
    audit.record(
        "import",
        object_type="directory.service",
        object_id=source[:64],
        label=f"Directory services from {path.name}"[:200],
        changes={
            "source": source,
            "created": outcome.created,
            "updated": outcome.updated,
            "restored": outcome.restored,
            "archived": outcome.archived,
        },
        actor=by,
    )


# --- editing: drafts ------------------------------------------------------------


def _schedule_rows(
    service: Service, schedules: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rows = []
    for i, s in enumerate(schedules):
        rows.append(
            {
                "uuid": stable_uuid("hearth/schedule", f"{service.uuid}/{i}"),
                "position": i,
                "sal": None,
                "freq": s.get("freq") or "WEEKLY",
                "interval": s.get("interval") or None,
                "byday": s.get("byday") or "",
                "bymonthday": s.get("bymonthday") or "",
                "opens_at": _parse_time(s.get("opens_at")),
                "closes_at": _parse_time(s.get("closes_at")),
                "valid_from": None,
                "valid_to": None,
                "dtstart": None,
                "description": s.get("description") or "",
                "notes": "",
                "attending_type": "",
                "schedule_link": "",
            }
        )
    return rows


def _parse_time(value: Any) -> datetime.time | None:
    if not value:
        return None
    hour, minute = str(value).split(":")[:2]
    return datetime.time(int(hour), int(minute))


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise DirectoryError(f"{value!r} is not an amount of money") from None


def check_draft(draft: dict[str, Any]) -> None:
    """Raise DirectoryError if a draft breaks a rule the core model enforces."""
    if not (draft.get("name") or "").strip():
        raise DirectoryError("A service needs a name")
    if draft.get("status") not in core.STATUSES:
        raise DirectoryError("Choose the service's status")
    low, high = draft.get("minimum_age"), draft.get("maximum_age")
    if low is not None and high is not None and low > high:
        raise DirectoryError("The youngest age is above the oldest age")
    for schedule in draft.get("schedules") or []:
        try:
            core.Schedule(
                id=stable_uuid("check", "schedule"),
                freq=schedule.get("freq") or "WEEKLY",
                byday=schedule.get("byday") or None,
                bymonthday=schedule.get("bymonthday") or None,
                interval=schedule.get("interval") or None,
            )
        except ValueError as error:
            raise DirectoryError(f"A schedule cannot be read: {error}") from None
    if not Organization.objects.filter(pk=draft.get("organization") or 0).exists():
        raise DirectoryError("Choose the organisation that runs the service")
    unknown = set(draft.get("locations") or []) - set(
        Asset.objects.filter(pk__in=draft.get("locations") or []).values_list(
            "pk", flat=True
        )
    )
    if unknown:
        raise DirectoryError("A place chosen is not in the asset register")


@transaction.atomic
def apply_draft(
    service: Service,
    draft: dict[str, Any],
    *,
    by: Any,
    note: str = "",
    action: str = "edited",
) -> Service:
    """Write a draft to a service (new or existing), with a revision of what changed."""
    check_draft(draft)
    before = drafts.draft_of(service) if service.pk else {}
    service.organization_id = draft["organization"]
    for name in drafts.SCALARS:
        value = draft.get(name)
        if name in ("minimum_age", "maximum_age", "capacity_per_week"):
            setattr(service, name, value)
        elif name == "accepts_referrals":
            setattr(service, name, bool(value))
        else:
            setattr(service, name, value or "")
    service.last_modified = timezone.now()
    created = service.pk is None
    service.save()
    service.refresh_from_db(fields=["uuid"])
    keep_links = {sal.asset_id: sal.uuid for sal in service.service_at_locations.all()}
    parts: dict[str, list[dict[str, Any]]] = {
        "sals": [
            {
                "uuid": keep_links.get(pk)
                or stable_uuid("hearth/service_at_location", f"{service.uuid}/{pk}"),
                "asset_id": pk,
                "position": i,
            }
            for i, pk in enumerate(dict.fromkeys(draft.get("locations") or []))
        ],
        "schedules": _schedule_rows(service, draft.get("schedules") or []),
        "contacts": [
            {
                "uuid": stable_uuid("hearth/contact", f"{service.uuid}/{i}"),
                "position": i,
                "name": c.get("name") or "",
                "title": c.get("title") or "",
                "description": "",
                "email": c.get("email") or "",
                "phones": [
                    {
                        "id": stable_uuid("hearth/phone", f"{service.uuid}/{i}/0"),
                        "number": c["phone"],
                        "description": "",
                    }
                ]
                if c.get("phone")
                else [],
            }
            for i, c in enumerate(draft.get("contacts") or [])
        ],
        "cost_options": [
            {
                "uuid": stable_uuid("hearth/cost_option", f"{service.uuid}/{i}"),
                "position": i,
                "option": c.get("option") or "",
                "amount": _amount(c.get("amount")),
                "amount_description": c.get("amount_description") or "",
                "valid_from": None,
                "valid_to": None,
            }
            for i, c in enumerate(draft.get("cost_options") or [])
        ],
        "languages": [
            {
                "uuid": stable_uuid("hearth/language", f"{service.uuid}/{i}"),
                "position": i,
                "name": name[:100],
                "code": LANGUAGE_CODES.get(name.casefold(), ""),
            }
            for i, name in enumerate(draft.get("languages") or [])
        ],
        "terms": [
            {
                "uuid": stable_uuid("hearth/attribute", f"{service.uuid}/{uuid}"),
                "position": i,
                "term": uuid,
                "link_type": "",
            }
            for i, uuid in enumerate(dict.fromkeys(draft.get("terms") or []))
        ],
    }
    # Parts no form edits are kept as they are.
    for name in ("service_areas", "funding"):
        parts[name] = [
            {key: getattr(p, key) for key in _parts_keys[name]}
            for p in getattr(service, name).all()
        ]
    _write_parts([(service, parts)])
    after = drafts.draft_of(service)
    changed = drafts.changes(before, after, drafts.names_for(before, after))
    if created or changed:
        ServiceRevision.objects.create(
            service=service,
            by=by if getattr(by, "is_authenticated", False) else None,
            action="created" if created else action,
            note=note[:1000],
            changes={} if created else changed,
        )
    bump()
    return service


@transaction.atomic
def create_service(draft: dict[str, Any], *, by: Any, note: str = "") -> Service:
    """An officer adds a service: published and verified today."""
    service = Service(state=Service.State.PUBLISHED)
    service.mark_verified()
    return apply_draft(service, draft, by=by, note=note)


@transaction.atomic
def propose_service(
    draft: dict[str, Any], *, by: Any, note: str = ""
) -> ServiceProposal:
    """A provider adds a service: it waits, unpublished, for council approval."""
    service = apply_draft(Service(state=Service.State.PENDING), draft, by=by, note=note)
    return ServiceProposal.objects.create(
        service=service, new_service=True, draft=draft, base={}, note=note[:1000], by=by
    )


@transaction.atomic
def propose_change(
    service: Service, draft: dict[str, Any], *, by: Any, note: str = ""
) -> ServiceProposal | None:
    """A provider changes a published service: the change waits for approval.

    A new proposal replaces one still waiting. Returns None when the draft
    changes nothing. A service still waiting for its first approval is
    changed at once (it is not public yet).
    """
    check_draft(draft)
    current = drafts.draft_of(service)
    if service.state == Service.State.PENDING:
        apply_draft(service, draft, by=by, note=note, action="changed before approval")
        proposal = service.proposals.filter(
            status=ServiceProposal.Status.PENDING
        ).first()
        if proposal is not None:
            proposal.draft = draft
            proposal.note = (note or proposal.note)[:1000]
            proposal.save(update_fields=["draft", "note"])
        return proposal
    if not drafts.changes(current, draft):
        return None
    service.proposals.filter(status=ServiceProposal.Status.PENDING).update(
        status=ServiceProposal.Status.SUPERSEDED
    )
    return ServiceProposal.objects.create(
        service=service, draft=draft, base=current, note=note[:1000], by=by
    )


@transaction.atomic
def approve(proposal: ServiceProposal, *, by: Any, note: str = "") -> Service:
    """The council approves a provider's change (or new service): it goes live."""
    proposal = ServiceProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ServiceProposal.Status.PENDING:
        raise DirectoryError("This change has already been decided")
    service = proposal.service
    # The council has checked it: ORUK's assured_date is the directory
    # owner's last quality check.
    service.assured_date = timezone.localdate()
    if proposal.new_service:
        service.state = Service.State.PUBLISHED
        service.mark_verified()
        apply_draft(
            service,
            proposal.draft,
            by=by,
            note=note or proposal.note,
            action="approved",
        )
    else:
        service.mark_verified()
        apply_draft(
            service,
            proposal.draft,
            by=by,
            note=note or proposal.note,
            action=f"change by {proposal.by.get_username() if proposal.by else 'a provider'} approved",
        )
    proposal.status = ServiceProposal.Status.APPROVED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note[:1000]
    proposal.save()
    return service


@transaction.atomic
def reject(proposal: ServiceProposal, *, by: Any, note: str) -> None:
    """Send a provider's change back, saying why."""
    if proposal.status != ServiceProposal.Status.PENDING:
        raise DirectoryError("This change has already been decided")
    if not note.strip():
        raise DirectoryError(
            "Say why the change is sent back, so the provider can fix it"
        )
    proposal.status = ServiceProposal.Status.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note[:1000]
    proposal.save()
    ServiceRevision.objects.create(
        service=proposal.service, by=by, action="change sent back", note=note[:1000]
    )


@transaction.atomic
def verify(service: Service, *, by: Any, note: str = "") -> Service:
    """Someone checked the service and it is still right: review and expiry restart."""
    if service.state != Service.State.PUBLISHED:
        raise DirectoryError("Only a published service can be marked as checked")
    service.mark_verified()
    service.assured_date = service.last_verified
    service.save(
        update_fields=["last_verified", "review_due", "expires", "assured_date"]
    )
    ServiceRevision.objects.create(
        service=service,
        by=by,
        action="verified",
        note=(note or "Checked and still correct")[:1000],
    )
    bump()
    return service


@transaction.atomic
def set_capacity(
    service: Service, *, capacity: int | None, accepts_referrals: bool, by: Any
) -> Service:
    """A provider says how many people a week the service can take.

    Capacity is operational, not published through ORUK, so it needs no
    approval.
    """
    changes = {}
    if service.capacity_per_week != capacity:
        changes["Places per week"] = [
            str(service.capacity_per_week or ""),
            str(capacity or ""),
        ]
    if service.accepts_referrals != accepts_referrals:
        changes["Takes referrals through Hearth"] = [
            "Yes" if service.accepts_referrals else "No",
            "Yes" if accepts_referrals else "No",
        ]
    if not changes:
        return service
    service.capacity_per_week = capacity
    service.accepts_referrals = accepts_referrals
    service.save(update_fields=["capacity_per_week", "accepts_referrals"])
    ServiceRevision.objects.create(
        service=service, by=by, action="capacity updated", changes=changes
    )
    return service


@transaction.atomic
def archive(service: Service, *, by: Any, note: str) -> Service:
    """Take a service out of the directory (it is kept, with its history)."""
    if not note.strip():
        raise DirectoryError("Say why the service is archived")
    service.state = Service.State.ARCHIVED
    service.last_modified = timezone.now()
    service.save(update_fields=["state", "last_modified"])
    service.proposals.filter(status=ServiceProposal.Status.PENDING).update(
        status=ServiceProposal.Status.SUPERSEDED
    )
    ServiceRevision.objects.create(
        service=service, by=by, action="archived", note=note[:1000]
    )
    bump()
    return service


@transaction.atomic
def restore(service: Service, *, by: Any) -> Service:
    if service.state != Service.State.ARCHIVED:
        raise DirectoryError("Only an archived service can be restored")
    service.state = Service.State.PUBLISHED
    service.archived_by_source = False
    service.mark_verified()
    service.last_modified = timezone.now()
    service.save()
    ServiceRevision.objects.create(service=service, by=by, action="restored")
    bump()
    return service


def organization_for(account: Any) -> Organization:
    """The directory organisation a Hearth organisation keeps (made if missing)."""
    found = Organization.objects.filter(account=account).order_by("pk").first()
    if found is not None:
        return found
    return Organization.objects.create(
        name=account.name, website=account.website or "", account=account
    )


@transaction.atomic
def save_term(
    taxonomy: Taxonomy,
    *,
    name: str,
    description: str = "",
    parent: TaxonomyTerm | None = None,
    code: str = "",
) -> TaxonomyTerm:
    """Add a term to the council's own taxonomy."""
    if not taxonomy.local:
        raise DirectoryError(
            f"{taxonomy.name} is a published vocabulary: add terms to the council's own"
        )
    if not name.strip():
        raise DirectoryError("A term needs a name")
    if taxonomy.terms.filter(name__iexact=name.strip(), parent=parent).exists():
        raise DirectoryError(f"{taxonomy.name} already has the term {name.strip()}")
    term = TaxonomyTerm.objects.create(
        taxonomy=taxonomy,
        name=name.strip()[:300],
        description=description.strip(),
        parent=parent,
        code=code.strip()[:100],
    )
    bump()
    return term
