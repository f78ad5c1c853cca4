"""`hearth funding …`: close projects at their deadline, export awards, leverage."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = (
        "Crowdfunding: close projects past their deadline, 360Giving exports, leverage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        close = sub.add_parser(
            "close",
            help="Close live projects past their deadline (run nightly from cron).",
        )
        close.add_argument(
            "--dry-run", action="store_true", help="Say what would close."
        )
        close.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="As if today were YYYY-MM-DD.",
        )
        export = sub.add_parser(
            "export", help="Export the awards as 360Giving JSON or CSV."
        )
        export.add_argument("--format", choices=["json", "csv"], default="json")
        export.add_argument(
            "--out", type=Path, default=None, help="File (default: standard output)."
        )
        export.add_argument(
            "--validate",
            action="store_true",
            help="Check the JSON package against the 360Giving schema first (needs jsonschema).",
        )
        lev = sub.add_parser(
            "leverage", help="Leverage per fund and overall, successful projects only."
        )
        lev.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _close(self, options: dict[str, Any]) -> None:
        from hearth.audit.context import acting_as
        from hearth.funding import services

        with acting_as("hearth funding close"):
            done = services.close_due(
                today=options["today"], dry_run=options["dry_run"]
            )
        if not done:
            self.stdout.write("No live project is past its deadline.")
        for line in done:
            self.stdout.write(line)

    def _export(self, options: dict[str, Any]) -> None:
        from hearth.funding import exports
        from hearthcore import giving360

        try:
            if options["validate"] or options["format"] == "json":
                document = exports.package()
                if options["validate"]:
                    problems = giving360.validate_package(document)
                    if problems:
                        raise CommandError(
                            "Not valid 360Giving:\n" + "\n".join(problems)
                        )
            if options["format"] == "json":
                text = giving360.to_json(document)
            else:
                from hearth.core.exports import csv_text

                header, rows = exports.csv_table()
                text = csv_text(header, rows)
        except exports.NoGrants as error:
            raise CommandError(str(error)) from None
        if options["out"] is None:
            self.stdout.write(text, ending="")
        else:
            options["out"].write_text(text, encoding="utf-8", newline="")
            self.stdout.write(f"Wrote {options['out']}")

    def _leverage(self, options: dict[str, Any]) -> None:
        from hearth.funding.queries import leverage_report

        report = leverage_report()

        def plain(item: Any) -> dict[str, Any]:
            return {
                "projects": item.projects,
                "council": float(item.council),
                "others": float(item.others),
                "per_pound": None if item.per_pound is None else float(item.per_pound),
                "total_per_pound": None
                if item.total_per_pound is None
                else float(item.total_per_pound),
                "smaller_share": None
                if item.smaller_share is None
                else float(item.smaller_share),
            }

        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "overall": plain(report.overall),
                        "funds": {k: plain(v) for k, v in report.funds.items()},
                    }
                )
            )
            return
        self.stdout.write(
            "Leverage on successful projects: £ raised from others per £1 of council money."
        )
        for name, item in [("All funds", report.overall), *report.funds.items()]:
            ratio = "—" if item.per_pound is None else f"£{item.per_pound}"
            share = "—" if item.smaller_share is None else f"{item.smaller_share:.1%}"
            self.stdout.write(
                f"{name}: {item.projects} projects, council £{item.council:,.2f}, "
                f"others £{item.others:,.2f}, {ratio} per £1, "
                f"to smaller organisations {share}"
            )
