"""A link worker's day in a real browser: caseload, a referral, its steps; every page
checked with axe-core."""

from __future__ import annotations

import pytest

from hearth.core.tests.browser import axe_violations, screenshot, sign_in


@pytest.fixture
def caseload(db):
    from hearth.accounts.models import Organisation, Role
    from hearth.accounts.tests.factories import (
        OrganisationFactory,
        UserFactory,
        council,
    )
    from hearth.areas.tests.factories import build_england
    from hearth.assets.tests.factories import make_asset
    from hearth.directory.models import Organization
    from hearth.directory.tests.factories import make_service
    from hearth.referrals import services

    from .factories import make_referral

    build_england()
    vcs = OrganisationFactory(name="Chorley Help", kind=Organisation.Kind.VCS)
    walking = OrganisationFactory(
        name="Chorley Walking Group", kind=Organisation.Kind.VCS
    )
    liam = UserFactory(username="liam", roles=[(vcs, Role.LINK_WORKER)])
    UserFactory(username="vic", roles=[(walking, Role.PARTNER)])
    UserFactory(username="olivia", roles=[(council(), Role.COMMUNITY_OFFICER)])
    hall = make_asset(0, name="Moor Hall", postcode="PR7 1DP")
    service = make_service(
        Organization.objects.create(name="Chorley Walking Group", account=walking),
        name="Walk and talk",
        locations=[hall.pk],
        capacity_per_week=4,
    )
    referral = make_referral(vcs, link_worker=liam)
    make_referral(
        vcs, link_worker=liam, given_name="Tom", family_name="Baker", reasons=["debt"]
    )
    onward = services.refer_on(
        make_referral(vcs, given_name="Ada", family_name="Stone"),
        service=service,
        message="Keen",
        by=liam,
    )
    return {"referral": referral, "service": service, "onward": onward}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_link_workers_caseload_and_referral_pages(page, caseload):
    referral = caseload["referral"]
    sign_in(page, "liam")
    page.goto("/referrals/")
    assert page.get_by_role("link", name="Margaret Hilton").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "referrals-caseload")
    page.get_by_role("link", name="Margaret Hilton").click()
    assert page.get_by_role("heading", name="Margaret Hilton").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "referrals-detail")
    page.get_by_role("link", name="Record contact").first.click()
    page.get_by_role(
        "button", name="Save"
    ).click()  # the date is filled in; "how" is chosen
    assert "Record contact: saved." in page.content()
    page.get_by_role("link", name="Record the first conversation").click()
    page.get_by_role("button", name="Save").click()
    assert page.locator(
        ".govuk-error-summary"
    ).is_visible()  # what matters to them is needed
    assert axe_violations(page) == []
    page.get_by_label("What matters to them").fill("Getting out of the house again")
    page.get_by_role("button", name="Save").click()
    assert "871731000000106" in page.content()
    page.get_by_role("link", name="Record wellbeing").click()
    assert "University of Warwick" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "referrals-wellbeing")
    for i in range(1, 8):
        page.get_by_label(f"Statement {i}", exact=True).select_option("3")
    page.get_by_role("button", name="Save").click()
    assert "metric score 19.25" in page.content()
    page.get_by_role("link", name="Refer on to a service").first.click()
    assert "Places per week:" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "referrals-refer-on")
    page.get_by_label("Message to Walk and talk").fill("Likes a chat")
    page.get_by_role("button", name="Refer to Walk and talk").click()
    assert "Referred to Walk and talk." in page.content()
    assert axe_violations(page) == []
    for url in (
        f"/referrals/{referral.pk}/edit/",
        f"/referrals/{referral.pk}/close/",
        "/referrals/new/",
        "/referrals/reports/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    assert page.csp_violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_service_answers_in_its_inbox(page, caseload):
    sign_in(page, "vic")
    page.goto("/referrals/services/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ada Stone").click()
    assert axe_violations(page) == []
    page.get_by_label("Yes, we can take them").check()
    page.get_by_role("button", name="Send the answer").click()
    assert "Your answer has been sent" in page.content()
    assert axe_violations(page) == []
