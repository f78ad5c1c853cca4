"""An officer takes a community through its plan in a real browser; a
partner updates an action; a resident reads the public page. Every page is
checked with axe-core."""

from __future__ import annotations

import pytest
from django.utils import timezone


def _fill_date(page, prefix: str, day) -> None:
    page.locator(f"#id_{prefix}_day").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_takes_a_community_through_its_plan(page):
    from hearth.accounts.models import Organisation, Role
    from hearth.accounts.tests.factories import (
        OrganisationFactory,
        UserFactory,
        council,
    )
    from hearth.core.tests.browser import axe_violations, screenshot, sign_in
    from hearth.plans.models import Action, Plan

    from . import factories

    community = factories.community("Clayton Brook")
    chorley = council()
    fire = OrganisationFactory(
        name="Lancashire Fire and Rescue Service", kind=Organisation.Kind.FIRE_RESCUE
    )
    UserFactory(username="olivia", roles=[(chorley, Role.COMMUNITY_OFFICER)])
    UserFactory(username="priya", roles=[(fire, Role.PARTNER)])
    today = timezone.localdate()

    sign_in(page, "olivia")
    page.goto(f"/communities/{community.pk}/")
    page.get_by_role("button", name="Start a plan").click()
    page.wait_for_url(f"**/plans/{community.pk}/")
    assert page.get_by_role("heading", name="The six steps").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "plan-overview")

    # Step 1: a note with its source and date; an error first.
    page.get_by_role("link", name="1. Understand the background").first.click()
    page.get_by_role("button", name="Add the note").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the note" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("What it is about").select_option("history")
    page.get_by_label("Note", exact=True).fill(
        "The mill closed in 1980; many families came for it."
    )
    page.get_by_label("Source").fill("Local history society")
    page.get_by_role("button", name="Add the note").click()
    assert "The mill closed in 1980" in page.content()
    assert axe_violations(page) == []

    # Steps 2 and 3 draw on Hearth's data.
    page.goto(f"/plans/{community.pk}/people/")
    assert axe_violations(page) == []
    page.goto(f"/plans/{community.pk}/services/")
    assert axe_violations(page) == []

    # Step 4: an objective and an action led by Fire and Rescue.
    page.goto(f"/plans/{community.pk}/plan/")
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Objective").fill("Fewer home fires")
    page.get_by_role("button", name="Save the objective").click()
    page.get_by_role("link", name="Add an action to Fewer home fires").click()
    assert axe_violations(page) == []
    page.get_by_label("Action", exact=True).fill("Home fire safety checks")
    page.get_by_label("Lead organisation").select_option(
        label="Lancashire Fire and Rescue Service"
    )
    _fill_date(page, "start", today)
    _fill_date(page, "due", today.replace(year=today.year + 1))
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Progress (%)").fill("10")
    page.get_by_label("How the community is involved").select_option("collaborate")
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_url("**/actions/*/")
    assert axe_violations(page) == []
    action = Action.objects.get()
    assert (action.lead, action.involvement, action.progress) == (
        fire,
        "collaborate",
        10,
    )

    # Milestones, the logic model and a review.
    page.goto(f"/plans/{community.pk}/milestones/")
    assert axe_violations(page) == []
    _fill_date(page, "evidence-reached_on", today)
    page.get_by_role("button", name="Save the milestones").click()
    page.goto(f"/plans/{community.pk}/logic-model/")
    page.get_by_label("Medium term").check()
    page.get_by_label("Outcome", exact=True).fill("Residents feel safer at home")
    page.get_by_role("button", name="Add the outcome").click()
    assert "Residents feel safer at home" in page.content()
    assert axe_violations(page) == []
    page.goto(f"/plans/{community.pk}/review/")
    assert axe_violations(page) == []

    # Publish it.
    page.goto(f"/plans/{community.pk}/settings/")
    page.get_by_label("What the plan is for").fill("Safer homes in Clayton Brook.")
    page.get_by_label("Publish the plan's public page for residents").check()
    page.get_by_role("button", name="Save").click()
    assert Plan.objects.get().is_public
    for url in (
        "/plans/",
        "/plans/overdue/",
        f"/plans/{community.pk}/history/",
        f"/plans/{community.pk}/calendar/",
        f"/plans/{community.pk}/import/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.get_by_role("button", name="Sign out").click()

    # The partner records progress on their own action.
    sign_in(page, "priya")
    page.goto(f"/plans/{community.pk}/actions/{action.pk}/")
    page.get_by_label("What was done").fill("Checked 40 homes; fitted 25 smoke alarms.")
    page.get_by_label("Progress (%)").fill("45")
    page.get_by_label("Residents can read this on the public page ('we did')").check()
    page.get_by_role("button", name="Record the update").click()
    assert "Your update has been recorded" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    # A resident reads the public page.
    page.goto("/community-plans/")
    page.get_by_role("link", name="Clayton Brook").click()
    body = page.content()
    assert "Checked 40 homes" in body and "The mill closed" not in body
    assert "We will decide and deliver it together with you." in body
    assert axe_violations(page) == []
    screenshot(page, "plan-public")
    assert page.csp_violations == []
