"""Small text helpers shared by the readers and the index engine."""

from __future__ import annotations

import re

_WHERE_NOTE = re.compile(r"\(where 1 is [^)]*\)", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def slugify(header: str) -> str:
    """Turn a published column header into a stable indicator code.

    The IoD's "(where 1 is most deprived …)" notes are dropped because they
    explain direction, which Hearth records separately.

    Parameters
    ----------
    header : str
        A column header exactly as published.

    Returns
    -------
    str
        Lower-case words joined by underscores.

    Examples
    --------
    >>> slugify("Income Rank (where 1 is most deprived)")
    'income_rank'
    >>> slugify("Crime Decile (where 1 is most deprived 10% of LSOAs)")
    'crime_decile'
    >>> slugify("IMD_score")
    'imd_score'
    """
    text = _WHERE_NOTE.sub("", header.replace("\ufeff", "")).strip().lower()
    return _NON_ALNUM.sub("_", text).strip("_")


def normalise_postcode(text: str) -> str:
    """Upper-case a postcode and remove its spaces.

    Parameters
    ----------
    text : str
        A postcode as typed or published.

    Returns
    -------
    str
        For example ``PR71DP``.

    Examples
    --------
    >>> normalise_postcode(" pr7  1dp")
    'PR71DP'
    """
    return re.sub(r"\s+", "", text).upper()
