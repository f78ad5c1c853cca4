"""`hearth index …`: run, explain and test composite indices."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.indices import recipes
from hearthcore import composite
from hearthcore.composite import RecipeError


class Command(BaseCommand):
    help = "Run, explain and test composite indices (recipes)."
    # Data commands need no URL or template checks (`hearth check` runs
    # them); skipping them keeps start-up quick.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("list", help="List the available recipes.")
        runs = sub.add_parser(
            "runs",
            help="List the stored runs (one per recipe and data), with their ids.",
        )
        runs.add_argument("--recipe", default=None, help="Only this recipe.")
        runs.add_argument("--format", choices=["text", "json"], default="text")
        run = sub.add_parser(
            "run", help="Compute an index for every area (or one authority's)."
        )
        run.add_argument(
            "recipe", help="Recipe name (e.g. imd2025) or path to a .toml file."
        )
        run.add_argument(
            "--area",
            default=None,
            help="Only this local authority (LAD code); local deciles are within it.",
        )
        run.add_argument("--format", choices=["csv", "json"], default="csv")
        run.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Write to this file instead of standard output.",
        )
        unc = sub.add_parser(
            "uncertainty", help="Monte Carlo uncertainty and sensitivity analysis."
        )
        unc.add_argument("recipe")
        unc.add_argument("--runs", type=int, default=1000)
        unc.add_argument("--area", default=None)
        unc.add_argument("--format", choices=["csv", "json"], default="csv")
        unc.add_argument("--out", type=Path, default=None)
        explain = sub.add_parser(
            "explain", help="Print the methodology generated from a recipe."
        )
        explain.add_argument("recipe")
        diagnose = sub.add_parser(
            "diagnose",
            help="Correlations, Cronbach's alpha and each indicator's influence.",
        )
        diagnose.add_argument("recipe")
        expected = sub.add_parser(
            "expected",
            help="Areas doing better or worse than their stresses predict (standardised OLS residuals).",
        )
        expected.add_argument(
            "--outcomes",
            required=True,
            help="Comma-separated DATASET.COLUMN refs (higher = worse).",
        )
        expected.add_argument(
            "--stresses", required=True, help="Comma-separated DATASET.COLUMN refs."
        )
        expected.add_argument(
            "--area", default=None, help="Only list this local authority's areas."
        )
        expected.add_argument("--threshold", type=float, default=1.96)
        expected.add_argument("--format", choices=["csv", "json"], default="csv")
        summary = sub.add_parser(
            "summary", help="IoD summary measures per local authority."
        )
        summary.add_argument("recipe")
        summary.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._handle(options)
        except RecipeError as error:
            raise CommandError(str(error)) from error

    def _recipe(self, name: str) -> composite.Recipe:
        return recipes.load_recipe(name)

    def _handle(self, options: dict[str, Any]) -> None:
        action = options["action"]
        if action == "list":
            for recipe in recipes.available():
                self.stdout.write(
                    f"{recipe.name:20} {recipe.title} ({recipe.geography})"
                )
            return
        if action == "runs":
            self._runs(options)
            return
        # Runs read the stored figures (pandas): loaded only when needed.
        from hearth.indices import services

        if action == "expected":
            self._expected(options)
            return
        recipe = self._recipe(options["recipe"])
        if action == "diagnose":
            diagnostics = composite.diagnose(recipe, services.frame_for(recipe))
            self.stdout.write(
                "Cronbach's alpha per domain:\n"
                + diagnostics.alpha.round(3).to_string()
            )
            self.stdout.write(
                "\nInfluence of each indicator (index without it vs the full index):\n"
                + diagnostics.influence.round(3).to_string()
            )
            self.stdout.write(
                "\nSpearman correlations between indicators:\n"
                + diagnostics.correlations.round(2).to_string()
            )
            return
        if action == "explain":
            self.stdout.write(composite.explain(recipe))
            return
        if action == "summary":
            result = services.run(recipe)
            summary = composite.summarise(
                result.result, services.groups_for(recipe.geography), result.population
            )
            self._write(
                summary.reset_index().rename(columns={"group": "lad_code"}),
                options["format"],
                None,
            )
            return
        started = time.perf_counter()
        if action == "run":
            result = services.run(recipe)
            scores = result.result.scores.reset_index()
            columns = [
                "area_code",
                "score",
                "rank",
                "decile",
                "quintile",
                "local_rank",
                "local_decile",
                "local_quintile",
            ]
            columns += [c for c in scores.columns if c.startswith("domain.")]
            out = scores.rename(columns={"group": "lad_code"})[
                [*columns[:1], "lad_code", *columns[1:]]
            ]
            out = out.sort_values("rank", kind="stable")
            if options["area"]:
                out = out[out["lad_code"] == options["area"]]
                if out.empty:
                    raise CommandError(
                        f"No areas of local authority {options['area']} in {recipe.name}."
                    )
            for action_taken in result.result.missing:
                self.stderr.write(
                    f"{action_taken.indicator}: {action_taken.missing} missing, {action_taken.action}"
                )
            for skipped in result.result.skipped:
                self.stderr.write(
                    f"{skipped}: optional indicator skipped (its data is not loaded)"
                )
            self._write(out, options["format"], options["out"])
        else:
            data = services.frame_for(recipe)
            uncertainty = composite.uncertainty(recipe, data, runs=options["runs"])
            # Keep the bands with the stored run (the focus review reads them).
            services.run(recipe)
            services.store_bands(recipe, uncertainty.ranks, uncertainty.runs)
            ranks = uncertainty.ranks.reset_index()
            groups = services.groups_for(recipe.geography)
            ranks.insert(1, "lad_code", ranks["area_code"].map(groups))
            if options["area"]:
                ranks = ranks[ranks["lad_code"] == options["area"]]
            self._write(ranks, options["format"], options["out"])
            self.stderr.write(
                f"{uncertainty.runs} runs over {len(uncertainty.ranks):,} areas.\nSensitivity of the average rank shift to each choice:"
            )
            self.stderr.write(uncertainty.sensitivity.round(3).to_string())
        self.stderr.write(f"Done in {time.perf_counter() - started:.1f} s.")

    def _runs(self, options: dict[str, Any]) -> None:
        from hearth.indices.models import IndexRun

        rows = IndexRun.objects.defer(
            "area_codes",
            "groups",
            "score",
            "rank",
            "decile",
            "local_rank",
            "local_decile",
            "band_low",
            "band_high",
        )
        if options["recipe"]:
            rows = rows.filter(recipe=options["recipe"])
        records = [
            {
                "id": r.pk,
                "recipe": r.recipe,
                "title": r.title,
                "created": r.created.isoformat(),
                "geography": r.geography,
                "areas": r.areas,
                "band_runs": r.band_runs,
                "datasets": r.datasets,
            }
            for r in rows
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(records, indent=1))
            return
        if not records:
            self.stdout.write(
                "No stored runs yet: `hearth index run RECIPE` makes one."
            )
        for r in records:
            releases = ", ".join(
                f"{kind} ({meta.get('release', '')})"
                for kind, meta in sorted(r["datasets"].items())
            )
            self.stdout.write(
                f"{r['id']:>5}  {r['recipe']:18} {r['created'][:19]}  {r['areas']:,} areas"
                f"{'  bands from ' + str(r['band_runs']) + ' runs' if r['band_runs'] else ''}\n"
                f"       {releases}"
            )

    def _expected(self, options: dict[str, Any]) -> None:
        from hearth.indices import services

        outcomes = [r.strip() for r in options["outcomes"].split(",") if r.strip()]
        stresses = [r.strip() for r in options["stresses"].split(",") if r.strip()]
        data = services.frame_for_refs(outcomes + stresses)
        result = composite.expected(
            data, outcomes, stresses, threshold=options["threshold"]
        ).reset_index()
        groups = services.groups_for(services.geography_of(outcomes[0]))
        result.insert(1, "lad_code", result["area_code"].map(groups))
        if options["area"]:
            result = result[result["lad_code"] == options["area"]]
        self._write(result, options["format"], None)

    def _write(self, frame: Any, fmt: str, path: Path | None) -> None:
        if fmt == "json":
            text = json.dumps(json.loads(frame.to_json(orient="records")), indent=1)
        else:
            text = frame.to_csv(index=False, float_format="%.6g")
        if path:
            path.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {len(frame):,} rows to {path}.")
        else:
            self.stdout.write(text, ending="")
