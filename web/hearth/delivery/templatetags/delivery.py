"""Template filters for the delivery pages."""

from __future__ import annotations

from typing import Any

from django import template

from hearthcore import delivery as core

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (empty when missing)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def postcode(value: str) -> str:
    """A stored postcode as people write it (PR7 1DP)."""
    return core.format_postcode(value or "")


@register.filter
def status_label(value: str) -> str:
    return core.REQUEST_STATUSES.get(value, value)
