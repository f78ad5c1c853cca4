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


#: Words in an organisation's name that say what kind it is, most telling
#: first (an "NHS Foundation Trust" is NHS, not a voluntary trust).
_ORGANISATION_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fire_rescue", ("fire and rescue", "fire & rescue", "fire service")),
    ("police", ("police", "constabulary")),
    (
        "nhs",
        (
            "nhs",
            "integrated care",
            "primary care",
            "clinical commissioning",
            "hospital",
            "health centre",
            "medical practice",
            "surgery",
            "pharmacy",
        ),
    ),
    ("housing", ("housing",)),
    ("council", ("borough council", "county council", "city council", "council")),
    (
        "vcs",
        (
            "charity",
            "cic",
            "community",
            "voluntary",
            "volunteer",
            "residents",
            "association",
            "foundation",
            "group",
            "club",
            "church",
            "trust",
        ),
    ),
)


def organisation_kind(name: str) -> str:
    """Guess an organisation's kind from its name, for one an import creates.

    Returns one of ``fire_rescue``, ``police``, ``nhs``, ``housing``,
    ``council``, ``vcs`` or ``other``, so a new NHS trust fills a "No health
    partner yet" gap; an officer can correct it.

    >>> organisation_kind("Lancashire Teaching Hospitals NHS Foundation Trust")
    'nhs'
    >>> organisation_kind("Lancashire Fire & Rescue Service"), organisation_kind("Acme Ltd")
    ('fire_rescue', 'other')
    >>> organisation_kind("Chorley Community Housing"), organisation_kind("Friends of Astley Park Group")
    ('housing', 'vcs')
    """
    words = " " + re.sub(r"\s+", " ", name.lower()) + " "
    for kind, needles in _ORGANISATION_KINDS:
        if any(re.search(rf"\b{re.escape(n)}\b", words) for n in needles):
            return kind
    return "other"
