"""Engagement test fixtures: Census 2021 tables for the tiny England."""

from __future__ import annotations

import hashlib

import pandas as pd

from hearth.areas.models import Geography
from hearth.areas.services import DatasetMeta, replace_dataset
from hearthcore import reach

# Per LSOA: 100 residents in each age band except 200 aged 65 and over (700).
AGE = {**dict.fromkeys(reach.AGE_GROUPS, 100), "aged_65_and_over": 200}
# 90% white, 5% asian, 5% the other three together.
ETHNICITY = {
    "asian": 35,
    "black": 10,
    "mixed": 15,
    "white": 630,
    "other_ethnic_group": 10,
}
DISABILITY = {"disabled": 140, "not_disabled": 560}


def _load(
    kind: str, groups: dict[str, str], counts: dict[str, int], codes: list[str]
) -> None:
    frame = pd.DataFrame(
        {key: [float(counts[key])] * len(codes) for key in groups}, index=codes
    )
    labels = dict(groups.items())
    # The loaded datasets also carry shares and a total, which reach skips.
    first = next(iter(groups))
    frame[f"{first}_prop"] = frame[first] / sum(counts.values())
    labels[f"{first}_prop"] = f"{groups[first]} (share)"
    frame["total"] = float(sum(counts.values()))
    labels["total"] = "total_residents"
    replace_dataset(
        DatasetMeta(
            kind=kind,
            title=kind,
            publisher="ONS",
            release="Census 2021",
            licence="Open Government Licence v3.0",
            attribution="Test figures",
            geography=Geography.LSOA21,
            subset=True,
        ),
        frame,
        labels=labels,
        checksum=hashlib.sha256(kind.encode()).hexdigest(),
        source_file=f"{kind}.csv",
    )


def load_census(codes: list[str]) -> None:
    _load("census2021_age", dict(reach.AGE_GROUPS), AGE, codes)
    _load("census2021_ethnicity", dict(reach.ETHNIC_GROUPS), ETHNICITY, codes)
    _load("census2021_disability", dict(reach.DISABILITY_GROUPS), DISABILITY, codes)
