"""Retention, subject access, erasure and reminders: the jobs that keep data in order."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.directory.models import Organization
from hearth.directory.tests.factories import make_service
from hearth.referrals import services
from hearth.referrals.models import OnwardReferral, Referral

from .factories import make_referral


def run(*args: str) -> str:
    out = StringIO()
    call_command("referrals", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def walking(england, provider):
    org = Organization.objects.create(
        name="Chorley Walking Group", account=provider.memberships.get().organisation
    )
    return make_service(org, name="Walk and talk")


def _closed(personas, days_ago: int, **fields) -> Referral:
    today = timezone.localdate()
    referral = make_referral(
        personas.vcs,
        received_on=today - datetime.timedelta(days=days_ago + 20),
        **fields,
    )
    services.record_contact(
        referral,
        on=referral.received_on + datetime.timedelta(days=3),
        reached=True,
        way="phone",
        note="Spoke to her",
        by=personas.liam,
    )
    services.record_measures(
        referral,
        stage="baseline",
        on=referral.received_on + datetime.timedelta(days=3),
        swemwbs_items=[2] * 7,
        ons4={},
        loneliness="",
        by=personas.liam,
    )
    services.close(
        referral,
        on=today - datetime.timedelta(days=days_ago),
        reason="goals_met",
        note="All good",
        by=personas.liam,
    )
    return referral


def test_retention_anonymises_closed_referrals_after_the_period(
    personas, walking, settings
):
    settings.HEARTH_REFERRAL_RETENTION_DAYS = 365
    old = _closed(personas, 400)
    services.refer_on(
        make_referral(personas.vcs), service=walking, message="", by=personas.liam
    )  # open: kept
    recent = _closed(personas, 100)
    dry = run("retention", "--dry-run")
    assert (
        f"{old.reference} (closed" in dry
        and "1 referral closed more than 365 days ago would be anonymised" in dry
    )
    assert Referral.objects.get(pk=old.pk).anonymised_at is None
    result = json.loads(run("retention", "--format", "json"))
    assert result == {
        "dry_run": False,
        "retention_days": 365,
        "anonymised": [old.reference],
    }
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert (
        old.given_name,
        old.family_name,
        old.nhs_number,
        old.phone,
        old.postcode,
    ) == ("", "", "", "", "")
    assert (
        old.date_of_birth is None and old.referrer_name == "" and old.reason_notes == ""
    )
    # What reports count is kept, with the real dates moved to the 1st of the month.
    assert old.reasons == ["loneliness", "low_mood"] and old.lsoa21 == "E01000000"
    assert old.received_on.day == 1 and (old.contacted_on - old.received_on).days == 3
    assert all(e.note == "" and e.by is None for e in old.events.all())
    assert old.measures.get().swemwbs_raw == 14
    assert recent.__class__.objects.get(pk=recent.pk).anonymised_at is None
    # It no longer shows in any caseload, and is not anonymised twice.
    assert not Referral.objects.held_by({personas.vcs.pk}).filter(pk=old.pk).exists()
    assert "0 referrals" in run("retention")
    assert AuditEvent.objects.filter(
        object_id=str(old.pk), changes__icontains="retention"
    ).exists()


def test_subject_access_exports_everything_held(client, personas, walking):
    referral = make_referral(personas.vcs, link_worker=personas.liam)
    services.refer_on(
        referral, service=walking, message="Likes walking", by=personas.liam
    )
    client.force_login(personas.liam)
    client.get(f"/referrals/{referral.pk}/")
    make_referral(personas.vcs, family_name="Someone", nhs_number="")  # not her
    client.force_login(personas.alice)
    found = client.get("/referrals/data-protection/", {"nhs_number": "943 476 5919"})
    assert [r.pk for r in found.context["found"]] == [referral.pk]
    response = client.post(
        "/referrals/data-protection/export/", {"referral": [str(referral.pk)]}
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith(
        "attachment"
    )
    body = json.loads(response.content)
    item = body["referrals"][0]
    assert (
        item["person"]["family_name"] == "Hilton"
        and item["person"]["date_of_birth"] == "1948-05-17"
    )
    assert item["referred_on_to"][0]["message_to_the_service"] == "Likes walking"
    assert any(v["who"] == "liam" for v in item["who_viewed_it"])
    assert "University of Warwick" in body["note"]
    assert AuditEvent.objects.filter(
        action="export", object_id=str(referral.pk), actor=personas.alice
    ).exists()


def test_erasure_removes_the_person_and_keeps_anonymous_counts(
    client, personas, walking
):
    referral = make_referral(personas.vcs)
    onward = services.refer_on(
        referral, service=walking, message="Likes walking", by=personas.liam
    )
    client.force_login(personas.alice)
    refused = client.post(
        "/referrals/data-protection/erase/", {"referral": [str(referral.pk)]}
    )
    assert (
        refused.status_code == 302
        and Referral.objects.get(pk=referral.pk).anonymised_at is None
    )
    client.post(
        "/referrals/data-protection/erase/",
        {"referral": [str(referral.pk)], "confirm": "erase"},
    )
    referral.refresh_from_db()
    onward.refresh_from_db()
    assert referral.anonymised_at and referral.status == Referral.Status.CLOSED
    assert (
        referral.family_name == ""
        and onward.message == ""
        and onward.status == OnwardReferral.Status.WITHDRAWN
    )
    assert not client.get(
        "/referrals/data-protection/", {"nhs_number": "9434765919"}
    ).context["found"]
    client.force_login(personas.olivia)
    assert (
        client.get("/referrals/reports/").context["report"].total is None
    )  # still counted: 1, shown as <5
    assert Referral.objects.count() == 1


def test_unanswered_onward_referrals_are_flagged_and_reminders_go_out(
    client, personas, walking, provider
):
    referral = make_referral(personas.vcs, link_worker=personas.liam)
    onward = services.refer_on(referral, service=walking, message="", by=personas.liam)
    fresh = services.refer_on(
        make_referral(personas.vcs),
        service=make_service(walking.organization, name="Tea club"),
        message="",
        by=personas.liam,
    )
    OnwardReferral.objects.filter(pk=onward.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=15)
    )
    onward.refresh_from_db()
    assert onward.overdue and not fresh.overdue
    # The link worker sees the flag.
    client.force_login(personas.liam)
    assert (
        "No answer for 15 days"
        in client.get(f"/referrals/{referral.pk}/").content.decode()
    )
    assert "No answer from a service" in client.get("/referrals/").content.decode()
    dry = run("reminders", "--dry-run")
    assert (
        f"{referral.reference} to Walk and talk: unanswered for 15 days" in dry
        and "would remind" in dry
    )
    assert mail.outbox == []
    text = run("reminders", "--base-url", "https://hearth.example.gov.uk")
    assert "1 onward referral unanswered for 14+ days: reminded." in text
    assert len(mail.outbox) == 2
    to_service, to_link_worker = mail.outbox
    assert (
        to_service.to == [provider.email]
        and "https://hearth.example.gov.uk/referrals/services/" in to_service.body
    )
    assert to_link_worker.to == [personas.liam.email]
    for message in mail.outbox:
        for text in ("Margaret", "Hilton", "9434765919", "01257 123456", "PR7"):
            assert text not in message.subject + message.body
    onward.refresh_from_db()
    assert onward.reminders == 1
    # Not again until a week has passed.
    assert "0 onward referrals" in run("reminders")
    OnwardReferral.objects.filter(pk=onward.pk).update(
        last_reminded_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert "1 onward referral" in run("reminders")
    # Once the service answers, no more reminders.
    services.reply(onward, accepted=True, message="", by=provider)
    OnwardReferral.objects.filter(pk=onward.pk).update(last_reminded_at=None)
    assert json.loads(run("reminders", "--format", "json"))["reminders"] == []


def test_a_service_without_hearth_users_is_reminded_at_its_own_address(
    personas, england
):
    service = make_service(
        Organization.objects.create(
            name="Imported charity", email="info@charity.example"
        ),
        name="Drop-in",
    )
    referral = make_referral(personas.vcs)
    onward = services.refer_on(referral, service=service, message="", by=personas.liam)
    OnwardReferral.objects.filter(pk=onward.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=20)
    )
    run("reminders")
    assert mail.outbox[0].to == ["info@charity.example"]
    # Nobody is assigned: every link worker of the organisation hears.
    assert mail.outbox[1].to == [personas.liam.email]
