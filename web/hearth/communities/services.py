"""Propose focus communities for an authority from the stored evidence."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.utils.text import slugify

from hearth.areas.explorer import boundaries
from hearth.areas.models import Area, Geography, Indicator, Place
from hearth.areas.queries import column, lad_name
from hearth.indices import services as indices
from hearthcore import focus, sources

# People affected: income-deprived people (the IoD income numerator).
AFFECTED = {
    Geography.LSOA21: "iod2025_indicators.income_domain_numerator",
    Geography.LSOA11: "iod2019_indicators.income_domain_numerator",
}
THEMES = {
    "children": "iod2025_indicators.income_deprivation_affecting_children_index_idaci_numerator",
    "older people": "iod2025_indicators.income_deprivation_affecting_older_people_index_idaopi_numerator",
    "health": "iod2025.health_score",
    "employment": "iod2025.employment_score",
}


class FocusError(ValueError):
    pass


def _series(ref: str) -> pd.Series | None:
    kind, _, code = ref.partition(".")
    indicator = (
        Indicator.objects.select_related("dataset")
        .defer("values")
        .filter(dataset__kind=kind, code=code)
        .first()
    )
    return column(indicator) if indicator is not None else None


def _ward(area: Area | None) -> tuple[str, str]:
    parent = area.parent if area is not None else None
    return (parent.code, parent.name) if parent is not None else ("", "")


def propose_for(lad_code: str, recipe_name: str = "imd2025") -> dict[str, Any]:
    """Focus-community proposals for one authority, ready for JSON."""
    recipe = indices.load_recipe(recipe_name)
    run = indices.run(recipe)
    scores = run.result.scores
    local = scores[scores["group"] == lad_code]
    if local.empty:
        raise FocusError(
            f"No {recipe.geography.upper()} areas of {lad_code} in {recipe.name}; is the data loaded?"
        )
    codes = list(local.index)
    area_rows: dict[str, Area] = {
        a.code: a
        for a in Area.objects.filter(geography=recipe.geography, code__in=codes)
        .select_related("parent")
        .defer("geometry", "parent__geometry")
    }
    population = (
        run.population.reindex(codes)
        if run.population is not None
        else pd.Series(np.nan, index=codes)
    )
    affected = _series(AFFECTED.get(Geography(recipe.geography), ""))
    frame = pd.DataFrame(
        {
            "decile": local["decile"],
            "rank": local["rank"],
            "ward_code": [_ward(area_rows.get(c))[0] for c in codes],
            "ward_name": [_ward(area_rows.get(c))[1] for c in codes],
            "population": population.fillna(0.0).to_numpy(),
            "affected": affected.reindex(codes).fillna(0.0).to_numpy()
            if affected is not None
            else 0.0,
        },
        index=codes,
    )
    for theme, ref in THEMES.items():
        series = _series(ref)
        if series is not None:
            frame[theme] = series.reindex(codes)
    geometry = boundaries(lad_code, recipe.geography)
    with_shape = [c for c in codes if geometry.get(c)]
    neighbours = (
        sources.adjacency(
            shapely.from_geojson([geometry[c] for c in with_shape]), with_shape
        )
        if with_shape
        else {}
    )
    places = pd.DataFrame(
        list(
            Place.objects.filter(lsoa21__in=codes)
            .exclude(kind="Postcode district")
            .values("name", "kind", "lsoa21")
        ),
        columns=["name", "kind", "lsoa21"],
    ).rename(columns={"lsoa21": "area_code"})
    proposals = focus.propose(frame, neighbours, places)
    names = {code: area.name for code, area in area_rows.items()}

    def named(codes: list[str]) -> list[dict[str, str]]:
        return [{"code": c, "name": names.get(c, c)} for c in codes]

    records = focus.to_records(proposals)
    for record, proposal in zip(records, proposals, strict=True):
        record["named_areas"] = named(list(proposal.areas))
        record["priority_str"] = str(proposal.priority)
    thematic = focus.thematic(frame, {theme: theme for theme in THEMES})
    return {
        "lad": lad_code,
        "lad_name": lad_name(lad_code),
        "recipe": recipe.name,
        "geography": recipe.geography,
        "high_need": "national deciles 1-2 (the most deprived 20% of England)",
        "affected_measure": AFFECTED.get(Geography(recipe.geography), ""),
        "communities": records,
        "thematic": thematic,
        "themes": [
            {"name": theme, "slug": slugify(theme), "named_areas": named(codes)}
            for theme, codes in thematic.items()
        ],
    }
