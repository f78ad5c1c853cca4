"""Neighbourhood profiles on a tiny, hand-checkable England."""

from __future__ import annotations

import pandas as pd
import pytest
from django.urls import reverse

from hearth.areas.models import Geography
from hearth.areas.services import DatasetMeta, replace_dataset
from hearth.areas.tests.factories import CHORLEY, build_england
from hearth.communities import curation, profile


def _dataset(kind: str, frame: pd.DataFrame) -> None:
    replace_dataset(
        DatasetMeta(
            kind=kind,
            title=kind,
            publisher="test",
            release="test",
            licence="OGL",
            attribution="test",
            geography=Geography.LSOA21,
        ),
        frame,
        labels={c: c.replace("_", " ") for c in frame.columns},
        checksum=kind[:1] * 64,
        source_file=f"{kind}.csv",
    )


@pytest.fixture
def england(db):
    codes = build_england()["lsoas"]
    n = len(codes)
    # Population 1000 + 100 i; children rise, older people fall with i.
    total = [1000.0 + 100 * i for i in range(n)]
    _dataset(
        "census2021_disability",
        pd.DataFrame(
            {
                "disabled_under_the_equality_act": [t * 0.2 for t in total],
                "not_disabled_under_the_equality_act": [t * 0.8 for t in total],
                "total": total,
            },
            index=codes,
        ),
    )
    _dataset(
        "census2021_age",
        pd.DataFrame(
            {
                "aged_15_years_and_under": [100.0 * (i + 1) for i in range(n)],
                "aged_65_years_and_over": [
                    t - 100.0 * (i + 1) for i, t in enumerate(total)
                ],
            },
            index=codes,
        ),
    )
    scores = {}
    for d, _label in profile.DOMAINS:
        scores[f"{d}_score"] = [float(i + 1) for i in range(n)]
        scores[f"{d}_rank"] = [float(n - i) for i in range(n)]
    scores["imd_score"] = [float(i + 1) for i in range(n)]
    scores["imd_rank"] = [float(n - i) for i in range(n)]
    _dataset("iod2025", pd.DataFrame(scores, index=codes))
    _dataset(
        "ruc2021",
        pd.DataFrame(
            {
                "classification_urban_nearer_to_a_major_town_or_city": [1.0] * 5
                + [0.0] * 5,
                "classification_smaller_rural_further_from_a_major_town_or_city": [0.0]
                * 5
                + [1.0] * 5,
            },
            index=codes,
        ),
    )
    profile.clear_cache()
    yield codes
    profile.clear_cache()


def test_profile_sets_a_community_against_its_authority_and_england(england):
    codes = england
    selection = profile.for_codes(codes[2:4], label="East")
    assert selection.lad_code == CHORLEY and selection.lad_name == "Chorley"
    result = profile.build(selection, with_bands=False)
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
    # Rural-urban: Chorley LSOAs are all urban; England is half by LSOA, weighted by people.
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
    frame = result.to_frame()
    assert {"section", "measure", "unit", "East", "Authority", "England"} <= set(
        frame.columns
    )


def test_profile_of_an_area_code(england):
    ward = profile.for_area("E05000002")
    assert ward.areas == england[2:4] and "Chorley East" in ward.label
    lad = profile.for_area(CHORLEY)
    assert lad.areas == england[:4]
    with pytest.raises(profile.ProfileError, match="no area with the code"):
        profile.for_area("E99999999")


def test_custom_sets_are_validated(england):
    with pytest.raises(profile.ProfileError, match="at least one"):
        profile.for_codes([])
    with pytest.raises(profile.ProfileError, match="E01999999"):
        profile.for_codes(["E01000001", "E01999999"])
    with pytest.raises(profile.ProfileError, match="at most"):
        profile.for_codes([f"E01{i:06d}" for i in range(profile.MAX_CUSTOM_AREAS + 1)])


def test_profile_pages_csv_and_pdf(england, client, personas):
    url = reverse("communities:area-profile", args=["E05000002"])
    page = client.get(url)  # open data: anyone may see an area's profile
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'role="img"' in body and "Statistical neighbours" in body
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8").startswith("\ufeffsection,measure,unit")
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    custom = client.get(
        reverse("communities:custom-profile"),
        {"areas": "E01000002, E01000003", "label": "Estate"},
    )
    assert custom.status_code == 200 and "Estate" in custom.content.decode()
    bad = client.get(reverse("communities:custom-profile"), {"areas": "nonsense"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    form = client.get(reverse("communities:custom-profile"))
    assert form.status_code == 200


def test_a_community_profile_needs_analysis_access(england, client, personas):
    community = curation.accept(
        {"name": "East", "areas": england[2:4]},
        lad_code=CHORLEY,
        geography="lsoa21",
        by=personas.olivia,
    )
    url = reverse("communities:profile", args=[community.pk])
    assert client.get(url).status_code in {302, 403}
    client.force_login(personas.charlie)
    assert client.get(url).status_code == 403
    client.force_login(personas.olivia)
    assert client.get(url).status_code == 200


def test_merge_split_and_describe_from_the_page(england, client, personas):
    first = curation.accept(
        {"name": "East", "areas": england[2:4]},
        lad_code=CHORLEY,
        geography="lsoa21",
        by=personas.olivia,
    )
    second = curation.accept(
        {"name": "Astley", "areas": england[:2]},
        lad_code=CHORLEY,
        geography="lsoa21",
        by=personas.olivia,
    )
    url = reverse("communities:detail", args=[first.pk])
    client.force_login(personas.anna)  # analysts see, but do not curate
    assert (
        client.post(
            url, {"action": "merge", "other": second.pk, "note": "x"}
        ).status_code
        == 403
    )
    client.force_login(personas.olivia)
    missing = client.post(url, {"action": "merge", "other": second.pk, "note": ""})
    assert missing.status_code == 200 and "Say why" in missing.content.decode()
    assert (
        client.post(
            url, {"action": "merge", "other": second.pk, "note": "One estate"}
        ).status_code
        == 302
    )
    assert first.area_codes() == england[:4]
    response = client.post(
        url,
        {
            "action": "split",
            "areas": england[0],
            "new_name": "Astley Village",
            "note": "Different needs",
        },
    )
    assert response.status_code == 302 and first.area_codes() == england[1:4]
    client.post(
        url,
        {
            "action": "change",
            "description": "Two estates either side of the A6",
            "note": "Ward walk",
        },
    )
    first.refresh_from_db()
    assert first.description.startswith("Two estates")
    assert list(first.events.values_list("action", flat=True))[:1] == ["described"]


def test_thematic_communities_are_accepted_from_the_proposals(
    england, client, personas
):
    from hearth.communities.models import Community
    from hearth.communities.services import propose_for

    themes = propose_for(CHORLEY)["thematic"]
    theme = next(t for t, codes in themes.items() if codes)
    client.force_login(personas.olivia)
    response = client.post(
        reverse("communities:accept"),
        {"lad": CHORLEY, "recipe": "imd2025", "theme": theme},
    )
    assert response.status_code == 302
    community = Community.objects.get()
    assert (
        community.kind == Community.Kind.THEMATIC
        and community.area_codes() == sorted(themes[theme])
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_profile_and_community_pages_are_accessible(england, page):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory, council
    from hearth.core.tests.browser import axe_violations, sign_in

    officer = UserFactory(
        username="olivia", roles=[(council(), Role.COMMUNITY_OFFICER)]
    )
    community = curation.accept(
        {"name": "East", "areas": england[2:4]},
        lad_code=CHORLEY,
        geography="lsoa21",
        by=officer,
    )
    page.goto("/communities/profile/E05000002/")
    assert page.get_by_role(
        "img",
        name="Deprivation domains for Chorley East (E05000002), its authority and England",
    ).is_visible()
    assert axe_violations(page) == []
    page.goto("/communities/profile/?areas=nonsense")
    assert axe_violations(page) == []
    sign_in(page, "olivia")
    page.goto(f"/communities/{community.pk}/")
    page.get_by_text("Split this community").click()
    assert axe_violations(page) == []
    page.goto(f"/communities/{community.pk}/profile/")
    assert axe_violations(page) == []


def test_a_community_page_lists_its_assets(england, client, personas):
    from hearth.assets.tests.factories import make_asset

    make_asset(2, name="Moor Hall")
    make_asset(6, name="Preston Hub")
    community = curation.accept(
        {"name": "East", "areas": england[2:4]},
        lad_code=CHORLEY,
        geography="lsoa21",
        by=personas.olivia,
    )
    client.force_login(personas.olivia)
    body = client.get(
        reverse("communities:detail", args=[community.pk])
    ).content.decode()
    assert "Moor Hall" in body and "Preston Hub" not in body
