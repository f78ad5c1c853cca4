"""The person (or command) on whose behalf the current code is running."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "audit_actor", default=None
)


def current_actor() -> Any:
    return _actor.get()


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute audit events inside the block to `actor` (a user or a label)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)
