"""Engagement pages role by role, imports, drop-ins, groups, follow-ups."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from hearth.assets.tests.factories import make_asset
from hearth.engagement import services
from hearth.engagement.models import Activity, DropInSite, Group, Theme
from hearth.plans.tests import factories as plan_factories
from hearthcore import engagement as core

from .factories import load_census

HEADER = ",".join(core.COLUMNS) + "\n"


@pytest.fixture
def community(db, personas):
    community = plan_factories.community("Clayton Brook", ["E01000000", "E01000001"])
    load_census(["E01000000", "E01000001"])
    return community


def _line(**values: str) -> str:
    return ",".join(values.get(c, "") for c in core.COLUMNS) + "\n"


def test_who_sees_and_records_engagement(community, personas, client):
    pages = [
        reverse("engagement:index"),
        reverse("engagement:community", args=[community.pk]),
        reverse("engagement:themes"),
    ]
    for url in pages:
        for name, user in personas.all().items():
            client.logout()
            if user:
                client.force_login(user)
            status = client.get(url).status_code
            if user is None:
                assert status == 302, (name, url)
            elif name in {"alice", "anna", "olivia", "priya", "cora"}:
                assert status == 200, (name, url)
            else:
                assert status == 403, (name, url)
    new = reverse("engagement:activity-new", args=[community.pk])
    for name in ("anna", "priya", "cora", "liam"):
        client.force_login(getattr(personas, name))
        assert client.get(new).status_code == 403, name
    client.force_login(personas.olivia)
    assert client.get(new).status_code == 200


def test_import_is_all_or_nothing_and_names_lines(community, personas, tmp_path):
    Theme.objects.create(name="Housing")
    make_asset(0, name="Moor Hall")  # in E01000000
    good = (
        HEADER
        + _line(
            date="2025-03-14",
            kind="drop_in",
            place="Moor Hall",
            organisation="Lancashire Fire and Rescue Service",
            people="23",
            aged_65_and_over="6",
            white="20",
            themes="Housing",
            notes="Parking",
        )
        + _line(
            date="2025-03-15",
            kind="doorstep",
            place="PR7 1DP",
            organisation="Chorley Council",
            people="40",
        )
    )
    bad = good + _line(
        date="2025-03-16",
        kind="event",
        place="Nowhere Hall",
        organisation="Chorly Council",
        people="5",
        themes="Crime",
    )
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command(
            "engagement", "import", str(path), "--community", str(community.pk)
        )
    text = str(caught.value)
    assert (
        "line 4, column organisation: no organisation is called 'Chorly Council' (closest: Chorley Council"
        in text
    )
    assert "line 4, column themes: no theme is called 'Crime'" in text
    assert "line 4, column place: 'Nowhere Hall' is neither an asset" in text
    assert not Activity.objects.exists()
    path.write_text(good, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "engagement", "import", str(path), "--community", str(community.pk), stdout=out
    )
    assert (
        "Imported 2 activities (63 people reached) for Clayton Brook" in out.getvalue()
    )
    first, second = Activity.objects.order_by("date")
    assert first.asset.name == "Moor Hall" and first.aged_65_and_over == 6
    assert list(first.themes.values_list("name", flat=True)) == ["Housing"]
    assert second.place == "PR7 1DP" and second.lsoa21 == "E01000000"
    out = io.StringIO()
    call_command("engagement", "export", "--community", str(community.pk), stdout=out)
    assert out.getvalue().splitlines()[0].startswith("community_id,community,date,kind")


def test_web_import_shows_the_problems(community, personas, client):
    client.force_login(personas.olivia)
    upload = SimpleUploadedFile(
        "a.csv",
        (
            HEADER
            + _line(date="2099-01-01", kind="event", organisation="X", people="1")
        ).encode(),
    )
    response = client.post(
        reverse("engagement:import", args=[community.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert (
        "line 2, column date: 2099-01-01 is in the future" in response.content.decode()
    )


def test_a_drop_in_session_counts_in_the_reach_and_residents_find_it(
    community, personas, client
):
    hall = make_asset(0, name="Moor Hall")
    library = make_asset(1, name="Chorley Library", category="library")
    site = services.create_site(
        name="Let's Talk Clayton Brook",
        asset=hall,
        organisation=personas.council,
        opening_hours="Tu 10:00-12:00; PH off",
        community=community,
        by=personas.olivia,
    )
    services.record_session(
        site,
        day=timezone.localdate() - timedelta(days=1),
        visits=14,
        notes="Bins",
        signposts=[(library, "", 1), (None, "Citizens Advice", 1)],
        by=personas.olivia,
    )
    activity = Activity.objects.get()
    assert (activity.kind, activity.people, activity.asset) == ("drop_in", 14, hall)
    assert site.sessions.get().signposts.count() == 2
    with pytest.raises(services.EngagementError, match="already recorded"):
        services.record_session(
            site, day=timezone.localdate() - timedelta(days=1), visits=1, by=None
        )
    with pytest.raises(services.EngagementError, match="cannot be read"):
        services.create_site(
            name="x",
            asset=hall,
            organisation=personas.council,
            opening_hours="Tuesdays at ten",
            community=None,
            by=None,
        )
    body = client.get(reverse("dropins:list")).content.decode()
    assert "Let&#x27;s Talk Clayton Brook" in body and "10am to midday" in body
    body = client.get(reverse("dropins:site", args=[site.pk])).content.decode()
    assert "Tuesday" in body and "Bins" not in body  # session notes stay internal
    DropInSite.objects.filter(pk=site.pk).update(is_public=False)
    assert client.get(reverse("dropins:site", args=[site.pk])).status_code == 404


def test_groups_choose_the_services_they_invite(community, personas):
    group = services.create_group(
        community,
        name="Clayton Brook Parent and Toddler",
        stage="forming",
        by=personas.olivia,
    )
    services.edit_group(
        group,
        name=group.name,
        stage="constituted",
        description="",
        meets="Mondays",
        supported_by=personas.vcs,
        invited=[personas.fire],
        by=personas.olivia,
    )
    texts = list(group.milestones.values_list("text", flat=True))
    assert texts == [
        "Recorded as forming",
        "Now constituted",
        "Chose to invite Lancashire Fire and Rescue Service",
    ]
    assert Group.objects.get().stage == "constituted"


def test_a_follow_up_becomes_a_plan_action(community, personas, client):
    plan = plan_factories.plan(community)
    objective = plan_services_add_objective(plan)
    activity = services.record_activity(
        community,
        services.ActivityFields(
            date=date(2025, 3, 1),
            kind="conversation",
            organisation=personas.council,
            people=8,
            heard="Nowhere for teenagers to go",
        ),
        by=personas.olivia,
    )
    follow_up = services.add_follow_up(
        activity, text="Ask about a youth club", by=personas.olivia
    )
    client.force_login(personas.olivia)
    response = client.post(
        reverse("engagement:activity", args=[community.pk, activity.pk]),
        {
            "form": "action",
            "follow_up": follow_up.pk,
            "objective": objective.pk,
            "lead": personas.vcs.pk,
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.action.title == "Ask about a youth club"
    assert follow_up.action.you_said == "Nowhere for teenagers to go"
    assert follow_up.action.lead == personas.vcs


def plan_services_add_objective(plan):
    from hearth.plans import services as plans

    return plans.add_objective(plan, title="Things to do", by=None)


def test_merging_communities_moves_engagement(community, personas):
    from hearth.communities import curation

    other = plan_factories.community("Next door", ["E01000002"])
    services.record_activity(
        other,
        services.ActivityFields(
            date=date(2025, 3, 1),
            kind="survey",
            organisation=personas.council,
            people=3,
        ),
        by=None,
    )
    curation.merge(community, other, by=personas.olivia, note="One area")
    assert Activity.objects.get().community == community


def test_the_community_page_shows_the_reach_panel(community, personas, client):
    services.record_activity(
        community,
        services.ActivityFields(
            date=date(2025, 3, 1),
            kind="survey",
            organisation=personas.council,
            people=10,
            age={"aged_65_and_over": 10},
        ),
        by=None,
    )
    client.force_login(personas.olivia)
    body = client.get(
        reverse("communities:detail", args=[community.pk])
    ).content.decode()
    assert "Whose voices were heard" in body and "Under-represented" in body
    assert "<svg" in body
    plan_factories.plan(community)
    body = client.get(
        reverse("plans:step", args=[community.pk, "review"])
    ).content.decode()
    assert "Whose voices were heard" in body
