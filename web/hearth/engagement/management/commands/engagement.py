"""`hearth engagement …`: whose voices were heard, imports and exports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (use YYYY-MM-DD)"
        ) from None


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Engagement: reach against the Census, imports and exports."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        reach = sub.add_parser(
            "reach",
            help="Compare the people reached with the community's Census 2021 profile.",
        )
        reach.add_argument("community", type=int, metavar="COMMUNITY_ID")
        reach.add_argument(
            "--from", dest="start", type=_date, default=None, metavar="DATE"
        )
        reach.add_argument("--to", dest="end", type=_date, default=None, metavar="DATE")
        reach.add_argument("--format", choices=["text", "json"], default="text")
        template = sub.add_parser("template", help="Write the CSV activity template.")
        template.add_argument("path", type=Path)
        one = sub.add_parser(
            "import", help="Import activities (CSV or XLSX) for a community."
        )
        one.add_argument("path", type=Path)
        one.add_argument("--community", type=int, required=True, help="Community id.")
        export = sub.add_parser("export", help="Print the activities as CSV.")
        export.add_argument("--community", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _community(self, pk: int) -> Any:
        from hearth.communities.models import Community

        community = Community.objects.filter(pk=pk).first()
        if community is None:
            raise CommandError(
                f"There is no community {pk} (see `hearth communities list`)"
            )
        return community

    def _reach(self, options: dict[str, Any]) -> None:
        from hearth.engagement import queries

        community = self._community(options["community"])
        if options["start"] and options["end"] and options["end"] < options["start"]:
            raise CommandError("--to is before --from")
        try:
            result = queries.reach(community, options["start"], options["end"])
        except queries.ReachError as error:
            raise CommandError(str(error)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.to_json(), indent=2))
            return
        r = result.reach
        self.stdout.write(
            f"{community.name}: {r.people_reached:,} people in {r.records} records "
            f"({r.with_age_breakdown:,} with age, {r.with_ethnicity_breakdown:,} with ethnic group)"
        )
        self.stdout.write(
            f"{'group':28} {'engaged':>8} {'share':>7} {'census':>7} {'ratio':>6}"
        )
        for g in r.groups:
            if g.group == "not_disabled":
                continue
            share = "-" if g.engaged_share is None else f"{g.engaged_share:.1%}"
            census = "-" if g.census_share is None else f"{g.census_share:.1%}"
            ratio = "-" if g.ratio is None else f"{g.ratio:.2f}"
            flag = "  under-represented" if g.under_represented else ""
            self.stdout.write(
                f"{g.group:28} {g.engaged:8,} {share:>7} {census:>7} {ratio:>6}{flag}"
            )

    def _template(self, options: dict[str, Any]) -> None:
        from hearthcore.engagement import template_csv

        options["path"].write_text(template_csv(), encoding="utf-8")
        self.stdout.write(f"Wrote {options['path']}")

    def _import(self, options: dict[str, Any]) -> None:
        from hearth.engagement import services
        from hearthcore.engagement import ActivityFileError, read_activity_file

        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"There is no file {path}")
        community = self._community(options["community"])
        try:
            parsed = read_activity_file(path)
            outcome = services.import_activities(community, parsed, by=None)
        except ActivityFileError as error:
            raise CommandError(
                f"{path.name} was not imported; nothing changed:\n{error}"
            ) from None
        except services.EngagementError as error:
            raise CommandError(str(error)) from None
        for warning in outcome.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(outcome.describe())

    def _export(self, options: dict[str, Any]) -> None:
        from hearth.core import exports
        from hearth.engagement import queries
        from hearth.engagement.models import Activity

        rows = Activity.objects.all()
        if options["community"] is not None:
            rows = rows.filter(community=self._community(options["community"]))
        header, data = queries.activity_rows(rows)
        self.stdout.write(
            exports.csv_text(header, data).removeprefix("\ufeff"), ending=""
        )
