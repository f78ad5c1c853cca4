"""A tiny, hand-checkable England for area tests.

Two districts: Chorley (E07000118) with two wards and four LSOAs, and
Preston (E07000123) with one ward and six LSOAs. Ten LSOAs in all, with an
IoD-2025-like dataset whose score rises with the LSOA's number.
"""

from __future__ import annotations

import pandas as pd

from hearth.areas.models import Geography, Place, Postcode
from hearth.areas.services import (
    AreaRow,
    DatasetMeta,
    replace_dataset,
    set_geometries,
    set_lad_self,
    upsert_areas,
)

CHORLEY = "E07000118"
PRESTON = "E07000123"


def square(x: float, y: float, size: float = 0.01) -> str:
    return (
        '{"type":"Polygon","coordinates":[[['
        f"{x},{y}],[{x + size},{y}],[{x + size},{y + size}],[{x},{y + size}],[{x},{y}"
        "]]]}"
    )


def lsoa_code(i: int) -> str:
    return f"E0100000{i}" if i < 10 else f"E010000{i}"


def build_england() -> dict[str, list[str]]:
    upsert_areas(
        Geography.LAD24,
        [AreaRow(CHORLEY, "Chorley"), AreaRow(PRESTON, "Preston")],
    )
    set_lad_self(Geography.LAD24)
    upsert_areas(
        Geography.WARD24,
        [
            AreaRow(
                "E05000001",
                "Astley & Buckshaw",
                parent=(Geography.LAD24, CHORLEY),
                lad=(Geography.LAD24, CHORLEY),
            ),
            AreaRow(
                "E05000002",
                "Chorley East",
                parent=(Geography.LAD24, CHORLEY),
                lad=(Geography.LAD24, CHORLEY),
            ),
            AreaRow(
                "E05000003",
                "Preston City",
                parent=(Geography.LAD24, PRESTON),
                lad=(Geography.LAD24, PRESTON),
            ),
        ],
    )
    rows, codes = [], []
    for i in range(10):
        code = lsoa_code(i)
        codes.append(code)
        if i < 2:
            ward, lad = "E05000001", CHORLEY
        elif i < 4:
            ward, lad = "E05000002", CHORLEY
        else:
            ward, lad = "E05000003", PRESTON
        rows.append(
            AreaRow(
                code,
                f"{'Chorley' if lad == CHORLEY else 'Preston'} 00{i}A",
                parent=(Geography.WARD24, ward),
                lad=(Geography.LAD24, lad),
            )
        )
    upsert_areas(Geography.LSOA21, rows)
    import numpy as np

    set_geometries(
        Geography.LSOA21,
        codes,
        None,
        [square(-2.6 + i * 0.01, 53.6) for i in range(10)],
        np.array([[-2.6 + i * 0.01, 53.6, -2.59 + i * 0.01, 53.61] for i in range(10)]),
        source="test squares",
    )
    # Score i+1: the highest score (most deprived) is E010000009 (Preston);
    # in Chorley the most deprived is E01000003.
    frame = pd.DataFrame(
        {
            "imd_score": [float(i + 1) for i in range(10)],
            "imd_rank": [float(10 - i) for i in range(10)],
        },
        index=codes,
    )
    replace_dataset(
        DatasetMeta(
            kind="iod2025",
            title="English Indices of Deprivation 2025",
            publisher="MHCLG",
            release="2025",
            licence="Open Government Licence v3.0",
            attribution="Contains public sector information licensed under the Open Government Licence v3.0.",
            geography=Geography.LSOA21,
            subset=True,
        ),
        frame,
        labels={"imd_score": "IMD score", "imd_rank": "IMD rank"},
        checksum="0" * 64,
        source_file="test.csv",
    )
    Postcode.objects.create(
        postcode="PR71DP",
        lon=-2.595,
        lat=53.605,
        lsoa21=codes[0],
        lsoa11="",
        placement="within",
    )
    Place.objects.create(
        name="Buckshaw Village",
        district="Chorley",
        kind="Suburban Area",
        lon=-2.595,
        lat=53.605,
        lsoa21=codes[0],
    )
    return {"lsoas": codes}
