"""Community pages: access, curation from the page, proposals, history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.areas.tests.factories import CHORLEY, PRESTON
from hearth.audit.models import AuditEvent
from hearth.communities import curation, panels
from hearth.communities.models import Community
from hearth.communities.services import propose_for
from hearth.profiles import queries
from hearth.profiles.tests.factories import profile_england


@pytest.fixture
def england(db):
    codes = profile_england()
    queries.clear_cache()
    yield codes
    queries.clear_cache()


def _accept(codes, by, name="East", lad=CHORLEY):
    return curation.accept(
        {"name": name, "areas": codes},
        lad_code=lad,
        geography="lsoa21",
        by=by,
        note="Agreed at the partnership board",
    )


def test_a_community_profile_needs_analysis_access(england, client, personas):
    community = _accept(england[2:4], personas.olivia)
    url = reverse("communities:profile", args=[community.pk])
    assert client.get(url).status_code == 302
    client.force_login(personas.charlie)
    assert client.get(url).status_code == 403
    client.force_login(personas.olivia)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    # The community's own figures, against its authority: 2,500 residents.
    assert "Residents: East" in body and "2,500" in body


def test_merge_split_and_describe_from_the_page(england, client, personas):
    first = _accept(england[2:4], personas.olivia)
    second = _accept(england[:2], personas.olivia, name="Astley")
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
    assert missing.status_code == 400 and "Say why" in missing.content.decode()
    not_a_number = client.post(url, {"action": "merge", "other": "abc", "note": "x"})
    assert not_a_number.status_code == 400
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
    # The history says what happened in words, with LSOA names.
    body = client.get(url).content.decode()
    assert "LSOAs split off" in body and "Chorley 000A (E01000000)" in body
    assert "[&#x27;E0" not in body and "['E0" not in body


def test_a_community_from_another_authority_cannot_be_merged_in(england, personas):
    first = _accept(england[2:4], personas.olivia)
    preston = _accept(england[5:7], personas.olivia, name="Preston", lad=PRESTON)
    with pytest.raises(curation.CurationError, match="another authority"):
        curation.merge(first, preston, by=personas.olivia, note="x")


def test_accepting_needs_a_reason_and_happens_once(england, client, personas):
    # Preston's two most deprived LSOAs are England's most deprived 20%.
    result = propose_for(PRESTON)
    assert result["communities"][0]["areas"] == england[8:10]
    priority = result["communities"][0]["priority"]
    client.force_login(personas.olivia)
    url = reverse("communities:accept")
    form = {"lad": PRESTON, "recipe": "imd2025", "priority": priority, "name": ""}
    response = client.post(url, {**form, "note": ""})
    assert response.status_code == 302 and not Community.objects.exists()
    page = client.get(response["Location"])
    assert "govuk-error-summary" in page.content.decode()
    assert "Say why" in page.content.decode()
    assert client.post(url, {**form, "note": "Residents asked"}).status_code == 302
    assert Community.objects.count() == 1
    again = client.post(url, {**form, "note": "Again"})
    assert Community.objects.count() == 1
    assert "already the community" in client.get(again["Location"]).content.decode()
    # The proposals page now says it was accepted, instead of offering it.
    body = client.get(reverse("communities:proposals-for", args=[PRESTON])).content
    assert b"Accepted</strong> as" in body


def test_thematic_communities_are_accepted_from_the_proposals(
    england, client, personas
):
    themes = propose_for(CHORLEY)["thematic"]
    theme = next(t for t, codes in themes.items() if codes)
    client.force_login(personas.olivia)
    response = client.post(
        reverse("communities:accept"),
        {"lad": CHORLEY, "recipe": "imd2025", "theme": theme, "note": "Board"},
    )
    assert response.status_code == 302
    community = Community.objects.get()
    assert (
        community.kind == Community.Kind.THEMATIC
        and community.area_codes() == sorted(themes[theme])
    )


def test_proposals_and_communities_have_maps_with_names(england, client, personas):
    client.force_login(personas.anna)
    page = client.get(reverse("communities:proposals-for", args=[PRESTON])).content
    assert b'id="groups-map"' in page and b"Preston 009A" in page
    geojson = client.get(reverse("communities:proposals-geojson", args=[PRESTON]))
    features = geojson.json()["features"]
    assert features and features[0]["properties"]["number"] == 1
    _accept(england[2:4], personas.olivia)
    mapped = client.get(reverse("communities:map-geojson"), {"lad": CHORLEY}).json()
    assert {f["properties"]["area_code"] for f in mapped["features"]} == set(
        england[2:4]
    )


def test_curation_is_in_the_audit_log(england, personas):
    community = _accept(england[2:4], personas.olivia)
    curation.change_areas(
        community, add=[england[1]], remove=[england[2]], by=personas.olivia, note="x"
    )
    links = AuditEvent.objects.filter(object_type="communities.communityarea")
    assert links.filter(action="create").count() == 3
    assert links.filter(action="delete").count() == 1


def test_other_apps_add_panels_to_the_community_page(
    england, client, personas, settings, tmp_path
):
    (tmp_path / "test_panel.html").write_text('<p class="govuk-body">{{ message }}</p>')
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    community = _accept(england[2:4], personas.olivia)
    panels.register(
        panels.Panel(
            key="test-panel",
            title="Test",
            template="test_panel.html",
            context=lambda c, r: {"message": f"{c.name} has a panel"},
            visible=lambda r: r.user.username == "olivia",
        )
    )
    try:
        client.force_login(personas.olivia)
        body = client.get(reverse("communities:detail", args=[community.pk])).content
        assert b"East has a panel" in body
        client.force_login(personas.anna)
        body = client.get(reverse("communities:detail", args=[community.pk])).content
        assert b"East has a panel" not in body
    finally:
        panels._PANELS.pop("test-panel")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_profile_and_community_pages_are_accessible(england, page):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory, council
    from hearth.core.tests.browser import axe_violations, screenshot, sign_in

    officer = UserFactory(
        username="olivia", roles=[(council(), Role.COMMUNITY_OFFICER)]
    )
    community = _accept(england[2:4], officer)
    page.goto("/profiles/E05000002/")
    assert page.get_by_role(
        "img",
        name="Deprivation domains for Chorley East (E05000002), its authority and England",
    ).is_visible()
    assert axe_violations(page) == []
    page.goto("/profiles/?areas=nonsense")
    assert axe_violations(page) == []
    sign_in(page, "olivia")
    page.goto(f"/communities/proposals/{PRESTON}/")
    page.wait_for_selector("#groups-map[data-loaded]")
    screenshot(page, "proposals")
    assert axe_violations(page) == []
    page.goto(f"/communities/{community.pk}/")
    page.wait_for_selector("#groups-map[data-loaded]")
    screenshot(page, "community")
    page.get_by_text("Split this community").click()
    assert axe_violations(page) == []
    page.goto(f"/communities/{community.pk}/profile/")
    assert axe_violations(page) == []
