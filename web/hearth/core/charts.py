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


def scatter_svg(
    points: list[tuple[float, float, str, bool]],
    *,
    title: str,
    x_label: str,
    y_label: str,
) -> str:
    """A scatter chart: (x, y, label, highlighted) per point.

    Highlighted points are drawn as filled red squares, others as hollow
    blue circles, so the difference does not rest on colour alone.
    """
    width, height, left, bottom, pad = 640, 400, 70, 50, 20
    xs = [p[0] for p in points if math.isfinite(p[0]) and math.isfinite(p[1])]
    ys = [p[1] for p in points if math.isfinite(p[0]) and math.isfinite(p[1])]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'class="hearth-chart" role="img" aria-labelledby="scatter-title scatter-desc">',
        f'<title id="scatter-title">{escape(title)}</title>',
        f'<desc id="scatter-desc">{len(xs)} areas; {sum(1 for p in points if p[3])} highlighted. '
        "The table below has every figure.</desc>",
    ]
    if not xs:
        parts.append("</svg>")
        return "".join(parts)
    x_max = max(xs) or 1.0
    y_max = max(ys) or 1.0
    plot_w, plot_h = width - left - pad, height - bottom - pad

    def sx(v: float) -> float:
        return left + plot_w * v / x_max

    def sy(v: float) -> float:
        return pad + plot_h * (1 - v / y_max)

    parts.append(
        f'<line x1="{left}" y1="{pad + plot_h}" x2="{left + plot_w}" y2="{pad + plot_h}" stroke="#0b0c0c"/>'
        f'<line x1="{left}" y1="{pad}" x2="{left}" y2="{pad + plot_h}" stroke="#0b0c0c"/>'
        f'<text x="{left + plot_w / 2}" y="{height - 10}" font-size="14" text-anchor="middle">{escape(x_label)}</text>'
        f'<text x="16" y="{pad + plot_h / 2}" font-size="14" text-anchor="middle" '
        f'transform="rotate(-90 16 {pad + plot_h / 2})">{escape(y_label)}</text>'
        f'<text x="{left}" y="{pad + plot_h + 18}" font-size="12" text-anchor="middle">0</text>'
        f'<text x="{left + plot_w}" y="{pad + plot_h + 18}" font-size="12" text-anchor="middle">{x_max:,.0f}</text>'
        f'<text x="{left - 6}" y="{pad + 4}" font-size="12" text-anchor="end">{y_max:,.1f}</text>'
    )
    for x, y, label, highlight in points:
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        if highlight:
            parts.append(
                f'<rect x="{sx(x) - 5:.1f}" y="{sy(y) - 5:.1f}" width="10" height="10" fill="#d4351c">'
                f"<title>{escape(label)}</title></rect>"
            )
        else:
            parts.append(
                f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="5" fill="none" stroke="#1d70b8" stroke-width="2">'
                f"<title>{escape(label)}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)
