"""A plain model of a service directory, shaped like Open Referral UK 3.0.

The classes are frozen dataclasses with keyword-only fields, so the web app
can build them from its database rows and the feed reader from imported
records; :mod:`hearthcore.directory.oruk3` turns them into ORUK 3.0 JSON.

Identifiers are UUID strings, as ORUK 3.0 requires everywhere. A record whose
own identifier is not a UUID (a database key, an ORUK v1 id such as ``"123"``)
gets a deterministic UUID from :func:`stable_uuid`, and keeps its original
identifier in ``source_id``, which ORUK has no field for and which is never
serialised.

Text is plain text (paragraphs separated by a blank line) and ``None`` means
"not known": the serialiser leaves out empty optional fields.

Eligibility is ``minimum_age``/``maximum_age`` on the service, as in the UK
profile (ORUK 3.0 has no eligibility object).

>>> org = Organization(id=stable_uuid("hearth/organization", "1"), name="Age UK")
>>> service = Service(id=stable_uuid("hearth/service", "7"), name="Lunch club",
...                   organization=org, minimum_age=60)
>>> service.organization_id == org.id, service.status
(True, 'active')
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Final

#: Service status values (ORUK 3.0 ``enums.json`` ``service_status``).
STATUSES: Final = ("active", "inactive", "defunct", "temporarily closed")
#: Location and address types (``location_type``).
LOCATION_TYPES: Final = ("physical", "postal", "virtual")
#: Schedule frequencies: ORUK restricts RFC 5545 ``FREQ`` to these two.
FREQUENCIES: Final = ("WEEKLY", "MONTHLY")
#: RFC 5545 weekday codes, Monday first.
DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
#: ``byday`` as the ORUK ``enums.json`` pattern allows (``MO,WE``, ``2MO``, ``-1FR``).
BYDAY_PATTERN: Final = re.compile(
    r"^([+-]?\d?)?(MO|TU|WE|TH|FR|SA|SU)(,([+-]?\d?)?(MO|TU|WE|TH|FR|SA|SU))*$"
)
_BYMONTHDAY = re.compile(r"^[+-]?\d{1,2}(,[+-]?\d{1,2})*$")

#: The root of every :func:`stable_uuid` (never change it: ids derive from it).
HEARTH_NAMESPACE: Final = uuid.UUID("6f1d3b0e-6a4c-5e8f-9b2a-4c1e7d9a0b35")


def stable_uuid(namespace: str, key: str) -> str:
    """Derive a UUID that is the same every time for the same namespace and key.

    It is a version 5 (SHA-1) UUID of ``key`` within a UUID derived from
    ``namespace``, both under Hearth's fixed root, so the same key in two
    namespaces gives two unrelated ids.

    Parameters
    ----------
    namespace : str
        What kind of record and where it comes from, e.g. ``"hearth/service"``
        for the web app's services, or ``"<feed url>/service"`` for a feed.
    key : str
        The record's own identifier within the namespace, e.g. a primary key.

    Returns
    -------
    str
        A lower-case UUID string.

    Examples
    --------
    >>> stable_uuid("hearth/service", "42")
    '556ef325-e47f-5995-8a24-ed95f2ba288d'
    >>> stable_uuid("hearth/service", "42") == stable_uuid("hearth/location", "42")
    False
    """
    return str(uuid.uuid5(uuid.uuid5(HEARTH_NAMESPACE, namespace), key))


def is_uuid(value: object) -> bool:
    """Whether a value is a UUID string in the 8-4-4-4-12 hexadecimal form.

    This is the form ORUK 3.0's ``format: uuid`` accepts (any variant and
    version, either case).

    Parameters
    ----------
    value : object
        Anything.

    Returns
    -------
    bool
        True for a string such as ``"3121dd2f-3900-4c90-b529-4c265f026d6f"``.

    Examples
    --------
    >>> is_uuid("3121dd2f-3900-4c90-b529-4c265f026d6f"), is_uuid("123")
    (True, False)
    """
    return isinstance(value, str) and _UUID.match(value) is not None


def _check_id(value: str | None, what: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not is_uuid(value):
        raise ValueError(f"{what} must be a UUID string, not {value!r}")


def _check_text(value: str | None, what: str) -> None:
    if value is not None and not value.strip():
        raise ValueError(f"{what} is empty: use None for a missing value")


@dataclass(frozen=True, kw_only=True)
class OrganizationIdentifier:
    """A third-party identifier of an organisation (charity or company number).

    ``identifier_scheme`` is an org-id.guide list code such as ``GB-CHC``
    (charities in England and Wales) or ``GB-COH`` (Companies House).
    """

    id: str
    identifier_type: str
    identifier: str
    identifier_scheme: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "organization identifier id")
        _check_text(self.identifier_type, "identifier_type")
        _check_text(self.identifier, "identifier")


@dataclass(frozen=True, kw_only=True)
class Organization:
    """An organisation that provides services.

    ORUK requires a description; one that is not known (``None``) is served
    as an empty string.
    """

    id: str
    name: str
    description: str | None = None
    email: str | None = None
    website: str | None = None
    logo: str | None = None
    uri: str | None = None
    parent_organization_id: str | None = None
    identifiers: tuple[OrganizationIdentifier, ...] = ()
    source_id: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "organization id")
        _check_id(self.parent_organization_id, "parent_organization_id", optional=True)
        if not self.name or not self.name.strip():
            raise ValueError("an organization needs a name")


@dataclass(frozen=True, kw_only=True)
class Address:
    """A postal or physical address of a location.

    ORUK requires ``address_1``, ``city``, ``state_province``, ``postal_code``
    and ``country``; the parts that are not known are served as empty
    strings. ``country`` is an ISO 3166-1 alpha-2 code.
    """

    id: str
    address_1: str | None = None
    city: str | None = None
    state_province: str | None = None
    postal_code: str | None = None
    country: str | None = "GB"
    address_type: str = "physical"
    attention: str | None = None
    region: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "address id")
        if self.address_type not in LOCATION_TYPES:
            raise ValueError(f"unknown address_type {self.address_type!r}")


@dataclass(frozen=True, kw_only=True)
class Accessibility:
    """Arrangements for access to a location, e.g. for wheelchair users."""

    id: str
    description: str | None = None
    details: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "accessibility id")


@dataclass(frozen=True, kw_only=True)
class Location:
    """A place where services are delivered (or a virtual location).

    Latitude and longitude are WGS84 decimal degrees.
    """

    id: str
    name: str | None = None
    description: str | None = None
    location_type: str = "physical"
    latitude: float | None = None
    longitude: float | None = None
    external_identifier: str | None = None
    external_identifier_type: str | None = None
    addresses: tuple[Address, ...] = ()
    accessibility: tuple[Accessibility, ...] = ()
    source_id: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "location id")
        if self.location_type not in LOCATION_TYPES:
            raise ValueError(f"unknown location_type {self.location_type!r}")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValueError(f"latitude {self.latitude} is out of range")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValueError(f"longitude {self.longitude} is out of range")


@dataclass(frozen=True, kw_only=True)
class ServiceAtLocation:
    """A service delivered at a location."""

    id: str
    location: Location
    source_id: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "service_at_location id")


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """When a service (or a service at one location) runs: an RFC 5545 rule.

    ``freq`` is ``WEEKLY`` or ``MONTHLY``; ``byday`` lists RFC 5545 weekday
    codes (``"MO,WE"``; for a monthly rule each may carry an ordinal, as in
    ``"2TU"`` or ``"-1FR"``); ``bymonthday`` lists days of the month
    (``"1,15"``). Times are local (Europe/London) wall-clock times.
    ``service_at_location_id`` ties the schedule to one of the service's
    locations; ``None`` means the service as a whole.
    """

    id: str
    freq: str | None = None
    interval: int | None = None
    byday: str | None = None
    bymonthday: str | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    dtstart: dt.date | None = None
    description: str | None = None
    notes: str | None = None
    attending_type: str | None = None
    schedule_link: str | None = None
    service_at_location_id: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "schedule id")
        _check_id(self.service_at_location_id, "service_at_location_id", optional=True)
        if self.freq is not None and self.freq not in FREQUENCIES:
            raise ValueError(f"freq must be WEEKLY or MONTHLY, not {self.freq!r}")
        if self.byday is not None and not BYDAY_PATTERN.match(self.byday):
            raise ValueError(f"byday {self.byday!r} is not like 'MO,WE' or '2TU'")
        if self.bymonthday is not None and not _BYMONTHDAY.match(self.bymonthday):
            raise ValueError(f"bymonthday {self.bymonthday!r} is not like '1,15'")
        if self.interval is not None and self.interval < 1:
            raise ValueError("interval must be at least 1")

    def weekdays(self) -> frozenset[str]:
        """Return the weekday codes this schedule runs on, as far as the rule says.

        ``byday`` gives them (ordinals such as ``2TU`` count as Tuesday);
        without ``byday``, a weekly rule runs on the weekday of ``dtstart``.
        Otherwise (e.g. a monthly rule by day of the month) no weekday is
        certain and the set is empty.

        Returns
        -------
        frozenset of str
            Codes from :data:`DAYS`.

        Examples
        --------
        >>> rule = Schedule(id=stable_uuid("x", "1"), freq="MONTHLY", byday="2TU,-1FR")
        >>> sorted(rule.weekdays())
        ['FR', 'TU']
        """
        if self.byday:
            return frozenset(part[-2:] for part in self.byday.split(","))
        if self.freq == "WEEKLY" and self.dtstart is not None:
            return frozenset({DAYS[self.dtstart.weekday()]})
        return frozenset()


@dataclass(frozen=True, kw_only=True)
class Phone:
    """A telephone number of a contact."""

    id: str
    number: str
    description: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "phone id")
        if not self.number.strip():
            raise ValueError("a phone needs a number")


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A named contact for a service.

    ORUK 3.0's ``contact`` has no e-mail or phones; they are served as the
    HSDS 3.0 fields ``email`` and ``phones`` unless extras are turned off
    (see :func:`hearthcore.directory.oruk3.service_json`).
    """

    id: str
    name: str | None = None
    title: str | None = None
    description: str | None = None
    email: str | None = None
    phones: tuple[Phone, ...] = ()

    def __post_init__(self) -> None:
        _check_id(self.id, "contact id")


@dataclass(frozen=True, kw_only=True)
class CostOption:
    """What a service costs; ``amount`` in pounds, 0 for free."""

    id: str
    option: str | None = None
    amount: float | None = None
    amount_description: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "cost option id")


@dataclass(frozen=True, kw_only=True)
class Language:
    """A language a service is offered in.

    ``name`` (e.g. ``"Polish"``) and ``code`` (ISO 639, e.g. ``"pl"``) are
    HSDS 3.0 fields that the ORUK 3.0 ``language`` object lacks; they are
    served as extras.
    """

    id: str
    name: str | None = None
    code: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "language id")


@dataclass(frozen=True, kw_only=True)
class Funding:
    """A source of a service's funding."""

    id: str
    source: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "funding id")


@dataclass(frozen=True, kw_only=True)
class ServiceArea:
    """The area a service covers: a name, and optionally a GeoJSON or other extent."""

    id: str
    name: str | None = None
    extent: str | None = None
    extent_type: str | None = None
    uri: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "service area id")


@dataclass(frozen=True, kw_only=True)
class Taxonomy:
    """A vocabulary of terms, such as the LGA Services List.

    ORUK requires a description; one not known is served as an empty string.
    """

    id: str
    name: str
    description: str | None = None
    uri: str | None = None
    version: str | None = None
    source_id: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "taxonomy id")
        if not self.name.strip():
            raise ValueError("a taxonomy needs a name")


@dataclass(frozen=True, kw_only=True)
class TaxonomyTerm:
    """A term of a taxonomy.

    ``code`` is the term's code in its vocabulary (e.g. LGA service ``"1614"``);
    ORUK 3.0 has no field for it, so it is served as the HSDS 3.0 extra
    ``code``. ``taxonomy`` is free text naming the vocabulary.
    """

    id: str
    name: str
    description: str | None = None
    code: str | None = None
    parent_id: str | None = None
    taxonomy_id: str | None = None
    taxonomy: str | None = None
    term_uri: str | None = None
    source_id: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "taxonomy term id")
        _check_id(self.parent_id, "parent_id", optional=True)
        _check_id(self.taxonomy_id, "taxonomy_id", optional=True)
        if not self.name.strip():
            raise ValueError("a taxonomy term needs a name")


@dataclass(frozen=True, kw_only=True)
class Attribute:
    """A link from a service to a taxonomy term that describes it.

    ``link_type`` says what the term describes (e.g. ``"audience"``).
    """

    id: str
    taxonomy_term: TaxonomyTerm
    link_type: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "attribute id")

    @property
    def taxonomy_term_id(self) -> str:
        """The linked term's id."""
        return self.taxonomy_term.id


@dataclass(frozen=True, kw_only=True)
class Service:
    """A service, with everything ORUK nests in ``/services/{id}``.

    ``organization_id`` defaults to the id of ``organization``; a feed may
    give only the id. Schedules for one of the service's locations carry
    that ``ServiceAtLocation``'s id.
    """

    id: str
    name: str
    status: str = "active"
    description: str | None = None
    organization: Organization | None = None
    organization_id: str | None = None
    url: str | None = None
    email: str | None = None
    fees: str | None = None
    accreditations: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    assured_date: dt.date | None = None
    assurer_email: str | None = None
    alert: str | None = None
    last_modified: dt.datetime | None = None
    schedules: tuple[Schedule, ...] = ()
    service_areas: tuple[ServiceArea, ...] = ()
    service_at_locations: tuple[ServiceAtLocation, ...] = ()
    languages: tuple[Language, ...] = ()
    funding: tuple[Funding, ...] = ()
    cost_options: tuple[CostOption, ...] = ()
    contacts: tuple[Contact, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    source_id: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "service id")
        if not self.name or not self.name.strip():
            raise ValueError("a service needs a name")
        if self.status not in STATUSES:
            raise ValueError(
                f"unknown status {self.status!r}: expected one of {', '.join(STATUSES)}"
            )
        if self.organization is not None:
            if self.organization_id is None:
                object.__setattr__(self, "organization_id", self.organization.id)
            elif self.organization_id != self.organization.id:
                raise ValueError("organization_id is not the organization's id")
        _check_id(self.organization_id, "organization_id", optional=True)
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValueError("minimum_age is above maximum_age")
        if self.last_modified is not None and self.last_modified.tzinfo is None:
            raise ValueError("last_modified needs a time zone (e.g. datetime.UTC)")
        sal_ids = {sal.id for sal in self.service_at_locations}
        for schedule in self.schedules:
            if (
                schedule.service_at_location_id is not None
                and schedule.service_at_location_id not in sal_ids
            ):
                raise ValueError(
                    f"schedule {schedule.id} names a service_at_location "
                    "this service does not have"
                )

    @property
    def locations(self) -> tuple[Location, ...]:
        """The locations of the service, in the order of its service_at_locations."""
        return tuple(sal.location for sal in self.service_at_locations)
