"""Time the Open Referral UK API on the real feeds (`python bench/directory.py`).

Imports the ORUK examples in HEARTH_DATA_DIR/assets/oruk_examples (Bristol
and North Lincolnshire, 1,555 services) into a throwaway SQLite database
under a temporary folder (or the database in DATABASE_URL), then times the
API through Django's test client: the list, searches and filters, a full
service, and the public search page. Each figure is the median of
``--repeats`` requests, warm (the published directory cached), and the
first request after a change (cold: the directory rebuilt) is timed too.
Every response timed is also validated against the ORUK 3.0 schemas once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "web"))
os.environ.setdefault("HEARTH_VAR_DIR", tempfile.mkdtemp(prefix="hearth-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

DATA = Path(os.environ.get("HEARTH_DATA_DIR", ROOT.parent / "shared" / "data"))
FEEDS = DATA / "assets" / "oruk_examples"


def report(name: str, seconds: float, target: str) -> None:
    unit = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    print(f"{name:62} {unit:>10}   target {target}", flush=True)


def median_time(client: Client, url: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    if not FEEDS.exists():
        sys.exit(f"No ORUK examples at {FEEDS}: set HEARTH_DATA_DIR.")
    print(f"Hearth directory benchmarks on {connection.vendor}, feeds from {FEEDS}\n")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from hearth.directory import queries, services
    from hearth.directory.models import Service, TaxonomyTerm
    from hearthcore import directory as core

    for path in sorted(FEEDS.glob("*.json.gz")):
        start = time.perf_counter()
        outcome = services.import_feed(path)
        report(
            f"import {path.name[:40]}… ({outcome.created:,} new)",
            time.perf_counter() - start,
            "< 10 s",
        )
    for path in sorted(FEEDS.glob("*.json.gz")):
        start = time.perf_counter()
        outcome = services.import_feed(path)
        report(
            f"re-import, unchanged ({outcome.unchanged:,} services)",
            time.perf_counter() - start,
            "< 10 s",
        )
    total = Service.objects.public().count()
    print(f"\n{total:,} published services\n")

    client = Client()
    first = Service.objects.public().order_by("name").first()
    carers = TaxonomyTerm.objects.filter(
        name="Carers", taxonomy__name__startswith="Target"
    ).first()
    urls = {
        "/services (first page of 20)": "/openreferral/services",
        "/services?per_page=100": "/openreferral/services?per_page=100",
        "/services?page=16&per_page=100 (last page)": "/openreferral/services?page=16&per_page=100",
        "/services?search=yoga": "/openreferral/services?search=yoga",
        "/services?search=mental+health+support": "/openreferral/services?search=mental+health+support",
        "/services?taxonomy_term_id=… (Carers)": f"/openreferral/services?taxonomy_term_id={carers.uuid if carers else ''}",
        "/services?modified_after=2024-01-01T00:00:00Z": "/openreferral/services?modified_after=2024-01-01T00:00:00Z",
        "/services?minimum_age=70&maximum_age=70": "/openreferral/services?minimum_age=70&maximum_age=70",
        "/services/{id} (full)": f"/openreferral/services/{first.uuid}",
        "/organizations?per_page=100": "/openreferral/organizations?per_page=100",
        "/taxonomy_terms?per_page=100": "/openreferral/taxonomy_terms?per_page=100",
        "public search page, ?search=yoga": "/directory/?search=yoga",
    }
    schemas = {
        "/services/{id} (full)": "/services/{id}",
        "/organizations?per_page=100": "/organizations",
        "/taxonomy_terms?per_page=100": "/taxonomy_terms",
    }
    for name, url in urls.items():
        if url.startswith("/openreferral/"):
            problems = core.validate(
                client.get(url).json(), schemas.get(name, "/services")
            )
            assert problems == [], (name, problems[:3])
    # Cold: the first request after a change rebuilds the published directory.
    cold = []
    for _ in range(3):
        queries.bump()
        queries._published.cache_clear()
        from django.core.cache import caches

        caches["shared"].clear()
        start = time.perf_counter()
        client.get("/openreferral/services")
        cold.append(time.perf_counter() - start)
    report(
        "/services after a change (directory rebuilt, cold)",
        statistics.median(cold),
        "< 2 s",
    )
    for name, url in urls.items():
        report(name + ", warm", median_time(client, url, args.repeats), "< 100 ms")


if __name__ == "__main__":
    main()
