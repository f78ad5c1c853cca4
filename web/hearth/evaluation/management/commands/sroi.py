"""`hearth sroi FILE`: value an impact map (CSV or XLSX) and print the result."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = (
        "Calculate the social return on investment of an impact map "
        "(CSV or XLSX; `hearth sroi --template FILE` writes the template)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="FILE", nargs="?")
        parser.add_argument(
            "--discount-rate",
            type=float,
            default=3.5,
            help="Per cent a year (default 3.5, the HM Treasury Green Book rate).",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--sensitivity",
            action="store_true",
            help="Add the sensitivity table (each assumption moved by 25%%).",
        )
        parser.add_argument(
            "--template",
            action="store_true",
            help="Write the impact map template to FILE.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hearthcore import sroi

        path: Path | None = options["path"]
        if path is None:
            raise CommandError("Name the impact map file (CSV or XLSX)")
        if options["template"]:
            path.write_text(sroi.template_csv(), encoding="utf-8")
            self.stdout.write(f"Wrote {path}")
            return
        rate = options["discount_rate"]
        if not math.isfinite(rate) or not 0 <= rate < 100:
            raise CommandError(
                f"--discount-rate is a percentage from 0 to under 100, not {rate}"
            )
        if not path.exists():
            raise CommandError(f"There is no file {path}")
        try:
            impact_map = sroi.read_impact_map(path)
        except sroi.ImpactMapError as error:
            raise CommandError(f"{path.name} cannot be used:\n{error}") from None
        result = sroi.calculate(impact_map, rate / 100)
        rows = (
            sroi.sensitivity(impact_map, rate / 100) if options["sensitivity"] else []
        )
        if options["format"] == "json":
            out = result.to_dict()
            if options["sensitivity"]:
                out["sensitivity"] = [
                    {
                        "assumption": r.assumption,
                        "direction": r.direction,
                        "ratio": r.ratio,
                        "present_value": r.present_value,
                    }
                    for r in rows
                ]
            import json

            self.stdout.write(json.dumps(out, indent=2))
            return

        def money(value: float) -> str:
            return f"-£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"

        ratio = "no investment" if result.ratio is None else f"{result.ratio:.2f} : 1"
        self.stdout.write(
            f"Investment {money(result.investment)}; present value "
            f"{money(result.present_value)}; net present value "
            f"{money(result.net_present_value)}; SROI ratio {ratio} "
            f"(discounted at {rate:g}% a year)"
        )
        for o in result.by_outcome:
            self.stdout.write(
                f"  {o.stakeholder}: {o.outcome}: {money(o.present_value)}"
            )
        for r in rows:
            value = "-" if r.ratio is None else f"{r.ratio:.2f}"
            self.stdout.write(f"  {r.assumption} {r.direction}: ratio {value}")
