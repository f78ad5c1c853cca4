from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ..models import Event
from ..permissions import can_manage, can_view, organises


def event_for(request: HttpRequest, pk: int) -> Event:
    """The event if this user may see it; 404 otherwise (it may not exist)."""
    event = (
        Event.objects.select_related(
            "lead", "host_group", "host_group__organisation", "plan_action"
        )
        .filter(pk=pk)
        .first()
    )
    if event is None or not can_view(request.user, event):
        raise Http404("No event you can see")
    return event


def managed_event(request: HttpRequest, pk: int) -> Event:
    """The event if this user organises it and it is not cancelled; 403 if they only see it."""
    event = event_for(request, pk)
    if not can_manage(request.user, event):
        raise PermissionDenied
    return event


def organised_event(request: HttpRequest, pk: int) -> Event:
    event = event_for(request, pk)
    if not organises(request.user, event):
        raise PermissionDenied
    return event
