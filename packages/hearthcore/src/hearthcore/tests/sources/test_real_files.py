"""Every real file in HEARTH_DATA_DIR is recognised and reads with its documented size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hearthcore import sources

DATA = Path(os.environ.get("HEARTH_DATA_DIR", "/work/shared/data"))
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not DATA.exists(), reason="no HEARTH_DATA_DIR"),
]

EXPECTED = {
    "imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv": ("iod2019_domains", 32844),
    "imd2019/iod2019_lsoa11_combined_ranks_deciles_denominators.csv": (
        "iod2019_combined",
        32844,
    ),
    "imd2025/humaniverse_imd2025_england_lsoa21.csv": ("iod2025", 33755),
    # Its "Rank of proportion of LSOAs in most deprived 10%" columns are ranks.
    "imd2019/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx": (
        "iod2019_la_summaries",
        317,
    ),
    "census2021/demographr_household_tenure21_lsoa21.csv.gz": (
        "census2021_tenure",
        35672,
    ),
    "population/demographr_population20_lsoa11_sape_single_year_of_age.csv.gz": (
        "population20_sya",
        34753,
    ),
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_real_tables_read_with_their_documented_rows(name, expected):
    kind = sources.recognise(DATA / name)
    assert kind.key == expected[0]
    assert len(sources.read_table(DATA / name, kind).values) == expected[1]


def test_the_real_gazetteer_and_boundaries():
    assert (
        len(sources.read_places(DATA / "places/uk_place_names_os_open_names.tsv"))
        == 45974
    )
    kind = sources.recognise(DATA / "boundaries/lsoa21_england_bsc.geojson")
    assert (
        len(
            sources.read_boundaries(
                DATA / "boundaries/lsoa21_england_bsc.geojson", kind
            ).codes
        )
        == 33755
    )


def test_known_checksums_match_the_shared_files():
    checksums = sources.known_checksums()
    name = "imd2025/humaniverse_imd2025_england_lsoa21.csv"
    assert sources.sha256_of(DATA / name) == checksums[name]


def _tables() -> list[Path]:
    if not DATA.exists():
        return []
    return [
        p
        for p in sources.discover(DATA)
        if sources.recognise(p).role in {"table", "lookup"}
    ]


@pytest.mark.parametrize("path", _tables(), ids=lambda p: p.name)
def test_every_real_table_passes_its_own_validation(path):
    """What `make run` loads: a rule that misreads a published column (a rank
    taken for a share) would refuse the whole file."""
    kind = sources.recognise(path)
    read = sources.read_table if kind.role == "table" else sources.read_lookup
    read(path, kind)
