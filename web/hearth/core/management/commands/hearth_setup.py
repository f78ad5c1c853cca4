from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Prepare this instance: apply migrations, create the cache table and "
        "the first administrator, and load the data found in HEARTH_DATA_DIR."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-data", action="store_true", help="Skip loading HEARTH_DATA_DIR."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        call_command("createcachetable", verbosity=0)
        call_command("accounts_createadmin", stdout=self.stdout)
        if options["no_data"]:
            return
        if "data" not in get_commands():
            return
        if settings.HEARTH_DATA_DIR is None:
            self.stdout.write(
                self.style.WARNING(
                    "HEARTH_DATA_DIR is not set, so no data was loaded. "
                    "Run `hearth data fetch` to download the open data."
                )
            )
            return
        call_command("data", "load", stdout=self.stdout, stderr=self.stderr)
        if "assets" in get_commands():
            call_command("assets", "load", stdout=self.stdout, stderr=self.stderr)
