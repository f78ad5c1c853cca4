"""Settings come from the environment and fail loudly; production is locked down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hearth.core.env import contrast_ratio, env_bool, env_colour, env_int

WEB = Path(__file__).resolve().parents[3]
PROD = {
    "HEARTH_ENVIRONMENT": "production",
    "HEARTH_SECRET_KEY": "k" * 20 + "-production-secret-for-tests-only-0123456789",
    "HEARTH_ALLOWED_HOSTS": "hearth.chorley.gov.uk",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HEARTH_")
        # Browser tests in the same session set DJANGO_ALLOW_ASYNC_UNSAFE.
        and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=WEB,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PROD)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD.items() if k != "HEARTH_SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "HEARTH_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", **{**PROD, "HEARTH_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_a_malformed_setting_names_the_variable():
    result = _manage("check", HEARTH_DEBUG="maybe")
    assert result.returncode != 0
    assert "HEARTH_DEBUG='maybe'" in result.stderr


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    assert env_bool("X_BOOL", False) is True
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_INT='ten'"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("X_INT", 1, minimum=1)


def test_a_brand_colour_too_light_for_white_text_is_refused(monkeypatch):
    monkeypatch.setenv("X_COLOUR", "#ffdd00")
    with pytest.raises(ImproperlyConfigured, match="contrast"):
        env_colour("X_COLOUR", "#1d70b8")
    monkeypatch.setenv("X_COLOUR", "#00594F")
    assert env_colour("X_COLOUR", "#1d70b8") == "#00594f"
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0


def test_every_page_gets_a_content_security_policy(db, client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_debug_is_refused_in_production():
    result = _manage("check", **{**PROD, "HEARTH_DEBUG": "true"})
    assert result.returncode != 0
    assert "HEARTH_DEBUG must be false" in result.stderr
