"""The `hearth` command: Hearth's command-line entry point.

hearth setup            migrate, create the first administrator, load data
hearth serve [ADDR]     serve the web app (default 127.0.0.1:8000)
hearth serve --production [ADDR]
                        serve with gunicorn (workers from the core count)
hearth createadmin      create the first administrator
hearth data …           area data (see `hearth data --help`)
hearth <django command> any Django management command (migrate, shell, …)
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "setup": "hearth_setup",
    "serve": "hearth_serve",
    "createadmin": "accounts_createadmin",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(__doc__ or "")
        sys.stdout.write("\nRun `hearth COMMAND --help` for a command's options.\n")
        return
    from django.core.management import execute_from_command_line

    command = ALIASES.get(args[0], args[0])
    execute_from_command_line(["hearth", command, *args[1:]])


if __name__ == "__main__":
    main()
