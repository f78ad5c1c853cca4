"""`make load`: serve Hearth as in production and load it like a public rush.

Starts `hearth serve --production` on a loopback port against the database
`make run` set up (var/hearth.sqlite3, or DATABASE_URL), warms it, runs
locust headless (50 users by default, for HEARTH_LOAD_SECONDS, default
300) with the mix in bench/locustfile.py, and prints requests per second,
the 50th and 95th percentile and errors, overall and per page. Loopback
only; the run is bounded in users and time.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("HEARTH_LOAD_PORT", "8765"))
USERS = int(os.environ.get("HEARTH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("HEARTH_LOAD_SECONDS", "300"))
HOST = f"http://127.0.0.1:{PORT}"
WARM = [
    "/",
    "/areas/lad24/E07000118/?indicator=iod2025.imd_score",
    "/assets/?lad=E07000118&category=library&category=school",
    "/api/v1/assets?lad=E07000118",
    "/profiles/E07000118/",
    "/api/v1/lads/E07000118/geojson?indicator=iod2025.imd_score",
]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Hearth did not start on {url}")


def main() -> None:
    server = subprocess.Popen(  # noqa: S603 - our own command
        [str(BIN / "hearth"), "serve", "--production", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env={**os.environ, "HEARTH_ACCESS_LOG": "false"},
        start_new_session=True,
    )
    try:
        wait_for(f"{HOST}/healthz")
        for _round in range(2):
            for path in WARM:
                with urllib.request.urlopen(HOST + path, timeout=120):  # noqa: S310
                    pass
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "load"
            subprocess.run(  # noqa: S603 - our own tools
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--host",
                    HOST,
                    "-u",
                    str(USERS),
                    "-r",
                    str(max(1, USERS // 5)),
                    "-t",
                    f"{SECONDS}s",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                check=False,
                cwd=ROOT,
            )
            rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
        think = os.environ.get("HEARTH_LOAD_THINK", "0")
        print(
            f"\nhearth serve --production, {USERS} users, {SECONDS} s, "
            f"think time {think} s, {os.cpu_count()} cores"
        )
        print(
            f"{'page':28} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50':>8} "
            f"{'p95':>8} {'p99':>8} {'max':>8}"
        )
        for row in rows:
            print(
                f"{row['Name'][:28]:28} {int(row['Request Count']):>9,} "
                f"{int(row['Failure Count']):>7,} {float(row['Requests/s']):>8.1f} "
                f"{row['50%']:>6} ms {row['95%']:>6} ms {row['99%']:>6} ms "
                f"{float(row['Max Response Time']):>6.0f} ms"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
