"""Social prescribing referrals: the person, who referred them, why, and what happened.

A referral is held by one organisation (its link workers' caseload). Its
timeline is a list of events (received, contacted, first conversation,
referred on, follow-ups, closed); onward referrals go to services of the
directory, which accept or decline; wellbeing is measured at first contact
and at follow-up (SWEMWBS, ONS4, the ONS loneliness question).

Everything about the person is personal, some of it special-category
(health): the audit registry tracks these models as personal, every view
is audited, and closed referrals are anonymised after the retention
period (``hearth referrals retention``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearthcore.outcomes import LONELINESS_CHOICES

#: SNOMED CT concepts recorded on the timeline (for the GP record).
SNOMED_ACCEPTED = "871731000000106"  # Referral to social prescribing service accepted
SNOMED_DECLINED = "871711000000103"  # Social prescribing declined
SNOMED_LABELS = {
    SNOMED_ACCEPTED: "Referral to social prescribing service accepted",
    SNOMED_DECLINED: "Social prescribing declined",
}


class Source(models.TextChoices):
    GP = "gp", "GP"
    PRACTICE_NURSE = "practice_nurse", "Practice nurse"
    PHARMACIST = "pharmacist", "Pharmacist"
    SOCIAL_WORKER = "social_worker", "Social worker"
    SELF = "self", "The person themselves"
    OTHER = "other", "Someone else"


class Reason(models.TextChoices):
    LONELINESS = "loneliness", "Loneliness or isolation"
    LOW_MOOD = "low_mood", "Low mood, anxiety or stress"
    DEBT = "debt", "Money or debt"
    HOUSING = "housing", "Housing"
    PHYSICAL_ACTIVITY = "physical_activity", "Physical activity"
    CARERS = "carers", "Caring for someone"
    BEREAVEMENT = "bereavement", "Bereavement"
    LONG_TERM_CONDITION = "long_term_condition", "Living with a long-term condition"
    EMPLOYMENT = "employment", "Work, training or volunteering"
    FOOD = "food", "Food"
    OTHER = "other", "Something else"


class ContactWay(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class CloseReason(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    DECLINED = "declined", "Declined social prescribing"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend or could not be contacted"
    MOVED = "moved", "Moved away"
    OTHER = "other", "Other"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def held_by(self, organisation_ids: set[int]) -> ReferralQuerySet:
        """Referrals of these organisations, with personal data (not anonymised)."""
        return self.filter(
            organisation_id__in=organisation_ids, anonymised_at__isnull=True
        )

    def open(self) -> ReferralQuerySet:
        return self.exclude(status=Referral.Status.CLOSED)


class Referral(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        CONTACTED = "contacted", "Contacted"
        CONVERSATION = "conversation", "First conversation held"
        REFERRED_ON = "referred_on", "Referred on"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals"
    )
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    # The person.
    given_name = models.CharField("First name", max_length=100)
    family_name = models.CharField("Last name", max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    preferred_contact = models.CharField(
        "Best way to contact them",
        max_length=10,
        choices=ContactWay.choices,
        blank=True,
    )
    contact_notes = models.CharField(
        "When and how to contact them", max_length=300, blank=True
    )
    # Where they live, for reports by community (kept when anonymised).
    lsoa21 = models.CharField(max_length=9, blank=True, db_index=True)
    # Who referred them.
    source = models.CharField("Referred by", max_length=20, choices=Source.choices)
    referrer_name = models.CharField("Referrer's name", max_length=200, blank=True)
    referrer_organisation = models.CharField(
        "Referrer's organisation", max_length=200, blank=True
    )
    referrer_contact = models.CharField(
        "Referrer's phone or e-mail", max_length=200, blank=True
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The Hearth user who sent the referral, if it came through Hearth",
    )
    reasons = models.JSONField(default=list)
    reason_notes = models.TextField("What the referrer said", blank=True)
    consent_to_share = models.BooleanField(
        "Agrees to details being shared with services", default=False
    )
    consent_on = models.DateField(null=True, blank=True)
    # The timeline's milestones (the events hold the detail).
    status = models.CharField(
        max_length=15, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    received_on = models.DateField(default=timezone.localdate)
    contacted_on = models.DateField(null=True, blank=True)
    first_conversation_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True, db_index=True)
    close_reason = models.CharField(
        max_length=20, choices=CloseReason.choices, blank=True
    )
    snomed_code = models.CharField("SNOMED CT", max_length=20, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        # Never the person's name: this string reaches logs and admin lists.
        return self.reference

    @property
    def reference(self) -> str:
        """A reference that says nothing about the person, e.g. ``SP-000042``."""
        return f"SP-{self.pk:06d}" if self.pk else "SP-new"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [labels.get(r, r) for r in self.reasons]

    def age_on(self, day: datetime.date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        day = day or timezone.localdate()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ReferralEvent(models.Model):
    """One step of a referral's timeline."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Referral received"
        ASSIGNED = "assigned", "Link worker assigned"
        ATTEMPT = "attempt", "Tried to make contact"
        CONTACTED = "contacted", "Contacted"
        CONVERSATION = "conversation", "First conversation (what matters to you)"
        REFERRED_ON = "referred_on", "Referred on to a service"
        SERVICE_REPLY = "service_reply", "Service replied"
        FOLLOW_UP = "follow_up", "Follow-up"
        MEASURES = "measures", "Wellbeing measured"
        NOTE = "note", "Note"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField(default=timezone.localdate)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)
    snomed_code = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} {self.kind}"

    @property
    def snomed_label(self) -> str:
        return SNOMED_LABELS.get(self.snomed_code, "")


class OnwardReferralQuerySet(models.QuerySet["OnwardReferral"]):
    def unanswered_since(self, moment: datetime.datetime) -> OnwardReferralQuerySet:
        return self.filter(status=OnwardReferral.Status.SENT, sent_at__lte=moment)

    def waiting(self) -> OnwardReferralQuerySet:
        """People waiting for a service: not answered yet, or accepted and not started."""
        return (
            self.filter(referral__anonymised_at__isnull=True)
            .exclude(referral__status=Referral.Status.CLOSED)
            .filter(
                models.Q(status=OnwardReferral.Status.SENT)
                | models.Q(
                    status=OnwardReferral.Status.ACCEPTED, started_on__isnull=True
                )
            )
        )


class OnwardReferral(models.Model):
    """A referral on to a service of the directory, which accepts or declines."""

    class Status(models.TextChoices):
        SENT = "sent", "Waiting for the service"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="onward"
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="onward_referrals"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SENT, db_index=True
    )
    message = models.TextField("Message to the service", blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField("The service's message", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_on = models.DateField("Started going", null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)

    objects = OnwardReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.referral} to service {self.service_id}"

    def days_unanswered(self, now: datetime.datetime | None = None) -> int | None:
        if self.status != self.Status.SENT:
            return None
        return ((now or timezone.now()) - self.sent_at).days

    @property
    def overdue(self) -> bool:
        """Unanswered for the reply period (14 days by default): flagged."""
        days = self.days_unanswered()
        return days is not None and days >= settings.HEARTH_REFERRAL_REPLY_DAYS


class WellbeingMeasure(models.Model):
    """Wellbeing at first contact (baseline) or at a follow-up."""

    class Stage(models.TextChoices):
        BASELINE = "baseline", "First contact"
        FOLLOW_UP = "follow_up", "Follow-up"

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="measures"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    on = models.DateField(default=timezone.localdate)
    # SWEMWBS: the seven item scores (1-5), their raw total and metric score.
    swemwbs_items = models.JSONField(null=True, blank=True)
    swemwbs_raw = models.PositiveSmallIntegerField(null=True, blank=True)
    swemwbs_metric = models.FloatField(null=True, blank=True)
    # ONS4 (0-10 each).
    life_satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    worthwhile = models.PositiveSmallIntegerField(null=True, blank=True)
    happiness = models.PositiveSmallIntegerField(null=True, blank=True)
    anxiety = models.PositiveSmallIntegerField(null=True, blank=True)
    loneliness = models.CharField(max_length=20, choices=LONELINESS_CHOICES, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} {self.stage} {self.on}"

    def scores(self) -> dict[str, Any]:
        return {
            "swemwbs_raw": self.swemwbs_raw,
            "swemwbs_metric": self.swemwbs_metric,
            "life_satisfaction": self.life_satisfaction,
            "worthwhile": self.worthwhile,
            "happiness": self.happiness,
            "anxiety": self.anxiety,
            "loneliness": self.loneliness or None,
        }
