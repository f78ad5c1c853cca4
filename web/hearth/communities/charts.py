"""Server-drawn SVG charts: no script, so they print, and CSP stays strict.

Every chart is paired with a data table on the page; the SVG has a title
and description for screen readers, and series differ by line style as
well as colour (WCAG 1.4.1, use of colour).
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

# GOV.UK colours with enough contrast against white (3:1 for graphics).
STYLES = [
    ("#1d70b8", "", 3.0),  # blue, solid
    ("#d4351c", "8 4", 2.5),  # red, dashed
    ("#0b0c0c", "2 4", 2.5),  # black, dotted
]


def radar_svg(table: pd.DataFrame, *, title: str, maximum: float = 100.0) -> str:
    """A radar ("spider") chart of each column of ``table`` over its rows.

    Rows are the axes (e.g. deprivation domains), columns the series (e.g.
    the community, its authority and England), values 0 to ``maximum``.
    """
    axes = [str(i) for i in table.index]
    n = len(axes)
    size, centre, radius = 560, 280, 170
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        'class="hearth-chart" role="img" aria-labelledby="radar-title radar-desc">',
        f'<title id="radar-title">{escape(title)}</title>',
        '<desc id="radar-desc">'
        + escape(
            "; ".join(
                f"{axis}: "
                + ", ".join(
                    f"{col} {table.loc[axis, col]:.0f}" for col in table.columns
                )
                for axis in table.index
            )
        )
        + "</desc>",
    ]
    if n < 3:
        parts.append("</svg>")
        return "".join(parts)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(value, maximum)) / maximum
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    for ring in (25, 50, 75, 100):
        ring_points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n))
        )
        parts.append(
            f'<polygon points="{ring_points}" fill="none" stroke="#b1b4b6" stroke-width="1"/>'
        )
        x, y = point(0, ring)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" font-size="13" fill="#505a5f">{ring}</text>'
        )
    for i, axis in enumerate(axes):
        x, y = point(i, maximum)
        parts.append(
            f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#b1b4b6"/>'
        )
        lx, ly = point(i, maximum * 1.12)
        anchor = (
            "middle" if abs(lx - centre) < 20 else ("start" if lx > centre else "end")
        )
        words = axis.split()
        lines = (
            [
                " ".join(words[: (len(words) + 1) // 2]),
                " ".join(words[(len(words) + 1) // 2 :]),
            ]
            if len(axis) > 18
            else [axis]
        )
        if ly < centre:
            ly -= 16 * (len(lines) - 1)
        for k, line in enumerate(lines):
            parts.append(
                f'<text x="{lx:.1f}" y="{ly + 16 * k:.1f}" font-size="16" '
                f'text-anchor="{anchor}" fill="#0b0c0c">{escape(line)}</text>'
            )
    for k, series in enumerate(table.columns):
        colour, dash, width = STYLES[k % len(STYLES)]
        coords = " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (
                point(i, float(v) if pd.notna(v) else 0.0)
                for i, v in enumerate(table[series])
            )
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polygon points="{coords}" fill="{colour}" fill-opacity="{0.12 if k == 0 else 0}" '
            f'stroke="{colour}" stroke-width="{width}"{dash_attr}/>'
        )
    # Legend.
    for k, series in enumerate(table.columns):
        colour, dash, width = STYLES[k % len(STYLES)]
        y = size - 60 + 20 * k
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="20" y1="{y}" x2="60" y2="{y}" stroke="{colour}" '
            f'stroke-width="{width}"{dash_attr}/>'
            f'<text x="68" y="{y + 4}" font-size="16" fill="#0b0c0c">{escape(str(series))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
