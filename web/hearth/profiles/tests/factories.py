"""A profile-ready tiny England: the areas factory's ten LSOAs with census,
IoD 2025 and 2019 figures, rural-urban classes and the 2011 to 2021 links."""

from __future__ import annotations

import pandas as pd

from hearth.areas.models import Area, AreaLink, Geography
from hearth.areas.services import AreaRow, DatasetMeta, replace_dataset, upsert_areas
from hearth.areas.tests.factories import build_england
from hearthcore.profile import DOMAINS, DOMAINS_2019


def dataset(kind: str, frame: pd.DataFrame, geography: str = Geography.LSOA21) -> None:
    replace_dataset(
        DatasetMeta(
            kind=kind,
            title=kind,
            publisher="test",
            release="test",
            licence="OGL",
            attribution="test",
            geography=geography,
            subset=True,
        ),
        frame,
        labels={c: c.replace("_", " ") for c in frame.columns},
        checksum=(kind[:1] * 64),
        source_file=f"{kind}.csv",
    )


def profile_england() -> list[str]:
    """Build the tiny England with every dataset a profile reads.

    LSOA i has 1000 + 100 i residents, 100 (i + 1) children, a fifth of
    residents disabled, IoD 2025 domain scores i + 1 and ranks 10 - i
    (so LSOA 9 is the most deprived), and IoD 2019 ranks one place less
    deprived (11 - i, of 11) on the 2011 LSOA it came from unchanged.
    """
    codes = build_england()["lsoas"]
    n = len(codes)
    total = [1000.0 + 100 * i for i in range(n)]
    dataset(
        "census2021_disability",
        pd.DataFrame(
            {
                "disabled_under_the_equality_act": [t * 0.2 for t in total],
                "not_disabled_under_the_equality_act": [t * 0.8 for t in total],
                "total": total,
            },
            index=codes,
        ),
    )
    dataset(
        "census2021_age",
        pd.DataFrame(
            {
                "aged_15_years_and_under": [100.0 * (i + 1) for i in range(n)],
                "aged_65_years_and_over": [
                    t - 100.0 * (i + 1) for i, t in enumerate(total)
                ],
            },
            index=codes,
        ),
    )
    scores: dict[str, list[float]] = {}
    for d, _label in DOMAINS:
        scores[f"{d}_score"] = [float(i + 1) for i in range(n)]
        scores[f"{d}_rank"] = [float(n - i) for i in range(n)]
    scores["imd_score"] = [float(i + 1) for i in range(n)]
    scores["imd_rank"] = [float(n - i) for i in range(n)]
    dataset("iod2025", pd.DataFrame(scores, index=codes))
    dataset(
        "ruc2021",
        pd.DataFrame(
            {
                "classification_urban_nearer_to_a_major_town_or_city": [1.0] * 5
                + [0.0] * 5,
                "classification_smaller_rural_further_from_a_major_town_or_city": [0.0]
                * 5
                + [1.0] * 5,
            },
            index=codes,
        ),
    )
    # LSOA 2011 areas: each 2021 LSOA came unchanged from "E0100099i" (and
    # one more 2011 area, so that 2019 ranks run to 11).
    old = [f"E0100099{i}" for i in range(n)] + ["E01000980"]
    upsert_areas(Geography.LSOA11, [AreaRow(c, c) for c in old])
    ids = dict(
        Area.objects.filter(geography=Geography.LSOA11).values_list("code", "pk")
    )
    new_ids = dict(
        Area.objects.filter(geography=Geography.LSOA21).values_list("code", "pk")
    )
    AreaLink.objects.bulk_create(
        AreaLink(old_id=ids[o], new_id=new_ids[c], change="U")
        for o, c in zip(old, codes, strict=False)
    )
    ranks_2019 = {
        f"{stem}_rank": [float(n + 1 - i) for i in range(n)] + [1.0]
        for stem in DOMAINS_2019.values()
    }
    dataset("iod2019_domains", pd.DataFrame(ranks_2019, index=old), Geography.LSOA11)
    return codes
