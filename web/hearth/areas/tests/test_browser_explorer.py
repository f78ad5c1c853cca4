"""The area explorer in a real browser: map, keyboard focus, accessibility."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.areas.tests.factories import CHORLEY, build_england
from hearth.core.tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_authority_map_loads_and_areas_take_keyboard_focus(page):
    build_england()
    page.goto(f"/areas/lad24/{CHORLEY}/?indicator=iod2025.imd_score")
    expect(page.locator("#map")).to_have_attribute("data-loaded", "4")
    paths = page.locator("#map path[tabindex='0']")
    expect(paths).to_have_count(4)
    paths.first.focus()
    expect(page.locator("#map-details")).to_contain_text("E0100000")
    assert axe_violations(page) == []
    assert page.csp_violations == []


def test_explorer_pages_have_no_accessibility_violations(page):
    build_england()
    for path in [
        "/areas/",
        "/areas/search/?q=nowhere",
        "/areas/lsoa21/E01000003/",
        "/areas/datasets/",
        "/api/v1/docs",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
