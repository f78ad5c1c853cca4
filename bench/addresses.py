"""Time the address gazetteer import and the event report (`make bench`).

    .venv/bin/python bench/addresses.py [--rows 60000] [--requests 5000]

There is no real LLPG or OS Open UPRN extract in HEARTH_DATA_DIR, so the
gazetteer is **synthetic**, generated here with a fixed seed: ``--rows``
properties at random points inside Chorley's real LSOA 2021 boundaries
(imported from HEARTH_DATA_DIR), in British National Grid metres, with
AddressBase-like classes (mostly houses and flats, some shops and garages)
and addresses such as "12 Synthetic Street 17 (synthetic)". The requests
are synthetic too: ``--requests`` spread over 12 services, 32 partner
organisations and six statuses, a tenth of them outside the target area.

Runs in a throwaway SQLite database under a temporary folder (or the
database in DATABASE_URL) and prints one line per figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "web"))
os.environ.setdefault("HEARTH_VAR_DIR", tempfile.mkdtemp(prefix="hearth-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

DATA = Path(os.environ.get("HEARTH_DATA_DIR", ROOT.parent / "shared" / "data"))
CHORLEY = "E07000118"
CLASSES = (
    ["RD02"] * 20 + ["RD03"] * 30 + ["RD04"] * 25 + ["RD06"] * 12
    + ["RH03", "RI01", "RG02", "RG02", "CR08", "CO01", "CE01", "RB"]
)  # fmt: skip


def report(name: str, seconds: float, target: str) -> None:
    unit = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    print(f"{name:62} {unit:>10}   target {target}", flush=True)


def median_time(function, repeats: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_gazetteer(path: Path, rows: int, seed: int = 14) -> list[str]:
    """Write a synthetic LLPG extract of points inside Chorley's LSOAs."""
    import shapely

    from hearth.areas.models import Area, Geography
    from hearthcore.delivery import degrees_to_grid

    areas = list(
        Area.objects.filter(geography=Geography.LSOA21, lad__code=CHORLEY).values_list(
            "code", "geometry"
        )
    )
    if not areas:
        sys.exit("Chorley's LSOA 2021 boundaries did not load")
    shapes = [shapely.from_geojson(g) for _c, g in areas]
    union = shapely.union_all(shapes)
    west, south, east, north = union.bounds
    rng = np.random.default_rng(seed)
    lon, lat = [], []
    while len(lon) < rows:
        x = rng.uniform(west, east, rows)
        y = rng.uniform(south, north, rows)
        inside = shapely.contains_xy(union, x, y)
        lon += list(x[inside])
        lat += list(y[inside])
    lon_a, lat_a = np.array(lon[:rows]), np.array(lat[:rows])
    gx, gy = degrees_to_grid(lon_a, lat_a)
    classes = rng.choice(CLASSES, rows)
    with path.open("w", encoding="utf-8") as out:
        out.write("uprn,address,postcode,x,y,classification\n")
        for i in range(rows):
            street = f"Synthetic Street {i % 700 + 1}"
            out.write(
                f'{900000000000 + i},"{i // 700 + 1} {street} (synthetic), Chorley",,'
                f"{gx[i]:.2f},{gy[i]:.2f},{classes[i]}\n"
            )
    return [c for c, _g in areas]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--requests", type=int, default=5_000)
    options = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"No data at {DATA}: set HEARTH_DATA_DIR.")
    print(
        f"Gazetteer and report benchmarks on {connection.vendor} (synthetic gazetteer)\n"
    )
    call_command("migrate", verbosity=0)
    from hearth.areas import importers

    for relative in (
        "lookups/geographr_lookup_lsoa21_ward24_ltla24.csv",
        "boundaries/lsoa21_england_bsc.geojson",
    ):
        importers.import_file(DATA / relative, force=True)

    from hearth.accounts.models import Organisation
    from hearth.communities import curation
    from hearth.delivery import addresses, queries, services
    from hearth.delivery.models import Address, Request, Service

    folder = Path(tempfile.mkdtemp(prefix="hearth-gazetteer-"))
    path = folder / "synthetic-llpg.csv"
    codes = synthetic_gazetteer(path, options.rows)
    print(
        f"{options.rows:,} synthetic properties in {len(codes)} Chorley LSOAs ({path.stat().st_size / 1e6:.1f} MB)"
    )

    start = time.perf_counter()
    log = addresses.import_gazetteer(path)
    report(
        f"Import {options.rows:,} properties (check, BNG to WGS84, place, write)",
        time.perf_counter() - start,
        "< 10 s",
    )
    print(f"  {addresses.describe(log)}")
    start = time.perf_counter()
    addresses.import_gazetteer(path)
    report(
        "Import the same file again (every property replaced)",
        time.perf_counter() - start,
        "< 10 s",
    )
    from hearthcore.delivery import read_gazetteer

    start = time.perf_counter()
    read_gazetteer(path)
    report(
        "  of which reading and checking the file (hearthcore)",
        time.perf_counter() - start,
        "",
    )

    council, _ = Organisation.objects.get_or_create(
        name="Chorley Council", defaults={"kind": "council", "is_host": True}
    )
    target = codes[:12]
    community = curation.create(
        name="Bench neighbourhood",
        lad_code=CHORLEY,
        areas=target,
        by=None,
        note="bench",
    )
    today = date.today()
    event = services.create_event(
        services.EventFields(
            name="Bench Week of Action",
            kind="week_of_action",
            start=today - timedelta(days=10),
            end=today - timedelta(days=6),
            lead=council,
            communities=[community],
        ),
        by=None,
    )
    partners = [
        Organisation.objects.get_or_create(
            name=f"Synthetic partner {i + 1}", defaults={"kind": "other"}
        )[0]
        for i in range(32)
    ]
    services.invite(event, partners, by=None)
    for invitation in event.invitations.all():
        services.respond(invitation, accept=True, by=None)
    service_list = list(Service.objects.all()[:12])
    inside = list(
        Address.objects.filter(lsoa21__in=target).values_list(
            "uprn", "lon", "lat", "lsoa21"
        )[:4000]
    )
    outside = list(
        Address.objects.exclude(lsoa21__in=target).values_list(
            "uprn", "lon", "lat", "lsoa21"
        )[:1000]
    )
    rng = np.random.default_rng(14)
    statuses = ["requested", "accepted", "booked", "done", "declined", "no_access"]
    rows = []
    for i in range(options.requests):
        uprn, lon, lat, lsoa = (outside if i % 10 == 0 else inside)[
            i % (len(outside) if i % 10 == 0 else len(inside))
        ]
        rows.append(
            Request(
                event=event,
                service=service_list[i % len(service_list)],
                organisation=partners[int(rng.integers(len(partners)))],
                uprn=uprn,
                lon=lon,
                lat=lat,
                lsoa21=lsoa,
                placed_by="uprn",
                requested=event.start,
                status=statuses[int(rng.integers(len(statuses)))],
            )
        )
    Request.objects.bulk_create(rows, batch_size=2000)

    found = queries.report(event)
    report(
        f"Event report, {options.requests:,} requests, 32 partners (median of 5)",
        median_time(lambda: queries.report(event)),
        "< 200 ms",
    )
    print(
        f"  {found.requests['total']:,} requests, {found.requests['outside_target_areas']:,} from outside the target area, "
        f"{len(found.requests['by_service'])} service and organisation rows"
    )
    report(
        "  the same, as JSON (hearth events report --format json)",
        median_time(lambda: queries.report_json(queries.report(event))),
        "< 250 ms",
    )
    homes = addresses.walk_list(target)
    report(
        f"Walk list of the target area ({len(homes):,} homes, sorted by street)",
        median_time(lambda: addresses.walk_list(target), 3),
        "< 2 s",
    )
    report(
        f"Homes per LSOA for Chorley's {len(codes)} LSOAs",
        median_time(lambda: addresses.properties_by_lsoa(codes), 3),
        "< 1 s",
    )


if __name__ == "__main__":
    main()
