"""Back up and restore the whole database, on SQLite or PostgreSQL.

SQLite uses its online backup API (a consistent copy while the site runs);
PostgreSQL uses pg_dump's custom format and pg_restore, which must be on
the PATH (Debian's postgresql-client).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(RuntimeError):
    """A backup or restore could not be made (the message says why)."""


def _pg_env() -> tuple[dict[str, str], list[str]]:
    """Connection arguments for pg_dump/pg_restore from Django's settings."""
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
            if (folder / name).exists():
                return str(folder / name)
        raise BackupError(
            f"{name} is not installed: install Debian's postgresql-client to back up "
            "a PostgreSQL database."
        )
    return found


def backup(path: Path) -> Path:
    """Write a consistent copy of the database to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = connection.connection
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
        return path
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        name = str(connection.settings_dict["NAME"])
        result = subprocess.run(  # noqa: S603 - our own arguments
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(path),
                *args,
                name,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return path
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def restore(path: Path) -> None:
    """Replace the database's content with a backup made by :func:`backup`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path.name} is not a SQLite backup: {error}") from None
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        name = str(connection.settings_dict["NAME"])
        connection.close()  # pg_restore needs the tables unlocked
        result = subprocess.run(  # noqa: S603 - our own arguments
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                name,
                *args,
                str(path),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"Restores of {connection.vendor} databases are not supported.")
