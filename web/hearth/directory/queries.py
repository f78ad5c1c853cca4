"""Read the directory fast, in the analytics core's model.

The published directory is built once per version (of the directory and of
the asset register) into ``hearthcore.directory`` dataclasses and kept in
the shared cache; the ORUK API and the public search both filter that list
with :func:`find_services`, so the same query gives the same services in
either place.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

from hearth.assets import queries as asset_queries
from hearth.assets.models import ACCESSIBILITY_CHOICES, Asset
from hearth.core.cache import versioned
from hearthcore import directory as core
from hearthcore.assets.schema import ACCESSIBILITY
from hearthcore.directory import DAYS, stable_uuid

from .models import (
    Contact,
    CostOption,
    Funding,
    Language,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTerm,
    TaxonomyTerm,
)

log = logging.getLogger(__name__)
VERSION_KEY = "hearth-directory-version"
TOKEN_KEY = "hearth-directory-version-token"  # noqa: S105 - a cache key
ACCESSIBILITY_LABELS = {**ACCESSIBILITY, **dict(ACCESSIBILITY_CHOICES)}


def version() -> str:
    """The directory's version: a counter, and a token of the cache it lives in.

    The token is new whenever the counter is (a cleared cache, a rolled-back
    test), so an old version's results are never mistaken for the current.
    """
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(TOKEN_KEY)
    value = cache.get(VERSION_KEY)
    if value is None:
        value = 1
        cache.add(VERSION_KEY, value, None)
    return f"{token}:{value}"


def bump() -> None:
    """Call after any change to the directory (signals do it for single saves).

    Before the cache table exists (during the first ``migrate``), nothing is
    cached yet, so there is nothing to invalidate. The savepoint keeps that
    failure from aborting the caller's transaction (PostgreSQL refuses every
    later statement in a transaction once one has failed).
    """
    try:
        with transaction.atomic():
            try:
                cache.incr(VERSION_KEY)
            except ValueError:
                cache.set(VERSION_KEY, 2, None)
    except DatabaseError:
        pass


# --- rows to the core model ------------------------------------------------------


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def location_of(asset: Asset) -> core.Location:
    """An asset as an ORUK location.

    A sensitive asset (a refuge) is published as the asset register
    publishes it: a point rounded to about a kilometre, the postcode's
    outward code, and nothing finer (no address, no description).
    """
    point = asset.public_point()
    postcode = asset.postcode[:-3].strip() if asset.sensitive else asset.postcode
    address_1, city = "", ""
    if not asset.sensitive and asset.address:
        parts = [p.strip() for p in asset.address.split(",") if p.strip()]
        if len(parts) > 1:
            address_1, city = ", ".join(parts[:-1]), parts[-1]
        else:
            address_1 = asset.address
    addresses: tuple[core.Address, ...] = ()
    if address_1 or postcode:
        addresses = (
            core.Address(
                id=stable_uuid("hearth/address", str(asset.pk)),
                address_1=_text(address_1),
                city=_text(city),
                postal_code=_text(postcode),
                country="GB",
            ),
        )
    accessibility = tuple(
        core.Accessibility(
            id=stable_uuid("hearth/accessibility", f"{asset.pk}/{key}"),
            description=ACCESSIBILITY_LABELS.get(key, key),
        )
        for key in (asset.accessibility or [])
        if not asset.sensitive
    )
    return core.Location(
        id=stable_uuid("hearth/location", str(asset.pk)),
        name=_text(asset.name),
        description=None if asset.sensitive else _text(asset.description[:2000]),
        latitude=point[1] if point else None,
        longitude=point[0] if point else None,
        addresses=addresses,
        accessibility=accessibility,
    )


def organization_core(org: Organization) -> core.Organization:
    identifiers = []
    if org.charity_number:
        identifiers.append(
            core.OrganizationIdentifier(
                id=stable_uuid("hearth/organization_identifier", f"{org.pk}/charity"),
                identifier_scheme="GB-CHC",
                identifier_type="Registered charity number",
                identifier=org.charity_number,
            )
        )
    if org.company_number:
        identifiers.append(
            core.OrganizationIdentifier(
                id=stable_uuid("hearth/organization_identifier", f"{org.pk}/company"),
                identifier_scheme="GB-COH",
                identifier_type="Companies House number",
                identifier=org.company_number,
            )
        )
    return core.Organization(
        id=org.uuid,
        name=org.name,
        description=_text(org.description),
        email=_text(org.email),
        website=_text(org.website),
        logo=_text(org.logo),
        uri=_text(org.uri),
        identifiers=tuple(identifiers),
    )


def term_core(term: TaxonomyTerm) -> core.TaxonomyTerm:
    return core.TaxonomyTerm(
        id=term.uuid,
        name=term.name,
        description=_text(term.description),
        code=_text(term.code),
        parent_id=term.parent.uuid if term.parent_id and term.parent else None,
        taxonomy_id=term.taxonomy.uuid,
        taxonomy=term.taxonomy.name,
        term_uri=_text(term.term_uri),
    )


def _safe(build: Any, what: str, service: Service) -> Any:
    """Build one part; a part the core refuses is left out (and logged by id)."""
    try:
        return build()
    except ValueError as error:
        log.warning("directory service %s: %s left out (%s)", service.pk, what, error)
        return None


def service_core(
    service: Service,
    organizations: dict[int, core.Organization],
    parts: dict[str, list[Any]],
) -> core.Service:
    """A service row and its parts (see :func:`build`) as a core ``Service``."""
    sals = []
    sal_ids: dict[int, str] = {}
    for sal in parts["service_at_locations"]:
        if sal.asset.status == Asset.Status.ARCHIVED:
            continue  # the place has gone from the register
        sals.append(
            core.ServiceAtLocation(id=sal.uuid, location=location_of(sal.asset))
        )
        sal_ids[sal.pk] = sal.uuid
    schedules = []
    for s in parts["schedules"]:
        built = _safe(
            lambda s=s: core.Schedule(
                id=s.uuid,
                freq=s.freq or None,
                interval=s.interval,
                byday=s.byday or None,
                bymonthday=s.bymonthday or None,
                opens_at=s.opens_at,
                closes_at=s.closes_at,
                valid_from=s.valid_from,
                valid_to=s.valid_to,
                dtstart=s.dtstart,
                description=_text(s.description),
                notes=_text(s.notes),
                attending_type=_text(s.attending_type),
                schedule_link=_text(s.schedule_link),
                service_at_location_id=sal_ids.get(s.service_at_location_id)
                if s.service_at_location_id
                else None,
            ),
            "a schedule",
            service,
        )
        if built is not None:
            schedules.append(built)
    contacts = []
    for c in parts["contacts"]:
        phones = tuple(
            core.Phone(
                id=p.get("id") or stable_uuid("hearth/phone", f"{c.uuid}/{i}"),
                number=p["number"],
                description=_text(p.get("description")),
            )
            for i, p in enumerate(c.phones or [])
            if (p.get("number") or "").strip()
        )
        contacts.append(
            core.Contact(
                id=c.uuid,
                name=_text(c.name),
                title=_text(c.title),
                description=_text(c.description),
                email=_text(c.email),
                phones=phones,
            )
        )
    organization = organizations[service.organization_id]
    return core.Service(
        id=service.uuid,
        name=service.name,
        status=service.status,
        description=_text(service.description),
        organization=organization,
        url=_text(service.url),
        email=_text(service.email),
        fees=_text(service.fees),
        accreditations=_text(service.accreditations),
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age
        if service.minimum_age is None
        or service.maximum_age is None
        or service.maximum_age >= service.minimum_age
        else None,
        assured_date=service.assured_date,
        alert=_text(service.alert),
        last_modified=service.last_modified,
        schedules=tuple(schedules),
        service_areas=tuple(
            core.ServiceArea(
                id=a.uuid,
                name=_text(a.name),
                extent=_text(a.extent),
                extent_type=_text(a.extent_type),
                uri=_text(a.uri),
            )
            for a in parts["service_areas"]
        ),
        service_at_locations=tuple(sals),
        languages=tuple(
            core.Language(id=x.uuid, name=_text(x.name), code=_text(x.code))
            for x in parts["languages"]
        ),
        funding=tuple(
            core.Funding(id=f.uuid, source=_text(f.source)) for f in parts["funding"]
        ),
        cost_options=tuple(
            core.CostOption(
                id=c.uuid,
                option=_text(c.option),
                amount=None if c.amount is None else float(c.amount),
                amount_description=_text(c.amount_description),
                valid_from=c.valid_from,
                valid_to=c.valid_to,
            )
            for c in parts["cost_options"]
        ),
        contacts=tuple(contacts),
        attributes=tuple(
            core.Attribute(
                id=link.uuid,
                taxonomy_term=term_core(link.term),
                link_type=_text(link.link_type),
            )
            for link in parts["terms"]
        ),
    )


PART_MODELS: dict[str, Any] = {
    "schedules": Schedule,
    "contacts": Contact,
    "cost_options": CostOption,
    "languages": Language,
    "service_areas": ServiceArea,
    "funding": Funding,
}


def build(queryset: Any) -> list[core.Service]:
    """Core services for the rows of a queryset, with all their parts.

    Each table of parts is read once for all the services (by subquery)
    and grouped in memory, which is several times faster than
    ``prefetch_related`` for the whole directory.
    """
    services = list(queryset.select_related("organization"))
    ids = queryset.values("pk")
    parts: dict[str, dict[int, list[Any]]] = {}
    for name, model in PART_MODELS.items():
        parts[name] = _grouped(model.objects.filter(service_id__in=ids))
    parts["service_at_locations"] = _grouped(
        ServiceAtLocation.objects.filter(service_id__in=ids)
        .select_related("asset")
        .defer("asset__photo")
    )
    parts["terms"] = _grouped(
        ServiceTerm.objects.filter(service_id__in=ids).select_related(
            "term__taxonomy", "term__parent"
        )
    )
    organizations: dict[int, core.Organization] = {}
    out = []
    for service in services:
        if service.organization_id not in organizations:
            organizations[service.organization_id] = organization_core(
                service.organization
            )
        own = {name: rows.get(service.pk, []) for name, rows in parts.items()}
        built = _safe(
            lambda s=service, own=own: service_core(s, organizations, own),
            "the service",
            service,
        )
        if built is not None:
            out.append(built)
    return out


def _grouped(rows: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for row in rows.order_by("service_id", "position", "pk"):
        out.setdefault(row.service_id, []).append(row)
    return out


# --- the published directory, cached per version --------------------------------


@dataclass(frozen=True)
class Directory:
    """Everything published, ready to filter and serialise."""

    services: tuple[core.Service, ...]
    by_id: dict[str, core.Service]
    sal_index: dict[str, tuple[core.ServiceAtLocation, core.Service]]
    organizations: tuple[core.Organization, ...]
    organization_by_id: dict[str, core.Organization]
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def descendants(self, term_id: str) -> set[str]:
        """The term and every term below it."""
        found, todo = {term_id}, [term_id]
        while todo:
            for child in self.children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found


@versioned("directory-published", memory=4)
def _published(version_: str, assets_version: int, day: str) -> Directory:
    services = sorted(
        build(Service.objects.public()), key=lambda s: (s.name.casefold(), s.id)
    )
    sal_index = {
        sal.id: (sal, service)
        for service in services
        for sal in service.service_at_locations
    }
    organizations: dict[str, core.Organization] = {}
    for service in services:
        if service.organization is not None:
            organizations.setdefault(service.organization.id, service.organization)
    children: dict[str, list[str]] = {}
    for term, parent in TaxonomyTerm.objects.filter(parent__isnull=False).values_list(
        "uuid", "parent__uuid"
    ):
        children.setdefault(parent, []).append(term)
    return Directory(
        services=tuple(services),
        by_id={s.id: s for s in services},
        sal_index=sal_index,
        organizations=tuple(
            sorted(organizations.values(), key=lambda o: (o.name.casefold(), o.id))
        ),
        organization_by_id=organizations,
        children={k: tuple(v) for k, v in children.items()},
    )


def published() -> Directory:
    """The published directory now (services not expired, as of today)."""
    return _published(
        version(), asset_queries.version(), timezone.localdate().isoformat()
    )


# --- queries shared by the ORUK API and the public search -----------------------


class QueryError(ValueError):
    """A filter value that cannot be read; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param, self.message = param, message


_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(:([0-5]\d))?$")
#: The filters /services takes (ORUK names), in the order the docs list them.
FILTERS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "postcode",
    "proximity",
    "day",
    "start_time",
    "end_time",
    "minimum_age",
    "maximum_age",
    "modified_after",
)


@dataclass(frozen=True)
class ServiceQuery:
    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    postcode: str | None = None
    proximity: float | None = None
    day: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    modified_after: dt.datetime | None = None
    point: tuple[float, float] | None = None  # (lat, lon) of the postcode

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, "") for name in FILTERS)


def _number(params: Mapping[str, str], name: str) -> float | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise QueryError(name, f"{name} must be a number, not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise QueryError(name, f"{name} must be a number of 0 or more, not {text!r}")
    return value


def _uuid(params: Mapping[str, str], name: str) -> str | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    if not _UUID.match(text):
        raise QueryError(name, f"{name} must be a UUID, not {text!r}")
    return text.lower()


def parse_query(params: Mapping[str, str]) -> ServiceQuery:
    """Read the filters of ``/services`` (and of the public search).

    Raises QueryError, naming the parameter, for a value that cannot be
    read (the API answers 400, the search page shows it on the form).
    """
    from hearth.assets.placement import geocode

    search = (params.get("search") or "").strip()[:200] or None
    day = (params.get("day") or "").strip().upper() or None
    if day is not None and day not in DAYS:
        raise QueryError("day", f"day must be one of {', '.join(DAYS)}, not {day!r}")
    times: dict[str, str | None] = {}
    for name in ("start_time", "end_time"):
        text = (params.get(name) or "").strip() or None
        if text is not None and not _TIME.match(text):
            raise QueryError(name, f"{name} must be a time such as 09:30, not {text!r}")
        times[name] = text
    minimum_age, maximum_age = (
        _number(params, "minimum_age"),
        _number(params, "maximum_age"),
    )
    if (
        minimum_age is not None
        and maximum_age is not None
        and minimum_age > maximum_age
    ):
        raise QueryError("minimum_age", "minimum_age is above maximum_age")
    modified_after = None
    text = (params.get("modified_after") or "").strip()
    if text:
        try:
            modified_after = dt.datetime.fromisoformat(text.replace(" ", "+"))
        except ValueError:
            raise QueryError(
                "modified_after",
                f"modified_after must be a date-time such as 2024-01-31T09:00:00Z, not {text!r}",
            ) from None
        if modified_after.tzinfo is None:
            modified_after = modified_after.replace(tzinfo=dt.UTC)
    proximity = _number(params, "proximity")
    postcode = (params.get("postcode") or "").strip().upper() or None
    point = None
    if postcode:
        hit = geocode([postcode]).get(postcode.replace(" ", ""))
        if hit is None:
            raise QueryError(
                "postcode", f"Hearth does not know the postcode {postcode}"
            )
        point = (hit[1], hit[0])
    elif proximity is not None:
        raise QueryError(
            "proximity", "proximity (metres) needs a postcode to measure from"
        )
    return ServiceQuery(
        search=search,
        taxonomy_term_id=_uuid(params, "taxonomy_term_id"),
        taxonomy_id=_uuid(params, "taxonomy_id"),
        organization_id=_uuid(params, "organization_id"),
        postcode=postcode,
        proximity=proximity,
        day=day,
        start_time=times["start_time"],
        end_time=times["end_time"],
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        modified_after=modified_after,
        point=point,
    )


def find_services(
    query: ServiceQuery, directory: Directory | None = None
) -> list[tuple[float | None, core.Service]]:
    """The published services a query finds, in order, with distances.

    Ordered by name, or nearest first when the query has a postcode (then
    services without a located place are left out, and those beyond
    ``proximity`` metres). A taxonomy term matches its descendants too.
    """
    directory = directory or published()
    terms = (
        directory.descendants(query.taxonomy_term_id)
        if query.taxonomy_term_id
        else None
    )
    found = [
        service
        for service in directory.services
        if core.matches(
            service,
            search=query.search,
            taxonomy_term_id=terms,
            taxonomy_id=query.taxonomy_id,
            organization_id=query.organization_id,
            day=query.day,
            start_time=query.start_time,
            end_time=query.end_time,
            minimum_age=query.minimum_age,
            maximum_age=query.maximum_age,
            modified_after=query.modified_after,
        )
    ]
    if query.point is None:
        return [(None, s) for s in found]
    near = core.nearby(
        found,
        latitude=query.point[0],
        longitude=query.point[1],
        within_m=query.proximity,
    )
    return [(distance, service) for distance, service in near]


def needs() -> list[tuple[str, list[tuple[str, str]]]]:
    """Terms residents can search by: those in use on published services.

    Grouped by taxonomy (only taxonomies marked for residents), each group
    sorted by name: ``[(taxonomy name, [(term uuid, term name), ...])]``.
    A parent term is offered when a child is in use.
    """
    directory = published()
    used = {a.taxonomy_term_id for s in directory.services for a in s.attributes}
    parents = dict(
        TaxonomyTerm.objects.filter(parent__isnull=False).values_list(
            "uuid", "parent__uuid"
        )
    )
    for term in list(used):
        while term in parents:
            term = parents[term]
            used.add(term)
    groups: dict[str, list[tuple[str, str]]] = {}
    for term_id, name, taxonomy in (
        TaxonomyTerm.objects.filter(uuid__in=used, taxonomy__for_residents=True)
        .order_by("taxonomy__name", "name")
        .values_list("uuid", "name", "taxonomy__name")
    ):
        groups.setdefault(taxonomy, []).append((term_id, name))
    return list(groups.items())


def service_row(uuid: str) -> Service | None:
    return Service.objects.filter(uuid=uuid).select_related("organization").first()
