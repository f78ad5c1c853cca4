"""Reading untrusted request values safely."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme


def whole_number(data: QueryDict, name: str) -> int | None:
    """A posted id: a whole number, or None for anything else ("abc", "")."""
    value = str(data.get(name, "")).strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go next: the posted ``next`` only if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
