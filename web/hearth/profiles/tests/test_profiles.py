"""Neighbourhood profiles on a tiny, hand-checkable England."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.areas.models import Area, Geography
from hearth.areas.services import AreaRow, upsert_areas
from hearth.areas.tests.factories import CHORLEY
from hearth.profiles import queries

from .factories import profile_england


@pytest.fixture
def england(db):
    codes = profile_england()
    queries.clear_cache()
    yield codes
    queries.clear_cache()


def test_profile_sets_a_selection_against_its_authority_and_england(england):
    codes = england
    selection = queries.for_codes(codes[2:4], label="East")
    assert selection.lad_code == CHORLEY and selection.lad_name == "Chorley"
    result = queries.build(selection)
    # Residents: 1200 + 1300; Chorley 1000..1300; England all ten.
    assert result.population == {
        "East": 2500.0,
        "Authority": 4600.0,
        "England": 14500.0,
    }
    age = {t: table for t, table, _u in result.sections}["Age"]
    # Children: 300 + 400 of 2500 people.
    assert age.loc["aged 15 years and under", "East"] == pytest.approx(700 / 2500)
    assert age.loc["aged 15 years and under", "Authority"] == pytest.approx(1000 / 4600)
    assert age.loc["aged 15 years and under", "England"] == pytest.approx(5500 / 14500)
    # Percentiles: rank 8 and 7 of 10 -> 30 and 40; weighted by 1200 and 1300.
    assert result.radar.loc["Income", "East"] == pytest.approx(
        (30 * 1200 + 40 * 1300) / 2500
    )
    # Rural-urban: Chorley LSOAs are all urban; England weighted by people.
    assert (
        result.rural_urban.loc["Urban, nearer to a major town or city", "East"] == 1.0
    )
    assert result.rural_urban.loc[
        "Smaller rural, further from a major town or city", "England"
    ] == pytest.approx(sum(1000 + 100 * i for i in range(5, 10)) / 14500)
    # Statistical neighbours come from elsewhere (never Chorley's own LSOAs).
    neighbours = result.neighbours["area_code"].tolist()
    assert neighbours and not set(neighbours) & set(codes[:4])
    assert neighbours[0] == codes[4]  # the next LSOA along is the most similar
    assert result.neighbours["name"].iloc[0] == "Preston 004A"


def test_the_change_between_iod_releases_is_computed_where_areas_map_across(england):
    result = queries.build(queries.for_codes(england[2:4], label="East"))
    change = result.change
    # 2025: ranks 8, 7 of 10 -> percentiles 30, 40. 2019: ranks 9, 8 of 11
    # -> 100 * (11 - 9 + 1) / 11 = 27.27 and 36.36. Weighted by 1200 and 1300.
    after = (30 * 1200 + 40 * 1300) / 2500
    before = (100 * 3 / 11 * 1200 + 100 * 4 / 11 * 1300) / 2500
    assert change.loc["Index of Multiple Deprivation", "IoD 2025"] == pytest.approx(
        after
    )
    assert change.loc["Index of Multiple Deprivation", "IoD 2019"] == pytest.approx(
        before
    )
    assert change.attrs == {"mapped": 2, "total": 2}


def test_the_change_table_shows_figures_on_the_page_not_dashes(england, client):
    body = client.get(reverse("profiles:area", args=["E05000002"])).content.decode()
    section = body[body.index('id="change"') : body.index('id="neighbours"')]
    # (after - before) for the IMD = 35.2 - 32.0 = +3.2 (see the test above).
    assert "35.2" in section and "32.0" in section and "+3.2" in section


def test_an_area_code_is_profiled_through_its_lsoas(england):
    ward = queries.for_area("E05000002")
    assert list(ward.areas) == england[2:4] and "Chorley East" in ward.label
    lad = queries.for_area(CHORLEY)
    assert list(lad.areas) == england[:4]
    old = queries.for_area("E01000992")
    assert list(old.areas) == [england[2]] and "LSOA 2011" in old.note
    with pytest.raises(queries.ProfileError, match="no area with the code"):
        queries.for_area("E99999999")


def test_a_ward_code_shared_by_several_vintages_is_profiled(england):
    # The same GSS code in the 2021 and 2022 ward lookups (no LSOA 2021
    # children there) must not hide the 2024 ward the LSOAs hang from.
    upsert_areas(Geography.WARD21, [AreaRow("E05000002", "Chorley East")])
    upsert_areas(Geography.WARD22, [AreaRow("E05000002", "Chorley East")])
    assert Area.objects.filter(code="E05000002").count() == 3
    assert list(queries.for_area("E05000002").areas) == england[2:4]


def test_custom_sets_are_validated(england):
    with pytest.raises(queries.ProfileError, match="at least one"):
        queries.for_codes([])
    with pytest.raises(queries.ProfileError, match="E01999999"):
        queries.for_codes(["E01000001", "E01999999"])
    with pytest.raises(queries.ProfileError, match="at most"):
        queries.for_codes([f"E01{i:06d}" for i in range(queries.MAX_CUSTOM_AREAS + 1)])


def test_profile_pages_csv_and_pdf(england, client):
    url = reverse("profiles:area", args=["E05000002"])
    page = client.get(url)  # open data: anyone may see an area's profile
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'role="img"' in body and "Statistical neighbours" in body
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeffsection,measure,unit")
    # Figures are rounded for spreadsheets, not 16-digit floats.
    assert "0.2800" not in text and "0.28," in text
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    custom = client.get(
        reverse("profiles:custom"),
        {"areas": "E01000002, E01000003", "label": "Estate"},
    )
    assert custom.status_code == 200 and "Estate" in custom.content.decode()
    bad = client.get(reverse("profiles:custom"), {"areas": "nonsense"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    assert client.get(reverse("profiles:custom")).status_code == 200


def test_old_profile_addresses_redirect(england, client):
    response = client.get("/communities/profile/E05000002/?format=csv")
    assert response.status_code == 301
    assert response["Location"] == "/profiles/E05000002/?format=csv"
    assert client.get("/communities/profile/?areas=E01000002")["Location"] == (
        "/profiles/?areas=E01000002"
    )
