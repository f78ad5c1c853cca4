"""Analyses around an index: better or worse than expected, and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .engine import IndexResult, compute_index, transformed_matrix
from .recipe import Recipe


def expected(
    data: pd.DataFrame,
    outcomes: list[str],
    stresses: list[str],
    *,
    threshold: float = 1.96,
) -> pd.DataFrame:
    """Flag areas doing better or worse than their stresses predict.

    Each outcome (higher = worse, e.g. a health deprivation score) is
    regressed on the stresses (e.g. income and employment deprivation) by
    ordinary least squares; an area's standardised residual says how much
    worse (positive) or better (negative) it does than expected.

    Parameters
    ----------
    data : DataFrame
        One row per area with the outcome and stress columns.
    outcomes, stresses : list of str
        Column names.
    threshold : float
        Standardised residual beyond which an area is flagged.

    Returns
    -------
    DataFrame
        Per outcome: ``<outcome>.residual`` and ``<outcome>.flag`` (``worse
        than expected``, ``better than expected`` or ``as expected``), plus
        ``<outcome>.r2`` repeated on every row.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=200)
    >>> y = 2 * x + rng.normal(scale=0.1, size=200)
    >>> y[0] += 5
    >>> out = expected(pd.DataFrame({"x": x, "y": y}), ["y"], ["x"])
    >>> out.loc[0, "y.flag"]
    'worse than expected'
    """
    frame = data[outcomes + stresses].apply(pd.to_numeric, errors="coerce").dropna()
    design = np.column_stack([np.ones(len(frame)), frame[stresses].to_numpy()])
    out = pd.DataFrame(index=frame.index)
    for outcome in outcomes:
        y = frame[outcome].to_numpy()
        coef, *_ = np.linalg.lstsq(design, y, rcond=None)
        residual = y - design @ coef
        sd = residual.std(ddof=design.shape[1])
        z = residual / sd if sd > 0 else np.zeros_like(residual)
        out[f"{outcome}.residual"] = z
        out[f"{outcome}.flag"] = np.where(
            z > threshold,
            "worse than expected",
            np.where(z < -threshold, "better than expected", "as expected"),
        )
        total = ((y - y.mean()) ** 2).sum()
        out[f"{outcome}.r2"] = 1 - (residual**2).sum() / total if total else np.nan
    return out


def cronbach_alpha(matrix: np.ndarray) -> float:
    """Cronbach's alpha: how consistently a domain's indicators measure one thing.

    Parameters
    ----------
    matrix : ndarray
        Shape (areas, indicators), standardised or not.

    Returns
    -------
    float
        Alpha (NaN for fewer than two indicators).

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> round(cronbach_alpha(np.column_stack([x, x, x])), 3)
    1.0
    """
    clean = matrix[~np.isnan(matrix).any(axis=1)]
    k = clean.shape[1]
    if k < 2:
        return float("nan")
    item_var = clean.var(axis=0, ddof=1).sum()
    total_var = clean.sum(axis=1).var(ddof=1)
    return (
        float(k / (k - 1) * (1 - item_var / total_var)) if total_var else float("nan")
    )


@dataclass(frozen=True)
class Diagnostics:
    """Correlations, internal consistency and each indicator's influence."""

    correlations: pd.DataFrame
    alpha: pd.Series
    influence: pd.DataFrame


def diagnose(
    recipe: Recipe, data: pd.DataFrame, result: IndexResult | None = None
) -> Diagnostics:
    """Diagnostics of a recipe on real data.

    Parameters
    ----------
    recipe : Recipe
        The index.
    data : DataFrame
        Indicator values, as for ``compute_index``.
    result : IndexResult, optional
        The computed index (computed when omitted).

    Returns
    -------
    Diagnostics
        Spearman correlations between all transformed indicators (within and
        across domains), Cronbach's alpha per domain, and for each indicator
        the Spearman correlation of the index without it with the full index
        and the mean absolute shift in rank (small = barely changes the result).
    """
    result = result or compute_index(recipe, data)
    ids = [i.id for i in recipe.indicators if i.ref in data.columns]
    frame = data.loc[result.scores.index, [recipe.indicator(i).ref for i in ids]].apply(
        pd.to_numeric, errors="coerce"
    )
    frame = frame.fillna(frame.median())
    matrix = transformed_matrix(recipe, frame, ids)
    transformed = pd.DataFrame(matrix, columns=ids, index=frame.index)
    correlations = transformed.corr(method="spearman")
    alpha = pd.Series(
        {
            d.id: cronbach_alpha(
                transformed[[m for m in d.indicators if m in ids]].to_numpy()
            )
            for d in recipe.domains
        },
        name="cronbach_alpha",
    )
    rows = []
    full = result.scores["rank"]
    for ident in ids:
        without = _without(recipe, ident)
        if without is None:
            continue
        reduced = compute_index(without, data).scores["rank"].reindex(full.index)
        rows.append(
            {
                "indicator": ident,
                "spearman_with_full": float(full.corr(reduced, method="spearman")),
                "mean_rank_shift": float((full - reduced).abs().mean()),
            }
        )
    influence = pd.DataFrame(rows).set_index("indicator") if rows else pd.DataFrame()
    return Diagnostics(correlations, alpha, influence)


def _without(recipe: Recipe, ident: str) -> Recipe | None:
    from dataclasses import replace

    indicators = tuple(i for i in recipe.indicators if i.id != ident)
    domains = tuple(
        replace(d, indicators=tuple(m for m in d.indicators if m != ident))
        for d in recipe.domains
    )
    domains = tuple(d for d in domains if d.indicators)
    if not indicators or not domains:
        return None
    if recipe.weighting == "manual" and recipe.aggregation != "sum":
        total = sum(d.weight or 0.0 for d in domains)
        domains = tuple(replace(d, weight=(d.weight or 0.0) / total) for d in domains)
    return replace(recipe, indicators=indicators, domains=domains)
