"""The shape of a community asset, and small helpers every asset reader shares.

An :class:`AssetRecord` is one place, group or service as read from one
source file. Readers fill it from very different files; the helpers here
make the common fields (postcodes, phone numbers, opening hours, access
features, HTML descriptions) look the same whatever the source.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..hours import DAY_NAMES, DAYS, HoursError, from_weekly
from ..sources.errors import DataImportError, Problem
from ..text import normalise_postcode

ASSET_TYPES: dict[str, str] = {
    "individual": "Individuals' skills",
    "association": "Associations and groups",
    "institution": "Institutions",
    "physical": "Physical spaces",
    "economic": "Economic",
    "cultural": "Cultural",
}

FIVE_WAYS: dict[str, str] = {
    "connect": "Connect",
    "be-active": "Be active",
    "take-notice": "Take notice",
    "keep-learning": "Keep learning",
    "give": "Give",
}

COSTS: dict[str, str] = {"free": "Free", "low": "Low cost", "paid": "Paid"}

#: key -> (label, default asset type)
CATEGORIES: dict[str, tuple[str, str]] = {
    "community-centre": ("Community centre or hall", "physical"),
    "library": ("Library", "institution"),
    "place-of-worship": ("Place of worship", "institution"),
    "school": ("School or college", "institution"),
    "gp-practice": ("GP practice", "institution"),
    "pharmacy": ("Pharmacy", "economic"),
    "dentist": ("Dentist", "economic"),
    "park": ("Park or green space", "physical"),
    "playground": ("Playground", "physical"),
    "sports-facility": ("Sports or leisure facility", "physical"),
    "food-bank": ("Food bank, pantry or food club", "association"),
    "warm-space": ("Warm space", "physical"),
    "youth-club": ("Youth club or centre", "association"),
    "childrens-centre": ("Children's centre or family hub", "institution"),
    "care-home": ("Care home", "institution"),
    "jobcentre": ("Jobcentre", "institution"),
    "post-office": ("Post office", "economic"),
    "defibrillator": ("Defibrillator", "physical"),
    "arts-venue": ("Arts, heritage or culture venue", "cultural"),
    "support-service": ("Support service", "association"),
    "council-building": ("Council building", "institution"),
    "other": ("Other", "physical"),
}

_DEFAULT_FIVE_WAYS: dict[str, tuple[str, ...]] = {
    "community-centre": ("connect",),
    "library": ("keep-learning", "take-notice"),
    "place-of-worship": ("connect", "give"),
    "school": ("keep-learning",),
    "park": ("be-active", "take-notice"),
    "playground": ("be-active", "connect"),
    "sports-facility": ("be-active",),
    "food-bank": ("give",),
    "warm-space": ("connect",),
    "youth-club": ("connect", "be-active", "keep-learning"),
    "childrens-centre": ("connect", "keep-learning"),
    "care-home": ("give",),
    "jobcentre": ("keep-learning",),
    "post-office": ("connect",),
    "arts-venue": ("keep-learning", "take-notice", "connect"),
    "support-service": ("connect",),
}

#: (min lon, min lat, max lon, max lat) of the UK, generous at the edges.
UK_BBOX = (-8.7, 49.8, 1.9, 60.95)

ACCESSIBILITY: dict[str, str] = {
    "wheelchair": "Wheelchair accessible",
    "step-free": "Step-free access",
    "accessible-toilet": "Accessible toilet",
    "hearing-loop": "Hearing loop",
    "disabled-parking": "Disabled parking",
    "changing-places": "Changing Places toilet",
}


@dataclass(frozen=True)
class AssetRecord:
    """One community asset as read from one source.

    ``lat``/``lon`` are WGS84 and are ``None`` when only a postcode is known;
    ``line`` is the physical line (or feature number) in the source file.
    """

    source: str
    source_id: str
    name: str
    category: str
    asset_type: str
    lat: float | None
    lon: float | None
    postcode: str = ""
    address: str = ""
    description: str = ""
    opening_hours: str = ""
    opening_hours_text: str = ""
    cost: str = ""
    accessibility: tuple[str, ...] = ()
    five_ways: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    url: str = ""
    organisation: str = ""
    line: int | None = None


@dataclass
class ReadResult:
    """What a reader found in one file.

    ``skipped`` lists rows deliberately left out (closed, outside the UK, no
    name, no location...) with their line and the reason; they are not errors.
    """

    source: str
    title: str
    licence: str
    records: list[AssetRecord]
    skipped: list[Problem] = field(default_factory=list)


def default_five_ways(category: str) -> tuple[str, ...]:
    """Return the Five Ways to Wellbeing a category usually supports.

    Parameters
    ----------
    category : str
        A key of :data:`CATEGORIES`.

    Returns
    -------
    tuple of str
        Keys of :data:`FIVE_WAYS`, possibly empty (e.g. for a pharmacy).

    Examples
    --------
    >>> default_five_ways("park")
    ('be-active', 'take-notice')
    >>> default_five_ways("pharmacy")
    ()
    """
    return _DEFAULT_FIVE_WAYS.get(category, ())


_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$")
_POSTCODE_IN_TEXT = re.compile(
    r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE
)


def format_postcode(text: str) -> str:
    """Return a UK postcode in its usual form, or "" when it is not one.

    Parameters
    ----------
    text : str
        A postcode as published.

    Returns
    -------
    str
        Upper case with one space before the inward code.

    Examples
    --------
    >>> format_postcode(" pr71dp")
    'PR7 1DP'
    >>> format_postcode("not known")
    ''
    """
    code = normalise_postcode(text)
    if not _POSTCODE.match(code):
        return ""
    return f"{code[:-3]} {code[-3:]}"


def postcode_in(text: str) -> str:
    """Find the last UK postcode inside an address.

    Parameters
    ----------
    text : str
        Free text, typically an address.

    Returns
    -------
    str
        The formatted postcode, or "".

    Examples
    --------
    >>> postcode_in("Anderton Centre, Chorley, Lancashire PR6 9HG")
    'PR6 9HG'
    """
    found = _POSTCODE_IN_TEXT.findall(text)
    for outward, inward in reversed(found):
        code = format_postcode(outward + inward)
        if code:
            return code
    return ""


def in_uk(lat: float, lon: float) -> bool:
    """Say whether a point lies inside the UK bounding box.

    Parameters
    ----------
    lat, lon : float
        WGS84 degrees.

    Returns
    -------
    bool
        True inside ``UK_BBOX``.

    Examples
    --------
    >>> in_uk(53.65, -2.63), in_uk(48.94, -122.76)
    (True, False)
    """
    return UK_BBOX[1] <= lat <= UK_BBOX[3] and UK_BBOX[0] <= lon <= UK_BBOX[2]


def stable_id(name: str, postcode: str, lat: float | None, lon: float | None) -> str:
    """Return a stable identifier for a record that has none of its own.

    Parameters
    ----------
    name : str
        The asset's name.
    postcode : str
        Its postcode (any form).
    lat, lon : float or None
        Its coordinates.

    Returns
    -------
    str
        16 hex digits of a SHA-256 over the normalised inputs.

    Examples
    --------
    >>> stable_id("Hall", "PR7 1DP", None, None) == stable_id(" hall", "pr71dp", None, None)
    True
    """
    where = "" if lat is None or lon is None else f"{lat:.5f},{lon:.5f}"
    key = f"{' '.join(name.lower().split())}|{normalise_postcode(postcode)}|{where}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_NA = {"", "na", "n/a", "none", "null", "nan", "-", "unknown", "not known"}


def clean(text: object) -> str:
    """Return text stripped, with placeholders such as "NA" or "N/A" as "".

    Parameters
    ----------
    text : object
        A cell or property value.

    Returns
    -------
    str
        The text, or "".

    Examples
    --------
    >>> clean(" N/A "), clean(None), clean("Hall ")
    ('', '', 'Hall')
    """
    if text is None:
        return ""
    value = " ".join(str(text).translate(_INVISIBLE).split())
    return "" if value.lower() in _NA else value


def tidy_name(text: str) -> str:
    """Title-case names published in capitals (as ODS does); leave others.

    Parameters
    ----------
    text : str
        A name as published.

    Returns
    -------
    str
        The name, readable.

    Examples
    --------
    >>> tidy_name("ST MARY'S SURGERY")
    "St Mary's Surgery"
    >>> tidy_name("Boots UK")
    'Boots UK'
    """
    text = clean(text)
    if not text.isupper() or len(text) <= 4:
        return text
    titled = text.title()
    titled = re.sub(r"(\w)'S\b", r"\1's", titled)
    for word in ("NHS", "GP", "UK", "CE", "RC", "PLC", "LTD", "LLP", "CIC"):
        titled = re.sub(rf"\b{word.title()}\b", word, titled)
    return titled


def tidy_phone(text: str) -> str:
    """Tidy a published phone number, restoring a leading zero lost by Excel.

    Parameters
    ----------
    text : str
        A phone number as published.

    Returns
    -------
    str
        The number, or "".

    Examples
    --------
    >>> tidy_phone("1617903377"), tidy_phone("0161 928 1765"), tidy_phone("NA")
    ('01617903377', '0161 928 1765', '')
    """
    value = clean(text)
    if value.isdigit() and len(value) == 10 and not value.startswith("0"):
        value = "0" + value
    return value


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d[\d\s-]{7,12}\d")


def split_contact(text: str) -> tuple[str, str]:
    """Pick a phone number and an e-mail address out of free contact text.

    Parameters
    ----------
    text : str
        Contact details as published.

    Returns
    -------
    tuple of str
        ``(phone, email)``, each "" when absent.

    Examples
    --------
    >>> split_contact("Call 01257 515151 or mail hi@example.org")
    ('01257 515151', 'hi@example.org')
    """
    email = _EMAIL.search(text)
    phone = _PHONE.search(text)
    return (
        phone.group(0).strip() if phone else "",
        email.group(0).rstrip(".") if email else "",
    )


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"<\s*(br\s*/?|/p|/li|/div|/h\d)\s*>", re.IGNORECASE)


def strip_html(text: str) -> str:
    r"""Turn an HTML fragment into plain text.

    Parameters
    ----------
    text : str
        HTML as published (ORUK descriptions).

    Returns
    -------
    str
        Text with tags removed, entities decoded and paragraphs on new lines.

    Examples
    --------
    >>> strip_html("<p>Tea &amp; chat</p><ul><li>Free</li></ul>")
    'Tea & chat\nFree'
    """
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub(" ", text)).replace("\xa0", " ")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def accessibility_from_text(text: str) -> tuple[str, ...]:
    """Recognise common access features in free text.

    Parameters
    ----------
    text : str
        Published accessibility notes.

    Returns
    -------
    tuple of str
        Keys of :data:`ACCESSIBILITY` that the text mentions.

    Examples
    --------
    >>> accessibility_from_text("Fully wheelchair accessible with a disabled toilet and hearing loop")
    ('wheelchair', 'accessible-toilet', 'hearing-loop')
    """
    low = text.lower()
    found: list[str] = []
    if re.search(r"wheel\s*chair", low) and not re.search(
        r"not (fully )?wheel\s*chair", low
    ):
        found.append("wheelchair")
    if re.search(r"step[- ]free|level access|ramp", low):
        found.append("step-free")
    if re.search(
        r"(accessible|disabled|disability|wheelchair)[^.]{0,15}(toilet|wc|loo)", low
    ):
        found.append("accessible-toilet")
    if re.search(r"hearing[- ]?loop|induction loop", low):
        found.append("hearing-loop")
    if re.search(r"disabled parking|blue badge|accessible parking", low):
        found.append("disabled-parking")
    if "changing places" in low:
        found.append("changing-places")
    return tuple(found)


def osm_week(days: Mapping[str, str]) -> str:
    """Turn per-day hours into OSM ``opening_hours`` syntax.

    Parameters
    ----------
    days : Mapping of str to str
        Two-letter OSM day (``Mo`` ... ``Su``) to that day's hours as
        ``HH:MM-HH:MM``, several separated by commas, or "Closed"/"".

    Returns
    -------
    str
        For example ``Mo-Fr 09:00-17:00; Sa 10:00-12:00`` (closed days are
        left out); "" when any day cannot be read or no day is open. The
        parsing is :func:`hearthcore.hours.from_weekly`'s.

    Examples
    --------
    >>> osm_week({"Mo": "09:00-17:00", "Tu": "09:00-17:00", "We": "09:00-17:00",
    ...           "Th": "09:00-17:00", "Fr": "09:00-17:00", "Sa": "10:00-12:00",
    ...           "Su": "CLOSED"})
    'Mo-Fr 09:00-17:00; Sa 10:00-12:00'
    >>> osm_week({"Mo": "by appointment"})
    ''
    """
    try:
        text = from_weekly({day: days.get(day, "") for day in DAYS})
    except HoursError:
        return ""
    # OpenStreetMap treats days that are not listed as closed.
    return "; ".join(rule for rule in text.split("; ") if not rule.endswith(" off"))


def week_text(days: Mapping[str, str]) -> str:
    """Describe per-day hours in words, for ``opening_hours_text``.

    Parameters
    ----------
    days : Mapping of str to str
        Two-letter OSM day to that day's hours as published.

    Returns
    -------
    str
        For example ``Monday: 09:00-17:00; Sunday: Closed``; days with no
        value are left out.

    Examples
    --------
    >>> week_text({"Mo": "AM Only", "Su": "Closed"})
    'Monday: AM Only; Sunday: Closed'
    """
    parts = []
    for day, label in zip(DAYS, DAY_NAMES, strict=True):
        value = " ".join(days.get(day, "").split())
        if value:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


def make_record(
    *,
    source: str,
    name: str,
    category: str,
    lat: float | None,
    lon: float | None,
    source_id: str = "",
    asset_type: str = "",
    postcode: str = "",
    address: str = "",
    description: str = "",
    opening_hours: str = "",
    opening_hours_text: str = "",
    cost: str = "",
    accessibility: tuple[str, ...] = (),
    five_ways: tuple[str, ...] | None = None,
    phone: str = "",
    email: str = "",
    url: str = "",
    organisation: str = "",
    line: int | None = None,
) -> AssetRecord:
    """Build an :class:`AssetRecord`, filling defaults and tidying fields.

    The asset type and Five Ways default from the category, the postcode is
    formatted (or taken from the address), and a missing ``source_id``
    becomes :func:`stable_id` of name, postcode and coordinates.

    Parameters
    ----------
    source : str
        Source dataset key.
    name : str
        The asset's name.
    category : str
        A key of :data:`CATEGORIES`.
    lat, lon : float or None
        WGS84 coordinates, or None.
    source_id : str, optional
        Identifier inside the source.
    asset_type : str, optional
        A key of :data:`ASSET_TYPES`; the category's default when "".
    postcode, address, description, opening_hours, opening_hours_text : str, optional
        As published (postcode is normalised).
    cost : str, optional
        A key of :data:`COSTS` or "".
    accessibility : tuple of str, optional
        Access features.
    five_ways : tuple of str, optional
        Keys of :data:`FIVE_WAYS`; the category's default when None.
    phone, email, url, organisation : str, optional
        Contact details and the organisation running it.
    line : int, optional
        Line or feature number in the source file.

    Returns
    -------
    AssetRecord
        The record.

    Examples
    --------
    >>> r = make_record(source="t", name=" Hall ", category="community-centre",
    ...                 lat=None, lon=None, address="1 Road, Chorley PR7 1DP")
    >>> r.postcode, r.asset_type, r.five_ways, len(r.source_id)
    ('PR7 1DP', 'physical', ('connect',), 16)
    """
    name = clean(name)
    code = format_postcode(postcode) or postcode_in(address)
    if (
        lat is not None
        and lon is not None
        and not (math.isfinite(lat) and math.isfinite(lon))
    ):
        lat = lon = None
    if lat is None or lon is None:
        lat = lon = None
    url = clean(url)
    if url and "://" not in url and "." in url and "@" not in url:
        url = "https://" + url
    return AssetRecord(
        source=source,
        source_id=clean(source_id) or stable_id(name, code, lat, lon),
        name=name,
        category=category,
        asset_type=asset_type or CATEGORIES[category][1],
        lat=lat,
        lon=lon,
        postcode=code,
        address=clean(address),
        description=description.strip(),
        opening_hours=opening_hours.strip(),
        opening_hours_text=clean(opening_hours_text),
        cost=cost,
        accessibility=tuple(dict.fromkeys(accessibility)),
        five_ways=default_five_ways(category) if five_ways is None else five_ways,
        phone=tidy_phone(phone),
        email=clean(email),
        url=url,
        organisation=clean(organisation),
        line=line,
    )


class Collector:
    """Gather the records, skipped rows and problems of one file.

    Readers call :meth:`add`, :meth:`skip` and :meth:`problem` row by row and
    finally :meth:`result`, which raises if any problem was found, so nothing
    is ever partly returned.

    Parameters
    ----------
    file : str
        The file's name, for messages.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.records: list[AssetRecord] = []
        self.skipped: list[Problem] = []
        self.problems: list[Problem] = []
        self._ids: dict[str, int | None] = {}

    def problem(
        self, message: str, line: int | None = None, column: str | None = None
    ) -> None:
        """Record a structural problem (the file will be refused).

        Parameters
        ----------
        message : str
            What is wrong.
        line : int, optional
            Physical line or feature number.
        column : str, optional
            The column or property as published.
        """
        self.problems.append(Problem(self.file, message, line, column))

    def skip(self, reason: str, line: int | None) -> None:
        """Leave a valid but unwanted row out, saying why.

        Parameters
        ----------
        reason : str
            Why the row is left out.
        line : int, optional
            Physical line or feature number.
        """
        self.skipped.append(Problem(self.file, reason, line))

    def coords(
        self,
        lat_text: object,
        lon_text: object,
        line: int | None,
        lat_column: str = "lat",
        lon_column: str = "lon",
    ) -> tuple[float | None, float | None]:
        """Parse a latitude and longitude, reporting bad values as problems.

        Empty values (or 0,0) give ``(None, None)``; non-numbers and values
        outside -90..90 / -180..180 are problems.

        Parameters
        ----------
        lat_text, lon_text : object
            The cells as published.
        line : int, optional
            Physical line or feature number.
        lat_column, lon_column : str, optional
            Column names for messages.

        Returns
        -------
        tuple of (float or None, float or None)
            The coordinates, or ``(None, None)``.
        """
        values: list[float | None] = []
        for text, column, limit in (
            (lat_text, lat_column, 90.0),
            (lon_text, lon_column, 180.0),
        ):
            if isinstance(text, int | float) and not isinstance(text, bool):
                number: float | None = float(text)
            else:
                cell = clean(text)
                if not cell:
                    number = None
                else:
                    try:
                        number = float(cell)
                    except ValueError:
                        self.problem(f"not a number: {cell!r}", line, column)
                        return None, None
            if number is not None and (
                not math.isfinite(number) or abs(number) > limit
            ):
                self.problem(
                    f"out of range (-{limit:g} to {limit:g}): {number:g}", line, column
                )
                return None, None
            values.append(number)
        lat, lon = values
        if lat is None or lon is None or (lat == 0 and lon == 0):
            return None, None
        return lat, lon

    def add(self, record: AssetRecord) -> None:
        """Keep a record, or skip it if it has no name, no place, is abroad or repeats.

        A record whose ``source_id`` was already kept (an exact repeat, for
        sources without identifiers) is skipped, so ids are unique per file.

        Parameters
        ----------
        record : AssetRecord
            The record.
        """
        if not record.name:
            self.skip("no name", record.line)
        elif record.lat is None and not record.postcode:
            self.skip(f"{record.name!r}: no coordinates and no postcode", record.line)
        elif (
            record.lat is not None
            and record.lon is not None
            and not in_uk(record.lat, record.lon)
        ):
            self.skip(
                f"{record.name!r}: outside the UK ({record.lat:.4f}, {record.lon:.4f})",
                record.line,
            )
        elif record.source_id in self._ids:
            self.skip(
                f"{record.name!r}: same source_id ({record.source_id}) as line {self._ids[record.source_id]}",
                record.line,
            )
        else:
            self._ids[record.source_id] = record.line
            self.records.append(record)

    def add_unlocated(self, record: AssetRecord) -> None:
        """Keep a record that has neither coordinates nor a postcode.

        For directory services (ORUK) that are listed rather than mapped.

        Parameters
        ----------
        record : AssetRecord
            The record.
        """
        if record.lat is None and not record.postcode:
            if record.source_id in self._ids:
                self.skip(
                    f"{record.name!r}: same source_id ({record.source_id}) as line {self._ids[record.source_id]}",
                    record.line,
                )
                return
            self._ids[record.source_id] = record.line
            self.records.append(record)
        else:
            self.add(record)

    def result(self, source: str, title: str, licence: str) -> ReadResult:
        """Return what was read, or raise if any problem was recorded.

        Parameters
        ----------
        source, title, licence : str
            The source key, its human title and attribution text.

        Returns
        -------
        ReadResult
            Records and skipped rows.

        Raises
        ------
        DataImportError
            Listing the first problems and the total count.
        """
        if self.problems:
            raise DataImportError(self.problems[:10], total=len(self.problems))
        return ReadResult(source, title, licence, self.records, self.skipped)
