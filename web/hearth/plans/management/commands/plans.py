"""`hearth plans …`: the plan template, imports from spreadsheets, exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Import and export community plans."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        template = sub.add_parser("template", help="Write the CSV plan template.")
        template.add_argument("path", type=Path)
        one = sub.add_parser(
            "import", help="Import a plan (CSV or XLSX) into a community's plan."
        )
        one.add_argument("path", type=Path)
        one.add_argument("--community", type=int, required=True, help="Community id.")
        one.add_argument(
            "--create-organisations",
            action="store_true",
            help="Create organisations the file names that Hearth does not know.",
        )
        export = sub.add_parser("export", help="Print every plan (or one).")
        export.add_argument("--community", type=int, default=None)
        export.add_argument("--format", choices=["json", "csv"], required=True)
        overdue = sub.add_parser("overdue", help="List overdue actions and reviews.")
        overdue.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _template(self, options: dict[str, Any]) -> None:
        from hearthcore.plans import template_csv

        options["path"].write_text(template_csv(), encoding="utf-8")
        self.stdout.write(f"Wrote {options['path']}")

    def _import(self, options: dict[str, Any]) -> None:
        from hearth.communities.models import Community
        from hearth.plans import services
        from hearthcore.plans import PlanFileError, read_plan_file

        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"There is no file {path}")
        community = Community.objects.filter(pk=options["community"]).first()
        if community is None:
            raise CommandError(
                f"There is no community {options['community']} (see `hearth communities list`)"
            )
        try:
            rows = read_plan_file(path)
            outcome = services.import_plan(
                community,
                rows,
                by=None,
                create_organisations=options["create_organisations"],
                source=path.name,
            )
        except PlanFileError as error:
            raise CommandError(
                f"{path.name} was not imported; nothing changed:\n{error}"
            ) from None
        except services.PlanError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(outcome.describe())

    def _plans(self, options: dict[str, Any]) -> Any:
        from hearth.plans.models import Plan

        plans = Plan.objects.select_related("community").order_by("community__name")
        if options.get("community") is not None:
            plans = plans.filter(community_id=options["community"])
            if not plans.exists():
                raise CommandError(f"Community {options['community']} has no plan")
        return plans

    def _export(self, options: dict[str, Any]) -> None:
        from hearth.core import exports
        from hearth.plans import queries

        plans = list(self._plans(options))
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(queries.export_json(plans), indent=2, ensure_ascii=False)
            )
            return
        header, rows = queries.export_rows(plans)
        self.stdout.write(
            exports.csv_text(header, rows).removeprefix("\ufeff"), ending=""
        )

    def _overdue(self, options: dict[str, Any]) -> None:
        from hearth.plans import queries
        from hearth.plans.models import Plan

        found = queries.overdue(Plan.objects.all())
        actions = [
            {
                "community_id": a.objective.plan.community_id,
                "community": a.objective.plan.community.name,
                "action": a.title,
                "lead": a.lead.name,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status,
                "progress": a.progress,
            }
            for a in found.actions
        ]
        reviews = [
            {
                "community_id": r.plan.community_id,
                "community": r.plan.community.name,
                "due": r.due.isoformat(),
            }
            for r in found.reviews
        ]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"actions": actions, "reviews": reviews}, indent=2)
            )
            return
        for a in actions:
            self.stdout.write(
                f"{a['due']}  {a['community']}: {a['action']} ({a['lead']})"
            )
        for r in reviews:
            self.stdout.write(f"{r['due']}  {r['community']}: plan review")
        if not actions and not reviews:
            self.stdout.write("Nothing is overdue.")
