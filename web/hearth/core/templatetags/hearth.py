"""Formatting filters for figures: missing values show as a dash, never "nan"."""

from __future__ import annotations

import math

from django import template

register = template.Library()

DASH = "\u2013"  # shown for a missing figure


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


@register.filter
def share(value: object, places: int = 1) -> str:
    """0.2345 -> "23.5%"."""
    number = _number(value)
    return DASH if number is None else f"{number * 100:.{int(places)}f}%"


@register.filter
def figure(value: object, places: int = 0) -> str:
    """A number with thousands separators and the given decimal places."""
    number = _number(value)
    return DASH if number is None else f"{number:,.{int(places)}f}"


@register.filter
def signed(value: object, places: int = 1) -> str:
    """A change with its sign: +2.1 or minus 0.4 (with a minus sign)."""
    number = _number(value)
    if number is None:
        return DASH
    text = f"{abs(number):,.{int(places)}f}"
    return f"+{text}" if number > 0 else (f"\u2212{text}" if number < 0 else text)


@register.filter
def pounds(value: object, places: int = 2) -> str:
    """Money: £1,234.50, or a minus sign (U+2212) before the £ for a loss."""
    number = _number(value)
    if number is None:
        return DASH
    text = f"£{abs(number):,.{int(places)}f}"
    return f"\u2212{text}" if number < 0 else text


@register.filter
def get_item(mapping: object, key: object) -> object:
    """Look a key up in a mapping: {{ labels|get_item:group }}."""
    if isinstance(mapping, dict):
        return mapping.get(key, key)
    return key
