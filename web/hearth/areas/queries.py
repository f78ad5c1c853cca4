"""Read figures: whole columns, cached in memory until the dataset changes."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .models import Area, Dataset, Geography, Indicator


class UnknownIndicator(LookupError):
    pass


def parse_ref(ref: str) -> tuple[str, str]:
    """Split "dataset.column" into its parts."""
    kind, sep, code = ref.partition(".")
    if not sep or not kind or not code:
        raise UnknownIndicator(
            f"'{ref}' is not an indicator reference: use DATASET.COLUMN, "
            "for example iod2025.imd_score"
        )
    return kind, code


def get_indicator(ref: str) -> Indicator:
    kind, code = parse_ref(ref)
    indicator = (
        Indicator.objects.select_related("dataset")
        .defer("values")
        .filter(dataset__kind=kind, code=code)
        .first()
    )
    if indicator is None:
        raise UnknownIndicator(
            f"There is no indicator '{ref}'. Import its dataset first."
        )
    return indicator


@lru_cache(maxsize=64)
def _codes(dataset_id: int, checksum: str) -> pd.Index:
    dataset = Dataset.objects.only("area_codes").get(pk=dataset_id)
    return pd.Index(dataset.codes(), name="area_code")


@lru_cache(maxsize=512)
def _column(indicator_id: int, checksum: str) -> np.ndarray:
    blob = Indicator.objects.values_list("values", flat=True).get(pk=indicator_id)
    return decode(blob)


def decode(blob: bytes | memoryview) -> np.ndarray:
    from .models import decode_values

    return decode_values(blob)


def column(indicator: Indicator) -> pd.Series:
    """Return an indicator's values as a Series indexed by area code."""
    dataset = indicator.dataset
    index = _codes(dataset.pk, dataset.checksum)
    values = _column(indicator.pk, dataset.checksum)
    return pd.Series(values, index=index, name=indicator.ref)


@lru_cache(maxsize=256)
def _ranking(
    indicator_id: int, checksum: str, higher_is_worse: bool | None
) -> tuple[pd.Series, pd.Series]:
    indicator = (
        Indicator.objects.select_related("dataset").defer("values").get(pk=indicator_id)
    )
    series = column(indicator)
    return need_order(series, higher_is_worse), deciles(series, higher_is_worse)


def national_ranking(indicator: Indicator) -> tuple[pd.Series, pd.Series]:
    """Return (rank, decile) across England, 1 = most need; cached."""
    return _ranking(indicator.pk, indicator.dataset.checksum, indicator.higher_is_worse)


def clear_caches() -> None:
    """Forget cached figures and boundaries (after an import, and in tests)."""
    from . import explorer

    _codes.cache_clear()
    _column.cache_clear()
    _ranking.cache_clear()
    explorer._small_areas.cache_clear()
    explorer._boundaries.cache_clear()


def need_order(values: pd.Series, higher_is_worse: bool | None) -> pd.Series:
    """Rank values so that 1 is the most need (ties share the lowest rank)."""
    ascending = higher_is_worse is False
    return values.rank(method="min", ascending=ascending, na_option="keep")


def deciles(values: pd.Series, higher_is_worse: bool | None) -> pd.Series:
    """Deciles as the IoD defines them: 1 = the 10% of areas with most need."""
    ranks = need_order(values, higher_is_worse)
    n = int(ranks.notna().sum())
    if n == 0:
        return ranks
    result: pd.Series = np.ceil(ranks * 10 / n).clip(1, 10)
    return result


def lad_name(code: str) -> str:
    """A local authority's name from its GSS code (the code if unknown)."""
    name = (
        Area.objects.filter(code=code, geography__startswith="lad")
        .order_by("-geography")
        .values_list("name", flat=True)
        .first()
    )
    return name or code


def lads(country: str = "E") -> list[Area]:
    """The current local authority districts (2024, else 2019) of a country.

    ``country`` is the first letter of the GSS code: E England, W Wales,
    S Scotland, N Northern Ireland ("" for all).
    """
    for geography in (Geography.LAD24, Geography.LAD19, Geography.LAD21):
        found = list(
            Area.objects.of(geography)
            .filter(code__startswith=country)
            .defer("geometry")
            .order_by("name")
        )
        if found:
            return found
    return []


def find_lad(code: str) -> Area | None:
    for geography in (
        Geography.LAD24,
        Geography.LAD19,
        Geography.LAD21,
        Geography.LAD22,
    ):
        area = Area.objects.of(geography).filter(code=code).defer("geometry").first()
        if area is not None:
            return area
    return None


def indicators_for(geography: str) -> list[Indicator]:
    return list(
        Indicator.objects.select_related("dataset")
        .defer("values", "dataset__area_codes")
        .filter(dataset__geography=geography)
        .order_by("dataset__kind", "position")
    )
