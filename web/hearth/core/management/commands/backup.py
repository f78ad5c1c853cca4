"""`hearth backup FILE`: copy the whole database to FILE (SQLite online backup; pg_dump on PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core import backups


class Command(BaseCommand):
    help = "Back up the whole database to FILE."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backups.backup(options["file"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Backed up to " + str(options["file"]))
