"""The assets panel on a community's page."""

from __future__ import annotations

from django.urls import reverse

from hearth.assets.tests.factories import make_asset
from hearth.communities import curation
from hearth.profiles.tests.factories import profile_england


def test_a_community_page_lists_its_assets(db, client, personas):
    england = profile_england()
    make_asset(2, name="Moor Hall")
    make_asset(6, name="Preston Hub")
    community = curation.accept(
        {"name": "East", "areas": england[2:4]},
        lad_code="E07000118",
        geography="lsoa21",
        by=personas.olivia,
        note="Board",
    )
    client.force_login(personas.olivia)
    body = client.get(
        reverse("communities:detail", args=[community.pk])
    ).content.decode()
    assert "Moor Hall" in body and "Preston Hub" not in body
