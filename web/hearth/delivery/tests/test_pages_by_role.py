"""Every delivery page, role by role: who gets it, who gets 403 or 404, and
who is sent to sign in."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from hearth.accounts.models import Organisation, Role
from hearth.accounts.tests.factories import OrganisationFactory, UserFactory
from hearth.delivery import services
from hearth.plans.tests import factories as plan_factories

from . import factories


@pytest.fixture
def setting(db, personas):
    """Olivia's Week of Action with Fire and Rescue (Priya's organisation) and
    the NHS (Nina's) coming; another event without Fire and Rescue; a request
    to each partner, with contact details."""
    community = plan_factories.community("Clayton Brook", ["E01000000", "E01000001"])
    plan = plan_factories.plan(community)
    action = plan_factories.action(plan, title="Week of Action", lead=personas.council)
    event = factories.event(
        community, lead=personas.council, plan_action=action, by=personas.olivia
    )
    factories.partner(event, personas.fire)
    nhs = OrganisationFactory(name="NHS Lancashire", kind=Organisation.Kind.NHS)
    nina = UserFactory(username="nina", roles=[(nhs, Role.PARTNER)])
    factories.partner(event, nhs)
    activity = services.add_activity(
        event,
        services.ActivityFields(
            organisation=personas.fire,
            title="Home fire safety check",
            date=event.start,
            starts=time(10),
            ends=time(12),
        ),
        by=personas.priya,
    )
    fire_request = factories.request(
        event, personas.fire, by=personas.priya, phone="01257 100100"
    )
    nhs_request = factories.request(
        event, nhs, service_name="Flu jab", by=nina, phone="01257 200200"
    )
    other = factories.event(
        plan_factories.community("Chorley East", ["E01000002"]),
        name="Chorley East fun day",
        lead=personas.council,
    )
    return {
        "event": event,
        "other": other,
        "activity": activity,
        "fire_invitation": event.invitations.get(organisation=personas.fire),
        "fire_request": fire_request,
        "nhs_request": nhs_request,
        "community": community,
        "nina": nina,
    }


def _status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def _check(client, personas, url, expected, method="get", data=None):
    for name, user in personas.all().items():
        want = expected.get(name, expected.get("*"))
        got = _status(client, user, url, method, data)
        assert got == want, (name, url, got, want)


VIEWERS = {"alice": 200, "anna": 200, "olivia": 200, "priya": 200, "cora": 200}
NO_ROLE = {"liam": 404, "max": 404, "charlie": 404, "resident": 302}


def test_the_event_list(setting, personas, client):
    _check(
        client,
        personas,
        reverse("delivery:events"),
        {**VIEWERS, "*": 403, "resident": 302},
    )
    _check(
        client,
        personas,
        reverse("delivery:events") + "?when=past",
        {**VIEWERS, "*": 403, "resident": 302},
    )


def test_pages_everyone_who_sees_the_event_may_read(setting, personas, client):
    pk = setting["event"].pk
    for url in (
        reverse("delivery:event", args=[pk]),
        reverse("delivery:event-history", args=[pk]),
        reverse("delivery:report", args=[pk]),
        reverse("delivery:report-download", args=[pk, "csv"]),
        reverse("delivery:report-download", args=[pk, "xlsx"]),
        reverse("delivery:report-download", args=[pk, "json"]),
    ):
        _check(client, personas, url, {**VIEWERS, **NO_ROLE})
    _check(
        client,
        personas,
        reverse("delivery:compare") + f"?event={pk}",
        {**VIEWERS, "*": 403, "resident": 302},
    )


def test_a_partner_does_not_see_events_its_organisation_is_not_part_of(
    setting, personas, client
):
    other = setting["other"].pk
    for url in (
        reverse("delivery:event", args=[other]),
        reverse("delivery:report", args=[other]),
        reverse("delivery:compare") + f"?event={other}",
    ):
        assert _status(client, personas.priya, url) == 404
        assert _status(client, personas.cora, url) == 200


def test_pages_only_organisers_use(setting, personas, client):
    pk = setting["event"].pk
    organisers = {
        "alice": 200,
        "olivia": 200,
        "anna": 403,
        "cora": 403,
        "priya": 403,
        **NO_ROLE,
    }
    for url in (
        reverse("delivery:event-edit", args=[pk]),
        reverse("delivery:event-venues", args=[pk]),
        reverse("delivery:event-invite", args=[pk]),
        reverse("delivery:event-copy", args=[pk]),
        reverse("delivery:report-to-plan", args=[pk]),
    ):
        _check(client, personas, url, organisers)
    _check(
        client,
        personas,
        reverse("delivery:event-status", args=[pk]),
        {
            "alice": 302,
            "olivia": 302,
            "anna": 403,
            "cora": 403,
            "priya": 403,
            **NO_ROLE,
        },
        method="post",
        data={"do": "publish"},
    )


def test_only_those_who_organise_an_event_reopen_it(setting, personas, client):
    from hearth.delivery.models import Event

    event = setting["event"]
    url = reverse("delivery:event-status", args=[event.pk])
    expected = {
        "alice": 302,
        "olivia": 302,
        "anna": 403,
        "cora": 403,
        "priya": 403,  # invited, not organising
        **NO_ROLE,
    }
    for name, user in personas.all().items():
        services.cancel(Event.objects.get(pk=event.pk), by=personas.olivia)
        got = _status(client, user, url, "post", {"do": "reopen"})
        assert got == expected[name], (name, got)
        reopened = Event.objects.get(pk=event.pk).status == Event.Status.DRAFT
        assert reopened == (name in ("alice", "olivia")), name
        services.cancel(Event.objects.get(pk=event.pk), by=personas.olivia)
    # A partner whose organisation leads an event organises it, and reopens it.
    own = factories.event(
        setting["community"], name="Fire station open day", lead=personas.fire
    )
    services.cancel(own, by=personas.priya)
    client.force_login(personas.priya)
    response = client.post(
        reverse("delivery:event-status", args=[own.pk]),
        {"do": "reopen", "reason": "New date agreed"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Event.Status.DRAFT
    assert own.history.first().summary == "Event reopened: New date agreed"
    assert own.history.first().by == personas.priya


def test_the_event_page_offers_reopening_to_its_organisers(setting, personas, client):
    event = setting["event"]
    services.cancel(event, by=personas.olivia)
    page = reverse("delivery:event", args=[event.pk])
    client.force_login(personas.olivia)
    body = client.get(page).content.decode()
    assert 'value="reopen"' in body and 'value="cancel"' not in body
    client.force_login(personas.cora)
    assert 'value="reopen"' not in client.get(page).content.decode()
    # Reopening what is not cancelled says why, and changes nothing.
    client.force_login(personas.olivia)
    url = reverse("delivery:event-status", args=[event.pk])
    client.post(url, {"do": "reopen"})
    response = client.post(url, {"do": "reopen"}, follow=True)
    assert "Only a cancelled event can be reopened" in response.content.decode()
    assert event.history.filter(action="reopened").count() == 1
    assert client.post(url, {"do": "nonsense"}).status_code == 404


def test_planning_a_new_event(setting, personas, client):
    _check(
        client,
        personas,
        reverse("delivery:event-new"),
        {"alice": 200, "olivia": 200, "priya": 200, "*": 403, "resident": 302},
    )


def test_signing_up_and_adding_activities(setting, personas, client):
    pk = setting["event"].pk
    respond = reverse("delivery:respond", args=[pk, setting["fire_invitation"].pk])
    _check(
        client,
        personas,
        respond,
        {
            "alice": 200,
            "olivia": 200,
            "priya": 200,
            "anna": 403,
            "cora": 403,
            **NO_ROLE,
        },
    )
    assert _status(client, setting["nina"], respond) == 403
    _check(
        client,
        personas,
        reverse("delivery:activity-new", args=[pk]),
        {
            "alice": 200,
            "olivia": 200,
            "priya": 200,
            "anna": 403,
            "cora": 403,
            **NO_ROLE,
        },
    )
    edit = reverse("delivery:activity", args=[pk, setting["activity"].pk])
    _check(
        client,
        personas,
        edit,
        {
            "alice": 200,
            "olivia": 200,
            "priya": 200,
            "anna": 403,
            "cora": 403,
            **NO_ROLE,
        },
    )
    # Nina's organisation is coming, but the activity is Fire and Rescue's.
    assert _status(client, setting["nina"], edit) == 403


def test_recording_and_importing_requests(setting, personas, client):
    pk = setting["event"].pk
    expected = {
        "alice": 200,
        "olivia": 200,
        "priya": 200,
        "anna": 403,
        "cora": 403,
        **NO_ROLE,
    }
    _check(client, personas, reverse("delivery:request-new", args=[pk]), expected)
    _check(client, personas, reverse("delivery:request-import", args=[pk]), expected)


def test_the_request_queue_and_its_exports(setting, personas, client):
    expected = {"alice": 200, "olivia": 200, "priya": 200, "*": 403, "resident": 302}
    for url in (
        reverse("delivery:requests"),
        reverse("delivery:requests-export", args=["csv"]),
        reverse("delivery:requests-export", args=["xlsx"]),
        reverse("delivery:requests-export", args=["csv"]) + "?contacts=1",
    ):
        _check(client, personas, url, expected)


def test_one_request(setting, personas, client):
    url = reverse("delivery:request", args=[setting["fire_request"].pk])
    _check(
        client,
        personas,
        url,
        {"alice": 200, "olivia": 200, "priya": 200, "*": 404, "resident": 302},
    )
    assert _status(client, setting["nina"], url) == 404


def test_the_lists_the_council_manages(setting, personas, client):
    expected = {"alice": 200, "olivia": 200, "*": 403, "resident": 302}
    for url in (
        reverse("delivery:lists"),
        reverse("delivery:list-new", args=["services"]),
        reverse("delivery:list-new", args=["activity-types"]),
    ):
        _check(client, personas, url, expected)


def test_the_gazetteer_pages(setting, personas, client):
    readers = {"alice": 200, "anna": 200, "olivia": 200, "*": 403, "resident": 302}
    _check(client, personas, reverse("delivery:addresses"), readers)
    _check(
        client,
        personas,
        reverse("delivery:addresses-community", args=[setting["community"].pk]),
        readers,
    )
    _check(
        client,
        personas,
        reverse("delivery:addresses-import"),
        {"alice": 200, "anna": 200, "*": 403, "resident": 302},
    )
    pk = setting["event"].pk
    walk = {
        "olivia": 200,
        "alice": 403,
        "anna": 403,
        "cora": 403,
        "priya": 403,
        **NO_ROLE,
    }
    _check(client, personas, reverse("delivery:walk-list", args=[pk, "csv"]), walk)
    _check(client, personas, reverse("delivery:walk-list", args=[pk, "xlsx"]), walk)


def test_residents_see_a_timetable_only_once_it_is_published(setting, personas, client):
    event = setting["event"]
    timetable = reverse("delivery:timetable", args=[event.pk])
    calendar = reverse("delivery:calendar", args=[event.pk])
    _check(
        client,
        personas,
        timetable,
        {**VIEWERS, "liam": 404, "max": 404, "charlie": 404, "resident": 404},
    )
    _check(client, personas, calendar, {"*": 404})
    _check(client, personas, reverse("delivery:whats-on"), {"*": 200})
    assert event.name not in client.get(reverse("delivery:whats-on")).content.decode()
    services.publish(event, by=personas.olivia)
    _check(client, personas, timetable, {"*": 200})
    _check(client, personas, calendar, {"*": 200})
    client.logout()
    assert event.name in client.get(reverse("delivery:whats-on")).content.decode()


def test_a_cancelled_event_is_read_only(setting, personas, client):
    event = setting["event"]
    services.cancel(event, by=personas.olivia)
    assert (
        _status(client, personas.olivia, reverse("delivery:event", args=[event.pk]))
        == 200
    )
    assert (
        _status(
            client, personas.olivia, reverse("delivery:event-edit", args=[event.pk])
        )
        == 403
    )
    assert (
        _status(
            client, personas.priya, reverse("delivery:activity-new", args=[event.pk])
        )
        == 403
    )
    assert (
        _status(
            client, personas.priya, reverse("delivery:request-new", args=[event.pk])
        )
        == 403
    )
    assert (
        _status(
            client,
            personas.priya,
            reverse("delivery:respond", args=[event.pk, setting["fire_invitation"].pk]),
        )
        == 403
    )
    # The organiser may still plan the next one from it.
    assert (
        _status(
            client, personas.olivia, reverse("delivery:event-copy", args=[event.pk])
        )
        == 200
    )


def test_a_partner_whose_group_hosts_an_event_organises_that_event_only(
    setting, personas, client
):
    from hearth.engagement.models import Group

    residents = OrganisationFactory(
        name="Clayton Brook Residents", kind=Organisation.Kind.VCS
    )
    rita = UserFactory(username="rita", roles=[(residents, Role.PARTNER)])
    group = Group.objects.create(
        name="Clayton Brook Residents",
        community=setting["community"],
        organisation=residents,
    )
    hosted = factories.event(
        setting["community"],
        name="Village hall health day",
        lead=residents,
        host_group=group,
        kind="health_event",
    )
    for url in (
        reverse("delivery:event-edit", args=[hosted.pk]),
        reverse("delivery:event-invite", args=[hosted.pk]),
        reverse("delivery:activity-new", args=[hosted.pk]),
    ):
        assert _status(client, rita, url) == 200
    assert (
        _status(client, rita, reverse("delivery:event", args=[setting["event"].pk]))
        == 404
    )
    assert (
        _status(client, rita, reverse("delivery:event-new") + f"?group={group.pk}")
        == 200
    )
