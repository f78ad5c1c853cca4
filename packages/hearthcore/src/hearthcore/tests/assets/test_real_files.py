"""Every real asset file in HEARTH_DATA_DIR is recognised and reads with plausible counts."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hearthcore.assets import CATEGORIES, find_duplicates, read_assets, recognise

DATA = Path(os.environ.get("HEARTH_DATA_DIR", "/work/shared/data"))
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not (DATA / "assets").is_dir(), reason="no HEARTH_DATA_DIR"),
]

# file name -> (kind, min records, max records)
EXPECTED = {
    "hack25usefuldata_gias_schools_england.csv.gz": ("gias-schools", 26_400, 26_700),
    "epraccur.csv": ("epraccur", 6_500, 7_200),
    "nhs_ods_edispensary_pharmacies_2025-04.csv.gz": ("edispensary", 11_200, 11_300),
    "warm_spaces_uk_openinnovations_2025-12-05.geojson.gz": (
        "warm-spaces-oi",
        9_900,
        9_984,
    ),
    "warm_spaces_uk_openinnovations_2026-08-17.geojson.gz": (
        "warm-spaces-oi",
        8_850,
        8_953,
    ),
    "warm_spaces_gb_britishredcross_2022-12.csv": ("warm-spaces-brc", 3_200, 3_281),
    "lancashire_cc_land_property_assets.csv": ("lcc-property", 500, 800),
    "lancashire_cc_libraries_2026-03.csv": ("lcc-libraries", 68, 68),
    "libraries_england_dcms_basic_dataset_2023.csv.gz": (
        "dcms-libraries",
        2_900,
        3_137,
    ),
    "libraries_uk_public_library_schema_librarieshacked.csv.gz": (
        "librarieshacked-libraries",
        3_700,
        3_753,
    ),
    "chorley_asset_points_combined.csv": ("chorley-combined", 200, 261),
    "oruk_v2_services_list_bristol_openplace_directory_2024-12-18.json.gz": (
        "oruk",
        810,
        818,
    ),
    "oruk_v2_services_list_north_lincolnshire_openplace_directory_2024-12-18.json.gz": (
        "oruk",
        738,
        738,
    ),
    "gm_pharmacies.csv": ("gm-pharmacies", 631, 631),
    "gm_libraries.csv": ("gm-libraries", 141, 141),
    "gm_food_banks.csv": ("gm-food-banks", 165, 171),
    "gm_dentists.csv": ("gm-dentists", 510, 539),
    "gm_jobcentreplus.csv": ("gm-jobcentres", 26, 26),
    "gm_green_flags.csv": ("gm-green-flags", 59, 59),
    "gm_places_of_worship_RAW.geojson.gz": ("gm-places-of-worship", 1_600, 1_620),
    "gm_post_offices.geojson": ("gm-post-offices", 343, 343),
    "gm_greenspace_access_points.geojson.gz": ("gm-greenspace-access", 9_600, 9_933),
    "trafford_sport_facilities_active_places.csv": (
        "trafford-sport-facilities",
        100,
        171,
    ),
    "trafford_defibrillators.csv": ("trafford-defibrillators", 180, 185),
    "trafford_care_homes.csv": ("trafford-care-homes", 56, 56),
}


def _files() -> list[Path]:
    found = [
        p
        for p in (DATA / "assets").rglob("*")
        if p.is_file() and p.suffix != ".properties"
    ]
    return [*sorted(found), DATA / "health" / "epraccur.csv"]


@pytest.mark.parametrize(
    "path", _files() if (DATA / "assets").is_dir() else [], ids=lambda p: p.name
)
def test_real_file(path: Path):
    assert path.name in EXPECTED, f"no expectation for {path.name}"
    kind, low, high = EXPECTED[path.name]
    start = time.perf_counter()
    assert recognise(path) == kind
    result = read_assets(path)
    assert time.perf_counter() - start < 10
    assert low <= len(result.records) <= high, len(result.records)
    assert result.licence and result.title
    for record in result.records:
        assert record.name and record.category in CATEGORIES
        assert record.lat is not None or record.postcode or kind == "oruk"
    ids = [r.source_id for r in result.records]
    assert len(set(ids)) == len(ids)


def test_chorley_library_duplicates_in_combined_file():
    result = read_assets(DATA / "assets" / "chorley_asset_points_combined.csv")
    records = result.records
    import numpy as np

    lat = np.array([np.nan if r.lat is None else r.lat for r in records])
    lon = np.array([np.nan if r.lon is None else r.lon for r in records])
    found = find_duplicates(
        [r.name for r in records], lat, lon, categories=[r.category for r in records]
    )
    library = {
        i
        for i, r in enumerate(records)
        if r.name.lower() in ("chorley library", "chorley")
    }
    assert len(library) >= 3
    linked = {
        (c.left, c.right) for c in found if c.left in library and c.right in library
    }
    assert len(linked) >= 2
