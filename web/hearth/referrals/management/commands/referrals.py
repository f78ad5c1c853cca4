"""`hearth referrals …`: the jobs a cron runs (reminders, retention)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Reminders for unanswered onward referrals; anonymisation after the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        remind = sub.add_parser(
            "reminders",
            help=(
                "E-mail services about onward referrals unanswered for "
                "HEARTH_REFERRAL_REPLY_DAYS (14) days, and tell their link workers; "
                "again every HEARTH_REFERRAL_REMINDER_DAYS (7). Run daily."
            ),
        )
        remind.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be sent; send nothing.",
        )
        remind.add_argument(
            "--base-url",
            default="",
            help="The site's address for links in the e-mails, e.g. https://hearth.example.gov.uk",
        )
        remind.add_argument("--format", choices=["text", "json"], default="text")
        keep = sub.add_parser(
            "retention",
            help=(
                "Anonymise referrals closed more than HEARTH_REFERRAL_RETENTION_DAYS "
                "(730) days ago. Run daily."
            ),
        )
        keep.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be anonymised; change nothing.",
        )
        keep.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _reminders(self, options: dict[str, Any]) -> None:
        from hearth.referrals import services

        done = services.send_reminders(
            base_url=options["base_url"].rstrip("/"), dry_run=options["dry_run"]
        )
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": options["dry_run"],
                        "reminders": [
                            {
                                "reference": r.onward.referral.reference,
                                "service": r.onward.service.name,
                                "days_unanswered": r.days,
                                "service_emails": len(r.service_recipients),
                                "link_worker_emails": len(r.link_worker_recipients),
                            }
                            for r in done
                        ],
                    },
                    indent=2,
                )
            )
            return
        verb = "would remind" if options["dry_run"] else "reminded"
        for item in done:
            self.stdout.write(item.describe())
        self.stdout.write(
            f"{len(done)} onward referral{'s' if len(done) != 1 else ''} unanswered for "
            f"{settings.HEARTH_REFERRAL_REPLY_DAYS}+ days: {verb}."
        )

    def _retention(self, options: dict[str, Any]) -> None:
        from hearth.referrals import services

        done = services.enforce_retention(dry_run=options["dry_run"])
        days = settings.HEARTH_REFERRAL_RETENTION_DAYS
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": options["dry_run"],
                        "retention_days": days,
                        "anonymised": [r.reference for r in done],
                    },
                    indent=2,
                )
            )
            return
        verb = "would be anonymised" if options["dry_run"] else "anonymised"
        for referral in done:
            self.stdout.write(
                f"{referral.reference} (closed {referral.closed_on:%d %B %Y}): {verb}"
            )
        self.stdout.write(
            f"{len(done)} referral{'s' if len(done) != 1 else ''} closed more than {days} days ago {verb}."
        )
