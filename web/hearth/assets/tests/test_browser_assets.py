from __future__ import annotations

import pytest

from hearth.areas.tests.factories import build_england

from .factories import make_asset


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_asset_pages_are_accessible(page, settings, tmp_path):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory, council
    from hearth.assets.models import Suggestion
    from hearth.communities.tests.test_focus_command import RECIPE
    from hearth.core.tests.browser import axe_violations, sign_in

    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    build_england()
    hall = make_asset(
        0,
        name="Moor Hall",
        opening_hours="Mo-Fr 09:00-17:00; PH off",
        five_ways=["connect"],
    )
    make_asset(2, name="Chorley Library", category="library")
    Suggestion.objects.create(
        name="The bench",
        why="People talk there",
        postcode="PR7 1DP",
        lat=53.605,
        lon=-2.595,
    )
    UserFactory(
        username="olivia",
        roles=[(council(), Role.COMMUNITY_OFFICER), (council(), Role.MODERATOR)],
    )

    page.goto("/assets/")
    page.wait_for_selector("#asset-map[data-loaded='2']", state="attached")
    assert page.locator("#asset-map .hearth-marker").count() == 2
    marker = page.locator("#asset-map .hearth-marker").first
    assert marker.get_attribute("aria-label")
    assert axe_violations(page) == []
    page.goto(f"/assets/{hall.pk}/")
    assert "Monday: 9am to 5pm" in page.content()
    assert axe_violations(page) == []
    page.goto("/assets/suggest/")
    assert page.locator("#pick-map").is_visible()  # shown once the script runs
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send suggestion").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
    sign_in(page, "olivia")
    for url in (
        "/assets/moderation/",
        "/assets/review/",
        "/assets/duplicates/",
        "/assets/new/",
        "/assets/gap/E07000118/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
