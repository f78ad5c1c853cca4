"""Compute a composite index from a recipe and a frame of indicator values."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .recipe import Recipe, RecipeError
from .transforms import TRANSFORMS

Array = NDArray[np.float64]


@dataclass(frozen=True)
class MissingAction:
    """What the missing-value policy did to one indicator."""

    indicator: str
    missing: int
    action: str
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexResult:
    """The index for every area.

    ``scores`` is indexed by area code with ``score``, ``rank`` (1 = most
    need), ``decile`` and ``quintile`` across all areas, ``local_rank``,
    ``local_decile`` and ``local_quintile`` within each group (authority)
    when groups were given, and ``domain.<id>`` for each domain.
    """

    recipe: Recipe
    scores: pd.DataFrame
    weights: dict[str, float]
    indicator_weights: dict[str, float]
    missing: list[MissingAction] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def oriented(values: Array, direction: str) -> Array:
    """Flip values so that higher always means more need.

    Parameters
    ----------
    values : ndarray
        Values as published.
    direction : str
        ``higher_is_worse`` or ``lower_is_worse`` (e.g. IoD ranks).

    Returns
    -------
    ndarray
        Values where higher is more need.

    Examples
    --------
    >>> oriented(np.array([1.0, 2.0]), "lower_is_worse").tolist()
    [-1.0, -2.0]
    """
    return values if direction == "higher_is_worse" else -values


def need_rank(score: pd.Series) -> pd.Series:
    """Rank scores so that 1 is the most need; ties share the lowest rank.

    Parameters
    ----------
    score : Series
        Higher means more need.

    Returns
    -------
    Series
        Ranks as floats (NaN stays NaN).

    Examples
    --------
    >>> need_rank(pd.Series([5.0, 9.0, 5.0])).tolist()
    [2.0, 1.0, 2.0]
    """
    ranked: pd.Series = score.rank(ascending=False, method="min")
    return ranked


def bands(ranks: pd.Series, n_bands: int) -> pd.Series:
    """Deciles (10) or quintiles (5) by rank, 1 = most need (IoD convention).

    Parameters
    ----------
    ranks : Series
        1 = most need.
    n_bands : int
        10 for deciles, 5 for quintiles.

    Returns
    -------
    Series
        Band numbers.

    Examples
    --------
    >>> bands(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), 5).tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0]
    """
    n = ranks.notna().sum()
    banded: pd.Series = np.ceil(ranks * n_bands / n).clip(1, n_bands)
    return banded


def _check_columns(recipe: Recipe, data: pd.DataFrame) -> tuple[list[str], list[str]]:
    present, skipped = [], []
    for spec in recipe.indicators:
        if spec.ref in data.columns:
            present.append(spec.id)
            continue
        if spec.optional:
            skipped.append(spec.id)
            continue
        same_dataset = [
            c for c in data.columns if str(c).startswith(spec.dataset + ".")
        ]
        close = difflib.get_close_matches(spec.ref, [str(c) for c in data.columns], n=3)
        if not same_dataset:
            raise RecipeError(
                f"Indicator '{spec.id}' needs dataset '{spec.dataset}', which is not loaded."
            )
        hint = f" Close matches: {', '.join(close)}." if close else ""
        raise RecipeError(
            f"Indicator '{spec.id}': unknown column '{spec.column}' in dataset '{spec.dataset}'.{hint}"
        )
    for spec_id in present:
        spec = recipe.indicator(spec_id)
        column = data[spec.ref]
        if not pd.api.types.is_numeric_dtype(column):
            converted = pd.to_numeric(column, errors="coerce")
            bad = converted.isna() & column.notna()
            if bad.any():
                position = int(np.flatnonzero(bad.to_numpy())[0])
                raise RecipeError(
                    f"Indicator '{spec.id}' ({spec.ref}) is not numeric: "
                    f"{column.iloc[position]!r} for area {column.index[position]}."
                )
    return present, skipped


def _apply_missing(
    recipe: Recipe, frame: pd.DataFrame
) -> tuple[pd.DataFrame, list[MissingAction]]:
    actions: list[MissingAction] = []
    counts = frame.isna().sum()
    if not counts.any():
        return frame, actions
    if recipe.missing == "fail":
        worst = counts[counts > 0]
        first = worst.index[0]
        areas = frame.index[frame[first].isna()][:5].tolist()
        raise RecipeError(
            f"Recipe '{recipe.name}' fails on missing values: "
            + ", ".join(f"{c} has {n}" for c, n in worst.items())
            + f' (e.g. {", ".join(areas)}). Set missing = "drop", "impute_mean" or "impute_median".'
        )
    if recipe.missing == "drop":
        dropped = frame.index[frame.isna().any(axis=1)]
        for column, n in counts[counts > 0].items():
            actions.append(
                MissingAction(
                    str(column),
                    int(n),
                    "areas dropped",
                    tuple(frame.index[frame[column].isna()][:20]),
                )
            )
        return frame.drop(index=dropped), actions
    out = frame.copy()
    for column, n in counts[counts > 0].items():
        fill = (
            out[column].mean()
            if recipe.missing == "impute_mean"
            else out[column].median()
        )
        out[column] = out[column].fillna(fill)
        actions.append(
            MissingAction(
                str(column),
                int(n),
                f"imputed with the {recipe.missing.split('_')[1]} ({fill:.4g})",
            )
        )
    return out, actions


def transformed_matrix(
    recipe: Recipe, data: pd.DataFrame, ids: list[str], transform: str | None = None
) -> Array:
    """Orient and transform each indicator; columns in ``ids`` order.

    Parameters
    ----------
    recipe : Recipe
        The recipe.
    data : DataFrame
        Indicator values, columns ``dataset.column``.
    ids : list of str
        Indicator ids to include.
    transform : str, optional
        Use this transformation for every indicator instead of the recipe's.

    Returns
    -------
    ndarray
        Shape (areas, indicators).
    """
    columns = []
    for ident in ids:
        spec = recipe.indicator(ident)
        values = oriented(
            pd.to_numeric(data[spec.ref], errors="coerce").to_numpy(dtype=np.float64),
            spec.direction,
        )
        name = transform or spec.transform
        function = TRANSFORMS[name]
        params = spec.params if transform is None else {}
        columns.append(function(values, **params))
    return np.column_stack(columns) if columns else np.empty((len(data), 0))


def aggregate(matrix: Array, weights: Array, how: str) -> Array:
    """Combine columns with weights.

    Geometric means need positive values, so columns are first rescaled to
    [1, 101] (min-max plus one), keeping their order.

    Parameters
    ----------
    matrix : ndarray
        Shape (areas, parts), higher is more need.
    weights : ndarray
        One weight per part.
    how : str
        ``arithmetic`` (weighted mean), ``geometric`` or ``sum``.

    Returns
    -------
    ndarray
        One value per area.

    Examples
    --------
    >>> m = np.array([[1.0, 3.0], [2.0, 2.0]])
    >>> aggregate(m, np.array([0.5, 0.5]), "arithmetic").tolist()
    [2.0, 2.0]
    >>> aggregate(m, np.array([1.0, 1.0]), "sum").tolist()
    [4.0, 4.0]
    """
    if how == "sum":
        return np.asarray(matrix @ weights, dtype=np.float64)
    total = weights.sum()
    w = weights / total if total else weights
    if how == "arithmetic":
        return np.asarray(matrix @ w, dtype=np.float64)
    low = np.nanmin(matrix, axis=0)
    span = np.nanmax(matrix, axis=0) - low
    span[span == 0] = 1.0
    positive = 1.0 + 100.0 * (matrix - low) / span
    return np.asarray(np.exp(np.log(positive) @ w), dtype=np.float64)


def data_driven_weights(matrix: Array, method: str) -> Array:
    """Weights from the data: first principal component or one-factor loadings.

    Both use the correlation matrix, take absolute loadings and normalise
    them to sum to 1 (as the British Red Cross resilience index does).

    Parameters
    ----------
    matrix : ndarray
        Shape (areas, parts).
    method : str
        ``pca`` or ``factor`` (iterated principal-axis factoring).

    Returns
    -------
    ndarray
        Weights summing to 1.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> base = rng.normal(size=500)
    >>> m = np.column_stack([base, base + rng.normal(size=500), rng.normal(size=500)])
    >>> w = data_driven_weights(m, "pca")
    >>> bool(w[0] > w[2] and w[1] > w[2]), round(float(w.sum()), 6)
    (True, 1.0)
    """
    clean = matrix[~np.isnan(matrix).any(axis=1)]
    if clean.shape[1] == 1:
        return np.ones(1)
    corr = np.corrcoef(clean, rowvar=False)
    if method == "pca":
        values, vectors = np.linalg.eigh(corr)
        loadings = np.abs(vectors[:, -1]) * np.sqrt(values[-1])
    else:
        reduced = np.array(corr, dtype=np.float64)
        communality = 1.0 - 1.0 / np.diag(np.linalg.pinv(corr))
        for _ in range(100):
            np.fill_diagonal(reduced, communality)
            values, vectors = np.linalg.eigh(reduced)
            loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
            new = np.clip(loadings**2, 0.0, 1.0)
            if np.allclose(new, communality, atol=1e-6):
                break
            communality = new
        loadings = np.abs(loadings)
    return np.asarray(loadings / loadings.sum(), dtype=np.float64)


def compute_index(
    recipe: Recipe,
    data: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
) -> IndexResult:
    """Compute the index described by ``recipe`` for every area in ``data``.

    Parameters
    ----------
    recipe : Recipe
        What to compute.
    data : DataFrame
        One row per area (index = area code), one column per indicator named
        ``dataset.column`` (see ``Recipe.required_columns``).
    groups : Series, optional
        Area code to group (authority) code, for local ranks and bands.

    Returns
    -------
    IndexResult
        Scores, ranks, bands, domain scores, weights and a missing-value report.

    Raises
    ------
    RecipeError
        For unknown columns, non-numeric data or missing values under
        ``missing = "fail"``.

    Examples
    --------
    >>> from hearthcore.composite.recipe import loads
    >>> recipe = loads('''
    ... [recipe]
    ... name = "two"
    ... [[indicators]]
    ... id = "a"
    ... dataset = "d"
    ... column = "a"
    ... weight = 0.5
    ... [[indicators]]
    ... id = "b"
    ... dataset = "d"
    ... column = "b"
    ... weight = 0.5
    ... ''')
    >>> frame = pd.DataFrame({"d.a": [1.0, 3.0], "d.b": [2.0, 1.0]}, index=["X", "Y"])
    >>> compute_index(recipe, frame).scores["rank"].tolist()
    [2.0, 1.0]
    """
    present, skipped = _check_columns(recipe, data)
    frame = data[[recipe.indicator(i).ref for i in present]].apply(
        pd.to_numeric, errors="coerce"
    )
    frame, missing = _apply_missing(recipe, frame)
    if frame.empty:
        raise RecipeError(f"Recipe '{recipe.name}' has no areas left to score.")
    matrix = transformed_matrix(recipe, frame, present)
    position = {ident: n for n, ident in enumerate(present)}
    domain_scores, domain_ids, manual = [], [], []
    indicator_weights: dict[str, float] = {}
    for domain in recipe.domains:
        members = [m for m in domain.indicators if m in position]
        if not members:
            continue
        within = np.array(
            [
                recipe.indicator(m).weight
                if recipe.indicator(m).weight is not None
                else 1.0
                for m in members
            ]
        )
        within = within / within.sum()
        sub = matrix[:, [position[m] for m in members]]
        domain_scores.append(aggregate(sub, within, domain.aggregation))
        domain_ids.append(domain.id)
        manual.append(domain.weight if domain.weight is not None else np.nan)
        for m, w in zip(members, within, strict=True):
            indicator_weights[m] = float(w)
    domains = np.column_stack(domain_scores)
    if recipe.weighting == "manual":
        weights = np.array(manual, dtype=np.float64)
        if recipe.aggregation != "sum":
            # Renormalised in case an optional indicator emptied a domain.
            weights = weights / weights.sum()
    elif recipe.weighting == "equal":
        weights = np.full(len(domain_ids), 1.0 / len(domain_ids))
    else:
        weights = data_driven_weights(domains, recipe.weighting)
    score = aggregate(domains, weights, recipe.aggregation)
    scores = pd.DataFrame({"score": score}, index=frame.index)
    scores.index.name = "area_code"
    scores["rank"] = need_rank(scores["score"])
    scores["decile"] = bands(scores["rank"], 10)
    scores["quintile"] = bands(scores["rank"], 5)
    if groups is not None:
        local = groups.reindex(scores.index)
        scores["group"] = local
        scores["local_rank"] = scores.groupby("group")["score"].rank(
            ascending=False, method="min"
        )
        sizes = scores.groupby("group")["score"].transform("count")
        scores["local_decile"] = np.ceil(scores["local_rank"] * 10 / sizes).clip(1, 10)
        scores["local_quintile"] = np.ceil(scores["local_rank"] * 5 / sizes).clip(1, 5)
    for n, ident in enumerate(domain_ids):
        scores[f"domain.{ident}"] = domains[:, n]
    domain_weights = {
        ident: float(w) for ident, w in zip(domain_ids, weights, strict=True)
    }
    overall = {
        m: indicator_weights[m] * domain_weights[d.id]
        for d in recipe.domains
        if d.id in domain_weights
        for m in d.indicators
        if m in indicator_weights
    }
    return IndexResult(recipe, scores, domain_weights, overall, missing, skipped)


def summarise(
    result: IndexResult, groups: pd.Series, population: pd.Series | None = None
) -> pd.DataFrame:
    """Summarise an index for groups of areas with the IoD summary measures.

    Parameters
    ----------
    result : IndexResult
        A computed index (ranks across all areas).
    groups : Series
        Area code to group code.
    population : Series, optional
        Area code to population; equal weights when omitted.

    Returns
    -------
    DataFrame
        Per group: ``areas``, ``population``, ``average_score`` and
        ``average_rank`` (population weighted), ``extent`` (share of the
        population in the most deprived 10% of areas, plus a share sliding
        from 100% to 0% for areas between the 10th and 30th percentiles),
        ``share_most_deprived_10`` and ``share_most_deprived_20`` (share of
        areas in the most deprived 10% and 20% nationally), and
        ``rank_of_average_score`` (1 = most need).

    Examples
    --------
    >>> from hearthcore.composite.recipe import loads
    >>> toml = ["[recipe]", 'name = "x"', "[[indicators]]", 'id = "a"', 'dataset = "d"', 'column = "a"', "weight = 1.0"]
    >>> r = loads(chr(10).join(toml))
    >>> res = compute_index(r, pd.DataFrame({"d.a": [float(v) for v in range(10)]}, index=list("abcdefghij")))
    >>> s = summarise(res, pd.Series({"a": "G1", "b": "G1", "c": "G1", "d": "G1", "e": "G1",
    ...                               "f": "G2", "g": "G2", "h": "G2", "i": "G2", "j": "G2"}))
    >>> float(s.loc["G2", "share_most_deprived_10"]), float(s.loc["G1", "share_most_deprived_10"])
    (0.2, 0.0)
    """
    scores = result.scores
    n = scores["rank"].notna().sum()
    frame = pd.DataFrame(
        {
            "group": groups.reindex(scores.index),
            "score": scores["score"],
            "rank": scores["rank"],
            "pop": population.reindex(scores.index).fillna(0.0)
            if population is not None
            else 1.0,
        }
    )
    percentile = 100.0 * frame["rank"] / n
    # IoD extent: full weight in the most deprived 10%, then a linear
    # sliding scale to zero at the 30th percentile (Technical Report 2019).
    frame["extent_weight"] = np.where(
        percentile <= 10, 1.0, np.clip((30.0 - percentile) / 20.0, 0.0, 1.0)
    )
    frame["in10"] = (percentile <= 10).astype(float)
    frame["in20"] = (percentile <= 20).astype(float)
    grouped = frame.groupby("group")
    pop = grouped["pop"].sum()
    out = pd.DataFrame(
        {
            "areas": grouped.size(),
            "population": pop,
            "average_score": grouped.apply(
                lambda g: (
                    np.average(g["score"], weights=g["pop"])
                    if g["pop"].sum()
                    else g["score"].mean()
                )
            ),
            "average_rank": grouped.apply(
                lambda g: (
                    np.average(g["rank"], weights=g["pop"])
                    if g["pop"].sum()
                    else g["rank"].mean()
                )
            ),
            "extent": grouped.apply(
                lambda g: (
                    (g["extent_weight"] * g["pop"]).sum() / g["pop"].sum()
                    if g["pop"].sum()
                    else np.nan
                )
            ),
            "share_most_deprived_10": grouped["in10"].mean(),
            "share_most_deprived_20": grouped["in20"].mean(),
        }
    )
    out["rank_of_average_score"] = out["average_score"].rank(
        ascending=False, method="min"
    )
    out.index.name = "group"
    return out
