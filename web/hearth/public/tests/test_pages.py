from __future__ import annotations

from django.test import override_settings


def test_the_home_page_names_the_council(db, client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chorley Council" in response.content.decode()
    assert "govuk-skip-link" in response.content.decode()


@override_settings(HEARTH_BRAND_COLOUR="#00594f")
def test_the_theme_uses_the_colour_from_settings(db, client):
    response = client.get("/theme.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--govuk-brand-colour: #00594f" in response.content.decode()


def test_the_health_check_reaches_the_database(db, client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_a_missing_page_gets_a_govuk_404(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_no_page_uses_the_gds_transport_font_or_crown(db, client, settings):
    from pathlib import Path

    css = (
        Path(settings.WEB_DIR) / "static_build" / "hearth" / "hearth.css"
    ).read_text()
    assert "GDS Transport" not in css
    assert "govuk-logo" not in client.get("/").content.decode()


def test_the_health_check_reports_the_data_version(db, client):
    from hearth.areas.tests.factories import build_england

    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": client.get("/healthz").json()["database"],
        "data_version": 0,
        "last_import": None,
        "datasets": 0,
    }
    build_england()
    from hearth.areas.models import DatasetImport

    DatasetImport.objects.create(
        kind="iod2025", source_file="x.csv", outcome="imported", by="t"
    )
    body = client.get("/healthz").json()
    assert body["data_version"] > 0 and body["last_import"] and body["datasets"] == 1


def test_the_health_check_says_503_when_the_database_is_down(db, client, monkeypatch):
    from django.db import DatabaseError

    from hearth.public import views

    class Down:
        vendor = "postgresql"

        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"
