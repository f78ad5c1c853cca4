"""Nearest asset of each category for every UK postcode, against geopandas.

Runs on the real files in HEARTH_DATA_DIR, without Django:

    .venv/bin/python bench/nearest.py [--geopandas-sample N]

Postcodes: every NSPL postcode with a location (about 2.7 million). Assets:
the real located points of the GIAS schools and the two warm-space
snapshots, topped up to exactly 100,000 with postcode locations drawn with
a fixed seed, spread over ten categories. Timings exclude reading files and
projecting to British National Grid (reported separately).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from hearthcore import access
from hearthcore.sources.tabular import read_postcodes

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("HEARTH_DATA_DIR", ROOT.parent / "shared" / "data"))
N_ASSETS = 100_000
CATEGORIES = [f"category-{i}" for i in range(10)]


def real_asset_points() -> tuple[np.ndarray, np.ndarray, list[str]]:
    lon: list[float] = []
    lat: list[float] = []
    used = []
    schools = DATA / "assets" / "hack25usefuldata_gias_schools_england.csv.gz"
    if schools.exists():
        frame = pd.read_csv(
            schools, usecols=["longitude", "latitude"], low_memory=False
        )
        frame = frame.apply(pd.to_numeric, errors="coerce").dropna()
        lon += frame["longitude"].tolist()
        lat += frame["latitude"].tolist()
        used.append(f"{len(frame):,} GIAS schools")
    for name in (
        "warm_spaces_uk_openinnovations_2025-12-05.geojson.gz",
        "warm_spaces_uk_openinnovations_2026-08-17.geojson.gz",
    ):
        path = DATA / "assets" / name
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                features = json.load(handle)["features"]
            points = [
                f["geometry"]["coordinates"] for f in features if f.get("geometry")
            ]
            lon += [p[0] for p in points]
            lat += [p[1] for p in points]
            used.append(f"{len(points):,} warm spaces ({name[29:39]})")
    return np.array(lon), np.array(lat), used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--geopandas-sample",
        type=int,
        default=0,
        help="Time geopandas on this many postcodes and extrapolate.",
    )
    args = parser.parse_args()
    postcode_file = DATA / "postcodes" / "nspl_may2025_postcode_latlon_uk.csv.gz"
    if not postcode_file.exists():
        sys.exit(f"No postcodes at {postcode_file}: set HEARTH_DATA_DIR.")
    start = time.perf_counter()
    postcodes = read_postcodes(postcode_file)
    postcodes = postcodes.dropna(subset=["lon", "lat"])
    read_seconds = time.perf_counter() - start

    lon, lat, used = real_asset_points()
    inside = (lon > -8.7) & (lon < 1.9) & (lat > 49.8) & (lat < 60.95)
    lon, lat = lon[inside], lat[inside]
    rng = np.random.default_rng(2026)
    extra = N_ASSETS - len(lon)
    picked = rng.choice(len(postcodes), size=extra, replace=False)
    lon = np.concatenate([lon, postcodes["lon"].to_numpy()[picked]])
    lat = np.concatenate([lat, postcodes["lat"].to_numpy()[picked]])
    categories = np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), size=N_ASSETS)]
    used.append(f"{extra:,} postcode locations (seed 2026)")

    start = time.perf_counter()
    points = access.to_bng(postcodes["lon"].to_numpy(), postcodes["lat"].to_numpy())
    assets = access.to_bng(lon, lat)
    project_seconds = time.perf_counter() - start

    print(f"Postcodes: {len(points):,} located (read in {read_seconds:.1f} s)")
    print(
        f"Assets: {N_ASSETS:,} in {len(CATEGORIES)} categories, from " + "; ".join(used)
    )
    print(f"Projection to British National Grid: {project_seconds:.2f} s\n")

    timings = []
    for _ in range(3):
        start = time.perf_counter()
        ours = access.nearest_by_category(points, assets, categories)
        timings.append(time.perf_counter() - start)
    print(
        f"hearthcore.access.nearest_by_category   {np.median(timings):8.2f} s   target < 5 s"
        f"   (median of 3 runs; fastest {min(timings):.2f} s)"
    )

    import geopandas

    sample = args.geopandas_sample or len(points)
    chosen = (
        np.arange(len(points))
        if sample >= len(points)
        else np.sort(rng.choice(len(points), sample, replace=False))
    )
    left = geopandas.GeoDataFrame(
        geometry=geopandas.points_from_xy(points[chosen, 0], points[chosen, 1]),
        crs="EPSG:27700",
    )
    start = time.perf_counter()
    worst = 0.0
    differ = 0
    for category in CATEGORIES:
        mask = categories == category
        right = geopandas.GeoDataFrame(
            geometry=geopandas.points_from_xy(assets[mask, 0], assets[mask, 1]),
            crs="EPSG:27700",
        )
        joined = geopandas.sjoin_nearest(left, right, distance_col="d")
        # Ties join several assets to one point; the distance is the same.
        d = joined.groupby(level=0)["d"].first().reindex(range(len(left))).to_numpy()
        diff = np.abs(d - ours[category].distance_m[chosen])
        worst = max(worst, float(np.nanmax(diff)))
        differ += int((diff > 1e-6).sum())
    gpd_seconds = time.perf_counter() - start
    scale = len(points) / len(chosen)
    label = "geopandas.sjoin_nearest" + (
        f" ({len(chosen):,} postcodes, x{scale:.1f})" if scale > 1 else ""
    )
    print(f"{label:40} {gpd_seconds * scale:8.2f} s")
    print(
        f"\nmax |difference in distance| = {worst:.2e} m; points differing by > 1e-6 m: {differ:,}"
    )


if __name__ == "__main__":
    main()
