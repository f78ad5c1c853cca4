"""Atomic counters for throttles (sign-in failures, residents' suggestions).

Keys are hashed, so the table never holds a username or an address.
"""

from __future__ import annotations

import hashlib
import time

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import RateCounter


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:40]
    return f"{scope[:30]}:{digest}"


def _window(seconds: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(now // seconds) * seconds


@transaction.atomic
def add(scope: str, identity: str, *, window: int, now: float | None = None) -> int:
    """Count one more event in the current window; return the new count.

    The increment is one UPDATE (a row lock on PostgreSQL, the write lock
    on SQLite) in the same transaction as the read, so two requests always
    see different counts.
    """
    key, start = _key(scope, identity), _window(window, now)
    updated = RateCounter.objects.filter(key=key, window=start).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, window=start, count=1)
        except IntegrityError:
            RateCounter.objects.filter(key=key, window=start).update(
                count=F("count") + 1
            )
    if start % (window * 50) == 0:
        # Now and then, forget windows long gone.
        RateCounter.objects.filter(window__lt=start - 2 * window).delete()
    return int(
        RateCounter.objects.filter(key=key, window=start)
        .values_list("count", flat=True)
        .get()
    )


def count(scope: str, identity: str, *, window: int, now: float | None = None) -> int:
    """How many events there have been in the current window."""
    found = (
        RateCounter.objects.filter(
            key=_key(scope, identity), window=_window(window, now)
        )
        .values_list("count", flat=True)
        .first()
    )
    return int(found or 0)


def clear(scope: str, identity: str) -> None:
    RateCounter.objects.filter(key=_key(scope, identity)).delete()
