"""Composite indices from declarative recipes: the resilience index engine.

>>> from hearthcore import composite
>>> recipe = composite.load("imd2025")
>>> recipe.required_columns()[0]
('iod2025', 'income_rank')
"""

from __future__ import annotations

from .analysis import Diagnostics, cronbach_alpha, diagnose, expected
from .engine import (
    IndexResult,
    MissingAction,
    aggregate,
    bands,
    compute_index,
    data_driven_weights,
    need_rank,
    summarise,
)
from .explain import explain
from .recipe import DomainSpec, IndicatorSpec, Recipe, RecipeError, load, loads, shipped
from .uncertainty import UncertaintyResult
from .uncertainty import run as uncertainty

__all__ = [
    "Diagnostics",
    "DomainSpec",
    "IndexResult",
    "IndicatorSpec",
    "MissingAction",
    "Recipe",
    "RecipeError",
    "UncertaintyResult",
    "aggregate",
    "bands",
    "compute_index",
    "cronbach_alpha",
    "data_driven_weights",
    "diagnose",
    "expected",
    "explain",
    "load",
    "loads",
    "need_rank",
    "shipped",
    "summarise",
    "uncertainty",
]
