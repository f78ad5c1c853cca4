"""Plan pages role by role, the forms, the public page and the feeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.tests.factories import OrganisationFactory
from hearth.plans import services
from hearth.plans.models import Action, ActionUpdate, Plan

from . import factories


@pytest.fixture
def setting(db, personas):
    """A plan naming Fire and Rescue (priya's organisation), and one that does not."""
    community = factories.community("Clayton Brook", ["E01000000", "E01000001"])
    plan = factories.plan(community, by=personas.olivia)
    action = factories.action(plan, lead=personas.fire, title="Fire checks")
    internal = factories.action(
        plan, lead=personas.council, title="Budget bid", is_public=False
    )
    services.add_note(
        plan,
        step="background",
        category="history",
        text="Mill closed in 1980",
        source="Local history society",
        noted_on=timezone.localdate(),
        by=personas.olivia,
    )
    other = factories.plan(factories.community("Chorley East", ["E01000002"]))
    factories.action(other, lead=personas.vcs, title="Youth club")
    return plan, action, internal, other


def _status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


VIEWERS = {"alice", "anna", "olivia", "cora", "priya"}


def test_who_sees_a_plan(setting, personas, client):
    plan, action, _internal, other = setting
    pages = [
        reverse("plans:plan", args=[plan.community_id]),
        reverse("plans:step", args=[plan.community_id, "plan"]),
        reverse("plans:action", args=[plan.community_id, action.pk]),
        reverse("plans:milestones", args=[plan.community_id]),
        reverse("plans:logic-model", args=[plan.community_id]),
        reverse("plans:history", args=[plan.community_id]),
        reverse("plans:export", args=[plan.community_id, "csv"]),
    ]
    for url in pages:
        for name, user in personas.all().items():
            status = _status(client, user, url)
            if user is None:
                assert status == 302, (name, url)
            elif name in VIEWERS:
                assert status == 200, (name, url)
            else:
                assert status == 404, (name, url)
    # Fire and Rescue is not named in the other plan.
    assert (
        _status(
            client, personas.priya, reverse("plans:plan", args=[other.community_id])
        )
        == 404
    )
    assert (
        _status(client, personas.cora, reverse("plans:plan", args=[other.community_id]))
        == 200
    )


def test_the_plan_list_shows_each_user_only_their_plans(setting, personas, client):
    _plan, _a, _i, _other = setting
    client.force_login(personas.priya)
    body = client.get(reverse("plans:list")).content.decode()
    assert "Clayton Brook" in body and "Chorley East" not in body
    client.force_login(personas.cora)
    body = client.get(reverse("plans:list")).content.decode()
    assert "Clayton Brook" in body and "Chorley East" in body
    for name in ("liam", "max", "charlie"):
        assert _status(client, getattr(personas, name), reverse("plans:list")) == 403
    client.force_login(personas.priya)
    data = client.get(reverse("plans:export-all", args=["json"])).json()
    assert [c["name"] for c in data["communities"]] == ["Clayton Brook"]


def test_partners_do_not_see_the_officers_notes(setting, personas, client):
    plan, *_ = setting
    url = reverse("plans:step", args=[plan.community_id, "background"])
    client.force_login(personas.olivia)
    assert "Mill closed in 1980" in client.get(url).content.decode()
    client.force_login(personas.priya)
    body = client.get(url).content.decode()
    assert "Mill closed in 1980" not in body and "Add a note" not in body


def test_only_officers_change_the_plan(setting, personas, client):
    plan, action, *_ = setting
    cid = plan.community_id
    posts = [
        (reverse("plans:settings", args=[cid]), {"summary": "x"}),
        (
            reverse("plans:step", args=[cid, "background"]),
            {"form": "state", "state": "done"},
        ),
        (reverse("plans:objective-new", args=[cid]), {"title": "New"}),
        (reverse("plans:milestones", args=[cid]), {}),
        (
            reverse("plans:logic-model", args=[cid]),
            {"form": "model", "model-situation": "x"},
        ),
        (reverse("plans:action-edit", args=[cid, action.pk]), {"title": "x"}),
        (reverse("plans:import", args=[cid]), {}),
    ]
    for url, data in posts:
        for name in ("anna", "cora", "priya"):
            assert _status(client, getattr(personas, name), url, "post", data) == 403, (
                name,
                url,
            )
    client.force_login(personas.olivia)
    response = client.post(
        reverse("plans:step", args=[cid, "background"]),
        {"form": "state", "state": "done"},
    )
    assert response.status_code == 302
    assert plan.steps.get(key="background").state == "done"


def test_a_partner_updates_their_own_action_only(setting, personas, client):
    plan, action, internal, _other = setting
    today = timezone.localdate()
    data = {
        "on_day": today.day,
        "on_month": today.month,
        "on_year": today.year,
        "note": "Checked 12 homes",
        "status": "in_progress",
        "progress": "30",
    }
    url = reverse("plans:action", args=[plan.community_id, action.pk])
    client.force_login(personas.priya)
    assert client.post(url, data).status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.by, update.organisation) == (personas.priya, personas.fire)
    assert Action.objects.get(pk=action.pk).progress == 30
    # The council's action is not Fire and Rescue's to update.
    other_url = reverse("plans:action", args=[plan.community_id, internal.pk])
    assert client.post(other_url, data).status_code == 403
    body = client.get(other_url).content.decode()
    assert "Record an update" not in body
    # A councillor reads but does not update.
    assert _status(client, personas.cora, url, "post", data) == 403


def test_forms_show_govuk_error_summaries(setting, personas, client):
    plan, action, *_ = setting
    client.force_login(personas.olivia)
    url = reverse("plans:action", args=[plan.community_id, action.pk])
    response = client.post(
        url,
        {
            "on_day": "31",
            "on_month": "2",
            "on_year": "2025",
            "note": "",
            "status": "done",
            "progress": "150",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Date must be a real date" in body
    assert 'href="#id_on_day"' in body and 'id="id_on_day"' in body
    assert "Enter what was done" in body
    assert "Progress must be 100 or less" in body
    response = client.post(
        reverse("plans:action-new", args=[plan.community_id])
        + f"?objective={action.objective_id}",
        {
            "title": "",
            "status": "done",
            "progress": "1",
            "involvement": "inform",
            "start_day": "1",
            "start_month": "5",
            "start_year": "2025",
            "due_day": "1",
            "due_month": "4",
            "due_year": "2025",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose the lead organisation" in body
    assert "The due date must be on or after the start date" in body


def test_officers_take_a_plan_through_its_forms(setting, personas, client):
    plan, _action, *_ = setting
    cid = plan.community_id
    client.force_login(personas.olivia)
    today = timezone.localdate()
    day = {"day": today.day, "month": today.month, "year": today.year}
    r = client.post(
        reverse("plans:objective-new", args=[cid]), {"title": "Healthier lives"}
    )
    assert r.status_code == 302
    objective = plan.objectives.get(title="Healthier lives")
    r = client.post(
        reverse("plans:action-new", args=[cid]),
        {
            "objective": objective.pk,
            "title": "Walking group",
            "lead": personas.vcs.pk,
            "partners": [personas.council.pk],
            "status": "in_progress",
            "progress": "20",
            "involvement": "empower",
            "community_lead": "Clayton Brook Residents' Association",
            "you_said": "Somewhere safe to walk",
            "is_public": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    walk = Action.objects.get(title="Walking group")
    assert walk.involvement == "empower" and list(walk.partners.all()) == [
        personas.council
    ]
    milestones = {f"evidence-reached_on_{k}": v for k, v in day.items()}
    r = client.post(reverse("plans:milestones", args=[cid]), milestones)
    assert r.status_code == 302
    assert plan.milestones.get(key="evidence").reached_on == today
    r = client.post(
        reverse("plans:logic-model", args=[cid]),
        {
            "form": "outcome",
            "outcome-term": "medium",
            "outcome-text": "People feel safer",
            **{f"outcome-first_recorded_{k}": v for k, v in day.items()},
        },
    )
    assert r.status_code == 302
    assert plan.outcomes.get().term == "medium"
    r = client.post(
        reverse("plans:schedule-review", args=[cid]),
        {f"schedule-due_{k}": v for k, v in day.items()},
    )
    assert r.status_code == 302
    review = plan.reviews.get()
    r = client.post(
        reverse("plans:review", args=[cid, review.pk]),
        {
            **{f"held_on_{k}": v for k, v in day.items()},
            "learnt": "Walks work",
            "changes": "",
        },
    )
    assert r.status_code == 302
    review.refresh_from_db()
    assert review.learnt == "Walks work"
    r = client.post(
        reverse("plans:settings", args=[cid]),
        {
            "summary": "Safer, healthier Clayton Brook",
            "officer": personas.olivia.pk,
            "is_public": "on",
        },
    )
    assert r.status_code == 302
    assert Plan.objects.get(pk=plan.pk).is_public
    for key in ("background", "people", "services", "plan", "deliver", "review"):
        assert client.get(reverse("plans:step", args=[cid, key])).status_code == 200, (
            key
        )
    assert client.get(reverse("plans:overdue")).status_code == 200


def test_the_public_page_shows_only_what_residents_may_see(setting, personas, client):
    plan, action, _internal, _other = setting
    url = reverse("community_plans:plan", args=[plan.community_id])
    assert client.get(url).status_code == 404  # not published yet
    services.edit_plan(
        plan, summary="Safer homes", officer=personas.olivia, is_public=True, by=None
    )
    today = timezone.localdate()
    services.record_update(
        action,
        on=today,
        note="40 homes checked",
        progress=40,
        is_public=True,
        by=personas.priya,
        organisation=personas.fire,
    )
    services.record_update(
        action,
        on=today,
        note="Staff shortage in June",
        progress=40,
        by=personas.priya,
        organisation=personas.fire,
    )
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fire checks" in body and "40 homes checked" in body
    assert "Budget bid" not in body  # internal action
    assert "Staff shortage" not in body  # internal update
    assert "Mill closed" not in body  # officers' notes
    assert "priya" not in body and "olivia" not in body  # no users
    assert "Under way" in body
    listing = client.get(reverse("community_plans:list")).content.decode()
    assert "Clayton Brook" in listing and "Chorley East" not in listing
    feed = client.get(reverse("community_plans:calendar", args=[plan.community_id]))
    assert feed["Content-Type"].startswith("text/calendar")


def test_calendar_feeds_give_due_dates_behind_a_secret_address(
    setting, personas, client
):
    plan, action, internal, _other = setting
    due = timezone.localdate() + timedelta(days=30)
    Action.objects.filter(pk__in=[action.pk, internal.pk]).update(due=due)
    services.schedule_review(plan, due=due, by=None)
    feed = client.get(reverse("plans:calendar-feed", args=[plan.calendar_token]))
    text = feed.content.decode()
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in text
    assert text.count("BEGIN:VEVENT") == 3  # two actions and the review
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in text
    assert f"UID:plan-action-{action.pk}@" in text
    assert client.get(reverse("plans:calendar-feed", args=["wrong"])).status_code == 404
    old = plan.calendar_token
    client.force_login(personas.olivia)
    client.post(reverse("plans:calendar", args=[plan.community_id]))
    client.logout()
    assert client.get(reverse("plans:calendar-feed", args=[old])).status_code == 404
    services.edit_plan(plan, summary="", officer=None, is_public=True, by=None)
    public = client.get(reverse("community_plans:calendar", args=[plan.community_id]))
    assert public.content.decode().count("BEGIN:VEVENT") == 1  # the public action only


def test_the_community_page_shows_the_plan_panel(setting, personas, client):
    plan, *_ = setting
    client.force_login(personas.olivia)
    body = client.get(
        reverse("communities:detail", args=[plan.community_id])
    ).content.decode()
    assert (
        "Community plan" in body
        and reverse("plans:plan", args=[plan.community_id]) in body
    )
    fresh = factories.community("Astley", ["E01000003"])
    body = client.get(reverse("communities:detail", args=[fresh.pk])).content.decode()
    assert "Start a plan" in body
    response = client.post(reverse("plans:start", args=[fresh.pk]))
    assert response.status_code == 302 and Plan.objects.filter(community=fresh).exists()


def test_web_import_names_the_lines_and_changes_nothing(setting, personas, client):
    plan, *_ = setting
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.olivia)
    upload = SimpleUploadedFile(
        "plan.csv",
        b"objective,action,lead_organisation\nA,B,Nobody Ltd\nA,C,\n",
        content_type="text/csv",
    )
    response = client.post(
        reverse("plans:import", args=[plan.community_id]), {"file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "line 3, column lead_organisation: is empty" in body
    assert not plan.objectives.filter(title="A").exists()
    OrganisationFactory(name="Nobody Ltd")
    upload = SimpleUploadedFile(
        "plan.csv",
        b"objective,action,lead_organisation\nA,B,nobody ltd\n",
        content_type="text/csv",
    )
    response = client.post(
        reverse("plans:import", args=[plan.community_id]), {"file": upload}
    )
    assert response.status_code == 302
    assert plan.objectives.get(title="A").actions.get().lead.name == "Nobody Ltd"


def test_html_in_plan_text_is_escaped(setting, personas, client):
    plan, action, *_ = setting
    Action.objects.filter(pk=action.pk).update(title="<script>alert(1)</script>")
    services.edit_plan(
        plan, summary="<b>bold</b>", officer=None, is_public=True, by=None
    )
    body = client.get(
        reverse("community_plans:plan", args=[plan.community_id])
    ).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert "<b>bold</b>" not in body
