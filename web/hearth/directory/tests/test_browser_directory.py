"""The directory in a real browser: residents search, a provider changes a service,
the council approves. Every page is checked with axe-core."""

from __future__ import annotations

import pytest

from hearth.core.tests.browser import axe_violations, screenshot, sign_in


@pytest.fixture
def directory_data(db):
    from hearth.accounts.models import Organisation, Role
    from hearth.accounts.tests.factories import (
        OrganisationFactory,
        UserFactory,
        council,
    )
    from hearth.areas.tests.factories import build_england
    from hearth.assets.tests.factories import make_asset

    from .factories import make_organization, make_service, needs_taxonomy

    build_england()
    hall = make_asset(
        0,
        name="Moor Hall",
        postcode="PR7 1DP",
        address="1 Moor Road, Chorley",
        accessibility=["wheelchair"],
    )
    _taxonomy, (lonely, walking) = needs_taxonomy("Loneliness", "Walking")
    vcs = OrganisationFactory(name="Chorley Walking Group", kind=Organisation.Kind.VCS)
    org = make_organization("Chorley Walking Group", account=vcs)
    walk = make_service(
        org,
        name="Walk and talk",
        minimum_age=50,
        locations=[hall.pk],
        schedules=[
            {
                "freq": "WEEKLY",
                "byday": "TU",
                "opens_at": "10:00",
                "closes_at": "12:00",
                "description": "",
            }
        ],
        contacts=[
            {
                "name": "Jo",
                "title": "Organiser",
                "phone": "01257 000000",
                "email": "jo@example.org",
            }
        ],
        cost_options=[{"option": "Free", "amount": "0", "amount_description": ""}],
        terms=[lonely.uuid, walking.uuid],
    )
    make_service(
        make_organization("Citizens Advice"),
        name="Debt advice",
        description="Help with money.",
    )
    UserFactory(username="olivia", roles=[(council(), Role.COMMUNITY_OFFICER)])
    UserFactory(username="vic", roles=[(vcs, Role.PARTNER)])
    return {"walk": walk, "lonely": lonely}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_residents_search_the_directory(page, directory_data):
    page.goto("/directory/")
    assert "2 services" in page.locator("#results-title").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("What do you need help with?").select_option(label="Loneliness")
    page.get_by_label("Your postcode").fill("PR7 1DP")
    page.get_by_role("button", name="Search").click()
    assert "1 service near PR7 1DP" in page.locator("#results-title").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "directory-search")
    page.get_by_label("Your postcode").fill("ZZ9 9ZZ")
    page.get_by_role("button", name="Search").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
    page.goto(f"/directory/services/{directory_data['walk'].uuid}/")
    assert page.get_by_role("heading", name="Walk and talk").is_visible()
    assert "Tuesdays, 10:00 to 12:00" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "directory-service")
    page.goto("/directory/api/")
    assert axe_violations(page) == []
    assert page.csp_violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_provider_changes_a_service_and_the_council_approves(
    page, browser, live_server, directory_data
):
    walk = directory_data["walk"]
    sign_in(page, "vic")
    page.goto("/directory/manage/")
    assert axe_violations(page) == []
    page.goto(f"/directory/services/{walk.uuid}/edit/")
    assert axe_violations(page) == []
    page.get_by_label("Name of the service").fill("Walk, talk and tea")
    page.get_by_role("button", name="Send to the council").click()
    assert page.locator(".govuk-error-summary").is_visible()  # the note is required
    assert axe_violations(page) == []
    page.get_by_label("What changed and why").fill("We now have tea after")
    page.get_by_role("button", name="Send to the council").click()
    assert (
        "sent to the council" in page.locator(".govuk-notification-banner").inner_text()
    )
    assert page.get_by_role(
        "heading", name="Walk and talk"
    ).is_visible()  # not changed yet
    assert axe_violations(page) == []
    screenshot(page, "directory-provider-change")

    officer = browser.new_context(base_url=live_server.url).new_page()
    sign_in(officer, "olivia")
    officer.goto("/directory/manage/")
    assert axe_violations(officer) == []
    officer.get_by_role("link", name="Walk and talk").first.click()
    assert "Walk, talk and tea" in officer.content()
    assert axe_violations(officer) == []
    screenshot(officer, "directory-approval")
    officer.get_by_role("button", name="Approve and publish").click()
    officer.goto(f"/directory/services/{walk.uuid}/")
    assert officer.get_by_role("heading", name="Walk, talk and tea").is_visible()
    assert axe_violations(officer) == []
    for url in (
        "/directory/manage/services/",
        "/directory/manage/organisations/",
        "/directory/manage/taxonomies/",
        "/directory/manage/services/new/",
    ):
        officer.goto(url)
        assert axe_violations(officer) == [], url
    officer.context.close()
