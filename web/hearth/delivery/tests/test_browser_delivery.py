"""A Week of Action in a real browser: an officer plans it for a community
(the error summary first, then success), chooses a venue and invites Fire and
Rescue; the fire service's partner user signs up, adds an activity, records
household requests and works its queue; the outcome report; a resident reads
the published timetable. Every page is checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.core.tests.browser import axe_violations, screenshot, sign_in


def check(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name
    assert page.csp_violations == [], name


def fill_date(page, prefix, day):
    page.locator(f"#id_{prefix}_day").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


@pytest.fixture
def week_of_action_world():
    from hearth.accounts.models import Organisation, Role
    from hearth.accounts.tests.factories import (
        OrganisationFactory,
        UserFactory,
        council,
    )
    from hearth.assets.tests.factories import make_asset
    from hearth.delivery.models import ActivityType
    from hearth.plans.tests import factories as plan_factories

    from . import factories

    community = plan_factories.community("Clayton Brook", ["E01000000", "E01000001"])
    chorley = council()
    fire = OrganisationFactory(
        name="Lancashire Fire and Rescue Service", kind=Organisation.Kind.FIRE_RESCUE
    )
    OrganisationFactory(name="NHS Lancashire", kind=Organisation.Kind.NHS)
    UserFactory(username="olivia", roles=[(chorley, Role.COMMUNITY_OFFICER)])
    UserFactory(username="priya", roles=[(fire, Role.PARTNER)])
    make_asset(0, name="Clayton Brook Community Centre", postcode="PR58HL")
    # The starter lists (migration 0002) name what Chorley's partners offer. An
    # earlier transactional test flushes the database, so add them again.
    import importlib

    from django.apps import apps

    importlib.import_module("hearth.delivery.migrations.0002_starter_lists").add(
        apps, None
    )
    assert ActivityType.objects.filter(name="Home fire safety check").exists()
    factories.service("Smoke alarm fitting")
    factories.postcode("PR58HL", 0)  # in the target area
    factories.postcode("PR11AA", 5)  # outside it
    return {"community": community, "fire": fire}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_week_of_action_from_plan_to_report(page, week_of_action_world):
    from hearth.delivery.models import Event, Invitation, Request

    community = week_of_action_world["community"]
    today = timezone.localdate()

    # --- the officer plans the event ------------------------------------------
    sign_in(page, "olivia")
    page.goto("/delivery/")
    check(page, "delivery-events")
    page.get_by_role("link", name="Plan an event").click()
    check(page, "delivery-event-new")
    page.get_by_role("button", name="Plan the event").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "Enter the event's name" in text
    assert "Choose at least one community, or enter LSOAs" in text
    assert page.title().startswith("Error: ")
    assert "Enter the first day" in text and "Enter the last day" in text
    # Each message leads to its field: a box, or the first of the checkboxes.
    summary.get_by_role("link", name="Enter the event's name").click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    summary.get_by_role("link", name="Choose at least one community").click()
    assert page.evaluate("document.activeElement.id") == "id_communities"
    assert page.evaluate("document.activeElement.value") == str(community.pk)
    check(page, "delivery-event-new-errors")
    page.get_by_label("Name").fill("Clayton Brook Week of Action")
    page.get_by_label("Kind of event").select_option("week_of_action")
    page.get_by_label("What it is for").fill(
        "Free home fire safety checks, health checks and advice."
    )
    fill_date(page, "start", today)
    fill_date(page, "end", today + timedelta(days=4))
    page.get_by_label("Lead organisation").select_option(label="Chorley Council")
    page.get_by_label("Clayton Brook").check()
    page.get_by_label("Fire and rescue").check()
    page.get_by_label("NHS trust or primary care").check()
    page.get_by_role("button", name="Plan the event").click()
    page.wait_for_url("**/delivery/events/*/")
    event = Event.objects.get()
    assert event.target_codes() == ["E01000000", "E01000001"]
    assert list(event.communities.all()) == [community]
    assert page.get_by_text("has been planned").is_visible()
    assert "No fire and rescue partner yet" in page.content()
    check(page, "delivery-event-planned")

    page.get_by_role("link", name="Choose the venues").click()
    check(page, "delivery-venues")
    page.get_by_label("Clayton Brook Community Centre").check()
    page.get_by_role("button", name="Save the venues").click()
    page.wait_for_url(f"**/delivery/events/{event.pk}/")

    page.get_by_role("link", name="Invite organisations").click()
    page.get_by_role("button", name="Send the invitations").click()
    page.get_by_role("link", name="Choose at least one organisation to invite").click()
    assert page.evaluate("document.activeElement.id") == "id_organisations"
    check(page, "delivery-invite-errors")
    page.get_by_label("Lancashire Fire and Rescue Service", exact=True).check()
    page.get_by_label("Message").fill("Could you offer home fire safety checks?")
    page.get_by_role("button", name="Send the invitations").click()
    page.wait_for_url(f"**/delivery/events/{event.pk}/")
    assert Invitation.objects.get().status == Invitation.Status.INVITED
    check(page, "delivery-event-invited")
    page.get_by_role("button", name="Sign out").click()

    # --- the fire service signs up and adds what it will run -----------------------
    sign_in(page, "priya")
    page.goto("/delivery/")
    banner = page.locator(".govuk-notification-banner")
    assert "can Lancashire Fire and Rescue Service take part?" in banner.inner_text()
    check(page, "delivery-events-partner")
    banner.get_by_role("link", name="Clayton Brook Week of Action").click()
    assert "Could you offer home fire safety checks?" in page.content()
    intro = page.get_by_text("Chorley Council is running").inner_text()
    assert intro.endswith(f"{event.end.year}.")  # no space before the full stop
    check(page, "delivery-respond")
    page.get_by_role("button", name="Send your answer").click()
    assert (
        "Say whether your organisation can take part"
        in page.locator(".govuk-error-summary").inner_text()
    )
    check(page, "delivery-respond-errors")
    page.get_by_label("Yes, we are coming").check()
    page.get_by_label("Note for the organiser").fill("Two crews all week.")
    page.get_by_role("button", name="Send your answer").click()
    page.wait_for_url(f"**/delivery/events/{event.pk}/activities/new/*")
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED
    check(page, "delivery-activity-new")
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends").fill("09:00")
    page.get_by_role("button", name="Save the activity").click()
    errors = page.locator(".govuk-error-summary").inner_text()
    assert "Enter what the activity is, or choose its type" in errors
    assert "The activity must end after it starts" in errors
    check(page, "delivery-activity-errors")
    page.get_by_label("Type of activity").select_option(label="Home fire safety check")
    page.get_by_label("Ends").fill("15:00")
    page.get_by_label("Venue").select_option(label="Clayton Brook Community Centre")
    page.get_by_label("Places").fill("40")
    page.get_by_label("Staff").fill("4")
    page.get_by_role("button", name="Save the activity").click()
    page.wait_for_url(f"**/delivery/events/{event.pk}/#timetable")
    timetable = page.locator("#timetable + table")
    assert "Home fire safety check" in timetable.inner_text()
    assert "10:00\N{EN DASH}15:00" in timetable.inner_text()
    check(page, "delivery-event-partner")

    # Household requests, the first with a mistake.
    page.get_by_role("link", name="Record a request").click()
    check(page, "delivery-request-new")
    page.get_by_label("Service asked for").select_option(label="Smoke alarm fitting")
    page.get_by_label("Postcode").fill("PR5")
    page.get_by_role("button", name="Record the request").click()
    assert (
        "Enter a real postcode, like PR7 1DP"
        in page.locator(".govuk-error-summary").inner_text()
    )
    check(page, "delivery-request-errors")
    page.get_by_label("Postcode").fill("PR5 8HL")
    page.get_by_label("Phone number").fill("01257 100100")
    page.get_by_role("button", name="Record and add another").click()
    page.wait_for_url(f"**/delivery/events/{event.pk}/requests/new/")
    assert page.get_by_text("recorded: Smoke alarm fitting").is_visible()
    page.get_by_label("Service asked for").select_option(label="Smoke alarm fitting")
    page.get_by_label("Postcode").fill("PR1 1AA")
    page.get_by_role("button", name="Record the request").click()
    page.wait_for_url(f"**/delivery/events/{event.pk}/")
    requests = list(Request.objects.order_by("pk"))
    assert [(r.organisation.name, r.lsoa21) for r in requests] == [
        ("Lancashire Fire and Rescue Service", "E01000000"),
        ("Lancashire Fire and Rescue Service", "E01000005"),
    ]

    # The queue: both requests, one marked done in bulk.
    page.goto("/delivery/requests/")
    assert "2 requests" in page.content()
    check(page, "delivery-queue")
    page.get_by_role("button", name="Update the selected requests").click()
    page.get_by_role("link", name="Choose the requests to update").click()
    assert page.evaluate("document.activeElement.name") == "request"
    check(page, "delivery-queue-errors")
    page.get_by_label(f"Select request {requests[0].pk}").check()
    page.get_by_label("New status").select_option("done")
    page.get_by_label("Outcome").fill("2 alarms fitted")
    page.get_by_role("button", name="Update the selected requests").click()
    assert page.get_by_text("1 request now done.").is_visible()
    assert Request.objects.get(pk=requests[0].pk).status == "done"
    check(page, "delivery-queue-updated")
    page.get_by_role("link", name=f"{requests[0].pk}: Smoke alarm fitting").click()
    assert "01257 100100" in page.content()
    check(page, "delivery-request")

    # The partner's own report.
    page.goto(f"/delivery/events/{event.pk}/report/")
    assert page.locator("svg.hearth-chart").count() == 1
    check(page, "delivery-report-partner")
    page.get_by_role("button", name="Sign out").click()

    # --- the officer publishes and reads the whole report ----------------------------
    sign_in(page, "olivia")
    page.goto(f"/delivery/events/{event.pk}/")
    assert "Lancashire Fire and Rescue Service" in page.content()
    assert "No fire and rescue partner yet" not in page.content()
    page.get_by_role("button", name="Publish the timetable").click()
    assert page.get_by_text("The timetable is published").is_visible()
    check(page, "delivery-event-published")
    page.get_by_role("link", name="Outcome report").click()
    body = page.content()
    assert "Smoke alarm fitting" in body
    check(page, "delivery-report")

    # Cancelled by mistake, and put back on.
    page.goto(f"/delivery/events/{event.pk}/")
    page.get_by_text("Cancel the event", exact=True).first.click()
    page.get_by_label("Why (for the history)").fill("Venue double-booked")
    page.get_by_role("button", name="Cancel the event").click()
    assert page.get_by_text("The event has been cancelled.").is_visible()
    assert Event.objects.get().status == Event.Status.CANCELLED
    assert page.get_by_role("button", name="Publish the timetable").count() == 0
    check(page, "delivery-event-cancelled")
    page.get_by_text("Reopen the event", exact=True).first.click()
    page.get_by_label("Why (for the history)").fill("Booking sorted out")
    page.get_by_role("button", name="Reopen the event").click()
    assert page.get_by_text("its timetable is public again").first.is_visible()
    assert Event.objects.get().status == Event.Status.PUBLISHED
    check(page, "delivery-event-reopened")
    page.get_by_role("button", name="Sign out").click()

    # --- a resident finds it ------------------------------------------------------------
    page.goto("/delivery/whats-on/")
    check(page, "delivery-whats-on")
    page.get_by_role("link", name="Clayton Brook Week of Action").first.click()
    page.wait_for_url(f"**/delivery/events/{event.pk}/timetable/")
    content = page.content()
    assert "Home fire safety check" in content
    assert "Clayton Brook Community Centre" in content
    assert "01257 100100" not in content
    assert "cancelled" not in content
    assert page.locator("svg").count() >= 1
    check(page, "delivery-timetable")
