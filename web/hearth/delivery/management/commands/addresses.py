"""`hearth addresses …`: import the council's address gazetteer (LLPG) or OS Open UPRN."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = "Import and describe the address gazetteer (never public)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        one = sub.add_parser(
            "import",
            help="Import a gazetteer CSV (uprn, address, postcode, x, y or "
            "latitude, longitude, classification) or OS Open UPRN.",
        )
        one.add_argument("path", type=Path, metavar="FILE")
        one.add_argument(
            "--replace",
            action="store_true",
            help="A full LLPG extract: remove the properties it does not list.",
        )
        sub.add_parser(
            "status", help="How many properties and homes, and the last imports."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _import(self, options: dict[str, Any]) -> None:
        from hearth.delivery import addresses
        from hearthcore.delivery import DeliveryFileError

        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}")
        try:
            log = addresses.import_gazetteer(path, replace=options["replace"])
        except (DeliveryFileError, addresses.AddressImportError) as error:
            raise CommandError(
                f"{path.name} was not imported; nothing changed:\n{error}"
            ) from None
        self.stdout.write(addresses.describe(log))

    def _status(self, options: dict[str, Any]) -> None:
        from hearth.delivery import addresses

        found = addresses.summary()
        self.stdout.write(
            f"{found['addresses']:,} properties, {found['homes']:,} homes, "
            f"{found['placed']:,} placed in an LSOA 2021"
        )
        for log in found["imports"]:
            self.stdout.write(f"{log.at:%Y-%m-%d %H:%M}  {addresses.describe(log)}")
