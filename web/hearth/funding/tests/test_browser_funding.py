"""The funding pages in a real browser, each checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from hearth.core.tests.browser import axe_violations, screenshot, sign_in

from . import factories as f


@pytest.fixture
def funding_world(settings):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory, council
    from hearth.funding import budgeting
    from hearth.funding.models import Process

    f.england()
    astley = f.community()
    UserFactory(username="olivia", roles=[(council(), Role.COMMUNITY_OFFICER)])
    UserFactory(username="cora", roles=[(council(), Role.COUNCILLOR)])
    fund = f.fund(min_backers=2, trigger_share=Decimal(25))
    live = f.project(community=astley)
    f.pledge(live, 700, "a@example.org", display_name="Sam")
    waiting = f.project(live=False, title="Youth football kit")
    process = f.process([astley], budget=Decimal(1000), max_choices=2)
    for title, cost in (("Benches", 600), ("Bulbs", 300), ("Bins", 400)):
        f.ballot_project(process, title, cost)
    budgeting.set_phase(process, Process.Phase.REVIEW, by=None)
    budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    codes = budgeting.issue_paper_codes(process, count=3, batch="Library", by=None)
    return {
        "fund": fund,
        "live": live,
        "waiting": waiting,
        "process": process,
        "codes": codes,
    }


def check(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name
    assert page.csp_violations == [], name


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_browses_and_pledges(page, funding_world):
    live = funding_world["live"]
    page.goto("/funding/")
    check(page, "funding-index")
    page.get_by_role("link", name=live.title).click()
    assert page.get_by_text("£700 pledged of £4,000").is_visible()
    check(page, "funding-project")
    page.get_by_role("link", name="Pledge your support").click()
    check(page, "funding-pledge")
    # Sent empty: the error summary links to each field.
    page.get_by_role("button", name="Record my pledge").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "funding-pledge-errors")
    page.get_by_label("I am pledging as a resident").check()
    page.get_by_label("How much, in pounds?").fill("400")
    page.get_by_label("Your e-mail address").fill("b@example.org")
    page.wait_for_timeout(3100)  # the spam check's minimum time on the form
    page.get_by_role("button", name="Record my pledge").click()
    assert page.get_by_role(
        "heading", name="Check your e-mail to confirm your pledge"
    ).is_visible()
    check(page, "funding-pledge-check-email")
    from django.core import mail

    link = re.search(r"(/funding/pledges/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    check(page, "funding-pledge-confirm")
    page.get_by_role("button", name="Confirm my pledge").click()
    assert page.get_by_role("heading", name="Thank you for your pledge").is_visible()
    # The second backer triggers the fund: min(50% of £4,000, £2,500, £2,900 needed).
    assert page.get_by_text("Community Match Fund pledged £2,000.00").is_visible()
    check(page, "funding-pledged")
    page.goto("/funding/funds/")
    check(page, "funding-funds")
    page.goto("/funding/propose/")
    check(page, "funding-propose")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_votes_with_a_paper_code_and_reads_the_results(page, funding_world):
    process = funding_world["process"]
    page.goto(f"/funding/budgeting/{process.pk}/")
    check(page, "pb-process")
    page.get_by_role("link", name="Vote", exact=True).click()
    check(page, "pb-code")
    page.get_by_label("Your voting code").fill(funding_world["codes"][0])
    page.get_by_label("Your postcode (paper codes only)").fill("PR1 1AA")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("is not in the area of this vote").first.is_visible()
    check(page, "pb-code-error")
    page.get_by_label("Your postcode (paper codes only)").fill("PR7 1DP")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Your ballot").is_visible()
    check(page, "pb-ballot")
    for name in ("Benches", "Bulbs", "Bins"):
        page.get_by_label(re.compile(name)).check()
    assert (
        "You have chosen 3 of up to 2 projects"
        in page.locator("#ballot-total").inner_text()
    )
    page.get_by_role("button", name="Cast my vote").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "pb-ballot-error")
    page.get_by_label(re.compile("Bins")).uncheck()
    page.get_by_role("button", name="Cast my vote").click()
    assert page.get_by_role("heading", name="Thank you for voting").is_visible()
    check(page, "pb-voted")
    page.goto(f"/funding/budgeting/{process.pk}/code/")
    check(page, "pb-request-code")
    # The officer counts and publishes; residents read why.
    sign_in(page, "olivia")
    page.goto(f"/funding/manage/budgeting/{process.pk}/")
    check(page, "pb-manage")
    page.get_by_role("button", name="Count the ballots").click()
    page.get_by_role("button", name=re.compile("^Publish")).click()
    page.goto(f"/funding/budgeting/{process.pk}/results/")
    assert page.get_by_text("1 resident voted. 2 projects were funded").is_visible()
    check(page, "pb-results")
    page.goto("/accounts/")
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"/funding/budgeting/{process.pk}/results/")
    assert page.get_by_role("heading", name="Projects not funded").is_visible()
    assert page.get_by_text("Not funded: nobody voted for it.").is_visible()
    check(page, "pb-results-public")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officers_review_projects_and_run_funds(page, funding_world):
    sign_in(page, "olivia")
    page.goto("/funding/manage/")
    check(page, "funding-manage")
    page.get_by_role("link", name="Youth football kit").click()
    check(page, "funding-review")
    page.get_by_role("link", name="Change the proposal").click()
    check(page, "funding-project-edit")
    page.get_by_label("Project title").fill("Youth football kit for Buckshaw")
    page.get_by_label("Where will it happen?").fill("Buckshaw Village")
    page.get_by_role("button", name="Save the changes").click()
    assert page.get_by_text("Youth football kit for Buckshaw is changed.").is_visible()
    page.get_by_label("Approve: it goes live").check()
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text("Youth football kit for Buckshaw is approved.").is_visible()
    page.goto("/funding/manage/funds/new/")
    check(page, "funding-fund-new")
    page.get_by_role("button", name="Save the fund").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "funding-fund-errors")
    page.goto(f"/funding/funds/{funding_world['fund'].pk}/")
    assert page.get_by_text("Commitments against the budget").is_visible()
    check(page, "funding-fund")
    page.goto(f"/funding/manage/projects/{funding_world['live'].pk}/pledges/")
    check(page, "funding-pledges")
    page.goto("/funding/manage/budgeting/new/")
    check(page, "pb-new")
    page.goto("/funding/manage/budgeting/import/")
    check(page, "pb-import")
    page.goto("/funding/report/")
    check(page, "funding-report")
