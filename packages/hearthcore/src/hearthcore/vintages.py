"""Move figures between boundary vintages with the ONS best-fit lookup."""

from __future__ import annotations

import pandas as pd

CONVERSION_NOTE = (
    "Converted between LSOA 2011 and LSOA 2021 with the ONS LSOA (2011) to "
    "LSOA (2021) lookup: an area that was split takes its parent's value; an "
    "area formed by merging takes the mean of the areas merged."
)


def convert(
    values: pd.Series, links: pd.DataFrame, *, forward: bool = True
) -> pd.Series:
    """Convert an indicator from one LSOA vintage to the other.

    Parameters
    ----------
    values : Series
        Figures indexed by area code in the source vintage.
    links : DataFrame
        The lookup: columns ``old`` (LSOA 2011) and ``new`` (LSOA 2021).
    forward : bool
        True for 2011 to 2021, False for 2021 to 2011.

    Returns
    -------
    Series
        Figures indexed by area code in the target vintage: the mean of the
        source areas each target area came from.

    Examples
    --------
    >>> links = pd.DataFrame({"old": ["a", "b", "b", "c", "d"],
    ...                       "new": ["A", "B1", "B2", "CD", "CD"]})
    >>> convert(pd.Series({"a": 1.0, "b": 2.0, "c": 3.0, "d": 5.0}), links).to_dict()
    {'A': 1.0, 'B1': 2.0, 'B2': 2.0, 'CD': 4.0}
    """
    source, target = ("old", "new") if forward else ("new", "old")
    pairs = links[[source, target]].drop_duplicates()
    mapped = pairs.assign(value=pairs[source].map(values))
    out: pd.Series = mapped.groupby(target, sort=True)["value"].mean()
    out.index.name = "area_code"
    return out
