"""What residents see: published events, each with a printable timetable,
a map of its venues and a calendar feed. Drafts are 404 to them; staff who
can see an event preview its timetable before it is published."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.areas.models import Area, Geography
from hearthcore import delivery as core
from hearthcore import ical

from .. import charts, queries, services
from ..models import Event
from ..permissions import can_view


def _public_event(request: HttpRequest, pk: int) -> tuple[Event, bool]:
    """The event and whether it is a staff preview; 404 for residents unless published."""
    event = Event.objects.select_related("lead", "host_group").filter(pk=pk).first()
    if event is None:
        raise Http404("No such event")
    if event.is_public:
        return event, False
    if request.user.is_authenticated and can_view(request.user, event):
        return event, True
    raise Http404("No such event")


@require_GET
def whats_on(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    events = (
        Event.objects.published()
        .filter(end__gte=today)
        .select_related("lead", "host_group")
        .prefetch_related("communities")
        .order_by("start", "name")
    )
    return render(
        request,
        "delivery/whats_on.html",
        {"events": list(events), "kinds": core.EVENT_KINDS},
    )


@require_GET
def timetable(request: HttpRequest, pk: int) -> HttpResponse:
    event, preview = _public_event(request, pk)
    days = queries.timetable(event, public=True)
    venues = queries.venue_numbers(event, days)
    targets = event.target_codes()
    shapes = list(
        Area.objects.filter(geography=Geography.LSOA21, code__in=targets)
        .order_by("code")
        .values_list("name", "geometry")
    )
    points = [
        (v["number"], v["asset"].name, *(v["asset"].public_point() or (None, None)))
        for v in venues
    ]
    return render(
        request,
        "delivery/timetable.html",
        {
            "event": event,
            "preview": preview,
            "days": days,
            "venues": venues,
            "map": charts.map_svg(
                shapes,
                points,
                title=f"Map of {event.name}: the area it covers and its venues",
            ),
            "partners": services.taking_part(event),
            "kind": core.EVENT_KINDS[event.kind],
            "communities": list(event.communities.order_by("name")),
        },
    )


@require_GET
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The timetable as an iCalendar feed (published events only)."""
    event, preview = _public_event(request, pk)
    if preview:
        raise Http404("Not published")
    host = request.get_host().split(":")[0] or "hearth"
    url = request.build_absolute_uri(reverse("delivery:timetable", args=[event.pk]))
    items = []
    status = "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED"
    for day in queries.timetable(event, public=True):
        for activity in day["activities"]:
            start = (
                datetime.combine(activity.date, activity.starts)
                if activity.starts
                else activity.date
            )
            end = (
                datetime.combine(activity.date, activity.ends)
                if activity.starts and activity.ends
                else None
            )
            where = activity.venue.name if activity.venue else activity.place
            if activity.venue and activity.venue.postcode:
                where += f", {core.format_postcode(activity.venue.postcode)}"
            items.append(
                ical.Event(
                    uid=f"event-{event.pk}-activity-{activity.pk}@{host}",
                    summary=f"{activity.title} ({activity.organisation.name})",
                    start=start,
                    end=end,
                    description="\n".join(
                        part
                        for part in (
                            activity.description,
                            activity.booking and f"How to book: {activity.booking}",
                        )
                        if part
                    ),
                    location=where,
                    url=url,
                    categories=(core.EVENT_KINDS[event.kind],),
                    status=status,
                    last_modified=activity.updated,
                )
            )
    if not items:
        items.append(
            ical.Event(
                uid=f"event-{event.pk}@{host}",
                summary=event.name,
                start=event.start,
                end=event.end if event.end != event.start else None,
                description=event.summary,
                url=url,
                status=status,
                last_modified=event.updated,
            )
        )
    body = ical.calendar(items, name=event.name, description=event.summary)
    response = HttpResponse(body.encode("utf-8"), content_type=ical.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
