"""Public pages are cached for visitors who are not signed in, never for staff,
and a new import or an asset edit shows at once."""

from __future__ import annotations

from django.urls import reverse

from hearth.areas.models import DatasetImport
from hearth.areas.tests.factories import CHORLEY, build_england


def test_public_pages_come_from_the_cache_until_the_data_changes(db, client):
    build_england()
    url = reverse("areas:area", args=["lad24", CHORLEY])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Hearth-Cache" not in first and second["X-Hearth-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second  # added on every response
    DatasetImport.objects.create(
        kind="iod2025", source_file="x.csv", outcome="imported", by="t"
    )
    assert "X-Hearth-Cache" not in client.get(url)  # new data: built again


def test_signed_in_staff_never_get_a_cached_page(db, client, personas):
    build_england()
    url = reverse("areas:area", args=["lad24", CHORLEY])
    client.get(url)
    client.force_login(personas.olivia)
    assert "X-Hearth-Cache" not in client.get(url)
    assert "X-Hearth-Cache" not in client.get(url)


def test_an_asset_edit_shows_on_the_map_at_once(db, client):
    from hearth.assets.tests.factories import make_asset

    build_england()
    make_asset(1, name="Moor Hall")
    url = reverse("assets:map") + "?lad=" + CHORLEY
    assert b"Moor Hall" in client.get(url).content
    assert client.get(url)["X-Hearth-Cache"] == "hit"
    make_asset(1, name="New Hall", source_id="2", source="t")
    assert b"New Hall" in client.get(url).content


def test_pages_that_set_cookies_and_forms_that_post_are_not_cached(db, client):
    url = reverse("assets:suggest")  # a POST form with a CSRF token
    client.get(url)
    assert "X-Hearth-Cache" not in client.get(url)
