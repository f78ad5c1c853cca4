"""Read Open Referral UK feeds (v1, v2 and v3 JSON) into the directory model.

A feed is a JSON array of services, a page object (``contents`` in v3,
``content`` in the Spring-style v1 API) or a single service object; gzipped
or not; UTF-8 with or without a byte-order mark. The field names of ORUK 1.0
(``regular_schedules``, ``service_taxonomys``, ``eligibilitys``,
``fundings``, ``physical_addresses`` ...) and of ORUK 3.0 are both read,
whichever the detected version, so a v3 feed carrying old names loses
nothing.

Versions: ``"3"`` for ORUK 3.0 field names; ``"2"`` for ORUK 1.0 field
names with Placecube's ``pc_*`` extensions (their ``/v2/hservices``
endpoints, the shape of the Bristol and North Lincolnshire snapshots);
``"1"`` for ORUK 1.0 names otherwise. Records with neither (just ``id``,
``name``, ``status``) count as version 3 unless in a v1 ``content`` page.

All or nothing: every record is checked and the problems that make a
record unusable are collected, then raised together as :class:`FeedError`
(``record 12 (id 3456): service has no name``). Fatal are: a record that is
not an object, no id, no ``name`` field, an unknown status, and nested
values of the wrong JSON type. Everything else is repaired and reported in
:attr:`Feed.warnings`:

* a service whose name is empty is left out (one warning each);
* a repeated service id keeps the first record (one warning each);
* web addresses without a scheme get ``http://``; web addresses, e-mails,
  dates, times, numbers and coordinates that cannot be read are dropped;
  an organisation or location that differs between records keeps its first
  version; holiday schedules (no ORUK 3.0 equivalent) are dropped; each kind
  is one warning with its count and first example.

Ids that are not UUIDs (v1 ids are free strings or numbers) become
``stable_uuid(f"{namespace}/{kind}", original)`` and the original is kept
as ``source_id``; records without an id get one derived from their parent's
and their position. Pass a ``namespace`` unique to the feed (its URL) so
that two feeds' ``"1"`` do not meet.

Text: HTML descriptions become plain text (:func:`html_to_text`), names and
other short fields one tidy line, and ``""`` means missing.

Mapping from ORUK 1.0 names: ``organization.url`` → ``website``;
``eligibilitys`` → the service's ``minimum_age``/``maximum_age`` (the
smallest minimum and largest maximum; an entry without a bound leaves that
bound open); ``regular_schedules`` (also ``service_at_locations[].
regular_schedule(s)``, tied to that location) → ``schedules`` (``weekday``
→ ``byday``; ``DAILY`` → ``WEEKLY`` on every day); ``service_taxonomys[].
taxonomy{id, name, vocabulary, parent}`` → attributes with terms, one
taxonomy per vocabulary; ``physical_addresses``/``postal_addresses`` →
``addresses``; ``accessibility_for_disabilities[].accessibility`` →
``accessibility[].description``; ``languages[].language`` → ``name``;
``fundings`` → ``funding``; ``service_areas[].service_area`` → ``name``;
``pc_metadata.date_modified`` → ``last_modified`` (midnight UTC) and
``date_assured`` → ``assured_date`` when ``assured_date`` is missing;
``deliverable_type``, ``attending_type``, ``attending_access`` and
Placecube's ``pc_targetAudience`` (``"Parents>Grandparents"`` is a term under
a parent term) → attributes with terms in four shared vocabularies whose ids
do not depend on the feed. Not imported: ``reviews``, ``holiday_schedules``,
``eligibilitys[].eligibility`` text, ``pc_metadata.assured_by``,
``pc_attendingAccess_additionalInfo``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar
from urllib.parse import quote, urlsplit

from .model import (
    BYDAY_PATTERN,
    DAYS,
    LOCATION_TYPES,
    STATUSES,
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    is_uuid,
    stable_uuid,
)
from .plaintext import html_to_text, one_line


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)

#: The shared vocabularies ORUK 1.0 fields and Placecube extensions map to:
#: field -> (taxonomy name, link_type, description).
LEGACY_VOCABULARIES: Final = {
    "deliverable_type": (
        "ORUK 1.0 deliverable type",
        "deliverable_type",
        "Values of the ORUK 1.0 service field deliverable_type in imported feeds.",
    ),
    "attending_type": (
        "ORUK 1.0 attending type",
        "attending_type",
        "Values of the ORUK 1.0 service field attending_type in imported feeds.",
    ),
    "attending_access": (
        "ORUK 1.0 attending access",
        "attending_access",
        "Values of the ORUK 1.0 service field attending_access in imported feeds.",
    ),
    "pc_targetAudience": (
        "Target audience (Placecube)",
        "audience",
        "Audiences from the pc_targetAudience extension of Placecube Open Place "
        "feeds; 'Parents>Grandparents' is the term Grandparents under Parents.",
    ),
}
LEGACY_NAMESPACE: Final = "hearth/oruk1-vocabulary"

_V3_KEYS = frozenset(
    "schedules attributes funding last_modified alert assurer_email minimum_age "
    "maximum_age".split()
)
_V1_KEYS = frozenset(
    "regular_schedules holiday_schedules service_taxonomys eligibilitys fundings "
    "deliverable_type attending_type attending_access reviews".split()
)
_DAY_NAMES = {
    name: code
    for code, names in zip(
        DAYS,
        (
            ("MONDAY", "MON"),
            ("TUESDAY", "TUE", "TUES"),
            ("WEDNESDAY", "WED"),
            ("THURSDAY", "THU", "THUR", "THURS"),
            ("FRIDAY", "FRI"),
            ("SATURDAY", "SAT"),
            ("SUNDAY", "SUN"),
        ),
        strict=True,
    )
    for name in (*names, code)
}
_COUNTRIES = {
    "england": "GB",
    "wales": "GB",
    "scotland": "GB",
    "northern ireland": "GB",
    "uk": "GB",
    "u.k.": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "gbr": "GB",
}
_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\.?(?::\d+)?$"
)
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[A-Za-z]{2,}$")
_TIME = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?(?:\.\d+)?\s*"
    r"([ap]\.?m\.?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URI_SAFE = "!#$%&'()*+,/:;=?@~-._"
_MONTHDAY = re.compile(r"^[+-]?\d{1,2}$")


class FeedError(ValueError):
    """A feed that cannot be imported, with every problem found.

    Parameters
    ----------
    problems : sequence of str
        One line per problem, e.g. ``"record 12 (id 3456): service has no name"``.
    limit : int
        How many to show in the message (all stay in :attr:`problems`).
    """

    def __init__(self, problems: Sequence[str], *, limit: int = 20) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:limit])
        more = len(self.problems) - limit
        tail = f"\n  ... and {more} more" if more > 0 else ""
        count = len(self.problems)
        super().__init__(
            f"the feed cannot be imported ({count} problem{'s' if count != 1 else ''}):\n"
            f"{shown}{tail}"
        )


@dataclass(frozen=True)
class Feed:
    """What a feed held, in the directory model.

    Attributes
    ----------
    version : str
        ``"1"``, ``"2"`` or ``"3"`` (see the module notes).
    records : int
        How many service records the document had.
    services : tuple of Service
        The services imported, in feed order.
    organizations, locations, taxonomies, terms : tuple
        Each distinct one (by id), in the order first met.
    warnings : tuple of str
        What was repaired or left out.
    """

    version: str
    records: int
    services: tuple[Service, ...]
    organizations: tuple[Organization, ...]
    locations: tuple[Location, ...]
    taxonomies: tuple[Taxonomy, ...]
    terms: tuple[TaxonomyTerm, ...]
    warnings: tuple[str, ...]


class _Fatal(Exception):
    pass


def read_feed(
    source: str | os.PathLike[str] | bytes,
    *,
    namespace: str = "oruk-feed",
    problem_limit: int = 20,
) -> Feed:
    """Read an ORUK feed file or its bytes.

    Parameters
    ----------
    source : path or bytes
        A file (``.json`` or gzipped, whatever its name) or its content.
        A ``str`` is a path.
    namespace : str
        Prefix of the ids made for non-UUID ids; use one per feed, e.g. its URL.
    problem_limit : int
        How many problems the :class:`FeedError` message lists.

    Returns
    -------
    Feed
        Services, organisations, locations, taxonomies, terms and warnings.

    Raises
    ------
    FeedError
        If the data is not JSON, not a feed, or has records that cannot be
        used (all of them are listed).

    Examples
    --------
    >>> feed = read_feed(b'[{"id": "12", "name": "Lunch club", "status": "active",'
    ...                  b' "regular_schedules": [{"byday": "TU", "opens_at": "12:00"}]}]')
    >>> feed.version, feed.services[0].source_id, feed.services[0].schedules[0].byday
    ('1', '12', 'TU')
    >>> read_feed(b'[{"id": "12"}]')
    Traceback (most recent call last):
    ...
    hearthcore.directory.feeds.FeedError: the feed cannot be imported (1 problem):
      record 1 (id 12): service has no name
    """
    data = (
        bytes(source)
        if isinstance(source, bytes | bytearray)
        else Path(source).read_bytes()
    )
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise FeedError([f"not a readable gzip file: {error}"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FeedError([f"not UTF-8 text: {error}"]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FeedError([f"not JSON: {error}"]) from None
    return parse_feed(document, namespace=namespace, problem_limit=problem_limit)


def parse_feed(
    document: object, *, namespace: str = "oruk-feed", problem_limit: int = 20
) -> Feed:
    """Import an already parsed ORUK feed (see :func:`read_feed`).

    Parameters
    ----------
    document : object
        A list of service objects, a page object or one service object. To
        import a paged v3 API, concatenate the pages' ``contents`` (or the
        full ``/services/{id}`` objects) into one list.
    namespace : str
        As for :func:`read_feed`.
    problem_limit : int
        As for :func:`read_feed`.

    Returns
    -------
    Feed
        The import.

    Raises
    ------
    FeedError
        As for :func:`read_feed`.

    Examples
    --------
    >>> page = {"total_items": 1, "page_number": 1, "contents": [
    ...     {"id": "3121dd2f-3900-4c90-b529-4c265f026d6f", "name": "Lunch club",
    ...      "status": "active", "minimum_age": 60}]}
    >>> feed = parse_feed(page)
    >>> feed.version, feed.services[0].minimum_age, feed.services[0].source_id
    ('3', 60.0, None)
    """
    records, wrapper = _records(document)
    reader = _Reader(namespace)
    services = []
    seen: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        where = f"record {number}"
        try:
            if not isinstance(record, dict):
                raise _Fatal(f"is {_kind(record)}, not a service object")
            raw_id = record.get("id")
            if _blank(raw_id):
                raise _Fatal("service has no id")
            where = f"record {number} (id {_show(raw_id)})"
            reader.where = where
            service_id, _ = reader.ident(raw_id, "service")
            if service_id in seen:
                reader.warnings.append(
                    f"{where}: the service id is repeated; the first, record "
                    f"{seen[service_id]}, was kept and this one left out"
                )
                continue
            service = reader.service(record, service_id)
        except (_Fatal, ValueError) as problem:
            # ValueError: a rule of the model the repairs did not foresee.
            reader.problems.append(f"{where}: {problem}")
            continue
        if service is None:
            continue
        seen[service_id] = number
        services.append(service)
    if reader.problems:
        raise FeedError(reader.problems, limit=problem_limit)
    return Feed(
        version=_version(records, wrapper),
        records=len(records),
        services=tuple(services),
        organizations=tuple(reader.organizations.values()),
        locations=tuple(reader.locations.values()),
        taxonomies=tuple(reader.taxonomies.values()),
        terms=tuple(reader.terms.values()),
        warnings=tuple(reader.warnings + reader.repair_warnings()),
    )


def _records(document: object) -> tuple[list[Any], str]:
    if isinstance(document, list):
        return document, "array"
    if isinstance(document, dict):
        for key, wrapper in (("contents", "contents"), ("content", "content")):
            if key in document:
                items = document[key]
                if not isinstance(items, list):
                    raise FeedError([f"the page's {key} is {_kind(items)}, not a list"])
                return items, wrapper
        if "id" in document:
            return [document], "object"
        raise FeedError(
            ["not an ORUK feed: an object with neither contents, content nor id"]
        )
    raise FeedError([f"not an ORUK feed: the document is {_kind(document)}"])


def _version(records: list[Any], wrapper: str) -> str:
    keys: set[str] = set()
    for record in records:
        if isinstance(record, dict):
            keys.update(record)
            for sal in record.get("service_at_locations") or ():
                location = sal.get("location") if isinstance(sal, dict) else None
                if isinstance(location, dict):
                    keys.update(location)
    placecube = any(k.startswith("pc_") for k in keys)
    if keys & _V1_KEYS or "physical_addresses" in keys:
        return "2" if placecube else "1"
    if placecube:
        return "2"
    return "1" if wrapper == "content" else "3"


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= 60 else text[:59] + "…"


class _Reader:
    """State of one import: what was met so far and what went wrong."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.where = ""
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.repairs: dict[str, list[str]] = {}
        self.organizations: dict[str, Organization] = {}
        self.locations: dict[str, Location] = {}
        self.taxonomies: dict[str, Taxonomy] = {}
        self.terms: dict[str, TaxonomyTerm] = {}
        self.quiet = 0

    # -- reporting ---------------------------------------------------------

    def repair(self, what: str, detail: object = None) -> None:
        if self.quiet:
            return
        example = self.where if detail is None else f"{self.where}: {_show(detail)!r}"
        self.repairs.setdefault(what, []).append(example)

    def repair_warnings(self) -> list[str]:
        out = []
        for what, examples in self.repairs.items():
            if len(examples) == 1:
                out.append(f"{what} ({examples[0]})")
            else:
                out.append(f"{what} ({len(examples)} times; first: {examples[0]})")
        return out

    # -- values --------------------------------------------------------------

    def ident(
        self, value: object, kind: str, fallback: str | None = None
    ) -> tuple[str, str | None]:
        """Return the UUID for an id, and the original when it was not a UUID."""
        if _blank(value):
            if fallback is None:
                raise _Fatal(f"{kind} has no id")
            return stable_uuid(f"{self.namespace}/{kind}", fallback), None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _Fatal(f"{kind} id is {_kind(value)}, not text or a whole number")
        text = str(value).strip()
        if is_uuid(text):
            return text, None
        try:
            return str(uuid.UUID(text)), text
        except ValueError:
            return stable_uuid(f"{self.namespace}/{kind}", text), text

    def ref(self, value: object, kind: str) -> str | None:
        """Return a reference to another record's id (None when missing)."""
        if _blank(value):
            return None
        return self.ident(value, kind)[0]

    def raw_text(self, value: object, what: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or isinstance(value, dict | list):
            raise _Fatal(f"{what} is {_kind(value)}, not text")
        return str(value)

    def text(self, value: object, what: str) -> str | None:
        raw = self.raw_text(value, what)
        return (html_to_text(raw) or None) if raw is not None else None

    def line(self, value: object, what: str) -> str | None:
        raw = self.raw_text(value, what)
        return (one_line(raw) or None) if raw is not None else None

    def url(self, value: object, what: str) -> str | None:
        raw = self.line(value, what)
        if raw is None:
            return None
        text = raw.strip("<>\"' ")
        if text.startswith("//"):
            text = "http:" + text
        slashes = re.match(r"^(https?):(/*)", text, re.IGNORECASE)
        if slashes and slashes[2] != "//":
            self.repair(f"{what} with a malformed 'http://': mended", raw)
            text = f"{slashes[1]}://{text[slashes.end() :]}"
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", text)
        if scheme is None and _HOST.match(re.split(r"[/?#]", text, maxsplit=1)[0]):
            self.repair(f"{what} without 'http://': 'http://' added", raw)
            text = "http://" + text
        elif scheme is None or scheme[1].lower() not in ("http", "https"):
            self.repair(f"{what} that is not a web address: dropped", raw)
            return None
        text = _BAD_PERCENT.sub("%25", quote(text, safe=_URI_SAFE))
        try:
            host = urlsplit(text).hostname
        except ValueError:
            host = None
        if not host or not _HOST.match(host):
            self.repair(f"{what} that is not a web address: dropped", raw)
            return None
        return text

    def email(self, value: object, what: str) -> str | None:
        raw = self.line(value, what)
        if raw is None:
            return None
        text = raw.removeprefix("mailto:").strip(" <>.;,")
        parts = [p for p in re.split(r"[\s;,/]+", text) if p]
        if parts and _EMAIL.match(parts[0]):
            if len(parts) > 1:
                self.repair(f"{what} with several addresses: the first kept", raw)
            return parts[0]
        self.repair(f"{what} that is not an e-mail address: dropped", raw)
        return None

    def date(self, value: object, what: str) -> dt.date | None:
        raw = self.line(value, what)
        if raw is None:
            return None
        found = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$", raw)
        uk = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", raw)
        try:
            if found:
                return dt.date(int(found[1]), int(found[2]), int(found[3]))
            if uk:
                return dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
        except ValueError:
            pass
        self.repair(f"{what} that is not a date: dropped", raw)
        return None

    def instant(self, value: object, what: str) -> dt.datetime | None:
        raw = self.line(value, what)
        if raw is None:
            return None
        try:
            found = dt.datetime.fromisoformat(raw)
        except ValueError:
            self.repair(f"{what} that is not a date-time: dropped", raw)
            return None
        return found if found.tzinfo is not None else found.replace(tzinfo=dt.UTC)

    def time(self, value: object, what: str) -> dt.time | None:
        raw = self.line(value, what)
        if raw is None:
            return None
        found = _TIME.match(raw)
        if found and (found[2] or found[4]):
            hour, minute, second = int(found[1]), int(found[2] or 0), int(found[3] or 0)
            if found[4] and 1 <= hour <= 12:
                hour = hour % 12 + (12 if found[4].lower().startswith("p") else 0)
            elif found[4]:
                hour = 24
            if hour <= 23 and minute <= 59 and second <= 59:
                # A time-zone suffix is ignored: times are local wall-clock times.
                return dt.time(hour, minute, second)
        self.repair(f"{what} that is not a time of day: dropped", raw)
        return None

    def number(self, value: object, what: str) -> float | None:
        if _blank(value):
            return None
        if isinstance(value, bool) or isinstance(value, dict | list):
            raise _Fatal(f"{what} is {_kind(value)}, not a number")
        try:
            number = float(str(value).strip().lstrip("£").replace(",", ""))
        except ValueError:
            self.repair(f"{what} that is not a number: dropped", value)
            return None
        if number != number or number in (float("inf"), float("-inf")):
            self.repair(f"{what} that is not a number: dropped", value)
            return None
        return number

    def age(self, value: object, what: str) -> float | None:
        number = self.number(value, what)
        if number is not None and not 0 <= number <= 130:
            self.repair(f"{what} that is not an age: dropped", value)
            return None
        return number

    def items(
        self, record: Mapping[str, Any], *keys: str
    ) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """Yield the objects of list fields (a single object counts as one)."""
        for key in keys:
            value = record.get(key)
            if value is None or value == "":
                continue
            if isinstance(value, dict):
                value = [value]
            if not isinstance(value, list):
                raise _Fatal(f"{key} is {_kind(value)}, not a list")
            for index, item in enumerate(value):
                if not isinstance(item, dict):
                    raise _Fatal(f"{key}[{index}] is {_kind(item)}, not an object")
                yield key, index, item

    def mapping(self, record: Mapping[str, Any], key: str) -> dict[str, Any] | None:
        value = record.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, dict):
            raise _Fatal(f"{key} is {_kind(value)}, not an object")
        return value

    # -- records -------------------------------------------------------------

    def service(self, record: dict[str, Any], service_id: str) -> Service | None:
        _, source_id = self.ident(record["id"], "service")
        key = source_id or service_id
        if record.get("name") is None:
            raise _Fatal("service has no name")
        name = self.line(record["name"], "name")
        if name is None:
            self.warnings.append(
                f"{self.where}: the service has an empty name and was left out"
            )
            return None
        status = self.status(record.get("status"))
        organization, organization_id = self.service_organization(record)
        minimum_age, maximum_age = self.ages(record)
        metadata = self.mapping(record, "pc_metadata") or {}
        assured = record.get("assured_date")
        if _blank(assured):
            assured = metadata.get("date_assured")
        modified = record.get("last_modified")
        last_modified = (
            self.instant(modified, "last_modified")
            if not _blank(modified)
            else self.instant(
                metadata.get("date_modified"), "pc_metadata.date_modified"
            )
        )
        service_at_locations, sal_schedules = self.service_at_locations(record, key)
        schedules = self.schedules(record, key, {s.id for s in service_at_locations})
        return Service(
            id=service_id,
            name=name,
            status=status,
            description=self.text(record.get("description"), "description"),
            organization=organization,
            organization_id=organization_id,
            url=self.url(record.get("url"), "service url"),
            email=self.email(record.get("email"), "service email"),
            fees=self.text(record.get("fees"), "fees"),
            accreditations=self.text(record.get("accreditations"), "accreditations"),
            minimum_age=minimum_age,
            maximum_age=maximum_age,
            assured_date=self.date(assured, "assured_date"),
            assurer_email=self.email(record.get("assurer_email"), "assurer_email"),
            alert=self.text(record.get("alert"), "alert"),
            last_modified=last_modified,
            schedules=schedules + sal_schedules,
            service_areas=self.service_areas(record, key),
            service_at_locations=service_at_locations,
            languages=self.languages(record, key),
            funding=self.funding(record, key),
            cost_options=self.cost_options(record, key),
            contacts=self.contacts(record, key),
            attributes=self.attributes(record, key),
            source_id=source_id,
        )

    def status(self, value: object) -> str:
        if _blank(value):
            self.repair("service without a status: taken as active")
            return "active"
        if not isinstance(value, str):
            raise _Fatal(f"status is {_kind(value)}, not text")
        status = re.sub(r"[\s_-]+", " ", value.strip().lower())
        if status not in STATUSES:
            raise _Fatal(
                f"unknown status {value!r} (expected one of {', '.join(STATUSES)})"
            )
        return status

    def ages(self, record: Mapping[str, Any]) -> tuple[float | None, float | None]:
        low = self.age(record.get("minimum_age"), "minimum age")
        high = self.age(record.get("maximum_age"), "maximum age")
        if low is None and high is None:
            rules = [item for _, _, item in self.items(record, "eligibilitys")]
            if rules:
                lows = [self.age(r.get("minimum_age"), "minimum age") for r in rules]
                highs = [self.age(r.get("maximum_age"), "maximum age") for r in rules]
                known_lows = [x for x in lows if x is not None]
                known_highs = [x for x in highs if x is not None]
                low = min(known_lows) if len(known_lows) == len(lows) else None
                high = max(known_highs) if len(known_highs) == len(highs) else None
        if low is not None and high is not None and low > high:
            self.repair(
                "minimum age above the maximum age: swapped", f"{low:g} > {high:g}"
            )
            low, high = high, low
        return low, high

    def service_organization(
        self, record: Mapping[str, Any]
    ) -> tuple[Organization | None, str | None]:
        nested = self.mapping(record, "organization")
        given = self.ref(record.get("organization_id"), "organization")
        organization = None
        organization_id = given
        if nested is not None:
            organization, nested_id = self.organization(nested)
            organization_id = nested_id or given
            if given is not None and nested_id is not None and nested_id != given:
                self.repair(
                    "organization_id that differs from the nested organization's id: "
                    "the nested organization's kept",
                    record.get("organization_id"),
                )
        return organization, organization_id

    def organization(
        self, record: Mapping[str, Any]
    ) -> tuple[Organization | None, str | None]:
        name = self.line(record.get("name"), "organization name")
        if name is None:
            self.repair(
                "organization without a name: left out (the service keeps its id)",
                record.get("id"),
            )
            return None, self.ref(record.get("id"), "organization")
        organization_id, source_id = self.ident(
            record.get("id"), "organization", "name:" + name.casefold()
        )
        # A repeat is built quietly: its repairs were reported the first time.
        repeat = organization_id in self.organizations
        self.quiet += repeat
        try:
            built = self.build_organization(record, organization_id, name, source_id)
        finally:
            self.quiet -= repeat
        return self.first(self.organizations, built, "organization"), organization_id

    def build_organization(
        self,
        record: Mapping[str, Any],
        organization_id: str,
        name: str,
        source_id: str | None,
    ) -> Organization:
        identifiers = []
        for _, index, item in self.items(record, "organization_identifiers"):
            kind = self.line(item.get("identifier_type"), "identifier_type")
            value = self.line(item.get("identifier"), "identifier")
            if kind is None or value is None:
                self.repair("organization identifier without a type or value: left out")
                continue
            identifiers.append(
                OrganizationIdentifier(
                    id=self.ident(
                        item.get("id"),
                        "organization_identifier",
                        f"{organization_id}/{index}",
                    )[0],
                    identifier_type=kind,
                    identifier=value,
                    identifier_scheme=self.line(
                        item.get("identifier_scheme"), "identifier_scheme"
                    ),
                )
            )
        return Organization(
            id=organization_id,
            name=name,
            description=self.text(
                record.get("description"), "organization description"
            ),
            email=self.email(record.get("email"), "organization email"),
            website=self.url(
                record.get("website")
                if not _blank(record.get("website"))
                else record.get("url"),
                "organization website",
            ),
            logo=self.url(record.get("logo"), "organization logo"),
            uri=self.url(record.get("uri"), "organization uri"),
            parent_organization_id=self.ref(
                record.get("parent_organization_id"), "organization"
            ),
            identifiers=tuple(identifiers),
            source_id=source_id,
        )

    def first(self, seen: dict[str, T], item: T, what: str) -> T:
        """Return the first version of a record met again; report when they differ."""
        item_id = item.id
        known = seen.get(item_id)
        if known is None:
            seen[item_id] = item
            return item
        if known != item:
            self.repair(
                f"{what} that differs between records: the first version kept", item_id
            )
        return known

    def service_at_locations(
        self, record: Mapping[str, Any], key: str
    ) -> tuple[tuple[ServiceAtLocation, ...], tuple[Schedule, ...]]:
        found: list[ServiceAtLocation] = []
        schedules: list[Schedule] = []
        for _, index, item in self.items(record, "service_at_locations"):
            sal_id, source_id = self.ident(
                item.get("id"),
                "service_at_location",
                f"{key}/service_at_location/{index}",
            )
            nested = self.mapping(item, "location")
            if nested is None:
                self.repair(
                    "service_at_location without its location: left out",
                    item.get("id"),
                )
                continue
            location = self.location(nested, f"{key}/location/{index}")
            if any(s.id == sal_id for s in found):
                self.repair("repeated service_at_location: left out", item.get("id"))
                continue
            found.append(
                ServiceAtLocation(id=sal_id, location=location, source_id=source_id)
            )
            for name, number, schedule in self.items(
                item, "schedules", "regular_schedules", "regular_schedule"
            ):
                built = self.schedule(
                    schedule, f"{key}/{sal_id}/{name}/{number}", sal_id
                )
                if built is not None:
                    schedules.append(built)
            for _ in self.items(item, "holiday_schedules", "holiday_schedule"):
                self.repair("holiday schedule (ORUK 3.0 has none): dropped")
        return tuple(found), tuple(schedules)

    def location(self, record: Mapping[str, Any], fallback: str) -> Location:
        location_id, source_id = self.ident(record.get("id"), "location", fallback)
        repeat = location_id in self.locations
        self.quiet += repeat
        try:
            built = self.build_location(record, location_id, source_id)
        finally:
            self.quiet -= repeat
        return self.first(self.locations, built, "location")

    def build_location(
        self, record: Mapping[str, Any], location_id: str, source_id: str | None
    ) -> Location:
        latitude = self.number(record.get("latitude"), "latitude")
        longitude = self.number(record.get("longitude"), "longitude")
        if (latitude is None) != (longitude is None) or (
            latitude is not None
            and longitude is not None
            and (
                not -90 <= latitude <= 90
                or not -180 <= longitude <= 180
                or (latitude == 0 and longitude == 0)
            )
        ):
            self.repair(
                "coordinates incomplete, out of range or (0, 0): dropped",
                f"{record.get('latitude')}, {record.get('longitude')}",
            )
            latitude = longitude = None
        location_type = self.line(record.get("location_type"), "location_type")
        if location_type is not None and location_type.lower() not in LOCATION_TYPES:
            self.repair("unknown location_type: taken as physical", location_type)
            location_type = None
        addresses = []
        for name, index, item in self.items(
            record, "addresses", "physical_addresses", "postal_addresses"
        ):
            default = "postal" if name == "postal_addresses" else "physical"
            address = self.address(item, default, f"{location_id}/{name}/{index}")
            if address is not None:
                addresses.append(address)
        accessibility = []
        for name, index, item in self.items(
            record, "accessibility", "accessibility_for_disabilities"
        ):
            description = item.get("description")
            if _blank(description):
                description = item.get("accessibility")
            access = Accessibility(
                id=self.ident(
                    item.get("id"), "accessibility", f"{location_id}/{name}/{index}"
                )[0],
                description=self.text(description, "accessibility"),
                details=self.text(item.get("details"), "accessibility details"),
                url=self.url(item.get("url"), "accessibility url"),
            )
            if access.description or access.details or access.url:
                accessibility.append(access)
        return Location(
            id=location_id,
            name=self.line(record.get("name"), "location name"),
            description=self.text(record.get("description"), "location description"),
            location_type=(location_type or "physical").lower(),
            latitude=latitude,
            longitude=longitude,
            external_identifier=self.line(
                record.get("external_identifier"), "external_identifier"
            ),
            external_identifier_type=self.line(
                record.get("external_identifier_type"), "external_identifier_type"
            ),
            addresses=tuple(addresses),
            accessibility=tuple(accessibility),
            source_id=source_id,
        )

    def address(
        self, record: Mapping[str, Any], default: str, fallback: str
    ) -> Address | None:
        def part(field: str) -> str | None:
            value = self.line(record.get(field), field)
            value = None if value is None else value.strip(" ,;") or None
            return value

        first = part("address_1")
        second = part("address_2")
        if second:
            first = f"{first}, {second}" if first else second
        postal_code = part("postal_code")
        if postal_code is not None:
            postal_code = " ".join(postal_code.upper().split())
        country = part("country")
        if country is not None:
            mapped = _COUNTRIES.get(country.casefold())
            if mapped is not None:
                country = mapped
            elif len(country) == 2 and country.isalpha():
                country = country.upper()
            else:
                self.repair("country that is not an ISO 3166 code: kept", country)
        address_type = self.line(record.get("address_type"), "address_type")
        if address_type is None or address_type.lower() not in LOCATION_TYPES:
            address_type = default
        fields = {
            "address_1": first,
            "city": part("city"),
            "state_province": part("state_province"),
            "postal_code": postal_code,
            "attention": part("attention"),
            "region": part("region"),
        }
        if not any(fields.values()):
            return None
        return Address(
            id=self.ident(record.get("id"), "address", fallback)[0],
            country=country if country is not None else "GB",
            address_type=address_type.lower(),
            **fields,
        )

    def schedules(
        self, record: Mapping[str, Any], key: str, sal_ids: set[str]
    ) -> tuple[Schedule, ...]:
        found = []
        for name, index, item in self.items(record, "schedules", "regular_schedules"):
            sal = self.ref(item.get("service_at_location_id"), "service_at_location")
            if sal is not None and sal not in sal_ids:
                self.repair(
                    "schedule for a location the service does not have: applied to the service",
                    item.get("service_at_location_id"),
                )
                sal = None
            schedule = self.schedule(item, f"{key}/{name}/{index}", sal)
            if schedule is not None:
                found.append(schedule)
        for _ in self.items(record, "holiday_schedules"):
            self.repair("holiday schedule (ORUK 3.0 has none): dropped")
        return tuple(found)

    def schedule(
        self, record: Mapping[str, Any], fallback: str, sal_id: str | None
    ) -> Schedule | None:
        freq = self.line(record.get("freq"), "freq")
        byday = self.byday(
            record.get("byday")
            if not _blank(record.get("byday"))
            else record.get("weekday")
        )
        if freq is not None:
            freq = freq.upper()
            if freq == "DAILY":
                freq, byday = "WEEKLY", byday or ",".join(DAYS)
            elif freq not in ("WEEKLY", "MONTHLY"):
                self.repair(
                    "schedule freq other than WEEKLY, MONTHLY or DAILY: dropped", freq
                )
                freq = None
        interval_number = self.number(record.get("interval"), "interval")
        interval = None
        if interval_number is not None:
            if interval_number >= 1 and interval_number.is_integer():
                interval = int(interval_number)
            else:
                self.repair(
                    "schedule interval that is not a whole number from 1: dropped",
                    interval_number,
                )
        bymonthday = self.bymonthday(record.get("bymonthday"))
        return Schedule(
            id=self.ident(record.get("id"), "schedule", fallback)[0],
            freq=freq,
            interval=interval,
            byday=byday,
            bymonthday=bymonthday,
            opens_at=self.time(record.get("opens_at"), "opening time"),
            closes_at=self.time(record.get("closes_at"), "closing time"),
            valid_from=self.date(record.get("valid_from"), "valid_from date"),
            valid_to=self.date(record.get("valid_to"), "valid_to date"),
            dtstart=self.date(record.get("dtstart"), "dtstart date"),
            description=self.text(record.get("description"), "schedule description"),
            notes=self.text(record.get("notes"), "schedule notes"),
            attending_type=self.text(record.get("attending_type"), "attending_type"),
            schedule_link=self.url(record.get("schedule_link"), "schedule link"),
            service_at_location_id=sal_id,
        )

    def byday(self, value: object) -> str | None:
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        raw = self.line(value, "byday")
        if raw is None:
            return None
        codes: list[str] = []
        for part in re.split(r"[,;\s]+", raw.upper()):
            if not part:
                continue
            found = re.match(r"^([+-]?\d?)([A-Z]+)$", part)
            code = _DAY_NAMES.get(found[2]) if found else None
            if found is None or code is None:
                codes = []
                break
            codes.append(found[1] + code)
        text = ",".join(codes)
        if not BYDAY_PATTERN.match(text):
            self.repair("byday that is not a list of weekdays: dropped", raw)
            return None
        return text

    def bymonthday(self, value: object) -> str | None:
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        raw = self.line(value, "bymonthday")
        if raw is None:
            return None
        parts = [p for p in re.split(r"[,;\s]+", raw) if p]
        if parts and all(_MONTHDAY.match(p) and 1 <= abs(int(p)) <= 31 for p in parts):
            return ",".join(parts)
        self.repair("bymonthday that is not a list of days of the month: dropped", raw)
        return None

    def service_areas(
        self, record: Mapping[str, Any], key: str
    ) -> tuple[ServiceArea, ...]:
        found = []
        for name, index, item in self.items(record, "service_areas"):
            area_name = item.get("name")
            if _blank(area_name):
                area_name = item.get("service_area")
            area = ServiceArea(
                id=self.ident(item.get("id"), "service_area", f"{key}/{name}/{index}")[
                    0
                ],
                name=self.line(area_name, "service area name"),
                extent=self.extent(item.get("extent")),
                extent_type=self.line(item.get("extent_type"), "extent_type"),
                uri=self.url(item.get("uri"), "service area uri"),
            )
            if area.name or area.extent or area.uri:
                found.append(area)
        return tuple(found)

    def extent(self, value: object) -> str | None:
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        text = self.raw_text(value, "extent")
        return text.strip() or None if text is not None else None

    def languages(self, record: Mapping[str, Any], key: str) -> tuple[Language, ...]:
        found = []
        for name, index, item in self.items(record, "languages"):
            language_name = item.get("name")
            if _blank(language_name):
                language_name = item.get("language")
            code = self.line(item.get("code"), "language code")
            found.append(
                Language(
                    id=self.ident(item.get("id"), "language", f"{key}/{name}/{index}")[
                        0
                    ],
                    name=self.line(language_name, "language"),
                    code=None if code is None else code.lower(),
                )
            )
        return tuple(found)

    def funding(self, record: Mapping[str, Any], key: str) -> tuple[Funding, ...]:
        return tuple(
            Funding(
                id=self.ident(item.get("id"), "funding", f"{key}/{name}/{index}")[0],
                source=self.line(item.get("source"), "funding source"),
            )
            for name, index, item in self.items(record, "funding", "fundings")
        )

    def cost_options(
        self, record: Mapping[str, Any], key: str
    ) -> tuple[CostOption, ...]:
        found = []
        for name, index, item in self.items(record, "cost_options"):
            amount = self.number(item.get("amount"), "cost amount")
            description = self.text(
                item.get("amount_description"), "amount_description"
            )
            if (
                amount is None
                and description is None
                and not _blank(item.get("amount"))
            ):
                description = self.line(item.get("amount"), "cost amount")
            found.append(
                CostOption(
                    id=self.ident(
                        item.get("id"), "cost_option", f"{key}/{name}/{index}"
                    )[0],
                    option=self.line(item.get("option"), "cost option"),
                    amount=amount,
                    amount_description=description,
                    valid_from=self.date(item.get("valid_from"), "valid_from date"),
                    valid_to=self.date(item.get("valid_to"), "valid_to date"),
                )
            )
        return tuple(found)

    def contacts(self, record: Mapping[str, Any], key: str) -> tuple[Contact, ...]:
        found = []
        for name, index, item in self.items(record, "contacts"):
            contact_id = self.ident(item.get("id"), "contact", f"{key}/{name}/{index}")[
                0
            ]
            phones = []
            for phone_key, number_index, phone in self.items(item, "phones"):
                number = self.line(phone.get("number"), "phone number")
                if number is None:
                    self.repair("phone without a number: left out")
                    continue
                phones.append(
                    Phone(
                        id=self.ident(
                            phone.get("id"),
                            "phone",
                            f"{contact_id}/{phone_key}/{number_index}",
                        )[0],
                        number=number,
                        description=self.text(
                            phone.get("description"), "phone description"
                        ),
                    )
                )
            contact = Contact(
                id=contact_id,
                name=self.line(item.get("name"), "contact name"),
                title=self.line(item.get("title"), "contact title"),
                description=self.text(item.get("description"), "contact description"),
                email=self.email(item.get("email"), "contact email"),
                phones=tuple(phones),
            )
            if (
                contact.name
                or contact.title
                or contact.email
                or contact.phones
                or contact.description
            ):
                found.append(contact)
        return tuple(found)

    # -- taxonomies ----------------------------------------------------------

    def taxonomy(self, taxonomy: Taxonomy) -> Taxonomy:
        return self.first(self.taxonomies, taxonomy, "taxonomy")

    def term(self, term: TaxonomyTerm) -> TaxonomyTerm:
        return self.first(self.terms, term, "taxonomy term")

    def attributes(self, record: Mapping[str, Any], key: str) -> tuple[Attribute, ...]:
        found: dict[str, Attribute] = {}

        def add(attribute: Attribute) -> None:
            found.setdefault(attribute.taxonomy_term_id, attribute)

        for _, _index, item in self.items(record, "attributes"):
            nested = self.mapping(item, "taxonomy_term")
            term: TaxonomyTerm | None
            if nested is not None:
                term = self.v3_term(nested)
            else:
                term = self.terms.get(
                    self.ref(item.get("taxonomy_term_id"), "taxonomy_term") or ""
                )
            if term is None:
                self.repair(
                    "attribute without a usable taxonomy_term: left out",
                    item.get("id"),
                )
                continue
            add(
                Attribute(
                    id=self.ident(item.get("id"), "attribute", f"{key}/{term.id}")[0],
                    taxonomy_term=term,
                    link_type=self.line(item.get("link_type"), "link_type"),
                )
            )
        for name, index, item in self.items(record, "service_taxonomys"):
            nested = self.mapping(item, "taxonomy")
            term = None if nested is None else self.v1_term(nested)
            if term is None:
                self.repair(
                    "service_taxonomy without a usable taxonomy: left out",
                    item.get("id"),
                )
                continue
            add(
                Attribute(
                    id=self.ident(item.get("id"), "attribute", f"{key}/{name}/{index}")[
                        0
                    ],
                    taxonomy_term=term,
                )
            )
        for field, (_, link_type, _) in LEGACY_VOCABULARIES.items():
            if field == "pc_targetAudience":
                values = [
                    item.get("audienceType")
                    for _, _, item in self.items(record, "pc_targetAudience")
                ]
            else:
                values = [record.get(field)]
            for value in values:
                leaf = self.legacy_term(field, self.line(value, field))
                if leaf is not None:
                    add(
                        Attribute(
                            id=stable_uuid(
                                f"{self.namespace}/attribute", f"{key}/{leaf.id}"
                            ),
                            taxonomy_term=leaf,
                            link_type=link_type,
                        )
                    )
        return tuple(found.values())

    def v3_term(self, record: Mapping[str, Any]) -> TaxonomyTerm | None:
        name = self.line(record.get("name"), "taxonomy term name")
        if name is None:
            return None
        term_id, source_id = self.ident(
            record.get("id"), "taxonomy_term", "name:" + name.casefold()
        )
        taxonomy_name = self.line(record.get("taxonomy"), "taxonomy")
        taxonomy_id = self.ref(record.get("taxonomy_id"), "taxonomy")
        if taxonomy_id is not None and taxonomy_name is not None:
            self.taxonomy(Taxonomy(id=taxonomy_id, name=taxonomy_name))
        return self.term(
            TaxonomyTerm(
                id=term_id,
                name=name,
                description=self.text(
                    record.get("description"), "taxonomy term description"
                ),
                code=self.line(record.get("code"), "taxonomy term code"),
                parent_id=self.ref(record.get("parent_id"), "taxonomy_term"),
                taxonomy_id=taxonomy_id,
                taxonomy=taxonomy_name,
                term_uri=self.url(record.get("term_uri"), "term_uri"),
                source_id=source_id,
            )
        )

    def v1_term(self, record: Mapping[str, Any]) -> TaxonomyTerm | None:
        name = self.line(record.get("name"), "taxonomy name")
        if name is None:
            return None
        term_id, source_id = self.ident(
            record.get("id"), "taxonomy_term", "name:" + name.casefold()
        )
        vocabulary = self.line(record.get("vocabulary"), "vocabulary")
        taxonomy_id = None
        if vocabulary is not None:
            taxonomy_id = self.taxonomy(
                Taxonomy(
                    id=stable_uuid(f"{self.namespace}/taxonomy", vocabulary),
                    name=vocabulary,
                    source_id=vocabulary,
                )
            ).id
        return self.term(
            TaxonomyTerm(
                id=term_id,
                name=name,
                parent_id=self.ref(record.get("parent"), "taxonomy_term"),
                taxonomy_id=taxonomy_id,
                taxonomy=vocabulary,
                source_id=source_id,
            )
        )

    def legacy_term(self, field: str, value: str | None) -> TaxonomyTerm | None:
        if value is None:
            return None
        name, _, description = LEGACY_VOCABULARIES[field]
        taxonomy = self.taxonomy(
            Taxonomy(
                id=stable_uuid(LEGACY_NAMESPACE, field),
                name=name,
                description=description,
                source_id=field,
            )
        )
        parts = (
            [p.strip() for p in value.split(">")]
            if field == "pc_targetAudience"
            else [value]
        )
        parent: TaxonomyTerm | None = None
        path: list[str] = []
        for part in (p for p in parts if p):
            path.append(part.casefold())
            term_id = stable_uuid(f"{LEGACY_NAMESPACE}/{field}", ">".join(path))
            known = self.terms.get(term_id)
            parent = known or self.term(
                TaxonomyTerm(
                    id=term_id,
                    name=part,
                    parent_id=None if parent is None else parent.id,
                    taxonomy_id=taxonomy.id,
                    taxonomy=name,
                )
            )
        return parent
