"""Login throttling: lock sign-in after repeated failures.

Failures are counted per username and per client address in the shared
cache (a database table, so every worker process sees the same counts).
Keys are hashed so that the cache never holds usernames.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

# One address may try several usernames (an office behind one NAT), so it
# gets a larger allowance than a single username.
_ADDRESS_MULTIPLIER = 4


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    limit = settings.HEARTH_LOGIN_FAILURE_LIMIT
    return [
        (_key("user", username.strip().lower()), limit),
        (_key("addr", address), limit * _ADDRESS_MULTIPLIER),
    ]


def is_locked(username: str, address: str) -> bool:
    """Return True if sign-in is locked for this username or address."""
    return any(cache.get(key, 0) >= limit for key, limit in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    timeout = settings.HEARTH_LOGIN_LOCKOUT_SECONDS
    for key, _limit in _keys(username, address):
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout)


def reset(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0][0])
