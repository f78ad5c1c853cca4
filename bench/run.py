"""Print Hearth's performance figures (`make bench`).

Runs on the real files in HEARTH_DATA_DIR, in a throwaway SQLite database
under a temporary folder (or the database in DATABASE_URL), and prints one
line per figure with its target.
"""

from __future__ import annotations

import os
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

DATA = Path(os.environ.get("HEARTH_DATA_DIR", ROOT.parent / "shared" / "data"))
RESULTS: list[tuple[str, float, str]] = []


def report(name: str, seconds: float, target: str) -> None:
    RESULTS.append((name, seconds, target))
    unit = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    print(f"{name:58} {unit:>12}   target {target}", flush=True)


def timed_import(relative: str, **options: object) -> float:
    from hearth.areas import importers

    start = time.perf_counter()
    importers.import_file(DATA / relative, force=True, **options)  # type: ignore[arg-type]
    return time.perf_counter() - start


def main() -> None:
    if not DATA.exists():
        sys.exit(f"No data at {DATA}: set HEARTH_DATA_DIR.")
    print(f"Hearth benchmarks on {connection.vendor}, data from {DATA}\n")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    report(
        "IoD 2019 combined table (32,844 LSOAs x 40 columns)",
        timed_import("imd2019/iod2019_lsoa11_combined_ranks_deciles_denominators.csv"),
        "< 10 s",
    )
    report(
        "IoD 2019 File 2 domains",
        timed_import("imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv"),
        "< 10 s",
    )
    report(
        "IoD 2025 scores, ranks, deciles (33,755 LSOAs)",
        timed_import("imd2025/humaniverse_imd2025_england_lsoa21.csv"),
        "< 10 s",
    )
    timed_import("lookups/geographr_lookup_lsoa21_ward24_ltla24.csv")
    timed_import(
        "lookups/Lower_Layer_Super_Output_Area_(2011)_to_Ward_(2019)_Lookup_in_England_and_Wales.csv"
    )
    report(
        "All-England LSOA 2011 boundaries (32,844, BGC, repaired)",
        timed_import(
            "boundaries/lsoa11_england_bgc.geojson.gz", repair_geometries=True
        ),
        "< 60 s",
    )
    report(
        "All-England LSOA 2021 boundaries (33,755, BSC)",
        timed_import("boundaries/lsoa21_england_bsc.geojson"),
        "< 60 s",
    )
    report(
        "2.7M postcodes, each linked to LSOA 2021 and 2011",
        timed_import("postcodes/nspl_may2025_postcode_latlon_uk.csv.gz"),
        "< 60 s",
    )

    from hearth.areas import explorer

    lad = os.environ.get("HEARTH_BENCH_LAD", "E07000118")
    view = explorer.view_for(lad, "lsoa21", "iod2025.imd_score", "national")
    explorer.geojson(view)  # warm the caches
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        body = explorer.geojson(view)
    report(
        f"GeoJSON for {lad}'s LSOAs with IMD 2025, warm ({len(body):,} bytes)",
        (time.perf_counter() - start) / runs,
        "< 50 ms",
    )

    from django.test import Client

    client = Client()
    client.get(f"/api/v1/lads/{lad}/geojson?indicator=iod2025.imd_score")
    start = time.perf_counter()
    for _ in range(runs):
        response = client.get(f"/api/v1/lads/{lad}/geojson?indicator=iod2025.imd_score")
    assert response.status_code == 200
    report(
        "  the same through the HTTP API (Django test client), warm",
        (time.perf_counter() - start) / runs,
        "< 50 ms",
    )

    from hearth.indices import services
    from hearthcore import composite

    recipe = composite.load("imd2025")
    data = services.frame_for(recipe)
    start = time.perf_counter()
    result = composite.compute_index(recipe, data)
    report(
        f"IMD 2025 recipe over {len(result.scores):,} LSOAs",
        time.perf_counter() - start,
        "(no target)",
    )
    start = time.perf_counter()
    uncertainty = composite.uncertainty(recipe, data, runs=1000)
    report(
        f"Uncertainty: {uncertainty.runs} Monte Carlo runs over {len(uncertainty.ranks):,} LSOAs",
        time.perf_counter() - start,
        "< 10 s",
    )

    from hearth.communities.services import propose_for

    timed_import("imd2025/humaniverse_imd2025_england_lsoa21_indicators.csv")
    propose_for(lad)  # warm the index and boundaries
    start = time.perf_counter()
    proposals = propose_for(lad)
    report(
        f"hearth focus {lad}: {len(proposals['communities'])} communities, warm",
        time.perf_counter() - start,
        "< 2 s",
    )
    start = time.perf_counter()
    for other in ("E08000003", "E06000008", "E09000030"):
        propose_for(other)
    report(
        "  three more authorities (Manchester, Blackburn, Tower Hamlets), each",
        (time.perf_counter() - start) / 3,
        "< 2 s",
    )

    # Neighbourhood profiles need the census, sub-domain, OAC, RUC and 2019 data.
    start = time.perf_counter()
    call_command("data", "load", verbosity=0)
    report(
        "Full `hearth data load` of the rest of the data",
        time.perf_counter() - start,
        "(no target)",
    )
    first = proposals["communities"][0]
    areas = "+".join(first["areas"])
    url = f"/profiles/?areas={areas}&label=bench"
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    report(
        f"Profile page for {first['name']} ({len(first['areas'])} LSOAs), cold",
        time.perf_counter() - start,
        "(no target)",
    )
    client.get(url)
    start = time.perf_counter()
    for _ in range(20):
        response = client.get(url)
    report("  the same, warm", (time.perf_counter() - start) / 20, "< 200 ms")
    start = time.perf_counter()
    for _ in range(5):
        response = client.get(url + "&format=pdf")
    assert response.content.startswith(b"%PDF")
    report("  as a PDF, warm", (time.perf_counter() - start) / 5, "< 3 s")
    client.get(f"/profiles/{lad}/")
    start = time.perf_counter()
    for _ in range(5):
        response = client.get(f"/profiles/{lad}/")
    report(
        f"Profile page for the whole of {lad}, warm",
        (time.perf_counter() - start) / 5,
        "< 200 ms",
    )

    start = time.perf_counter()
    call_command("assets", "load", verbosity=0, stdout=open(os.devnull, "w"))
    report(
        "`hearth assets load` (standard asset files)",
        time.perf_counter() - start,
        "(no target)",
    )
    map_url = f"/assets/map.geojson?lad={lad}"
    response = client.get(map_url)
    features = len(response.json()["features"])
    start = time.perf_counter()
    for _ in range(50):
        response = client.get(map_url)
    report(
        f"Public asset map data for {lad} ({features} assets), warm",
        (time.perf_counter() - start) / 50,
        "< 100 ms",
    )
    start = time.perf_counter()
    for _ in range(20):
        response = client.get(f"/assets/?lad={lad}")
    report(
        "  the map page with its list, warm",
        (time.perf_counter() - start) / 20,
        "(no target)",
    )
    from hearth.assets import gap

    start = time.perf_counter()
    result = gap.for_authority(lad)
    report(
        f"Gap analysis for {lad} ({len(result.summary)} categories, {len(result.need)} LSOAs)",
        time.perf_counter() - start,
        "(no target)",
    )

    evaluation(lad)
    command_line(lad)


def evaluation(lad: str) -> None:
    """A real community's evaluation page and PDF, and the public dashboard."""
    from datetime import date

    from django.test import Client

    from hearth.accounts.models import Membership, Organisation, Role, User
    from hearth.communities import curation
    from hearth.communities.services import propose_for
    from hearth.evaluation import services

    proposal = propose_for(lad)["communities"][0]
    community = curation.accept(
        proposal, lad_code=lad, geography="lsoa21", by=None, note="Benchmark"
    )
    made = services.create_evaluation(
        community,
        title="Benchmark",
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        by=None,
    )
    client = Client()
    officer = User.objects.create_user("bench-evaluation")
    host, _ = Organisation.objects.get_or_create(
        name="Benchmark council", defaults={"kind": Organisation.Kind.COUNCIL}
    )
    Membership.objects.create(
        user=officer, organisation=host, role=Role.COMMUNITY_OFFICER
    )
    client.force_login(officer)
    url = f"/evaluation/{made.pk}/"
    start = time.perf_counter()
    assert client.get(url).status_code == 200
    report(
        f"Evaluation of {community.name} ({len(community.area_codes())} LSOAs), "
        "first after a data change (rebuilds the profiles' national inputs)",
        time.perf_counter() - start,
        "(no target)",
    )
    start = time.perf_counter()
    for _ in range(10):
        client.get(url)
    report("  the same, again", (time.perf_counter() - start) / 10, "< 500 ms")
    start = time.perf_counter()
    for _ in range(5):
        response = client.get(url + "?format=pdf")
    assert response.content.startswith(b"%PDF")
    report("  as a PDF", (time.perf_counter() - start) / 5, "< 3 s")
    public = Client()
    start = time.perf_counter()
    for _ in range(10):
        public.get("/evaluation/")
    report(
        "Public communities dashboard", (time.perf_counter() - start) / 10, "< 500 ms"
    )


def command_line(lad: str) -> None:
    """Start-up of the `hearth` command as a process (median of three)."""
    import statistics
    import subprocess

    hearth = str(Path(sys.executable).with_name("hearth"))
    for args, target in (
        (["--help"], "< 1.0 s"),
        (["index", "list"], "< 1.0 s"),
        (["focus", lad], "< 2.5 s"),
    ):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([hearth, *args], check=True, capture_output=True)  # noqa: S603 - our own command
            times.append(time.perf_counter() - start)
        report(
            f"`hearth {' '.join(args)}` as a process", statistics.median(times), target
        )


if __name__ == "__main__":
    main()
