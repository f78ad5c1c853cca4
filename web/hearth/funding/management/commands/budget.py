"""`hearth budget …`: count, import and export Pabulib participatory budgeting files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearthcore import pb


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Count, import and export participatory budgeting elections (Pabulib .pb files)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        count = sub.add_parser("count", help="Count a .pb file.")
        count.add_argument("file", type=Path, metavar="FILE.pb")
        count.add_argument(
            "--rule",
            default=None,
            choices=pb.RULES,
            help="Counting rule (default: the file's META rule).",
        )
        count.add_argument("--format", choices=["text", "json"], default="text")
        one = sub.add_parser("import", help="Import a .pb file as a budgeting process.")
        one.add_argument("file", type=Path, metavar="FILE.pb")
        one.add_argument(
            "--name", default="", help="Name (default: the file's description)."
        )
        out = sub.add_parser("export", help="Export a budgeting process as a .pb file.")
        out.add_argument("process", type=int, metavar="PROCESS_ID")
        out.add_argument(
            "--out", type=Path, default=None, help="File (default: standard output)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _read(self, path: Path) -> pb.Election:
        if not path.exists():
            raise CommandError(f"There is no file {path}")
        try:
            return pb.read(path)
        except pb.PabulibError as error:
            raise CommandError(str(error)) from None

    def _count(self, options: dict[str, Any]) -> None:
        election = self._read(options["file"])
        try:
            outcome = pb.count(election, options["rule"])
        except pb.RuleError as error:
            raise CommandError(str(error)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(outcome.to_json()))
            return
        story = pb.explain(election, outcome)
        self.stdout.write(
            f"{options['file'].name}: {len(election.ballots):,} ballots, "
            f"{len(election.projects)} projects, rule {outcome.rule}"
        )
        self.stdout.write(story.summary)
        for item in story.funded:
            self.stdout.write(f"  funded  {item.project_id:>8}  {item.name[:50]}")
        official = {p.project_id for p in election.projects if p.selected == 1}
        if any(p.selected is not None for p in election.projects):
            same = set(outcome.winners) == official
            self.stdout.write(
                "Official outcome (selected column): "
                + ("reproduced." if same else "NOT reproduced.")
            )

    def _import(self, options: dict[str, Any]) -> None:
        from hearth.funding import budgeting
        from hearth.funding.services import FundingError

        election = self._read(options["file"])
        try:
            done = budgeting.import_pb(
                election,
                name=options["name"],
                source=options["file"].name,
                by="command",
            )
        except FundingError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Imported {done.projects} projects and {done.ballots:,} ballots as process "
            f"{done.process.pk} ({done.process.name})."
        )

    def _export(self, options: dict[str, Any]) -> None:
        from hearth.funding import budgeting
        from hearth.funding.models import Process

        process = Process.objects.filter(pk=options["process"]).first()
        if process is None:
            raise CommandError(f"There is no budgeting process {options['process']}")
        text = budgeting.export_pb(process)
        if options["out"] is None:
            self.stdout.write(text, ending="")
        else:
            options["out"].write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['out']}")
