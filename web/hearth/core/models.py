"""Small shared tables: atomic counters for throttles."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """How often a (hashed) key was seen in one time window.

    Incremented with an UPDATE ... SET count = count + 1 inside a
    transaction, so concurrent requests can never all read "under the
    limit" (a cache's get-then-set can be raced).
    """

    key = models.CharField(max_length=80)
    window = models.BigIntegerField(help_text="Start of the window (Unix seconds)")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="unique_rate_window")
        ]
        indexes = [models.Index(fields=["window"])]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window}: {self.count}"
