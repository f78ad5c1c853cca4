"""Open Referral UK 3.0 JSON from the directory model.

One function per ORUK object, returning plain ``dict``/``list`` values ready
for ``json.dumps``. Optional fields that are empty (``None``, ``""``, no
items) are left out; fields ORUK requires are always present (a required
text that is not known is an empty string). Dates are ``YYYY-MM-DD``,
``last_modified`` is an RFC 3339 date-time in UTC with milliseconds, times
are ``HH:MM`` (``HH:MM:SS`` when there are seconds).

Which function answers which endpoint:

============================  ==============================================
``GET /``                     :func:`api_details_json`
``GET /services``             :func:`page_json` of ``service_json(s, full=False)``
``GET /services/{id}``        ``service_json(s, full=True)``
``GET /organizations``        :func:`page_json` of ``organization_json(o, full=False)``
``GET /organizations/{id}``   ``organization_json(o, full=True)``
``GET /service_at_locations`` :func:`page_json` of
                              ``service_at_location_json(sal, s, include_service=True)``
``GET /service_at_locations/{id}`` ``service_at_location_json(sal, s)``
``GET /taxonomies[/{id}]``    :func:`taxonomy_json` (in a page for the list)
``GET /taxonomy_terms[/{id}]`` :func:`taxonomy_term_json` (in a page for the list)
============================  ==============================================

Extras: ORUK 3.0 dropped some HSDS 3.0 fields that a directory needs
(contacts' ``phones`` and ``email``, languages' ``name`` and ``code``, a
term's ``code``). With ``extras=True`` (the default) they are served under
their HSDS 3.0 names: the JSON schemas allow additional fields, and the ORUK
validator reports them as warnings only. ``extras=False`` serves the ORUK
3.0 fields alone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any, Final

from .model import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

#: The ``version`` served at ``/``: the ORUK validator reads ``major.minor``
#: from it to choose the 3.0 profile (with no parseable version it falls
#: back to 1.0).
VERSION: Final = "3.0"
#: The ``profile`` served at ``/``.
PROFILE_URL: Final = "https://openreferraluk.org/developers/specifications"

JSONObject = dict[str, Any]


def _put(out: JSONObject, key: str, value: object) -> None:
    if value is None or value == "" or value == [] or value == ():
        return
    out[key] = value


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def datetime_text(value: dt.datetime) -> str:
    """Write an aware datetime as ORUK writes ``last_modified``: UTC, ms, ``Z``.

    Microseconds are kept when they are not whole milliseconds, so the value
    reads back unchanged.

    Parameters
    ----------
    value : datetime
        An aware datetime.

    Returns
    -------
    str
        For example ``2024-12-10T09:30:00.000Z``.

    Examples
    --------
    >>> datetime_text(dt.datetime(2024, 7, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    '2024-07-01T09:30:00.000Z'
    """
    if value.tzinfo is None:
        raise ValueError("a naive datetime has no meaning in ORUK: give it a time zone")
    utc = value.astimezone(dt.UTC)
    spec = "milliseconds" if utc.microsecond % 1000 == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def time_text(value: dt.time) -> str:
    """Write a wall-clock time as ``HH:MM``, or ``HH:MM:SS`` with seconds.

    Parameters
    ----------
    value : time
        A time of day.

    Returns
    -------
    str
        For example ``09:30``.

    Examples
    --------
    >>> time_text(dt.time(9, 30)), time_text(dt.time(9, 30, 15))
    ('09:30', '09:30:15')
    """
    if value.second or value.microsecond:
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    return value.strftime("%H:%M")


def organization_json(organization: Organization, *, full: bool = True) -> JSONObject:
    """Serialise an organisation as ORUK 3.0 ``organization`` JSON.

    Parameters
    ----------
    organization : Organization
        The organisation.
    full : bool
        True for ``/organizations/{id}`` (with ``organization_identifiers``);
        False for list items, which ``organization_list.json`` forbids to
        carry them.

    Returns
    -------
    dict
        JSON-ready object.

    Examples
    --------
    >>> from hearthcore.directory.model import stable_uuid
    >>> org = Organization(id=stable_uuid("x", "1"), name="Age UK")
    >>> {k: v for k, v in organization_json(org).items() if k != "id"}
    {'name': 'Age UK', 'description': ''}
    """
    out: JSONObject = {"id": organization.id, "name": organization.name}
    out["description"] = organization.description or ""
    _put(out, "email", organization.email)
    _put(out, "website", organization.website)
    _put(out, "logo", organization.logo)
    _put(out, "uri", organization.uri)
    _put(out, "parent_organization_id", organization.parent_organization_id)
    if full:
        _put(
            out,
            "organization_identifiers",
            [
                _clean(
                    {
                        "id": ident.id,
                        "organization_id": organization.id,
                        "identifier_scheme": ident.identifier_scheme,
                        "identifier_type": ident.identifier_type,
                        "identifier": ident.identifier,
                    }
                )
                for ident in organization.identifiers
            ],
        )
    return out


def _clean(values: JSONObject) -> JSONObject:
    out: JSONObject = {}
    for key, value in values.items():
        _put(out, key, value)
    return out


def taxonomy_term_json(term: TaxonomyTerm, *, extras: bool = True) -> JSONObject:
    """Serialise a taxonomy term as ORUK 3.0 ``taxonomy_term`` JSON.

    Parameters
    ----------
    term : TaxonomyTerm
        The term.
    extras : bool
        Also serve the term's ``code`` (an HSDS 3.0 field ORUK lacks).

    Returns
    -------
    dict
        JSON-ready object; ``description`` is always present.

    Examples
    --------
    >>> from hearthcore.directory.model import stable_uuid
    >>> term = TaxonomyTerm(id=stable_uuid("x", "t"), name="Carers", code="C1")
    >>> sorted(taxonomy_term_json(term)), sorted(taxonomy_term_json(term, extras=False))
    (['code', 'description', 'id', 'name'], ['description', 'id', 'name'])
    """
    out: JSONObject = {
        "id": term.id,
        "name": term.name,
        "description": term.description or "",
    }
    if extras:
        _put(out, "code", term.code)
    _put(out, "parent_id", term.parent_id)
    _put(out, "taxonomy", term.taxonomy)
    _put(out, "taxonomy_id", term.taxonomy_id)
    _put(out, "term_uri", term.term_uri)
    return out


def taxonomy_json(
    taxonomy: Taxonomy,
    *,
    terms: Iterable[TaxonomyTerm] = (),
    extras: bool = True,
) -> JSONObject:
    """Serialise a taxonomy as ORUK 3.0 ``taxonomy`` JSON, optionally with terms.

    Parameters
    ----------
    taxonomy : Taxonomy
        The taxonomy.
    terms : iterable of TaxonomyTerm
        Terms to nest as ``taxonomy_terms`` (none by default; ``/taxonomies``
        lists usually leave them out and ``/taxonomy_terms`` serves them).
    extras : bool
        As for :func:`taxonomy_term_json`.

    Returns
    -------
    dict
        JSON-ready object; ``description`` is always present.

    Examples
    --------
    >>> from hearthcore.directory.model import stable_uuid
    >>> taxonomy_json(Taxonomy(id=stable_uuid("x", "1"), name="Audience"))["description"]
    ''
    """
    out: JSONObject = {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description or "",
    }
    _put(out, "uri", taxonomy.uri)
    _put(out, "version", taxonomy.version)
    _put(out, "taxonomy_terms", [taxonomy_term_json(t, extras=extras) for t in terms])
    return out


def _address(address: Address, location_id: str) -> JSONObject:
    out: JSONObject = {"id": address.id, "location_id": location_id}
    _put(out, "attention", address.attention)
    out["address_1"] = address.address_1 or ""
    out["city"] = address.city or ""
    _put(out, "region", address.region)
    out["state_province"] = address.state_province or ""
    out["postal_code"] = address.postal_code or ""
    out["country"] = address.country or ""
    out["address_type"] = address.address_type
    return out


def _accessibility(item: Accessibility, location_id: str) -> JSONObject:
    return _clean(
        {
            "id": item.id,
            "location_id": location_id,
            "description": item.description,
            "details": item.details,
            "url": item.url,
        }
    )


def location_json(location: Location) -> JSONObject:
    """Serialise a location as ORUK 3.0 ``location`` JSON, with its addresses.

    Parameters
    ----------
    location : Location
        The location.

    Returns
    -------
    dict
        JSON-ready object. Address parts ORUK requires but the model does
        not know are empty strings.

    Examples
    --------
    >>> from hearthcore.directory.model import stable_uuid
    >>> loc = Location(id=stable_uuid("x", "1"), latitude=53.58, longitude=-0.65)
    >>> {k: v for k, v in location_json(loc).items() if k != "id"}
    {'location_type': 'physical', 'latitude': 53.58, 'longitude': -0.65}
    """
    out: JSONObject = {"id": location.id, "location_type": location.location_type}
    _put(out, "name", location.name)
    _put(out, "description", location.description)
    _put(out, "latitude", _number(location.latitude))
    _put(out, "longitude", _number(location.longitude))
    _put(out, "external_identifier", location.external_identifier)
    _put(out, "external_identifier_type", location.external_identifier_type)
    _put(out, "addresses", [_address(a, location.id) for a in location.addresses])
    _put(
        out,
        "accessibility",
        [_accessibility(a, location.id) for a in location.accessibility],
    )
    return out


def _schedule(schedule: Schedule, service_id: str) -> JSONObject:
    return _clean(
        {
            "id": schedule.id,
            "service_id": service_id,
            "service_at_location_id": schedule.service_at_location_id,
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "dtstart": _date(schedule.dtstart),
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "bymonthday": schedule.bymonthday,
            "description": schedule.description,
            "opens_at": None
            if schedule.opens_at is None
            else time_text(schedule.opens_at),
            "closes_at": (
                None if schedule.closes_at is None else time_text(schedule.closes_at)
            ),
            "schedule_link": schedule.schedule_link,
            "attending_type": schedule.attending_type,
            "notes": schedule.notes,
        }
    )


def _contact(contact: Contact, service_id: str, extras: bool) -> JSONObject:
    out = _clean(
        {
            "id": contact.id,
            "service_id": service_id,
            "name": contact.name,
            "title": contact.title,
            "description": contact.description,
        }
    )
    if extras:
        _put(out, "email", contact.email)
        _put(
            out,
            "phones",
            [
                _clean(
                    {
                        "id": phone.id,
                        "contact_id": contact.id,
                        "number": phone.number,
                        "description": phone.description,
                    }
                )
                for phone in contact.phones
            ],
        )
    return out


def _language(language: Language, service_id: str, extras: bool) -> JSONObject:
    out: JSONObject = {"id": language.id, "service_id": service_id}
    if extras:
        _put(out, "name", language.name)
        _put(out, "code", language.code)
    return out


def _funding(funding: Funding, service_id: str) -> JSONObject:
    return _clean(
        {"id": funding.id, "service_id": service_id, "source": funding.source}
    )


def _cost_option(cost: CostOption, service_id: str) -> JSONObject:
    return _clean(
        {
            "id": cost.id,
            "service_id": service_id,
            "option": cost.option,
            "amount": _number(cost.amount),
            "amount_description": cost.amount_description,
            "valid_from": _date(cost.valid_from),
            "valid_to": _date(cost.valid_to),
        }
    )


def _service_area(area: ServiceArea, service_id: str) -> JSONObject:
    return _clean(
        {
            "id": area.id,
            "service_id": service_id,
            "name": area.name,
            "extent": area.extent,
            "extent_type": area.extent_type,
            "uri": area.uri,
        }
    )


def _attribute(attribute: Attribute, link_id: str, extras: bool) -> JSONObject:
    out: JSONObject = {"id": attribute.id, "link_id": link_id}
    _put(out, "link_type", attribute.link_type)
    out["taxonomy_term_id"] = attribute.taxonomy_term_id
    out["taxonomy_term"] = taxonomy_term_json(attribute.taxonomy_term, extras=extras)
    return out


def service_json(service: Service, *, full: bool, extras: bool = True) -> JSONObject:
    """Serialise a service as ORUK 3.0 JSON.

    Parameters
    ----------
    service : Service
        The service.
    full : bool
        True for ``/services/{id}``: everything, nested (``schedules``,
        ``service_areas``, ``service_at_locations`` with their locations,
        ``languages``, ``funding``, ``cost_options``, ``contacts``,
        ``attributes`` with their terms). False for the items of
        ``/services``: the service's own fields and its ``organization``
        only, since ``service_list.json`` forbids those arrays.
    extras : bool
        Serve HSDS 3.0 fields the ORUK profile lacks (contacts' phones and
        e-mail, languages' name and code, terms' code); see the module notes.

    Returns
    -------
    dict
        JSON-ready object.

    Examples
    --------
    >>> from hearthcore.directory.model import stable_uuid
    >>> service = Service(
    ...     id=stable_uuid("x", "s"), name="Lunch club", minimum_age=60,
    ...     schedules=(Schedule(id=stable_uuid("x", "w"), freq="WEEKLY", byday="TU",
    ...                         opens_at=dt.time(12), closes_at=dt.time(14)),))
    >>> short = service_json(service, full=False)
    >>> short["name"], short["status"], short["minimum_age"], "schedules" in short
    ('Lunch club', 'active', 60, False)
    >>> service_json(service, full=True)["schedules"][0]["opens_at"]
    '12:00'
    """
    out: JSONObject = {"id": service.id, "name": service.name}
    _put(out, "description", service.description)
    _put(out, "organization_id", service.organization_id)
    _put(out, "url", service.url)
    _put(out, "email", service.email)
    out["status"] = service.status
    _put(out, "fees", service.fees)
    _put(out, "accreditations", service.accreditations)
    _put(out, "minimum_age", _number(service.minimum_age))
    _put(out, "maximum_age", _number(service.maximum_age))
    _put(out, "assured_date", _date(service.assured_date))
    _put(out, "assurer_email", service.assurer_email)
    _put(out, "alert", service.alert)
    if service.last_modified is not None:
        out["last_modified"] = datetime_text(service.last_modified)
    if service.organization is not None:
        out["organization"] = organization_json(service.organization, full=full)
    if not full:
        return out
    sid = service.id
    _put(out, "schedules", [_schedule(s, sid) for s in service.schedules])
    _put(out, "service_areas", [_service_area(a, sid) for a in service.service_areas])
    _put(
        out,
        "service_at_locations",
        [_service_at_location(sal, sid) for sal in service.service_at_locations],
    )
    _put(out, "languages", [_language(x, sid, extras) for x in service.languages])
    _put(out, "funding", [_funding(f, sid) for f in service.funding])
    _put(out, "cost_options", [_cost_option(c, sid) for c in service.cost_options])
    _put(out, "contacts", [_contact(c, sid, extras) for c in service.contacts])
    _put(out, "attributes", [_attribute(a, sid, extras) for a in service.attributes])
    return out


def _service_at_location(sal: ServiceAtLocation, service_id: str) -> JSONObject:
    return {
        "id": sal.id,
        "service_id": service_id,
        "location_id": sal.location.id,
        "location": location_json(sal.location),
    }


def service_at_location_json(
    service_at_location: ServiceAtLocation,
    service: Service,
    *,
    include_service: bool = False,
) -> JSONObject:
    """Serialise a service at a location as ORUK 3.0 JSON.

    Parameters
    ----------
    service_at_location : ServiceAtLocation
        One of ``service.service_at_locations``.
    service : Service
        The service it belongs to (for ``service_id``).
    include_service : bool
        Nest the service, in its list form, as ``service``: for the items of
        ``/service_at_locations`` (``service_at_location_list.json``). Leave
        False for ``/service_at_locations/{id}``, whose schema has no
        ``service`` field.

    Returns
    -------
    dict
        JSON-ready object: ``id``, ``service_id``, ``location_id``,
        ``location`` (and ``service``).

    Examples
    --------
    >>> from hearthcore.directory.model import stable_uuid
    >>> sal = ServiceAtLocation(id=stable_uuid("x", "sal"),
    ...                         location=Location(id=stable_uuid("x", "loc")))
    >>> service = Service(id=stable_uuid("x", "s"), name="Lunch club",
    ...                   service_at_locations=(sal,))
    >>> sorted(service_at_location_json(sal, service, include_service=True))
    ['id', 'location', 'location_id', 'service', 'service_id']
    """
    if service_at_location not in service.service_at_locations:
        raise ValueError("the service_at_location is not one of the service's")
    out = _service_at_location(service_at_location, service.id)
    if include_service:
        out["service"] = service_json(service, full=False)
    return out


def page_json(
    contents: Sequence[JSONObject],
    *,
    page_number: int,
    per_page: int,
    total_items: int,
) -> JSONObject:
    """Wrap one page of items as an ORUK 3.0 list response.

    Parameters
    ----------
    contents : sequence of dict
        The items on this page, already serialised (at most ``per_page``).
    page_number : int
        This page's number, from 1. A page past the last is allowed and is
        empty, as the ORUK validator expects (not a 404).
    per_page : int
        The page size requested (ORUK allows 1 to 100; the caller clamps).
    total_items : int
        The number of items on all pages together.

    Returns
    -------
    dict
        ``total_items``, ``total_pages`` (at least 1, so an empty result is
        one empty page), ``page_number``, ``size`` (the number of items on
        this page), ``first_page``, ``last_page``, ``empty`` (this page has
        no items) and ``contents``.

    Examples
    --------
    >>> page = page_json([{"id": "a"}, {"id": "b"}], page_number=2, per_page=2, total_items=5)
    >>> {k: v for k, v in page.items() if k != "contents"}
    {'total_items': 5, 'total_pages': 3, 'page_number': 2, 'size': 2, 'first_page': False, 'last_page': False, 'empty': False}
    >>> page_json([], page_number=1, per_page=20, total_items=0)["total_pages"]
    1
    """
    if page_number < 1:
        raise ValueError("page_number starts at 1")
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    if total_items < 0:
        raise ValueError("total_items cannot be negative")
    if len(contents) > per_page:
        raise ValueError(f"{len(contents)} items do not fit a page of {per_page}")
    total_pages = max(1, math.ceil(total_items / per_page))
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": list(contents),
    }


def api_details_json(
    openapi_url: str, *, profile: str = PROFILE_URL, version: str = VERSION
) -> JSONObject:
    """Build the ``GET /`` response: the ORUK version and profile followed.

    Parameters
    ----------
    openapi_url : str
        Absolute URL of the OpenAPI document the API serves (the ORUK
        validator fetches it to compare endpoints).
    profile : str
        URL describing the profile (ORUK's specifications page by default).
    version : str
        ``"3.0"``, from which the ORUK validator picks the 3.0 profile.

    Returns
    -------
    dict
        ``version``, ``profile`` and ``openapi_url``.

    Examples
    --------
    >>> api_details_json("https://hearth.example/openreferral/openapi.json")["version"]
    '3.0'
    """
    return {"version": version, "profile": profile, "openapi_url": openapi_url}
