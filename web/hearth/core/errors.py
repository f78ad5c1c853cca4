"""Errors every app raises: a domain rule broken, or a bad API request."""

from __future__ import annotations


class DomainError(ValueError):
    """A use case cannot go ahead; the message says why, in plain English."""


class ApiError(Exception):
    """An API request that gets a documented 4xx JSON answer.

    The body is ``{"status": …, "error": …, "detail": …}`` (see the API
    assembly in ``hearth.public.api``).
    """

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail
