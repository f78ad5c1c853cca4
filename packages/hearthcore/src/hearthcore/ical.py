r"""iCalendar (RFC 5545) feeds that calendar apps can subscribe to.

:func:`calendar` writes a ``VCALENDAR`` of :class:`Event` items, such as plan
actions, meetings or community events. The format is small, so it is
written here rather than with a library:

* lines end with CRLF and are folded at 75 octets of UTF-8, never inside a
  character or an escape sequence; a continuation line starts with a space;
* text values escape ``\``, ``;``, ``,`` and line breaks (``\n``); other
  control characters are dropped, since RFC 5545 text cannot hold them;
* every event has a ``DTSTAMP``, the time the feed was written (pass
  ``now`` for reproducible output);
* an all-day event (a :class:`~datetime.date` start) is written with
  ``VALUE=DATE`` and an exclusive ``DTEND``: the day after its last day;
* a timed event (a :class:`~datetime.datetime` start) is written in UTC
  (``20240601T090000Z``). Aware datetimes are converted; naive ones are taken
  to be in the calendar's time zone, Europe/London by default, so no
  ``VTIMEZONE`` block is needed.

UIDs are given by the caller and must stay the same for the same item from
one feed to the next (``plan-action-12@hearth.example.gov.uk``), so that
calendar apps update events instead of duplicating them. Serve the text,
encoded as UTF-8, with :data:`MEDIA_TYPE`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

#: The media type to serve a feed with.
MEDIA_TYPE = "text/calendar; charset=utf-8"

#: The statuses RFC 5545 allows for an event.
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")

#: The longest line RFC 5545 allows, in octets, not counting the CRLF.
MAX_LINE_OCTETS = 75

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters RFC 5545 TEXT cannot hold (tab is allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A UID or URL: no spaces or control characters; a UID also none of , ; \.
_UID = re.compile(r"[^\s,;\\\x00-\x1f\x7f]+")
_URL = re.compile(r"[^\s\x00-\x1f\x7f]+")
# Units folding never splits: an escape sequence or one character.
_UNIT = re.compile(r"\\.|.", re.DOTALL)


def escape_text(value: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and line breaks.

    Parameters
    ----------
    value : str
        The text.

    Returns
    -------
    str
        The escaped text. Line breaks (CRLF, CR or LF) become ``\n``; other
        control characters except tab are removed.

    Examples
    --------
    >>> print(escape_text("Tea, cake; and a \\ slash\nNext line"))
    Tea\, cake\; and a \\ slash\nNext line
    """
    text = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = _LINE_BREAK.sub("\\\\n", text)
    return _CONTROL.sub("", text)


def fold(line: str) -> list[str]:
    """Fold a content line into pieces of at most 75 UTF-8 octets.

    Parameters
    ----------
    line : str
        One unfolded content line, without its CRLF.

    Returns
    -------
    list of str
        The pieces; every piece after the first starts with a space, which
        counts towards its 75 octets. A character, or a backslash escape, is
        never split between pieces.

    Examples
    --------
    >>> pieces = fold("DESCRIPTION:" + "é" * 40)
    >>> [len(p.encode()) for p in pieces]
    [74, 19]
    >>> "".join(p[1:] if i else p for i, p in enumerate(pieces)) == "DESCRIPTION:" + "é" * 40
    True
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for unit in _UNIT.findall(line):
        octets = len(unit.encode("utf-8"))
        if size + octets > MAX_LINE_OCTETS and current:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(unit)
        size += octets
    pieces.append("".join(current))
    return pieces


@dataclass(frozen=True)
class Event:
    """One event in a feed.

    Attributes
    ----------
    uid : str
        A stable identifier, unique across feeds, e.g.
        ``plan-action-12@hearth.example.gov.uk``. No spaces, commas,
        semicolons or backslashes.
    summary : str
        The event's title.
    start : date or datetime
        A date for an all-day event, a datetime for a timed one.
    end : date, datetime or None
        For an all-day event, its **last day** (inclusive; the feed's
        ``DTEND`` is the day after); None for a one-day event. For a timed
        event, when it ends (after ``start``); None for an event with no
        length. Must be the same kind as ``start``.
    description : str
        Longer text.
    location : str
        Where it happens.
    url : str
        A page about it.
    categories : tuple of str
        Category names.
    status : str
        ``CONFIRMED``, ``TENTATIVE`` or ``CANCELLED``.
    last_modified : datetime or None
        When the item last changed.
    """

    uid: str
    summary: str
    start: date
    end: date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    status: str = "CONFIRMED"
    last_modified: datetime | None = None

    def __post_init__(self) -> None:
        if not _UID.fullmatch(self.uid):
            raise ValueError(
                "a UID must be non-empty, with no spaces, commas, semicolons, "
                f"backslashes or control characters: {self.uid!r}"
            )
        if not self.summary.strip():
            raise ValueError(f"event {self.uid} needs a summary")
        if self.status not in STATUSES:
            raise ValueError(
                f"an event's status is one of {', '.join(STATUSES)}, not {self.status!r}"
            )
        if self.url and not _URL.fullmatch(self.url):
            raise ValueError(f"a URL has no spaces or control characters: {self.url!r}")
        object.__setattr__(self, "categories", tuple(self.categories))
        if any(not c.strip() for c in self.categories):
            raise ValueError(f"event {self.uid} has an empty category")
        if not isinstance(self.start, date):
            raise TypeError("an event starts on a date or at a datetime")
        if self.end is not None:
            if isinstance(self.end, datetime) != isinstance(self.start, datetime):
                raise TypeError(
                    f"event {self.uid}: start and end must both be dates or both "
                    "datetimes"
                )
            if isinstance(self.start, datetime) and isinstance(self.end, datetime):
                if (self.start.tzinfo is None) != (self.end.tzinfo is None):
                    raise TypeError(
                        f"event {self.uid}: start and end must both be naive or "
                        "both aware"
                    )
                if self.end <= self.start:
                    raise ValueError(f"event {self.uid} ends before it starts")
            elif self.end < self.start:
                raise ValueError(f"event {self.uid} ends before it starts")

    @property
    def all_day(self) -> bool:
        """Whether the event lasts whole days (its start is a date).

        Returns
        -------
        bool
            True for a date start, False for a datetime.

        Examples
        --------
        >>> Event("a@hearth", "Fair", date(2024, 6, 1)).all_day
        True
        >>> Event("b@hearth", "Meeting", datetime(2024, 6, 1, 18)).all_day
        False
        """
        return not isinstance(self.start, datetime)


def _utc_text(moment: datetime, zone: ZoneInfo) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _date_text(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _event_lines(event: Event, stamp: str, zone: ZoneInfo) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}"]
    if isinstance(event.start, datetime):
        lines.append(f"DTSTART:{_utc_text(event.start, zone)}")
        if isinstance(event.end, datetime):
            lines.append(f"DTEND:{_utc_text(event.end, zone)}")
    else:
        last = event.end if event.end is not None else event.start
        lines.append(f"DTSTART;VALUE=DATE:{_date_text(event.start)}")
        lines.append(f"DTEND;VALUE=DATE:{_date_text(last + timedelta(days=1))}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.categories:
        names = ",".join(escape_text(c) for c in event.categories)
        lines.append(f"CATEGORIES:{names}")
    lines.append(f"STATUS:{event.status}")
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{_utc_text(event.last_modified, zone)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    prodid: str = "-//Hearth//EN",
    timezone: str = "Europe/London",
    description: str = "",
    now: datetime | None = None,
) -> str:
    r"""Write events as an iCalendar (RFC 5545) feed.

    Parameters
    ----------
    events : iterable of Event
        The events, in the order to write them; UIDs must differ.
    name : str
        The calendar's name (``X-WR-CALNAME`` and RFC 7986 ``NAME``).
    prodid : str
        The product identifier.
    timezone : str
        The IANA zone naive datetimes are in, also given as
        ``X-WR-TIMEZONE``.
    description : str
        A description of the calendar (``X-WR-CALDESC``), if any.
    now : datetime or None
        The ``DTSTAMP`` of every event; the current time when None. A naive
        value is taken to be in ``timezone``.

    Returns
    -------
    str
        The feed, with CRLF line ends and folded lines.

    Raises
    ------
    ValueError
        If the name is empty or two events share a UID.

    Examples
    --------
    >>> feed = calendar(
    ...     [Event("plan-action-12@hearth", "Litter pick, park", date(2024, 6, 1))],
    ...     name="Ward plan", now=datetime(2024, 5, 1, 12, tzinfo=UTC))
    >>> print(feed.replace("\r\n", "\n"), end="")
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//Hearth//EN
    CALSCALE:GREGORIAN
    METHOD:PUBLISH
    NAME:Ward plan
    X-WR-CALNAME:Ward plan
    X-WR-TIMEZONE:Europe/London
    BEGIN:VEVENT
    UID:plan-action-12@hearth
    DTSTAMP:20240501T120000Z
    DTSTART;VALUE=DATE:20240601
    DTEND;VALUE=DATE:20240602
    SUMMARY:Litter pick\, park
    STATUS:CONFIRMED
    END:VEVENT
    END:VCALENDAR
    """
    if not name.strip():
        raise ValueError("a calendar needs a name")
    zone = ZoneInfo(timezone)
    stamp = _utc_text(now if now is not None else datetime.now(UTC), zone)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(prodid)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if description:
        lines.append(f"X-WR-CALDESC:{escape_text(description)}")
    lines.append(f"X-WR-TIMEZONE:{escape_text(timezone)}")
    seen: set[str] = set()
    for event in events:
        if event.uid in seen:
            raise ValueError(f"two events share the UID {event.uid}")
        seen.add(event.uid)
        lines += _event_lines(event, stamp, zone)
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in fold(line))
