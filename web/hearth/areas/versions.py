"""The version of the imported data: a cache key that changes on every import.

Kept apart from the figures (no numpy or pandas here), so that anything can
ask for it cheaply.
"""

from __future__ import annotations

from .models import DatasetImport


def data_version() -> int:
    """The id of the latest successful import: a cache key that changes
    whenever any process imports data."""
    latest = (
        DatasetImport.objects.filter(outcome=DatasetImport.Outcome.IMPORTED)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return latest or 0
