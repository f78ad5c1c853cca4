"""Read events for pages, exports and commands: who is coming, the gaps,
the timetable, and the outcome report (counted by ``hearthcore.delivery``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from hearth.accounts.models import Organisation
from hearthcore import delivery as core
from hearthcore.outcomes import suppress

from .models import Event, EventActivity, Invitation, Request

#: How gaps name a missing kind of partner ("No health partner yet").
KIND_WORDS = {
    Organisation.Kind.COUNCIL: "council",
    Organisation.Kind.FIRE_RESCUE: "fire and rescue",
    Organisation.Kind.POLICE: "police",
    Organisation.Kind.NHS: "health",
    Organisation.Kind.HOUSING: "housing",
    Organisation.Kind.VCS: "voluntary or community",
    Organisation.Kind.OTHER: "other",
}


def gaps(event: Event) -> list[core.Gap]:
    """What the event still lacks: kinds of partner, and activities asked for."""
    coming = {event.lead.kind} | set(
        event.invitations.filter(status=Invitation.Status.ACCEPTED).values_list(
            "organisation__kind", flat=True
        )
    )
    offered = [
        a.activity_type.name if a.activity_type else a.title
        for a in event.activities.exclude(
            status=EventActivity.Status.CANCELLED
        ).select_related("activity_type")
    ]
    wanted = {k: KIND_WORDS.get(k, k) for k in event.wanted_kinds}
    return core.gaps(
        wanted,
        [t.name for t in event.wanted_activities.order_by("name")],
        coming,
        offered,
    )


def timetable(event: Event, *, public: bool) -> list[dict[str, Any]]:
    """The activities by day, in time order; residents see public ones only."""
    activities = event.activities.select_related(
        "organisation", "venue", "activity_type"
    ).order_by("date", "starts", "title", "pk")
    if public:
        activities = activities.filter(is_public=True).exclude(
            status=EventActivity.Status.CANCELLED
        )
    days: dict[Any, list[EventActivity]] = defaultdict(list)
    for activity in activities:
        days[activity.date].append(activity)
    return [{"date": day, "activities": items} for day, items in days.items()]


def venue_numbers(event: Event, days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The venues on the timetable, numbered in the order they first appear
    (the map and the timetable use the same numbers)."""
    seen: dict[int, dict[str, Any]] = {}
    for day in days:
        for activity in day["activities"]:
            venue = activity.venue
            if venue is not None and venue.pk not in seen:
                seen[venue.pk] = {"number": len(seen) + 1, "asset": venue}
    for venue in event.venues.order_by("name"):
        if venue.pk not in seen:
            seen[venue.pk] = {"number": len(seen) + 1, "asset": venue}
    for day in days:
        for activity in day["activities"]:
            activity.venue_number = (
                seen[activity.venue_id]["number"] if activity.venue_id else None
            )
    return list(seen.values())


# --- the outcome report --------------------------------------------------------------


@dataclass
class PartnerRow:
    organisation: Organisation
    activities: int = 0
    run: int = 0
    people: int = 0
    households: int = 0
    requests: int = 0
    done: int = 0


@dataclass
class Report:
    event: Event
    target_codes: list[str]
    partners: list[PartnerRow]
    activities: int
    activities_run: int
    people: int
    households: int
    requests: core.RequestTally
    outside_by_service: dict[tuple[str, str], int]
    by_area: list[tuple[str, int]]
    properties: int
    scoped_to: list[Organisation] | None = None
    done: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


def _requests(event: Event, organisations: set[int] | None) -> QuerySet[Request]:
    found = Request.objects.filter(event=event)
    if organisations is not None:
        found = found.filter(organisation__in=organisations)
    return found


def report(event: Event, organisations: set[int] | None = None) -> Report:
    """The event's outcome: partners, activities, reach and requests.

    ``organisations`` limits the requests (and partners) counted to those
    organisations (a partner's own view); None counts everyone's.
    """
    targets = event.target_codes()
    requests = _requests(event, organisations)
    grouped = (
        requests.values("service__name", "organisation__name", "status")
        .annotate(n=Count("id"), inside=Count("id", filter=Q(lsoa21__in=targets)))
        .order_by()
    )
    rows: list[tuple[str, str, str, bool, int]] = []
    outside: dict[tuple[str, str], int] = defaultdict(int)
    for row in grouped:
        service, organisation = row["service__name"], row["organisation__name"]
        if row["inside"]:
            rows.append((service, organisation, row["status"], True, row["inside"]))
        if row["n"] - row["inside"]:
            rows.append(
                (service, organisation, row["status"], False, row["n"] - row["inside"])
            )
            outside[(service, organisation)] += row["n"] - row["inside"]
    tally = core.tally(rows)
    statuses = dict.fromkeys(core.REQUEST_STATUSES, 0)
    for entry in tally["by_service"]:
        for status, n in entry["by_status"].items():
            statuses[status] += n
    taking_part = [event.lead] + [
        i.organisation
        for i in event.invitations.filter(status=Invitation.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("organisation__name")
        if i.organisation_id != event.lead_id
    ]
    partners = {o.pk: PartnerRow(o) for o in taking_part}
    activities = event.activities.exclude(status=EventActivity.Status.CANCELLED)
    if organisations is not None:
        activities = activities.filter(organisation__in=organisations)
    for activity in activities.select_related("organisation"):
        row_ = partners.setdefault(
            activity.organisation_id, PartnerRow(activity.organisation)
        )
        row_.activities += 1
        if activity.status == EventActivity.Status.DONE:
            row_.run += 1
        row_.people += activity.people_reached or 0
        row_.households += activity.households_reached or 0
    for org_id, status, n in (
        requests.values_list("organisation", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if org_id not in partners:
            partners[org_id] = PartnerRow(Organisation.objects.get(pk=org_id))
        partners[org_id].requests += n
        if status == "done":
            partners[org_id].done += n
    shown = [
        p
        for p in partners.values()
        if organisations is None or p.organisation.pk in organisations
    ]
    by_area = list(
        requests.values_list("lsoa21").annotate(n=Count("id")).order_by("lsoa21")
    )
    properties = (
        requests.exclude(uprn=None).values("uprn").distinct().count()
        + requests.filter(uprn=None).values("postcode").distinct().count()
    )
    scoped = None
    if organisations is not None:
        scoped = list(
            Organisation.objects.filter(pk__in=organisations).order_by("name")
        )
    return Report(
        event=event,
        target_codes=targets,
        partners=shown,
        activities=sum(p.activities for p in shown),
        activities_run=sum(p.run for p in shown),
        people=sum(p.people for p in shown),
        households=sum(p.households for p in shown),
        requests=tally,
        outside_by_service=dict(outside),
        by_area=[(code or "", int(n)) for code, n in by_area],
        properties=properties,
        scoped_to=scoped,
        done=statuses["done"],
        statuses=statuses,
    )


def report_json(found: Report) -> dict[str, Any]:
    """The shape ``hearth events report ID --format json`` prints (and the
    page's JSON download).

    Counts of people, households and requests from 1 to 4 are null
    (``hearthcore.outcomes.suppress``), as they are "<5" in the CSV and XLSX,
    so that no household can be picked out; the keys are always there.
    Counts of activities are not about people and are shown as they are.
    """
    event = found.event
    tally = found.requests
    return {
        "event": {
            "id": event.pk,
            "name": event.name,
            "kind": event.kind,
            "status": event.status,
            "start": event.start.isoformat(),
            "end": event.end.isoformat(),
            "lead": event.lead.name,
            "host_group": event.host_group.name if event.host_group else None,
            "communities": [
                {"id": c.pk, "name": c.name} for c in event.communities.order_by("name")
            ],
            "target_areas": found.target_codes,
            "activities": found.activities,
            "activities_run": found.activities_run,
            "people_reached": suppress(found.people),
            "households_reached": suppress(found.households),
            "properties_with_requests": suppress(found.properties),
        },
        "partners": [
            {
                "organisation": p.organisation.name,
                "kind": p.organisation.kind,
                "activities": p.activities,
                "activities_run": p.run,
                "people_reached": suppress(p.people),
                "households_reached": suppress(p.households),
                "requests": suppress(p.requests),
                "done": suppress(p.done),
            }
            for p in found.partners
        ],
        "requests": {
            "total": suppress(tally["total"]),
            "outside_target_areas": suppress(tally["outside_target_areas"]),
            "by_service": [
                {
                    "service": entry["service"],
                    "organisation": entry["organisation"],
                    "total": suppress(entry["total"]),
                    "by_status": {
                        status: suppress(n) for status, n in entry["by_status"].items()
                    },
                }
                for entry in tally["by_service"]
            ],
        },
    }


def _count(value: int) -> int | str:
    """A count for CSV/XLSX: 1 to 4 shown as "<5"."""
    shown = suppress(value)
    return "<5" if shown is None else shown


def request_rows(found: Report) -> tuple[list[str], list[list[Any]]]:
    """Requests by service and organisation for CSV/XLSX (small counts hidden)."""
    header = [
        "event",
        "service",
        "organisation",
        "total",
        *core.REQUEST_STATUSES,
        "outside_target_areas",
    ]
    rows = []
    for entry in found.requests["by_service"]:
        key = (entry["service"], entry["organisation"])
        rows.append(
            [
                found.event.name,
                entry["service"],
                entry["organisation"],
                _count(entry["total"]),
                *[_count(entry["by_status"][s]) for s in core.REQUEST_STATUSES],
                _count(found.outside_by_service.get(key, 0)),
            ]
        )
    rows.append(
        [
            found.event.name,
            "All services",
            "",
            _count(found.requests["total"]),
            *[_count(found.statuses[s]) for s in core.REQUEST_STATUSES],
            _count(found.requests["outside_target_areas"]),
        ]
    )
    return header, rows


def partner_rows(found: Report) -> tuple[list[str], list[list[Any]]]:
    """Partners and their activities for CSV/XLSX (small counts hidden)."""
    header = [
        "event",
        "organisation",
        "kind",
        "activities",
        "activities_run",
        "people_reached",
        "households_reached",
        "requests",
        "done",
    ]
    rows = [
        [
            found.event.name,
            p.organisation.name,
            p.organisation.get_kind_display(),
            p.activities,
            p.run,
            _count(p.people),
            _count(p.households),
            _count(p.requests),
            _count(p.done),
        ]
        for p in found.partners
    ]
    return header, rows


# --- repeated events ------------------------------------------------------------------


def series(event: Event) -> list[Event]:
    """The event and the events planned from it or it from (copies), by date."""
    root = event
    seen = {root.pk}
    while root.copied_from_id and root.copied_from_id not in seen:
        root = Event.objects.get(pk=root.copied_from_id)
        seen.add(root.pk)
    found = {root.pk: root}
    queue = [root.pk]
    while queue:
        children = list(
            Event.objects.filter(copied_from__in=queue).exclude(pk__in=found)
        )
        queue = [c.pk for c in children]
        found.update({c.pk: c for c in children})
    return sorted(found.values(), key=lambda e: (e.start, e.pk))


@dataclass
class Comparison:
    events: list[Event]
    rows: list[tuple[str, list[int]]]
    services: list[tuple[str, list[int]]]


def compare(reports: Sequence[Report]) -> Comparison:
    """Side-by-side figures of several events' reports (each as the user may see it)."""
    metrics = [
        ("Partners taking part", [len(r.partners) for r in reports]),
        ("Activities", [r.activities for r in reports]),
        ("Activities run", [r.activities_run for r in reports]),
        ("People reached", [r.people for r in reports]),
        ("Households reached", [r.households for r in reports]),
        ("Requests", [r.requests["total"] for r in reports]),
        ("Requests done", [r.done for r in reports]),
        (
            "Requests from outside the target areas",
            [r.requests["outside_target_areas"] for r in reports],
        ),
    ]
    services: dict[str, list[int]] = {}
    for index, found in enumerate(reports):
        for entry in found.requests["by_service"]:
            totals = services.setdefault(entry["service"], [0] * len(reports))
            totals[index] += entry["total"]
    return Comparison(
        [r.event for r in reports],
        metrics,
        sorted(services.items(), key=lambda kv: (-sum(kv[1]), kv[0])),
    )


def events_json(events: Iterable[Event]) -> dict[str, Any]:
    """``hearth events list --format json``."""
    out = []
    for event in events:
        counts = event.invitations.values("status").annotate(n=Count("id"))
        by_status = {c["status"]: c["n"] for c in counts}
        out.append(
            {
                "id": event.pk,
                "name": event.name,
                "kind": event.kind,
                "status": event.status,
                "start": event.start.isoformat(),
                "end": event.end.isoformat(),
                "lead": event.lead.name,
                "communities": [c.pk for c in event.communities.order_by("pk")],
                "target_areas": len(event.target_codes()),
                "invited": sum(by_status.values()),
                "partners": by_status.get(Invitation.Status.ACCEPTED, 0),
                "activities": event.activities.exclude(
                    status=EventActivity.Status.CANCELLED
                ).count(),
                "requests": event.requests.count(),
                "copied_from": event.copied_from_id,
            }
        )
    return {"events": out}
