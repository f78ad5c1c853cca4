"""Neighbourhood profiles: any set of LSOAs against its authority and England.

The national inputs (every column the profile reads, England's aggregates,
standardised indicators for statistical neighbours) are built once per data
version and kept in memory; an authority's aggregates are cached per
authority. A request then only aggregates its own few LSOAs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from hearth.areas.explorer import data_version
from hearth.areas.models import Area, AreaLink, Geography, Indicator
from hearth.areas.queries import column, lad_name
from hearthcore import profile as core

from .oac import GROUP_NAMES, SUPERGROUP_NAMES

MAX_CUSTOM_AREAS = 400

# (section, dataset, how): "counts" are summed and shown as shares of the
# total; "scores" are averaged, weighted by population.
SECTIONS: list[tuple[str, str, str]] = [
    ("Age", "census2021_age", "counts"),
    ("Disability", "census2021_disability", "counts"),
    ("Household deprivation", "census2021_household_deprivation", "counts"),
    ("Tenure", "census2021_tenure", "counts"),
    ("Accommodation type", "census2021_accommodation", "counts"),
    ("Overcrowding (bedrooms)", "census2021_overcrowding", "counts"),
    ("Ethnic group", "census2021_ethnicity", "counts"),
]
POPULATION = ("census2021_disability", "total")
DOMAINS = [
    ("income", "Income"),
    ("employment", "Employment"),
    ("education", "Education, skills and training"),
    ("health", "Health and disability"),
    ("crime", "Crime"),
    ("housing_and_services", "Barriers to housing and services"),
    ("environment", "Living environment"),
]
DOMAINS_2019 = {
    "income": "income",
    "employment": "employment",
    "education": "education_skills_and_training",
    "health": "health_deprivation_and_disability",
    "crime": "crime",
    "housing_and_services": "barriers_to_housing_and_services",
    "environment": "living_environment",
}
SUBDOMAINS = [
    ("children_and_young_people", "Children and young people (education)"),
    ("adult_skills", "Adult skills (education)"),
    ("geographical_barriers", "Geographical barriers (housing and services)"),
    ("wider_barriers", "Wider barriers (housing and services)"),
    ("indoors", "Indoors living environment"),
    ("outdoors", "Outdoors living environment"),
]
RUC = {
    "classification_urban_nearer_to_a_major_town_or_city": "Urban, nearer to a major town or city",
    "classification_urban_further_from_a_major_town_or_city": "Urban, further from a major town or city",
    "classification_larger_rural_nearer_to_a_major_town_or_city": "Larger rural, nearer to a major town or city",
    "classification_larger_rural_further_from_a_major_town_or_city": "Larger rural, further from a major town or city",
    "classification_smaller_rural_nearer_to_a_major_town_or_city": "Smaller rural, nearer to a major town or city",
    "classification_smaller_rural_further_from_a_major_town_or_city": "Smaller rural, further from a major town or city",
}
NEIGHBOUR_FEATURES = [f"iod2025.{d}_score" for d, _l in DOMAINS] + [
    "census2021_age.aged_15_years_and_under",
    "census2021_age.aged_65_years_and_over",
]


class ProfileError(ValueError):
    """The areas asked for cannot be profiled (the message says why)."""


@dataclass(frozen=True)
class Selection:
    """What is profiled: a community, an area or a custom set of LSOAs."""

    label: str
    areas: list[str]
    lad_code: str
    lad_name: str
    note: str = ""


@dataclass
class Profile:
    selection: Selection
    population: dict[str, float]
    sections: list[tuple[str, pd.DataFrame, str]] = field(default_factory=list)
    radar: pd.DataFrame | None = None
    resilience: dict[str, object] | None = None
    areas_table: pd.DataFrame | None = None
    oac: pd.DataFrame | None = None
    rural_urban: pd.DataFrame | None = None
    neighbours: pd.DataFrame | None = None
    change: pd.DataFrame | None = None
    change_areas: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def groups(self) -> list[str]:
        return [self.selection.label, "Authority", "England"]

    def to_frame(self) -> pd.DataFrame:
        """Every figure in one long table (for CSV)."""
        frames = []
        for title, table, fmt in self.sections:
            frames.append(
                table.reset_index(names="measure").assign(section=title, unit=fmt)
            )
        if self.radar is not None:
            frames.append(
                self.radar.reset_index(names="measure").assign(
                    section="Deprivation domains: average national percentile (100 = most deprived)",
                    unit="percentile",
                )
            )
        if self.oac is not None:
            frames.append(
                self.oac.reset_index(names="measure").assign(
                    section="Output Area Classification 2011", unit="share"
                )
            )
        if self.rural_urban is not None:
            frames.append(
                self.rural_urban.reset_index(names="measure").assign(
                    section="Rural-urban classification 2021", unit="share"
                )
            )
        if self.change is not None:
            frames.append(
                self.change.reset_index(names="measure").assign(
                    section="Change IoD 2019 to IoD 2025 (average national percentile)",
                    unit="percentile",
                )
            )
        if not frames:
            return pd.DataFrame()
        out = pd.concat(frames, ignore_index=True)
        first = ["section", "measure", "unit"]
        return out[first + [c for c in out.columns if c not in first]]


# --- national inputs, once per data version ----------------------------------


def _series(kind: str, code: str) -> pd.Series | None:
    indicator = (
        Indicator.objects.select_related("dataset")
        .defer("values")
        .filter(dataset__kind=kind, code=code)
        .first()
    )
    return column(indicator) if indicator else None


def _frame(kind: str) -> tuple[pd.DataFrame, dict[str, str]]:
    indicators = list(
        Indicator.objects.select_related("dataset")
        .defer("values")
        .filter(dataset__kind=kind)
        .order_by("pk")
    )
    data = {i.code: column(i) for i in indicators}
    labels = {i.code: i.label for i in indicators}
    return (pd.DataFrame(data) if data else pd.DataFrame()), labels


def _english(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame.index.str.startswith("E")] if len(frame) else frame


@dataclass(frozen=True)
class National:
    population: pd.Series
    lad_of: pd.Series
    counts: dict[str, tuple[pd.DataFrame, dict[str, str]]]
    scores: pd.DataFrame
    percentiles: pd.DataFrame
    subdomains: pd.DataFrame
    percentiles_2019: pd.DataFrame
    links: pd.DataFrame
    oac: pd.DataFrame
    ruc: pd.DataFrame
    z: pd.DataFrame
    expected: pd.DataFrame


@lru_cache(maxsize=2)
def _national(version: int) -> National:
    population = _series(*POPULATION)
    population = population if population is not None else pd.Series(dtype=float)
    lad_of = pd.Series(
        dict(
            Area.objects.filter(geography=Geography.LSOA21).values_list(
                "code", "lad__code"
            )
        ),
        dtype=object,
    )
    counts = {}
    for _title, kind, _how in SECTIONS:
        frame, labels = _frame(kind)
        keep = [c for c in frame.columns if not c.endswith("_prop") and c != "total"]
        counts[kind] = (_english(frame[keep]), labels)
    iod, _ = _frame("iod2025")
    scores = pd.DataFrame(
        {d: iod[f"{d}_score"] for d, _l in DOMAINS if f"{d}_score" in iod}
    )
    if "imd_score" in iod:
        scores.insert(0, "imd", iod["imd_score"])
    percentiles = pd.DataFrame(
        {
            name: core.need_percentile(iod[f"{name}_rank"])
            for name in ["imd", *[d for d, _l in DOMAINS]]
            if f"{name}_rank" in iod
        }
    )
    sub, _ = _frame("iod2025_subdomains")
    subdomains = pd.DataFrame(
        {d: sub[f"{d}_score"] for d, _l in SUBDOMAINS if f"{d}_score" in sub}
    )
    old, _ = _frame("iod2019_domains")
    percentiles_2019 = pd.DataFrame(
        {
            name: core.need_percentile(old[f"{old_name}_rank"])
            for name, old_name in [
                ("imd", "index_of_multiple_deprivation_imd"),
                *DOMAINS_2019.items(),
            ]
            if f"{old_name}_rank" in old
        }
    )
    links = pd.DataFrame(
        list(AreaLink.objects.values_list("old__code", "new__code", "change")),
        columns=["old", "new", "change"],
    )
    oac, _ = _frame("oac2011")
    ruc, _ = _frame("ruc2021")
    features = pd.DataFrame(
        {
            ref: s
            for ref in NEIGHBOUR_FEATURES
            if (s := _series(*ref.split(".", 1))) is not None
        }
    )
    if len(features.columns):
        features = _english(features)
        age = [c for c in features.columns if c.startswith("census2021_age")]
        if age and len(population):
            features[age] = features[age].div(
                population.reindex(features.index), axis=0
            )
    z = core.standardise(features) if len(features.columns) else features
    expected = pd.DataFrame()
    if {"health", "income", "employment"} <= set(scores.columns):
        from hearthcore.composite import expected as expected_fn

        expected = expected_fn(scores, ["health"], ["income", "employment"])
    return National(
        population=population,
        lad_of=lad_of,
        counts=counts,
        scores=_english(scores),
        percentiles=percentiles,
        subdomains=subdomains,
        percentiles_2019=percentiles_2019,
        links=links,
        oac=oac,
        ruc=ruc,
        z=z,
        expected=expected,
    )


def national() -> National:
    return _national(data_version())


def clear_cache() -> None:
    _national.cache_clear()
    _authority.cache_clear()


# --- what is profiled ----------------------------------------------------------


def _majority_lad(codes: list[str]) -> str:
    lad_of = national().lad_of
    counted = Counter(str(lad_of.get(c, "")) for c in codes)
    counted.pop("", None)
    return counted.most_common(1)[0][0] if counted else ""


def for_codes(codes: list[str], *, label: str = "Selected areas") -> Selection:
    """A custom set of LSOA 2021 codes (validated)."""
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
    lad = _majority_lad(cleaned)
    return Selection(label, cleaned, lad, lad_name(lad))


def for_area(code: str) -> Selection:
    """An LSOA, ward or local authority by its ONS code."""
    area = Area.objects.filter(code=code.strip().upper()).defer("geometry").first()
    if area is None:
        raise ProfileError(f"There is no area with the code {code}")
    if area.geography == Geography.LSOA21:
        codes = [area.code]
    elif area.geography == Geography.LSOA11:
        codes = list(
            AreaLink.objects.filter(old=area).values_list("new__code", flat=True)
        )
    else:
        field_name = "lad" if area.geography.startswith("lad") else "parent"
        codes = list(
            Area.objects.filter(
                geography=Geography.LSOA21, **{field_name: area}
            ).values_list("code", flat=True)
        )
        if not codes and field_name == "lad":
            codes = list(
                Area.objects.filter(
                    geography=Geography.LSOA21, lad__code=area.code
                ).values_list("code", flat=True)
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
    lad = _majority_lad(codes)
    return Selection(f"{area.name} ({area.code})", codes, lad, lad_name(lad), note)


# --- building ------------------------------------------------------------------


def _counts_table(
    frame: pd.DataFrame, labels: dict[str, str], groups: core.Groups
) -> pd.DataFrame:
    table = core.shares(frame, groups)
    table.index = [labels.get(c, c) for c in table.index]
    return table


def _oac_frame(nat: National) -> pd.DataFrame:
    parts = [c for c in nat.oac.columns if c.startswith(("supergroup_", "group_"))]
    return nat.oac[parts]


def _oac_codes(nat: National, codes: list[str]) -> list[str]:
    """LSOA 2011 codes behind LSOA 2021 areas (OAC 2011 is on 2011 areas)."""
    return sorted(set(nat.links.loc[nat.links["new"].isin(codes), "old"]))


def _oac_table(nat: National, groups: dict[str, list[str] | None]) -> pd.DataFrame:
    frame = _oac_frame(nat)
    england = frame.loc[frame.index.str.startswith("E")]
    out = {}
    for name, codes in groups.items():
        part = england if codes is None else frame.reindex(_oac_codes(nat, codes))
        out[name] = part.sum(min_count=1)
    counts = pd.DataFrame(out)
    supers = counts.loc[counts.index.str.startswith("supergroup_")]
    totals = supers.sum()
    table = counts.div(totals.where(totals > 0), axis=1)
    names = {f"supergroup_{k}": f"{k} {v}" for k, v in SUPERGROUP_NAMES.items()}
    names |= {f"group_{k}": f"{k} {v}" for k, v in GROUP_NAMES.items()}
    table.index = [names.get(c, c) for c in table.index]
    return table


def _ruc_table(nat: National, groups: dict[str, list[str] | None]) -> pd.DataFrame:
    flags = nat.ruc[[c for c in RUC if c in nat.ruc.columns]]
    if flags.empty:
        return pd.DataFrame()
    people = flags.mul(nat.population.reindex(flags.index).fillna(0.0), axis=0)
    table = core.shares(_english(people), groups)
    table.index = [RUC[c] for c in table.index]
    return table


def _group_tables(
    nat: National, groups: dict[str, list[str] | None]
) -> dict[str, pd.DataFrame]:
    """Every per-group table, for the given groups."""
    tables: dict[str, pd.DataFrame] = {}
    for title, kind, _how in SECTIONS:
        frame, labels = nat.counts[kind]
        if len(frame.columns):
            tables[title] = _counts_table(frame, labels, groups)
    if len(nat.scores.columns):
        table = core.weighted_means(nat.scores, nat.population, groups)
        names = dict(DOMAINS) | {"imd": "Index of Multiple Deprivation"}
        table.index = [names[c] for c in table.index]
        tables["scores"] = table
    if len(nat.subdomains.columns):
        table = core.weighted_means(nat.subdomains, nat.population, groups)
        table.index = [dict(SUBDOMAINS)[c] for c in table.index]
        tables["subdomains"] = table
    if len(nat.percentiles.columns):
        tables["radar"] = core.weighted_means(
            _english(nat.percentiles), nat.population, groups
        )
    if len(nat.oac.columns):
        tables["oac"] = _oac_table(nat, groups)
    if len(nat.ruc.columns):
        tables["ruc"] = _ruc_table(nat, groups)
    return tables


@lru_cache(maxsize=64)
def _authority(lad_code: str, version: int) -> dict[str, pd.DataFrame]:
    nat = _national(version)
    lad_codes = list(nat.lad_of.index[nat.lad_of == lad_code])
    return _group_tables(nat, {"Authority": lad_codes, "England": None})


def _join(
    mine: dict[str, pd.DataFrame], theirs: dict[str, pd.DataFrame], key: str
) -> pd.DataFrame | None:
    if key not in mine:
        return None
    return pd.concat([mine[key], theirs.get(key, pd.DataFrame())], axis=1)


def build(selection: Selection, *, with_bands: bool = True) -> Profile:
    """Profile a selection against its authority and England."""
    nat = national()
    codes = selection.areas
    label = selection.label
    theirs = _authority(selection.lad_code, data_version())
    mine = _group_tables(nat, {label: codes})
    lad_codes = list(nat.lad_of.index[nat.lad_of == selection.lad_code])
    population = {
        label: float(nat.population.reindex(codes).sum()),
        "Authority": float(nat.population.reindex(lad_codes).sum()),
        "England": float(_english(nat.population.to_frame()).iloc[:, 0].sum()),
    }
    result = Profile(selection, population)
    for title, _kind, _how in SECTIONS:
        table = _join(mine, theirs, title)
        if table is not None:
            result.sections.append((title, table, "share"))
    scores = _join(mine, theirs, "scores")
    if scores is not None:
        result.sections.insert(
            0,
            (
                "IoD 2025 domain scores (population-weighted average; higher is more deprived)",
                scores,
                "score",
            ),
        )
    subdomains = _join(mine, theirs, "subdomains")
    if subdomains is not None:
        result.sections.insert(
            1,
            (
                "IoD 2025 sub-domain scores (population-weighted average)",
                subdomains,
                "score",
            ),
        )
    radar = _join(mine, theirs, "radar")
    if radar is not None:
        names = dict(DOMAINS) | {"imd": "Index of Multiple Deprivation"}
        radar.index = [names[c] for c in radar.index]
        result.radar = radar
    result.oac = _join(mine, theirs, "oac")
    if result.oac is not None:
        result.notes.append(
            "The Output Area Classification 2011 is published for 2011 areas: the mix shown "
            "is that of the output areas in the LSOA 2011 areas these LSOAs came from."
        )
    result.rural_urban = _join(mine, theirs, "ruc")
    result.areas_table = _areas_table(nat, codes, with_bands=with_bands)
    result.resilience = _resilience_summary(result.areas_table)
    if len(nat.z.columns):
        neighbours = core.statistical_neighbours(
            nat.z, codes, weights=nat.population, exclude=lad_codes, n=10
        )
        names = dict(
            Area.objects.filter(
                geography=Geography.LSOA21, code__in=list(neighbours["area_code"])
            ).values_list("code", "name")
        )
        neighbours["name"] = neighbours["area_code"].map(names)
        neighbours["lad_code"] = neighbours["area_code"].map(nat.lad_of)
        lad_names = dict(
            Area.objects.filter(code__in=list(neighbours["lad_code"].dropna()))
            .order_by("geography")
            .values_list("code", "name")
        )
        neighbours["lad_name"] = neighbours["lad_code"].map(lad_names)
        result.neighbours = neighbours
    if len(nat.percentiles_2019.columns) and len(nat.links):
        result.change, result.change_areas = _change(nat, codes)
    return result


def _areas_table(nat: National, codes: list[str], *, with_bands: bool) -> pd.DataFrame:
    """One row per LSOA: IMD, resilience rank and band, better/worse than expected."""
    names = dict(
        Area.objects.filter(geography=Geography.LSOA21, code__in=codes).values_list(
            "code", "name"
        )
    )
    table = pd.DataFrame(index=pd.Index(codes, name="area_code"))
    table["name"] = [names.get(c, c) for c in codes]
    table["population"] = nat.population.reindex(codes).to_numpy()
    if "imd" in nat.percentiles:
        ranks = nat.percentiles["imd"].reindex(codes)
        table["imd_decile"] = np.ceil((100.0 - ranks) / 10.0).clip(1, 10).to_numpy()
    from hearth.indices import services as index_services

    try:
        recipe = index_services.load_recipe("resilience")
        run = index_services.run(recipe)
    except Exception:  # noqa: BLE001 - any recipe problem just leaves the columns out
        run = None
    if run is not None:
        scores = run.result.scores
        table["resilience_rank"] = scores["rank"].reindex(codes).to_numpy()
        table["resilience_decile"] = scores["decile"].reindex(codes).to_numpy()
        table.attrs["resilience_of"] = int(scores["rank"].notna().sum())
        if with_bands:
            bands = index_services.bands(recipe)
            for col, name in (("rank_p05", "p5"), ("rank_p95", "p95")):
                if col in bands:
                    table[f"resilience_{name}"] = bands[col].reindex(codes).to_numpy()
    if len(nat.expected):
        table["health_expected"] = nat.expected["health.flag"].reindex(codes).to_numpy()
        table["health_residual"] = (
            nat.expected["health.residual"].reindex(codes).to_numpy()
        )
    return table


def _resilience_summary(table: pd.DataFrame) -> dict[str, object] | None:
    if "resilience_rank" not in table or table["resilience_rank"].isna().all():
        return None
    summary: dict[str, object] = {
        "of": table.attrs.get("resilience_of"),
        "median_rank": float(table["resilience_rank"].median()),
        "best_rank": float(table["resilience_rank"].min()),
        "worst_rank": float(table["resilience_rank"].max()),
    }
    if "resilience_p5" in table:
        summary["band_low"] = float(table["resilience_p5"].min())
        summary["band_high"] = float(table["resilience_p95"].max())
    if "health_expected" in table:
        flags = table["health_expected"].value_counts().to_dict()
        summary["health_flags"] = flags
        summary["health_residual"] = float(table["health_residual"].mean())
    return summary


def _change(nat: National, codes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    per_area = core.change_between(
        nat.percentiles_2019.get("imd", pd.Series(dtype=float)),
        nat.percentiles.get("imd", pd.Series(dtype=float)),
        nat.links,
        codes,
    )
    mapped = per_area.loc[per_area["old"].notna(), "area_code"].tolist()
    weights = nat.population
    rows = {}
    names = dict(DOMAINS) | {"imd": "Index of Multiple Deprivation"}
    for name in nat.percentiles_2019.columns:
        if name not in nat.percentiles:
            continue
        old_values = per_area.set_index("area_code")["old_code"]
        before = pd.Series(
            nat.percentiles_2019[name].reindex(old_values.reindex(mapped)).to_numpy(),
            index=mapped,
        )
        after = nat.percentiles[name].reindex(mapped)
        w = weights.reindex(mapped).fillna(0.0)
        if float(w.sum()) <= 0:
            w = pd.Series(1.0, index=mapped)
        b = float((before * w).sum() / w.sum()) if mapped else float("nan")
        a = float((after * w).sum() / w.sum()) if mapped else float("nan")
        rows[names.get(name, name)] = {"IoD 2019": b, "IoD 2025": a, "Change": a - b}
    summary = pd.DataFrame(rows).T
    summary.attrs["mapped"] = len(mapped)
    summary.attrs["total"] = len(codes)
    return summary, per_area
