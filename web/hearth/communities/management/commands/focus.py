"""`hearth focus LAD_CODE`: propose focus communities for an authority."""

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
            "lad_code", help="Local authority district code, e.g. E07000118."
        )
        parser.add_argument(
            "--recipe",
            default="imd2025",
            help="Index used to rank areas (default imd2025).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
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
