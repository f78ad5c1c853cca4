from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.areas.tests.factories import build_england
from hearth.assets.models import Asset, AssetRevision

from .factories import make_asset


@pytest.fixture
def england(db):
    return build_england()["lsoas"]


def _valid(**extra):
    data = {
        "name": "Moor Hall",
        "description": "Meeting rooms",
        "category": "community-centre",
        "asset_type": "physical",
        "five_ways": ["connect"],
        "postcode": "PR7 1DP",
        "opening_hours": "Mo-Fr 09:00-17:00; PH off",
        "cost": "free",
        "status": "published",
        "note": "New listing",
    }
    data.update(extra)
    return data


def test_officers_add_and_edit_assets_with_a_history(england, client, personas):
    client.force_login(personas.olivia)
    bad = client.post(
        reverse("assets:new"), _valid(opening_hours="Mo-Fr 9 till late", name="")
    )
    body = bad.content.decode()
    assert (
        bad.status_code == 200
        and "govuk-error-summary" in body
        and "Opening times" in body
    )
    response = client.post(reverse("assets:new"), _valid())
    asset = Asset.objects.get()
    assert (
        response.status_code == 302 and asset.lsoa21 == "E01000000" and asset.review_due
    )
    client.post(
        reverse("assets:edit", args=[asset.pk]),
        _valid(name="Moor Hall Centre", note="Renamed"),
    )
    revision = AssetRevision.objects.filter(asset=asset, action="edited").get()
    assert (
        revision.changes["name"] == ["Moor Hall", "Moor Hall Centre"]
        and revision.note == "Renamed"
    )
    detail = client.get(reverse("assets:detail", args=[asset.pk])).content.decode()
    assert "Renamed" in detail and "Monday" in detail


def test_partners_and_residents_cannot_edit(england, client, personas):
    asset = make_asset(0)
    url = reverse("assets:edit", args=[asset.pk])
    assert client.get(url).status_code == 302
    client.force_login(personas.priya)
    assert client.get(url).status_code == 403
    assert client.post(reverse("assets:verify", args=[asset.pk])).status_code == 403


def test_unknown_postcodes_are_a_form_error(england, client, personas):
    client.force_login(personas.olivia)
    body = client.post(
        reverse("assets:new"), _valid(postcode="ZZ9 9ZZ")
    ).content.decode()
    assert "does not know the postcode" in body and not Asset.objects.exists()
