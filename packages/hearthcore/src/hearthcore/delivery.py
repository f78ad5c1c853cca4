"""Delivery with partners: events, household requests and the address gazetteer.

What does not need a database lives here:

* the vocabularies (:data:`EVENT_KINDS`, :data:`REQUEST_STATUSES`) and
  :func:`parse_status`, which reads the words partners use in their own
  spreadsheets ("Completed", "No answer");
* :func:`gaps`: which kinds of partner and which activities an event still
  lacks;
* :func:`read_request_file`: household requests returned as CSV or XLSX,
  every problem named by line and column;
* :func:`read_gazetteer`: a council's property gazetteer (LLPG) extract or
  OS Open UPRN, coordinates in British National Grid or latitude and
  longitude, checked row by row;
* :func:`is_home`, :func:`street_of` and :func:`walk_order`: the homes in an
  area in the order someone walks them;
* :func:`tally`: requests by service, organisation and status, with those
  from outside the event's target areas counted separately;
* :func:`lifestyle_mix`: the 2011 Output Area Classification mix of LSOA 2021
  areas, through the LSOA 2011 areas they came from.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:  # pandas costs most of a second at start-up; the vocabularies do not need it
    from ._lazy import LazyModule

    np = LazyModule("numpy")
    pd = LazyModule("pandas")

from . import sheets

# --- vocabularies ----------------------------------------------------------------

#: The kinds of event: (key, label).
EVENT_KINDS: dict[str, str] = {
    "week_of_action": "Week of Action",
    "health_event": "Health event",
    "group_session": "Group session",
    "drop_in_day": "Drop-in day",
    "other": "Other event",
}

#: A household request's statuses, in the order it usually moves through them.
REQUEST_STATUSES: dict[str, str] = {
    "requested": "Requested",
    "accepted": "Accepted",
    "booked": "Booked",
    "done": "Done",
    "declined": "Declined",
    "no_access": "No access",
}

#: Statuses that close a request (its contact details then expire).
CLOSED_STATUSES: tuple[str, ...] = ("done", "declined", "no_access")

# Words partners use in their own spreadsheets for the same statuses.
_STATUS_SYNONYMS = {
    "new": "requested",
    "open": "requested",
    "referred": "requested",
    "pending": "requested",
    "agreed": "accepted",
    "approved": "accepted",
    "scheduled": "booked",
    "appointment_booked": "booked",
    "booked_in": "booked",
    "complete": "done",
    "completed": "done",
    "fitted": "done",
    "given": "done",
    "visited": "done",
    "refused": "declined",
    "rejected": "declined",
    "cancelled": "declined",
    "canceled": "declined",
    "not_eligible": "declined",
    "no_answer": "no_access",
    "no_reply": "no_access",
    "not_home": "no_access",
    "noaccess": "no_access",
}


def parse_status(text: str) -> str | None:
    """Return the status a word names, or None.

    Keys and labels match ignoring case, spaces and hyphens; a few words
    partners use for the same thing are understood too.

    Examples
    --------
    >>> parse_status("No access"), parse_status("Completed"), parse_status("")
    ('no_access', 'done', None)
    >>> parse_status("maybe") is None
    True
    """
    return (
        sheets.parse_choice(text, REQUEST_STATUSES, _STATUS_SYNONYMS) if text else None
    )


def is_closed(status: str) -> bool:
    """Return whether a status closes a request.

    Examples
    --------
    >>> is_closed("done"), is_closed("booked")
    (True, False)
    """
    return status in CLOSED_STATUSES


def normalise_name(text: str) -> str:
    """Reduce a name to how it is compared: no case, punctuation or "&".

    Examples
    --------
    >>> normalise_name("Lancashire Fire & Rescue")
    'lancashire fire and rescue'
    >>> normalise_name("  smoke-alarm  fitting ")
    'smoke alarm fitting'
    """
    text = text.replace("&", " and ").lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def closest_names(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Return the known names most like an unknown one, best first.

    Examples
    --------
    >>> closest_names("Smoke alarms", ["Smoke alarm fitting", "Flu jab"])
    ['Smoke alarm fitting']
    """
    pool = {normalise_name(c): c for c in candidates}
    wanted = normalise_name(name)
    found = difflib.get_close_matches(wanted, list(pool), n=n, cutoff=0.5)
    # A known name that starts with the one given ("Smoke alarm" for "Smoke
    # alarm fitting") is a better suggestion than a near spelling.
    starts = [k for k in pool if wanted and (k.startswith(wanted) or wanted in k)]
    ordered = list(dict.fromkeys(starts + found))[:n]
    return [pool[k] for k in ordered]


# --- gaps --------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """Something an event was meant to have and does not have yet.

    Attributes
    ----------
    kind : str
        ``partner`` (no organisation of a wanted kind is coming) or
        ``activity`` (no activity of a wanted type is on the timetable).
    key : str
        The organisation kind or activity type.
    message : str
        What to tell the organiser, e.g. "No health partner yet".
    """

    kind: str
    key: str
    message: str


def gaps(
    wanted_kinds: Mapping[str, str],
    wanted_activities: Sequence[str],
    coming_kinds: Iterable[str],
    offered_activities: Iterable[str],
) -> list[Gap]:
    """Say which wanted kinds of partner and activities an event still lacks.

    Parameters
    ----------
    wanted_kinds : mapping of str to str
        Organisation kinds the organiser asked for, to the words for a partner
        of that kind ("health" for NHS trusts and primary care).
    wanted_activities : sequence of str
        Activity types the organiser asked for, by name.
    coming_kinds : iterable of str
        The kinds of the organisations that have accepted (and the lead's).
    offered_activities : iterable of str
        The types of the activities on the timetable (not cancelled).

    Returns
    -------
    list of Gap
        Partner gaps first, in the order asked for, then activity gaps.

    Examples
    --------
    >>> [g.message for g in gaps({"nhs": "health", "fire_rescue": "fire and rescue"},
    ...     ["Flu jab", "Skip day"], ["fire_rescue"], ["Skip day"])]
    ['No health partner yet', 'No flu jab on the timetable yet']
    """
    coming = set(coming_kinds)
    offered = {normalise_name(a) for a in offered_activities}
    out = [
        Gap("partner", kind, f"No {words} partner yet")
        for kind, words in wanted_kinds.items()
        if kind not in coming
    ]
    out += [
        Gap("activity", name, f"No {name[:1].lower()}{name[1:]} on the timetable yet")
        for name in wanted_activities
        if normalise_name(name) not in offered
    ]
    return out


# --- problems in files ---------------------------------------------------------------


#: One problem in a file: where it is and what is wrong (the shared one).
Problem = sheets.Problem


class DeliveryFileError(sheets.SheetError):
    """A file that cannot be imported; ``problems`` names each one."""


# --- postcodes, UPRNs, dates -----------------------------------------------------------

_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
_UPRN = re.compile(r"^[0-9]{1,12}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def clean_postcode(text: str) -> str | None:
    """Return a postcode in Hearth's form (upper case, no spaces), or None.

    Examples
    --------
    >>> clean_postcode(" pr7 1dp"), clean_postcode("PR7"), clean_postcode("")
    ('PR71DP', None, None)
    """
    code = re.sub(r"\s+", "", text or "").upper()
    return code if _POSTCODE.fullmatch(code) else None


def format_postcode(code: str) -> str:
    """Write a stored postcode as people do (``PR7 1DP``).

    Examples
    --------
    >>> format_postcode("PR71DP"), format_postcode("")
    ('PR7 1DP', '')
    """
    code = code.replace(" ", "")
    return f"{code[:-3]} {code[-3:]}" if len(code) > 3 else code


def clean_uprn(value: object) -> int | None:
    """Return a UPRN as a whole number (1 to 12 digits), or None.

    Examples
    --------
    >>> clean_uprn("100010384312"), clean_uprn(100010384312.0), clean_uprn("12a")
    (100010384312, 100010384312, None)
    """
    text = sheets.text(value)
    if not _UPRN.fullmatch(text) or int(text) == 0:
        return None
    return int(text)


def parse_date(value: object) -> date | None:
    """Read a date cell: YYYY-MM-DD, DD/MM/YYYY (as UK spreadsheets write it).

    Date cells of a workbook are taken as they are; text that is not a real
    date gives None.

    Examples
    --------
    >>> parse_date("2024-10-07"), parse_date("7/10/2024"), parse_date("10/31/2024")
    (datetime.date(2024, 10, 7), datetime.date(2024, 10, 7), None)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = sheets.text(value)
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        found = _UK_DATE.fullmatch(text)
        if found:
            day, month, year = (int(g) for g in found.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


# --- household request files ----------------------------------------------------------

#: The columns of a household request file (``hearth requests import``).
REQUEST_COLUMNS = (
    "service",
    "organisation",
    "uprn",
    "postcode",
    "requested",
    "status",
    "outcome",
)
#: An optional column: Hearth's reference for a request (its number), so a
#: queue exported from Hearth, updated in Excel and imported again updates
#: the same requests.
REFERENCE_COLUMN = "reference"
#: Columns Hearth's own queue export adds; an import skips them.
EXPORT_ONLY_COLUMNS = (
    "event",
    "address",
    "lsoa21",
    "placed_by",
    "recorded_by",
    "updated",
    "contact_phone",
    "contact_email",
    "contact_note",
)
_REQUIRED_REQUEST_COLUMNS = ("service", "organisation", "requested")


@dataclass(frozen=True)
class RequestRow:
    """One household request from a file, with its line number."""

    line: int
    service: str
    organisation: str
    uprn: int | None
    postcode: str
    requested: date
    status: str = "requested"
    outcome: str = ""
    reference: int | None = None


def read_request_file(source: str | Path | bytes, name: str = "") -> list[RequestRow]:
    r"""Read household requests (CSV or XLSX), checking every value.

    Parameters
    ----------
    source : path or bytes
        The file, or its contents (then ``name`` tells an XLSX by its
        extension; XLSX is also recognised by its first bytes).
    name : str
        The file's name, for bytes.

    Returns
    -------
    list of RequestRow
        One per request, in file order; blank lines are skipped. Lines are
        numbered as a spreadsheet shows them (the header is line 1).

    Raises
    ------
    DeliveryFileError
        Naming the line and column of every problem: a missing column, an
        empty service or organisation, a line with neither a UPRN nor a
        postcode, a UPRN or postcode that is not one, a date that is not a
        real date, an unknown status.

    Examples
    --------
    >>> rows = read_request_file(
    ...     b"service,organisation,uprn,postcode,requested,status,outcome\r\n"
    ...     b"Smoke alarm fitting,Fire and Rescue,,PR7 1DP,07/10/2024,Completed,2 fitted\r\n")
    >>> rows[0].postcode, rows[0].requested.isoformat(), rows[0].status
    ('PR71DP', '2024-10-07', 'done')
    """
    try:
        _header, rows, cells = sheets.open_sheet(
            source,
            name,
            columns=REQUEST_COLUMNS,
            required=(*_REQUIRED_REQUEST_COLUMNS, ("uprn", "postcode")),
            also=(REFERENCE_COLUMN, *EXPORT_ONLY_COLUMNS),
        )
    except sheets.SheetError as error:
        raise DeliveryFileError(error.problems) from None
    problems = cells.problems
    out: list[RequestRow] = []
    references: dict[int, int] = {}
    for line, row in rows:
        service = sheets.text(cells.raw(row, "service"))
        organisation = sheets.text(cells.raw(row, "organisation"))
        for column, value in (("service", service), ("organisation", organisation)):
            if not value:
                problems.append(Problem(line, column, "is empty"))
        uprn_text = sheets.text(cells.raw(row, "uprn"))
        uprn = clean_uprn(uprn_text) if uprn_text else None
        if uprn_text and uprn is None:
            problems.append(
                Problem(line, "uprn", f"{uprn_text!r} is not a UPRN (1 to 12 digits)")
            )
        postcode_text = sheets.text(cells.raw(row, "postcode"))
        postcode = clean_postcode(postcode_text) if postcode_text else None
        if postcode_text and postcode is None:
            problems.append(
                Problem(line, "postcode", f"{postcode_text!r} is not a postcode")
            )
        if not uprn_text and not postcode_text:
            problems.append(
                Problem(line, "uprn", "give the property's UPRN or its postcode")
            )
        requested_cell = cells.raw(row, "requested")
        requested = parse_date(requested_cell)
        if requested is None:
            text = sheets.text(requested_cell)
            problems.append(
                Problem(
                    line,
                    "requested",
                    "is empty"
                    if not text
                    else f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
                )
            )
        status_text = sheets.text(cells.raw(row, "status"))
        status = parse_status(status_text) if status_text else "requested"
        if status is None:
            problems.append(
                Problem(
                    line,
                    "status",
                    f"{status_text!r} is not a status "
                    f"(use {', '.join(REQUEST_STATUSES)})",
                )
            )
        outcome = sheets.text(cells.raw(row, "outcome"))
        if len(outcome) > 500:
            problems.append(Problem(line, "outcome", "is longer than 500 characters"))
        reference_text = sheets.text(cells.raw(row, REFERENCE_COLUMN))
        reference = None
        if reference_text:
            if reference_text.isdigit() and int(reference_text) > 0:
                reference = int(reference_text)
                if reference in references:
                    problems.append(
                        Problem(
                            line,
                            REFERENCE_COLUMN,
                            f"request {reference} is also on line {references[reference]}",
                        )
                    )
                references.setdefault(reference, line)
            else:
                problems.append(
                    Problem(
                        line,
                        REFERENCE_COLUMN,
                        f"{reference_text!r} is not a Hearth request number",
                    )
                )
        if requested is not None and status is not None:
            out.append(
                RequestRow(
                    line=line,
                    service=service,
                    organisation=organisation,
                    uprn=uprn,
                    postcode=postcode or "",
                    requested=requested,
                    status=status,
                    outcome=outcome,
                    reference=reference,
                )
            )
    if problems:
        raise DeliveryFileError(problems)
    if not out:
        raise DeliveryFileError([Problem(2, "", "the file has no requests")])
    return out


# --- the address gazetteer --------------------------------------------------------------

#: The column names Hearth recognises in a gazetteer extract (after lower
#: casing), to the column they fill. OS Open UPRN's own header is
#: ``UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE``.
GAZETTEER_ALIASES: dict[str, str] = {
    "uprn": "uprn",
    "address": "address",
    "full_address": "address",
    "single_line_address": "address",
    "postcode": "postcode",
    "postcode_locator": "postcode",
    "x": "x",
    "easting": "x",
    "x_coordinate": "x",
    "y": "y",
    "northing": "y",
    "y_coordinate": "y",
    "latitude": "latitude",
    "lat": "latitude",
    "longitude": "longitude",
    "lon": "longitude",
    "long": "longitude",
    "lng": "longitude",
    "classification": "classification",
    "class": "classification",
    "classification_code": "classification",
    "blpu_class": "classification",
    "street": "street",
    "street_description": "street",
}
GAZETTEER_COLUMNS = (
    "uprn",
    "address",
    "postcode",
    "street",
    "classification",
    "x",
    "y",
    "latitude",
    "longitude",
)
# British National Grid's extent (EPSG:27700) and a box around Great Britain
# and its islands for latitude and longitude.
_BNG_X = (0.0, 700_000.0)
_BNG_Y = (0.0, 1_300_000.0)
_LAT = (49.0, 61.5)
_LON = (-9.0, 2.5)
_CLASSIFICATION = re.compile(r"^[A-Z][A-Z0-9]{0,5}$")
#: How many problems a gazetteer import reports (the rest are counted).
MAX_PROBLEMS = 50


@dataclass
class Gazetteer:
    """A checked gazetteer file.

    Attributes
    ----------
    frame : DataFrame
        One row per property: ``uprn`` (int64), ``address``, ``postcode``
        (Hearth's form, or empty), ``street``, ``classification`` (upper
        case, or empty), ``x``, ``y`` (British National Grid metres),
        ``latitude``, ``longitude`` (WGS84 degrees) and ``line`` (its line in
        the file).
    kind : str
        ``llpg`` (addresses given) or ``os_open_uprn`` (coordinates only).
    ignored : list of str
        Columns in the file that Hearth does not read.
    """

    frame: pd.DataFrame
    kind: str
    ignored: list[str] = field(default_factory=list)


def grid_to_degrees(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert British National Grid metres to WGS84 longitude and latitude.

    pyproj's default transformation from OSGB36 (EPSG:27700) to WGS84
    (EPSG:4326) is a Helmert transformation, good to a few metres: enough
    to place a property in its LSOA.

    Examples
    --------
    >>> lon, lat = grid_to_degrees(np.array([400000.0]), np.array([-100000.0]))
    >>> round(float(lon[0]), 2), round(float(lat[0]), 2)  # the grid's true origin
    (-2.0, 49.0)
    """
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon, lat = transformer.transform(x, y)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def degrees_to_grid(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert WGS84 longitude and latitude to British National Grid metres.

    Examples
    --------
    >>> x, y = degrees_to_grid(np.array([-2.0]), np.array([49.0]))
    >>> round(float(x[0]) / 1000), round(float(y[0]) / 1000)
    (400, -100)
    """
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = transformer.transform(lon, lat)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _lines(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in np.flatnonzero(mask.to_numpy())]


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    text = frame[column].str.strip()
    return pd.to_numeric(text.where(text != ""), errors="coerce")


def read_gazetteer(source: str | Path | bytes, name: str = "") -> Gazetteer:
    r"""Read a property gazetteer extract (CSV), checking every row.

    Parameters
    ----------
    source : path or bytes
        A CSV file with a ``uprn`` column and either ``x`` and ``y`` (British
        National Grid, EPSG:27700) or ``latitude`` and ``longitude``; an LLPG
        extract also has ``address``, ``postcode`` and ``classification``
        (the AddressBase class code, such as ``RD02``), and may have
        ``street``. OS Open UPRN files (``UPRN, X_COORDINATE, Y_COORDINATE,
        LATITUDE, LONGITUDE``) are read as they are published. Other columns
        are ignored (and listed).
    name : str
        The file's name, for messages.

    Returns
    -------
    Gazetteer
        With latitude and longitude computed from the grid reference where
        only that is given (and the grid reference from latitude and
        longitude where only those are).

    Raises
    ------
    DeliveryFileError
        Naming the lines of the first problems: no UPRN or coordinate
        columns, a UPRN that is not 1 to 12 digits or appears twice,
        coordinates missing, not numbers or outside Great Britain, a
        postcode that is not one, a classification that is not an
        AddressBase code, an address missing where the file has addresses.

    Examples
    --------
    >>> found = read_gazetteer(
    ...     b"UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n"
    ...     b"100010384312,358535.0,417830.0,53.6509,-2.6325\n")
    >>> found.kind, int(found.frame["uprn"][0]), round(float(found.frame["x"][0]))
    ('os_open_uprn', 100010384312, 358535)
    """
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        raw, name = path.read_bytes(), name or path.name
    try:
        text = sheets.decode(raw)
    except sheets.SheetError as error:
        raise DeliveryFileError(error.problems) from None
    import io

    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DeliveryFileError(
            [Problem(1, "", f"this is not a CSV file that can be read ({error})")]
        ) from None
    header = [sheets.key(str(c)) for c in frame.columns]
    renamed: dict[str, str] = {}
    ignored: list[str] = []
    for original, key in zip(frame.columns, header, strict=True):
        target = GAZETTEER_ALIASES.get(key)
        if target is None or target in renamed.values():
            ignored.append(str(original))
        else:
            renamed[str(original)] = target
    frame = frame[list(renamed)].rename(columns=renamed)
    has_grid = {"x", "y"} <= set(frame.columns)
    has_degrees = {"latitude", "longitude"} <= set(frame.columns)
    missing = []
    if "uprn" not in frame.columns:
        missing.append("uprn")
    if not has_grid and not has_degrees:
        missing.append("x and y (or latitude and longitude)")
    if missing:
        raise DeliveryFileError(
            [
                Problem(
                    1,
                    "",
                    f"the header has no {' or '.join(missing)} column "
                    "(an LLPG extract has uprn, address, postcode, x, y, "
                    "classification; OS Open UPRN has UPRN, X_COORDINATE, "
                    "Y_COORDINATE, LATITUDE, LONGITUDE)",
                )
            ]
        )
    if frame.empty:
        raise DeliveryFileError([Problem(2, "", "the file has no properties")])
    kind = "llpg" if "address" in frame.columns else "os_open_uprn"
    for column in GAZETTEER_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, message: str) -> None:
        for line in _lines(mask)[:MAX_PROBLEMS]:
            value = frame[column].iloc[line - 2]
            problems.append(Problem(line, column, message.format(value=value)))

    uprn_text = frame["uprn"].str.strip()
    valid_uprn = uprn_text.str.fullmatch(r"[0-9]{1,12}") & (
        uprn_text.str.lstrip("0") != ""
    )
    flag(~valid_uprn, "uprn", "{value!r} is not a UPRN (1 to 12 digits)")
    uprn = pd.to_numeric(uprn_text.where(valid_uprn), errors="coerce")
    repeated = uprn.duplicated(keep="first") & uprn.notna()
    if repeated.any():
        first_line = {v: i + 2 for i, v in reversed(list(enumerate(uprn))) if v == v}
        for line in _lines(repeated)[:MAX_PROBLEMS]:
            value = int(uprn.iloc[line - 2])
            problems.append(
                Problem(
                    line,
                    "uprn",
                    f"UPRN {value} is also on line {first_line[value]}",
                )
            )
    x, y = _numbers(frame, "x"), _numbers(frame, "y")
    lat, lon = _numbers(frame, "latitude"), _numbers(frame, "longitude")
    grid_given = (frame["x"].str.strip() != "") | (frame["y"].str.strip() != "")
    degrees_given = (frame["latitude"].str.strip() != "") | (
        frame["longitude"].str.strip() != ""
    )
    bad_grid = grid_given & ~(
        x.between(*_BNG_X) & y.between(*_BNG_Y) & np.isfinite(x) & np.isfinite(y)
    )
    bad_degrees = degrees_given & ~(
        lat.between(*_LAT) & lon.between(*_LON) & np.isfinite(lat) & np.isfinite(lon)
    )
    for line in _lines(bad_grid)[:MAX_PROBLEMS]:
        i = line - 2
        problems.append(
            Problem(
                line,
                "x, y",
                f"({frame['x'].iloc[i]!r}, {frame['y'].iloc[i]!r}) is not a British "
                "National Grid reference in Great Britain (metres: x 0-700000, "
                "y 0-1300000)",
            )
        )
    for line in _lines(bad_degrees)[:MAX_PROBLEMS]:
        i = line - 2
        problems.append(
            Problem(
                line,
                "latitude, longitude",
                f"({frame['latitude'].iloc[i]!r}, {frame['longitude'].iloc[i]!r}) is "
                "not a latitude and longitude in Great Britain",
            )
        )
    neither = ~grid_given & ~degrees_given
    for line in _lines(neither)[:MAX_PROBLEMS]:
        problems.append(
            Problem(
                line, "x, y", "has no coordinates (x and y, or latitude and longitude)"
            )
        )
    postcode_text = frame["postcode"].str.replace(r"\s+", "", regex=True).str.upper()
    bad_postcode = (postcode_text != "") & ~postcode_text.str.fullmatch(
        _POSTCODE.pattern[1:-1]
    )
    flag(bad_postcode, "postcode", "{value!r} is not a postcode")
    classification = frame["classification"].str.strip().str.upper()
    bad_class = (classification != "") & ~classification.str.fullmatch(
        _CLASSIFICATION.pattern[1:-1]
    )
    flag(
        bad_class,
        "classification",
        "{value!r} is not an AddressBase classification code (such as RD02)",
    )
    address = frame["address"].map(lambda v: " ".join(str(v).split()))
    if kind == "llpg":
        flag(address == "", "address", "is empty")
    if problems:
        problems.sort(key=lambda p: p.line)
        raise DeliveryFileError(problems)
    # Fill in whichever coordinates were not given: grid references from
    # degrees, degrees from grid references.
    use_grid = grid_given & ~degrees_given
    if use_grid.any():
        lo, la = grid_to_degrees(x[use_grid].to_numpy(), y[use_grid].to_numpy())
        lon[use_grid], lat[use_grid] = lo, la
    use_degrees = degrees_given & ~grid_given
    if use_degrees.any():
        gx, gy = degrees_to_grid(
            lon[use_degrees].to_numpy(), lat[use_degrees].to_numpy()
        )
        x[use_degrees], y[use_degrees] = gx, gy
    street = frame["street"].map(lambda v: " ".join(str(v).split()))
    derived = address.map(lambda a: street_of(a)[0])
    out = pd.DataFrame(
        {
            "uprn": uprn.astype("int64"),
            "address": address,
            "postcode": postcode_text,
            "street": street.where(street != "", derived),
            "classification": classification,
            "x": x.astype(float),
            "y": y.astype(float),
            "latitude": lat.astype(float),
            "longitude": lon.astype(float),
            "line": np.arange(2, len(frame) + 2),
        }
    )
    return Gazetteer(out, kind, ignored)


# --- homes and walk lists ----------------------------------------------------------------

#: AddressBase residential classes that are not homes: ancillary buildings,
#: car parking spaces and garages (AddressBase classification scheme).
NOT_HOMES = ("RB", "RC", "RG")
#: Labels of the residential classes (AddressBase classification scheme).
RESIDENTIAL_CLASSES: dict[str, str] = {
    "R": "Residential",
    "RD": "Dwelling",
    "RD01": "Caravan",
    "RD02": "Detached house",
    "RD03": "Semi-detached house",
    "RD04": "Terraced house",
    "RD06": "Self-contained flat",
    "RD07": "House boat",
    "RD08": "Sheltered accommodation",
    "RD10": "Holiday caravan or chalet",
    "RH": "House in multiple occupation",
    "RH01": "HMO parent",
    "RH02": "HMO bedsit",
    "RH03": "HMO not further divided",
    "RI": "Residential institution",
    "RI01": "Care or nursing home",
    "RI02": "Communal residence",
    "RI03": "Residential education",
}


def is_home(classification: str) -> bool:
    """Return whether an AddressBase class is a home.

    Homes are residential (``R…``) but not garages, parking spaces or
    ancillary buildings.

    Examples
    --------
    >>> is_home("RD04"), is_home("RG02"), is_home("CR08"), is_home("")
    (True, False, False, False)
    """
    code = (classification or "").strip().upper()
    return code.startswith("R") and not code.startswith(NOT_HOMES)


def class_label(classification: str) -> str:
    """Name a residential class (its code when Hearth has no name for it).

    Examples
    --------
    >>> class_label("RD03"), class_label("RD0X"), class_label("CR08")
    ('Semi-detached house', 'Dwelling', 'CR08')
    """
    code = (classification or "").strip().upper()
    for length in (len(code), 2, 1):
        if code[:length] in RESIDENTIAL_CLASSES:
            return RESIDENTIAL_CLASSES[code[:length]]
    return code


_NUMBERED = re.compile(r"^(\d+)\s*([A-Z]?)(?:\s*-\s*\d+[A-Z]?)?\s+(.+)$", re.IGNORECASE)
_SUBUNIT = re.compile(
    r"^(flat|apartment|apt|unit|room|maisonette|studio)\b", re.IGNORECASE
)
_SUBUNIT_PREFIX = re.compile(
    r"^((?:flat|apartment|apt|unit|room|maisonette|studio)\s+[0-9A-Z]+)\s+(?=\d)",
    re.IGNORECASE,
)
_POSTCODE_PART = re.compile(
    r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$", re.IGNORECASE
)


def street_of(address: str) -> tuple[str, int | None, str]:
    """Find the street of an address, the house number on it and the rest.

    Parameters
    ----------
    address : str
        One line, parts separated by commas: ``Flat 2, 14A Market Street,
        Chorley, PR7 1DP`` or ``Rose Cottage, Moss Lane, Coppull``.

    Returns
    -------
    tuple
        (street, house number or None, the flat or building name before it).

    Examples
    --------
    >>> street_of("Flat 2, 14A Market Street, Chorley, PR7 1DP")
    ('Market Street', 14, 'Flat 2')
    >>> street_of("Rose Cottage, Moss Lane, Coppull")
    ('Moss Lane', None, 'Rose Cottage')
    >>> street_of("3 The Green")
    ('The Green', 3, '')
    """
    parts = [p.strip() for p in (address or "").split(",") if p.strip()]
    parts = [p for p in parts if not _POSTCODE_PART.fullmatch(p)]
    before: list[str] = []
    for index, whole in enumerate(parts):
        # "Flat 2 14 Market Street", written without a comma.
        prefix = _SUBUNIT_PREFIX.match(whole)
        part = whole[prefix.end() :] if prefix else whole
        if prefix:
            before.append(prefix.group(1))
        found = _NUMBERED.match(part)
        if found and not _SUBUNIT.match(part):
            return found.group(3).strip(), int(found.group(1)), ", ".join(before)
        if not prefix:
            before.append(part)
        if index == 0 and len(parts) > 1:
            continue
        break
    if len(parts) >= 2:
        return parts[1], None, parts[0]
    return (parts[0] if parts else ""), None, ""


def _unit_key(text: str) -> tuple[float, str]:
    digits = re.search(r"\d+", text)
    return (float(digits.group()) if digits else math.inf), text.casefold()


def walk_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort addresses as a walk list: by street, then house number, then flat.

    Parameters
    ----------
    frame : DataFrame
        With ``street`` and ``address`` columns.

    Returns
    -------
    DataFrame
        The same rows, sorted; houses without a number come after the
        numbered ones on their street, by name.

    Examples
    --------
    >>> table = pd.DataFrame({"address": ["10 Moss Lane", "Flat 2, 3 Moss Lane",
    ...     "Flat 10, 3 Moss Lane", "1 Ash Road"]})
    >>> table["street"] = [street_of(a)[0] for a in table["address"]]
    >>> walk_order(table)["address"].tolist()
    ['1 Ash Road', 'Flat 2, 3 Moss Lane', 'Flat 10, 3 Moss Lane', '10 Moss Lane']
    """

    def key(row: tuple[str, str]) -> tuple[object, ...]:
        street, address = row
        found_street, number, unit = street_of(address)
        suffix_match = re.search(rf"{number}\s*([A-Z])\b", address, re.IGNORECASE)
        suffix = (
            suffix_match.group(1).upper() if number is not None and suffix_match else ""
        )
        return (
            (street or found_street).casefold(),
            math.inf if number is None else float(number),
            suffix,
            _unit_key(unit),
            address.casefold(),
        )

    keys = [
        key((str(s), str(a)))
        for s, a in zip(frame["street"], frame["address"], strict=True)
    ]
    order = sorted(range(len(frame)), key=keys.__getitem__)
    return frame.iloc[order].reset_index(drop=True)


# --- the outcome report --------------------------------------------------------------------


class ServiceTally(TypedDict):
    """Requests for one service from one organisation."""

    service: str
    organisation: str
    total: int
    by_status: dict[str, int]


class RequestTally(TypedDict):
    """An event's requests (the ``requests`` of ``hearth events report``)."""

    total: int
    outside_target_areas: int
    by_service: list[ServiceTally]


def tally(rows: Iterable[tuple[str, str, str, bool, int]]) -> RequestTally:
    """Count requests by service, organisation and status.

    Parameters
    ----------
    rows : iterable of tuple
        ``(service, organisation, status, inside, count)``: ``inside`` is
        whether the requests came from the event's target areas.

    Returns
    -------
    RequestTally
        ``total``, ``outside_target_areas`` (counted, never dropped: they are
        in ``total`` and ``by_service`` too) and ``by_service``: one entry per
        service and organisation, most requests first, each with ``service``,
        ``organisation``, ``total`` and ``by_status`` (every status, 0 when
        none).

    Examples
    --------
    >>> report = tally([("Smoke alarm fitting", "Fire", "done", True, 120),
    ...                 ("Smoke alarm fitting", "Fire", "booked", False, 30),
    ...                 ("Flu jab", "NHS", "done", True, 40)])
    >>> report["total"], report["outside_target_areas"]
    (190, 30)
    >>> [(s["service"], s["total"], s["by_status"]["done"]) for s in report["by_service"]]
    [('Smoke alarm fitting', 150, 120), ('Flu jab', 40, 40)]
    """
    groups: dict[tuple[str, str], dict[str, int]] = {}
    total = outside = 0
    for service, organisation, status, inside, count in rows:
        if status not in REQUEST_STATUSES:
            raise ValueError(f"{status!r} is not a request status")
        counts = groups.setdefault(
            (service, organisation), dict.fromkeys(REQUEST_STATUSES, 0)
        )
        counts[status] += int(count)
        total += int(count)
        if not inside:
            outside += int(count)
    by_service: list[ServiceTally] = [
        {
            "service": service,
            "organisation": organisation,
            "total": sum(counts.values()),
            "by_status": counts,
        }
        for (service, organisation), counts in groups.items()
    ]
    by_service.sort(key=lambda s: (-s["total"], s["service"], s["organisation"]))
    return {"total": total, "outside_target_areas": outside, "by_service": by_service}


# --- properties beside the lifestyle mix -------------------------------------------------

#: The 2011 OAC supergroups (ONS and UCL).
OAC_SUPERGROUPS: dict[str, str] = {
    "1": "Rural residents",
    "2": "Cosmopolitans",
    "3": "Ethnicity central",
    "4": "Multicultural metropolitans",
    "5": "Urbanites",
    "6": "Suburbanites",
    "7": "Constrained city dwellers",
    "8": "Hard-pressed living",
}


def lifestyle_mix(
    oac: pd.DataFrame, links: pd.DataFrame, codes: Sequence[str]
) -> pd.DataFrame:
    """Return the 2011 OAC supergroup mix of LSOA 2021 areas.

    The OAC is published per 2011 output area and Hearth holds, per LSOA
    2011, how many of its output areas are in each supergroup. An LSOA 2021
    takes the output areas of the LSOA 2011 areas it came from (an LSOA
    2011 split in 2021 gives each part its whole mix: there are no output
    area boundaries to split it by).

    Parameters
    ----------
    oac : DataFrame
        Indexed by LSOA 2011 code, columns ``supergroup_1`` … ``supergroup_8``
        (numbers of output areas).
    links : DataFrame
        The ONS LSOA 2011 to 2021 lookup: columns ``old`` and ``new``.
    codes : sequence of str
        The LSOA 2021 codes wanted.

    Returns
    -------
    DataFrame
        Indexed by the codes, one column per supergroup name with its share
        of the output areas (0-1), ``output_areas`` and ``main`` (the name of
        the largest supergroup, empty when there is no OAC for the area).

    Examples
    --------
    >>> oac = pd.DataFrame({"supergroup_6": [3.0], "supergroup_8": [1.0]}, index=["E01005000"])
    >>> links = pd.DataFrame({"old": ["E01005000"], "new": ["E01024940"]})
    >>> mix = lifestyle_mix(oac, links, ["E01024940", "E01999999"])
    >>> float(mix.loc["E01024940", "Suburbanites"]), mix.loc["E01024940", "main"]
    (0.75, 'Suburbanites')
    >>> mix.loc["E01999999", "main"]
    ''
    """
    columns = [f"supergroup_{k}" for k in OAC_SUPERGROUPS]
    counts = oac.reindex(columns=columns).fillna(0.0)
    wanted = links[links["new"].isin(list(codes))]
    joined = counts.reindex(wanted["old"].to_numpy()).fillna(0.0)
    joined.index = wanted["new"].to_numpy()
    summed = joined.groupby(level=0).sum().reindex(list(codes)).fillna(0.0)
    total = summed.sum(axis=1)
    shares = summed.div(total.where(total > 0), axis=0)
    shares.columns = list(OAC_SUPERGROUPS.values())
    main = shares.fillna(-1.0).idxmax(axis=1).where(total > 0, "")
    shares["output_areas"] = total
    shares["main"] = main
    return shares
