from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.areas.tests.factories import build_england
from hearth.assets.models import Asset

from .factories import make_asset


@pytest.fixture
def register(db):
    build_england()
    return {
        "hall": make_asset(
            0,
            name="Moor Hall",
            five_ways=["connect"],
            cost="free",
            opening_hours="24/7",
        ),
        "library": make_asset(
            2,
            name="Chorley Library",
            category="library",
            cost="paid",
            opening_hours="off",
        ),
        "refuge": make_asset(
            1,
            name="Safe House",
            category="support-service",
            sensitive=True,
            address="1 Secret Street",
            postcode="PR7 1AA",
        ),
        "draft": make_asset(3, name="Draft Centre", status=Asset.Status.DRAFT),
        "stale": make_asset(
            3,
            name="Stale Centre",
            last_verified=datetime.date(2020, 1, 1),
            review_due=datetime.date(2020, 7, 1),
            expires=datetime.date(2021, 1, 1),
        ),
        "preston": make_asset(6, name="Preston Hub"),
    }


def _names(response) -> list[str]:
    return [f["properties"]["name"] for f in json.loads(response.content)["features"]]


def test_the_public_sees_published_unexpired_assets_of_the_authority(register, client):
    body = client.get(reverse("assets:map")).content.decode()
    assert "Moor Hall" in body and "Chorley Library" in body
    assert (
        "Draft Centre" not in body
        and "Stale Centre" not in body
        and "Preston Hub" not in body
    )
    data = client.get(reverse("assets:map-data"), {"lad": "E07000118"})
    assert sorted(_names(data)) == ["Chorley Library", "Moor Hall", "Safe House"]
    assert (
        client.get(reverse("assets:detail", args=[register["draft"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("assets:detail", args=[register["stale"].pk])).status_code
        == 404
    )


def test_sensitive_assets_show_only_an_approximate_location(register, client):
    data = json.loads(client.get(reverse("assets:map-data")).content)
    refuge = next(
        f for f in data["features"] if f["properties"]["name"] == "Safe House"
    )
    lon, lat = refuge["geometry"]["coordinates"]
    assert (lon, lat) == (
        round(register["refuge"].lon, 2),
        round(register["refuge"].lat, 2),
    )
    assert (
        refuge["properties"]["address"] == ""
        and refuge["properties"]["postcode"] == "PR7"
    )
    page = client.get(
        reverse("assets:detail", args=[register["refuge"].pk])
    ).content.decode()
    assert "Secret Street" not in page and "Approximate location" in page
    csv = body_of(client.get(reverse("assets:export", args=["csv"]))).decode(
        "utf-8-sig"
    )
    assert "Secret Street" not in csv


def test_filters(register, client):
    url = reverse("assets:map-data")
    assert _names(client.get(url, {"category": "library"})) == ["Chorley Library"]
    assert _names(client.get(url, {"five_ways": "connect"})) == ["Moor Hall"]
    assert _names(client.get(url, {"cost": "free"})) == ["Moor Hall"]
    assert _names(client.get(url, {"open_now": "on"})) == ["Moor Hall"]
    assert client.get(url, {"category": "nonsense"}).status_code == 400
    near = client.get(reverse("assets:map"), {"near": "PR7 1DP"}).content.decode()
    # Moor Hall is in the postcode's own LSOA, so it comes first.
    assert (
        near.index("Moor Hall") < near.index("Chorley Library")
        and "metres away" in near
    )
    unknown = client.get(reverse("assets:map"), {"near": "ZZ9 9ZZ"}).content.decode()
    assert "govuk-error-summary" in unknown


def test_exports_open_in_excel_and_qgis(register, client, tmp_path):
    csv = client.get(reverse("assets:export", args=["csv"]), {"lad": "E07000118"})
    text = body_of(csv).decode("utf-8")
    assert (
        text.startswith("\ufeffid,name,")
        and "Moor Hall" in text
        and "Preston Hub" not in text
    )
    geojson = json.loads(
        body_of(client.get(reverse("assets:export", args=["geojson"])))
    )
    assert len(geojson["features"]) == 4  # every published, unexpired, located asset
    gpkg = client.get(reverse("assets:export", args=["gpkg"]))
    path = tmp_path / "assets.gpkg"
    path.write_bytes(body_of(gpkg))
    from pyogrio import read_info

    assert read_info(path)["features"] == 4
    bad = client.get(reverse("assets:export", args=["xls"]))
    assert bad.status_code == 400 and "choose csv" in bad.json()["detail"]


def test_an_outline_of_wards_for_the_map(register, client):
    data = client.get(reverse("assets:outline", args=["E07000118"])).json()
    assert data["type"] == "FeatureCollection"


def test_expired_records_come_back_when_verified(register, client, personas):
    stale = register["stale"]
    client.force_login(personas.olivia)
    review = client.get(reverse("assets:review")).content.decode()
    assert "Stale Centre" in review and "Hidden" in review
    client.post(reverse("assets:verify", args=[stale.pk]))
    stale.refresh_from_db()
    assert stale.last_verified == timezone.localdate() and not stale.expired
    client.logout()
    assert "Stale Centre" in _names(client.get(reverse("assets:map-data")))


def test_the_api_lists_public_assets_and_explains_bad_requests(register, client):
    data = client.get(
        "/api/v1/assets", {"lad": "E07000118", "category": "library"}
    ).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Chorley Library"]
    bad = client.get("/api/v1/assets", {"lad": "E07000118", "category": "castle"})
    assert bad.status_code == 400 and bad.json()["error"] == "unknown_category"
    assert client.get("/api/v1/assets").status_code == 422  # lad is required
    assert "/api/v1/assets" in client.get("/api/v1/openapi.json").json()["paths"]


def body_of(response) -> bytes:
    """A response's body, whether streamed (prepared files) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
