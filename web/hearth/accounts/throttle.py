"""Login throttling: lock sign-in after repeated failures.

Failures are counted per username and per client address in an atomic
counter table (hearth.core.ratelimit), so every worker process sees the
same counts and concurrent attempts cannot slip past the limit. Keys are
hashed, so the table never holds usernames or addresses.
"""

from __future__ import annotations

from django.conf import settings

from hearth.core import ratelimit

# One address may try several usernames (an office behind one NAT), so it
# gets a larger allowance than a single username.
_ADDRESS_MULTIPLIER = 4


def _limits(username: str, address: str) -> list[tuple[str, str, int]]:
    limit = settings.HEARTH_LOGIN_FAILURE_LIMIT
    return [
        ("login-user", username.strip().lower(), limit),
        ("login-addr", address, limit * _ADDRESS_MULTIPLIER),
    ]


def is_locked(username: str, address: str) -> bool:
    """Return True if sign-in is locked for this username or address."""
    window = settings.HEARTH_LOGIN_LOCKOUT_SECONDS
    return any(
        ratelimit.count(scope, identity, window=window) >= limit
        for scope, identity, limit in _limits(username, address)
    )


def record_failure(username: str, address: str) -> None:
    window = settings.HEARTH_LOGIN_LOCKOUT_SECONDS
    for scope, identity, _limit in _limits(username, address):
        ratelimit.add(scope, identity, window=window)


def reset(username: str, address: str) -> None:
    ratelimit.clear("login-user", username.strip().lower())
