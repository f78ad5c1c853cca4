"""Safe text for ReportLab.

ReportLab's ``Paragraph`` reads its text as markup: ``<img src=…>`` embeds
any file the process can read and a stray ``<b>`` or ``<font name=…>``
raises. Every string that reaches a paragraph goes through ``para()``,
which escapes it, so user and data text is only ever text.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape


def text(value: object) -> str:
    """Return ``value`` as ReportLab paragraph text with markup escaped."""
    return escape(str(value), {'"': "&quot;"})


def para(value: object, style: Any) -> Any:
    """A ReportLab Paragraph of plain (escaped) text."""
    from reportlab.platypus import Paragraph

    return Paragraph(text(value), style)
