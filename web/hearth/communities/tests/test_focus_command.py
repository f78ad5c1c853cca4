from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hearth.areas.tests.factories import PRESTON, build_england

RECIPE = """
[recipe]
name = "simple"
geography = "lsoa21"
[[indicators]]
id = "imd"
dataset = "iod2025"
column = "imd_score"
weight = 1.0
"""


@pytest.fixture
def england(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    return build_england()


def test_focus_proposes_contiguous_high_need_areas(england):
    out = StringIO()
    call_command("focus", PRESTON, "--recipe", "simple", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    # Scores rise with the LSOA number: E01000008 and E01000009 (Preston)
    # are the 20% of England with most need, and their squares touch.
    assert [c["areas"] for c in result["communities"]] == [["E01000008", "E01000009"]]
    assert result["communities"][0]["wards"] == ["Preston City"]
    assert result["communities"][0]["reason"].startswith("2 contiguous LSOAs")


def test_focus_for_an_unknown_authority_is_a_clear_error(england):
    with pytest.raises(CommandError, match="No LSOA21 areas of E09999999"):
        call_command("focus", "E09999999", "--recipe", "simple", stdout=StringIO())


def test_the_proposals_page_is_for_staff_who_see_analysis(england, client, personas):
    from django.urls import reverse

    url = reverse("communities:proposals-for", args=[PRESTON]) + "?recipe=simple"
    assert client.get(url).status_code == 302
    client.force_login(personas.max)
    assert client.get(url).status_code == 403
    client.force_login(personas.olivia)
    body = client.get(url).content.decode()
    assert "E01000008" in body and "Why proposed" in body
    assert "Focus communities" in body  # in the navigation for her role


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_proposals_page_is_accessible(page, settings, tmp_path):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory, council
    from hearth.core.tests.browser import axe_violations, sign_in

    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    build_england()
    UserFactory(username="olivia", roles=[(council(), Role.COMMUNITY_OFFICER)])
    sign_in(page, "olivia")
    page.goto(f"/communities/proposals/{PRESTON}/?recipe=simple")
    assert axe_violations(page) == []


def test_officers_accept_and_curate_a_proposal(england, client, personas):
    from django.urls import reverse

    from hearth.communities.models import Community

    client.force_login(personas.priya)  # partners see analyses but do not curate
    assert (
        client.post(
            reverse("communities:accept"),
            {"lad": PRESTON, "recipe": "simple", "priority": "1"},
        ).status_code
        == 403
    )
    client.force_login(personas.olivia)
    response = client.post(
        reverse("communities:accept"),
        {
            "lad": PRESTON,
            "recipe": "simple",
            "priority": "1",
            "name": "Preston City Centre",
            "note": "Board decision",
        },
    )
    community = Community.objects.get()
    assert response.url == reverse("communities:detail", args=[community.pk])
    assert community.name == "Preston City Centre" and community.area_codes() == [
        "E01000008",
        "E01000009",
    ]
    url = reverse("communities:detail", args=[community.pk])
    response = client.post(
        url, {"name": "Preston Centre", "add": "E01000007", "remove": "", "note": ""}
    )
    assert "Say why you are making this change" in response.content.decode()
    client.post(
        url,
        {
            "name": "Preston Centre",
            "add": "E01000007",
            "remove": "E01000008",
            "note": "Residents' view",
        },
    )
    community.refresh_from_db()
    assert community.name == "Preston Centre" and community.area_codes() == [
        "E01000007",
        "E01000009",
    ]
    body = client.get(url).content.decode()
    assert "Residents&#x27; view" in body and "Renamed" in body
