"""Server-drawn SVG for the event pages: the report's bar chart and the
residents' map. No script, so they print and the CSP stays strict; each
sits beside a table with the same figures (WCAG 1.1.1, 1.4.1)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from html import escape
from typing import Any

BLUE, PALE, INK, GREY = "#1d70b8", "#b9d4ec", "#0b0c0c", "#505a5f"


def bars_svg(rows: Sequence[tuple[str, int, int]], *, title: str) -> str:
    """Horizontal bars of requests per service: the done part dark, the rest pale.

    Each bar is labelled with its figures in words ("150 requests, 120
    done"), so the split does not rely on colour.
    """
    if not rows:
        return ""
    label_width, bar_width, row_height = 300, 360, 34
    height = row_height * len(rows) + 50
    width = label_width + bar_width + 170
    top = max(1, max(total for _l, total, _d in rows))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'class="hearth-chart" role="img" aria-labelledby="bars-title bars-desc">',
        f'<title id="bars-title">{escape(title)}</title>',
        '<desc id="bars-desc">'
        + escape(
            "; ".join(
                f"{label}: {total} requests, {done} done" for label, total, done in rows
            )
        )
        + "</desc>",
    ]
    for index, (label, total, done) in enumerate(rows):
        y = 10 + index * row_height
        whole = bar_width * total / top
        part = bar_width * done / top
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" font-size="14" fill="{INK}">'
            f"{escape(label if len(label) <= 42 else label[:40] + '…')}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{whole:.1f}" height="20" fill="{PALE}" stroke="{BLUE}"/>'
        )
        if done:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{part:.1f}" height="20" fill="{BLUE}"/>'
            )
        parts.append(
            f'<text x="{label_width + whole + 6:.1f}" y="{y + 18}" font-size="14" fill="{INK}">'
            f"{total} ({done} done)</text>"
        )
    key_y = height - 22
    parts.append(
        f'<rect x="{label_width}" y="{key_y}" width="14" height="14" fill="{BLUE}"/>'
        f'<text x="{label_width + 20}" y="{key_y + 12}" font-size="13" fill="{INK}">Done</text>'
        f'<rect x="{label_width + 80}" y="{key_y}" width="14" height="14" fill="{PALE}" stroke="{BLUE}"/>'
        f'<text x="{label_width + 100}" y="{key_y + 12}" font-size="13" fill="{INK}">Not done yet, declined or no access</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def map_svg(
    areas: Sequence[tuple[str, str]],
    venues: Sequence[tuple[int, str, float, float]],
    *,
    title: str,
) -> str:
    """A printable map: the target LSOAs' outlines and the venues, numbered.

    ``areas`` are (name, GeoJSON geometry text); ``venues`` (number, name,
    longitude, latitude). Longitude is scaled by the cosine of the latitude
    so the shapes are not stretched. Empty when there is nothing to draw.
    """
    shapes = []
    for name, text in areas:
        try:
            rings = _rings(json.loads(text)) if text else []
        except (ValueError, TypeError):
            rings = []
        if rings:
            shapes.append((name, rings))
    points = [
        (n, name, lon, lat)
        for n, name, lon, lat in venues
        if lon is not None and lat is not None
    ]
    xs = [p[0] for _n, rings in shapes for ring in rings for p in ring] + [
        p[2] for p in points
    ]
    ys = [p[1] for _n, rings in shapes for ring in rings for p in ring] + [
        p[3] for p in points
    ]
    if not xs:
        return ""
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    scale_x = math.cos(math.radians((north + south) / 2))
    span_x = max((east - west) * scale_x, 0.004)
    span_y = max(north - south, 0.004)
    width = 640.0
    height = max(240.0, min(720.0, width * span_y / span_x))
    pad = 24.0
    kx = (width - 2 * pad) / span_x
    ky = (height - 2 * pad) / span_y
    k = min(kx, ky)
    off_x = (width - k * span_x) / 2
    off_y = (height - k * span_y) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return off_x + (lon - west) * scale_x * k, off_y + (north - lat) * k

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        'class="hearth-chart hearth-event-map" role="img" aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{escape(title)}</title>',
        '<desc id="map-desc">'
        + escape(
            "The area the event covers"
            + (f" ({', '.join(n for n, _r in shapes)})" if shapes else "")
            + ". Venues: "
            + (
                "; ".join(f"{n}. {name}" for n, name, _x, _y in points)
                or "none on the map"
            )
            + "."
        )
        + "</desc>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    for _name, rings in shapes:
        for ring in rings:
            path = " ".join(
                f"{x:.1f},{y:.1f}" for x, y in (project(p[0], p[1]) for p in ring)
            )
            parts.append(
                f'<polygon points="{path}" fill="#f3f2f1" stroke="{GREY}" stroke-width="1.5"/>'
            )
    for number, _name, lon, lat in points:
        x, y = project(lon, lat)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="#ffffff" stroke="{INK}" stroke-width="3"/>'
            f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" font-size="14" font-weight="bold" fill="{INK}">{number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
