"""`hearth communities …`: create and list focus communities from scripts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Create and list focus communities."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="Create a community from LSOA codes.")
        create.add_argument("--name", required=True, help="The community's name.")
        create.add_argument(
            "--lad",
            required=True,
            help="The local authority's ONS code, e.g. E07000118.",
        )
        create.add_argument(
            "--areas",
            required=True,
            help="LSOA 2021 codes separated by commas, e.g. E01024940,E01024941.",
        )
        create.add_argument(
            "--reason",
            default="",
            help="Why it is a focus community (kept in its history).",
        )
        create.add_argument(
            "--thematic",
            action="store_true",
            help="A thematic community (a group of people) rather than a neighbourhood.",
        )
        listing = sub.add_parser("list", help="List the communities.")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        listing.add_argument(
            "--all", action="store_true", help="Include archived communities."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        from hearth.areas.models import Area
        from hearth.communities import curation
        from hearth.communities.models import Community

        lad = options["lad"].strip().upper()
        if not Area.objects.filter(code=lad, geography__startswith="lad").exists():
            raise CommandError(f"{lad} is not a local authority Hearth knows")
        codes = [c.strip().upper() for c in options["areas"].split(",") if c.strip()]
        outside = list(
            Area.objects.filter(code__in=codes, geography="lsoa21")
            .exclude(lad__code=lad)
            .values_list("code", flat=True)
        )
        if outside:
            raise CommandError(f"{', '.join(outside)} not in {lad}")
        reason = options["reason"].strip() or "Created from the command line"
        try:
            community = curation.create(
                name=options["name"],
                lad_code=lad,
                areas=codes,
                by=None,
                note=reason,
                kind=Community.Kind.THEMATIC
                if options["thematic"]
                else Community.Kind.GEOGRAPHIC,
            )
        except curation.CurationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Created community {community.pk}: {community.name} "
            f"({len(codes)} LSOA{'s' if len(codes) != 1 else ''})"
        )

    def _list(self, options: dict[str, Any]) -> None:
        from hearth.communities.models import Community

        rows = Community.objects.order_by("name")
        if not options["all"]:
            rows = rows.active()
        items: list[dict[str, Any]] = [
            {
                "id": c.pk,
                "name": c.name,
                "kind": c.kind,
                "lad": c.lad_code,
                "areas": c.area_codes(),
                "archived": c.archived.isoformat() if c.archived else None,
                "merged_into": c.merged_into_id,
            }
            for c in rows
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"communities": items}, indent=2))
            return
        for item in items:
            state = " (archived)" if item["archived"] else ""
            self.stdout.write(
                f"{item['id']:>5}  {item['name']}{state}  {item['lad']}  "
                f"{len(item['areas'])} LSOAs"
            )
