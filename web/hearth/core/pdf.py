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


def a4_document(buffer: Any, *, title: str, subject: str) -> Any:
    """An A4 ReportLab document with Hearth's margins and metadata (en-GB)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Hearth",
        subject=subject,
        lang="en-GB",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
