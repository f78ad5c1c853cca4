from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hearth.accounts.services import ensure_administrator


class Command(BaseCommand):
    # No system checks: they import every view (pandas, SciPy) for nothing.
    requires_system_checks: list[str] = []
    help = (
        "Create the first administrator (password from HEARTH_ADMIN_PASSWORD, "
        "or generated and printed once). Does nothing if the user exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username", default=os.environ.get("HEARTH_ADMIN_USERNAME", "admin")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user, generated = ensure_administrator(
            username=options["username"],
            password=os.environ.get("HEARTH_ADMIN_PASSWORD"),
        )
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created administrator '{user.username}' "
                    f"with password: {generated}\n"
                    "This is shown once: store it now, then change it after signing in."
                )
            )
        else:
            self.stdout.write(f"Administrator '{user.username}' is ready.")
