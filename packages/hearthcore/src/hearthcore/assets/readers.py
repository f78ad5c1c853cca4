"""Recognise and read the community-asset files Hearth knows.

Every reader checks the whole file before returning anything. Structural
faults (missing columns, non-numeric or impossible coordinates, short rows,
truncated or empty files, invalid JSON) raise :class:`DataImportError` with
the physical line (the header is line 1) and column. Rows that are fine but
not wanted (closed, not active, outside the UK, no name, nowhere to put
them) are listed in :attr:`ReadResult.skipped` with the reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from ..hours import DAY_NAMES, DAYS
from ..sources.errors import DataImportError, Problem
from ..sources.tabular import read_text
from ..text import slugify
from . import oruk, osm, template
from .schema import (
    Collector,
    ReadResult,
    accessibility_from_text,
    clean,
    make_record,
    osm_week,
    postcode_in,
    split_contact,
    tidy_name,
    week_text,
)

__all__ = ["KINDS", "ReadResult", "Row", "read_assets", "recognise"]

_OGL = (
    "Contains public sector information licensed under the Open Government Licence v3.0"
)


class Row:
    """One data row: cells by column name (cleaned) and its physical line.

    Parameters
    ----------
    values : dict of str to str
        Cells by header.
    line : int
        Physical line of the row's start in the file.
    """

    __slots__ = ("line", "values")

    def __init__(self, values: dict[str, str], line: int) -> None:
        self.values = values
        self.line = line

    def __getitem__(self, column: str) -> str:
        """Return a cell stripped, with "NA"-style placeholders as ""."""
        return clean(self.values.get(column, ""))

    def join(self, *columns: str) -> str:
        """Join several cells (e.g. address lines) with commas, skipping blanks.

        Parameters
        ----------
        *columns : str
            Column names.

        Returns
        -------
        str
            The non-empty cells joined by ", ".
        """
        return ", ".join(v for v in (self[c] for c in columns) if v)


Mapper = Callable[[list[Row], Collector], None]
Repair = Callable[[list[str], int], list[str] | None]


@dataclass(frozen=True)
class _Kind:
    key: str
    title: str
    licence: str
    file_pattern: str
    columns: tuple[str, ...]
    mapper: Mapper | None = None
    headerless_width: int = 0
    repair: Repair | None = None


def _each(function: Callable[[Row, Collector], None]) -> Mapper:
    def mapper(rows: list[Row], out: Collector) -> None:
        for row in rows:
            function(row, out)

    return mapper


# --------------------------------------------------------------------------
# CSV plumbing


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Return non-blank CSV records with the physical line each starts on."""
    text, _ = read_text(path)
    if not text.strip():
        raise DataImportError.single(path.name, "is empty.")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            line, start = start, reader.line_num + 1
            if any(f.strip() for f in fields):
                rows.append((line, fields))
    except csv.Error as error:
        raise DataImportError(
            [Problem(path.name, f"is not valid CSV: {error}", start)]
        ) from None
    return rows


def _missing_columns(
    path: Path, header: list[str], required: tuple[str, ...]
) -> list[Problem]:
    problems = []
    for column in required:
        if column not in header:
            close = get_close_matches(column, header, n=2, cutoff=0.6)
            hint = (
                f" (did you mean {' or '.join(repr(c) for c in close)}?)"
                if close
                else ""
            )
            problems.append(
                Problem(path.name, f"required column is missing{hint}", 1, column)
            )
    return problems


def read_rows(
    path: Path,
    columns: tuple[str, ...],
    headerless_width: int = 0,
    repair: Repair | None = None,
) -> list[Row]:
    """Read a CSV into :class:`Row` objects, checking columns and row widths.

    Parameters
    ----------
    path : Path
        A CSV file, optionally gzipped, UTF-8 or cp1252.
    columns : tuple of str
        Columns that must be present (ignored when ``headerless_width``).
    headerless_width : int, optional
        For files with no header (NHS ODS): the minimum number of fields;
        cells are then keyed "0", "1", ...
    repair : callable, optional
        Given a short row's fields and the expected width, returns the row
        mended (for a known defect of one source) or None.

    Returns
    -------
    list of Row
        The data rows.

    Raises
    ------
    DataImportError
        Missing columns (with close matches), short rows, empty file.
    """
    records = _csv_rows(path)
    problems: list[Problem] = []
    if headerless_width:
        header = [str(i) for i in range(max(len(f) for _, f in records))]
        body = records
        width = headerless_width
    else:
        header = [h.strip().lstrip("\ufeff") for h in records[0][1]]
        body = records[1:]
        width = len(header)
        missing = _missing_columns(path, header, columns)
        if missing:
            raise DataImportError(missing)
        if not body:
            raise DataImportError.single(path.name, "has a header but no rows.")
    rows = []
    for line, fields in body:
        if len(fields) < width and repair is not None:
            fields = repair(fields, width) or fields
        if len(fields) < width:
            problems.append(
                Problem(
                    path.name,
                    f"has only {len(fields)} of {width} fields (is the file truncated?)",
                    line,
                )
            )
            continue
        rows.append(Row(dict(zip(header, fields, strict=False)), line))
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    return rows


# --------------------------------------------------------------------------
# Individual sources


def _gias_repair(fields: list[str], width: int) -> list[str] | None:
    """Mend rows where the R export cut a non-ASCII name and ate its quote.

    ``"Ecole Fran,"Other independent school"`` arrives as one field
    ``Ecole Fran,Other independent school"``: split it back in two.
    """
    if len(fields) == width - 1 and fields[4].endswith('"') and "," in fields[4]:
        name, _, kind = fields[4].rpartition(",")
        return [*fields[:4], name, kind.rstrip('"'), *fields[5:]]
    return None


def _gias(row: Row, out: Collector) -> None:
    lat, lon = out.coords(
        row["latitude"], row["longitude"], row.line, "latitude", "longitude"
    )
    urn = row["urn"]
    try:
        urn = str(int(float(urn)))  # the R export wrote 100000 as "1e+05"
    except ValueError:
        pass
    phase = row["education_phase"]
    description = " · ".join(
        v
        for v in (row["establishment_type"], "" if phase == "Not applicable" else phase)
        if v
    )
    out.add(
        make_record(
            source="gias-schools",
            source_id=urn,
            name=row["establishment_name"],
            category="school",
            asset_type="institution",
            lat=lat,
            lon=lon,
            description=description,
            organisation=row["la_name"],
            line=row.line,
        )
    )


_ODS_STATUS = {"A": "active", "C": "closed", "D": "dormant", "P": "proposed"}


def _ods(source: str, category: str, gp_only: bool) -> Mapper:
    def mapper(row: Row, out: Collector) -> None:
        name = tidy_name(row["1"])
        status = row["12"]
        if status != "A":
            out.skip(
                f"{name!r}: status {status} ({_ODS_STATUS.get(status, 'unknown')}), not active",
                row.line,
            )
            return
        # The ODS layout puts the prescribing setting in field 26 (index 25);
        # index 13 is the organisation sub-type.
        if gp_only and row["25"] != "4":
            out.skip(
                f"{name!r}: prescribing setting {row['25'] or 'blank'}, not a GP practice (4)",
                row.line,
            )
            return
        out.add(
            make_record(
                source=source,
                source_id=row["0"],
                name=name,
                category=category,
                lat=None,
                lon=None,
                postcode=row["9"],
                address=", ".join(
                    tidy_name(row[str(i)]) for i in range(4, 9) if row[str(i)]
                ),
                phone=row["17"],
                line=row.line,
            )
        )

    return _each(mapper)


def _warm_brc(row: Row, out: Collector) -> None:
    lat, lon = out.coords(row["lat"], row["long"], row.line, "lat", "long")
    address = row["Address"].replace(", United Kingdom", "")
    out.add(
        make_record(
            source="warm-spaces-brc",
            name=address.split(",")[0],
            category="warm-space",
            lat=lat,
            lon=lon,
            postcode=row["Postcode"],
            address=address,
            opening_hours_text=row["Opening hours"].rstrip(","),
            cost="free",
            line=row.line,
        )
    )


# Lancashire County Council land and property -------------------------------

_LCC_EXCLUDE = re.compile(
    r"children'?s home|residential (care )?unit|community home|adolescent|secure unit|traveller site"
)
_LCC_INFRA = re.compile(
    r"park (&|and) ride|parkway|car park|depot|highways|street lighting|interchange|recycling|waste|"
    r"footbridge|link road|bridleway|\bworks\b|bus station|salt|store\b|garage"
)
_LCC_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"librar", "library"),
    (
        r"children'?s centre|family wellbeing|family hub|children and family|sure start",
        "childrens-centre",
    ),
    (r"care home|home for older people|residential home|elderly persons", "care-home"),
    (r"day (care )?centre|day services|resource centre", "support-service"),
    (r"young people|youth", "youth-club"),
    (
        r"community centre|community hall|neighbourhood centre|village hall|community hub",
        "community-centre",
    ),
    (
        r"outdoor (education |activity )?centre|activity centre|swimming|leisure|sports",
        "sports-facility",
    ),
    (
        r"museum|gallery|theatre|arts centre|heritage|archive|record office|castle",
        "arts-venue",
    ),
    (r"school|academy|college|nursery|pupil referral", "school"),
    (
        r"county hall|council offices|civic|regist(ration|er) office|town hall",
        "council-building",
    ),
    (
        r"playing field|country park|\bpark\b|picnic site|woodland|\bwoods?\b|nature reserve|recreation ground|\bgreen\b|\bcommon\b",
        "park",
    ),
)
_LCC_DEFAULT = {
    "education": "school",
    "library": "library",
    "office_civic": "council-building",
    "children_social_care": "childrens-centre",
    "other_building": "other",
}
_LCC_PARK = re.compile(_LCC_KEYWORDS[-1][0])
_LCC_SCHOOL = re.compile(r"school|academy|college|nursery")


def lcc_category(
    name: str, lcc_category_: str, land_only: bool, occupancy: str = ""
) -> tuple[str, str]:
    """Map a Lancashire County Council land-list entry to a category.

    Land-only plots are skipped unless their name says they are public open
    space; depots, highways and other operational sites are skipped;
    children's homes and similar residential units are skipped on purpose
    (their locations should not appear on a public asset map); vacant
    buildings and "Former ..." sites (other than community asset transfers,
    marked "(CAT)") are skipped. Otherwise a keyword in the name decides,
    then the list's own category.

    Parameters
    ----------
    name : str
        The property's name.
    lcc_category_ : str
        The list's ``category`` (e.g. ``education``, ``land_general``).
    land_only : bool
        The list's ``land_only`` flag.
    occupancy : str, optional
        The list's ``occupancy_status``.

    Returns
    -------
    tuple of str
        ``(category, "")`` or ``("", reason for skipping)``.

    Examples
    --------
    >>> lcc_category("Chorley Library", "library", False)
    ('library', '')
    >>> lcc_category("Preston Household Waste Recycling Centre", "operations_depot_waste", False)[0]
    ''
    >>> lcc_category("Walton-Le-Dale Mains House Farm Playing Field", "land_open_space", True)
    ('park', '')
    """
    low = name.lower()
    if _LCC_EXCLUDE.search(low):
        return (
            "",
            "residential children's/young people's unit: not shown on public maps (safeguarding)",
        )
    if low.startswith("former") and "(cat)" not in low:
        return "", "former use (name starts 'Former'), not a current asset"
    if _LCC_INFRA.search(low) or lcc_category_ in (
        "operations_depot_waste",
        "transport_highways",
    ):
        return "", f"operational or infrastructure site ({lcc_category_})"
    if land_only:
        if _LCC_PARK.search(low) and not _LCC_SCHOOL.search(low):
            return "park", ""
        return "", f"land only ({lcc_category_}), no building or public open space"
    if occupancy in ("vacant_land", "likely_vacant"):
        return "", f"building recorded as {occupancy.replace('_', ' ')}"
    for pattern, category in _LCC_KEYWORDS:
        if re.search(pattern, low):
            return category, ""
    return _LCC_DEFAULT.get(lcc_category_, "other"), ""


def _lcc_property(row: Row, out: Collector) -> None:
    name = row["name"]
    if row["active"].lower() not in ("true", "1", "yes", ""):
        out.skip(f"{name!r}: not active", row.line)
        return
    land_only = row["land_only"].lower() in ("true", "1", "yes")
    category, reason = lcc_category(
        name, row["category"], land_only, row["occupancy_status"]
    )
    lat, lon = out.coords(row["lat"], row["lon"], row.line)
    if not category:
        out.skip(f"{name!r}: {reason}", row.line)
        return
    cat_note = (
        "Transferred to a community organisation (community asset transfer)."
        if "(cat)" in name.lower()
        else ""
    )
    out.add(
        make_record(
            source="lcc-property",
            source_id=row["lcc_property_id"],
            name=re.sub(r"\s*\(CAT\)\s*$", "", name, flags=re.IGNORECASE),
            category=category,
            lat=lat,
            lon=lon,
            postcode=row["postcode"],
            address=row["address"],
            description=cat_note,
            organisation=row["owner_entity"],
            line=row.line,
        )
    )


def _lcc_libraries(row: Row, out: Collector) -> None:
    name = row["name"]
    status = row["service_status"].lower()
    if status not in ("active", "community_managed"):
        out.skip(f"{name!r}: service status {status or 'blank'}", row.line)
        return
    lat, lon = out.coords(row["lat"], row["lon"], row.line)
    address = row["address_scraped"]
    if address.startswith(name):
        address = address[len(name) :].lstrip(" ,")
    services = [
        s.replace("_", " ") for s in row["services_provided"].split(";") if s.strip()
    ]
    five = ["keep-learning", "take-notice"]
    if (
        "meeting_space" in row["services_provided"]
        or "warm_space" in row["services_provided"]
    ):
        five.append("connect")
    out.add(
        make_record(
            source="lcc-libraries",
            source_id=row["lcc_property_id"] or "",
            name=name,
            category="library",
            asset_type="association"
            if status == "community_managed"
            else "institution",
            lat=lat,
            lon=lon,
            postcode=row["postcode"],
            address=address,
            description=("Services: " + ", ".join(services) + ".") if services else "",
            cost="free",
            five_ways=tuple(five),
            phone=row["phone"],
            email=row["email"],
            url=row["web_url"],
            organisation=row["operator"],
            line=row.line,
        )
    )


_DCMS_OPERATION = {
    "LA": "run by the local authority",
    "LAU": "run by the local authority (unstaffed)",
    "C": "commissioned",
    "CR": "community-run",
    "CL": "community-led",
    "ICL": "independent community library",
}


def _library_type_skip(kind: str) -> str:
    low = kind.lower()
    if "prison" in low:
        return "prison library, not open to the public"
    if "mobile" in low:
        return "mobile library, no fixed place"
    return ""


def _dcms(row: Row, out: Collector) -> None:
    name = row["name"]
    operation = row["operation_23"]
    if row["closed"]:
        out.skip(f"{name!r}: closed in {row['closed']}", row.line)
        return
    if operation.lower() in ("closed", "temporary closure"):
        out.skip(f"{name!r}: {operation.lower()} (2023)", row.line)
        return
    reason = _library_type_skip(row["type"])
    if reason:
        out.skip(f"{name!r}: {reason}", row.line)
        return
    lat, lon = out.coords(
        row["nspl_lat"], row["nspl_lon"], row.line, "nspl_lat", "nspl_lon"
    )
    days = {
        d: row[full]
        for d, full in zip(
            DAYS,
            (
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ),
            strict=True,
        )
    }
    kind = row["type"][:1].upper() + row["type"][1:].lower()
    how = _DCMS_OPERATION.get(operation.upper(), "")
    organisation = row["operating_organisation"] or (
        row["authority"] if operation.upper().startswith("LA") else ""
    )
    out.add(
        make_record(
            source="dcms-libraries",
            # UPRNs are shared by co-located services; authority + name is unique.
            source_id=slugify(f"{row['authority']} {name}"),
            name=name,
            category="arts-venue" if "archive" in kind.lower() else "library",
            asset_type="association"
            if operation.upper() in ("CR", "CL", "ICL")
            else "",
            lat=lat,
            lon=lon,
            postcode=row["postcode"],
            address=row.join("address1", "address2", "address3"),
            description=f"{kind}, {how}." if how else f"{kind}.",
            opening_hours=osm_week(days),
            opening_hours_text=week_text(days),
            cost="free",
            email=row["email"],
            organisation=organisation,
            line=row.line,
        )
    )


_SCHEMA_TYPES = {
    "LAL": "Local authority library",
    "CRL": "Community-run library",
    "CL": "Commissioned library",
    "ICL": "Independent community library",
}


def _librarieshacked(row: Row, out: Collector) -> None:
    name = row["Library name"]
    if row["Year closed"]:
        out.skip(f"{name!r}: closed in {row['Year closed']}", row.line)
        return
    lat, lon = out.coords(
        row["nspl_lat"], row["nspl_lon"], row.line, "nspl_lat", "nspl_lon"
    )
    staffed = {
        d: row[f"{full} staffed hours"] for d, full in zip(DAYS, DAY_NAMES, strict=True)
    }
    unstaffed = {
        d: row[f"{full} unstaffed hours"]
        for d, full in zip(DAYS, DAY_NAMES, strict=True)
    }
    hours = osm_week(staffed)
    text = "" if hours else week_text(staffed)
    extra = week_text(unstaffed)
    if extra:
        text = "; ".join(filter(None, (text, f"Unstaffed (open access): {extra}")))
    code = row["Type of library"].rstrip("-")
    out.add(
        make_record(
            source="librarieshacked-libraries",
            source_id=slugify(f"{row['Local authority']} {name}"),
            name=name,
            category="library",
            asset_type="association" if code in ("CRL", "ICL") else "",
            lat=lat,
            lon=lon,
            postcode=row["Postcode"],
            address=row.join("Address 1", "Address 2", "Address 3"),
            description=_SCHEMA_TYPES.get(code, "")
            + (
                f"; co-located with {row['Co-located with']}"
                if row["Co-located with"]
                else ""
            ),
            opening_hours=hours,
            opening_hours_text=text,
            cost="free",
            url=row["URL"],
            email=row["Email address"],
            organisation=row["Local authority"],
            line=row.line,
        )
    )


# Greater Manchester / Trafford Data Lab --------------------------------------


def _simple(
    source: str,
    category: str,
    *,
    name: str = "name",
    lat: str = "lat",
    lon: str = "lon",
    phone: str = "",
    email: str = "",
    url: str = "",
    description: str = "",
    organisation: str = "",
    address: tuple[str, ...] = ("address",),
    postcode: str = "postcode",
    source_id: str = "",
    name_format: str = "{}",
) -> Mapper:
    def mapper(row: Row, out: Collector) -> None:
        la, lo = (
            out.coords(row[lat], row[lon], row.line, lat, lon) if lat else (None, None)
        )
        out.add(
            make_record(
                source=source,
                source_id=row[source_id] if source_id else "",
                name=name_format.format(row[name]) if row[name] else "",
                category=category,
                lat=la,
                lon=lo,
                postcode=row[postcode],
                address=row.join(*address),
                description=row[description] if description else "",
                phone=row[phone] if phone else "",
                email=row[email] if email else "",
                url=row[url] if url else "",
                organisation=row[organisation] if organisation else "",
                line=row.line,
            )
        )

    return _each(mapper)


def _gm_pharmacy(row: Row, out: Collector) -> None:
    days = {
        d: row[f"opening_hours_{full.lower()}"]
        for d, full in zip(DAYS, DAY_NAMES, strict=True)
    }
    hours = osm_week(days)
    out.add(
        make_record(
            source="gm-pharmacies",
            source_id=row["organisation_data_service_code"],
            name=row["pharmacy_name"],
            category="pharmacy",
            lat=None,
            lon=None,
            postcode=row["postcode"],
            address=row["address"],
            opening_hours=hours,
            opening_hours_text="" if hours else week_text(days),
            line=row.line,
        )
    )


def _gm_food_bank(row: Row, out: Collector) -> None:
    phone, email = split_contact(row["Contact"])
    referral = row["Referral method"]
    out.add(
        make_record(
            source="gm-food-banks",
            name=row["Name"],
            category="food-bank",
            lat=None,
            lon=None,
            postcode=row["Postcode"],
            address=row["Address"],
            description=f"Referral method: {referral}."
            if referral and referral != "Not known"
            else "",
            opening_hours_text=row["Opening times"],
            phone=phone,
            email=email,
            url=row["Website"],
            line=row.line,
        )
    )


def _gm_library(row: Row, out: Collector) -> None:
    lat, lon = out.coords(row["lat"], row["lon"], row.line)
    kind = row["type"]
    out.add(
        make_record(
            source="gm-libraries",
            name=row["name"],
            category="library",
            asset_type="association" if "community" in kind.lower() else "",
            lat=lat,
            lon=lon,
            postcode=row["postcode"],
            address=row["address"],
            description=kind,
            cost="free",
            email=row["email"],
            url=row["website"],
            organisation=row["area_name"] + " Council"
            if "local authority" in kind.lower()
            else "",
            line=row.line,
        )
    )


def _care_home(row: Row, out: Collector) -> None:
    lat, lon = out.coords(row["lat"], row["lon"], row.line)
    out.add(
        make_record(
            source="trafford-care-homes",
            source_id=row["cqc_id"],
            name=row["name"],
            category="care-home",
            lat=lat,
            lon=lon,
            postcode=row["postcode"],
            address=row["address"],
            description=row["type"].replace("|", ", "),
            phone=row["telephone"],
            url=row["website"] or row["cqc_webpage"],
            organisation=row["provider"],
            line=row.line,
        )
    )


def _defibrillator(row: Row, out: Collector) -> None:
    lat, lon = out.coords(
        row["Latitude"], row["Longitude"], row.line, "Latitude", "Longitude"
    )
    place = row["Location"]
    out.add(
        make_record(
            source="trafford-defibrillators",
            name=f"Defibrillator at {place}" if place else "",
            category="defibrillator",
            lat=lat,
            lon=lon,
            postcode=row["Postcode"],
            address=row.join("Location", "Address1", "Address2", "Address3"),
            description=row["Notes"],
            line=row.line,
        )
    )


def _sport_sites(rows: list[Row], out: Collector) -> None:
    """Trafford Active Places: one row per facility; one record per site."""
    sites: dict[str, list[Row]] = {}
    for row in rows:
        sites.setdefault(row["site_id"] or f"line-{row.line}", []).append(row)
    for site_id, group in sites.items():
        first = group[0]
        access = {r["access_type"] for r in group}
        if access <= {"Private Use"}:
            out.skip(f"{first['site_name']!r}: private use only", first.line)
            continue
        lat, lon = out.coords(first["lat"], first["lon"], first.line)
        facilities = sorted({r["facility_type"] for r in group if r["facility_type"]})
        public = sorted(access - {"Private Use"})
        cost = (
            "free"
            if public == ["Free Public Access"]
            else "paid"
            if "Pay and Play" in public
            else ""
        )
        features: list[str] = []
        if (
            first["disability_doorways"] == "Yes"
            and first["disability_finding_reaching_entrance"] == "Yes"
        ):
            features.append("wheelchair")
        if first["disability_toilets"] == "Yes":
            features.append("accessible-toilet")
        if first["disability_parking"] == "Yes":
            features.append("disabled-parking")
        out.add(
            make_record(
                source="trafford-sport-facilities",
                source_id=site_id,
                name=first["site_name"],
                category="sports-facility",
                asset_type="association"
                if public == ["Sports Club / Community Association"]
                else "",
                lat=lat,
                lon=lon,
                postcode=first["postcode"],
                address=first.join("street", "town"),
                description=f"{', '.join(facilities)}. Access: {', '.join(public)}.",
                cost=cost,
                accessibility=tuple(features),
                phone=first["telephone"],
                email=first["email"],
                url=first["website"],
                line=first.line,
            )
        )


# Chorley combined file ----------------------------------------------------------

_COMBINED_PREFIX = {
    "warm_space": "warm-space",
    "school": "school",
    "library": "library",
    "pharmacy": "pharmacy",
    "gp_practice": "gp-practice",
}


def _chorley_combined(row: Row, out: Collector) -> None:
    name = row["name"]
    published = row["category"]
    head = re.split(r"[ :(]", published, maxsplit=1)[0]
    category = _COMBINED_PREFIX.get(head, "")
    if head == "lcc_property":
        lcc = published.split(":", 1)[1] if ":" in published else ""
        category, reason = lcc_category(name, lcc, lcc.startswith("land_"))
        if not category:
            out.skip(f"{name!r}: {reason}", row.line)
            return
    elif head == "library":
        reason = _library_type_skip(published)
        if reason:
            out.skip(f"{name!r}: {reason}", row.line)
            return
    lat, lon = out.coords(row["lat"], row["lon"], row.line)
    detail = published.split(":", 1)[1] if ":" in published else ""
    out.add(
        make_record(
            source="chorley-combined",
            source_id=f"{row['source_dataset']}:{row['source_id']}"
            if row["source_id"]
            else "",
            name=tidy_name(name),
            category=category or "other",
            lat=lat,
            lon=lon,
            postcode=row["postcode"],
            address=row["address"],
            description=detail if head == "school" else "",
            cost="free" if category == "warm-space" else "",
            line=row.line,
        )
    )


# JSON sources ---------------------------------------------------------------------


def _read_warm_oi(path: Path) -> ReadResult:
    out = Collector(path.name)
    data = osm.load_json(path)
    for number, props, lat, lon, fid in osm.geojson_features(path, data, out):
        hours: Any = props.get("hours") or {}
        if not isinstance(hours, dict):
            hours = {"_text": str(hours)}
        phone, email = split_contact(clean(props.get("contact")))
        origin = clean(props.get("_source")) or "unknown"
        kind = clean(props.get("type"))
        description = clean(props.get("description"))
        access_text = clean(props.get("accessibility"))
        if kind:
            description = f"{kind}. {description}".strip()
        if props.get("loc_pcd"):
            description = (description + " (Placed at its postcode centre.)").strip()
        out.add(
            make_record(
                source="warm-spaces-oi",
                source_id=f"{origin}#{fid or number}",
                name=clean(props.get("title")),
                category="warm-space",
                lat=lat,
                lon=lon,
                postcode=clean(props.get("postcode"))
                or postcode_in(clean(props.get("address"))),
                address=clean(props.get("address")),
                description=description,
                opening_hours=clean(hours.get("opening")),
                opening_hours_text=clean(hours.get("_text")),
                cost="free",
                accessibility=accessibility_from_text(access_text),
                phone=phone,
                email=email,
                url=clean(props.get("url")),
                organisation=origin.replace("_", " "),
                line=number,
            )
        )
    return out.result(
        "warm-spaces-oi", KINDS["warm-spaces-oi"], _LICENCES["warm-spaces-oi"]
    )


def _read_os_buildings(
    key: str, category: str, generic: str
) -> Callable[[Path], ReadResult]:
    def read(path: Path) -> ReadResult:
        out = Collector(path.name)
        data = osm.load_json(path)
        for number, props, lat, lon, fid in osm.geojson_features(path, data, out):
            name = clean(props.get("DISTNAME"))
            out.add(
                make_record(
                    source=key,
                    source_id=clean(props.get("ID")) or fid,
                    name=name or generic,
                    category=category,
                    lat=lat,
                    lon=lon,
                    description=""
                    if name
                    else "Name not published (OS OpenMap Local building).",
                    organisation="",
                    address=clean(props.get("area_name")),
                    line=number,
                )
            )
        return out.result(key, KINDS[key], _LICENCES[key])

    return read


def _read_greenspace_access(path: Path) -> ReadResult:
    out = Collector(path.name)
    data = osm.load_json(path)
    for number, props, lat, lon, _ in osm.geojson_features(path, data, out):
        out.add(
            make_record(
                source="gm-greenspace-access",
                name="Green space access point",
                category="park",
                lat=lat,
                lon=lon,
                description=clean(props.get("access_type")),
                cost="free",
                line=number,
            )
        )
    return out.result(
        "gm-greenspace-access",
        KINDS["gm-greenspace-access"],
        _LICENCES["gm-greenspace-access"],
    )


# --------------------------------------------------------------------------
# The table of kinds

_KINDS: tuple[_Kind, ...] = (
    _Kind(
        "hearth-template",
        "Hearth community asset template",
        "As stated by whoever filled in the template.",
        r"hearth.*template|asset.*template",
        # for recognition only; read_template checks its own required columns
        ("name", "category", "asset_type", "five_ways", "postcode", "lat", "lon"),
    ),
    _Kind(
        "gias-schools",
        "DfE Get Information About Schools",
        "Contains public sector information licensed under the OGL v3.0 (Department for Education, GIAS)",
        r"gias",
        ("urn", "establishment_name", "latitude", "longitude"),
        _each(_gias),
        repair=_gias_repair,
    ),
    _Kind(
        "epraccur",
        "NHS ODS GP practices (epraccur)",
        _OGL + " (NHS England, Organisation Data Service)",
        r"epraccur",
        (),
        _ods("epraccur", "gp-practice", gp_only=True),
        headerless_width=18,
    ),
    _Kind(
        "edispensary",
        "NHS ODS pharmacies (edispensary)",
        _OGL + " (NHS England ODS)",
        r"edispensary",
        (),
        _ods("edispensary", "pharmacy", gp_only=False),
        headerless_width=18,
    ),
    _Kind(
        "warm-spaces-oi",
        "Open Innovations warm spaces finder",
        "Open Innovations warm spaces finder, aggregating the directories named in each record",
        r"warm_?spaces?.*open_?innovations|openinnovations",
        (),
    ),
    _Kind(
        "warm-spaces-brc",
        "British Red Cross warm spaces (2022)",
        "British Red Cross warm spaces data (2022), GPL-3.0",
        r"warm_?spaces?.*(britishredcross|brc)",
        ("Address", "Postcode", "Opening hours", "lat", "long"),
        _each(_warm_brc),
    ),
    _Kind(
        "lcc-property",
        "Lancashire County Council land and property",
        _OGL + " (Lancashire County Council)",
        r"lancashire_cc_land_property",
        ("lcc_property_id", "name", "category", "land_only", "active", "lat", "lon"),
        _each(_lcc_property),
    ),
    _Kind(
        "lcc-libraries",
        "Lancashire County Council libraries",
        "Content © Lancashire County Council website",
        r"lancashire_cc_libraries",
        ("name", "service_status", "address_scraped", "postcode", "lat", "lon"),
        _each(_lcc_libraries),
    ),
    _Kind(
        "dcms-libraries",
        "DCMS public libraries in England (2023)",
        _OGL + " (DCMS / Arts Council England); compiled by Libraries Hacked",
        r"libraries_england_dcms|dcms.*librar",
        (
            "name",
            "postcode",
            "type",
            "closed",
            "operation_23",
            "monday",
            "nspl_lat",
            "nspl_lon",
        ),
        _each(_dcms),
    ),
    _Kind(
        "librarieshacked-libraries",
        "Libraries Hacked public library schema",
        "Libraries Hacked public library data (from authority returns, OGL sources; MIT)",
        r"public_library_schema|librarieshacked",
        (
            "Library name",
            "Postcode",
            "Year closed",
            "Monday staffed hours",
            "nspl_lat",
            "nspl_lon",
        ),
        _each(_librarieshacked),
    ),
    _Kind(
        "gm-pharmacies",
        "Greater Manchester pharmacies (NHSBSA)",
        _OGL + " (NHSBSA, via Trafford Data Lab)",
        r"gm_pharmacies",
        (
            "pharmacy_name",
            "address",
            "postcode",
            "opening_hours_monday",
            "organisation_data_service_code",
        ),
        _each(_gm_pharmacy),
    ),
    _Kind(
        "gm-libraries",
        "Greater Manchester libraries",
        _OGL + " (DCMS, GM local authorities, via Trafford Data Lab)",
        r"gm_libraries",
        ("name", "address", "postcode", "type", "email", "website", "lon", "lat"),
        _each(_gm_library),
    ),
    _Kind(
        "gm-food-banks",
        "Greater Manchester food banks (2018)",
        _OGL + " (GM Poverty Action, via Trafford Data Lab)",
        r"gm_food_banks",
        ("Name", "Opening times", "Address", "Postcode", "Contact"),
        _each(_gm_food_bank),
    ),
    _Kind(
        "gm-dentists",
        "Greater Manchester dentists (CQC)",
        "Uses information from the Care Quality Commission; OGL v3.0 via Trafford Data Lab",
        r"gm_dentists",
        ("name", "type", "address", "postcode", "telephone", "website", "lon", "lat"),
        _simple(
            "gm-dentists",
            "dentist",
            phone="telephone",
            url="website",
            description="type",
        ),
    ),
    _Kind(
        "gm-jobcentres",
        "Greater Manchester Jobcentre Plus offices",
        _OGL
        + " (DWP, via Trafford Data Lab); contains OS data © Crown copyright and database right 2019",
        r"gm_jobcentre",
        ("name", "address", "postcode", "lon", "lat"),
        _simple("gm-jobcentres", "jobcentre", name_format="{} Jobcentre Plus"),
    ),
    _Kind(
        "gm-green-flags",
        "Green Flag Award parks in Greater Manchester",
        _OGL + " (Green Flag Award, via Trafford Data Lab)",
        r"gm_green_flags",
        ("name", "managed", "telephone", "website", "lon", "lat"),
        _simple(
            "gm-green-flags",
            "park",
            phone="telephone",
            email="email",
            url="website",
            organisation="managed",
            address=(),
            postcode="postcode",
        ),
    ),
    _Kind(
        "gm-places-of-worship",
        "Places of worship in Greater Manchester (OS OpenMap Local)",
        "Contains OS data © Crown copyright and database right 2018 (via Trafford Data Lab)",
        r"gm_places_of_worship",
        (),
    ),
    _Kind(
        "gm-post-offices",
        "Post offices in Greater Manchester (OS OpenMap Local)",
        "Contains OS data © Crown copyright and database right 2018 (via Trafford Data Lab)",
        r"gm_post_offices",
        (),
    ),
    _Kind(
        "gm-greenspace-access",
        "Green space access points in Greater Manchester (OS Open Greenspace)",
        "Contains OS data © Crown copyright and database right 2023 (via Trafford Data Lab)",
        r"greenspace_access",
        (),
    ),
    _Kind(
        "trafford-sport-facilities",
        "Sport England Active Places (Trafford)",
        "Contains data © Sport England; OGL v3.0 via Trafford Data Lab",
        r"sport_facilities|active_places",
        (
            "site_id",
            "site_name",
            "facility_type",
            "access_type",
            "postcode",
            "lon",
            "lat",
        ),
        _sport_sites,
    ),
    _Kind(
        "trafford-defibrillators",
        "Trafford public-access defibrillators (2017)",
        _OGL + " (via Trafford Data Lab)",
        r"defibrillator",
        ("Location", "Postcode", "Latitude", "Longitude"),
        _each(_defibrillator),
    ),
    _Kind(
        "trafford-care-homes",
        "Trafford care homes (CQC)",
        _OGL + " (Care Quality Commission, via Trafford Data Lab)",
        r"care_homes",
        ("name", "cqc_id", "address", "postcode", "provider", "lon", "lat"),
        _each(_care_home),
    ),
    _Kind(
        "chorley-combined",
        "Chorley community asset points (combined)",
        "The licences of each source dataset apply (see source_dataset)",
        r"asset_points_combined",
        ("source_dataset", "source_id", "name", "category", "postcode", "lat", "lon"),
        _each(_chorley_combined),
    ),
    _Kind(
        "oruk",
        "Open Referral UK service directory",
        "Published by the directory's owner through its Open Referral UK API",
        r"oruk|open_?referral",
        (),
    ),
    _Kind(
        "osm-geojson",
        "OpenStreetMap",
        osm.LICENCE,
        r"(^|[^a-z])osm([^a-z]|$)|overpass|\.pbf$|\.osm$",
        (),
    ),
)

KINDS: dict[str, str] = {k.key: k.title for k in _KINDS}
_LICENCES: dict[str, str] = {k.key: k.licence for k in _KINDS}
_BY_KEY: dict[str, _Kind] = {k.key: k for k in _KINDS}

_JSON_READERS: dict[str, Callable[[Path], ReadResult]] = {
    "warm-spaces-oi": _read_warm_oi,
    "gm-places-of-worship": _read_os_buildings(
        "gm-places-of-worship", "place-of-worship", "Place of worship"
    ),
    "gm-post-offices": _read_os_buildings(
        "gm-post-offices", "post-office", "Post Office"
    ),
    "gm-greenspace-access": _read_greenspace_access,
}


def _sniff_json(path: Path) -> str:
    data = osm.load_json(path)
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        props: dict[str, Any] = {}
        for feature in data["features"][:50]:
            if isinstance(feature, dict) and isinstance(
                feature.get("properties"), dict
            ):
                props.update(feature["properties"])
        if "_source" in props and "title" in props:
            return "warm-spaces-oi"
        if (
            props.get("FEATCODE") == 15025
            or props.get("CLASSIFICA") == "Place Of Worship"
        ):
            return "gm-places-of-worship"
        if props.get("FEATCODE") == 15026 or props.get("CLASSIFICA") == "Post Office":
            return "gm-post-offices"
        if "access_type" in props and "name" not in props:
            return "gm-greenspace-access"
        if any(
            k in props
            for k in ("tags", "@id", "amenity", "leisure", "other_tags", "osm_id")
        ):
            return "osm-geojson"
        return ""
    return "oruk" if oruk.looks_like_oruk(data) else ""


def _sniff_csv(path: Path) -> str:
    rows = _csv_rows(path)
    first = [c.strip().lstrip("\ufeff") for c in rows[0][1]]
    best, size = "", 0
    for kind in _KINDS:
        if (
            kind.columns
            and set(kind.columns) <= set(first)
            and len(kind.columns) > size
        ):
            best, size = kind.key, len(kind.columns)
    if best:
        return best
    if (
        len(first) >= 18
        and re.fullmatch(r"[A-Z0-9]{3,8}", first[0])
        and first[12] in ("A", "C", "D", "P")
    ):
        gp = any(len(f) > 25 and f[25] == "4" for _, f in rows[:500])
        return "epraccur" if gp else "edispensary"
    return ""


def recognise(path: Path | str) -> str:
    """Say which kind of asset file this is, from its name or its contents.

    Parameters
    ----------
    path : Path or str
        The file.

    Returns
    -------
    str
        A key of :data:`KINDS`.

    Raises
    ------
    DataImportError
        If the file is not one Hearth knows; the message lists the kinds.

    Examples
    --------
    >>> recognise("downloads/hack25usefuldata_gias_schools_england.csv.gz")
    'gias-schools'
    """
    path = Path(path)
    name = path.name.lower()
    for kind in _KINDS:
        if re.search(kind.file_pattern, name):
            return kind.key
    if path.exists():
        stem = name.removesuffix(".gz")
        found = (
            _sniff_json(path)
            if stem.endswith((".json", ".geojson"))
            else _sniff_csv(path)
        )
        if found:
            return found
    raise DataImportError.single(
        path.name,
        "is not a community asset file Hearth recognises. Expected one of: "
        + ", ".join(f"{k} ({t})" for k, t in KINDS.items())
        + ". Rename it, or pass the kind explicitly (--kind).",
    )


def read_assets(path: Path | str, kind: str | None = None) -> ReadResult:
    """Read a community asset file into records.

    Parameters
    ----------
    path : Path or str
        The file (CSV, GeoJSON or JSON, optionally gzipped; or ``.osm.pbf``).
    kind : str, optional
        A key of :data:`KINDS`; recognised from the file when omitted.

    Returns
    -------
    ReadResult
        Records, plus the rows deliberately skipped and why.

    Raises
    ------
    DataImportError
        If the file is unknown or structurally broken; nothing is returned.
    """
    path = Path(path)
    key = kind or recognise(path)
    if key not in _BY_KEY:
        close = get_close_matches(key, list(KINDS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise DataImportError.single(
            path.name, f"unknown kind {key!r}{hint}; known kinds: {', '.join(KINDS)}."
        )
    if not path.exists():
        raise DataImportError.single(path.name, "does not exist.")
    if key == "hearth-template":
        return template.read_template(path)
    if key == "oruk":
        return oruk.read_oruk(path)
    if key == "osm-geojson":
        return osm.read_osm_geojson(path)
    if key in _JSON_READERS:
        return _JSON_READERS[key](path)
    spec = _BY_KEY[key]
    assert spec.mapper is not None  # noqa: S101 - every CSV kind has a mapper
    rows = read_rows(path, spec.columns, spec.headerless_width, spec.repair)
    out = Collector(path.name)
    spec.mapper(rows, out)
    return out.result(spec.key, spec.title, spec.licence)
