"""Read the spreadsheets people send: CSV (any common encoding) or XLSX.

Councils and partners keep lists in Excel and save them as CSV in whatever
encoding Excel chooses (UTF-8 with a byte-order mark, Windows cp1252, or
UTF-16 for "Unicode text"), or send the workbook itself. :func:`read_cells`
turns any of these into rows of cells, the header first, so that readers of
particular files (plans, household requests) check values, not encodings.
"""

from __future__ import annotations

import csv
import io


class SheetError(ValueError):
    """The file is not a spreadsheet that can be read (the message says why)."""


def decode(raw: bytes) -> str:
    r"""Decode CSV bytes: UTF-16 with a BOM, UTF-8 (BOM or not), else cp1252.

    Parameters
    ----------
    raw : bytes
        The file's contents.

    Returns
    -------
    str
        The text, without a byte-order mark.

    Raises
    ------
    SheetError
        If the bytes look binary (a NUL byte early on) rather than text.

    Examples
    --------
    >>> decode("name\r\nCafé".encode("cp1252"))
    'name\r\nCafé'
    >>> decode(b"\xef\xbb\xbfname")
    'name'
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise SheetError("this is not a CSV or XLSX file (it holds binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def cell_text(value: object) -> str:
    """Return a cell as text, white space collapsed (``3.0`` becomes ``3``).

    Examples
    --------
    >>> cell_text("  Smoke   alarm "), cell_text(100023336956.0), cell_text(None)
    ('Smoke alarm', '100023336956', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_cells(raw: bytes, name: str = "") -> list[list[object]]:
    r"""Return a CSV or XLSX file's cells as rows, the header first.

    Parameters
    ----------
    raw : bytes
        The file's contents.
    name : str
        Its name; an XLSX file is recognised by its extension or by its first
        bytes (a ZIP archive).

    Returns
    -------
    list of list
        One list per row. CSV cells are strings; XLSX cells keep their types
        (numbers, dates), and a percentage cell holds its percentage
        (``40`` for a cell showing 40%, which Excel stores as 0.4).

    Raises
    ------
    SheetError
        If the file is binary but not a workbook, or the workbook cannot be
        read.

    Examples
    --------
    >>> read_cells(b"service,status\r\nFlu jab,done\r\n")
    [['service', 'status'], ['Flu jab', 'done']]
    """
    if raw[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
            raise SheetError(f"this XLSX file cannot be read ({error})") from None
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows():
            values: list[object] = []
            for cell in row:
                value = getattr(cell, "value", None)
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
    text = decode(raw)
    return [list(row) for row in csv.reader(io.StringIO(text))]
