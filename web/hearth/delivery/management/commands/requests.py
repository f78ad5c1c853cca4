"""`hearth requests …`: import returned spreadsheets; erase expired contact details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Import household requests and enforce the retention of contact details."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        one = sub.add_parser(
            "import",
            help="Import requests (CSV or XLSX: service, organisation, uprn, "
            "postcode, requested, status, outcome) into an event.",
        )
        one.add_argument("path", type=Path, metavar="FILE")
        one.add_argument("--event", type=int, required=True, help="The event's id.")
        one.add_argument(
            "--create-missing",
            action="store_true",
            help="Create services and organisations the file names that Hearth does not know.",
        )
        retention = sub.add_parser(
            "retention",
            help="Erase the contact details of requests closed longer ago than "
            "HEARTH_REQUEST_CONTACT_RETENTION_DAYS (run daily by cron).",
        )
        retention.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be erased; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _import(self, options: dict[str, Any]) -> None:
        from hearth.delivery import services
        from hearth.delivery.models import Event
        from hearthcore.delivery import DeliveryFileError, read_request_file

        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}")
        event = Event.objects.filter(pk=options["event"]).first()
        if event is None:
            raise CommandError(
                f"There is no event {options['event']} (see `hearth events list`)"
            )
        try:
            rows = read_request_file(path)
            outcome = services.import_requests(
                event,
                rows,
                by=None,
                create_missing=options["create_missing"],
                source=path.name,
            )
        except (DeliveryFileError, services.RequestImportError) as error:
            raise CommandError(
                f"{path.name} was not imported; nothing changed:\n{error}"
            ) from None
        self.stdout.write(f"{path.name} into {event.name}: {outcome.describe()}")

    def _retention(self, options: dict[str, Any]) -> None:
        from django.conf import settings

        from hearth.delivery import services

        days = settings.HEARTH_REQUEST_CONTACT_RETENTION_DAYS
        cutoff, ids = services.erase_expired_contacts(dry_run=options["dry_run"])
        verb = "Would erase" if options["dry_run"] else "Erased"
        if not ids:
            self.stdout.write(
                f"No contact details to erase: none of the requests closed before "
                f"{cutoff:%Y-%m-%d %H:%M} ({days} days ago) still holds any."
            )
            return
        shown = ", ".join(str(i) for i in ids[:50]) + (" …" if len(ids) > 50 else "")
        self.stdout.write(
            f"{verb} the contact details of {len(ids)} request{'s' if len(ids) != 1 else ''} "
            f"closed before {cutoff:%Y-%m-%d %H:%M} ({days} days ago): {shown}"
        )
