from __future__ import annotations

import pytest

from hearthcore.text import slugify


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Income Rank (where 1 is most deprived)", "income_rank"),
        (
            "Index of Multiple Deprivation (IMD) Decile "
            "(where 1 is most deprived 10% of LSOAs)",
            "index_of_multiple_deprivation_imd_decile",
        ),
        ("\ufeffLSOA code (2011)", "lsoa_code_2011"),
        (
            "Total population: mid 2015 (excluding prisoners)",
            "total_population_mid_2015_excluding_prisoners",
        ),
        ("IMD_score", "imd_score"),
    ],
)
def test_it_turns_published_headers_into_codes(header, code):
    assert slugify(header) == code
