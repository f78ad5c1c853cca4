"""The shipped IMD recipes reproduce the published index on the real files."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from hearthcore import composite, sources

DATA = Path(os.environ.get("HEARTH_DATA_DIR", "/work/shared/data"))
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not DATA.exists(), reason="no HEARTH_DATA_DIR"),
]


def table(relative: str, kind: str) -> pd.DataFrame:
    return sources.read_table(
        DATA / relative, sources.CATALOGUE[kind]
    ).values.add_prefix(kind + ".")


@pytest.fixture(scope="module")
def iod2025() -> pd.DataFrame:
    return pd.concat(
        [
            table("imd2025/humaniverse_imd2025_england_lsoa21.csv", "iod2025"),
            table(
                "imd2025/humaniverse_imd2025_england_lsoa21_subdomains.csv",
                "iod2025_subdomains",
            ),
            table(
                "imd2025/humaniverse_imd2025_england_lsoa21_indicators.csv",
                "iod2025_indicators",
            ),
            table(
                "census2021/demographr_disability21_lsoa21_ew.csv.gz",
                "census2021_disability",
            ),
            table(
                "census2021/demographr_household_tenure21_lsoa21.csv.gz",
                "census2021_tenure",
            ),
            table(
                "census2021/demographr_household_overcrowding21_lsoa21.csv.gz",
                "census2021_overcrowding",
            ),
            table(
                "census2021/hack25usefuldata_census21_pop_lsoa21_age_groups.csv.gz",
                "census2021_age",
            ),
        ],
        axis=1,
    ).loc[lambda f: f["iod2025.imd_score"].notna()]


def test_imd2025_reproduces_the_published_scores_and_ranks(iod2025):
    result = composite.compute_index(composite.load("imd2025"), iod2025)
    scores = result.scores
    assert len(scores) == 33755
    assert (scores["score"] - iod2025["iod2025.imd_score"]).abs().max() <= 0.001
    assert (scores["rank"] == iod2025["iod2025.imd_rank"]).mean() >= 0.999


def test_imd2019_reproduces_the_published_ranks():
    data = table(
        "imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv", "iod2019_domains"
    )
    result = composite.compute_index(composite.load("imd2019"), data)
    published = data["iod2019_domains.index_of_multiple_deprivation_imd_rank"]
    assert (result.scores["rank"] == published).mean() >= 0.995


@pytest.mark.parametrize(
    "name",
    [
        "resilience",
        "starting-well",
        "ageing-well",
        "health-conditions",
        "employability",
    ],
)
def test_every_thematic_recipe_runs_on_real_data(iod2025, name):
    result = composite.compute_index(composite.load(name), iod2025)
    assert len(result.scores) == 33755
    assert result.scores["rank"].min() == 1
    if name == "resilience":
        assert set(result.skipped) == {
            "living_alone",
            "older_living_alone",
            "asset_density",
        }
