"""Read Open Referral UK (ORUK) service directory feeds.

A feed is a JSON array of service records, or a paged object whose
``content`` (v1/v2) or ``items`` (v3) holds them; gzipped or plain. Each
service becomes one :class:`~hearthcore.assets.schema.AssetRecord`, placed at
its first location with coordinates or a postcode. Services published
without locations (list endpoints) come back with no coordinates and no
postcode: the web app lists them as "not on the map" rather than dropping
them, so they are kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..sources.errors import DataImportError
from .osm import load_json
from .schema import (
    Collector,
    ReadResult,
    accessibility_from_text,
    clean,
    make_record,
    strip_html,
)

SOURCE = "oruk"
TITLE = "Open Referral UK service directory"
LICENCE = "Published by the directory's owner through its Open Referral UK API"

_INSTITUTION = re.compile(
    r"\b(council|nhs|borough|county|city of|government|department|police|fire and rescue|"
    r"school|academy|college|university|hospital|trust\s+nhs|foundation trust|icb|ccg|"
    r"jobcentre|dwp|library service|probation)\b",
    re.IGNORECASE,
)
_VCS = re.compile(
    r"\b(charity|charitable|cic|c\.i\.c|community|association|club|group|society|foundation|"
    r"trust|friends of|project|network|forum|alliance|partnership|church|chapel|mosque|"
    r"temple|gurdwara|synagogue|parish|mind|age uk|citizens advice|volunteer\w*|carers|"
    r"action|aid|hub|centre|collective|cooperative|co-operative|scouts|guides|food ?bank|"
    r"pantry|men'?s shed|rotary|lions|wi|u3a)\b",
    re.IGNORECASE,
)

_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"food ?bank|food pantry|community pantry|food club|community fridge|community larder",
        "food-bank",
    ),
    (r"warm (space|welcome|hub)", "warm-space"),
    (r"\blibrar", "library"),
    (r"children'?s centre|family hub", "childrens-centre"),
    (r"youth club|youth centre|young people'?s centre", "youth-club"),
    (r"community centre|community hall|village hall", "community-centre"),
    (r"\bpark\b|nature reserve|country park", "park"),
    (r"leisure centre|swimming pool|sports centre", "sports-facility"),
    (r"\bchurch\b|mosque|gurdwara|synagogue|temple", "place-of-worship"),
)


def looks_like_oruk(data: Any) -> bool:
    """Say whether decoded JSON looks like an ORUK services feed.

    Parameters
    ----------
    data : Any
        Decoded JSON.

    Returns
    -------
    bool
        True for a list (or paged object) of records with ``name`` and
        ORUK service fields.

    Examples
    --------
    >>> looks_like_oruk([{"id": "1", "name": "Tea", "fees": "", "organization": {}}])
    True
    >>> looks_like_oruk({"type": "FeatureCollection"})
    False
    """
    try:
        items = services_of(data)
    except ValueError:
        return False
    keys = {
        "organization",
        "service_at_locations",
        "fees",
        "deliverable_type",
        "attending_type",
        "eligibility",
    }
    return any(
        isinstance(i, dict) and "name" in i and keys & set(i) for i in items[:20]
    )


def services_of(data: Any) -> list[Any]:
    """Return the list of service records from a feed.

    Parameters
    ----------
    data : Any
        Decoded JSON: a list, or an object with ``content``/``items``/``services``.

    Returns
    -------
    list
        The records.

    Raises
    ------
    ValueError
        If no list of records is found.

    Examples
    --------
    >>> services_of({"totalElements": 1, "content": [{"name": "A"}]})
    [{'name': 'A'}]
    """
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("content", "items", "services", "data"):
            if isinstance(data.get(key), list):
                return list(data[key])
        if "name" in data and "id" in data:
            return [data]
    raise ValueError("no list of services")


def asset_type_of(organisation: str) -> str:
    """Guess whether an organisation is voluntary/community or an institution.

    Parameters
    ----------
    organisation : str
        The organisation's name.

    Returns
    -------
    str
        ``association`` for VCS-sounding names, else ``institution``.

    Examples
    --------
    >>> asset_type_of("North East Lincolnshire Mind")
    'association'
    >>> asset_type_of("Bristol City Council")
    'institution'
    """
    if not organisation or _INSTITUTION.search(organisation):
        return "institution"
    return "association" if _VCS.search(organisation) else "institution"


def cost_of(fees: Any) -> str:
    """Turn ORUK ``fees`` text into a cost band.

    Parameters
    ----------
    fees : Any
        The ``fees`` (or ``fees_description``) value.

    Returns
    -------
    str
        ``free`` when empty, "free" or "no"; otherwise ``paid``.

    Examples
    --------
    >>> cost_of(""), cost_of("No"), cost_of("£3 per session")
    ('free', 'free', 'paid')
    """
    text = clean(strip_html(str(fees or ""))).lower().strip(" .")
    if text in (
        "",
        "free",
        "no",
        "none",
        "0",
        "£0",
        "nil",
        "no charge",
        "free of charge",
    ):
        return "free"
    return "paid"


def _category(name: str, extra: str) -> str:
    for pattern, category in _CATEGORY_WORDS:
        if re.search(pattern, name, re.IGNORECASE):
            return category
    for pattern, category in _CATEGORY_WORDS[:6]:
        if re.search(pattern, extra, re.IGNORECASE):
            return category
    return "support-service"


def _location(service: dict[str, Any]) -> tuple[Any, Any, str, str]:
    """Return (lat, lon, postcode, address) of the first usable location."""
    found: tuple[Any, Any, str, str] | None = None
    for link in service.get("service_at_locations") or service.get("locations") or []:
        if not isinstance(link, dict):
            continue
        inner = link.get("location")
        location: dict[str, Any] = inner if isinstance(inner, dict) else link
        lat, lon = location.get("latitude"), location.get("longitude")
        postcode, address = "", ""
        for addr in (
            location.get("physical_addresses") or location.get("addresses") or []
        ):
            if isinstance(addr, dict):
                postcode = clean(addr.get("postal_code") or addr.get("postcode"))
                address = ", ".join(
                    clean(addr.get(k))
                    for k in ("address_1", "address_2", "city", "state_province")
                    if clean(addr.get(k))
                )
                break
        if not address:
            address = clean(location.get("name"))
        candidate = (lat, lon, postcode, address)
        if lat not in (None, "") and lon not in (None, ""):
            return candidate
        if found is None and postcode:
            found = candidate
    return found or (None, None, "", "")


def _phone(service: dict[str, Any]) -> str:
    for container in [
        service,
        *(c for c in service.get("contacts") or [] if isinstance(c, dict)),
    ]:
        for phone in container.get("phones") or []:
            if isinstance(phone, dict) and clean(phone.get("number")):
                return clean(phone.get("number"))
    return ""


def read_oruk(path: Path | str) -> ReadResult:
    """Read an ORUK services feed.

    Parameters
    ----------
    path : Path or str
        A ``.json`` or ``.json.gz`` file.

    Returns
    -------
    ReadResult
        One record per named service; services with no name are skipped,
        as are those whose ``status`` is present and not ``active``.

    Raises
    ------
    DataImportError
        If the file is not JSON, holds no list of services, or a location
        has impossible coordinates.
    """
    path = Path(path)
    try:
        services = services_of(load_json(path))
    except ValueError:
        raise DataImportError.single(
            path.name,
            "holds no list of services (expected a JSON array, or an object with 'content' or 'items').",
        ) from None
    out = Collector(path.name)
    for number, service in enumerate(services, start=1):
        if not isinstance(service, dict):
            out.problem("is not a service object", number)
            continue
        name = clean(strip_html(str(service.get("name") or "")))
        status = clean(service.get("status")).lower()
        if not name:
            out.skip(f"service {service.get('id', number)!s}: no name", number)
            continue
        if status and status != "active":
            out.skip(f"{name!r}: status {status}", number)
            continue
        organisation_data = (
            service.get("organization") or service.get("organisation") or {}
        )
        organisation = (
            clean(organisation_data.get("name"))
            if isinstance(organisation_data, dict)
            else ""
        )
        lat_text, lon_text, postcode, address = _location(service)
        lat, lon = out.coords(lat_text, lon_text, number, "latitude", "longitude")
        description = strip_html(str(service.get("description") or ""))
        access = accessibility_from_text(
            " ".join(
                str(service.get(k) or "")
                for k in (
                    "attending_access",
                    "pc_attendingAccess_additionalInfo",
                    "accessibility",
                )
            )
        )
        fees = (
            service.get("fees")
            if "fees" in service
            else service.get("fees_description")
        )
        record = make_record(
            source=SOURCE,
            source_id=clean(service.get("id")),
            name=name,
            category=_category(name, description[:300]),
            asset_type=asset_type_of(organisation),
            lat=lat,
            lon=lon,
            postcode=postcode,
            address=address,
            description=description,
            cost=cost_of(fees),
            accessibility=access,
            phone=_phone(service),
            email=clean(service.get("email")),
            url=clean(service.get("url")),
            organisation=organisation,
            line=number,
        )
        out.add_unlocated(record)  # unlocated services are listed, not mapped
    return out.result(SOURCE, TITLE, LICENCE)
