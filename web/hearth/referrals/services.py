"""The referral use cases: one atomic function per change, each writing an event.

Nothing here logs or mails a person's details: logs and e-mails name a
referral by its reference (``SP-000042``) and a service by its name.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from hearth.accounts.models import User
from hearth.accounts.permissions import Capability
from hearth.audit import services as audit
from hearth.audit.models import AuditEvent
from hearth.core.errors import DomainError
from hearth.directory.models import Service
from hearthcore import outcomes

from .models import (
    SNOMED_ACCEPTED,
    SNOMED_DECLINED,
    CloseReason,
    OnwardReferral,
    Referral,
    ReferralEvent,
    WellbeingMeasure,
)
from .permissions import roles_with

log = logging.getLogger(__name__)
Kind = ReferralEvent.Kind
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
    "phone",
    "email",
    "address",
    "postcode",
    "preferred_contact",
    "contact_notes",
)
REFERRER_FIELDS = (
    "source",
    "referrer_name",
    "referrer_organisation",
    "referrer_contact",
)
DETAIL_FIELDS = (
    *PERSON_FIELDS,
    *REFERRER_FIELDS,
    "reasons",
    "reason_notes",
    "consent_to_share",
)


class ReferralError(DomainError):
    """A referral change that cannot go ahead (the message says why)."""


def _event(
    referral: Referral,
    kind: str,
    *,
    by: Any,
    on: datetime.date | None = None,
    note: str = "",
    snomed: str = "",
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        on=on or timezone.localdate(),
        by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
        snomed_code=snomed,
    )


def _open(referral: Referral) -> None:
    if referral.anonymised_at is not None:
        raise ReferralError("This referral has been anonymised")
    if referral.is_closed:
        raise ReferralError("This referral is closed: reopen it first")


def _place(postcode: str) -> str:
    """The LSOA 2021 of a postcode ("" when Hearth does not know it)."""
    if not postcode:
        return ""
    from hearth.assets.placement import geocode

    hit = geocode([postcode]).get(postcode.replace(" ", "").upper())
    return hit[2] if hit else ""


def _not_future(on: datetime.date, what: str) -> None:
    if on > timezone.localdate():
        raise ReferralError(f"The date {what} cannot be in the future")


@transaction.atomic
def receive(
    details: dict[str, Any],
    *,
    organisation: Any,
    by: Any,
    received_on: datetime.date | None = None,
    link_worker: User | None = None,
) -> Referral:
    """A referral arrives (from a referrer in Hearth, or typed in by a link worker)."""
    received_on = received_on or timezone.localdate()
    _not_future(received_on, "it was received")
    if not details.get("reasons"):
        raise ReferralError("Choose at least one reason for the referral")
    referral = Referral(
        organisation=organisation,
        received_on=received_on,
        link_worker=link_worker,
        referred_by=by if getattr(by, "is_authenticated", False) else None,
    )
    for name in DETAIL_FIELDS:
        if name in details:
            setattr(referral, name, details[name])
    if referral.consent_to_share:
        referral.consent_on = received_on
    referral.lsoa21 = _place(referral.postcode)
    referral.save()
    _event(referral, Kind.RECEIVED, by=by, on=received_on)
    if link_worker is not None:
        _event(
            referral,
            Kind.ASSIGNED,
            by=by,
            note=f"Assigned to {link_worker.get_username()}",
        )
    log.info("referral %s received for organisation %s", referral.pk, organisation.pk)
    return referral


@transaction.atomic
def update_details(referral: Referral, details: dict[str, Any], *, by: Any) -> Referral:
    """Correct the person's or the referrer's details, reasons or consent."""
    if referral.anonymised_at is not None:
        raise ReferralError("This referral has been anonymised")
    if not details.get("reasons", referral.reasons):
        raise ReferralError("Choose at least one reason for the referral")
    changed = [
        name
        for name in DETAIL_FIELDS
        if name in details and getattr(referral, name) != details[name]
    ]
    if not changed:
        return referral
    consent_before = referral.consent_to_share
    for name in changed:
        setattr(referral, name, details[name])
    if "postcode" in changed:
        referral.lsoa21 = _place(referral.postcode)
    if referral.consent_to_share and not consent_before:
        referral.consent_on = timezone.localdate()
    referral.save()
    labels = {f.name: capfirst(str(f.verbose_name)) for f in Referral._meta.fields}
    # The note names the fields changed, never their values.
    _event(
        referral,
        Kind.NOTE,
        by=by,
        note="Details changed: " + ", ".join(labels.get(n, n) for n in changed),
    )
    return referral


@transaction.atomic
def assign(referral: Referral, *, link_worker: User | None, by: Any) -> Referral:
    """Give the referral to a link worker of its organisation (or to nobody)."""
    if referral.anonymised_at is not None:
        raise ReferralError("This referral has been anonymised")
    if (
        link_worker is not None
        and not link_worker.memberships.filter(
            organisation=referral.organisation,
            role__in=roles_with(Capability.MANAGE_REFERRALS),
        ).exists()
    ):
        raise ReferralError(
            f"{link_worker.get_username()} is not a link worker of {referral.organisation}"
        )
    referral.link_worker = link_worker
    referral.save(update_fields=["link_worker", "updated"])
    _event(
        referral,
        Kind.ASSIGNED,
        by=by,
        note=f"Assigned to {link_worker.get_username()}"
        if link_worker
        else "No longer assigned",
    )
    return referral


@transaction.atomic
def record_contact(
    referral: Referral,
    *,
    on: datetime.date,
    reached: bool,
    way: str,
    note: str,
    by: Any,
) -> ReferralEvent:
    """A link worker contacted the person (or tried to)."""
    _open(referral)
    _not_future(on, "of contact")
    if on < referral.received_on:
        raise ReferralError("Contact cannot be before the referral was received")
    text = f"By {way}. {note}".strip() if way else note
    if not reached:
        return _event(referral, Kind.ATTEMPT, by=by, on=on, note=text)
    if referral.contacted_on is None or on < referral.contacted_on:
        referral.contacted_on = on
    if referral.status == Referral.Status.RECEIVED:
        referral.status = Referral.Status.CONTACTED
    referral.save(update_fields=["contacted_on", "status", "updated"])
    return _event(referral, Kind.CONTACTED, by=by, on=on, note=text)


@transaction.atomic
def record_conversation(
    referral: Referral, *, on: datetime.date, note: str, by: Any
) -> ReferralEvent:
    """The first "what matters to you" conversation: the person takes up the offer.

    It records SNOMED CT 871731000000106 (referral to social prescribing
    service accepted) for the GP record.
    """
    _open(referral)
    _not_future(on, "of the conversation")
    if on < referral.received_on:
        raise ReferralError(
            "The conversation cannot be before the referral was received"
        )
    if referral.contacted_on is None or on < referral.contacted_on:
        referral.contacted_on = on
    first = referral.first_conversation_on is None
    if first or on < referral.first_conversation_on:  # type: ignore[operator]
        referral.first_conversation_on = on
    if referral.status in (Referral.Status.RECEIVED, Referral.Status.CONTACTED):
        referral.status = Referral.Status.CONVERSATION
    referral.snomed_code = SNOMED_ACCEPTED
    referral.save()
    return _event(
        referral,
        Kind.CONVERSATION,
        by=by,
        on=on,
        note=note,
        snomed=SNOMED_ACCEPTED if first else "",
    )


@transaction.atomic
def record_follow_up(
    referral: Referral, *, on: datetime.date, note: str, by: Any
) -> ReferralEvent:
    _open(referral)
    _not_future(on, "of the follow-up")
    return _event(referral, Kind.FOLLOW_UP, by=by, on=on, note=note)


@transaction.atomic
def add_note(referral: Referral, *, note: str, by: Any) -> ReferralEvent:
    if referral.anonymised_at is not None:
        raise ReferralError("This referral has been anonymised")
    if not note.strip():
        raise ReferralError("Write the note")
    return _event(referral, Kind.NOTE, by=by, note=note.strip())


@transaction.atomic
def record_measures(
    referral: Referral,
    *,
    stage: str,
    on: datetime.date,
    swemwbs_items: list[int] | None,
    ons4: dict[str, int | None],
    loneliness: str,
    by: Any,
) -> WellbeingMeasure:
    """Wellbeing at first contact or follow-up, scored with the analytics core.

    The SWEMWBS raw total is converted to its metric score with the
    published Rasch table (``hearthcore.outcomes.swemwbs_metric``).
    """
    if referral.anonymised_at is not None:
        raise ReferralError("This referral has been anonymised")
    _not_future(on, "of the measures")
    if stage not in WellbeingMeasure.Stage.values:
        raise ReferralError("Say whether this is at first contact or a follow-up")
    measure = WellbeingMeasure(referral=referral, stage=stage, on=on, recorded_by=by)
    try:
        if swemwbs_items is not None:
            measure.swemwbs_items = list(swemwbs_items)
            measure.swemwbs_raw = outcomes.swemwbs_raw(swemwbs_items)
            measure.swemwbs_metric = outcomes.swemwbs_metric(measure.swemwbs_raw)
        for name, value in ons4.items():
            if value is not None:
                setattr(measure, name, outcomes.ons4_score(name, value))
        if loneliness:
            measure.loneliness = outcomes.loneliness_code(loneliness)
    except ValueError as error:
        raise ReferralError(str(error)) from None
    if (
        measure.swemwbs_raw is None
        and all(v is None for v in ons4.values())
        and not loneliness
    ):
        raise ReferralError("Enter at least one measure")
    measure.save()
    _event(
        referral, Kind.MEASURES, by=by, on=on, note=WellbeingMeasure.Stage(stage).label
    )
    return measure


def waiting_for(services: Iterable[Service]) -> dict[int, int]:
    """People waiting for each service (not answered yet, or accepted and not started)."""
    from django.db.models import Count

    ids = [s.pk for s in services]
    return dict(
        OnwardReferral.objects.waiting()
        .filter(service_id__in=ids)
        .values_list("service_id")
        .annotate(n=Count("pk"))
        .values_list("service_id", "n")
    )


@transaction.atomic
def refer_on(
    referral: Referral, *, service: Service, message: str, by: Any
) -> OnwardReferral:
    """Refer the person on to a service of the directory (with their consent)."""
    _open(referral)
    if not referral.consent_to_share:
        raise ReferralError(
            "The person has not agreed to their details being shared with services: "
            "record their consent first"
        )
    if not service.is_public:
        raise ReferralError(f"{service.name} is not in the published directory")
    if service.status != "active":
        raise ReferralError(f"{service.name} is {service.status_label.lower()}")
    if not service.accepts_referrals:
        raise ReferralError(f"{service.name} does not take referrals through Hearth")
    if referral.onward.filter(
        service=service,
        status__in=[OnwardReferral.Status.SENT, OnwardReferral.Status.ACCEPTED],
    ).exists():
        raise ReferralError(f"The person is already referred to {service.name}")
    onward = OnwardReferral.objects.create(
        referral=referral, service=service, message=message.strip(), sent_by=by
    )
    if referral.status != Referral.Status.CLOSED:
        referral.status = Referral.Status.REFERRED_ON
        referral.save(update_fields=["status", "updated"])
    _event(referral, Kind.REFERRED_ON, by=by, note=f"To {service.name}")
    log.info("referral %s referred on to service %s", referral.pk, service.pk)
    return onward


@transaction.atomic
def reply(
    onward: OnwardReferral,
    *,
    accepted: bool,
    message: str,
    by: Any,
    on_behalf: bool = False,
) -> OnwardReferral:
    """The service accepts or declines (or the link worker records its answer)."""
    onward = OnwardReferral.objects.select_for_update().get(pk=onward.pk)
    if onward.status != OnwardReferral.Status.SENT:
        raise ReferralError("This referral has already been answered")
    if not accepted and not message.strip():
        raise ReferralError(
            "Say why the service cannot take the person, so the link worker can find another"
        )
    onward.status = (
        OnwardReferral.Status.ACCEPTED if accepted else OnwardReferral.Status.DECLINED
    )
    onward.reply = message.strip()
    onward.replied_at = timezone.now()
    onward.replied_by = by
    onward.save()
    answer = "accepted" if accepted else "declined"
    who = " (recorded by the link worker)" if on_behalf else ""
    _event(
        onward.referral,
        Kind.SERVICE_REPLY,
        by=by,
        note=f"{onward.service.name} {answer}{who}",
    )
    return onward


@transaction.atomic
def mark_started(
    onward: OnwardReferral, *, on: datetime.date, by: Any
) -> OnwardReferral:
    if onward.status != OnwardReferral.Status.ACCEPTED:
        raise ReferralError("Only an accepted referral can start")
    _not_future(on, "they started")
    onward.started_on = on
    onward.save(update_fields=["started_on"])
    _event(
        onward.referral,
        Kind.NOTE,
        by=by,
        on=on,
        note=f"Started going to {onward.service.name}",
    )
    return onward


@transaction.atomic
def withdraw(onward: OnwardReferral, *, by: Any, note: str = "") -> OnwardReferral:
    if onward.status not in (
        OnwardReferral.Status.SENT,
        OnwardReferral.Status.ACCEPTED,
    ):
        raise ReferralError("This referral can no longer be withdrawn")
    onward.status = OnwardReferral.Status.WITHDRAWN
    onward.save(update_fields=["status"])
    _event(
        onward.referral,
        Kind.NOTE,
        by=by,
        note=f"Referral to {onward.service.name} withdrawn. {note}".strip(),
    )
    return onward


@transaction.atomic
def close(
    referral: Referral, *, on: datetime.date, reason: str, note: str, by: Any
) -> Referral:
    """Close the referral with a reason; "declined" records SNOMED CT 871711000000103."""
    _open(referral)
    _not_future(on, "of closing")
    if reason not in CloseReason.values:
        raise ReferralError("Choose why the referral is closed")
    if on < referral.received_on:
        raise ReferralError("A referral cannot close before it was received")
    referral.status = Referral.Status.CLOSED
    referral.closed_on = on
    referral.close_reason = reason
    snomed = SNOMED_DECLINED if reason == CloseReason.DECLINED else ""
    if snomed:
        referral.snomed_code = snomed
    referral.save()
    for onward in referral.onward.filter(status=OnwardReferral.Status.SENT):
        onward.status = OnwardReferral.Status.WITHDRAWN
        onward.save(update_fields=["status"])
    _event(
        referral,
        Kind.CLOSED,
        by=by,
        on=on,
        note=f"{CloseReason(reason).label}. {note}".strip(),
        snomed=snomed,
    )
    return referral


@transaction.atomic
def reopen(referral: Referral, *, by: Any, note: str = "") -> Referral:
    if referral.anonymised_at is not None:
        raise ReferralError("This referral has been anonymised")
    if not referral.is_closed:
        raise ReferralError("The referral is open")
    if referral.onward.filter(status=OnwardReferral.Status.ACCEPTED).exists():
        referral.status = Referral.Status.REFERRED_ON
    elif referral.first_conversation_on:
        referral.status = Referral.Status.CONVERSATION
    elif referral.contacted_on:
        referral.status = Referral.Status.CONTACTED
    else:
        referral.status = Referral.Status.RECEIVED
    referral.closed_on = None
    referral.close_reason = ""
    referral.save()
    _event(referral, Kind.REOPENED, by=by, note=note)
    return referral


# --- privacy: retention, subject access, erasure ----------------------------------


def _shift(value: Any, days: datetime.timedelta) -> Any:
    return None if value is None else value - days


@transaction.atomic
def anonymise(referral: Referral, *, by: Any, why: str) -> Referral:
    """Remove everything that identifies the person, keeping what reports count.

    Kept: the organisation, source, reasons, LSOA, status and close reason,
    onward referrals (service and answer) and wellbeing scores. Every date
    moves back by the same number of days, to the first of the month the
    referral was received in, so intervals (days to first contact) stay
    exact while the real dates go. Removed: names, date of birth, NHS
    number, contact details, address, postcode, referrer's name and
    contact, every note and message, and which staff were involved.
    """
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.anonymised_at is not None:
        return referral
    delta = datetime.timedelta(days=referral.received_on.day - 1)
    for name in PERSON_FIELDS:
        setattr(referral, name, None if name == "date_of_birth" else "")
    referral.referrer_name = referral.referrer_organisation = (
        referral.referrer_contact
    ) = ""
    referral.reason_notes = ""
    referral.link_worker = None
    referral.referred_by = None
    for name in (
        "received_on",
        "contacted_on",
        "first_conversation_on",
        "closed_on",
        "consent_on",
    ):
        setattr(referral, name, _shift(getattr(referral, name), delta))
    referral.anonymised_at = timezone.now()
    referral.save()
    for event in referral.events.all():
        event.note = ""
        event.by = None
        event.on = event.on - delta
        event.save(update_fields=["note", "by", "on"])
    for onward in referral.onward.all():
        onward.message = onward.reply = ""
        onward.sent_by = onward.replied_by = None
        for name in ("sent_at", "replied_at", "last_reminded_at", "started_on"):
            setattr(onward, name, _shift(getattr(onward, name), delta))
        onward.save()
    for measure in referral.measures.all():
        measure.recorded_by = None
        measure.on = measure.on - delta
        measure.save(update_fields=["recorded_by", "on"])
    audit.record(
        "update",
        obj=referral,
        changes={"personal data": ["(personal data)", f"anonymised ({why})"]},
        personal=True,
        actor=by,
    )
    log.info("referral %s anonymised (%s)", referral.pk, why)
    return referral


def retention_due(now: datetime.datetime | None = None) -> Any:
    """Closed referrals past the retention period, not yet anonymised."""
    today = timezone.localdate(now) if now else timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.HEARTH_REFERRAL_RETENTION_DAYS)
    return Referral.objects.filter(
        status=Referral.Status.CLOSED, closed_on__lt=cutoff, anonymised_at__isnull=True
    ).order_by("closed_on", "pk")


def enforce_retention(
    *, dry_run: bool = False, now: datetime.datetime | None = None
) -> list[Referral]:
    """Anonymise every closed referral past the retention period."""
    due = list(retention_due(now))
    if dry_run:
        return due
    for referral in due:
        anonymise(referral, by="retention", why="retention period over")
    return due


def find_subject(
    *,
    family_name: str = "",
    date_of_birth: datetime.date | None = None,
    nhs_number: str = "",
) -> Any:
    """Every organisation's referrals that may be this person's."""
    if not nhs_number and not (family_name and date_of_birth):
        raise ReferralError("Give the NHS number, or the last name and date of birth")
    condition = Q()
    if nhs_number:
        condition |= Q(nhs_number=nhs_number.replace(" ", ""))
    if family_name and date_of_birth:
        condition |= Q(
            family_name__iexact=family_name.strip(), date_of_birth=date_of_birth
        )
    return (
        Referral.objects.filter(condition, anonymised_at__isnull=True)
        .select_related("organisation", "link_worker")
        .order_by("received_on", "pk")
    )


def _iso(value: Any) -> Any:
    return (
        value.isoformat()
        if value is not None and hasattr(value, "isoformat")
        else value
    )


def subject_access(referrals: Iterable[Referral], *, by: Any) -> dict[str, Any]:
    """Everything Hearth holds about the person in these referrals (as JSON).

    Each referral exported is in the audit log (action "export").
    """
    out = []
    for r in referrals:
        audit.record(
            "export",
            obj=r,
            personal=True,
            actor=by,
            label=f"Subject access export of {r.reference}",
        )
        views = AuditEvent.objects.for_object(r).filter(action=AuditEvent.Action.VIEW)
        out.append(
            {
                "reference": r.reference,
                "held_by": r.organisation.name,
                "person": {name: _iso(getattr(r, name)) for name in PERSON_FIELDS},
                "referred_by": {
                    "source": r.get_source_display(),
                    "name": r.referrer_name,
                    "organisation": r.referrer_organisation,
                    "contact": r.referrer_contact,
                },
                "reasons": r.reason_labels(),
                "what_the_referrer_said": r.reason_notes,
                "consent_to_share_with_services": r.consent_to_share,
                "consent_recorded_on": _iso(r.consent_on),
                "status": r.get_status_display(),
                "received_on": _iso(r.received_on),
                "contacted_on": _iso(r.contacted_on),
                "first_conversation_on": _iso(r.first_conversation_on),
                "closed_on": _iso(r.closed_on),
                "close_reason": r.get_close_reason_display(),
                "snomed_ct": r.snomed_code,
                "link_worker": r.link_worker.get_username() if r.link_worker else "",
                "timeline": [
                    {
                        "on": _iso(e.on),
                        "what": e.get_kind_display(),
                        "note": e.note,
                        "snomed_ct": e.snomed_code,
                        "by": e.by.get_username() if e.by else "",
                    }
                    for e in r.events.select_related("by")
                ],
                "referred_on_to": [
                    {
                        "service": o.service.name,
                        "organisation": o.service.organization.name,
                        "status": o.get_status_display(),
                        "message_to_the_service": o.message,
                        "sent_at": _iso(o.sent_at),
                        "reply": o.reply,
                        "replied_at": _iso(o.replied_at),
                        "started_on": _iso(o.started_on),
                    }
                    for o in r.onward.select_related("service__organization")
                ],
                "wellbeing": [
                    {
                        "stage": m.get_stage_display(),
                        "on": _iso(m.on),
                        **m.scores(),
                        "swemwbs_items": m.swemwbs_items,
                    }
                    for m in r.measures.all()
                ],
                "who_viewed_it": [
                    {"at": _iso(v.at), "who": v.actor_label}
                    for v in views.order_by("at")
                ],
            }
        )
    return {
        "generated_at": timezone.now().isoformat(),
        "controller": settings.HEARTH_COUNCIL_NAME,
        "note": (
            "Everything Hearth holds about this person in social prescribing referrals. "
            "SWEMWBS scores: Short Warwick Edinburgh Mental Wellbeing Scale. "
            + outcomes.SWEMWBS_NOTICE
        ),
        "referrals": out,
    }


@transaction.atomic
def erase(referrals: Iterable[Referral], *, by: Any) -> list[Referral]:
    """Answer an erasure request: close and anonymise the person's referrals."""
    done = []
    for referral in referrals:
        if referral.anonymised_at is not None:
            continue
        if not referral.is_closed:
            referral.status = Referral.Status.CLOSED
            referral.closed_on = timezone.localdate()
            referral.close_reason = CloseReason.OTHER
            referral.save(
                update_fields=["status", "closed_on", "close_reason", "updated"]
            )
            referral.onward.filter(status=OnwardReferral.Status.SENT).update(
                status=OnwardReferral.Status.WITHDRAWN
            )
        done.append(anonymise(referral, by=by, why="erasure request"))
    return done


# --- reminders for unanswered onward referrals ----------------------------------


@dataclass
class Reminder:
    onward: OnwardReferral
    days: int
    service_recipients: list[str] = field(default_factory=list)
    link_worker_recipients: list[str] = field(default_factory=list)

    def describe(self) -> str:
        o = self.onward
        to = len(self.service_recipients)
        return (
            f"{o.referral.reference} to {o.service.name}: unanswered for {self.days} days; "
            f"{'reminded ' + str(to) + ' at the service' if to else 'no e-mail for the service'}, "
            f"{len(self.link_worker_recipients)} link worker(s) told"
        )


def _emails(users: Any) -> list[str]:
    return sorted({u.email for u in users if u.email and u.is_active})


def _service_recipients(service: Service) -> list[str]:
    account = service.organization.account_id
    if account is not None:
        found = _emails(
            User.objects.filter(
                memberships__organisation_id=account,
                memberships__role__in=roles_with(Capability.PROVIDE_SERVICES),
            ).distinct()
        )
        if found:
            return found
    return [e for e in (service.email or service.organization.email,) if e]


def _link_worker_recipients(referral: Referral) -> list[str]:
    if referral.link_worker is not None and referral.link_worker.email:
        return [referral.link_worker.email]
    return _emails(
        User.objects.filter(
            memberships__organisation=referral.organisation,
            memberships__role__in=roles_with(Capability.MANAGE_REFERRALS),
        ).distinct()
    )


def due_reminders(now: datetime.datetime | None = None) -> list[Reminder]:
    """Onward referrals unanswered for the reply period whose last reminder is old."""
    now = now or timezone.now()
    flagged = now - datetime.timedelta(days=settings.HEARTH_REFERRAL_REPLY_DAYS)
    again = now - datetime.timedelta(days=settings.HEARTH_REFERRAL_REMINDER_DAYS)
    rows = (
        OnwardReferral.objects.unanswered_since(flagged)
        .filter(referral__anonymised_at__isnull=True)
        .exclude(referral__status=Referral.Status.CLOSED)
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=again))
        .select_related(
            "service__organization", "referral__organisation", "referral__link_worker"
        )
        .order_by("sent_at", "pk")
    )
    return [
        Reminder(
            onward=o,
            days=(now - o.sent_at).days,
            service_recipients=_service_recipients(o.service),
            link_worker_recipients=_link_worker_recipients(o.referral),
        )
        for o in rows
    ]


def send_reminders(
    *, base_url: str = "", dry_run: bool = False, now: datetime.datetime | None = None
) -> list[Reminder]:
    """E-mail the services (and tell the link workers) about unanswered referrals.

    The e-mails carry no personal data: the reference, the service, when it
    was sent and a link to sign in.
    """
    now = now or timezone.now()
    reminders = due_reminders(now)
    if dry_run:
        return reminders
    council = settings.HEARTH_COUNCIL_NAME
    for item in reminders:
        o = item.onward
        sent = timezone.localtime(o.sent_at).strftime("%d %B %Y")
        if item.service_recipients:
            send_mail(
                f"A referral to {o.service.name} is waiting for your answer ({o.referral.reference})",
                (
                    f"{o.referral.organisation.name} referred someone to {o.service.name} on {sent} "
                    f"(reference {o.referral.reference}). It has had no answer for {item.days} days.\n\n"
                    "Please sign in to Hearth to accept or decline it, or reply to the link worker:\n"
                    f"{base_url}{reverse('referrals:inbox')}\n\n"
                    f"{council}"
                ),
                None,
                item.service_recipients,
            )
        if item.link_worker_recipients:
            send_mail(
                f"No answer from {o.service.name} for {item.days} days ({o.referral.reference})",
                (
                    f"The referral {o.referral.reference} to {o.service.name}, sent on {sent}, has had "
                    f"no answer for {item.days} days. "
                    + (
                        "The service has been reminded."
                        if item.service_recipients
                        else "Hearth has no e-mail address for the service: please contact it."
                    )
                    + f"\n\n{base_url}{reverse('referrals:detail', args=[o.referral.pk])}\n\n{council}"
                ),
                None,
                item.link_worker_recipients,
            )
        o.last_reminded_at = now
        o.reminders += 1
        o.save(update_fields=["last_reminded_at", "reminders"])
        log.info("reminder sent for onward referral %s", o.pk)
    return reminders
