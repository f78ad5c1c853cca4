"""Planning an event: targets, invitations and answers, activities, gaps,
group-led events, copies, the plan action, community merges."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hearth.accounts.models import Organisation, Role
from hearth.accounts.tests.factories import OrganisationFactory, UserFactory, council
from hearth.delivery import queries, services
from hearth.delivery.models import ActivityType, EventActivity, Invitation
from hearth.plans.tests import factories as plan_factories

from . import factories

pytestmark = pytest.mark.django_db


def _fields(community, **extra):
    today = timezone.localdate()
    values = {
        "name": "Week of Action",
        "kind": "week_of_action",
        "start": today,
        "end": today + timedelta(days=4),
        "lead": council(),
        "communities": [community],
    }
    values.update(extra)
    return services.EventFields(**values)


def test_an_event_targets_its_communities_lsoas_and_any_others():
    community = plan_factories.community("Clayton Brook", ["E01000000", "E01000001"])
    event = services.create_event(_fields(community, areas=["e01000003"]), by=None)
    assert event.target_codes() == ["E01000000", "E01000001", "E01000003"]
    assert event.history.first().summary == "Event planned: Week of Action"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "  "}, "Enter the event's name"),
        ({"kind": "party"}, "not a kind of event"),
        ({"areas": ["E01999999"]}, "not LSOA 2021 codes Hearth knows: E01999999"),
        ({"communities": [], "areas": []}, "Choose at least one community or LSOA"),
        ({"wanted_kinds": ["wizards"]}, "wizards is not a kind of organisation"),
    ],
)
def test_a_bad_event_is_refused_with_a_reason(change, message):
    community = plan_factories.community()
    with pytest.raises(services.DeliveryError, match=message):
        services.create_event(_fields(community, **change), by=None)


def test_the_last_day_cannot_come_before_the_first():
    community = plan_factories.community()
    today = timezone.localdate()
    with pytest.raises(services.DeliveryError, match="same as or after the first day"):
        services.create_event(
            _fields(community, start=today, end=today - timedelta(days=1)), by=None
        )


def test_partners_are_invited_answer_and_their_users_are_emailed(
    django_capture_on_commit_callbacks,
):
    event = factories.event()
    fire = OrganisationFactory(
        name="Lancashire Fire and Rescue Service", kind="fire_rescue"
    )
    nhs = OrganisationFactory(name="NHS Lancashire and South Cumbria", kind="nhs")
    UserFactory(username="priya", roles=[(fire, Role.PARTNER)])
    with django_capture_on_commit_callbacks(execute=True):
        made = services.invite(
            event,
            [fire, nhs, event.lead],
            by=None,
            message="Home fire checks, please",
            link="https://hearth.example/delivery/events/1/",
        )
    assert [i.organisation for i in made] == [fire, nhs]  # the lead is not invited
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["priya@example.org"]
    assert "Home fire checks, please" in mail.outbox[0].body
    assert "https://hearth.example/delivery/events/1/" in mail.outbox[0].body
    # Inviting again keeps the answer.
    services.respond(event.invitations.get(organisation=fire), accept=True, by=None)
    assert services.invite(event, [fire], by=None) == []
    assert event.invitations.get(organisation=fire).status == Invitation.Status.ACCEPTED
    assert [o.name for o in services.taking_part(event)] == [
        "Chorley Council",
        "Lancashire Fire and Rescue Service",
    ]


def test_the_gaps_name_missing_partners_and_activities():
    health = ActivityType.objects.get(name="Health check")
    event = factories.event(
        wanted_kinds=["nhs", "fire_rescue"], wanted_activities=[health]
    )
    assert [g.message for g in queries.gaps(event)] == [
        "No health partner yet",
        "No fire and rescue partner yet",
        "No health check on the timetable yet",
    ]
    factories.partner(event)
    nhs = factories.partner(event, name="NHS Lancashire", kind=Organisation.Kind.NHS)
    assert [g.message for g in queries.gaps(event)] == [
        "No health check on the timetable yet"
    ]
    services.add_activity(
        event,
        services.ActivityFields(
            organisation=nhs, title="", activity_type=health, date=event.start
        ),
        by=None,
    )
    assert queries.gaps(event) == []


def test_an_activity_belongs_to_a_partner_that_is_coming_on_a_day_of_the_event():
    event = factories.event(days=2)
    fire = OrganisationFactory(name="Fire", kind="fire_rescue")
    fields = services.ActivityFields(
        organisation=fire, title="Home fire safety check", date=event.start
    )
    with pytest.raises(services.DeliveryError, match="has not accepted the invitation"):
        services.add_activity(event, fields, by=None)
    factories.partner(event, fire)
    fields.date = event.end + timedelta(days=1)
    with pytest.raises(services.DeliveryError, match="must be on a day of the event"):
        services.add_activity(event, fields, by=None)
    fields.date, fields.starts, fields.ends = event.start, time(14), time(13)
    with pytest.raises(services.DeliveryError, match="must end after it starts"):
        services.add_activity(event, fields, by=None)
    fields.ends = time(16)
    activity = services.add_activity(event, fields, by=None)
    assert activity.title == "Home fire safety check"


def test_a_partner_that_declines_has_its_planned_activities_cancelled():
    event = factories.event()
    fire = factories.partner(event)
    activity = services.add_activity(
        event,
        services.ActivityFields(organisation=fire, title="Checks", date=event.start),
        by=None,
    )
    services.respond(
        event.invitations.get(organisation=fire),
        accept=False,
        note="No crews free",
        by=None,
    )
    activity.refresh_from_db()
    assert activity.status == EventActivity.Status.CANCELLED
    assert "1 planned activity cancelled" in event.history.first().summary


def test_a_cancelled_event_is_reopened_as_it_was():
    from hearth.delivery.models import Event

    event = factories.event()
    fire = factories.partner(event)
    services.publish(event, by=None)
    services.cancel(event, by=None, reason="Venue flooded")
    with pytest.raises(services.DeliveryError, match="The event is cancelled"):
        services.respond(
            event.invitations.get(organisation=fire), accept=False, by=None
        )
    event = services.reopen(event, by=None, reason="Venue dried out")
    assert event.status == Event.Status.PUBLISHED
    assert Event.objects.published().filter(pk=event.pk).exists()
    change = event.history.first()
    assert change.action == "reopened"
    assert change.summary == (
        "Event reopened; its timetable is public again: Venue dried out"
    )
    # Everything kept stands again: the partner can answer, activities go on.
    services.respond(event.invitations.get(organisation=fire), accept=True, by=None)
    services.add_activity(
        event,
        services.ActivityFields(organisation=fire, title="Checks", date=event.start),
        by=None,
    )


def test_an_event_cancelled_before_it_was_published_is_reopened_as_a_draft():
    from hearth.delivery.models import Event

    event = factories.event()
    services.cancel(event, by=None)
    event = services.reopen(event, by=None)
    assert event.status == Event.Status.DRAFT
    assert not event.is_public
    assert event.history.first().summary == "Event reopened"


def test_only_a_cancelled_event_can_be_reopened():
    event = factories.event()
    with pytest.raises(services.DeliveryError, match="Only a cancelled event"):
        services.reopen(event, by=None)
    assert not event.history.filter(action="reopened").exists()


def test_a_group_led_event_invites_the_services_the_group_chose():
    from hearth.engagement.models import Group

    community = plan_factories.community()
    residents = OrganisationFactory(name="Clayton Brook Residents", kind="vcs")
    group = Group.objects.create(
        name="Clayton Brook Residents", community=community, organisation=residents
    )
    fire = OrganisationFactory(name="Fire", kind="fire_rescue")
    nhs = OrganisationFactory(name="NHS", kind="nhs")
    group.invited.set([fire, nhs])
    event = services.create_event(
        _fields(community, kind="health_event", lead=residents, host_group=group),
        by=None,
    )
    assert event.group_led
    assert sorted(i.organisation.name for i in event.invitations.all()) == [
        "Fire",
        "NHS",
    ]
    assert all(i.chosen_by_group for i in event.invitations.all())


def test_a_group_without_an_organisation_cannot_host():
    from hearth.engagement.models import Group

    community = plan_factories.community()
    group = Group.objects.create(name="New group", community=community)
    with pytest.raises(services.DeliveryError, match="has no organisation in Hearth"):
        services.create_event(_fields(community, host_group=group), by=None)


def test_copying_an_event_plans_the_next_one():
    event = factories.event(days=3)
    fire = factories.partner(event)
    services.add_activity(
        event,
        services.ActivityFields(
            organisation=fire,
            title="Home fire safety check",
            date=event.start + timedelta(days=1),
            starts=time(10),
            ends=time(12),
            capacity=20,
            staff=4,
            people_reached=35,
            status="done",
        ),
        by=None,
    )
    start = event.start + timedelta(days=182)
    copy = services.copy_event(
        event, name="Spring Week of Action", start=start, by=None
    )
    assert (copy.start, copy.end) == (start, start + timedelta(days=2))
    assert copy.copied_from == event
    assert list(copy.communities.all()) == list(event.communities.all())
    invitation = copy.invitations.get()
    assert (invitation.organisation, invitation.status) == (
        fire,
        Invitation.Status.INVITED,
    )
    moved = copy.activities.get()
    assert moved.date == start + timedelta(days=1)
    assert (moved.capacity, moved.staff, moved.people_reached, moved.status) == (
        20,
        4,
        None,
        "planned",
    )
    assert [e.pk for e in queries.series(copy)] == [event.pk, copy.pk]


def test_the_outcome_is_recorded_on_the_plan_action():
    community = plan_factories.community()
    plan = plan_factories.plan(community)
    action = plan_factories.action(plan, title="Week of Action")
    event = factories.event(community, plan_action=action)
    services.report_to_plan(
        event, note="32 partners; 150 smoke alarm requests", by=None
    )
    update = action.updates.get()
    assert update.note == "32 partners; 150 smoke alarm requests"


def test_a_merged_community_hands_its_events_to_the_survivor():
    from hearth.communities import curation

    one = plan_factories.community("Clayton Brook", ["E01000000"])
    two = plan_factories.community("Clayton Green", ["E01000001"])
    event = factories.event(two)
    curation.merge(one, two, by=None, note="One neighbourhood")
    event.refresh_from_db()
    assert list(event.communities.all()) == [one]
