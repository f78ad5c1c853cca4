"""Uncertainty and sensitivity analysis of a composite index (Monte Carlo).

Four choices are uncertain, as in the JRC's COINr: the weights (each
perturbed by up to ``weight_spread``), the normalisation (the recipe's own,
rank or z-score), the aggregation (arithmetic or geometric) and which single
indicator, if any, is left out. Runs follow a Saltelli design, so the same
runs give each area's rank distribution and, for each choice, first-order
(Saltelli 2010) and total (Jansen 1999) sensitivity indices of the average
shift in rank from the reference index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .engine import aggregate, compute_index, transformed_matrix
from .recipe import Recipe

Array = NDArray[np.float64]
NORMALISATIONS = ("recipe", "rank", "zscore")
AGGREGATIONS = ("arithmetic", "geometric")
FACTORS = ("weights", "normalisation", "aggregation", "dropped indicator")


@dataclass(frozen=True)
class UncertaintyResult:
    """Each area's rank distribution, and what moves ranks most."""

    ranks: pd.DataFrame
    sensitivity: pd.DataFrame
    runs: int


def _domain_matrices(
    recipe: Recipe, data: pd.DataFrame, ids: list[str]
) -> tuple[list[str], dict[tuple[int, int], Array]]:
    """Domain scores for each normalisation and each dropped indicator."""
    domain_ids = [d.id for d in recipe.domains if any(m in ids for m in d.indicators)]
    out: dict[tuple[int, int], Array] = {}
    for n, norm in enumerate(NORMALISATIONS):
        matrix = transformed_matrix(
            recipe, data, ids, None if norm == "recipe" else norm
        )
        for drop in range(len(ids) + 1):
            columns = []
            for domain in recipe.domains:
                if domain.id not in domain_ids:
                    continue
                members = [
                    m
                    for m in domain.indicators
                    if m in ids and (drop == 0 or ids[drop - 1] != m)
                ]
                if not members:
                    # Dropping a domain's only indicator: the domain adds nothing.
                    columns.append(np.zeros(len(data)))
                    continue
                weights = np.array([recipe.indicator(m).weight or 1.0 for m in members])
                columns.append(
                    aggregate(
                        matrix[:, [ids.index(m) for m in members]],
                        weights,
                        domain.aggregation,
                    )
                )
            out[(n, drop)] = np.column_stack(columns)
    return domain_ids, out


def run(
    recipe: Recipe,
    data: pd.DataFrame,
    *,
    runs: int = 1000,
    weight_spread: float = 0.25,
    seed: int = 2026,
) -> UncertaintyResult:
    """Run the Monte Carlo analysis.

    Parameters
    ----------
    recipe : Recipe
        The index.
    data : DataFrame
        Indicator values, as for ``compute_index``.
    runs : int
        About how many versions of the index to compute (rounded to a
        multiple of the six Saltelli matrices).
    weight_spread : float
        Each domain weight varies uniformly within ±spread of its value.
    seed : int
        Seed for reproducible results.

    Returns
    -------
    UncertaintyResult
        ``ranks``: per area the reference rank, median rank and 5th and 95th
        percentile ranks; ``sensitivity``: first-order and total indices per
        choice.
    """
    reference = compute_index(recipe, data)
    frame = data.loc[reference.scores.index]
    ids = [i.id for i in recipe.indicators if i.ref in frame.columns]
    frame = frame[[recipe.indicator(i).ref for i in ids]].apply(
        pd.to_numeric, errors="coerce"
    )
    frame = frame.fillna(frame.median())
    domain_ids, matrices = _domain_matrices(recipe, frame, ids)
    base = np.array([reference.weights[d] for d in domain_ids])
    ref_rank = reference.scores["rank"].to_numpy()
    n_areas = len(frame)
    k = len(domain_ids)
    groups = [[0], [1], [2], list(range(3, 3 + k))]
    dims = 3 + k
    n_base = max(2, runs // (len(groups) + 2))
    rng = np.random.default_rng(seed)
    a = rng.random((n_base, dims))
    b = rng.random((n_base, dims))

    # Leaving out the only indicator would leave nothing to rank by (every
    # score 0, ranks in file order), so a one-indicator index drops none.
    droppable = len(ids) if len(ids) > 1 else 0

    def model(u: Array, ranks_out: NDArray[np.int32], row: int) -> float:
        norm = min(int(u[0] * len(NORMALISATIONS)), len(NORMALISATIONS) - 1)
        how = AGGREGATIONS[min(int(u[1] * 2), 1)]
        drop = min(int(u[2] * (droppable + 1)), droppable)
        weights = base * (1.0 + weight_spread * (2.0 * u[3:] - 1.0))
        score = aggregate(matrices[(norm, drop)], weights, how)
        order = np.argsort(-score, kind="stable")
        ranks = np.empty(n_areas, dtype=np.int32)
        ranks[order] = np.arange(1, n_areas + 1, dtype=np.int32)
        ranks_out[row] = ranks
        return float(np.mean(np.abs(ranks - ref_rank)))

    total_runs = n_base * (len(groups) + 2)
    all_ranks = np.empty((total_runs, n_areas), dtype=np.int32)
    row = 0
    f_a = np.empty(n_base)
    f_b = np.empty(n_base)
    f_ab = np.empty((len(groups), n_base))
    for j in range(n_base):
        f_a[j] = model(a[j], all_ranks, row)
        f_b[j] = model(b[j], all_ranks, row + 1)
        row += 2
        for g, columns in enumerate(groups):
            mixed = a[j].copy()
            mixed[columns] = b[j, columns]
            f_ab[g, j] = model(mixed, all_ranks, row)
            row += 1
    variance = np.var(np.concatenate([f_a, f_b]))
    first, total = [], []
    for g in range(len(groups)):
        if variance > 0:
            first.append(float(np.mean(f_b * (f_ab[g] - f_a)) / variance))
            total.append(float(0.5 * np.mean((f_a - f_ab[g]) ** 2) / variance))
        else:
            first.append(0.0)
            total.append(0.0)
    q05, q50, q95 = np.percentile(all_ranks, [5, 50, 95], axis=0)
    ranks = pd.DataFrame(
        {"rank": ref_rank, "median_rank": q50, "rank_p05": q05, "rank_p95": q95},
        index=frame.index,
    )
    ranks["interval_width"] = ranks["rank_p95"] - ranks["rank_p05"]
    sensitivity = pd.DataFrame(
        {"first_order": first, "total": total}, index=pd.Index(FACTORS, name="choice")
    ).clip(lower=0.0)
    return UncertaintyResult(ranks=ranks, sensitivity=sensitivity, runs=total_runs)


#: The public name: ``composite.uncertainty(recipe, data, runs=…)``.
uncertainty = run
