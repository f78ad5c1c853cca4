"""`hearth data …`: load, import, inspect and fetch the open small-area data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.areas import importers
from hearth.areas.models import Dataset, DatasetImport


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Load, import, list and fetch the open small-area data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = sub.add_parser(
            "load",
            help="Import everything recognised in HEARTH_DATA_DIR (unchanged files are skipped).",
        )
        load.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Folder to load (default HEARTH_DATA_DIR).",
        )
        load.add_argument(
            "--force",
            action="store_true",
            help="Re-import files whose checksum is unchanged.",
        )
        load.add_argument(
            "--only", default="", help="Comma-separated dataset kinds to load."
        )
        one = sub.add_parser("import", help="Import one file.")
        one.add_argument("path", type=Path)
        one.add_argument(
            "--kind",
            default=None,
            help="Dataset kind (recognised from the file's columns when omitted).",
        )
        one.add_argument("--force", action="store_true")
        one.add_argument(
            "--subset",
            action="store_true",
            help=(
                "The file covers only part of its release (e.g. one authority). "
                "Refused if Hearth holds the national dataset."
            ),
        )
        status = sub.add_parser(
            "status", help="List imported datasets with provenance."
        )
        status.add_argument("--format", choices=["text", "json"], default="text")
        sub.add_parser("kinds", help="List the kinds of file Hearth recognises.")
        fetch = sub.add_parser(
            "fetch",
            help="Download the files from their publishers (needs the internet).",
        )
        fetch.add_argument(
            "--dest",
            type=Path,
            default=None,
            help="Folder to download into (default HEARTH_DATA_DIR).",
        )
        fetch.add_argument("--only", default="", help="Comma-separated dataset kinds.")
        fetch.add_argument(
            "--base-url",
            default=None,
            help="Fetch from a mirror instead of the publishers.",
        )
        one.add_argument(
            "--repair-geometries",
            action="store_true",
            help="Repair invalid boundary geometries (make_valid) instead of refusing the file.",
        )
        for p in (load, one):
            p.add_argument(
                "--no-progress", action="store_true", help="Hide the progress bars."
            )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "status":
            self._status(options["format"])
        elif action == "kinds":
            for kind in importers.known_kinds():
                self.stdout.write(f"{kind.key:32} {kind.title}")
        elif action == "import":
            self._import(
                [options["path"]],
                options,
                kind=options["kind"],
                repair=options["repair_geometries"],
                subset=options["subset"],
            )
        elif action == "load":
            folder = options["dir"] or settings.HEARTH_DATA_DIR
            if folder is None:
                raise CommandError(
                    "Set HEARTH_DATA_DIR (or pass --dir) to the folder holding the data files."
                )
            files = importers.discover(Path(folder), only=_split(options["only"]))
            if not files:
                raise CommandError(f"No recognised data files in {folder}.")
            # The published generalised boundaries contain self-intersections
            # (90 of the 32,844 LSOA 2011 BGC polygons), so a bulk load of the
            # official files repairs them; `import` refuses them unless asked.
            self._import(files, options, kind=None, repair=True)
        elif action == "fetch":
            dest = options["dest"] or settings.HEARTH_DATA_DIR
            if dest is None:
                raise CommandError("Pass --dest or set HEARTH_DATA_DIR.")
            try:
                written = importers.fetch(
                    Path(dest),
                    only=_split(options["only"]),
                    base_url=options["base_url"],
                    out=self.stdout.write,
                )
            except importers.FetchFailed as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                self.style.SUCCESS(f"Fetched {len(written)} file(s) into {dest}.")
            )

    def _import(
        self,
        paths: list[Path],
        options: dict[str, Any],
        *,
        kind: str | None,
        repair: bool = False,
        subset: bool = False,
    ) -> None:
        failures = 0
        progress = not options.get("no_progress")
        boundaries_changed = False
        bar = None
        if progress and len(paths) > 1:
            from tqdm import tqdm

            bar = tqdm(
                total=len(paths),
                unit="file",
                desc="Importing",
                file=self.stderr._out,
                leave=False,
            )
        for path in paths:
            if bar is not None:
                bar.set_postfix_str(path.name[:40])
                bar.update(1)
            # Postcodes and places are placed in areas by their boundaries,
            # so new boundaries mean placing them again.
            placed = importers.role_of(path) in ("postcodes", "places")
            try:
                result = importers.import_file(
                    path,
                    kind=kind,
                    force=options.get("force", False)
                    or (placed and boundaries_changed),
                    actor="command line",
                    progress=progress,
                    repair_geometries=repair,
                    subset=subset,
                )
            except importers.ImportFailed as error:
                failures += 1
                self.stderr.write(
                    self.style.ERROR(
                        f"{path.name}: import failed, nothing was changed.\n{error}"
                    )
                )
                continue
            self.stdout.write(f"{path.name}: {result.describe()}")
            if result.role == "boundaries" and result.outcome == "imported":
                boundaries_changed = True
        if bar is not None:
            bar.close()
        if failures:
            raise CommandError(
                f"{failures} file(s) could not be imported; the data they would have replaced is unchanged."
            )

    def _status(self, fmt: str) -> None:
        datasets = list(Dataset.objects.defer("area_codes").order_by("kind"))
        rows: list[dict[str, Any]] = [
            {
                "kind": d.kind,
                "title": d.title,
                "publisher": d.publisher,
                "release": d.release,
                "licence": d.licence,
                "attribution": d.attribution,
                "geography": d.geography,
                "rows": d.rows,
                "checksum": d.checksum,
                "source_file": d.source_file,
                "imported_at": d.imported_at.isoformat(),
                "subset": d.subset,
            }
            for d in datasets
        ]
        rows += importers.other_status()
        if fmt == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("No data imported yet. Run `hearth data load`.")
            return
        for row in rows:
            self.stdout.write(
                f"{row['kind']:30} {row['rows']:>9,} rows  {row['geography']:8} {row['release']:12} "
                f"{row['checksum'][:12]}  {row['imported_at'][:19]}\n"
                f"    {row['title']} — {row['publisher']}; {row['licence']}.\n    {row['attribution']}"
            )
        last_failure = DatasetImport.objects.filter(
            outcome=DatasetImport.Outcome.FAILED
        ).first()
        if last_failure:
            self.stdout.write(
                f"Last failed import: {last_failure.source_file} at {last_failure.at:%Y-%m-%d %H:%M}"
            )


def _split(text: str) -> set[str]:
    return {part.strip() for part in text.split(",") if part.strip()}
