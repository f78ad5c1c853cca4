"""Killing a real import mid-way leaves the previous data, and the next run works."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

HEADER = "lsoa21_code,IMD_score,IMD_rank,Income_rank\n"
BIN = Path(sys.executable).parent


def _database(tmp_path: Path) -> str:
    """A database of its own: a SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    import psycopg

    name = f"crash_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def _hearth(env: dict[str, str], *args: str, **kwargs):
    return subprocess.run(
        [str(BIN / "hearth"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_a_killed_import_changes_nothing_and_the_next_one_works(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": _database(tmp_path),
        "HEARTH_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("HEARTH_TEST_PAUSE_IMPORT", None)
    assert _hearth(env, "migrate", "--verbosity", "0").returncode == 0
    old = tmp_path / "iod2025.csv"
    old.write_text(HEADER + "E01000001,10.5,2,1\nE01000002,3.25,1,2\n")
    first = _hearth(env, "data", "import", str(old), "--subset", "--no-progress")
    assert first.returncode == 0, first.stderr
    new = tmp_path / "iod2025_new.csv"
    new.write_text(HEADER + "E01000001,99,1,1\nE01000002,98,2,2\nE01000003,97,3,3\n")
    paused = {**env, "HEARTH_TEST_PAUSE_IMPORT": "60"}
    process = subprocess.Popen(
        [str(BIN / "hearth"), "data", "import", str(new), "--subset", "--no-progress"],
        env=paused,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stderr.readline()
        assert "import written, not committed" in line, line
        process.send_signal(signal.SIGKILL)  # as a power cut would
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    status = _hearth(env, "data", "status", "--format", "json")
    assert status.returncode == 0, status.stderr
    rows = {r["kind"]: r for r in json.loads(status.stdout)}
    assert (
        rows["iod2025"]["rows"] == 2 and rows["iod2025"]["source_file"] == "iod2025.csv"
    )
    again = _hearth(env, "data", "import", str(new), "--subset", "--no-progress")
    assert again.returncode == 0, again.stderr
    rows = {
        r["kind"]: r
        for r in json.loads(_hearth(env, "data", "status", "--format", "json").stdout)
    }
    assert rows["iod2025"]["rows"] == 3
