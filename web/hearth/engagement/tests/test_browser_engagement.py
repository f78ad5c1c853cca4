"""An officer logs engagement and a story in a real browser; a resident finds
a drop-in. Every page is checked with axe-core."""

from __future__ import annotations

import pytest
from django.utils import timezone


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_logs_engagement_and_a_resident_finds_a_drop_in(page):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory, council
    from hearth.assets.tests.factories import make_asset
    from hearth.core.tests.browser import axe_violations, screenshot, sign_in
    from hearth.engagement.models import Activity, Story
    from hearth.plans.tests import factories as plan_factories

    from .factories import load_census

    community = plan_factories.community("Clayton Brook", ["E01000000", "E01000001"])
    load_census(["E01000000", "E01000001"])
    chorley = council()
    make_asset(0, name="Moor Hall")
    UserFactory(username="olivia", roles=[(chorley, Role.COMMUNITY_OFFICER)])
    today = timezone.localdate()

    sign_in(page, "olivia")
    page.goto(f"/engagement/communities/{community.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record an activity").click()
    page.get_by_role("button", name="Save the activity").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Enter the people reached" in summary.inner_text()
    assert axe_violations(page) == []
    page.locator("#id_date_day").fill(str(today.day))
    page.locator("#id_date_month").fill(str(today.month))
    page.locator("#id_date_year").fill(str(today.year))
    page.get_by_label("Kind of activity").select_option("drop_in")
    page.get_by_label("Who ran it").select_option(label="Chorley Council")
    page.get_by_label("Where: a place in the asset register").select_option(
        label="Moor Hall"
    )
    page.get_by_label("People reached").fill("30")
    # The breakdown is open after an error, so no one re-enters it.
    assert page.locator("details[open]").count() == 1
    page.get_by_label("Aged 65 years and over").fill("20")
    page.get_by_label("Aged 25 to 34 years").fill("10")
    page.get_by_label("White", exact=True).fill("30")
    page.get_by_label("What we heard").fill("Parking and the play area came up most.")
    page.get_by_role("button", name="Save the activity").click()
    page.wait_for_url("**/activities/*/")
    assert axe_violations(page) == []
    assert Activity.objects.get().aged_65_and_over == 20

    page.goto(f"/engagement/communities/{community.pk}/")
    assert page.locator("svg.hearth-chart").count() == 1
    assert "Under-represented" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "engagement-reach")

    page.get_by_role("link", name="Record a story").click()
    page.get_by_label("The story or quote").fill(
        "Coming here I found people who listen."
    )
    for prefix in ("date", "consent_recorded_on"):
        page.locator(f"#id_{prefix}_day").fill(str(today.day))
        page.locator(f"#id_{prefix}_month").fill(str(today.month))
        page.locator(f"#id_{prefix}_year").fill(str(today.year))
    page.get_by_label("The community", exact=True).check()
    page.get_by_label("How consent was given").fill("Signed consent form")
    page.get_by_label("Consent covers public use (the community's public page)").check()
    page.get_by_role("button", name="Save the story").click()
    page.wait_for_url("**/stories/*/")
    assert Story.objects.get().perspective == "community"
    assert axe_violations(page) == []

    page.goto("/engagement/drop-ins/new/")
    page.get_by_label("Name").fill("Let's Talk Clayton Brook")
    page.get_by_label("Where (from the asset register)").select_option(
        label="Moor Hall"
    )
    page.get_by_label("Who runs it").select_option(label="Chorley Council")
    page.get_by_label("Community it serves").select_option(label="Clayton Brook")
    page.get_by_label("When it runs").fill("Mo-Fr 10:00-12:00; PH off")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/drop-ins/*/")
    assert axe_violations(page) == []
    for url in (
        "/engagement/",
        "/engagement/themes/",
        f"/engagement/communities/{community.pk}/import/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.get_by_role("button", name="Sign out").click()

    page.goto("/drop-ins/")
    page.get_by_role("link", name="Let's Talk Clayton Brook").click()
    assert "10am to midday" in page.content()
    assert axe_violations(page) == []
    page.goto("/drop-ins/")
    assert axe_violations(page) == []
    assert page.csp_violations == []
