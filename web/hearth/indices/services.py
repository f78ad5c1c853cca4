"""The bridge between stored area data and the index engine in hearthcore."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
from django.db import transaction

from hearth.areas.explorer import LAD_FOR_SMALL_AREA
from hearth.areas.models import (
    Area,
    Dataset,
    Geography,
    Indicator,
    decode_codes,
    decode_values,
    encode_codes,
    encode_values,
)
from hearth.areas.queries import column
from hearth.areas.versions import data_version
from hearth.core.cache import versioned
from hearthcore import composite
from hearthcore.composite import IndexResult, Recipe, RecipeError

from .models import IndexRun
from .recipes import available, load_recipe


def frame_for(recipe: Recipe) -> pd.DataFrame:
    """One column per indicator the recipe needs, from the stored datasets.

    The areas scored are those of the recipe's first indicator's dataset
    (e.g. the 33,755 English LSOAs of the IoD 2025); other datasets are
    matched to them by code. A dataset that is not loaded is simply absent,
    so the engine can name it (or skip an optional indicator).
    """
    wanted = {(spec.dataset, spec.column) for spec in recipe.indicators}
    if recipe.population:
        kind, _, code = recipe.population.partition(".")
        wanted.add((kind, code))
    indicators = (
        Indicator.objects.select_related("dataset")
        .defer("values", "dataset__area_codes")
        .filter(dataset__kind__in={k for k, _c in wanted})
    )
    columns: dict[str, pd.Series | None] = {}
    for indicator in indicators:
        if (indicator.dataset.kind, indicator.code) in wanted:
            columns[indicator.ref] = column(indicator)
        elif indicator.dataset.kind in {s.dataset for s in recipe.indicators}:
            # Keep the dataset's other columns visible to the engine's
            # "close matches" message for a mistyped column.
            columns.setdefault(indicator.ref, None)
    primary = columns.get(recipe.indicators[0].ref)
    if primary is None:
        # Let the engine explain what is missing.
        return pd.DataFrame({ref: pd.Series(dtype=float) for ref in columns})
    index = primary.index
    data = {
        ref: (
            series.reindex(index)
            if series is not None
            else pd.Series(float("nan"), index=index)
        )
        for ref, series in columns.items()
    }
    return pd.DataFrame(data, index=index)


def frame_for_refs(refs: list[str]) -> pd.DataFrame:
    """Columns for DATASET.COLUMN refs, on the first ref's areas."""
    from hearth.areas.queries import UnknownIndicator, get_indicator

    series = []
    for ref in refs:
        try:
            series.append(column(get_indicator(ref)))
        except UnknownIndicator as error:
            raise RecipeError(str(error)) from None
    index = series[0].index
    frame = pd.DataFrame({str(s.name): s.reindex(index) for s in series}, index=index)
    frame.index.name = "area_code"
    return frame


def geography_of(ref: str) -> str:
    from hearth.areas.queries import get_indicator

    return get_indicator(ref).dataset.geography


def groups_for(geography: str) -> pd.Series:
    """Each small area's local authority code (for local deciles)."""
    rows = Area.objects.filter(geography=geography).values_list("code", "lad__code")
    return pd.Series(dict(rows), name="lad")


@dataclass(frozen=True)
class Run:
    recipe: Recipe
    result: IndexResult
    population: pd.Series | None


def run(recipe: Recipe) -> Run:
    return _run(recipe.name, recipe.text, data_version())


@versioned("index-run", memory=16)
def _run(name: str, text: str, version: int) -> Run:
    recipe = composite.loads(text) if text else load_recipe(name)
    data = frame_for(recipe)
    result = composite.compute_index(recipe, data, groups=groups_for(recipe.geography))
    population = data[recipe.population] if recipe.population in data.columns else None
    # Saved recipes (with a name) are kept as runs; what-if variants are not.
    if name and text:
        store_run(recipe, result)
    return Run(recipe, result, population)


def bands(recipe: Recipe, runs: int = 240) -> pd.DataFrame:
    """Each area's uncertainty band (5th to 95th percentile rank), cached."""
    return _bands(recipe.name, recipe.text, data_version(), runs)


@versioned("index-bands", memory=8)
def _bands(name: str, text: str, version: int, runs: int) -> pd.DataFrame:
    recipe = composite.loads(text) if text else load_recipe(name)
    ranks = composite.uncertainty(recipe, frame_for(recipe), runs=runs).ranks
    store_bands(recipe, ranks, runs)
    return ranks


# --- stored runs -------------------------------------------------------------


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def datasets_read(recipe: Recipe) -> dict[str, dict[str, str]]:
    """The datasets a recipe reads, with their release and checksum."""
    kinds = {spec.dataset for spec in recipe.indicators}
    if recipe.population:
        kinds.add(recipe.population.partition(".")[0])
    return {
        d.kind: {"release": d.release, "checksum": d.checksum, "title": d.title}
        for d in Dataset.objects.filter(kind__in=kinds).defer("area_codes")
    }


def _keys(recipe: Recipe) -> tuple[str, str, dict[str, dict[str, str]]]:
    read = datasets_read(recipe)
    data_key = _sha(";".join(f"{k}:{v['checksum']}" for k, v in sorted(read.items())))
    return _sha(recipe.text or recipe.name), data_key, read


def store_run(recipe: Recipe, result: IndexResult) -> IndexRun:
    """Keep a run (once per recipe and data): every area's score and ranks."""
    checksum, data_key, read = _keys(recipe)
    existing = IndexRun.objects.filter(
        recipe=recipe.name, recipe_checksum=checksum, data_key=data_key
    ).first()
    if existing is not None:
        return existing
    scores = result.scores
    codes = [str(c) for c in scores.index]
    with transaction.atomic():
        run_row, _created = IndexRun.objects.get_or_create(
            recipe=recipe.name,
            recipe_checksum=checksum,
            data_key=data_key,
            defaults={
                "title": recipe.title[:200],
                "datasets": read,
                "geography": recipe.geography,
                "areas": len(codes),
                "area_codes": encode_codes(codes),
                "groups": encode_codes([str(g) for g in scores["group"].fillna("")]),
                **{
                    column: encode_values(scores[column].to_numpy(dtype="float64"))
                    for column in (
                        "score",
                        "rank",
                        "decile",
                        "local_rank",
                        "local_decile",
                    )
                },
            },
        )
    return run_row


def store_bands(recipe: Recipe, ranks: pd.DataFrame, runs: int) -> None:
    """Add uncertainty bands to the stored run of this recipe and data."""
    checksum, data_key, _read = _keys(recipe)
    row = IndexRun.objects.filter(
        recipe=recipe.name, recipe_checksum=checksum, data_key=data_key
    ).first()
    if row is None or row.band_runs >= runs:
        return
    codes = pd.Index(decode_codes(row.area_codes))
    row.band_low = encode_values(
        ranks["rank_p05"].reindex(codes).to_numpy(dtype="float64")
    )
    row.band_high = encode_values(
        ranks["rank_p95"].reindex(codes).to_numpy(dtype="float64")
    )
    row.band_runs = runs
    row.save(update_fields=["band_low", "band_high", "band_runs"])


def stored_scores(row: IndexRun) -> pd.DataFrame:
    """A stored run as a frame: one row per area (index area_code)."""
    codes = pd.Index(decode_codes(row.area_codes), name="area_code")
    frame = pd.DataFrame(
        {
            column: decode_values(getattr(row, column))
            for column in ("score", "rank", "decile", "local_rank", "local_decile")
        },
        index=codes,
    )
    frame.insert(0, "lad_code", decode_codes(row.groups))
    if row.band_runs and row.band_low is not None and row.band_high is not None:
        frame["band_low"] = decode_values(row.band_low)
        frame["band_high"] = decode_values(row.band_high)
    return frame


def geojson(recipe: Recipe, lad_code: str) -> str:
    """The authority's small areas with the index's rank and decile."""
    import json

    from hearth.areas.explorer import boundaries, small_areas

    scores = run(recipe).result.scores
    local = scores[scores["group"] == lad_code]
    geometry = boundaries(lad_code, recipe.geography)
    areas = {a.code: a for a in small_areas(lad_code, recipe.geography)}
    features = []
    for code, row in local.iterrows():
        area = areas.get(str(code))
        props = {
            "area_code": code,
            "area_name": area.name if area else str(code),
            "ward_name": area.parent.name if area and area.parent else "",
            "value": round(float(row["score"]), 4),
            "national_rank": float(row["rank"]),
            "national_decile": float(row["decile"]),
            "local_decile": float(row["local_decile"]),
            "local_rank": float(row["local_rank"]),
        }
        features.append(
            '{"type":"Feature","id":'
            + json.dumps(code)
            + ',"properties":'
            + json.dumps(props)
            + ',"geometry":'
            + (geometry.get(str(code)) or "null")
            + "}"
        )
    meta = {
        "recipe": recipe.name,
        "title": recipe.title,
        "geography": recipe.geography,
        "attribution": "Hearth index built from MHCLG and ONS data, Open Government Licence v3.0.",
    }
    return (
        '{"type":"FeatureCollection","metadata":'
        + json.dumps(meta)
        + ',"features":['
        + ",".join(features)
        + "]}"
    )


def lad_geography(recipe: Recipe) -> str:
    return LAD_FOR_SMALL_AREA[Geography(recipe.geography)]


__all__ = [
    "RecipeError",
    "available",
    "frame_for",
    "groups_for",
    "lad_geography",
    "load_recipe",
    "run",
]
