"""Who is asking: the client's address, seen through trusted proxies.

Behind a load balancer every request comes from the proxy's address, so
throttles keyed on REMOTE_ADDR would give everyone one shared quota. With
HEARTH_TRUSTED_PROXIES = n, the client is the address the n-th proxy saw:
the n-th entry from the right of X-Forwarded-For (entries further left
can be forged by the client, so they are never believed).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address (REMOTE_ADDR unless proxies are trusted)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.HEARTH_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
