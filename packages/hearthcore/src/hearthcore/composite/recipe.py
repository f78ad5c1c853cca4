"""Declarative index recipes (TOML): indicators, domains and how to combine them.

A recipe is data, not code: the shipped recipes live in ``recipes/*.toml``;
councils add their own in a folder or save them from the web. Every problem
in a recipe raises ``RecipeError`` with a message naming it.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

AGGREGATIONS = ("arithmetic", "geometric", "sum")
WEIGHTINGS = ("manual", "equal", "pca", "factor")
MISSING = ("fail", "drop", "impute_mean", "impute_median")
DIRECTIONS = ("higher_is_worse", "lower_is_worse")
# The scale each transformation puts an indicator on. Indicators combined
# by a mean must share one: a raw count next to rankits lets the count
# decide the ranking (asset density "as published" did exactly that).
SCALES = {
    "none": "as published",
    "log": "as published",
    "winsorise": "as published",
    "rank": "ranks",
    "percentile_rank": "0 to 1",
    "minmax": "0 to 1",
    "zscore": "standardised",
    "rankit": "standardised",
    "iod_exponential": "IoD exponential (0 to 100)",
}
# The transformations in transforms.TRANSFORMS (a test keeps the two equal);
# named here so that reading a recipe does not load numpy and scipy.
TRANSFORM_NAMES = (
    "none",
    "rank",
    "percentile_rank",
    "zscore",
    "minmax",
    "rankit",
    "log",
    "winsorise",
    "iod_exponential",
)


class RecipeError(ValueError):
    """A recipe cannot be used; the message says why."""


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: where its figures come from and how to treat them."""

    id: str
    dataset: str
    column: str
    direction: str = "higher_is_worse"
    transform: str = "none"
    params: dict[str, float] = field(default_factory=dict)
    weight: float | None = None
    optional: bool = False
    title: str = ""
    why: str = ""
    source: str = ""

    @property
    def ref(self) -> str:
        """Return the column name the engine expects: ``dataset.column``."""
        return f"{self.dataset}.{self.column}"


@dataclass(frozen=True)
class DomainSpec:
    """A group of indicators combined into one domain score."""

    id: str
    indicators: tuple[str, ...]
    weight: float | None = None
    aggregation: str = "arithmetic"
    title: str = ""
    level: str = ""


@dataclass(frozen=True)
class Recipe:
    """A whole index recipe."""

    name: str
    title: str
    description: str
    geography: str
    indicators: tuple[IndicatorSpec, ...]
    domains: tuple[DomainSpec, ...]
    aggregation: str = "arithmetic"
    weighting: str = "manual"
    missing: str = "fail"
    population: str = ""
    caveats: tuple[str, ...] = ()
    reference: str = ""
    text: str = ""

    def required_columns(self) -> list[tuple[str, str]]:
        """Return the (dataset, column) pairs the recipe reads.

        Returns
        -------
        list of tuple
            One pair per indicator, in recipe order.
        """
        return [(i.dataset, i.column) for i in self.indicators]

    def indicator(self, indicator_id: str) -> IndicatorSpec:
        """Return an indicator by id.

        Parameters
        ----------
        indicator_id : str
            The indicator's id.

        Returns
        -------
        IndicatorSpec
            The indicator.
        """
        return next(i for i in self.indicators if i.id == indicator_id)


def _need(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise RecipeError(f"{where} needs '{key}'.")
    return table[key]


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        close = difflib.get_close_matches(value, allowed, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise RecipeError(
            f"Unknown {what} '{value}'; use one of {', '.join(allowed)}.{hint}"
        )
    return value


def parse_recipe(data: dict[str, Any], *, text: str = "") -> Recipe:
    """Build and validate a recipe from parsed TOML.

    Parameters
    ----------
    data : dict
        The parsed TOML document.
    text : str
        The TOML text itself (kept so it can be saved and shown).

    Returns
    -------
    Recipe
        A validated recipe.

    Raises
    ------
    RecipeError
        Naming the first problem found.
    """
    meta = _need(data, "recipe", "A recipe")
    name = str(_need(meta, "name", "[recipe]"))
    indicators = []
    seen: set[str] = set()
    for n, raw in enumerate(data.get("indicators", []), start=1):
        where = f"Indicator {n}"
        ident = str(_need(raw, "id", where))
        if ident in seen:
            raise RecipeError(f"Indicator id '{ident}' is used twice.")
        seen.add(ident)
        transform = _choice(
            str(raw.get("transform", "none")),
            TRANSFORM_NAMES,
            f"transformation for indicator '{ident}'",
        )
        indicators.append(
            IndicatorSpec(
                id=ident,
                dataset=str(_need(raw, "dataset", f"Indicator '{ident}'")),
                column=str(_need(raw, "column", f"Indicator '{ident}'")),
                direction=_choice(
                    str(raw.get("direction", "higher_is_worse")),
                    DIRECTIONS,
                    f"direction for indicator '{ident}'",
                ),
                transform=transform,
                params={k: float(v) for k, v in raw.get("params", {}).items()},
                weight=float(raw["weight"]) if "weight" in raw else None,
                optional=bool(raw.get("optional", False)),
                title=str(raw.get("title", ident.replace("_", " ").capitalize())),
                why=str(raw.get("why", "")),
                source=str(raw.get("source", "")),
            )
        )
    if not indicators:
        raise RecipeError(f"Recipe '{name}' has no indicators.")
    domains = []
    domain_ids: set[str] = set()
    for n, raw in enumerate(data.get("domains", []), start=1):
        ident = str(_need(raw, "id", f"Domain {n}"))
        if ident in domain_ids:
            raise RecipeError(f"Domain id '{ident}' is used twice.")
        domain_ids.add(ident)
        members = tuple(str(m) for m in raw.get("indicators", []))
        if not members:
            raise RecipeError(f"Domain '{ident}' is empty: list its indicators.")
        for member in members:
            if member not in seen:
                close = difflib.get_close_matches(member, sorted(seen), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                raise RecipeError(
                    f"Domain '{ident}' lists unknown indicator '{member}'.{hint}"
                )
        domains.append(
            DomainSpec(
                id=ident,
                indicators=members,
                weight=float(raw["weight"]) if "weight" in raw else None,
                aggregation=_choice(
                    str(raw.get("aggregation", "arithmetic")),
                    AGGREGATIONS,
                    f"aggregation for domain '{ident}'",
                ),
                title=str(raw.get("title", ident.replace("_", " ").capitalize())),
                level=str(raw.get("level", "")),
            )
        )
    grouped = bool(domains)
    for domain in domains:
        _check_common_scale(
            name,
            f"Domain '{domain.id}'",
            [(m, _indicator(indicators, m).transform) for m in domain.indicators],
        )
    if not grouped:
        # One domain per indicator when the recipe does not group them; the
        # indicators' weights are then the domains' weights.
        domains = [
            DomainSpec(id=i.id, indicators=(i.id,), weight=i.weight, title=i.title)
            for i in indicators
        ]
    combine = data.get("combine", {})
    weighting = _choice(str(combine.get("weights", "manual")), WEIGHTINGS, "weighting")
    # A weighted sum takes the weights as given (the IMD's published weights
    # are rounded and sum to 0.999); means need weights that sum to 1.
    if weighting == "manual" and combine.get("aggregation", "arithmetic") != "sum":
        _check_weights(name, [(d.id, d.weight) for d in domains], "domain")
    # Domains are combined too: their scores are on their members' scale.
    _check_common_scale(
        name,
        "The combination",
        [(d.id, _indicator(indicators, d.indicators[0]).transform) for d in domains],
    )
    for domain in domains if grouped else []:
        within = [(m, _indicator(indicators, m).weight) for m in domain.indicators]
        if any(w is not None for _m, w in within):
            _check_weights(name, within, f"indicator (in domain '{domain.id}')")
    return Recipe(
        name=name,
        title=str(meta.get("title", name)),
        description=str(meta.get("description", "")),
        geography=str(meta.get("geography", "lsoa21")),
        indicators=tuple(indicators),
        domains=tuple(domains),
        aggregation=_choice(
            str(combine.get("aggregation", "arithmetic")), AGGREGATIONS, "aggregation"
        ),
        weighting=weighting,
        missing=_choice(
            str(meta.get("missing", "fail")), MISSING, "missing-value policy"
        ),
        population=str(meta.get("population", "")),
        caveats=tuple(str(c) for c in meta.get("caveats", [])),
        reference=str(meta.get("reference", "")),
        text=text,
    )


def _check_common_scale(name: str, where: str, members: list[tuple[str, str]]) -> None:
    """Refuse a mean of indicators (or domains) on different scales."""
    scales: dict[str, list[str]] = {}
    for ident, transform in members:
        scales.setdefault(SCALES[transform], []).append(f"{ident} ({transform})")
    if len(scales) > 1:
        parts = "; ".join(
            f"{scale}: {', '.join(idents)}" for scale, idents in sorted(scales.items())
        )
        raise RecipeError(
            f"Recipe '{name}': {where} mixes indicators on different scales ({parts}). "
            'Give them one transformation (for example transform = "rankit"), '
            "so that no indicator dominates because of its units."
        )


def _indicator(indicators: list[IndicatorSpec], ident: str) -> IndicatorSpec:
    return next(i for i in indicators if i.id == ident)


def _check_weights(
    name: str, weights: list[tuple[str, float | None]], what: str
) -> None:
    missing = [ident for ident, w in weights if w is None]
    if missing:
        raise RecipeError(
            f"Recipe '{name}': give every {what} a weight (missing for {', '.join(missing)}), or use weights = \"equal\"."
        )
    negative = [ident for ident, w in weights if w is not None and w < 0]
    if negative:
        raise RecipeError(
            f"Recipe '{name}': {what} weights cannot be negative ({', '.join(negative)})."
        )
    total = sum(w for _ident, w in weights if w is not None)
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise RecipeError(
            f"Recipe '{name}': the {what} weights sum to {total:g}, not 1."
        )


def loads(text: str) -> Recipe:
    """Parse a recipe from TOML text.

    Parameters
    ----------
    text : str
        The recipe.

    Returns
    -------
    Recipe
        The validated recipe.

    Examples
    --------
    >>> r = loads('''
    ... [recipe]
    ... name = "tiny"
    ... [[indicators]]
    ... id = "income"
    ... dataset = "iod2025"
    ... column = "income_score"
    ... weight = 1.0
    ... ''')
    >>> r.required_columns()
    [('iod2025', 'income_score')]
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RecipeError(f"The recipe is not valid TOML: {error}") from None
    return parse_recipe(data, text=text)


def shipped() -> dict[str, Path]:
    """Return the recipes shipped with Hearth, by name.

    Returns
    -------
    dict of str to Path
        Recipe name to file.
    """
    folder = resources.files("hearthcore.composite").joinpath("recipes")
    return {
        Path(str(p)).stem: Path(str(p))
        for p in folder.iterdir()
        if str(p).endswith(".toml")
    }


def load(name_or_path: str | Path, *, folders: list[Path] | None = None) -> Recipe:
    """Load a recipe by name (shipped or in ``folders``) or from a file.

    Parameters
    ----------
    name_or_path : str or Path
        ``imd2025``, or a path to a ``.toml`` file.
    folders : list of Path, optional
        Extra folders of user recipes, searched before the shipped ones.

    Returns
    -------
    Recipe
        The validated recipe.

    Raises
    ------
    RecipeError
        If there is no such recipe, or it is invalid.
    """
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        return loads(path.read_text(encoding="utf-8"))
    available = {}
    available.update(shipped())
    for folder in folders or []:
        available.update({p.stem: p for p in Path(folder).glob("*.toml")})
    if str(name_or_path) not in available:
        close = difflib.get_close_matches(str(name_or_path), sorted(available), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise RecipeError(
            f"There is no recipe '{name_or_path}'. Available: {', '.join(sorted(available))}.{hint}"
        )
    return loads(available[str(name_or_path)].read_text(encoding="utf-8"))
