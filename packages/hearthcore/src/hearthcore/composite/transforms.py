"""Normalisations for composite indices.

Each takes values where a higher value means more need and returns
transformed values in the same order.

Every function ignores NaN (missing values stay missing).
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# The IoD's exponential transformation stretches the most deprived tail:
# X = -23 ln(1 - R (1 - exp(-100/23))), R the rank scaled to (0, 1] with the
# most deprived area at 1. (English Indices of Deprivation 2019, Technical
# Report, section 3.6.)
_IOD_K = 1.0 - np.exp(-100.0 / 23.0)


def average_ranks(values: Array) -> Array:
    """Rank values from 1, ties sharing the average of their ranks.

    The same as ``scipy.stats.rankdata(method="average")`` (a test checks),
    in numpy alone: scipy.stats takes a second to import, which the command
    line cannot spare.

    Parameters
    ----------
    values : ndarray
        Values without NaN.

    Returns
    -------
    ndarray
        Ranks as floats.

    Examples
    --------
    >>> average_ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist()
    [3.5, 1.0, 3.5, 2.0]
    """
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    # Start of each run of equal values, and the average rank of each run.
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    averages = (starts + ends + 1) / 2.0
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.repeat(averages, ends - starts)
    return ranks


def _ranks(x: Array) -> Array:
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    out[ok] = average_ranks(x[ok])
    return out


_normal_quantile = np.frompyfunc(NormalDist().inv_cdf, 1, 1)


def rank(x: Array) -> Array:
    """Rank values, 1 for the least need (ties share their average rank).

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.

    Returns
    -------
    ndarray
        Ranks.

    Examples
    --------
    >>> rank(np.array([3.0, 1.0, 2.0])).tolist()
    [3.0, 1.0, 2.0]
    """
    return _ranks(x)


def percentile_rank(x: Array) -> Array:
    """Scale ranks to (0, 100].

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.

    Returns
    -------
    ndarray
        100 x rank / number of non-missing values.

    Examples
    --------
    >>> percentile_rank(np.array([10.0, 30.0, 20.0, 40.0])).tolist()
    [25.0, 75.0, 50.0, 100.0]
    """
    r = _ranks(x)
    return 100.0 * r / np.count_nonzero(~np.isnan(x))


def zscore(x: Array) -> Array:
    """Standardise to mean 0 and standard deviation 1.

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.

    Returns
    -------
    ndarray
        (x - mean) / standard deviation.

    Examples
    --------
    >>> zscore(np.array([1.0, 2.0, 3.0])).round(3).tolist()
    [-1.225, 0.0, 1.225]
    """
    sd = np.nanstd(x)
    if sd == 0 or np.isnan(sd):
        return np.zeros_like(x)
    return np.asarray((x - np.nanmean(x)) / sd, dtype=np.float64)


def minmax(x: Array) -> Array:
    """Rescale to [0, 100].

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.

    Returns
    -------
    ndarray
        100 (x - min) / (max - min).

    Examples
    --------
    >>> minmax(np.array([2.0, 4.0, 3.0])).tolist()
    [0.0, 100.0, 50.0]
    """
    low, high = np.nanmin(x), np.nanmax(x)
    if high == low:
        return np.zeros_like(x)
    return np.asarray(100.0 * (x - low) / (high - low), dtype=np.float64)


def rankit(x: Array) -> Array:
    """Convert to normal scores (rankits).

    The inverse normal of (rank - 0.5) / n, as the IoD does for indicators
    within a domain.

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.

    Returns
    -------
    ndarray
        Standard normal quantiles.

    Examples
    --------
    >>> rankit(np.array([1.0, 2.0])).round(3).tolist()
    [-0.674, 0.674]
    """
    r = _ranks(x)
    n = np.count_nonzero(~np.isnan(x))
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(r)
    # The standard normal quantile (Wichura's AS241, as scipy.stats.norm.ppf).
    out[ok] = np.asarray(_normal_quantile((r[ok] - 0.5) / n), dtype=np.float64)
    return out


def log(x: Array, offset: float = 1.0) -> Array:
    """Natural logarithm of x + offset (for skewed counts and rates).

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.
    offset : float
        Added before taking logs so that zeros are allowed.

    Returns
    -------
    ndarray
        ln(x + offset).

    Examples
    --------
    >>> log(np.array([0.0, np.e - 1])).tolist()
    [0.0, 1.0]
    """
    shifted = x + offset
    if np.nanmin(shifted) <= 0:
        raise ValueError(
            f"log needs x + offset > 0; the smallest value is {np.nanmin(x)} (offset {offset})"
        )
    return np.log(shifted)


def winsorise(x: Array, lower: float = 1.0, upper: float = 99.0) -> Array:
    """Clip values to the given percentiles, taming outliers.

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.
    lower, upper : float
        Percentiles (0-100) to clip at.

    Returns
    -------
    ndarray
        Clipped values.

    Examples
    --------
    >>> winsorise(np.arange(101.0), 5, 95)[[0, 50, 100]].tolist()
    [5.0, 50.0, 95.0]
    """
    low, high = np.nanpercentile(x, [lower, upper])
    return np.asarray(np.clip(x, low, high), dtype=np.float64)


def iod_exponential(x: Array) -> Array:
    """Apply the IoD's exponential transformation of ranks.

    X = -23 ln(1 - R (1 - e^(-100/23))), where R is the rank scaled to
    (0, 1] with the area of most need at 1; the result runs from about 0 to
    100 and stretches the most deprived tail, so that deprivation in one
    domain is not fully cancelled by affluence in another.

    Parameters
    ----------
    x : ndarray
        Values, higher meaning more need.

    Returns
    -------
    ndarray
        Transformed values in (0, 100].

    Examples
    --------
    >>> iod_exponential(np.array([1.0, 2.0, 3.0, 4.0])).round(3).tolist()
    [6.518, 15.647, 31.009, 100.0]
    """
    r = _ranks(x)
    n = np.count_nonzero(~np.isnan(x))
    big_r = r / n
    with np.errstate(divide="ignore"):
        return np.asarray(-23.0 * np.log(1.0 - big_r * _IOD_K), dtype=np.float64)


def identity(x: Array) -> Array:
    """Leave values as they are.

    Parameters
    ----------
    x : ndarray
        Values.

    Returns
    -------
    ndarray
        The same values.

    Examples
    --------
    >>> identity(np.array([1.0])).tolist()
    [1.0]
    """
    return x


TRANSFORMS: dict[str, Callable[..., Array]] = {
    "none": identity,
    "rank": rank,
    "percentile_rank": percentile_rank,
    "zscore": zscore,
    "minmax": minmax,
    "rankit": rankit,
    "log": log,
    "winsorise": winsorise,
    "iod_exponential": iod_exponential,
}
