"""`hearth directory …`: import Open Referral UK feeds and look after the directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Import Open Referral UK feeds into the service directory and review it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        one = sub.add_parser(
            "import",
            help="Import ORUK feeds (v1, v2 or v3 JSON, plain or gzipped): all or nothing per file.",
        )
        one.add_argument("path", type=Path, nargs="+", metavar="FILE")
        one.add_argument(
            "--source",
            default=None,
            help=(
                "Name of the feed in Hearth (default: the file name without its date), "
                "so that a later snapshot updates the same services."
            ),
        )
        one.add_argument(
            "--namespace",
            default=None,
            help="The feed's URL, from which ids that are not UUIDs are derived.",
        )
        one.add_argument(
            "--force",
            action="store_true",
            help="Archive services the file no longer lists even when they are many.",
        )
        one.add_argument(
            "--take-referrals",
            action="store_true",
            help=(
                "Let link workers refer people to the new services through Hearth "
                "(off by default: the feed's providers are not in Hearth to answer)."
            ),
        )
        one.add_argument("--format", choices=["text", "json"], default="text")
        tax = sub.add_parser(
            "taxonomies",
            help="List the taxonomies (the LGA lists are loaded if missing).",
        )
        tax.add_argument("--format", choices=["text", "json"], default="text")
        review = sub.add_parser(
            "review",
            help="What needs the council's attention: changes to approve, services due for review or expired.",
        )
        review.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _import(self, options: dict[str, Any]) -> None:
        from hearth.directory import services

        results, failed = [], False
        for path in options["path"]:
            try:
                outcome = services.import_feed(
                    path,
                    source=options["source"],
                    namespace=options["namespace"],
                    force=options["force"],
                    take_referrals=options["take_referrals"],
                )
            except services.FeedImportError as error:
                failed = True
                if options["format"] == "json":
                    results.append(
                        {
                            "file": path.name,
                            "imported": False,
                            "problems": error.problems,
                        }
                    )
                else:
                    self.stderr.write(
                        f"{path.name} was not imported; nothing changed:\n{error}"
                    )
                continue
            if options["format"] == "json":
                results.append({"imported": True, **outcome.as_json()})
            else:
                self.stdout.write(outcome.describe())
                for warning in outcome.warnings:
                    self.stdout.write(f"  warning: {warning}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, indent=2))
        if failed:
            raise CommandError("Some files were not imported (see above).")

    def _taxonomies(self, options: dict[str, Any]) -> None:
        from django.db.models import Count

        from hearth.directory.models import Taxonomy
        from hearth.directory.services import ensure_lga_taxonomies

        ensure_lga_taxonomies()
        rows = [
            {
                "id": t.uuid,
                "name": t.name,
                "terms": t.n_terms,
                "local": t.local,
                "for_residents": t.for_residents,
                "uri": t.uri,
            }
            for t in Taxonomy.objects.annotate(n_terms=Count("terms")).order_by("name")
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            kind = "council's own" if row["local"] else "published"
            self.stdout.write(
                f"{row['id']}  {row['name']}: {row['terms']:,} terms ({kind})"
            )

    def _review(self, options: dict[str, Any]) -> None:
        from django.utils import timezone

        from hearth.directory.models import Service, ServiceProposal

        today = timezone.localdate()
        waiting = ServiceProposal.objects.filter(status=ServiceProposal.Status.PENDING)
        due = Service.objects.review_due()
        expired = Service.objects.filter(
            state=Service.State.PUBLISHED, expires__lt=today
        )
        summary = {
            "changes_to_approve": waiting.count(),
            "new_services_to_approve": waiting.filter(new_service=True).count(),
            "due_for_review": due.count(),
            "expired": expired.count(),
        }
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary, indent=2))
            return
        self.stdout.write(
            f"{summary['changes_to_approve']:,} changes from providers to approve "
            f"({summary['new_services_to_approve']:,} new services); "
            f"{summary['due_for_review']:,} services due for review, "
            f"{summary['expired']:,} past their expiry (hidden from the public)."
        )
