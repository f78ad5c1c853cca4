"""`hearth events …`: plan, list and report on events from scripts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Plan, list and report on events (Weeks of Action, community events)."

    def add_arguments(self, parser: CommandParser) -> None:
        from hearthcore.delivery import EVENT_KINDS

        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="Plan an event for communities.")
        create.add_argument("--name", required=True, help="The event's name.")
        create.add_argument(
            "--communities",
            required=True,
            help="Community ids separated by commas (see `hearth communities list`).",
        )
        create.add_argument("--start", required=True, help="First day, YYYY-MM-DD.")
        create.add_argument("--end", required=True, help="Last day, YYYY-MM-DD.")
        create.add_argument(
            "--kind",
            choices=list(EVENT_KINDS),
            default="week_of_action",
            help="The kind of event (default week_of_action).",
        )
        create.add_argument(
            "--lead",
            default="",
            help="The lead organisation's name (default: the council running Hearth).",
        )
        listing = sub.add_parser("list", help="List the events.")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        report = sub.add_parser("report", help="An event's outcome report.")
        report.add_argument("id", type=int, help="The event's id.")
        report.add_argument(
            "--format",
            choices=["text", "json", "csv"],
            default="text",
            help="text (default); json or csv to export, counts of people, "
            "households and requests from 1 to 4 hidden (null in JSON, <5 in CSV).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        from hearth.accounts.models import Organisation
        from hearth.communities.models import Community
        from hearth.delivery import services

        wanted = []
        for part in options["communities"].split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise CommandError(f"{part!r} is not a community id")
            wanted.append(int(part))
        found = {c.pk: c for c in Community.objects.filter(pk__in=wanted)}
        missing = [str(i) for i in wanted if i not in found]
        if missing:
            raise CommandError(
                f"There is no community {', '.join(missing)} (see `hearth communities list`)"
            )
        if options["lead"]:
            lead = Organisation.objects.filter(
                name__iexact=options["lead"].strip()
            ).first()
            if lead is None:
                raise CommandError(
                    f"There is no organisation called {options['lead']!r}"
                )
        else:
            lead = Organisation.objects.filter(is_host=True).first()
            if lead is None:
                raise CommandError(
                    "Give --lead: no organisation is marked as the host council"
                )
        try:
            event = services.create_event(
                services.EventFields(
                    name=options["name"],
                    kind=options["kind"],
                    start=_date(options["start"]),
                    end=_date(options["end"]),
                    lead=lead,
                    communities=[found[i] for i in wanted],
                ),
                by=None,
            )
        except services.DeliveryError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Created event {event.pk}: {event.name} ({event.start} to {event.end}, "
            f"{len(event.target_codes())} LSOAs)"
        )

    def _list(self, options: dict[str, Any]) -> None:
        from hearth.delivery import queries
        from hearth.delivery.models import Event

        events = (
            Event.objects.select_related("lead")
            .prefetch_related("communities")
            .order_by("start", "pk")
        )
        data = queries.events_json(events)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        if not data["events"]:
            self.stdout.write("No events yet.")
        for e in data["events"]:
            self.stdout.write(
                f"{e['id']:>4}  {e['start']} to {e['end']}  {e['name']} ({e['status']}; "
                f"{e['partners']} of {e['invited']} partners coming, "
                f"{e['activities']} activities, {e['requests']} requests)"
            )

    def _report(self, options: dict[str, Any]) -> None:
        import sys

        from hearth.core import exports
        from hearth.delivery import queries
        from hearth.delivery.models import Event

        event = (
            Event.objects.select_related("lead", "host_group")
            .filter(pk=options["id"])
            .first()
        )
        if event is None:
            raise CommandError(
                f"There is no event {options['id']} (see `hearth events list`)"
            )
        found = queries.report(event)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(queries.report_json(found), indent=2, ensure_ascii=False)
            )
            return
        if options["format"] == "csv":
            header, rows = queries.request_rows(found)
            sys.stdout.write(exports.csv_text(header, rows).removeprefix("\ufeff"))
            return
        tally = found.requests
        self.stdout.write(f"{event.name} ({event.start} to {event.end})")
        self.stdout.write(
            f"{len(found.partners)} partners, {found.activities} activities "
            f"({found.activities_run} run), {found.people} people and "
            f"{found.households} households reached"
        )
        self.stdout.write(
            f"{tally['total']} requests, {found.done} done, "
            f"{tally['outside_target_areas']} from outside the target areas"
        )
        for entry in tally["by_service"]:
            statuses = ", ".join(f"{k} {v}" for k, v in entry["by_status"].items() if v)
            self.stdout.write(
                f"  {entry['total']:>5}  {entry['service']} ({entry['organisation']}): {statuses}"
            )
