"""Opening times: the common part of OpenStreetMap's ``opening_hours`` syntax.

Supported: ``24/7``; weekday ranges and lists (``Mo-Fr``, ``Mo,We,Fr``);
several time spans (``09:00-12:00,13:00-17:00``), spans past midnight
(``Fr 18:00-02:00``); ``off``/``closed``; public holidays (``PH off``,
``PH 10:00-14:00``); month ranges (``Apr-Sep Sa 10:00-16:00``) and dates
with an optional year (``Dec 24 09:00-12:00``, ``2026 Dec 25 off``). Rules
are separated by ``;`` and a later rule replaces an earlier one for the days
it covers, as in the OpenStreetMap specification.

Times are Europe/London local time; public holidays default to England and
Wales bank holidays.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_NAMES = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip

Span = tuple[int, int]  # minutes from midnight; end may exceed 1440


class HoursError(ValueError):
    """Opening times that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Rule:
    """One ``;``-separated rule."""

    years: frozenset[int] | None
    months: frozenset[int] | None
    dates: tuple[tuple[int | None, int, int], ...]  # (year, month, day)
    weekdays: frozenset[int] | None
    holiday: bool
    spans: tuple[Span, ...]

    def applies(self, day: dt.date, is_holiday: bool) -> bool:
        """Whether the rule covers this day."""
        if self.holiday and not is_holiday:
            return False
        if self.years is not None and day.year not in self.years:
            return False
        if self.months is not None and day.month not in self.months:
            return False
        if self.dates and not any(
            (y is None or y == day.year) and m == day.month and d == day.day
            for y, m, d in self.dates
        ):
            return False
        return not (self.weekdays is not None and day.weekday() not in self.weekdays)


@dataclass(frozen=True)
class OpeningHours:
    """Parsed opening times (immutable, so they can be cached)."""

    text: str
    rules: tuple[Rule, ...]
    always: bool = False

    def spans_on(self, day: dt.date, holidays: Collection[dt.date]) -> tuple[Span, ...]:
        """Return the spans that start on ``day`` (later rules win)."""
        if self.always:
            return ((0, 1440),)
        spans: tuple[Span, ...] = ()
        is_holiday = day in holidays
        for rule in self.rules:
            if rule.applies(day, is_holiday):
                spans = rule.spans
        return spans


_TIME = r"(\d{1,2}):(\d{2})"
_SPAN = re.compile(rf"^{_TIME}-{_TIME}$")


def _minutes(hours: str, minutes: str, where: str) -> int:
    h, m = int(hours), int(minutes)
    if m > 59 or h > 48:
        raise HoursError(f"{where}: '{hours}:{minutes}' is not a time")
    return h * 60 + m


def _range_set(text: str, names: list[str], what: str, where: str) -> frozenset[int]:
    out: set[int] = set()
    for part in text.split(","):
        ends = part.split("-")
        try:
            idx = [names.index(e) for e in ends]
        except ValueError:
            raise HoursError(f"{where}: '{part}' is not a {what}") from None
        if len(idx) == 1:
            out.add(idx[0])
        elif len(idx) == 2:
            a, b = idx
            out.update(
                range(a, b + 1) if a <= b else [*range(a, len(names)), *range(0, b + 1)]
            )
        else:
            raise HoursError(f"{where}: '{part}' is not a {what} range")
    return frozenset(out)


def _parse_rule(text: str, number: int) -> Rule:
    where = f"rule {number} ('{text}')"
    tokens = text.split()
    years: frozenset[int] | None = None
    months: frozenset[int] | None = None
    dates: list[tuple[int | None, int, int]] = []
    weekdays: frozenset[int] | None = None
    holiday = False
    spans: list[Span] = []
    closed = False
    i = 0
    year: int | None = None
    while i < len(tokens):
        token = tokens[i].rstrip(":")
        if re.fullmatch(r"\d{4}", token):
            year = int(token)
            years = frozenset({year})
        elif token[:3] in MONTHS and re.fullmatch(
            r"[A-Z][a-z]{2}(-[A-Z][a-z]{2})?(,[A-Z][a-z]{2}(-[A-Z][a-z]{2})?)*", token
        ):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if re.fullmatch(r"\d{1,2}(-\d{1,2})?", nxt) and "-" not in token:
                month = MONTHS.index(token) + 1
                first, _, last = nxt.partition("-")
                for day in range(int(first), int(last or first) + 1):
                    dates.append((year, month, day))
                i += 1
            else:
                months = frozenset(
                    m + 1 for m in _range_set(token, MONTHS, "month", where)
                )
        elif re.fullmatch(r"(PH|[A-Z][a-z])([-,](PH|[A-Z][a-z]))*", token):
            parts = token.split(",")
            if "PH" in parts:
                holiday = True
                parts = [p for p in parts if p != "PH"]
            if parts:
                weekdays = _range_set(",".join(parts), DAYS, "day of the week", where)
        elif token.lower() in {"off", "closed"}:
            closed = True
        elif token.lower() == "open":
            spans.append((0, 1440))
        elif re.fullmatch(r"[\d:,\-]+", token):
            for piece in token.split(","):
                match = _SPAN.match(piece)
                if not match:
                    raise HoursError(
                        f"{where}: '{piece}' is not a time span like 09:00-17:00"
                    )
                start = _minutes(match.group(1), match.group(2), where)
                end = _minutes(match.group(3), match.group(4), where)
                if end <= start:
                    end += 1440  # past midnight
                spans.append((start, end))
        else:
            raise HoursError(f"{where}: '{tokens[i]}' is not understood")
        i += 1
    if not closed and not spans:
        raise HoursError(f"{where}: give times such as 09:00-17:00, or 'off'")
    return Rule(
        years, months, tuple(dates), weekdays, holiday, () if closed else tuple(spans)
    )


@lru_cache(maxsize=4096)
def parse(text: str) -> OpeningHours:
    """Read opening times.

    Raises
    ------
    HoursError
        Naming the rule and the part that cannot be read.

    Examples
    --------
    >>> hours = parse("Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off")
    >>> is_open(hours, dt.datetime(2026, 11, 23, 10, 0))
    True
    >>> parse("Mo-Fr 9 till 5")
    Traceback (most recent call last):
    ...
    hearthcore.hours.HoursError: rule 1 ('Mo-Fr 9 till 5'): '9' is not a time span like 09:00-17:00
    """
    cleaned = " ".join(text.replace("\u2013", "-").split())
    if not cleaned:
        raise HoursError("No opening times given")
    if cleaned == "24/7":
        return OpeningHours(cleaned, (), always=True)
    rules = tuple(
        _parse_rule(part.strip(), n)
        for n, part in enumerate((p for p in cleaned.split(";") if p.strip()), start=1)
    )
    return OpeningHours(cleaned, rules)


def _local(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        return at
    return at.astimezone(LONDON).replace(tzinfo=None)


def _holidays_around(
    day: dt.date, holidays: Collection[dt.date] | None
) -> Collection[dt.date]:
    if holidays is not None:
        return holidays
    return (
        england_bank_holidays(day.year - 1)
        | england_bank_holidays(day.year)
        | england_bank_holidays(day.year + 1)
    )


def is_open(
    hours: OpeningHours | str,
    at: dt.datetime,
    *,
    holidays: Collection[dt.date] | None = None,
) -> bool | None:
    """Whether the place is open at ``at``; None if the times are unknown.

    Examples
    --------
    >>> is_open("Fr 18:00-02:00", dt.datetime(2026, 11, 28, 1, 0))  # Saturday 1am
    True
    >>> is_open("Mo-Su 09:00-17:00; PH off", dt.datetime(2026, 12, 25, 10, 0))
    False
    >>> is_open("", dt.datetime(2026, 12, 25, 10, 0)) is None
    True
    """
    if isinstance(hours, str):
        try:
            hours = parse(hours)
        except HoursError:
            return None
    local = _local(at)
    day = local.date()
    minute = local.hour * 60 + local.minute
    known = _holidays_around(day, holidays)
    for start, end in hours.spans_on(day, known):
        if start <= minute < end:
            return True
    yesterday = day - dt.timedelta(days=1)
    return any(
        minute + 1440 < end
        for _s, end in hours.spans_on(yesterday, known)
        if end > 1440
    )


def next_change(
    hours: OpeningHours | str,
    at: dt.datetime,
    *,
    holidays: Collection[dt.date] | None = None,
) -> dt.datetime | None:
    """When the place next opens or closes, within eight days (local time).

    Examples
    --------
    >>> next_change("Mo-Fr 09:00-17:00", dt.datetime(2026, 11, 23, 10, 0))
    datetime.datetime(2026, 11, 23, 17, 0)
    """
    if isinstance(hours, str):
        try:
            hours = parse(hours)
        except HoursError:
            return None
    if hours.always:
        return None
    local = _local(at)
    known = _holidays_around(local.date(), holidays)
    now = is_open(hours, local, holidays=known)
    moments = set()
    for offset in range(-1, 9):
        day = local.date() + dt.timedelta(days=offset)
        midnight = dt.datetime.combine(day, dt.time())
        for start, end in hours.spans_on(day, known):
            moments.add(midnight + dt.timedelta(minutes=start))
            moments.add(midnight + dt.timedelta(minutes=end))
    for moment in sorted(m for m in moments if m > local):
        if is_open(hours, moment, holidays=known) != now:
            return moment
    return None


def _clock(minutes: int) -> str:
    minutes %= 1440
    if minutes == 0:
        return "midnight"
    if minutes == 720:
        return "midday"
    h, m = divmod(minutes, 60)
    suffix = "am" if h < 12 else "pm"
    h = h % 12 or 12
    return f"{h}{suffix}" if m == 0 else f"{h}:{m:02d}{suffix}"


def _say(spans: Iterable[Span]) -> str:
    spans = list(spans)
    if not spans:
        return "Closed"
    if spans == [(0, 1440)]:
        return "Open all day"
    return ", ".join(f"{_clock(s)} to {_clock(e)}" for s, e in spans)


def describe(hours: OpeningHours | str) -> list[tuple[str, str]]:
    """Plain-English rows for a GOV.UK summary list.

    Examples
    --------
    >>> describe("Mo-Fr 09:00-17:30; Sa 10:00-12:00; PH off")[0]
    ('Monday', '9am to 5:30pm')
    >>> describe("Mo-Fr 09:00-17:30; Sa 10:00-12:00; PH off")[-1]
    ('Bank holidays', 'Closed')
    """
    if isinstance(hours, str):
        hours = parse(hours)
    if hours.always:
        return [("Every day", "Open 24 hours")]
    rows = []
    general = [
        r for r in hours.rules if not r.holiday and not r.dates and r.years is None
    ]
    for index, name in enumerate(DAY_NAMES):
        spans: tuple[Span, ...] = ()
        seasonal = False
        for rule in general:
            if rule.weekdays is None or index in rule.weekdays:
                if rule.months is not None:
                    seasonal = True
                    continue
                spans = rule.spans
        rows.append(
            (name, _say(spans) + (" (other hours in some months)" if seasonal else ""))
        )
    for rule in hours.rules:
        if rule.holiday:
            rows.append(("Bank holidays", _say(rule.spans)))
        for year, month, day in rule.dates:
            label = f"{day} {MONTH_NAMES[month - 1]}" + (f" {year}" if year else "")
            rows.append((label, _say(rule.spans)))
    return rows


# --- England and Wales bank holidays ------------------------------------------


def _easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    day = nxt - dt.timedelta(days=1)
    return day - dt.timedelta(days=day.weekday())


# One-off changes announced by the government. Add later announcements here.
_MOVED = {
    2020: {dt.date(2020, 5, 4): dt.date(2020, 5, 8)},  # VE Day 75
    2022: {dt.date(2022, 5, 30): dt.date(2022, 6, 2)},  # Platinum Jubilee
}
_EXTRA = {
    2022: {dt.date(2022, 6, 3), dt.date(2022, 9, 19)},  # Jubilee; State Funeral
    2023: {dt.date(2023, 5, 8)},  # Coronation
}


@lru_cache(maxsize=64)
def england_bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays, with substitute days.

    Includes the one-off changes of 2020 to 2023; later announcements must
    be added to ``_MOVED``/``_EXTRA``.

    Examples
    --------
    >>> sorted(d.isoformat() for d in england_bank_holidays(2026))  # doctest: +NORMALIZE_WHITESPACE
    ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25',
     '2026-08-31', '2026-12-25', '2026-12-28']
    """
    easter = _easter(year)
    days = set()
    new_year = dt.date(year, 1, 1)
    days.add(new_year + dt.timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    days.add(easter - dt.timedelta(days=2))
    days.add(easter + dt.timedelta(days=1))
    days.add(_first_monday(year, 5))
    days.add(_last_monday(year, 5))
    days.add(_last_monday(year, 8))
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Mon 27 and Tue 28
        days |= {dt.date(year, 12, 27), dt.date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Mon, substitute Tue 27
        days |= {boxing, dt.date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day Sat, substitute Mon 28
        days |= {christmas, dt.date(year, 12, 28)}
    else:
        days |= {christmas, boxing}
    for old, new in _MOVED.get(year, {}).items():
        days.discard(old)
        days.add(new)
    days |= _EXTRA.get(year, set())
    return frozenset(days)


# --- published weekly hours to OSM syntax ----------------------------------------

_DAY_KEYS = (
    {name.lower(): index for index, name in enumerate(DAY_NAMES)}
    | {name[:3].lower(): index for index, name in enumerate(DAY_NAMES)}
    | {code.lower(): index for index, code in enumerate(DAYS)}
)
_CLOCK = re.compile(
    r"^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|noon)?\s*$", re.IGNORECASE
)


def _published_time(text: str, where: str) -> int:
    if text.strip().lower() in {"noon", "midday"}:
        return 720
    if text.strip().lower() == "midnight":
        return 1440
    match = _CLOCK.match(text)
    if not match:
        raise HoursError(f"{where}: '{text.strip()}' is not a time")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower()
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        raise HoursError(f"{where}: '{text.strip()}' is not a time")
    return hour * 60 + minute


def _published_spans(text: str, where: str) -> tuple[Span, ...]:
    cleaned = text.strip().replace("\u2013", "-").replace(" to ", "-")
    if cleaned.lower() in {"", "closed", "close", "off", "none", "n/a", "na", "-"}:
        return ()
    if cleaned.lower() in {"24 hours", "open 24 hours", "00:00-24:00"}:
        return ((0, 1440),)
    spans = []
    for piece in re.split(r"[,&/]|\band\b", cleaned):
        if not piece.strip():
            continue
        start_text, dash, end_text = piece.partition("-")
        if not dash:
            raise HoursError(f"{where}: '{piece.strip()}' is not a time span")
        start = _published_time(start_text, where)
        end = _published_time(end_text, where)
        if end <= start:
            end += 1440
        spans.append((start, end))
    return tuple(spans)


def _osm_time(minutes: int) -> str:
    if minutes > 1440:
        minutes -= 1440  # OSM writes a span past midnight as 18:00-02:00
    h, m = divmod(minutes, 60)
    return f"{h:02d}:{m:02d}"


def from_weekly(days: Mapping[str, str]) -> str:
    """Turn hours published per day into OSM syntax, merging equal days.

    Examples
    --------
    >>> from_weekly({"monday": "09:00-17:30", "tuesday": "9am - 5.30pm", "sunday": "Closed"})
    'Mo-Tu 09:00-17:30; Su off'
    >>> from_weekly({"Sa": "0930-1200"})
    'Sa 09:30-12:00'
    """
    schedule: dict[int, tuple[Span, ...]] = {}
    for key, text in days.items():
        index = _DAY_KEYS.get(key.strip().lower())
        if index is None:
            raise HoursError(f"'{key}' is not a day of the week")
        schedule[index] = _published_spans(text or "", DAY_NAMES[index])
    rules: list[str] = []
    index = 0
    while index < 7:
        if index not in schedule:
            index += 1
            continue
        end = index
        while end + 1 < 7 and schedule.get(end + 1) == schedule[index]:
            end += 1
        label = DAYS[index] if end == index else f"{DAYS[index]}-{DAYS[end]}"
        spans = schedule[index]
        body = (
            "off"
            if not spans
            else ",".join(f"{_osm_time(s)}-{_osm_time(e)}" for s, e in spans)
        )
        rules.append(f"{label} {body}")
        index = end + 1
    return "; ".join(rules)
