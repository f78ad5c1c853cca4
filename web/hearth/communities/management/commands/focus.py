"""`hearth focus LAD_CODE`: propose focus communities for an authority.

`hearth focus review LAD_CODE --since RUN`: what changed for the
authority's communities since a stored index run (see `hearth index runs`).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.communities.services import FocusError, propose_for
from hearthcore.composite import RecipeError


class Command(BaseCommand):
    help = "Propose focus communities: contiguous clusters of high-need LSOAs, pockets, lower-volume places and thematic lists."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "lad_code",
            help="Local authority district code, e.g. E07000118; or `review` "
            "followed by the code to review the focus against new data.",
        )
        parser.add_argument(
            "review_lad",
            nargs="?",
            metavar="LAD_CODE",
            help="With `review`: the authority whose communities to review.",
        )
        parser.add_argument(
            "--since",
            type=int,
            default=None,
            metavar="RUN",
            help="With `review`: the stored index run to compare with (its id).",
        )
        parser.add_argument(
            "--recipe",
            default="imd2025",
            help="Index used to rank areas (default imd2025).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["lad_code"] == "review":
            self._review(options)
            return
        if options["review_lad"]:
            raise CommandError(f"Unexpected argument {options['review_lad']!r}")
        try:
            result = propose_for(options["lad_code"], options["recipe"])
        except (FocusError, RecipeError) as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=1))
            return
        self.stdout.write(
            f"Focus communities for {result['lad_name']} ({result['lad']}), ranked by {result['recipe']}:"
        )
        for item in result["communities"]:
            self.stdout.write(
                f"\n{item['priority']}. {item['name']} [{item['kind']}] — {', '.join(item['areas'])}\n   {item['reason']}.\n   Wards: {', '.join(item['wards'])}"
            )
        for theme, areas in result["thematic"].items():
            self.stdout.write(f"\nMost need for {theme}: {', '.join(areas)}")

    def _review(self, options: dict[str, Any]) -> None:
        from hearth.communities import review

        if not options["review_lad"]:
            raise CommandError(
                "Give the authority: hearth focus review LAD_CODE --since RUN"
            )
        if options["since"] is None:
            raise CommandError(
                "Give the earlier run with --since RUN (see `hearth index runs`)"
            )
        try:
            result = review.compare(
                options["review_lad"], options["since"], options["recipe"]
            )
        except (review.ReviewError, FocusError, RecipeError) as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=1))
            return
        since, now = result["since"], result["now"]
        self.stdout.write(
            f"Focus review for {result['lad']}: run {since['run']} ({since['recipe']}, "
            f"{since['created'][:10]}) against run {now['run']} ({now['recipe']}, "
            f"{now['created'][:10]}); high need = {result['high_need']}"
        )
        for c in result["communities"]:
            self.stdout.write(
                f"\n{c['name']}: {c['high_need_then']} of {len(c['areas'])} LSOAs in high need "
                f"then, {c['high_need_now']} now"
            )
            if c["left"]:
                self.stdout.write(
                    f"  left the most deprived 20%: {', '.join(c['left'])}"
                )
            if c["joined"]:
                self.stdout.write(f"  joined it: {', '.join(c['joined'])}")
            if c["straddling"]:
                self.stdout.write(
                    f"  uncertainty band straddles the threshold: {', '.join(c['straddling'])}"
                )
        for p in result["new_proposals"]:
            already = (
                f"{p['high_need_then']} of them in high need in the earlier run"
                if p["high_need_then"]
                else "none of them in high need in the earlier run"
            )
            self.stdout.write(
                f"\nNot in any community: {p['name']} ({p['kind']}): "
                f"{', '.join(p['areas'])}; {already}"
            )
        if not result["bands"]:
            self.stdout.write(
                "\nNo uncertainty bands are stored for the current run "
                "(`hearth index uncertainty RECIPE` computes them)."
            )
