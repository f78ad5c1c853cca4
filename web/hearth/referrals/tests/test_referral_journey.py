"""A referral from a pharmacist's form to a closed case, as the people involved do it."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.directory.models import Organization
from hearth.directory.tests.factories import make_service
from hearth.referrals import services
from hearth.referrals.models import (
    SNOMED_ACCEPTED,
    SNOMED_DECLINED,
    OnwardReferral,
    Referral,
    WellbeingMeasure,
)

from .factories import details, make_referral

PERSONAL = (
    "Margaret",
    "Hilton",
    "9434765919",
    "01257 123456",
    "margaret@example.org",
    "Mill Lane",
    "PR7 1DP",
    "widowed",
    "Dr Shah",
)


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


@pytest.fixture
def walking(england, provider):
    org = Organization.objects.create(
        name="Chorley Walking Group", account=provider.memberships.get().organisation
    )
    return make_service(org, name="Walk and talk", capacity_per_week=2)


def test_a_partner_refers_someone_and_the_link_workers_take_it_from_there(
    client, personas, walking, provider, caplog
):
    caplog.set_level(logging.DEBUG)
    today = timezone.localdate()
    # Priya (fire and rescue, after a safe-and-well visit) refers Margaret.
    client.force_login(personas.priya)
    form = client.get("/referrals/new/").context["form"]
    assert list(form.fields["organisation"].queryset) == [
        personas.vcs
    ]  # the team with link workers
    post = {
        "organisation": str(personas.vcs.pk),
        "given_name": "Margaret",
        "family_name": "Hilton",
        **_date("date_of_birth", datetime.date(1948, 5, 17)),
        "nhs_number": "943 476 5919",
        "phone": "01257 123456",
        "postcode": "pr71dp",
        "preferred_contact": "phone",
        "source": "other",
        "referrer_organisation": "Lancashire Fire and Rescue Service",
        "referrer_name": "Priya",
        "reasons": ["loneliness", "physical_activity"],
        "reason_notes": "Recently widowed, rarely goes out.",
        "consent_to_share": "on",
    }
    response = client.post("/referrals/new/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    referral = Referral.objects.get()
    assert (
        referral.organisation == personas.vcs and referral.referred_by == personas.priya
    )
    assert referral.nhs_number == "9434765919" and referral.postcode == "PR7 1DP"
    assert referral.lsoa21 == "E01000000"  # placed from the postcode, for reports
    sent = client.get(response["Location"]).content.decode()
    assert referral.reference in sent and "Margaret" not in sent
    assert (
        client.get(f"/referrals/{referral.pk}/").status_code == 403
    )  # Priya no longer sees it

    # Liam picks it up, contacts her and has the first conversation.
    client.force_login(personas.liam)
    caseload = client.get("/referrals/", {"show": "unassigned"}).content.decode()
    assert "Margaret Hilton" in caseload
    assert (
        client.post(
            f"/referrals/{referral.pk}/assign/", {"link_worker": str(personas.liam.pk)}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/referrals/{referral.pk}/contact/",
            {
                **_date("on", today),
                "reached": "yes",
                "way": "phone",
                "note": "Happy to meet",
            },
        ).status_code
        == 302
    )
    client.post(
        f"/referrals/{referral.pk}/conversation/",
        {**_date("on", today), "note": "Wants to walk with others again"},
    )
    referral.refresh_from_db()
    assert (
        referral.status == Referral.Status.CONVERSATION
        and referral.snomed_code == SNOMED_ACCEPTED
    )
    assert referral.events.filter(snomed_code=SNOMED_ACCEPTED).count() == 1
    # Wellbeing at first contact (the SWEMWBS notice is on the form).
    page = client.get(f"/referrals/{referral.pk}/wellbeing/").content.decode()
    assert "University of Warwick" in page and "NHS Health Scotland" in page
    items = {
        f"item_{i}": v
        for i, v in enumerate(["2", "2", "3", "2", "2", "3", "2"], start=1)
    }
    client.post(
        f"/referrals/{referral.pk}/wellbeing/",
        {
            "stage": "baseline",
            **_date("on", today),
            **items,
            "life_satisfaction": "4",
            "anxiety": "7",
            "loneliness": "often_always",
        },
    )
    baseline = referral.measures.get()
    assert (baseline.swemwbs_raw, baseline.swemwbs_metric) == (16, 16.36)
    # Refer her on to the walking group; the service sees places and waiting.
    page = client.get(f"/referrals/{referral.pk}/refer-on/")
    assert [r["service"].name for r in page.context["results"]] == ["Walk and talk"]
    assert page.context["results"][0]["waiting"] == 0
    client.post(
        f"/referrals/{referral.pk}/refer-on/",
        {"service": walking.uuid, "message": "Likes a chat"},
    )
    onward = OnwardReferral.objects.get()
    assert onward.status == OnwardReferral.Status.SENT
    again = client.post(
        f"/referrals/{referral.pk}/refer-on/", {"service": walking.uuid, "message": ""}
    )
    assert "already referred" in again.content.decode()

    # Vic, at the walking group, sees her in the inbox and accepts.
    client.force_login(provider)
    inbox = client.get("/referrals/services/")
    assert inbox.context["services"][0]["waiting"] == 1
    declined = client.post(
        f"/referrals/services/{onward.pk}/", {"decision": "decline", "message": ""}
    )
    assert declined.status_code == 400 and "Say why" in declined.content.decode()
    client.post(
        f"/referrals/services/{onward.pk}/",
        {"decision": "accept", "message": "See you Tuesday"},
    )
    onward.refresh_from_db()
    assert (
        onward.status == OnwardReferral.Status.ACCEPTED
        and onward.replied_by == provider
    )

    # Liam records that she started, a follow-up and the measures again, then closes.
    client.force_login(personas.liam)
    client.post(
        f"/referrals/{referral.pk}/onward/{onward.pk}/",
        {"action": "started", **_date("on", today)},
    )
    onward.refresh_from_db()
    assert onward.started_on == today
    client.post(
        f"/referrals/{referral.pk}/follow-up/",
        {**_date("on", today), "note": "Going every week"},
    )
    items = {
        f"item_{i}": v
        for i, v in enumerate(["3", "4", "3", "3", "3", "4", "3"], start=1)
    }
    client.post(
        f"/referrals/{referral.pk}/wellbeing/",
        {
            "stage": "follow_up",
            **_date("on", today),
            **items,
            "loneliness": "occasionally",
        },
    )
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert (
        "+4.37" in detail and "meaningful improvement" in detail
    )  # raw 16 -> 23: 16.36 -> 20.73
    client.post(
        f"/referrals/{referral.pk}/close/",
        {**_date("on", today), "reason": "goals_met", "note": ""},
    )
    referral.refresh_from_db()
    assert (
        referral.status == Referral.Status.CLOSED
        and referral.close_reason == "goals_met"
    )
    kinds = list(referral.events.values_list("kind", flat=True))
    for kind in (
        "received",
        "assigned",
        "contacted",
        "conversation",
        "measures",
        "referred_on",
        "service_reply",
        "follow_up",
        "closed",
    ):
        assert kind in kinds, kind

    # Nothing personal reached the logs or the audit log's changes.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for text in PERSONAL:
        assert text not in logged, text
    changes = " ".join(
        str(e.changes)
        for e in AuditEvent.objects.filter(object_type__startswith="referrals.")
    )
    for text in PERSONAL:
        assert text not in changes, text
    assert "(personal data)" in changes


def test_the_follow_up_change_in_metric_points(personas, england):
    referral = make_referral(personas.vcs)
    for stage, items in (
        ("baseline", [2, 2, 3, 2, 2, 3, 2]),
        ("follow_up", [3, 4, 3, 3, 3, 4, 3]),
    ):
        services.record_measures(
            referral,
            stage=stage,
            on=timezone.localdate(),
            swemwbs_items=items,
            ons4={},
            loneliness="",
            by=None,
        )
    first, second = referral.measures.order_by("pk")
    assert (first.swemwbs_raw, second.swemwbs_raw) == (16, 23)
    assert second.swemwbs_metric - first.swemwbs_metric == pytest.approx(20.73 - 16.36)


def test_declining_records_the_snomed_code_and_withdraws_what_waits(personas, walking):
    referral = make_referral(personas.vcs)
    onward = services.refer_on(referral, service=walking, message="", by=personas.liam)
    services.close(
        referral,
        on=timezone.localdate(),
        reason="declined",
        note="Not for her",
        by=personas.liam,
    )
    referral.refresh_from_db()
    onward.refresh_from_db()
    assert referral.snomed_code == SNOMED_DECLINED
    assert referral.events.get(kind="closed").snomed_code == SNOMED_DECLINED
    assert onward.status == OnwardReferral.Status.WITHDRAWN
    services.reopen(referral, by=personas.liam)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED and referral.closed_on is None


def test_no_onward_referral_without_consent(personas, walking):
    referral = make_referral(personas.vcs, consent_to_share=False)
    with pytest.raises(services.ReferralError, match="not agreed"):
        services.refer_on(referral, service=walking, message="", by=personas.liam)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"nhs_number": "9434765910"}, "Enter a real NHS number"),
        ({"reasons": []}, "Choose at least one reason"),
        ({"phone": "", "email": "", "address": ""}, "Give a phone number"),
        (
            {"date_of_birth_year": ""},
            "Date of birth must include a year",
        ),
        (
            {
                "date_of_birth_day": "31",
                "date_of_birth_month": "2",
                "date_of_birth_year": "1950",
            },
            "Date of birth must be a real date",
        ),
        (
            {
                "date_of_birth_day": "1",
                "date_of_birth_month": "1",
                "date_of_birth_year": "2099",
            },
            "Date of birth must be today or in the past",
        ),
        ({"source": "other", "referrer_organisation": ""}, "Say which organisation"),
    ],
)
def test_the_intake_form_explains_what_is_wrong(
    client, personas, england, change, message
):
    client.force_login(personas.liam)
    post = {
        "organisation": str(personas.vcs.pk),
        "given_name": "Ann",
        "family_name": "Lee",
        **_date("date_of_birth", datetime.date(1950, 1, 2)),
        "phone": "01257 222222",
        "source": "gp",
        "reasons": ["debt"],
    }
    post.update(change)
    response = client.post("/referrals/new/", post)
    text = response.content.decode()
    assert (
        response.status_code == 400
        and "govuk-error-summary" in text
        and message in text
    )
    assert not Referral.objects.exists()


def test_swemwbs_needs_all_seven_answers(client, personas, england):
    referral = make_referral(personas.vcs, link_worker=personas.liam)
    client.force_login(personas.liam)
    response = client.post(
        f"/referrals/{referral.pk}/wellbeing/",
        {
            "stage": "baseline",
            **_date("on", timezone.localdate()),
            "item_1": "3",
            "item_2": "3",
        },
    )
    assert (
        response.status_code == 400
        and "Answer all seven statements" in response.content.decode()
    )
    assert not WellbeingMeasure.objects.exists()


def test_dates_are_checked(personas, england):
    referral = make_referral(
        personas.vcs, received_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    with pytest.raises(
        services.ReferralError, match="before the referral was received"
    ):
        services.record_contact(
            referral,
            on=referral.received_on - datetime.timedelta(days=1),
            reached=True,
            way="phone",
            note="",
            by=None,
        )
    with pytest.raises(services.ReferralError, match="future"):
        services.record_conversation(
            referral,
            on=timezone.localdate() + datetime.timedelta(days=1),
            note="",
            by=None,
        )


def test_a_partner_without_link_workers_anywhere_is_told(client, db):
    from hearth.accounts.models import Organisation, Role
    from hearth.accounts.tests.factories import OrganisationFactory, UserFactory

    fire = OrganisationFactory(name="Fire", kind=Organisation.Kind.FIRE_RESCUE)
    client.force_login(UserFactory(username="pat", roles=[(fire, Role.PARTNER)]))
    response = client.get("/referrals/new/")
    assert (
        response.status_code == 409
        and "No social prescribing team" in response.content.decode()
    )


def test_details_changes_are_logged_by_field_name_only(personas, england):
    referral = make_referral(personas.vcs)
    services.update_details(
        referral,
        details(phone="07700 900123", family_name="Hilton-Smith"),
        by=personas.liam,
    )
    event = referral.events.filter(kind="note").last()
    assert (
        "Phone" in event.note
        and "Last name" in event.note
        and "07700" not in event.note
    )
    audit = AuditEvent.objects.filter(
        object_type="referrals.referral", action="update"
    ).first()
    assert audit.changes["phone"] == ["(personal data)", "(personal data)"]
