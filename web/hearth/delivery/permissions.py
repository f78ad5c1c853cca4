"""Who may see and do what with events, requests and addresses (server side).

Events
- Community officers and administrators (MANAGE_EVENTS) plan any event,
  invite organisations, record answers given by phone, add activities for
  any organisation taking part, and see every event.
- Partner-agency users (RESPOND_TO_EVENTS) see the events their
  organisation is invited to, leads or hosts (through its residents' or
  community group); they accept or decline for their organisation and add
  its activities. A partner whose organisation leads an event, or whose
  group hosts it, organises it like an officer (invites, timetable,
  publishing) but only that event.
- Analysts and councillors (VIEW_ALL_PLANS) read every event and its outcome
  report; they change nothing.
- Residents see a published event's timetable, map and calendar only.

Household requests (WORK_REQUESTS)
- A request is worked by the organisation asked: its partner users see it,
  change its status (one by one or in bulk), export it, and see its
  contact details.
- The person who recorded a request (an officer at the door, a partner
  passing a need to another service) sees it and its contact details too,
  and may update it.
- Officers and administrators (MANAGE_EVENTS) see every request of the
  events they run in a list, without contact details, to follow up with
  partners; the outcome report counts them all.
- Nobody else sees a request. Every view of contact details is audited.

Addresses
- The gazetteer is imported by administrators and analysts
  (MANAGE_ADDRESSES) and read by community officers (VIEW_ADDRESSES): walk
  lists and properties per LSOA. Administrators and analysts see the
  figures too. Nothing of it is public.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hearth.accounts.permissions import Capability, organisations_of, user_has

from .models import Event, Invitation, Request

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hearth.accounts.models import Organisation, User

    AnyUser = User | AnonymousUser


def _involved(organisations: set[int]) -> Q:
    return (
        Q(invitations__organisation__in=organisations)
        | Q(lead__in=organisations)
        | Q(host_group__organisation__in=organisations)
    )


def visible_events(user: AnyUser) -> QuerySet[Event]:
    events = Event.objects.select_related("lead", "host_group")
    if user_has(user, Capability.MANAGE_EVENTS) or user_has(
        user, Capability.VIEW_ALL_PLANS
    ):
        return events
    if not user_has(user, Capability.RESPOND_TO_EVENTS):
        return events.none()
    return events.filter(_involved(organisations_of(user))).distinct()


def can_view(user: AnyUser, event: Event) -> bool:
    return visible_events(user).filter(pk=event.pk).exists()


def organises(user: AnyUser, event: Event) -> bool:
    """Whether the user organises the event (its lead or host, or an officer)."""
    if user_has(user, Capability.MANAGE_EVENTS):
        return True
    if not user_has(user, Capability.RESPOND_TO_EVENTS):
        return False
    mine = organisations_of(user)
    host = event.host_group.organisation_id if event.host_group else None
    return event.lead_id in mine or (host is not None and host in mine)


def can_manage(user: AnyUser, event: Event) -> bool:
    """Organises it and it is not cancelled (a cancelled event is read-only)."""
    return organises(user, event) and event.status != Event.Status.CANCELLED


def may_create(user: AnyUser) -> bool:
    return user_has(user, Capability.MANAGE_EVENTS) or user_has(
        user, Capability.RESPOND_TO_EVENTS
    )


def lead_choices(user: AnyUser) -> set[int] | None:
    """Organisations the user may name as an event's lead (None: any)."""
    if user_has(user, Capability.MANAGE_EVENTS):
        return None
    return (
        organisations_of(user)
        if user_has(user, Capability.RESPOND_TO_EVENTS)
        else set()
    )


def can_respond(user: AnyUser, invitation: Invitation) -> bool:
    """Answer for the organisation: its partner users, or whoever organises."""
    if invitation.event.status == Event.Status.CANCELLED:
        return False
    if user_has(user, Capability.RESPOND_TO_EVENTS) and (
        invitation.organisation_id in organisations_of(user)
    ):
        return True
    return organises(user, invitation.event)


def activity_organisations(user: AnyUser, event: Event) -> set[int] | None:
    """Organisations the user may add activities for (None: any taking part)."""
    if can_manage(user, event):
        return None
    if event.status == Event.Status.CANCELLED or not user_has(
        user, Capability.RESPOND_TO_EVENTS
    ):
        return set()
    return organisations_of(user)


# --- requests ------------------------------------------------------------------------


def workable_requests(user: AnyUser) -> QuerySet[Request]:
    """Requests the user works: asked of their organisations, or recorded by them."""
    if not user.is_authenticated:
        return Request.objects.none()
    rule = Q(recorded_by=user)
    if user_has(user, Capability.WORK_REQUESTS):
        rule |= Q(organisation__in=organisations_of(user))
    elif not user_has(user, Capability.MANAGE_EVENTS):
        return Request.objects.none()
    return Request.objects.filter(rule)


def visible_requests(user: AnyUser) -> QuerySet[Request]:
    """Requests the user may see listed (officers: every one, without contacts)."""
    if user_has(user, Capability.MANAGE_EVENTS):
        return Request.objects.all()
    return workable_requests(user)


def can_work(user: AnyUser, request: Request) -> bool:
    return workable_requests(user).filter(pk=request.pk).exists()


def can_see_contact(user: AnyUser, request: Request) -> bool:
    """Contact details: the organisation asked and the person who recorded it."""
    if not user.is_authenticated:
        return False
    if request.recorded_by_id == user.pk:
        return True
    return user_has(user, Capability.WORK_REQUESTS) and (
        request.organisation_id in organisations_of(user)
    )


def may_record(user: AnyUser, event: Event) -> bool:
    """Record requests at an event: officers, and partners taking part."""
    if user_has(user, Capability.MANAGE_EVENTS):
        return True
    if not user_has(user, Capability.WORK_REQUESTS):
        return False
    mine = organisations_of(user)
    if event.lead_id in mine:
        return True
    if event.host_group and event.host_group.organisation_id in mine:
        return True
    return event.invitations.filter(
        organisation__in=mine, status=Invitation.Status.ACCEPTED
    ).exists()


def import_organisations(user: AnyUser) -> set[int] | None:
    """Whose requests the user may import (None: anyone's)."""
    if user_has(user, Capability.MANAGE_EVENTS):
        return None
    return organisations_of(user) if user_has(user, Capability.WORK_REQUESTS) else set()


def report_organisations(user: AnyUser, event: Event) -> set[int] | None:
    """Whose requests a user's report counts (None: everyone's).

    Those who organise the event or read every event see all of it; a
    partner sees its own organisations' requests only.
    """
    if organises(user, event) or user_has(user, Capability.VIEW_ALL_PLANS):
        return None
    return organisations_of(user)


# --- addresses -------------------------------------------------------------------------


def can_view_addresses(user: AnyUser) -> bool:
    return user_has(user, Capability.VIEW_ADDRESSES) or user_has(
        user, Capability.MANAGE_ADDRESSES
    )


def can_import_addresses(user: AnyUser) -> bool:
    return user_has(user, Capability.MANAGE_ADDRESSES)


def can_walk(user: AnyUser) -> bool:
    """Export a walk list of homes (officers who knock on doors)."""
    return user_has(user, Capability.VIEW_ADDRESSES)


def organisation_names(organisations: set[int]) -> list[Organisation]:
    from hearth.accounts.models import Organisation

    return list(Organisation.objects.filter(pk__in=organisations).order_by("name"))
