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
    cora: User
    charlie: User

    def all(self) -> dict[str, User | None]:
        return {
            "alice": self.alice,
            "anna": self.anna,
            "olivia": self.olivia,
            "liam": self.liam,
            "priya": self.priya,
            "max": self.max,
            "cora": self.cora,
            "charlie": self.charlie,
            "resident": None,
        }


def pytest_configure(config: pytest.Config) -> None:
    """Hash test passwords fast: Argon2 is for people, not for fixtures."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test run keeps shared results in memory, never in var/cache.
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture(autouse=True)
def _own_var_folder(settings, tmp_path_factory):
    """Files a test writes (prepared exports) go to a folder of its own."""
    settings.VAR_DIR = tmp_path_factory.mktemp("var")


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
        from django.core.cache import caches

        caches["shared"].clear()
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
        cora=UserFactory(username="cora", roles=[(chorley, Role.COUNCILLOR)]),
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


# --- Real data (pytest -m realdata) ------------------------------------------
# The real files from HEARTH_DATA_DIR, loaded once per session into the test
# database. Run these tests in a session of their own (`make test-realdata`):
# the data stays for the whole session, so tests that expect an empty
# database must not share it.

REAL_FILES = [
    "lookups/geographr_lookup_ltla24_region24.csv",
    "lookups/geographr_lookup_ward21_ltla21.csv",
    "lookups/Local_Authority_District_to_Country_(December_2022)_Lookup_in_the_United_Kingdom.csv",
    "lookups/Lower_Layer_Super_Output_Area_(2011)_to_Ward_(2019)_Lookup_in_England_and_Wales.csv",
    "lookups/geographr_lookup_lsoa21_ward24_ltla24.csv",
    "boundaries/lsoa21_england_bsc.geojson",
    "boundaries/wards22_england_bsc.geojson",
    "boundaries/lad24_uk_buc.geojson",
    "centroids/LLSOA_Dec_2021_PWC_for_England_and_Wales_2022.csv",
    "imd2025/humaniverse_imd2025_england_lsoa21.csv",
    "imd2025/humaniverse_imd2025_england_lsoa21_subdomains.csv",
    "imd2025/humaniverse_imd2025_england_lsoa21_indicators.csv",
    "imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv",
    "census2021/demographr_disability21_lsoa21_ew.csv.gz",
    "census2021/hack25usefuldata_census21_pop_lsoa21_age_groups.csv.gz",
    "census2021/demographr_household_tenure21_lsoa21.csv.gz",
    "census2021/demographr_ethnicity21_lsoa21.csv.gz",
    "lookups/geographr_ruc21_lsoa21.csv",
    "lookups/LSOA_(2011)_to_LSOA_(2021)_to_Local_Authority_District_(2022)_Lookup_for_England_and_Wales_(Version_2).csv",
    "places/uk_place_names_os_open_names.tsv",
    "postcodes/nspl_may2025_postcode_latlon_uk.csv.gz",
]
REAL_ASSET_FILES = [
    "assets/hack25usefuldata_gias_schools_england.csv.gz",
    "health/epraccur.csv",
    "assets/libraries_england_dcms_basic_dataset_2023.csv.gz",
    "assets/lancashire_cc_libraries_2026-03.csv",
    "assets/lancashire_cc_land_property_assets.csv",
]


def real_data_dir():
    from pathlib import Path

    from django.conf import settings

    folder = (
        settings.HEARTH_DATA_DIR
        or Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    return Path(folder)


@pytest.fixture(scope="session")
def real_data(django_db_setup, django_db_blocker):
    """The real open data, imported as `hearth data load` would (subset of files)."""
    folder = real_data_dir()
    if not (folder / REAL_FILES[0]).exists():
        pytest.skip(f"no real data in {folder}")
    from hearth.areas import importers
    from hearth.assets import services as assets

    with django_db_blocker.unblock():
        for relative in REAL_FILES:
            importers.import_file(
                folder / relative, actor="tests", repair_geometries=True
            )
        for relative in REAL_ASSET_FILES:
            assets.import_file(folder / relative)
    return folder
