"""Pages in a real headless Chromium: axe-core finds no violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.core.tests.browser import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/data-sources/",
    "/accounts/sign-in/",
    "/no-such-page/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_accessibility_violations(page, path):
    page.goto(path)
    assert page.title()
    assert axe_violations(page) == []
    assert page.csp_violations == []


def test_signed_in_pages_have_no_accessibility_violations(page, personas):
    sign_in(page, "alice")
    for path in [
        "/accounts/",
        "/accounts/organisations/",
        f"/accounts/organisations/{personas.vcs.slug}/",
        "/audit/",
        "/accounts/password/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
    assert page.csp_violations == []


def test_a_failed_sign_in_focuses_the_error_summary(page, personas):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # GOV.UK Frontend's JavaScript moves focus to the summary, which proves
    # the modules load under the Content-Security-Policy.
    expect(summary).to_be_focused()
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []


def test_a_user_signs_in_and_out(page, personas):
    sign_in(page, "anna")
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert page.get_by_text("Analyst").first.is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.url.endswith("/") and "/accounts/" not in page.url
    assert page.get_by_role("link", name="Sign in", exact=True).is_visible()


def test_pages_work_without_javascript(browser, live_server, personas):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill("olivia")
    from hearth.accounts.tests.factories import PASSWORD

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/")
    assert page.get_by_role("heading", name="Your account").is_visible()
    context.close()
