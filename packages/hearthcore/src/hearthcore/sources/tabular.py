"""Read and validate tables of figures, lookups, centroids and points.

Every reader checks the whole file before returning anything: missing
columns, malformed or duplicated area codes, non-numeric values and short
(truncated) rows are reported with the file, the physical line (the header is
line 1) and the column, and nothing is returned.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import numpy as np
import pandas as pd

from ..text import normalise_postcode as normalise_postcode
from ..text import slugify
from .catalogue import DatasetKind
from .errors import DataImportError, Problem
from .validate import check_known, check_values, coverage_problem

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(\D|$))")


@dataclass(frozen=True)
class Table:
    """Figures per area, ready to store.

    ``values`` is indexed by area code with one float column per indicator
    (codes from ``slugify``); ``labels`` maps each code to the header as
    published; ``encoding`` says how the file was decoded.
    """

    kind: DatasetKind
    values: pd.DataFrame
    labels: dict[str, str]
    encoding: str
    checksum: str


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file's bytes.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        Hex digest.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_text(path: Path) -> tuple[str, str]:
    """Decode a (possibly gzipped) text file.

    UTF-8 (with or without a byte-order mark) is tried first, then Windows
    cp1252, which is what Excel writes on UK machines.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    tuple of str
        The text and the encoding used.
    """
    try:
        raw = (
            gzip.open(path, "rb").read() if path.suffix == ".gz" else path.read_bytes()
        )
    except (OSError, EOFError) as error:
        raise DataImportError.single(
            path.name, f"cannot be read ({error}); is it truncated?"
        ) from None
    return decode_text(raw, path.name)


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    r"""Decode a text file's bytes: UTF-8 (BOM or not), UTF-16 (with BOM), cp1252.

    Parameters
    ----------
    raw : bytes
        The file's content.
    name : str
        The file's name (for messages).

    Returns
    -------
    tuple of str
        The text and the encoding used.

    Raises
    ------
    DataImportError
        For a binary file, or bytes that are no known text encoding.

    Examples
    --------
    >>> decode_text("a,b\n".encode("utf-16"), "f.csv")
    ('a,b\n', 'utf-16')
    >>> decode_text(b"\x89PNG\r\n\x1a\n\x00\x00", "f.csv")
    Traceback (most recent call last):
    ...
    hearthcore.sources.errors.DataImportError: f.csv: is not a text file (it holds binary data); export it as CSV and try again.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" and some Windows tools write UTF-16.
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DataImportError.single(
                name, "starts like UTF-16 text but is not valid UTF-16."
            ) from None
    if b"\x00" in raw[:65536]:
        raise DataImportError.single(
            name,
            "is not a text file (it holds binary data); export it as CSV and try again.",
        )
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8:
        try:
            return raw.decode("cp1252", errors="strict"), "cp1252"
        except UnicodeDecodeError:
            bad = raw[utf8.start : utf8.start + 1].hex()
            raise DataImportError.single(
                name,
                f"is neither UTF-8 nor Windows-1252 text (byte 0x{bad} at position "
                f"{utf8.start:,}). Save it as UTF-8 CSV and try again.",
            ) from None


def read_frame(path: Path, *, sep: str | None = None) -> tuple[pd.DataFrame, str]:
    """Read a delimited file as text columns, with short rows kept as NaN.

    Parameters
    ----------
    path : Path
        A CSV or TSV file, optionally gzipped.
    sep : str, optional
        The delimiter; guessed from the header when omitted.

    Returns
    -------
    tuple of (DataFrame, str)
        Every cell as a string ("" for empty, NaN for missing fields) and the
        encoding used.
    """
    text, encoding = read_text(path)
    if not text.strip():
        raise DataImportError.single(path.name, "is empty.")
    first = text.split("\n", 1)[0]
    if sep is None:
        sep = "\t" if first.count("\t") > first.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            skipinitialspace=False,
        )
    except pd.errors.ParserError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else None
        raise DataImportError(
            [Problem(path.name, f"has a malformed row: {error}", line)]
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise DataImportError.single(path.name, "has a header but no rows.")
    counts = _field_counts(text, sep)
    if len(counts) == len(frame):
        frame.attrs["field_counts"] = counts
    return frame, encoding


def _require(
    path: Path, frame: pd.DataFrame, columns: tuple[str, ...] | list[str]
) -> None:
    missing = [c for c in columns if c and c not in frame.columns]
    if missing:
        problems = []
        for column in missing:
            close = get_close_matches(column, list(frame.columns), n=2)
            hint = (
                f" (did you mean {' or '.join(repr(c) for c in close)}?)"
                if close
                else ""
            )
            problems.append(
                Problem(path.name, f"required column is missing{hint}", 1, column)
            )
        raise DataImportError(problems)


def _short_rows(path: Path, frame: pd.DataFrame) -> list[Problem]:
    counts = frame.attrs.get("field_counts")
    if counts is None:
        return []
    width = frame.shape[1]
    problems = []
    for i in np.flatnonzero(counts < width)[:10]:
        problems.append(
            Problem(
                path.name,
                f"has only {int(counts[i])} of {width} fields (is the file truncated?)",
                int(i) + 2,
            )
        )
    return problems


def _field_counts(text: str, sep: str) -> np.ndarray:
    """Count the fields on each data row (quoted fields respected)."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    next(reader, None)
    return np.fromiter((len(row) for row in reader if row), dtype=np.int64)


def check_codes(
    path: Path, codes: pd.Series, column: str, pattern: str
) -> list[Problem]:
    """Report malformed and duplicated area codes with their lines.

    Parameters
    ----------
    path : Path
        The file (for messages).
    codes : Series
        The code column, in file order (row i is line i + 2).
    column : str
        The column's header.
    pattern : str
        Regular expression every code must match.

    Returns
    -------
    list of Problem
        Empty when every code is well formed and unique.
    """
    problems = []
    stripped = codes.astype(str).str.strip()
    bad = ~stripped.str.match(pattern)
    for i in np.flatnonzero(bad.to_numpy())[:10]:
        problems.append(
            Problem(
                path.name,
                f"'{stripped.iloc[i]}' is not a valid area code",
                int(i) + 2,
                column,
            )
        )
    duplicated = stripped.duplicated(keep=False) & ~bad
    if duplicated.any():
        first_lines: dict[str, int] = {}
        for i in np.flatnonzero(duplicated.to_numpy()):
            code = stripped.iloc[i]
            if code in first_lines:
                problems.append(
                    Problem(
                        path.name,
                        f"area code {code} appears again (first on line {first_lines[code]})",
                        int(i) + 2,
                        column,
                    )
                )
            else:
                first_lines[code] = int(i) + 2
    return problems


#: Cells that mean "not available" in published tables (suppressed values).
MISSING_MARKERS = ("NA", "N/A", "NAN", "*", "..", "-", "\u2013")


def parse_numbers(
    path: Path, frame: pd.DataFrame, columns: list[str]
) -> tuple[pd.DataFrame, list[Problem], pd.DataFrame]:
    """Convert text columns to floats and say which cells were missing.

    "29,199" and "29199.00" are numbers; empty cells and the markers in
    :data:`MISSING_MARKERS` (``n/a``, ``-``, ``..``) are missing; anything
    else is a problem with its line and column.

    Parameters
    ----------
    path : Path
        The file (for messages).
    frame : DataFrame
        Text cells as read by ``read_frame``.
    columns : list of str
        The columns to convert.

    Returns
    -------
    tuple of (DataFrame, list of Problem, DataFrame)
        Float columns (missing cells are NaN), one problem per cell that is
        not a number, and True where a cell was missing.
    """
    out = {}
    gone = {}
    problems: list[Problem] = []
    for column in columns:
        text = frame[column].fillna("").astype(str).str.strip()
        cleaned = text.str.replace(_THOUSANDS, "", regex=True)
        marker = (cleaned == "") | cleaned.str.upper().isin(MISSING_MARKERS)
        numbers = pd.to_numeric(cleaned.mask(marker), errors="coerce")
        bad = numbers.isna() & ~marker
        for i in np.flatnonzero(bad.to_numpy())[: max(0, 10 - len(problems))]:
            problems.append(
                Problem(
                    path.name, f"'{text.iloc[i]}' is not a number", int(i) + 2, column
                )
            )
        if bad.any() and not problems:
            problems.append(
                Problem(path.name, "contains values that are not numbers", None, column)
            )
        out[column] = numbers.astype("float64")
        gone[column] = marker.to_numpy()
    return (
        pd.DataFrame(out, index=frame.index),
        problems,
        pd.DataFrame(gone, index=frame.index),
    )


def to_numbers(
    path: Path, frame: pd.DataFrame, columns: list[str]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert text columns to floats, accepting "29,199" and "29199.00".

    Parameters
    ----------
    path : Path
        The file (for messages).
    frame : DataFrame
        Text cells as read by ``read_frame``.
    columns : list of str
        The columns to convert.

    Returns
    -------
    tuple of (DataFrame, list of Problem)
        Float columns (empty cells are NaN) and one problem per cell that is
        not a number or not finite.
    """
    numbers, problems, _missing = parse_numbers(path, frame, columns)
    for column in columns:
        values = numbers[column].to_numpy()
        for i in np.flatnonzero(np.isinf(values))[: max(0, 10 - len(problems))]:
            problems.append(
                Problem(
                    path.name, f"{values[i]} is not a finite number", int(i) + 2, column
                )
            )
    return numbers, problems


def _unique_codes(labels: list[str]) -> tuple[list[str], dict[str, str]]:
    codes, mapping = [], {}
    for label in labels:
        code = slugify(label) or "value"
        base, n = code, 2
        while code in mapping:
            code = f"{base}_{n}"
            n += 1
        mapping[code] = label
        codes.append(code)
    return codes, mapping


def read_table(
    path: Path | str,
    kind: DatasetKind,
    checksum: str | None = None,
    *,
    known_codes: Collection[str] | None = None,
    subset: bool = False,
) -> Table:
    """Read a table of figures per area, validating every row.

    Every value is checked against the kind's rules (ranks 1 to the number
    of areas, deciles 1 to 10, shares 0 to 1, finite numbers, required
    cells present), every code against ``known_codes``, and the file's
    coverage against the whole release.

    Parameters
    ----------
    path : Path or str
        The file.
    kind : DatasetKind
        What the file is (see ``recognise``).
    checksum : str, optional
        The file's SHA-256 if already known.
    known_codes : collection of str, optional
        The loaded areas of the kind's geography: other codes are refused.
    subset : bool
        Accept a file that covers only part of the release.

    Returns
    -------
    Table
        Values indexed by area code.

    Raises
    ------
    DataImportError
        With the first problems found.
    """
    path = Path(path)
    if kind.fmt == "xlsx":
        return _read_workbook(path, kind, checksum, subset=subset)
    frame, encoding = read_frame(path, sep="\t" if kind.fmt == "tsv" else None)
    code_column = kind.code_column
    required = (
        [code_column, *kind.signature]
        if kind.long is None
        else [code_column, *[c for c in kind.long if c]]
    )
    _require(path, frame, required)
    problems = _short_rows(path, frame)
    problems += check_known(
        path.name,
        frame[code_column],
        known_codes,
        column=code_column,
        geography_label=_geography_label(kind.geography),
    )
    if kind.long is not None:
        values, labels, more = _pivot_long(path, frame, kind)
        problems += more
    else:
        problems += check_codes(
            path, frame[code_column], code_column, kind.code_pattern
        )
        skip = {code_column, *kind.text_columns, *kind.categorical}
        numeric = [
            c
            for c in frame.columns
            if c not in skip and c.lower() not in {"fid", "objectid"}
        ]
        numbers, more, missing = parse_numbers(path, frame, numeric)
        problems += more
        codes, labels = _unique_codes(numeric)
        numbers.columns = codes
        missing.columns = codes
        problems += check_values(
            path.name,
            numbers,
            missing,
            kind.rules,
            labels=labels,
            areas=kind.coverage or len(frame),
            limit=max(0, 10 - len(problems)),
        )
        for column in kind.categorical:
            empty = frame[column].fillna("").astype(str).str.strip() == ""
            for i in np.flatnonzero(empty.to_numpy())[: max(0, 10 - len(problems))]:
                problems.append(
                    Problem(path.name, "a class is required here", int(i) + 2, column)
                )
        for column in kind.categorical:
            dummies = pd.get_dummies(frame[column].str.strip(), dtype="float64")
            for category in dummies.columns:
                code = slugify(f"{column} {category}")
                numbers[code] = dummies[category]
                labels[code] = f"{column}: {category}"
        numbers.index = pd.Index(
            frame[code_column].astype(str).str.strip(), name="area_code"
        )
        values = numbers
    if not problems and not subset:
        gap = coverage_problem(
            path.name,
            int(values.index.nunique()),
            kind.coverage,
            _geography_label(kind.geography),
        )
        if gap is not None:
            problems.append(gap)
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    return Table(kind, values, labels, encoding, checksum or sha256_of(path))


_GEOGRAPHY_LABELS = {
    "lsoa11": "LSOA (2011)",
    "lsoa21": "LSOA (2021)",
    "msoa11": "MSOA (2011)",
    "lad19": "local authority district (2019)",
    "lad21": "local authority district (2021)",
    "lad22": "local authority district (2022)",
    "lad24": "local authority district (2024)",
    "postcode": "postcode",
}


def _geography_label(geography: str) -> str:
    return _GEOGRAPHY_LABELS.get(geography, geography)


def _pivot_long(
    path: Path, frame: pd.DataFrame, kind: DatasetKind
) -> tuple[pd.DataFrame, dict[str, str], list[Problem]]:
    assert kind.long is not None  # noqa: S101 - guarded by the caller
    category, count, total, share = kind.long
    code_column = kind.code_column
    problems = []
    stripped = frame[code_column].astype(str).str.strip()
    bad = ~stripped.str.match(kind.code_pattern)
    for i in np.flatnonzero(bad.to_numpy())[:10]:
        problems.append(
            Problem(
                path.name,
                f"'{stripped.iloc[i]}' is not a valid area code",
                int(i) + 2,
                code_column,
            )
        )
    pair = frame[[code_column, category]].astype(str)
    dup = pair.duplicated(keep="first")
    for i in np.flatnonzero(dup.to_numpy())[:10]:
        problems.append(
            Problem(
                path.name,
                f"{stripped.iloc[i]} has '{frame[category].iloc[i]}' twice",
                int(i) + 2,
                category,
            )
        )
    numeric = [c for c in (count, total, share) if c]
    numbers, more, missing = parse_numbers(path, frame, numeric)
    problems += more
    problems += check_values(
        path.name,
        numbers,
        missing,
        kind.rules,
        labels={},
        areas=kind.coverage,
        limit=max(0, 10 - len(problems)),
    )
    numbers[code_column] = stripped
    numbers[category] = frame[category].str.strip()
    counts = numbers.pivot(index=code_column, columns=category, values=count)
    labels: dict[str, str] = {}
    columns: dict[str, pd.Series] = {}
    for name in counts.columns:
        code = slugify(str(name))
        columns[code] = counts[name]
        labels[code] = str(name)
    if share:
        shares = numbers.pivot(index=code_column, columns=category, values=share)
        for name in shares.columns:
            code = slugify(str(name)) + "_prop"
            columns[code] = shares[name]
            labels[code] = f"{name} (share)"
    if total:
        columns["total"] = numbers.groupby(code_column)[total].first()
        labels["total"] = total
    values = pd.DataFrame(columns)
    values.index.name = "area_code"
    return values, labels, problems


def _read_workbook(
    path: Path, kind: DatasetKind, checksum: str | None, *, subset: bool = False
) -> Table:
    """IoD File 10: one sheet per domain, one row per district."""
    sheets = pd.read_excel(path, sheet_name=None, dtype=str)
    frames, labels = [], {}
    problems: list[Problem] = []
    for sheet, frame in sheets.items():
        frame.columns = [str(c).strip() for c in frame.columns]
        if kind.code_column not in frame.columns:
            continue
        numeric = [
            c
            for c in frame.columns
            if c != kind.code_column and "name" not in c.lower()
        ]
        numbers, more, missing = parse_numbers(path, frame, numeric)
        slugs = [slugify(c) for c in numeric]
        more += check_values(
            path.name,
            numbers.set_axis(slugs, axis=1),
            missing.set_axis(slugs, axis=1),
            kind.rules,
            labels=dict(zip(slugs, numeric, strict=True)),
            areas=kind.coverage or len(frame),
        )
        problems += [
            Problem(p.file, f"sheet {sheet}: {p.message}", p.line, p.column)
            for p in more
        ]
        problems += check_codes(
            path, frame[kind.code_column], kind.code_column, kind.code_pattern
        )
        codes, sheet_labels = _unique_codes(
            [
                f"{sheet} {c}" if not c.lower().startswith(sheet.lower()) else c
                for c in numeric
            ]
        )
        numbers.columns = codes
        numbers.index = pd.Index(
            frame[kind.code_column].astype(str).str.strip(), name="area_code"
        )
        frames.append(numbers)
        labels.update(sheet_labels)
    if not frames:
        raise DataImportError.single(
            path.name, f"has no sheet with a '{kind.code_column}' column."
        )
    values = pd.concat(frames, axis=1)
    values = values.loc[:, ~values.columns.duplicated()]
    _check_coverage(path, problems, int(values.index.nunique()), kind, subset)
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    return Table(kind, values, labels, "xlsx", checksum or sha256_of(path))


def _check_coverage(
    path: Path, problems: list[Problem], found: int, kind: DatasetKind, subset: bool
) -> None:
    if problems or subset:
        return
    gap = coverage_problem(
        path.name, found, kind.coverage, _geography_label(kind.geography)
    )
    if gap is not None:
        problems.append(gap)


def read_lookup(
    path: Path | str, kind: DatasetKind, *, subset: bool = False
) -> pd.DataFrame:
    """Read a lookup (area hierarchy or LSOA 2011↔2021) and validate its codes.

    Parameters
    ----------
    path : Path or str
        The file.
    kind : DatasetKind
        A kind with role ``lookup`` or ``link``.
    subset : bool
        Accept a link file that covers only part of the release.

    Returns
    -------
    DataFrame
        The lookup's columns as stripped strings.
    """
    path = Path(path)
    frame, _encoding = read_frame(path)
    _require(path, frame, list(kind.signature))
    problems = _short_rows(path, frame)
    code_columns = [code for _geo, code, _name in kind.levels] or [
        "LSOA11CD",
        "LSOA21CD",
    ]
    for column in code_columns:
        bad = ~frame[column].astype(str).str.strip().str.match(r"^[EWSNK]\d{8}$")
        for i in np.flatnonzero(bad.to_numpy())[:10]:
            problems.append(
                Problem(
                    path.name,
                    f"'{frame[column].iloc[i]}' is not a valid area code",
                    int(i) + 2,
                    column,
                )
            )
    if kind.role == "link":
        _check_coverage(path, problems, len(frame), kind, subset)
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    stripped: pd.DataFrame = frame.apply(lambda col: col.astype(str).str.strip())
    return stripped


def lsoa_change_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """Derive ONS change codes for LSOA 2011 → 2021 pairs.

    ``U`` unchanged (one to one), ``S`` split (one 2011 LSOA became several),
    ``M`` merged (several became one), ``X`` redesigned (both).

    Parameters
    ----------
    frame : DataFrame
        Columns ``LSOA11CD`` and ``LSOA21CD``, one row per pair.

    Returns
    -------
    DataFrame
        Columns ``old``, ``new`` and ``change``.

    Examples
    --------
    >>> pairs = pd.DataFrame({"LSOA11CD": ["a", "b", "b", "c", "d"],
    ...                       "LSOA21CD": ["A", "B1", "B2", "CD", "CD"]})
    >>> lsoa_change_codes(pairs)["change"].tolist()
    ['U', 'S', 'S', 'M', 'M']
    """
    pairs = frame[["LSOA11CD", "LSOA21CD"]].drop_duplicates()
    old_n = pairs.groupby("LSOA11CD")["LSOA21CD"].transform("size")
    new_n = pairs.groupby("LSOA21CD")["LSOA11CD"].transform("size")
    change = np.where(
        (old_n > 1) & (new_n > 1),
        "X",
        np.where(old_n > 1, "S", np.where(new_n > 1, "M", "U")),
    )
    return pd.DataFrame(
        {
            "old": pairs["LSOA11CD"].to_numpy(),
            "new": pairs["LSOA21CD"].to_numpy(),
            "change": change,
        }
    )


def read_centroids(path: Path | str, kind: DatasetKind) -> pd.DataFrame:
    """Read area centroids, reprojecting British National Grid to WGS84.

    Parameters
    ----------
    path : Path or str
        The file.
    kind : DatasetKind
        A kind with role ``centroids``.

    Returns
    -------
    DataFrame
        Indexed by area code, columns ``lon`` and ``lat``.
    """
    path = Path(path)
    frame, _encoding = read_frame(path)
    x_col, y_col, crs = kind.coords
    _require(path, frame, [kind.code_column, x_col, y_col])
    numbers, problems = to_numbers(path, frame, [x_col, y_col])
    problems = (
        _short_rows(path, frame)
        + problems
        + check_codes(
            path, frame[kind.code_column], kind.code_column, kind.code_pattern
        )
    )
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    x, y = numbers[x_col].to_numpy(), numbers[y_col].to_numpy()
    if crs != "EPSG:4326":
        from pyproj import Transformer

        x, y = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(x, y)
    return pd.DataFrame(
        {"lon": x, "lat": y},
        index=pd.Index(frame[kind.code_column].str.strip(), name="area_code"),
    )


def read_postcodes(
    path: Path | str, kind: DatasetKind | None = None, *, subset: bool = False
) -> pd.DataFrame:
    """Read NSPL postcode locations.

    Parameters
    ----------
    path : Path or str
        ``Postcode, lat, long`` CSV (optionally gzipped).
    kind : DatasetKind, optional
        The ``postcodes`` kind, for its coverage (the whole UK).
    subset : bool
        Accept a file of part of the UK (it then adds to, and does not
        replace, the stored postcodes).

    Returns
    -------
    DataFrame
        Columns ``postcode`` (no spaces), ``lon`` and ``lat`` (NaN where the
        NSPL has no grid reference, which it marks with an empty latitude).
    """
    path = Path(path)
    frame = pd.read_csv(
        path,
        dtype={"Postcode": str},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8-sig",
    )
    _require(path, frame, ["Postcode", "lat", "long"])
    postcodes = frame["Postcode"].str.replace(" ", "", regex=False).str.upper()
    lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype="float64")
    lon = pd.to_numeric(frame["long"], errors="coerce").to_numpy(dtype="float64")
    problems = []
    # The NSPL includes a few non-geographic codes (GIR 0AA, NPT …), so only
    # the shape of a postcode is checked, not the Royal Mail format.
    bad = ~postcodes.str.match(r"^[A-Z0-9]{5,8}$")
    for i in np.flatnonzero(bad.to_numpy())[:10]:
        problems.append(
            Problem(
                path.name,
                f"'{frame['Postcode'].iloc[i]}' is not a postcode",
                int(i) + 2,
                "Postcode",
            )
        )
    dup = postcodes.duplicated()
    for i in np.flatnonzero(dup.to_numpy())[:10]:
        problems.append(
            Problem(
                path.name,
                f"postcode {postcodes.iloc[i]} appears twice",
                int(i) + 2,
                "Postcode",
            )
        )
    for name, values in (("lat", lat), ("long", lon)):
        for i in np.flatnonzero(np.isinf(values))[: max(0, 10 - len(problems))]:
            problems.append(
                Problem(
                    path.name, f"{values[i]} is not a finite number", int(i) + 2, name
                )
            )
    if kind is not None:
        _check_coverage(path, problems, len(frame), kind, subset)
    if problems:
        raise DataImportError(
            problems[:10], total=max(len(problems), int(bad.sum() + dup.sum()))
        )
    # The NSPL gives postcodes without a grid reference no latitude.
    lon = np.where(np.isnan(lat), np.nan, lon)
    return pd.DataFrame({"postcode": postcodes.to_numpy(), "lon": lon, "lat": lat})


def read_places(
    path: Path | str, kind: DatasetKind | None = None, *, subset: bool = False
) -> pd.DataFrame:
    """Read the place-name gazetteer (OS Open Names populated places).

    Parameters
    ----------
    path : Path or str
        Tab-separated ``name, district, type, lat, lon``.

    Returns
    -------
    DataFrame
        Columns ``name``, ``district``, ``kind`` (City, Town, Village,
        Suburban Area, Hamlet, Other Settlement, Postcode district), ``lon``,
        ``lat``.
    """
    path = Path(path)
    frame, _encoding = read_frame(path, sep="\t")
    _require(path, frame, ["name", "district", "type", "lat", "lon"])
    numbers, problems = to_numbers(path, frame, ["lat", "lon"])
    if kind is not None:
        _check_coverage(path, problems, len(frame), kind, subset)
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    kinds = {
        "c": "City",
        "t": "Town",
        "v": "Village",
        "a": "Suburban Area",
        "h": "Hamlet",
        "o": "Other Settlement",
        "": "Postcode district",
    }
    # The gazetteer leaves the district empty when it equals the name.
    district = frame["district"].where(frame["district"] != "", frame["name"])
    return pd.DataFrame(
        {
            "name": frame["name"],
            "district": district,
            "kind": frame["type"].map(kinds).fillna("Other Settlement"),
            "lon": numbers["lon"],
            "lat": numbers["lat"],
        }
    )


# Names of the 2011 OAC supergroups (ONS/UCL).
OAC_SUPERGROUPS = {
    "1": "Rural Residents",
    "2": "Cosmopolitans",
    "3": "Ethnicity Central",
    "4": "Multicultural Metropolitans",
    "5": "Urbanites",
    "6": "Suburbanites",
    "7": "Constrained City Dwellers",
    "8": "Hard-Pressed Living",
}


def read_oac(path: Path | str, kind: DatasetKind, *, subset: bool = False) -> Table:
    """Read the OA-level 2011 OAC and summarise it per LSOA (2011).

    There are no output-area boundaries in Hearth, so a postcode takes the
    OAC mix of its LSOA: the share of the LSOA's output areas in each
    supergroup and group.

    Parameters
    ----------
    path : Path or str
        The ONS OA → LSOA lookup with OAC codes.
    kind : DatasetKind
        The ``oac2011`` kind.

    Returns
    -------
    Table
        Per LSOA, columns ``supergroup_N`` and ``group_Nx`` (number of output
        areas) and ``output_areas``.
    """
    path = Path(path)
    frame, encoding = read_frame(path)
    _require(path, frame, ["OA11CD", "OAC11CD", "LSOA11CD"])
    problems = _short_rows(path, frame)
    bad = ~frame["OAC11CD"].str.match(r"^[1-8][a-d][1-4]$")
    for i in np.flatnonzero(bad.to_numpy())[:10]:
        problems.append(
            Problem(
                path.name,
                f"'{frame['OAC11CD'].iloc[i]}' is not an OAC subgroup code",
                int(i) + 2,
                "OAC11CD",
            )
        )
    lsoa = frame["LSOA11CD"].str.strip()
    _check_coverage(path, problems, int(lsoa.nunique()), kind, subset)
    if problems:
        raise DataImportError(problems[:10], total=len(problems))
    supergroup = pd.crosstab(lsoa, frame["OAC11CD"].str[0])
    group = pd.crosstab(lsoa, frame["OAC11CD"].str[:2])
    values = pd.concat(
        [supergroup.add_prefix("supergroup_"), group.add_prefix("group_")], axis=1
    ).astype("float64")
    values["output_areas"] = values.filter(like="supergroup_").sum(axis=1)
    labels = {
        f"supergroup_{k}": f"OAC supergroup {k}: {v} (output areas)"
        for k, v in OAC_SUPERGROUPS.items()
    }
    for code in group.columns:
        labels[f"group_{code}"] = f"OAC group {code} (output areas)"
    labels["output_areas"] = "Output areas"
    values.index.name = "area_code"
    return Table(kind, values, labels, encoding, sha256_of(path))
