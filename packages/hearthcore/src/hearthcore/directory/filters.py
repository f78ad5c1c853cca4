"""Search and distance helpers shared by the ORUK API and the public directory.

Both call :func:`matches` on each service, so a query gives the same results
in either place. The semantics, exactly:

``search``
    Split into words (runs of letters and digits, case-insensitive). Every
    word must occur, as part of a word or whole, in the service's name, its
    description or its organisation's name. A search with no words filters
    nothing.
``taxonomy_term_id``
    The service has an attribute with that term (or, given several ids, with
    any of them). Terms are matched exactly: a parent term does not match
    its children's services, so expand descendants first if you want that.
``taxonomy_id``
    The service has an attribute whose term belongs to that taxonomy.
``organization_id``
    The service's organisation.
``day``, ``start_time``, ``end_time``
    At least one schedule satisfies all that are given: it runs on ``day``
    (``MO`` .. ``SU``; see :meth:`Schedule.weekdays
    <hearthcore.directory.model.Schedule.weekdays>`), it opens at or after
    ``start_time`` and it closes at or before ``end_time`` (it fits in the
    window, as in the 2024 ORUK UK-profile draft). A service with no
    schedule matches no day and no time; a schedule without ``opens_at``
    matches no ``start_time``. Validity dates are not considered.
``minimum_age``, ``maximum_age``
    The age range asked for overlaps the service's: a service from 5 to 11
    matches ``minimum_age=10`` and ``maximum_age=10``, and a service with no
    age limits matches every age. (The 2024 draft worded these as "the
    service's minimum age is at least" and "its maximum is at most"; an
    overlap is what someone looking for a service for a given age needs.)
``modified_after``
    The service's ``last_modified`` is strictly after the given instant; a
    service without ``last_modified`` does not match. (The ORUK 3.0 OpenAPI
    text says "on or after".)

Filters that are ``None`` are not applied; all that are given must hold.
Status is not a filter: callers choose which statuses to list.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable

from .model import DAYS, Service

#: Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8
_WORD = re.compile(r"\w+")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def _as_time(value: dt.time | str, what: str) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    found = _TIME.match(value.strip())
    if found is None:
        raise ValueError(f"{what} must be a time such as 09:30, not {value!r}")
    hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{what} {value!r} is not a time of day")
    return dt.time(hour, minute, second)


def _as_instant(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"modified_after must be a date-time such as 2024-01-31T09:00:00Z, not {value!r}"
            ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _as_day(value: str) -> str:
    day = value.strip().upper()
    if day not in DAYS:
        raise ValueError(f"day must be one of {', '.join(DAYS)}, not {value!r}")
    return day


def matches(
    service: Service,
    *,
    search: str | None = None,
    taxonomy_term_id: str | Collection[str] | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    day: str | None = None,
    start_time: dt.time | str | None = None,
    end_time: dt.time | str | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    modified_after: dt.datetime | str | None = None,
) -> bool:
    """Whether a service passes the directory's filters (see the module notes).

    Parameters
    ----------
    service : Service
        The service.
    search : str, optional
        Words that must all occur in the name, description or organisation.
    taxonomy_term_id : str or collection of str, optional
        A term id, or several (any of them).
    taxonomy_id : str, optional
        A taxonomy id.
    organization_id : str, optional
        An organisation id.
    day : str, optional
        ``MO``, ``TU``, ``WE``, ``TH``, ``FR``, ``SA`` or ``SU`` (any case).
    start_time, end_time : time or str, optional
        ``HH:MM`` (or ``HH:MM:SS``) local times.
    minimum_age, maximum_age : float, optional
        The ages asked for.
    modified_after : datetime or str, optional
        An aware datetime or ISO 8601 text (a naive one is taken as UTC).

    Returns
    -------
    bool
        True if every given filter holds.

    Raises
    ------
    ValueError
        For a day, time or date-time that cannot be read (a 400 in the API).

    Examples
    --------
    >>> from hearthcore.directory.model import Schedule, stable_uuid
    >>> club = Service(id=stable_uuid("x", "s"), name="Lunch club",
    ...     description="Hot meals for older people.", minimum_age=60,
    ...     schedules=(Schedule(id=stable_uuid("x", "w"), freq="WEEKLY", byday="TU,TH",
    ...                         opens_at=dt.time(12), closes_at=dt.time(14)),))
    >>> matches(club, search="hot LUNCH", day="tu", start_time="11:30", end_time="14:00")
    True
    >>> matches(club, day="MO"), matches(club, maximum_age=18), matches(club, minimum_age=70)
    (False, False, True)
    """
    if search is not None:
        words = _WORD.findall(search.casefold())
        if words:
            organization = service.organization.name if service.organization else ""
            text = "\n".join(
                (service.name, service.description or "", organization)
            ).casefold()
            if not all(word in text for word in words):
                return False
    if taxonomy_term_id is not None:
        wanted = (
            {taxonomy_term_id}
            if isinstance(taxonomy_term_id, str)
            else set(taxonomy_term_id)
        )
        if not any(a.taxonomy_term_id in wanted for a in service.attributes):
            return False
    if taxonomy_id is not None and not any(
        a.taxonomy_term.taxonomy_id == taxonomy_id for a in service.attributes
    ):
        return False
    if organization_id is not None and service.organization_id != organization_id:
        return False
    if day is not None or start_time is not None or end_time is not None:
        wanted_day = None if day is None else _as_day(day)
        start = None if start_time is None else _as_time(start_time, "start_time")
        end = None if end_time is None else _as_time(end_time, "end_time")
        for schedule in service.schedules:
            if wanted_day is not None and wanted_day not in schedule.weekdays():
                continue
            if start is not None and (
                schedule.opens_at is None or schedule.opens_at < start
            ):
                continue
            if end is not None and (
                schedule.closes_at is None or schedule.closes_at > end
            ):
                continue
            break
        else:
            return False
    low = -math.inf if minimum_age is None else minimum_age
    high = math.inf if maximum_age is None else maximum_age
    if low > high:
        raise ValueError("minimum_age is above maximum_age")
    service_low = -math.inf if service.minimum_age is None else service.minimum_age
    service_high = math.inf if service.maximum_age is None else service.maximum_age
    if service_low > high or low > service_high:
        return False
    if modified_after is not None:
        after = _as_instant(modified_after)
        if service.last_modified is None or not service.last_modified > after:
            return False
    return True


def distance_m(lat: float, lon: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two WGS84 points, in metres (haversine).

    Parameters
    ----------
    lat, lon : float
        The first point, decimal degrees.
    lat2, lon2 : float
        The second point.

    Returns
    -------
    float
        Metres along a sphere of the mean Earth radius (within about 0.5% of
        the ellipsoidal distance).

    Examples
    --------
    >>> round(distance_m(51.4545, -2.5879, 53.5890, -0.6544) / 1000)  # Bristol-Scunthorpe
    271
    """
    p1, p2 = math.radians(lat), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def service_distance_m(
    service: Service, latitude: float, longitude: float
) -> float | None:
    """Distance from a point to the nearest of a service's located places.

    Parameters
    ----------
    service : Service
        The service.
    latitude, longitude : float
        The point (e.g. a postcode centroid).

    Returns
    -------
    float or None
        Metres, or None when none of its locations has coordinates.

    Examples
    --------
    >>> from hearthcore.directory.model import Location, ServiceAtLocation, stable_uuid
    >>> hall = Location(id=stable_uuid("x", "l"), latitude=53.5890, longitude=-0.6544)
    >>> s = Service(id=stable_uuid("x", "s"), name="Club",
    ...             service_at_locations=(ServiceAtLocation(id=stable_uuid("x", "a"), location=hall),))
    >>> service_distance_m(s, 53.5890, -0.6544)
    0.0
    """
    distances = [
        distance_m(latitude, longitude, loc.latitude, loc.longitude)
        for loc in service.locations
        if loc.latitude is not None and loc.longitude is not None
    ]
    return min(distances) if distances else None


def nearby(
    services: Iterable[Service],
    *,
    latitude: float,
    longitude: float,
    within_m: float | None = None,
) -> list[tuple[float, Service]]:
    """Services with a location near a point, nearest first.

    This is the ``proximity`` filter: services without coordinates are left
    out; with ``within_m`` so are those further away (a service at exactly
    ``within_m`` is kept).

    Parameters
    ----------
    services : iterable of Service
        Candidates (already filtered with :func:`matches`, say).
    latitude, longitude : float
        The point.
    within_m : float, optional
        The ``proximity`` in metres.

    Returns
    -------
    list of (float, Service)
        Distance in metres and service, sorted by distance then name.

    Examples
    --------
    >>> nearby([], latitude=53.5, longitude=-0.6)
    []
    """
    found = []
    for service in services:
        distance = service_distance_m(service, latitude, longitude)
        if distance is None or (within_m is not None and distance > within_m):
            continue
        found.append((distance, service))
    found.sort(key=lambda pair: (pair[0], pair[1].name.casefold(), pair[1].id))
    return found
