"""Sign-in throttling keys on the real client behind trusted proxies."""

from __future__ import annotations

from django.urls import reverse

from hearth.core.testing import PASSWORD


def _fail(client, address: str, username: str = "anna") -> None:
    client.post(
        reverse("accounts:sign-in"),
        {"username": username, "password": "wrong"},
        HTTP_X_FORWARDED_FOR=address,
    )


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(
    personas, client, settings
):
    settings.HEARTH_TRUSTED_PROXIES = 1
    settings.HEARTH_LOGIN_FAILURE_LIMIT = 2
    # 8 failures (4 x the limit) from one address, for different usernames.
    for name in ("a", "b", "c", "d", "e", "f", "g", "h"):
        _fail(client, "203.0.113.7", name)
    blocked = client.post(
        reverse("accounts:sign-in"),
        {"username": "anna", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert "Too many failed attempts" in blocked.content.decode()
    other = client.post(
        reverse("accounts:sign-in"),
        {"username": "anna", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302


def test_without_trusted_proxies_a_forwarded_header_is_ignored(
    personas, client, settings
):
    settings.HEARTH_TRUSTED_PROXIES = 0
    settings.HEARTH_LOGIN_FAILURE_LIMIT = 1
    for name in ("a", "b", "c", "d"):
        _fail(client, f"198.51.100.{len(name)}{name}", name)
    # All four came from the test client's one socket address.
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "zed", "password": "x"},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert "Too many failed attempts" in response.content.decode()
