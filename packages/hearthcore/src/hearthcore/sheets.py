r"""Read spreadsheets of records (a plan, engagement activities, requests).

CSV or XLSX in, rows with line numbers out, every problem named by line and
column.

The readers of each kind of sheet (``hearthcore.plans``,
``hearthcore.engagement``, ``hearthcore.delivery``) use these pieces:

* :func:`open_sheet` reads a sheet and checks its header: required columns
  (an error at once) and unknown ones (a problem among the rest).
* :func:`read_rows` gives the header (normalised to ``snake_case``) and the
  non-blank rows with the line number a spreadsheet shows (the header is
  line 1). XLSX real dates stay dates and percentage cells become 0-100.
* :class:`Cells` reads typed values out of a row and collects
  :class:`Problem` items instead of stopping at the first.
* :class:`SheetError` carries every problem; its message lists the first
  twenty.

>>> header, rows = read_rows(b"Date,People\n2025-01-02,4\n,\n", "a.csv")
>>> header, [(line, row) for line, row in rows]
(['date', 'people'], [(2, ['2025-01-02', '4'])])
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

SHOWN = 20


def key(text: str) -> str:
    """Normalise a header or choice to ``snake_case``.

    Lower case, and runs of spaces, hyphens, underscores and slashes become
    one underscore.

    >>> key(" Lead Organisation "), key("No-answer / not home")
    ('lead_organisation', 'no_answer_not_home')
    """
    return re.sub(r"[\s\-_/]+", "_", text.strip().lower()).strip("_")


def text(value: object) -> str:
    """Return a cell as tidy text: None is empty, 12.0 is "12", spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Problem:
    """One problem in a sheet: where it is and what is wrong."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class SheetError(ValueError):
    """A sheet that cannot be imported; ``problems`` names each one."""

    def __init__(self, problems: Sequence[Problem], shown: int = SHOWN) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:shown]]
        if len(self.problems) > shown:
            lines.append(f"… and {len(self.problems) - shown} more problems")
        super().__init__("\n".join(lines))


def decode(raw: bytes) -> str:
    r"""Decode CSV bytes: UTF-16 with a BOM, UTF-8 (BOM or not), else cp1252.

    Raises :class:`SheetError` if the bytes look binary (a NUL byte early on).

    >>> decode("name\r\nCafé".encode("cp1252")), decode(b"\xef\xbb\xbfname")
    ('name\r\nCafé', 'name')
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise SheetError(
            [Problem(1, "", "this is not a CSV or XLSX file (it holds binary data)")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _workbook_rows(raw: bytes) -> list[list[object]]:
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
        raise SheetError(
            [Problem(1, "", f"this XLSX file cannot be read ({error})")]
        ) from None
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows():
        values: list[object] = []
        for cell in row:
            value = getattr(cell, "value", None)
            # A percentage cell holds 0.4 for "40%".
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and "%" in str(getattr(cell, "number_format", ""))
            ):
                value = value * 100
            values.append(value)
        rows.append(values)
    book.close()
    return rows


def read_cells(raw: bytes, name: str = "") -> list[list[object]]:
    r"""Return a CSV or XLSX file's cells as rows, the header first.

    CSV cells are strings, separated by commas, semicolons (Excel's CSV in
    many European settings) or tabs, whichever the first line has most of;
    XLSX cells keep their types (numbers, dates) and a percentage cell holds
    its percentage (40 for a cell showing 40%). Blank rows are kept, so list
    positions are line numbers less one.

    >>> read_cells(b"service,status\r\nFlu jab,done\r\n")
    [['service', 'status'], ['Flu jab', 'done']]
    >>> read_cells(b"service;cost\r\nLunch;2,50\r\n")
    [['service', 'cost'], ['Lunch', '2,50']]
    """
    if raw[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        return _workbook_rows(raw)
    text = decode(raw)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_rows(
    source: bytes, name: str = ""
) -> tuple[list[str], list[tuple[int, list[object]]]]:
    """Read a CSV or XLSX sheet into its header and numbered rows.

    Parameters
    ----------
    source : bytes
        The file's contents (XLSX is recognised by its first bytes or by
        ``name``).
    name : str
        The file's name.

    Returns
    -------
    tuple
        The header (each cell through :func:`key`) and ``(line, cells)`` for
        each row that is not blank.

    Raises
    ------
    SheetError
        For an empty, binary or unreadable file.
    """
    table = read_cells(source, name)
    start = 0
    while start < len(table) and not any(text(c) for c in table[start]):
        start += 1
    if start == len(table):
        raise SheetError([Problem(1, "", "the file is empty")])
    header = [key(text(c)) for c in table[start]]
    rows = [
        (number, cells)
        for number, cells in enumerate(table[start + 1 :], start=start + 2)
        if any(text(c) for c in cells)
    ]
    return header, rows


def open_sheet(
    source: str | Path | bytes,
    name: str = "",
    *,
    columns: Sequence[str],
    required: Sequence[str | tuple[str, ...]],
    also: Sequence[str] = (),
) -> tuple[list[str], list[tuple[int, list[object]]], Cells]:
    r"""Read a sheet and check its header, for the readers of each kind of file.

    Parameters
    ----------
    source : path or bytes
        The file, or its contents (then ``name`` tells an XLSX by its
        extension; XLSX is also recognised by its first bytes).
    name : str
        The file's name, for bytes.
    columns : sequence of str
        The columns of the template (named in messages).
    required : sequence
        Columns that must be there; a tuple is a choice ("uprn or postcode").
    also : sequence of str
        Other columns accepted without complaint (an export's extra columns).

    Returns
    -------
    tuple
        The header, the numbered rows (as :func:`read_rows`) and a
        :class:`Cells` for them, holding a problem for each unknown column.

    Raises
    ------
    SheetError
        For an empty or unreadable file, or missing columns.

    >>> header, rows, cells = open_sheet(b"a,b,x\n1,2,3\n", columns=["a", "b"], required=["a"])
    >>> rows, [str(p) for p in cells.problems]
    ([(2, ['1', '2', '3'])], ['line 1: unknown column x (expected a, b)'])
    >>> open_sheet(b"b\n2\n", columns=["a", "b"], required=[("a", "c")])
    Traceback (most recent call last):
    hearthcore.sheets.SheetError: line 1: the header has no a or c column (expected a, b)
    """
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        raw, name = path.read_bytes(), name or path.name
    header, rows = read_rows(raw, name)
    expected = ", ".join(columns)
    missing = [
        " or ".join(need) if isinstance(need, tuple) else need
        for need in required
        if not any(c in header for c in ((need,) if isinstance(need, str) else need))
    ]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise SheetError(
            [
                Problem(
                    1,
                    "",
                    f"the header has no {', '.join(missing)} column{plural} "
                    f"(expected {expected})",
                )
            ]
        )
    cells = Cells(header)
    known = {*columns, *also}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        cells.problem(
            1, "", f"unknown column {', '.join(unknown)} (expected {expected})"
        )
    return header, rows, cells


def parse_choice(
    value: str, choices: Mapping[str, object], synonyms: Mapping[str, str] | None = None
) -> str | None:
    """Return the key of ``choices`` that ``value`` names, or None.

    Keys and labels (a label may be a tuple whose first item is the label)
    match ignoring case, spaces, hyphens and underscores; ``synonyms`` maps
    other words (already through :func:`key`) to keys.

    >>> parse_choice("In Progress", {"in_progress": "In progress"})
    'in_progress'
    >>> parse_choice("maybe", {"in_progress": "In progress"}) is None
    True
    """
    wanted = key(value)
    for choice, label in choices.items():
        title = label[0] if isinstance(label, tuple) else str(label)
        if wanted in (key(choice), key(title)):
            return choice
    if synonyms and wanted in synonyms:
        return synonyms[wanted]
    return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Cells:
    """Typed reads from the rows of one sheet, collecting problems."""

    header: list[str]
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._position = {name: i for i, name in reversed(list(enumerate(self.header)))}

    def problem(self, line: int, column: str, message: str) -> None:
        """Record a problem."""
        self.problems.append(Problem(line, column, message))

    def has(self, column: str) -> bool:
        """Return whether the sheet has this column."""
        return column in self._position

    def raw(self, cells: Sequence[object], column: str) -> object:
        """Return a cell as it is (None when the row is short)."""
        index = self._position.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    def text(
        self, line: int, cells: Sequence[object], column: str, *, required: bool = False
    ) -> str:
        """Return a cell as text; an empty required cell is a problem."""
        value = text(self.raw(cells, column))
        if required and not value:
            self.problem(line, column, "is empty")
        return value

    def date(
        self, line: int, cells: Sequence[object], column: str, *, required: bool = False
    ) -> date | None:
        """Return a YYYY-MM-DD (or real XLSX) date; anything else is a problem."""
        value = self.raw(cells, column)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(line, column, "is empty (use YYYY-MM-DD)")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        shown = str(value).strip()
        if _ISO_DATE.fullmatch(shown):
            try:
                return date.fromisoformat(shown)
            except ValueError:
                pass
        self.problem(line, column, f"{shown!r} is not a date (use YYYY-MM-DD)")
        return None

    def count(
        self,
        line: int,
        cells: Sequence[object],
        column: str,
        *,
        required: bool = False,
        maximum: float | None = None,
    ) -> int | None:
        """Return a whole number of at least 0 (and at most ``maximum``)."""
        value = self.raw(cells, column)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(line, column, "is empty")
            return None
        shown = str(value).strip()
        try:
            number = float(shown.removesuffix("%").strip())
        except ValueError:
            number = float("nan")
        if not number == number or number < 0 or not number.is_integer():
            self.problem(line, column, f"{shown!r} is not a whole number of at least 0")
            return None
        if maximum is not None and number > maximum:
            self.problem(line, column, f"{shown!r} is more than {maximum:g}")
            return None
        return int(number)
