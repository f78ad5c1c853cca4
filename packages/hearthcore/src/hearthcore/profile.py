"""Neighbourhood profiles: a set of small areas against its authority and England.

The functions here take plain pandas objects indexed by area code, so an
analyst can profile any set of LSOAs from a notebook; the web app caches the
national inputs and calls them per request.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

#: A group is a list of area codes, or None for "every area in the input".
Groups = Mapping[str, Sequence[str] | None]


def _select(frame: pd.DataFrame, codes: Sequence[str] | None) -> pd.DataFrame:
    if codes is None:
        return frame
    present = frame.index.intersection(pd.Index(list(codes)))
    return frame.loc[present]


def shares(counts: pd.DataFrame, groups: Groups) -> pd.DataFrame:
    """Each category's share of the summed counts, per group.

    Parameters
    ----------
    counts : DataFrame
        One row per area, one column per category (e.g. people by tenure).
    groups : mapping
        Group name to area codes (None = all rows).

    Returns
    -------
    DataFrame
        One row per category, one column per group; shares between 0 and 1
        (NaN when a group has no counts).

    Examples
    --------
    >>> counts = pd.DataFrame({"own": [8, 2], "rent": [2, 8]}, index=["a", "b"])
    >>> shares(counts, {"A": ["a"], "All": None}).round(2).to_dict()
    {'A': {'own': 0.8, 'rent': 0.2}, 'All': {'own': 0.5, 'rent': 0.5}}
    """
    out = {}
    for name, codes in groups.items():
        sums = _select(counts, codes).sum(axis=0, min_count=1)
        total = float(sums.sum())
        out[name] = sums / total if total else sums * np.nan
    return pd.DataFrame(out, index=counts.columns)


def weighted_means(
    values: pd.DataFrame, weights: pd.Series, groups: Groups
) -> pd.DataFrame:
    """Population-weighted mean of each column, per group.

    Areas with a missing value are left out of that column's mean; if a
    group has no weights, the plain mean is used.

    Examples
    --------
    >>> values = pd.DataFrame({"score": [10.0, 20.0]}, index=["a", "b"])
    >>> weights = pd.Series({"a": 3.0, "b": 1.0})
    >>> weighted_means(values, weights, {"All": None}).loc["score", "All"]
    np.float64(12.5)
    """
    out = {}
    for name, codes in groups.items():
        part = _select(values, codes)
        w = weights.reindex(part.index).fillna(0.0).to_numpy(dtype=float)
        row = {}
        for column in part.columns:
            v = part[column].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            total = w[ok].sum()
            if total > 0:
                row[column] = float((v[ok] * w[ok]).sum() / total)
            else:
                row[column] = float(np.nanmean(v)) if ok.any() else float("nan")
        out[name] = pd.Series(row, dtype=float)
    return pd.DataFrame(out, index=values.columns)


def need_percentile(ranks: pd.Series) -> pd.Series:
    """Turn need ranks (1 = most need) into 0-100, where 100 is most need.

    Examples
    --------
    >>> need_percentile(pd.Series([1.0, 2.0, 3.0, 4.0])).tolist()
    [100.0, 75.0, 50.0, 25.0]
    """
    n = int(ranks.notna().sum())
    if n == 0:
        return ranks.astype(float)
    result: pd.Series = 100.0 * (n - ranks + 1) / n
    return result


def standardise(features: pd.DataFrame) -> pd.DataFrame:
    """Z-scores of each column; constant columns become 0 and missing stays NaN.

    Examples
    --------
    >>> standardise(pd.DataFrame({"x": [1.0, 3.0], "k": [5.0, 5.0]})).to_dict("list")
    {'x': [-1.0, 1.0], 'k': [0.0, 0.0]}
    """
    mean = features.mean()
    sd = features.std(ddof=0)
    z: pd.DataFrame = (features - mean) / sd.where(sd > 0)
    for column in sd.index[~(sd > 0)]:
        z[column] = features[column].where(features[column].isna(), 0.0)
    return z


def statistical_neighbours(
    z: pd.DataFrame,
    target: Sequence[str],
    *,
    weights: pd.Series | None = None,
    exclude: Collection[str] = (),
    n: int = 10,
) -> pd.DataFrame:
    """Find the areas whose indicator profile is most like the target's.

    Parameters
    ----------
    z : DataFrame
        Standardised indicators (see :func:`standardise`), one row per area.
    target : sequence of str
        The areas profiled; their (weighted) mean profile is compared with
        every other area.
    weights : Series, optional
        Population per area, to weight the target's mean profile.
    exclude : collection of str
        Areas never returned (e.g. the whole authority, so that neighbours
        come from elsewhere in England).
    n : int
        How many to return.

    Returns
    -------
    DataFrame
        ``area_code``, ``distance`` (Euclidean, in standard deviations,
        averaged over the indicators both have) and ``similarity`` (0-100,
        100 = identical), closest first.

    Examples
    --------
    >>> z = pd.DataFrame({"x": [0.0, 0.1, 2.0, -1.0]}, index=list("abcd"))
    >>> statistical_neighbours(z, ["a"], n=2)["area_code"].tolist()
    ['b', 'd']
    """
    rows = _select(z, target)
    if rows.empty:
        return pd.DataFrame(columns=["area_code", "distance", "similarity"])
    w = (
        weights.reindex(rows.index).fillna(0.0).to_numpy(dtype=float)
        if weights is not None
        else np.ones(len(rows))
    )
    if w.sum() <= 0:
        w = np.ones(len(rows))
    values = rows.to_numpy(dtype=float)
    ok = ~np.isnan(values)
    centre = np.where(
        ok.any(axis=0),
        np.nansum(np.where(ok, values, 0.0) * w[:, None], axis=0)
        / np.maximum((ok * w[:, None]).sum(axis=0), 1e-12),
        np.nan,
    )
    skip = set(target) | set(exclude)
    candidates = z.loc[[code for code in z.index if code not in skip]]
    matrix = candidates.to_numpy(dtype=float)
    diff = matrix - centre
    have = ~np.isnan(diff)
    counts = have.sum(axis=1)
    squared = np.where(have, diff, 0.0) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.sqrt(squared.sum(axis=1) / counts) * np.sqrt(z.shape[1])
    distance[counts == 0] = np.inf
    order = np.argsort(distance, kind="stable")[:n]
    chosen = distance[order]
    return pd.DataFrame(
        {
            "area_code": candidates.index[order],
            "distance": chosen,
            "similarity": 100.0 / (1.0 + chosen),
        }
    )


def change_between(
    old: pd.Series, new: pd.Series, links: pd.DataFrame, areas: Sequence[str]
) -> pd.DataFrame:
    """Compare an old-vintage figure with a new-vintage one, area by area.

    Only areas that map across cleanly are compared: LSOAs unchanged
    between 2011 and 2021 (``U``) or split from one 2011 LSOA (``S``); for
    merged or redesigned areas the old figure is left empty.

    Parameters
    ----------
    old : Series
        Figures indexed by old (2011) code, e.g. national need percentiles.
    new : Series
        Figures indexed by new (2021) code.
    links : DataFrame
        Columns ``old``, ``new`` and ``change`` (U, S, M or X).
    areas : sequence of str
        New-vintage codes to report.

    Returns
    -------
    DataFrame
        ``area_code``, ``old_code``, ``change``, ``old``, ``new``, ``difference``.

    Examples
    --------
    >>> links = pd.DataFrame({"old": ["a", "b", "c"], "new": ["A", "B", "B"],
    ...                       "change": ["U", "M", "M"]})
    >>> out = change_between(pd.Series({"a": 40.0, "b": 1.0}),
    ...                      pd.Series({"A": 55.0, "B": 2.0}), links, ["A", "B"])
    >>> out["difference"].tolist()
    [15.0, nan]
    """
    wanted = links[links["new"].isin(list(areas))]
    rows = []
    for code in areas:
        mine = wanted[wanted["new"] == code]
        change = "".join(sorted(set(mine["change"]))) or "-"
        clean = len(mine) == 1 and mine["change"].iloc[0] in {"U", "S"}
        old_code = str(mine["old"].iloc[0]) if clean else ""
        before = float(old.get(old_code, np.nan)) if clean else float("nan")
        after = float(new.get(code, np.nan))
        rows.append((code, old_code, change, before, after, after - before))
    return pd.DataFrame(
        rows, columns=["area_code", "old_code", "change", "old", "new", "difference"]
    )
