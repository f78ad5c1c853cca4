"""Use cases for events and household requests: one transaction per change,
each writing the event's history (``EventChange``) or the request's
(``RequestChange``) while the audit registry logs the rows.

Views and commands call these; they never save delivery models themselves.
The gazetteer's import is in ``addresses.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.accounts.models import Membership, Organisation, Role
from hearth.areas.models import Area, Geography
from hearth.assets.models import Asset
from hearth.communities.models import Community
from hearth.core.errors import DomainError
from hearthcore import delivery as core
from hearthcore.text import organisation_kind

from .models import (
    ActivityType,
    Address,
    Event,
    EventActivity,
    EventChange,
    Invitation,
    Request,
    RequestChange,
    Service,
)


class DeliveryError(DomainError):
    pass


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _log(event: Event, kind: str, by: Any, summary: str, **details: Any) -> None:
    EventChange.objects.create(
        event=event, action=kind, by=_user(by), summary=summary[:400], details=details
    )


# --- events ------------------------------------------------------------------------


@dataclass
class EventFields:
    """What an organiser sets on an event."""

    name: str
    kind: str
    start: dt.date
    end: dt.date
    lead: Organisation
    summary: str = ""
    communities: Sequence[Community] = ()
    areas: Sequence[str] = ()
    venues: Sequence[Asset] = ()
    host_group: Any = None
    plan_action: Any = None
    wanted_kinds: Sequence[str] = ()
    wanted_activities: Sequence[ActivityType] = ()


def _check(fields: EventFields) -> list[Area]:
    fields.name = " ".join((fields.name or "").split())
    if not fields.name:
        raise DeliveryError("Enter the event's name")
    if len(fields.name) > 200:
        raise DeliveryError("The event's name must be 200 characters or fewer")
    if fields.kind not in core.EVENT_KINDS:
        raise DeliveryError(f"{fields.kind!r} is not a kind of event")
    if fields.end < fields.start:
        raise DeliveryError("The last day must be the same as or after the first day")
    if (fields.end - fields.start).days > 366:
        raise DeliveryError("An event can last at most a year")
    known_kinds = set(Organisation.Kind.values)
    unknown = [k for k in fields.wanted_kinds if k not in known_kinds]
    if unknown:
        raise DeliveryError(f"{', '.join(unknown)} is not a kind of organisation")
    codes = sorted({c.strip().upper() for c in fields.areas if c.strip()})
    areas = list(
        Area.objects.filter(geography=Geography.LSOA21, code__in=codes).defer(
            "geometry"
        )
    )
    missing = sorted(set(codes) - {a.code for a in areas})
    if missing:
        raise DeliveryError(
            f"These are not LSOA 2021 codes Hearth knows: {', '.join(missing[:5])}"
        )
    archived = [c.name for c in fields.communities if c.archived is not None]
    if archived:
        raise DeliveryError(f"{', '.join(archived)} is archived")
    if not fields.communities and not areas:
        raise DeliveryError("Choose at least one community or LSOA to target")
    if fields.host_group is not None and fields.host_group.organisation_id is None:
        raise DeliveryError(
            f"{fields.host_group.name} has no organisation in Hearth yet, so it "
            "cannot host an event: add it as an organisation first"
        )
    return areas


def _apply(event: Event, fields: EventFields, areas: list[Area]) -> None:
    event.communities.set(fields.communities)
    event.areas.set(areas)
    event.venues.set(fields.venues)
    event.wanted_activities.set(fields.wanted_activities)


@transaction.atomic
def create_event(fields: EventFields, *, by: Any) -> Event:
    """Plan an event; a group-led event invites the services its group chose."""
    areas = _check(fields)
    event = Event.objects.create(
        name=fields.name,
        kind=fields.kind,
        summary=fields.summary.strip(),
        start=fields.start,
        end=fields.end,
        lead=fields.lead,
        host_group=fields.host_group,
        plan_action=fields.plan_action,
        wanted_kinds=list(dict.fromkeys(fields.wanted_kinds)),
        created_by=_user(by),
    )
    _apply(event, fields, areas)
    _log(event, "created", by, f"Event planned: {event.name}")
    if fields.host_group is not None:
        chosen = [o for o in fields.host_group.invited.all() if o.pk != event.lead_id]
        if chosen:
            invite(event, chosen, by=by, chosen_by_group=True)
    return event


@transaction.atomic
def edit_event(event: Event, fields: EventFields, *, by: Any) -> Event:
    areas = _check(fields)
    before = (event.start, event.end)
    for name in ("name", "kind", "start", "end", "lead", "host_group", "plan_action"):
        setattr(event, name, getattr(fields, name))
    event.summary = fields.summary.strip()
    event.wanted_kinds = list(dict.fromkeys(fields.wanted_kinds))
    event.save()
    _apply(event, fields, areas)
    outside = event.activities.exclude(date__range=(event.start, event.end)).count()
    note = ""
    if before != (event.start, event.end) and outside:
        note = f"; {outside} activit{'y is' if outside == 1 else 'ies are'} now outside its dates"
    _log(event, "edited", by, f"Event changed: {event.name}{note}")
    return event


@transaction.atomic
def publish(event: Event, *, by: Any) -> Event:
    """Show the event's timetable to residents."""
    if event.status == Event.Status.CANCELLED:
        raise DeliveryError("A cancelled event cannot be published")
    if event.status != Event.Status.PUBLISHED:
        event.status = Event.Status.PUBLISHED
        event.published_at = event.published_at or timezone.now()
        event.save(update_fields=["status", "published_at", "updated"])
        _log(event, "published", by, "Timetable published for residents")
    return event


@transaction.atomic
def unpublish(event: Event, *, by: Any) -> Event:
    if event.status == Event.Status.PUBLISHED:
        event.status = Event.Status.DRAFT
        event.published_at = None
        event.save(update_fields=["status", "published_at", "updated"])
        _log(event, "unpublished", by, "Timetable taken down")
    return event


@transaction.atomic
def cancel(event: Event, *, by: Any, reason: str = "") -> Event:
    """Cancel an event; a published timetable then says it is cancelled."""
    if event.status != Event.Status.CANCELLED:
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status", "updated"])
        _log(
            event, "cancelled", by, f"Event cancelled{': ' + reason if reason else ''}"
        )
    return event


@transaction.atomic
def reopen(event: Event, *, by: Any, reason: str = "") -> Event:
    """Put a cancelled event back on, as it was before it was cancelled.

    Its invitations, answers, activities and requests were kept, so they
    stand again. An event whose timetable had been published is published
    again (residents and calendar feeds see it is on); one that had not is
    being planned again.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.CANCELLED:
        raise DeliveryError("Only a cancelled event can be reopened")
    public = event.published_at is not None
    event.status = Event.Status.PUBLISHED if public else Event.Status.DRAFT
    event.save(update_fields=["status", "updated"])
    _log(
        event,
        "reopened",
        by,
        "Event reopened"
        + ("; its timetable is public again" if public else "")
        + (f": {reason}" if reason else ""),
    )
    return event


def _send(subject: str, body: str, recipients: list[str]) -> None:
    send_mail(
        subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
    )


def _partner_emails(organisation: Organisation) -> list[str]:
    return sorted(
        {
            m.user.email
            for m in Membership.objects.filter(
                organisation=organisation, role=Role.PARTNER, user__is_active=True
            ).select_related("user")
            if m.user.email
        }
    )


@transaction.atomic
def invite(
    event: Event,
    organisations: Iterable[Organisation],
    *,
    by: Any,
    message: str = "",
    chosen_by_group: bool = False,
    link: str = "",
) -> list[Invitation]:
    """Invite organisations (those already invited keep their answer).

    Partner-agency users of each organisation are e-mailed, with ``link`` to
    the sign-up page, once the invitations are saved.
    """
    if event.status == Event.Status.CANCELLED:
        raise DeliveryError("The event is cancelled")
    made = []
    for organisation in organisations:
        if organisation.pk == event.lead_id:
            continue
        invitation, created = Invitation.objects.get_or_create(
            event=event,
            organisation=organisation,
            defaults={
                "message": message.strip(),
                "invited_by": _user(by),
                "chosen_by_group": chosen_by_group,
            },
        )
        if created:
            made.append(invitation)
    if made:
        names = ", ".join(i.organisation.name for i in made)
        _log(
            event,
            "invited",
            by,
            f"Invited {names}"
            + (" (chosen by the hosting group)" if chosen_by_group else ""),
            organisations=[i.organisation_id for i in made],
        )
        when = f"{event.start:%-d %B %Y}" + (
            f" to {event.end:%-d %B %Y}" if event.end != event.start else ""
        )
        for invitation in made:
            recipients = _partner_emails(invitation.organisation)
            if not recipients:
                continue
            body = (
                f"{event.lead.name} has invited {invitation.organisation.name} to "
                f"take part in {event.name} ({when}).\n\n"
                + (f"{invitation.message}\n\n" if invitation.message else "")
                + "Please say whether you can come and add the activities you "
                "will run" + (f":\n{link}\n" if link else " in Hearth.\n")
            )
            subject = f"Invitation: {event.name}"
            transaction.on_commit(partial(_send, subject, body, recipients))
    return made


@transaction.atomic
def respond(
    invitation: Invitation, *, accept: bool, by: Any, note: str = ""
) -> Invitation:
    """Accept or decline an invitation for the organisation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.event.status == Event.Status.CANCELLED:
        raise DeliveryError("The event is cancelled")
    new = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.status = new
    invitation.response_note = note.strip()
    invitation.responded_by = _user(by)
    invitation.responded_at = timezone.now()
    invitation.save()
    if not accept:
        # A partner that is not coming runs nothing: its planned activities go.
        dropped = invitation.event.activities.filter(
            organisation=invitation.organisation, status=EventActivity.Status.PLANNED
        )
        count = dropped.count()
        for activity in dropped:
            activity.status = EventActivity.Status.CANCELLED
            activity.save(update_fields=["status", "updated"])
    else:
        count = 0
    _log(
        invitation.event,
        "responded",
        by,
        f"{invitation.organisation.name} "
        + ("is coming" if accept else "is not coming")
        + (
            f"; {count} planned activit{'y' if count == 1 else 'ies'} cancelled"
            if count
            else ""
        ),
        organisation=invitation.organisation_id,
    )
    return invitation


def taking_part(event: Event) -> list[Organisation]:
    """The lead and every organisation that accepted."""
    accepted = [
        i.organisation
        for i in event.invitations.filter(status=Invitation.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    return [event.lead, *[o for o in accepted if o.pk != event.lead_id]]


@dataclass
class ActivityFields:
    organisation: Organisation
    title: str
    date: dt.date
    activity_type: ActivityType | None = None
    description: str = ""
    starts: dt.time | None = None
    ends: dt.time | None = None
    venue: Asset | None = None
    place: str = ""
    capacity: int | None = None
    staff: int | None = None
    booking: str = ""
    is_public: bool = True
    status: str = EventActivity.Status.PLANNED
    people_reached: int | None = None
    households_reached: int | None = None


def _check_activity(event: Event, fields: ActivityFields) -> None:
    fields.title = " ".join((fields.title or "").split()) or (
        fields.activity_type.name if fields.activity_type else ""
    )
    if not fields.title:
        raise DeliveryError("Enter what the activity is, or choose its type")
    if not event.start <= fields.date <= event.end:
        raise DeliveryError(
            f"The activity must be on a day of the event ({event.start:%-d %B %Y}"
            + (f" to {event.end:%-d %B %Y}" if event.end != event.start else "")
            + ")"
        )
    if fields.starts and fields.ends and fields.ends <= fields.starts:
        raise DeliveryError("The activity must end after it starts")
    if fields.status not in EventActivity.Status.values:
        raise DeliveryError(f"{fields.status!r} is not an activity status")
    if fields.organisation.pk not in {o.pk for o in taking_part(event)}:
        raise DeliveryError(
            f"{fields.organisation.name} has not accepted the invitation, so it "
            "cannot run an activity yet"
        )
    if fields.capacity is not None and fields.capacity < 1:
        raise DeliveryError("Capacity must be at least 1 (leave it empty for no limit)")


@transaction.atomic
def add_activity(event: Event, fields: ActivityFields, *, by: Any) -> EventActivity:
    if event.status == Event.Status.CANCELLED:
        raise DeliveryError("The event is cancelled")
    _check_activity(event, fields)
    activity = EventActivity.objects.create(
        event=event, added_by=_user(by), **fields.__dict__
    )
    _log(
        event,
        "activity",
        by,
        f"{fields.organisation.name} added {activity.title} on {activity.date:%-d %B}",
        activity=activity.pk,
    )
    return activity


@transaction.atomic
def edit_activity(
    activity: EventActivity, fields: ActivityFields, *, by: Any
) -> EventActivity:
    _check_activity(activity.event, fields)
    for name, value in fields.__dict__.items():
        setattr(activity, name, value)
    activity.save()
    _log(
        activity.event,
        "activity",
        by,
        f"Activity changed: {activity.title}",
        activity=activity.pk,
    )
    return activity


@transaction.atomic
def remove_activity(activity: EventActivity, *, by: Any) -> None:
    _log(activity.event, "activity", by, f"Activity removed: {activity.title}")
    activity.delete()


@transaction.atomic
def copy_event(event: Event, *, name: str, start: dt.date, by: Any) -> Event:
    """Plan the next event from this one: same targets, venues, partners
    invited again (their answers start afresh) and activities moved to the
    same days of the new dates, without their reach."""
    shift = start - event.start
    fields = EventFields(
        name=name,
        kind=event.kind,
        start=start,
        end=event.end + shift,
        lead=event.lead,
        summary=event.summary,
        communities=[c for c in event.communities.all() if c.archived is None],
        areas=list(event.areas.values_list("code", flat=True)),
        venues=list(event.venues.all()),
        host_group=event.host_group,
        plan_action=event.plan_action,
        wanted_kinds=list(event.wanted_kinds),
        wanted_activities=list(event.wanted_activities.all()),
    )
    areas = _check(fields)
    copy = Event.objects.create(
        name=fields.name,
        kind=fields.kind,
        summary=fields.summary,
        start=fields.start,
        end=fields.end,
        lead=fields.lead,
        host_group=fields.host_group,
        plan_action=fields.plan_action,
        wanted_kinds=list(fields.wanted_kinds),
        copied_from=event,
        created_by=_user(by),
    )
    _apply(copy, fields, areas)
    for invitation in event.invitations.select_related("organisation"):
        Invitation.objects.create(
            event=copy,
            organisation=invitation.organisation,
            message=invitation.message,
            chosen_by_group=invitation.chosen_by_group,
            invited_by=_user(by),
        )
    activities = event.activities.exclude(status=EventActivity.Status.CANCELLED)
    for activity in activities:
        EventActivity.objects.create(
            event=copy,
            organisation=activity.organisation,
            activity_type=activity.activity_type,
            title=activity.title,
            description=activity.description,
            date=activity.date + shift,
            starts=activity.starts,
            ends=activity.ends,
            venue=activity.venue,
            place=activity.place,
            capacity=activity.capacity,
            staff=activity.staff,
            booking=activity.booking,
            is_public=activity.is_public,
            added_by=_user(by),
        )
    _log(copy, "created", by, f"Planned from {event.name}", copied_from=event.pk)
    _log(event, "copied", by, f"Copied to plan {copy.name}", copy=copy.pk)
    return copy


def report_to_plan(
    event: Event, *, note: str, by: Any, organisation: Organisation | None = None
) -> Any:
    """Record the event's outcome as an update on the plan action it delivers."""
    from hearth.plans import services as plans

    if event.plan_action is None:
        raise DeliveryError("The event is not linked to a plan action")
    try:
        update = plans.record_update(
            event.plan_action,
            on=min(timezone.localdate(), event.end),
            note=note,
            progress=None,
            by=by,
            organisation=organisation,
        )
    except plans.PlanError as error:
        raise DeliveryError(str(error)) from None
    _log(
        event,
        "reported",
        by,
        f"Outcome recorded on the plan action {event.plan_action.title}",
    )
    return update


def move_on_merge(source: Community, target: Community, *, by: Any) -> int:
    """Events targeting a merged community now target the survivor."""
    moved = 0
    for event in Event.objects.filter(communities=source):
        event.communities.remove(source)
        event.communities.add(target)
        _log(event, "community", by, f"{source.name} was merged into {target.name}")
        moved += 1
    return moved


# --- requests ------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    lon: float | None
    lat: float | None
    lsoa21: str
    placed_by: str


def place_properties(
    wanted: Iterable[tuple[int | None, str]],
) -> dict[tuple[int | None, str], Placed]:
    """Find each (UPRN, postcode): by UPRN in the gazetteer, else by postcode.

    Properties neither finds are left out of the answer.
    """
    from hearth.assets.placement import geocode

    wanted = list(dict.fromkeys(wanted))
    uprns = sorted({u for u, _p in wanted if u is not None})
    found: dict[int, tuple[float, float, str]] = {}
    for start in range(0, len(uprns), 900):
        for key, lon, lat, lsoa in Address.objects.filter(
            uprn__in=uprns[start : start + 900]
        ).values_list("uprn", "lon", "lat", "lsoa21"):
            found[key] = (lon, lat, lsoa)
    postcodes = geocode([p for _u, p in wanted if p])
    out: dict[tuple[int | None, str], Placed] = {}
    for uprn, postcode in wanted:
        if uprn is not None and uprn in found:
            lon, lat, lsoa = found[uprn]
            out[(uprn, postcode)] = Placed(lon, lat, lsoa, Request.Placement.UPRN)
        elif postcode and postcode in postcodes:
            lon, lat, lsoa = postcodes[postcode]
            out[(uprn, postcode)] = Placed(lon, lat, lsoa, Request.Placement.POSTCODE)
    return out


def _not_placed(uprn: int | None, postcode: str) -> str:
    parts = []
    if uprn is not None:
        parts.append(f"UPRN {uprn} is not in the address gazetteer")
    if postcode:
        parts.append(f"{core.format_postcode(postcode)} is not a postcode Hearth knows")
    return " and ".join(parts) or "give the property's UPRN or its postcode"


def _closed_at(old: str, new: str, current: dt.datetime | None) -> dt.datetime | None:
    if core.is_closed(new):
        return current if core.is_closed(old) and current else timezone.now()
    return None


@dataclass
class Contact:
    phone: str = ""
    email: str = ""
    note: str = ""


@transaction.atomic
def record_request(
    event: Event,
    *,
    service: Service,
    organisation: Organisation,
    uprn: int | None,
    postcode: str,
    requested: dt.date,
    by: Any,
    status: str = "requested",
    outcome: str = "",
    contact: Contact | None = None,
) -> Request:
    """Record a household's request; it is placed by UPRN, else by postcode."""
    postcode = core.clean_postcode(postcode) or "" if postcode else ""
    if uprn is None and not postcode:
        raise DeliveryError("Give the property's UPRN or its postcode")
    if status not in core.REQUEST_STATUSES:
        raise DeliveryError(f"{status!r} is not a request status")
    if requested > timezone.localdate():
        raise DeliveryError("The date of the request cannot be in the future")
    placed = place_properties([(uprn, postcode)]).get((uprn, postcode))
    if placed is None:
        raise DeliveryError(
            _not_placed(uprn, postcode)[:1].upper() + _not_placed(uprn, postcode)[1:]
        )
    contact = contact or Contact()
    request = Request.objects.create(
        event=event,
        service=service,
        organisation=organisation,
        uprn=uprn,
        postcode=postcode,
        lon=placed.lon,
        lat=placed.lat,
        lsoa21=placed.lsoa21,
        placed_by=placed.placed_by,
        requested=requested,
        status=status,
        outcome=outcome.strip(),
        contact_phone=contact.phone.strip(),
        contact_email=contact.email.strip(),
        contact_note=contact.note.strip(),
        closed_at=timezone.now() if core.is_closed(status) else None,
        recorded_by=_user(by),
    )
    RequestChange.objects.create(
        request=request,
        by=_user(by),
        old_status="",
        new_status=status,
        outcome=request.outcome,
        note="Recorded",
    )
    return request


def _change(
    request: Request, *, status: str, outcome: str | None, by: Any, note: str = ""
) -> bool:
    if status not in core.REQUEST_STATUSES:
        raise DeliveryError(f"{status!r} is not a request status")
    outcome_now = request.outcome if outcome is None else outcome.strip()
    if status == request.status and outcome_now == request.outcome:
        return False
    old = request.status
    request.closed_at = _closed_at(old, status, request.closed_at)
    request.status, request.outcome = status, outcome_now
    request.save(update_fields=["status", "outcome", "closed_at", "updated"])
    RequestChange.objects.create(
        request=request,
        by=_user(by),
        old_status=old,
        new_status=status,
        outcome=outcome_now,
        note=note[:300],
    )
    return True


@transaction.atomic
def update_request(
    request: Request, *, status: str, outcome: str | None, by: Any, note: str = ""
) -> Request:
    request = Request.objects.select_for_update().get(pk=request.pk)
    _change(request, status=status, outcome=outcome, by=by, note=note)
    return request


@transaction.atomic
def bulk_update(
    requests: Iterable[Request], *, status: str, outcome: str | None, by: Any
) -> int:
    """Set the status (and outcome) of many requests at once; returns how many changed."""
    ids = [r.pk for r in requests]
    changed = 0
    for request in (
        Request.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    ):
        changed += _change(
            request, status=status, outcome=outcome, by=by, note="Bulk update"
        )
    return changed


@transaction.atomic
def edit_contact(request: Request, contact: Contact, *, by: Any) -> Request:
    if request.contact_erased is not None and request.is_closed:
        raise DeliveryError("The contact details of a closed request have been erased")
    request.contact_phone = contact.phone.strip()
    request.contact_email = contact.email.strip()
    request.contact_note = contact.note.strip()
    request.save(
        update_fields=["contact_phone", "contact_email", "contact_note", "updated"]
    )
    RequestChange.objects.create(
        request=request,
        by=_user(by),
        old_status=request.status,
        new_status=request.status,
        note="Contact details changed",
    )
    return request


def erase_expired_contacts(
    *, days: int | None = None, now: dt.datetime | None = None, dry_run: bool = False
) -> tuple[dt.datetime, list[int]]:
    """Erase contact details of requests closed at least ``days`` ago.

    Returns the cut-off and the requests erased (or, with ``dry_run``, that
    would be).
    """
    days = settings.HEARTH_REQUEST_CONTACT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    due = (
        Request.objects.filter(closed_at__isnull=False, closed_at__lte=cutoff)
        .filter(~Q(contact_phone="") | ~Q(contact_email="") | ~Q(contact_note=""))
        .order_by("pk")
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return cutoff, ids
    with transaction.atomic():
        for request in Request.objects.select_for_update().filter(pk__in=ids):
            request.contact_phone = request.contact_email = request.contact_note = ""
            request.contact_erased = timezone.now()
            request.save(
                update_fields=[
                    "contact_phone",
                    "contact_email",
                    "contact_note",
                    "contact_erased",
                    "updated",
                ]
            )
            RequestChange.objects.create(
                request=request,
                old_status=request.status,
                new_status=request.status,
                note=f"Contact details erased ({days} days after it closed)",
            )
    return cutoff, ids


# --- imports of returned spreadsheets -------------------------------------------------------


class RequestImportError(DomainError):
    """The file was not imported; ``problems`` names each line."""

    def __init__(self, problems: Sequence[core.Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(core.DeliveryFileError(self.problems)))


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_services: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [
            f"{self.created} request{'s' if self.created != 1 else ''} added",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
        ]
        text = ", ".join(parts)
        if self.new_services:
            text += f"; new services: {', '.join(self.new_services)}"
        if self.new_organisations:
            text += f"; new organisations: {', '.join(self.new_organisations)}"
        return text + "."


def _match(
    names: Iterable[str],
    known: dict[str, Any],
    what: str,
    column: str,
    rows: Sequence[core.RequestRow],
    create: bool,
) -> tuple[dict[str, Any], list[core.Problem], list[str]]:
    problems: list[core.Problem] = []
    out: dict[str, Any] = {}
    missing: list[str] = []
    for name in dict.fromkeys(names):
        key = core.normalise_name(name)
        if key in known:
            out[name] = known[key]
        elif create:
            missing.append(name)
        else:
            close = core.closest_names(
                name, [getattr(v, "name", "") for v in known.values()]
            )
            lines = [r.line for r in rows if getattr(r, column) == name]
            hint = (
                f"; did you mean {' or '.join(repr(c) for c in close)}?"
                if close
                else ""
            )
            for line in lines:
                problems.append(
                    core.Problem(
                        line, column, f"{name!r} is not {what} Hearth knows{hint}"
                    )
                )
    return out, problems, missing


@transaction.atomic
def import_requests(
    event: Event,
    rows: Sequence[core.RequestRow],
    *,
    by: Any,
    create_missing: bool = False,
    only_organisations: set[int] | None = None,
    source: str = "",
) -> ImportOutcome:
    """Import returned requests: all or nothing, problems named by line.

    Services and organisations are matched by name (case, spacing and "&"
    ignored); an unknown one is an error naming the closest known names,
    unless ``create_missing``. A line with Hearth's ``reference`` updates that
    request; otherwise a line matches an existing request of the event for
    the same service, organisation, property and date (the first unmatched
    one, in order), so a returned sheet imported twice adds nothing.
    ``only_organisations`` limits a partner to its own organisations.
    """
    services = {core.normalise_name(s.name): s for s in Service.objects.all()}
    organisations = {core.normalise_name(o.name): o for o in Organisation.objects.all()}
    service_of, problems, new_services = _match(
        (r.service for r in rows),
        services,
        "a service",
        "service",
        rows,
        create_missing,
    )
    organisation_of, more, new_organisations = _match(
        (r.organisation for r in rows),
        organisations,
        "an organisation",
        "organisation",
        rows,
        create_missing,
    )
    problems += more
    if only_organisations is not None:
        for row in rows:
            found = organisation_of.get(row.organisation)
            if found is not None and found.pk not in only_organisations:
                problems.append(
                    core.Problem(
                        row.line,
                        "organisation",
                        f"you can import only your own organisation's requests, not {found.name}'s",
                    )
                )
            elif found is None and row.organisation in new_organisations:
                problems.append(
                    core.Problem(
                        row.line,
                        "organisation",
                        f"{row.organisation!r} is not your organisation",
                    )
                )
    placed = place_properties((r.uprn, r.postcode) for r in rows)
    for row in rows:
        if (row.uprn, row.postcode) not in placed:
            problems.append(
                core.Problem(
                    row.line,
                    "uprn" if row.uprn is not None else "postcode",
                    _not_placed(row.uprn, row.postcode),
                )
            )
        if row.requested > timezone.localdate():
            problems.append(
                core.Problem(row.line, "requested", f"{row.requested} is in the future")
            )
    references = {r.reference for r in rows if r.reference is not None}
    existing = {r.pk: r for r in Request.objects.filter(event=event, pk__in=references)}
    for row in rows:
        if row.reference is not None and row.reference not in existing:
            problems.append(
                core.Problem(
                    row.line,
                    "reference",
                    f"request {row.reference} is not one of {event.name}'s requests",
                )
            )
        elif (
            row.reference is not None
            and only_organisations is not None
            and existing[row.reference].organisation_id not in only_organisations
        ):
            problems.append(
                core.Problem(
                    row.line,
                    "reference",
                    f"request {row.reference} was not asked of your organisation",
                )
            )
    if problems:
        problems.sort(key=lambda p: p.line)
        raise RequestImportError(problems)
    outcome = ImportOutcome(
        new_services=new_services, new_organisations=new_organisations
    )
    for name in new_services:
        service_of[name] = Service.objects.create(name=" ".join(name.split())[:120])
    for name in new_organisations:
        organisation_of[name] = Organisation.objects.create(
            name=" ".join(name.split())[:200], kind=organisation_kind(name)
        )
    # Existing requests of the event by what they are, oldest first, for
    # lines without a reference.
    pool: dict[tuple[int, int, int | None, str, dt.date], list[Request]] = defaultdict(
        list
    )
    for request in (
        Request.objects.filter(event=event).exclude(pk__in=references).order_by("pk")
    ):
        pool[
            (
                request.service_id,
                request.organisation_id,
                request.uprn,
                request.postcode,
                request.requested,
            )
        ].append(request)
    label = f"Imported from {source}" if source else "Imported"
    for row in rows:
        service, organisation = (
            service_of[row.service],
            organisation_of[row.organisation],
        )
        if row.reference is not None:
            match: Request | None = existing[row.reference]
        else:
            candidates = pool[
                (service.pk, organisation.pk, row.uprn, row.postcode, row.requested)
            ]
            match = candidates.pop(0) if candidates else None
        if match is None:
            where = placed[(row.uprn, row.postcode)]
            request = Request.objects.create(
                event=event,
                service=service,
                organisation=organisation,
                uprn=row.uprn,
                postcode=row.postcode,
                lon=where.lon,
                lat=where.lat,
                lsoa21=where.lsoa21,
                placed_by=where.placed_by,
                requested=row.requested,
                status=row.status,
                outcome=row.outcome,
                closed_at=timezone.now() if core.is_closed(row.status) else None,
                recorded_by=_user(by),
            )
            RequestChange.objects.create(
                request=request,
                by=_user(by),
                new_status=row.status,
                outcome=row.outcome,
                note=f"{label}, line {row.line}"[:300],
            )
            outcome.created += 1
        elif _change(
            match,
            status=row.status,
            outcome=row.outcome,
            by=by,
            note=f"{label}, line {row.line}",
        ):
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    _log(event, "imported", by, f"Requests {label.lower()}: {outcome.describe()}")
    return outcome
