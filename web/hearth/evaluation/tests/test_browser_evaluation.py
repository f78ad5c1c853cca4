"""An officer writes an evaluation and adds an SROI analysis in a real
browser; a resident reads the dashboard. Every page is checked with axe-core."""

from __future__ import annotations

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_evaluates_a_community(page, personas, tmp_path):
    from hearth.core.tests.browser import axe_violations, screenshot, sign_in
    from hearth.evaluation.models import SroiAnalysis

    from .factories import world
    from .test_sroi import MAP

    w = world(personas)
    sign_in(page, "olivia")
    page.goto(f"/evaluation/{w.evaluation.pk}/")
    assert page.get_by_role("heading", name="Year 1").is_visible()
    assert "No evidence yet" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "evaluation-detail")

    page.get_by_role("link", name="Write the narrative").click()
    page.get_by_role("button", name="Save a new version").click()
    assert "Enter the narrative" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Narrative").fill("A year of drop-ins and smoke alarms.")
    page.get_by_role("button", name="Save a new version").click()
    page.wait_for_url(f"**/evaluation/{w.evaluation.pk}/")
    assert "A year of drop-ins and smoke alarms." in page.content()

    page.get_by_role("link", name="Add evidence for Fewer home fires").click()
    page.get_by_label("Kind of evidence").select_option("delivery")
    page.get_by_label("What it shows").fill(
        "41 smoke alarms fitted in the Week of Action"
    )
    page.get_by_role("button", name="Add the evidence").click()
    page.wait_for_url("**#outcome-*")
    assert "41 smoke alarms fitted" in page.content()

    page.goto(f"/evaluation/community/{w.community.pk}/sroi/new/")
    assert axe_violations(page) == []
    bad = tmp_path / "bad.csv"
    bad.write_text(MAP.replace(",20,1000,", ",twenty,1000,"), encoding="utf-8")
    page.get_by_label("Name").fill("Lunch club")
    page.get_by_label("Impact map").set_input_files(str(bad))
    page.get_by_role("button", name="Add the analysis").click()
    summary = page.locator(".govuk-error-summary")
    assert "line 4" in summary.inner_text()
    assert axe_violations(page) == []
    good = tmp_path / "good.csv"
    good.write_text(MAP, encoding="utf-8")
    page.get_by_label("Impact map").set_input_files(str(good))
    page.get_by_role("button", name="Add the analysis").click()
    page.wait_for_url("**/evaluation/sroi/*/")
    assert SroiAnalysis.objects.count() == 1
    assert "£1.43" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "evaluation-sroi")

    context = page.context.browser.new_context(
        base_url=page.url.split("/evaluation")[0]
    )
    resident = context.new_page()
    resident.goto("/evaluation/")
    assert resident.get_by_role(
        "heading", name="How the communities are doing"
    ).is_visible()
    assert axe_violations(resident) == []
    screenshot(resident, "evaluation-dashboard")
    context.close()
