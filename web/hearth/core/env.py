"""Typed readers for settings from the environment that fail loudly.

Hearth reads every setting and secret from the environment (12-factor); a
missing or malformed value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={raw!r}: use true or false.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={raw!r}: expected a whole number."
        ) from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value!r}: expected one of {', '.join(choices)}."
        )
    return value


def env_colour(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if not _HEX_COLOUR.match(value):
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value!r}: expected a colour like #1d70b8."
        )
    if contrast_ratio(value, "#ffffff") < 4.5:
        raise ImproperlyConfigured(
            f"{name}={value} is too light for white text (contrast "
            f"{contrast_ratio(value, '#ffffff'):.1f}:1; WCAG 2.2 AA needs 4.5:1)."
        )
    return value.lower()


def env_path(name: str, default: Path | None) -> Path | None:
    raw = os.environ.get(name)
    if raw:
        return Path(raw).expanduser().resolve()
    return default


def _relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio between two #rrggbb colours."""
    a, b = sorted(
        (_relative_luminance(first), _relative_luminance(second)), reverse=True
    )
    return (a + 0.05) / (b + 0.05)
