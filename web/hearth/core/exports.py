"""Tables people open in Excel: CSV (UTF-8 with a BOM, CRLF) and XLSX.

Every export goes through here so that two rules hold everywhere:

- **No formula injection.** A text cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return would run as a formula in a
  spreadsheet (``=HYPERLINK(…)`` from a resident's suggestion); such cells
  are prefixed with an apostrophe. Numbers stay numbers.
- **Readable numbers.** Floats are written with at most four decimal
  places (and whole numbers without any), not 16 digits of binary noise.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from django.http import HttpResponse

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
DECIMALS = 4


def safe_text(value: str) -> str:
    """Neutralise a text cell a spreadsheet would read as a formula."""
    return "'" + value if value.startswith(_DANGEROUS) else value


def cell(value: Any) -> Any:
    """One cell for CSV or XLSX: numbers as numbers, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        rounded = round(value, DECIMALS)
        return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return cell(value.item())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return safe_text("; ".join(str(v) for v in value))
    return safe_text(str(value))


def _frame_rows(frame: pd.DataFrame) -> tuple[list[str], Iterable[Sequence[Any]]]:
    header = [str(c) for c in frame.columns]
    return header, frame.itertuples(index=False, name=None)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text with a BOM and CRLF line ends; every cell made safe."""
    import csv

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_text(str(h)) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Data"
) -> bytes:
    """An XLSX workbook with one sheet; text is never read as a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([safe_text(str(h)) for h in header])
    for row in rows:
        worksheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return download(csv_text(header, rows), CSV_TYPE, filename)


def xlsx_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Data",
) -> HttpResponse:
    return download(xlsx_bytes(header, rows, sheet=sheet), XLSX_TYPE, filename)


def frame_csv(frame: pd.DataFrame) -> str:
    return csv_text(*_frame_rows(frame))


def frame_response(
    frame: pd.DataFrame, filename: str, fmt: str = "csv"
) -> HttpResponse:
    """Download a DataFrame as CSV or XLSX (``fmt``), made safe."""
    header, rows = _frame_rows(frame)
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)
