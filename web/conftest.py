"""Shared fixtures: named personas for role-by-role permission tests.

Alice administers Hearth for the council. Anna is a council analyst. Olivia
is a council community officer. Liam is a link worker at a voluntary group
(Chorley Help). Priya works for the fire and rescue service (a partner).
Max moderates residents' contributions. Charlie has an account but belongs
to no organisation, so he sees only public pages; residents use no account.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from hearth.accounts.models import Organisation, Role, User
from hearth.accounts.tests.factories import OrganisationFactory, UserFactory, council


@dataclass
class Personas:
    council: Organisation
    fire: Organisation
    vcs: Organisation
    alice: User
    anna: User
    olivia: User
    liam: User
    priya: User
    max: User
    charlie: User

    def all(self) -> dict[str, User | None]:
        return {
            "alice": self.alice,
            "anna": self.anna,
            "olivia": self.olivia,
            "liam": self.liam,
            "priya": self.priya,
            "max": self.max,
            "charlie": self.charlie,
            "resident": None,
        }


def pytest_configure(config: pytest.Config) -> None:
    """Hash test passwords fast: Argon2 is for people, not for fixtures."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_area_caches():
    """Each test starts without figures cached by an earlier one."""
    from hearth.areas.queries import clear_caches
    from hearth.assets import gap, queries
    from hearth.indices import services
    from hearth.profiles import queries as profiles

    def clear() -> None:
        clear_caches()
        # Caches keyed by versions that restart when a test's data is
        # rolled back: forget them, so no test sees another's results.
        queries._public.cache_clear()
        gap._cached.cache_clear()
        profiles.clear_cache()
        services._run.cache_clear()
        services._bands.cache_clear()

    clear()
    yield
    clear()


@pytest.fixture
def personas(db: None) -> Personas:
    chorley = council()
    fire = OrganisationFactory(
        name="Lancashire Fire and Rescue Service", kind=Organisation.Kind.FIRE_RESCUE
    )
    vcs = OrganisationFactory(name="Chorley Help", kind=Organisation.Kind.VCS)
    return Personas(
        council=chorley,
        fire=fire,
        vcs=vcs,
        alice=UserFactory(
            username="alice",
            roles=[(chorley, Role.ADMINISTRATOR)],
            is_staff=True,
            is_superuser=True,
        ),
        anna=UserFactory(username="anna", roles=[(chorley, Role.ANALYST)]),
        olivia=UserFactory(
            username="olivia", roles=[(chorley, Role.COMMUNITY_OFFICER)]
        ),
        liam=UserFactory(username="liam", roles=[(vcs, Role.LINK_WORKER)]),
        priya=UserFactory(username="priya", roles=[(fire, Role.PARTNER)]),
        max=UserFactory(username="max", roles=[(chorley, Role.MODERATOR)]),
        charlie=UserFactory(username="charlie"),
    )


# --- Browser tests (pytest -m browser) ------------------------------------
# A real headless Chromium from Debian, driven by Playwright, against the
# live test server; every page is checked with axe-core.

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test code
    # still talks to the database synchronously, which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
