"""Keep personal data out of application logs."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    # e-mail addresses
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    # UK postcodes (full, with or without the space, or as a URL writes the
    # space: PR7+1DP, PR7%201DP)
    (
        re.compile(
            r"\b[A-Z]{1,2}[0-9][A-Z0-9]?(?: |\+|%20)?[0-9][A-Z]{2}\b", re.IGNORECASE
        ),
        "[postcode]",
    ),
    # UK phone numbers
    (re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){8,9}\d(?!\d)"), "[phone]"),
]


def redact(text: str) -> str:
    """Return text with e-mail addresses, postcodes and phone numbers masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPersonalDataFilter(logging.Filter):
    """A logging filter that masks personal data in every record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
