"""`hearth serve [--production] [ADDRESS]`: serve the web app.

Without --production, Django's development server (reloads on change).
With --production, gunicorn with workers from the core count (see
config/gunicorn.py): static files are collected first and served by
WhiteNoise, debug pages are off, and caches are shared between workers.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Hearth: the development server, or gunicorn with --production."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "address", nargs="?", default="127.0.0.1:8000", help="HOST:PORT"
        )
        parser.add_argument(
            "--production",
            action="store_true",
            help="Serve with gunicorn (workers from the core count, static files by WhiteNoise).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Worker processes (default cores + 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["address"]
        if not options["production"]:
            call_command("runserver", address)
            return
        call_command("check", deploy=settings.PRODUCTION)
        call_command("collectstatic", interactive=False, verbosity=0)
        env = dict(os.environ)
        env.setdefault("HEARTH_DEBUG", "false")
        env["HEARTH_BIND"] = address
        if options["workers"]:
            env["HEARTH_WORKERS"] = str(options["workers"])
        web = str(settings.WEB_DIR)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [web, env.get("PYTHONPATH")]))
        self.stdout.write(f"Serving Hearth with gunicorn on http://{address}/")
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"]
        os.chdir(web)
        os.execvpe(sys.executable, gunicorn, env)  # noqa: S606 - our own server
