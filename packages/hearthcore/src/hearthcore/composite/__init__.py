"""Composite indices from declarative recipes: the resilience index engine.

>>> from hearthcore import composite
>>> recipe = composite.load("imd2025")
>>> recipe.required_columns()[0]
('iod2025', 'income_rank')

Names load on first use: reading and listing recipes needs no numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import loader, public_names

if TYPE_CHECKING:
    from .analysis import (
        Diagnostics as Diagnostics,
    )
    from .analysis import (
        cronbach_alpha as cronbach_alpha,
    )
    from .analysis import (
        diagnose as diagnose,
    )
    from .analysis import (
        expected as expected,
    )
    from .engine import (
        IndexResult as IndexResult,
    )
    from .engine import (
        MissingAction as MissingAction,
    )
    from .engine import (
        aggregate as aggregate,
    )
    from .engine import (
        bands as bands,
    )
    from .engine import (
        compute_index as compute_index,
    )
    from .engine import (
        data_driven_weights as data_driven_weights,
    )
    from .engine import (
        need_rank as need_rank,
    )
    from .engine import (
        summarise as summarise,
    )
    from .methodology import explain as explain
    from .montecarlo import UncertaintyResult as UncertaintyResult
    from .montecarlo import uncertainty as uncertainty
    from .recipe import (
        DomainSpec as DomainSpec,
    )
    from .recipe import (
        IndicatorSpec as IndicatorSpec,
    )
    from .recipe import (
        Recipe as Recipe,
    )
    from .recipe import (
        RecipeError as RecipeError,
    )
    from .recipe import (
        load as load,
    )
    from .recipe import (
        loads as loads,
    )
    from .recipe import (
        shipped as shipped,
    )

_WHERE = {
    "analysis": ("Diagnostics", "cronbach_alpha", "diagnose", "expected"),
    "engine": (
        "IndexResult",
        "MissingAction",
        "aggregate",
        "bands",
        "compute_index",
        "data_driven_weights",
        "need_rank",
        "summarise",
    ),
    "methodology": ("explain",),
    "recipe": (
        "DomainSpec",
        "IndicatorSpec",
        "Recipe",
        "RecipeError",
        "load",
        "loads",
        "shipped",
    ),
    "montecarlo": ("UncertaintyResult", "uncertainty"),
}
__all__ = public_names(_WHERE)
__getattr__ = loader(__name__, globals(), _WHERE)
