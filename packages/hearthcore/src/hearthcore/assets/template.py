"""Hearth's own CSV template for community assets, and its strict reader.

Partners fill in one row per asset. ``name`` and ``category`` are required,
and each row needs a ``postcode`` or both ``lat`` and ``lon``. Lists
(``five_ways``, ``accessibility``) are separated by semicolons. Unlike the
readers for published files, this reader refuses the file for anything it
cannot use (an unknown category, a bad postcode, a point outside the UK) so
that the person who filled it in can fix it.
"""

from __future__ import annotations

import csv
from difflib import get_close_matches
from pathlib import Path

from ..sources.errors import DataImportError
from .schema import (
    ASSET_TYPES,
    CATEGORIES,
    COSTS,
    FIVE_WAYS,
    Collector,
    ReadResult,
    clean,
    format_postcode,
    in_uk,
    make_record,
)

SOURCE = "hearth-template"
TITLE = "Hearth community asset template"
LICENCE = "As stated by whoever filled in the template."

TEMPLATE_COLUMNS: tuple[str, ...] = (
    "name",
    "description",
    "category",
    "asset_type",
    "five_ways",
    "postcode",
    "lat",
    "lon",
    "address",
    "opening_hours",
    "cost",
    "accessibility",
    "phone",
    "email",
    "url",
    "organisation",
    "source_id",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("name", "category")

EXAMPLE_ROW: dict[str, str] = {
    "name": "Example Community Centre",
    "description": "Coffee morning, lunch club and room hire.",
    "category": "community-centre",
    "asset_type": "physical",
    "five_ways": "connect;give",
    "postcode": "PR7 1DP",
    "lat": "",
    "lon": "",
    "address": "1 Market Street, Chorley",
    "opening_hours": "Mo-Fr 09:00-17:00; Sa 10:00-12:00",
    "cost": "free",
    "accessibility": "wheelchair;accessible-toilet",
    "phone": "01257 000000",
    "email": "hello@example.org",
    "url": "https://example.org",
    "organisation": "Example Community Association",
    "source_id": "example-1",
}


def write_template(path: Path | str) -> Path:
    """Write an empty template: the header and one example row.

    Parameters
    ----------
    path : Path or str
        Where to write the CSV (UTF-8 with a byte-order mark, so Excel
        opens it correctly).

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(TEMPLATE_COLUMNS))
        writer.writeheader()
        writer.writerow(EXAMPLE_ROW)
    return path


def _suggest(value: str, valid: list[str]) -> str:
    close = get_close_matches(value, valid, n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _list(value: str) -> list[str]:
    return [v.strip().lower() for v in value.replace(",", ";").split(";") if v.strip()]


def read_template(path: Path | str) -> ReadResult:
    """Read a filled-in Hearth template, refusing it if anything is wrong.

    Parameters
    ----------
    path : Path or str
        The CSV (optionally gzipped; UTF-8 or Windows cp1252).

    Returns
    -------
    ReadResult
        One record per row; nothing is skipped.

    Raises
    ------
    DataImportError
        Listing up to 10 problems with line and column: missing columns,
        missing name, unknown category/asset type/Five Ways/cost, bad
        postcode, non-numeric or non-UK coordinates, no location at all,
        duplicated ``source_id``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_template(pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> [(r.name, r.postcode, r.five_ways) for r in read_template(p).records]
    [('Example Community Centre', 'PR7 1DP', ('connect', 'give'))]
    """
    from .readers import read_rows  # the CSV plumbing lives with the other readers

    path = Path(path)
    rows = read_rows(path, REQUIRED_COLUMNS)
    out = Collector(path.name)
    seen: dict[str, int] = {}
    for row in rows:
        line = row.line
        name = row["name"]
        if not name:
            out.problem("a name is required", line, "name")
        category = row["category"].lower()
        if category not in CATEGORIES:
            if category:
                message = f"unknown category {row['category']!r}{_suggest(category, list(CATEGORIES))}; valid categories: {', '.join(CATEGORIES)}"
            else:
                message = (
                    f"a category is required; valid categories: {', '.join(CATEGORIES)}"
                )
            out.problem(message, line, "category")
        asset_type = row["asset_type"].lower()
        if asset_type and asset_type not in ASSET_TYPES:
            out.problem(
                f"unknown asset type {asset_type!r}{_suggest(asset_type, list(ASSET_TYPES))}; valid: {', '.join(ASSET_TYPES)}",
                line,
                "asset_type",
            )
        five = _list(row["five_ways"])
        for way in five:
            if way not in FIVE_WAYS:
                out.problem(
                    f"unknown Five Ways value {way!r}{_suggest(way, list(FIVE_WAYS))}; valid: {', '.join(FIVE_WAYS)}",
                    line,
                    "five_ways",
                )
        cost = row["cost"].lower()
        if cost and cost not in COSTS:
            out.problem(
                f"cost must be one of {', '.join(COSTS)} or empty, not {cost!r}",
                line,
                "cost",
            )
        postcode = row["postcode"]
        if postcode and not format_postcode(postcode):
            out.problem(f"not a UK postcode: {postcode!r}", line, "postcode")
        before = len(out.problems)
        lat, lon = out.coords(row["lat"], row["lon"], line)
        if len(out.problems) == before:
            if bool(row["lat"]) != bool(row["lon"]):
                out.problem(
                    "give both lat and lon, or neither",
                    line,
                    "lon" if row["lat"] else "lat",
                )
            elif lat is not None and lon is not None and not in_uk(lat, lon):
                swapped = " (are lat and lon swapped?)" if in_uk(lon, lat) else ""
                out.problem(
                    f"point {lat:g}, {lon:g} is outside the UK{swapped}", line, "lat"
                )
            elif lat is None and not postcode:
                out.problem("give a postcode, or lat and lon", line, "postcode")
        source_id = row["source_id"]
        if source_id:
            if source_id in seen:
                out.problem(
                    f"source_id {source_id!r} is also on line {seen[source_id]}",
                    line,
                    "source_id",
                )
            seen.setdefault(source_id, line)
        if len(out.problems) > before or out.problems:
            continue
        out.add(
            make_record(
                source=SOURCE,
                source_id=source_id,
                name=name,
                category=category,
                asset_type=asset_type,
                lat=lat,
                lon=lon,
                postcode=postcode,
                address=row["address"],
                description=row["description"],
                opening_hours=row["opening_hours"],
                cost=cost,
                accessibility=tuple(_list(row["accessibility"])),
                five_ways=tuple(dict.fromkeys(five)) if five else None,
                phone=row["phone"],
                email=row["email"],
                url=clean(row["url"]),
                organisation=row["organisation"],
                line=line,
            )
        )
    if out.skipped:  # pragma: no cover - every check above is an error here
        raise DataImportError(out.skipped[:10], total=len(out.skipped))
    return out.result(SOURCE, TITLE, LICENCE)
