"""A neighbourhood profile as a PDF (A4), drawn with ReportLab.

The web page is the accessible version; the PDF is for papers to a
partnership board. It carries the same figures, tables and sources.
"""

from __future__ import annotations

import io
import math
from datetime import date

import pandas as pd
from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from hearth.core.charts import STYLES
from hearth.core.pdf import a4_document, para
from hearthcore.profile import Profile

SOURCES = (
    "Sources: ONS Census 2021; MHCLG English Indices of Deprivation 2025 and 2019; "
    "ONS 2011 Output Area Classification; ONS Rural-Urban Classification 2021; "
    "ONS LSOA 2011 to 2021 lookup. Open Government Licence v3.0."
)


def _number(value: object, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\u2013"
    number = float(value)  # type: ignore[arg-type]
    if unit == "share":
        return f"{number * 100:.1f}%"
    if unit in {"percentile", "count"}:
        return f"{number:,.0f}"
    return f"{number:,.3f}"


def _table(frame: pd.DataFrame, unit: str, first: str = "Measure") -> Table:
    data = [[first, *[str(c) for c in frame.columns]]]
    for label, row in frame.iterrows():
        data.append([str(label), *[_number(v, unit) for v in row]])
    widths = [80 * mm] + [30 * mm] * len(frame.columns)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _radar(table: pd.DataFrame) -> Drawing:
    size, centre, radius = 150 * mm, 75 * mm, 45 * mm
    drawing = Drawing(size, size * 0.9)
    n = len(table.index)
    cy = centre * 0.9

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        r = radius * max(0.0, min(value, 100.0)) / 100.0
        return centre + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in (25, 50, 75, 100):
        pts = [c for i in range(n) for c in point(i, ring)]
        drawing.add(
            Polygon(pts, strokeColor=colors.HexColor("#b1b4b6"), fillColor=None)
        )
    for i, axis in enumerate(table.index):
        x, y = point(i, 100)
        drawing.add(Line(centre, cy, x, y, strokeColor=colors.HexColor("#b1b4b6")))
        lx, ly = point(i, 118)
        anchor = (
            "middle" if abs(lx - centre) < 5 else ("start" if lx > centre else "end")
        )
        drawing.add(String(lx, ly, str(axis), fontSize=7, textAnchor=anchor))
    for k, series in enumerate(table.columns):
        colour, dash, width = STYLES[k % len(STYLES)]
        pts = [
            c
            for i, v in enumerate(table[series])
            for c in point(i, float(v) if pd.notna(v) else 0.0)
        ]
        drawing.add(
            Polygon(
                pts,
                strokeColor=colors.HexColor(colour),
                strokeWidth=width * 0.6,
                strokeDashArray=[float(d) for d in dash.split()] if dash else None,
                fillColor=None,
            )
        )
        legend_y = size * 0.9 - 6 * mm - k * 4 * mm
        drawing.add(
            Line(
                5 * mm,
                legend_y,
                15 * mm,
                legend_y,
                strokeColor=colors.HexColor(colour),
                strokeWidth=width * 0.6,
                strokeDashArray=[float(d) for d in dash.split()] if dash else None,
            )
        )
        drawing.add(String(17 * mm, legend_y - 1 * mm, str(series), fontSize=7))
    return drawing


def render(result: Profile) -> bytes:
    """Return the profile as PDF bytes."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    selection = result.selection
    doc = a4_document(
        buffer,
        title=f"Neighbourhood profile: {selection.label}",
        subject="Neighbourhood profile",
    )
    story: list[object] = [
        para(f"Neighbourhood profile: {selection.label}", styles["Title"]),
        para(
            f"{len(selection.areas)} LSOA 2021 area(s) set against {selection.lad_name} "
            f"and England. Produced by Hearth on {date.today():%d %B %Y}.",
            styles["Normal"],
        ),
    ]
    if selection.note:
        story.append(para(selection.note, styles["Normal"]))
    story.append(Spacer(1, 4 * mm))
    population = pd.DataFrame({"Residents (Census 2021)": result.population}).T
    story.append(_table(population, "count", first=""))
    if result.radar is not None:
        story.append(
            para(
                "Deprivation domains: average national percentile (100 = most deprived)",
                styles["Heading2"],
            )
        )
        story.append(
            KeepTogether([_radar(result.radar), _table(result.radar, "percentile")])
        )
    if result.resilience:
        r = result.resilience
        text = (
            f"Community resilience index: LSOA ranks from {r['best_rank']:,.0f} to "
            f"{r['worst_rank']:,.0f} of {r['of']:,.0f} (1 = least resilient), median "
            f"{r['median_rank']:,.0f}."
        )
        if "band_low" in r:
            text += (
                f" Allowing for uncertainty in weights and methods, ranks could lie "
                f"between {r['band_low']:,.0f} and {r['band_high']:,.0f}."
            )
        story.append(para("Resilience", styles["Heading2"]))
        story.append(para(text, styles["Normal"]))
    for title, table, unit in result.tables():
        if table is result.radar:
            continue  # drawn above, with its chart
        story.append(para(title, styles["Heading2"]))
        story.append(_table(table, unit))
    if result.neighbours is not None and len(result.neighbours):
        story.append(
            para("Statistical neighbours elsewhere in England", styles["Heading2"])
        )
        frame = result.neighbours.set_index("area_code")[
            ["name", "lad_name", "similarity"]
        ]
        frame.columns = ["LSOA", "Authority", "Similarity"]
        data = [["Code", *frame.columns]] + [
            [code, str(row["LSOA"]), str(row["Authority"]), f"{row['Similarity']:.0f}"]
            for code, row in frame.iterrows()
        ]
        story.append(Table(data, hAlign="LEFT"))
    for note in result.notes:
        story.append(para(note, styles["Italic"]))
    story.append(Spacer(1, 4 * mm))
    story.append(para(SOURCES, styles["Italic"]))
    doc.build(story)
    return buffer.getvalue()
