"""A methodology document generated from a recipe."""

from __future__ import annotations

from .recipe import Recipe

_TRANSFORM_TEXT = {
    "none": "used as published",
    "rank": "ranked",
    "percentile_rank": "converted to percentile ranks",
    "zscore": "standardised (z-scores)",
    "minmax": "rescaled to 0-100 (min-max)",
    "rankit": "converted to normal scores (rankits)",
    "log": "log-transformed",
    "winsorise": "winsorised (extremes clipped)",
    "iod_exponential": "ranked and exponentially transformed as in the IoD",
}


def explain(recipe: Recipe) -> str:
    """Return a Markdown methodology document for a recipe.

    Parameters
    ----------
    recipe : Recipe
        The recipe to describe.

    Returns
    -------
    str
        Markdown: purpose, indicators with direction, treatment, why and
        source, domains and weights, combination, missing values, caveats.

    Examples
    --------
    >>> from hearthcore.composite.recipe import load
    >>> text = explain(load("imd2025"))
    >>> "Income" in text and "22.5%" in text
    True
    """
    lines = [f"# {recipe.title}", "", recipe.description.strip(), ""]
    lines += [f"Geography: **{recipe.geography}**. Recipe name: `{recipe.name}`.", ""]
    if recipe.reference:
        lines += [f"Reference: {recipe.reference}", ""]
    lines += [
        "## Indicators",
        "",
        "| indicator | data | direction | treatment | why | source |",
        "|---|---|---|---|---|---|",
    ]
    for spec in recipe.indicators:
        direction = (
            "higher is worse"
            if spec.direction == "higher_is_worse"
            else "lower is worse"
        )
        optional = " (optional)" if spec.optional else ""
        lines.append(
            f"| {spec.title}{optional} | `{spec.ref}` | {direction} | {_TRANSFORM_TEXT[spec.transform]} | {spec.why} | {spec.source} |"
        )
    lines += [
        "",
        "## Domains and weights",
        "",
        "| domain | indicators | weight | aggregation |",
        "|---|---|---|---|",
    ]
    for domain in recipe.domains:
        weight = (
            f"{domain.weight:.1%}" if domain.weight is not None else recipe.weighting
        )
        lines.append(
            f"| {domain.title} | {', '.join(domain.indicators)} | {weight} | {domain.aggregation} |"
        )
    how = {
        "arithmetic": "a weighted arithmetic mean",
        "geometric": "a weighted geometric mean (less compensation between domains)",
        "sum": "a weighted sum",
    }[recipe.aggregation]
    weights = {
        "manual": "the weights above",
        "equal": "equal weights",
        "pca": "weights from the first principal component of the domain scores",
        "factor": "weights from one-factor loadings of the domain scores",
    }[recipe.weighting]
    lines += [
        "",
        "## Combination",
        "",
        f"Domain scores are combined by {how} using {weights}. Areas are ranked so that 1 is the area of most need; deciles and quintiles follow the IoD convention (decile 1 = the 10% of areas with most need).",
        "",
        "## Missing values",
        "",
        {
            "fail": "Any missing value stops the calculation, naming the indicator and areas.",
            "drop": "Areas with a missing value are left out and listed in the report.",
            "impute_mean": "Missing values are replaced by the indicator's mean; the report counts them.",
            "impute_median": "Missing values are replaced by the indicator's median; the report counts them.",
        }[recipe.missing],
    ]
    if recipe.caveats:
        lines += ["", "## Caveats", ""] + [f"- {c}" for c in recipe.caveats]
    return "\n".join(lines) + "\n"
