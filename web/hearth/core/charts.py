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


def _ticks(high: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``high``."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def scatter_svg(
    points: list[tuple[float, float, str, bool]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    x_range: tuple[float, float] | None = None,
    x_line: float | None = None,
    y_line: float | None = None,
    legend: tuple[str, str] = ("Highlighted", "Other areas"),
) -> str:
    """A scatter chart: (x, y, label, highlighted) per point.

    Highlighted points are drawn as filled red squares, others as hollow
    blue circles, so the difference does not rest on colour alone. Axes
    have round ticks; ``x_range`` fixes the x axis (0 to 100 for
    percentiles); ``x_line``/``y_line`` draw dashed thresholds.
    """
    width, height, left, bottom, pad, top = 640, 430, 70, 50, 20, 50
    finite = [p for p in points if math.isfinite(p[0]) and math.isfinite(p[1])]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'class="hearth-chart" role="img" aria-labelledby="scatter-title scatter-desc">',
        f'<title id="scatter-title">{escape(title)}</title>',
        f'<desc id="scatter-desc">{len(finite)} areas; {sum(1 for p in finite if p[3])} '
        f"{escape(legend[0].lower())}. The table below has every figure.</desc>",
    ]
    if not finite:
        parts.append("</svg>")
        return "".join(parts)
    x_low, x_high = x_range or (0.0, max(p[0] for p in finite) or 1.0)
    y_ticks = _ticks(max(max(p[1] for p in finite), y_line or 0.0) or 1.0)
    y_high = y_ticks[-1]
    x_ticks = (
        [x_low + (x_high - x_low) * k / 4 for k in range(5)]
        if x_range
        else _ticks(x_high)
    )
    x_high = x_ticks[-1] if not x_range else x_high
    plot_w, plot_h = width - left - pad, height - bottom - top

    def sx(v: float) -> float:
        return left + plot_w * (v - x_low) / ((x_high - x_low) or 1.0)

    def sy(v: float) -> float:
        return top + plot_h * (1 - v / (y_high or 1.0))

    base = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#0b0c0c"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#0b0c0c"/>'
        f'<text x="{left + plot_w / 2}" y="{height - 10}" font-size="14" text-anchor="middle">{escape(x_label)}</text>'
        f'<text x="16" y="{top + plot_h / 2}" font-size="14" text-anchor="middle" '
        f'transform="rotate(-90 16 {top + plot_h / 2})">{escape(y_label)}</text>'
    )
    for tick in x_ticks:
        parts.append(
            f'<line x1="{sx(tick):.1f}" y1="{base}" x2="{sx(tick):.1f}" y2="{base + 5}" stroke="#0b0c0c"/>'
            f'<text x="{sx(tick):.1f}" y="{base + 20}" font-size="12" text-anchor="middle">{tick:,.0f}</text>'
        )
    for tick in y_ticks:
        label = f"{tick:,.1f}" if y_high < 10 else f"{tick:,.0f}"
        parts.append(
            f'<line x1="{left - 5}" y1="{sy(tick):.1f}" x2="{left}" y2="{sy(tick):.1f}" stroke="#0b0c0c"/>'
            f'<text x="{left - 8}" y="{sy(tick) + 4:.1f}" font-size="12" text-anchor="end">{label}</text>'
        )
    if x_line is not None and x_low <= x_line <= x_high:
        parts.append(
            f'<line x1="{sx(x_line):.1f}" y1="{top}" x2="{sx(x_line):.1f}" y2="{base}" '
            'stroke="#505a5f" stroke-dasharray="6 4"/>'
        )
    if y_line is not None and 0 <= y_line <= y_high:
        parts.append(
            f'<line x1="{left}" y1="{sy(y_line):.1f}" x2="{left + plot_w}" y2="{sy(y_line):.1f}" '
            'stroke="#505a5f" stroke-dasharray="6 4"/>'
        )
    for x, y, label, highlight in finite:
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
    # Legend, above the plot.
    parts.append(
        f'<rect x="{left}" y="14" width="10" height="10" fill="#d4351c"/>'
        f'<text x="{left + 16}" y="24" font-size="13">{escape(legend[0])}</text>'
        f'<circle cx="{left + 265}" cy="19" r="5" fill="none" stroke="#1d70b8" stroke-width="2"/>'
        f'<text x="{left + 276}" y="24" font-size="13">{escape(legend[1])}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def paired_bars_svg(
    rows: list[tuple[str, float | None, float | None, bool]],
    *,
    title: str,
    legend: tuple[str, str],
    chart_id: str = "bars",
) -> str:
    """Horizontal paired bars: (label, first share, second share, flagged).

    Each row has two bars from 0 to 100%: the first solid blue, the second
    outlined black with diagonal hatching, so they differ without colour.
    Flagged rows have their label in bold with a "!" marker. Missing shares
    draw no bar. The page shows the same figures in a table.
    """
    width, left, bar, gap, top = 500, 140, 14, 12, 44
    plot = width - left - 60
    height = top + len(rows) * (2 * bar + gap) + 30
    desc = "; ".join(
        f"{label}: "
        + ", ".join(
            f"{name} {'no data' if value is None else f'{value * 100:.0f}%'}"
            for name, value in zip(legend, (a, b), strict=True)
        )
        + (" (under-represented)" if flagged else "")
        for label, a, b, flagged in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="hearth-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#0b0c0c" '
        'stroke-width="2"/></pattern></defs>',
        f'<rect x="{left}" y="10" width="14" height="14" fill="#1d70b8"/>'
        f'<text x="{left + 20}" y="22" font-size="13">{escape(legend[0])}</text>'
        f'<rect x="{left + 170}" y="10" width="14" height="14" fill="url(#{chart_id}-hatch)" '
        'stroke="#0b0c0c"/>'
        f'<text x="{left + 190}" y="22" font-size="13">{escape(legend[1])}</text>',
    ]
    biggest = max([v for _l, a, b, _f in rows for v in (a, b) if v is not None] + [0.0])
    scale = 1.0 if biggest > 0.5 else 0.5
    for tick in (0.0, scale / 2, scale):
        x = left + plot * tick / scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 24}" '
            'stroke="#b1b4b6"/>'
            f'<text x="{x:.1f}" y="{height - 8}" font-size="12" text-anchor="middle">'
            f"{tick * 100:.0f}%</text>"
        )
    for index, (label, first, second, flagged) in enumerate(rows):
        y = top + index * (2 * bar + gap)
        weight = ' font-weight="700"' if flagged else ""
        parts.append(
            f'<text x="{left - 8}" y="{y + bar + 4}" font-size="13" text-anchor="end"{weight}>'
            f"{'! ' if flagged else ''}{escape(label)}</text>"
        )
        for offset, value, fill, stroke in (
            (0, first, "#1d70b8", "none"),
            (bar, second, f"url(#{chart_id}-hatch)", "#0b0c0c"),
        ):
            if value is None:
                continue
            length = plot * min(value, scale) / scale
            parts.append(
                f'<rect x="{left}" y="{y + offset}" width="{length:.1f}" height="{bar - 1}" '
                f'fill="{fill}" stroke="{stroke}"/>'
                f'<text x="{left + length + 4:.1f}" y="{y + offset + bar - 3}" font-size="11">'
                f"{value * 100:.0f}%</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
