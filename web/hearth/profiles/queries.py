"""Fetch what a profile reads from the database; the building is in
:mod:`hearthcore.profile`.

The national inputs (every column a profile reads, standardised indicators
for statistical neighbours, the resilience index and its bands) are built
once per data version and kept in memory; an authority's tables are cached
per authority. A request then only aggregates its own few LSOAs.
"""

from __future__ import annotations

import pandas as pd

from hearth.areas.models import Area, AreaLink, Geography, Indicator
from hearth.areas.queries import column, lad_name
from hearth.areas.versions import data_version
from hearth.core.cache import versioned
from hearth.indices import services as index_services
from hearthcore import profile as core
from hearthcore.composite import RecipeError

MAX_CUSTOM_AREAS = 400


class ProfileError(ValueError):
    """The areas asked for cannot be profiled (the message says why)."""


def _dataset(kind: str) -> core.Dataset | None:
    indicators = list(
        Indicator.objects.select_related("dataset")
        .defer("values", "dataset__area_codes")
        .filter(dataset__kind=kind)
        .order_by("position", "pk")
    )
    if not indicators:
        return None
    values = pd.DataFrame({i.code: column(i) for i in indicators})
    return core.Dataset(values, {i.code: i.label for i in indicators})


def _resilience() -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    try:
        recipe = index_services.load_recipe("resilience")
        result = index_services.run(recipe).result.scores
        bands = index_services.bands(recipe)
    except RecipeError:
        return None, None
    return result, bands


@versioned("profile-inputs", memory=2)
def _inputs(version: int) -> core.Inputs:
    datasets = {
        kind: found for kind in core.DATASETS if (found := _dataset(kind)) is not None
    }
    lsoas = Area.objects.filter(geography=Geography.LSOA21)
    lad_of = pd.Series(dict(lsoas.values_list("code", "lad__code")), dtype=object)
    links = pd.DataFrame(
        list(AreaLink.objects.values_list("old__code", "new__code", "change")),
        columns=["old", "new", "change"],
    )
    lad_names = dict(
        Area.objects.filter(geography__startswith="lad")
        .order_by("geography")
        .values_list("code", "name")
    )
    resilience, bands = _resilience()
    return core.prepare(
        datasets,
        lad_of=lad_of,
        links=links,
        area_names=dict(lsoas.values_list("code", "name")),
        lad_names=lad_names,
        resilience=resilience,
        bands=bands,
    )


def inputs() -> core.Inputs:
    """The national inputs for the current data (cached per data version)."""
    return _inputs(data_version())


@versioned("profile-authority", memory=64)
def _authority(lad_code: str, version: int) -> dict[str, pd.DataFrame]:
    return core.authority_tables(_inputs(version), lad_code)


def clear_cache() -> None:
    _inputs.cache_clear()
    _authority.cache_clear()


def build(selection: core.Selection) -> core.Profile:
    """Profile a selection against its authority and England."""
    return core.build(
        inputs(),
        selection,
        authority=_authority(selection.lad_code, data_version()),
    )


def for_codes(codes: list[str], *, label: str = "Selected areas") -> core.Selection:
    """A custom set of LSOA 2021 codes, validated against the loaded areas."""
    cleaned = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if not cleaned:
        raise ProfileError("Enter at least one LSOA 2021 code, such as E01025153")
    if len(cleaned) > MAX_CUSTOM_AREAS:
        raise ProfileError(
            f"A profile can cover at most {MAX_CUSTOM_AREAS} LSOAs; you entered {len(cleaned)}"
        )
    known = set(
        Area.objects.filter(geography=Geography.LSOA21, code__in=cleaned).values_list(
            "code", flat=True
        )
    )
    unknown = [c for c in cleaned if c not in known]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise ProfileError(f"These are not LSOA 2021 codes Hearth knows: {shown}")
    return core.selection(inputs(), cleaned, label=label)


# Which vintage of a code to profile when several share it (a ward code in
# the 2021, 2022 and 2024 lookups): the one LSOA 2021 areas hang from.
_PREFERRED = [
    Geography.LSOA21,
    Geography.WARD24,
    Geography.LAD24,
    Geography.LSOA11,
]


def for_area(code: str) -> core.Selection:
    """An LSOA, ward or local authority by its ONS code.

    An LSOA 2011 code is profiled through the LSOA 2021 areas it became; a
    ward or district through the LSOA 2021 areas in it.
    """
    code = code.strip().upper()
    candidates = list(Area.objects.filter(code=code).defer("geometry"))
    if not candidates:
        raise ProfileError(f"There is no area with the code {code}")
    candidates.sort(
        key=lambda a: (
            _PREFERRED.index(Geography(a.geography))
            if a.geography in _PREFERRED
            else len(_PREFERRED)
        )
    )
    area = candidates[0]
    lsoas = Area.objects.filter(geography=Geography.LSOA21)
    if area.geography == Geography.LSOA21:
        codes = [area.code]
    elif area.geography == Geography.LSOA11:
        codes = list(
            AreaLink.objects.filter(old=area).values_list("new__code", flat=True)
        )
    elif area.geography.startswith("lad"):
        codes = list(lsoas.filter(lad__code=area.code).values_list("code", flat=True))
    else:
        codes = list(
            lsoas.filter(parent__code=area.code).values_list("code", flat=True)
        )
    if not codes:
        raise ProfileError(
            f"{area.name} ({area.code}) has no LSOA 2021 areas loaded, so it cannot be profiled"
        )
    note = (
        f"{area.code} is an LSOA 2011 area: profiled through the LSOA 2021 areas it became."
        if area.geography == Geography.LSOA11
        else ""
    )
    return core.selection(
        inputs(), sorted(codes), label=f"{area.name} ({area.code})", note=note
    )


def for_community(name: str, codes: list[str], lad_code: str) -> core.Selection:
    """A community's LSOAs, set against the community's own authority."""
    return core.Selection(name, tuple(codes), lad_code, lad_name(lad_code))
