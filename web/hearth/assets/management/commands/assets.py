"""`hearth assets …`: import, export and analyse the community asset register."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearthcore.sources.errors import DataImportError


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Import, export and analyse community assets."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        one = sub.add_parser(
            "import", help="Import an asset file (CSV, GeoJSON, ORUK JSON, OSM)."
        )
        one.add_argument("path", type=Path, nargs="+")
        one.add_argument(
            "--kind",
            default=None,
            help="File kind (recognised when omitted); see `hearth assets kinds`.",
        )
        one.add_argument(
            "--force",
            action="store_true",
            help=(
                "Archive the records the file no longer lists even when they are "
                "a large share of its source (refused otherwise, in case the file "
                "is truncated)."
            ),
        )
        load = sub.add_parser(
            "load",
            help="Import the standard asset files in HEARTH_DATA_DIR (unchanged files are skipped).",
        )
        load.add_argument(
            "--dir", type=Path, default=None, help="Folder (default HEARTH_DATA_DIR)."
        )
        load.add_argument(
            "--force", action="store_true", help="Re-import unchanged files."
        )
        sub.add_parser("kinds", help="List the kinds of asset file Hearth reads.")
        template = sub.add_parser(
            "template", help="Write the CSV template for asset lists."
        )
        template.add_argument("path", type=Path)
        export = sub.add_parser("export", help="Export published assets.")
        export.add_argument(
            "--format", choices=["csv", "geojson", "gpkg"], default="csv"
        )
        export.add_argument("--lad", default="", help="Only this authority (ONS code).")
        export.add_argument(
            "--all",
            action="store_true",
            help="Every record, not just what the public sees.",
        )
        export.add_argument(
            "--out",
            type=Path,
            default=None,
            help="File to write (default: standard output; required for gpkg).",
        )
        gap = sub.add_parser(
            "gap", help="Distance to the nearest asset and high-need, low-asset areas."
        )
        gap.add_argument("lad_code")
        gap.add_argument(
            "--recipe", default="imd2025", help="Index that measures need."
        )
        gap.add_argument("--format", choices=["text", "json"], default="text")
        dup = sub.add_parser(
            "duplicates", help="Count possible duplicates, or merge the surest ones."
        )
        dup.add_argument(
            "--merge-above",
            type=float,
            default=None,
            help="Merge open pairs of the same category scoring at least this (0.5-1), e.g. 0.97.",
        )
        sub.add_parser(
            "refresh",
            help="Recompute assets per 1,000 residents for the resilience index.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _import(self, options: dict[str, Any]) -> None:
        from hearth.assets import services

        failed = False
        for path in options["path"]:
            if not path.exists():
                raise CommandError(f"There is no file {path}")
            try:
                outcome = services.import_file(
                    path, options["kind"], force=options["force"]
                )
            except DataImportError as error:
                failed = True
                self.stderr.write(
                    f"{path.name} was not imported; nothing changed:\n{error}"
                )
                continue
            self.stdout.write(outcome.describe())
            for example in outcome.skipped_examples:
                self.stdout.write(f"  left out: {example}")
        if failed:
            raise CommandError("Some files were not imported (see above).")

    def _load(self, options: dict[str, Any]) -> None:
        from django.conf import settings

        from hearth.assets import services

        folder = options["dir"] or settings.HEARTH_DATA_DIR
        if folder is None or not Path(folder).is_dir():
            raise CommandError("No data folder: set HEARTH_DATA_DIR or pass --dir.")
        for relative in services.STANDARD_FILES:
            path = Path(folder) / relative
            if not path.exists():
                self.stdout.write(f"  not found, skipped: {relative}")
                continue
            if not options["force"] and services.already_imported(path):
                self.stdout.write(f"  unchanged, skipped: {relative}")
                continue
            try:
                outcome = services.import_file(path)
            except DataImportError as error:
                raise CommandError(
                    f"{relative} was not imported; nothing changed:\n{error}"
                ) from None
            self.stdout.write(outcome.describe())

    def _kinds(self, options: dict[str, Any]) -> None:
        from hearthcore.assets import KINDS

        for key, title in KINDS.items():
            self.stdout.write(f"{key:28} {title}")

    def _template(self, options: dict[str, Any]) -> None:
        from hearthcore.assets.template import write_template

        write_template(options["path"])
        self.stdout.write(f"Wrote {options['path']}")

    def _export(self, options: dict[str, Any]) -> None:
        from hearth.assets import exports

        body, _type, _name = exports.export(
            options["format"], lad_code=options["lad"], everything=options["all"]
        )
        if options["out"]:
            options["out"].write_bytes(body)
            self.stdout.write(f"Wrote {options['out']} ({len(body):,} bytes)")
        elif options["format"] == "gpkg":
            raise CommandError("A GeoPackage needs --out FILE")
        else:
            sys.stdout.buffer.write(body)

    def _gap(self, options: dict[str, Any]) -> None:
        from hearth.assets import gap

        try:
            result = gap.for_authority(
                options["lad_code"].upper(), need_recipe=options["recipe"]
            )
        except gap.GapError as error:
            raise CommandError(str(error)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.to_json(), indent=2, default=str))
            return
        self.stdout.write(
            f"{'category':30} {'assets':>7} {'per 1000':>9} {'mean m':>8}"
        )
        for _category, row in result.summary.iterrows():
            self.stdout.write(
                f"{row['label'][:30]:30} {row['assets_in_area']:7.0f} {row['assets_per_1000']:9.2f} {row['mean_distance_m']:8.0f}"
            )
        self.stdout.write("\nHigh need, low assets:")
        for code, name in zip(
            result.priority["area_code"], result.priority["name"], strict=True
        ):
            self.stdout.write(f"  {code} {name}")

    def _duplicates(self, options: dict[str, Any]) -> None:
        from django.db.models import F

        from hearth.assets import services
        from hearth.assets.models import DuplicatePair

        open_pairs = DuplicatePair.objects.filter(decision=DuplicatePair.Decision.OPEN)
        threshold = options["merge_above"]
        if threshold is None:
            self.stdout.write(
                f"{open_pairs.count():,} possible duplicates to check at /assets/duplicates/."
            )
            return
        if not 0.5 <= threshold <= 1.0:
            raise CommandError("--merge-above must be between 0.5 and 1")
        merged = 0
        for pair in open_pairs.filter(
            score__gte=threshold, first__category=F("second__category")
        ).select_related("first", "second"):
            pair.refresh_from_db()
            if (
                pair.decision != DuplicatePair.Decision.OPEN
                or pair.second.status == pair.second.Status.ARCHIVED
            ):
                continue
            services.decide_duplicate(pair, same=True, by=None)
            merged += 1
        self.stdout.write(
            f"Merged {merged:,} pairs scoring at least {threshold}; {open_pairs.count():,} left to check."
        )

    def _refresh(self, options: dict[str, Any]) -> None:
        from hearth.assets.services import refresh_dataset

        refresh_dataset()
        self.stdout.write("Assets per 1,000 residents recomputed (dataset 'assets').")
