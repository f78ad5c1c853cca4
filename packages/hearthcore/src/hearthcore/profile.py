"""Neighbourhood profiles: a set of small areas against its authority and England.

The functions here take plain pandas objects indexed by area code, so an
analyst can profile any set of LSOAs from a notebook; the web app caches the
national inputs and calls them per request.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

#: A group is a list of area codes, or None for "every area in the input".
Groups = Mapping[str, Sequence[str] | None]


def _select(frame: pd.DataFrame, codes: Sequence[str] | None) -> pd.DataFrame:
    if codes is None:
        return frame
    present = frame.index.intersection(pd.Index(list(codes)))
    return frame.loc[present]


def shares(counts: pd.DataFrame, groups: Groups) -> pd.DataFrame:
    """Each category's share of the summed counts, per group.

    Parameters
    ----------
    counts : DataFrame
        One row per area, one column per category (e.g. people by tenure).
    groups : mapping
        Group name to area codes (None = all rows).

    Returns
    -------
    DataFrame
        One row per category, one column per group; shares between 0 and 1
        (NaN when a group has no counts).

    Examples
    --------
    >>> counts = pd.DataFrame({"own": [8, 2], "rent": [2, 8]}, index=["a", "b"])
    >>> shares(counts, {"A": ["a"], "All": None}).round(2).to_dict()
    {'A': {'own': 0.8, 'rent': 0.2}, 'All': {'own': 0.5, 'rent': 0.5}}
    """
    out = {}
    for name, codes in groups.items():
        sums = _select(counts, codes).sum(axis=0, min_count=1)
        total = float(sums.sum())
        out[name] = sums / total if total else sums * np.nan
    return pd.DataFrame(out, index=counts.columns)


def weighted_means(
    values: pd.DataFrame, weights: pd.Series, groups: Groups
) -> pd.DataFrame:
    """Population-weighted mean of each column, per group.

    Areas with a missing value are left out of that column's mean; if a
    group has no weights, the plain mean is used.

    Examples
    --------
    >>> values = pd.DataFrame({"score": [10.0, 20.0]}, index=["a", "b"])
    >>> weights = pd.Series({"a": 3.0, "b": 1.0})
    >>> weighted_means(values, weights, {"All": None}).loc["score", "All"]
    np.float64(12.5)
    """
    out = {}
    for name, codes in groups.items():
        part = _select(values, codes)
        w = weights.reindex(part.index).fillna(0.0).to_numpy(dtype=float)
        row = {}
        for column in part.columns:
            v = part[column].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            total = w[ok].sum()
            if total > 0:
                row[column] = float((v[ok] * w[ok]).sum() / total)
            else:
                row[column] = float(np.nanmean(v)) if ok.any() else float("nan")
        out[name] = pd.Series(row, dtype=float)
    return pd.DataFrame(out, index=values.columns)


def need_percentile(ranks: pd.Series) -> pd.Series:
    """Turn need ranks (1 = most need) into 0-100, where 100 is most need.

    Examples
    --------
    >>> need_percentile(pd.Series([1.0, 2.0, 3.0, 4.0])).tolist()
    [100.0, 75.0, 50.0, 25.0]
    """
    n = int(ranks.notna().sum())
    if n == 0:
        return ranks.astype(float)
    result: pd.Series = 100.0 * (n - ranks + 1) / n
    return result


def standardise(features: pd.DataFrame) -> pd.DataFrame:
    """Z-scores of each column; constant columns become 0 and missing stays NaN.

    Examples
    --------
    >>> standardise(pd.DataFrame({"x": [1.0, 3.0], "k": [5.0, 5.0]})).to_dict("list")
    {'x': [-1.0, 1.0], 'k': [0.0, 0.0]}
    """
    mean = features.mean()
    sd = features.std(ddof=0)
    z: pd.DataFrame = (features - mean) / sd.where(sd > 0)
    for column in sd.index[~(sd > 0)]:
        z[column] = features[column].where(features[column].isna(), 0.0)
    return z


def statistical_neighbours(
    z: pd.DataFrame,
    target: Sequence[str],
    *,
    weights: pd.Series | None = None,
    exclude: Collection[str] = (),
    n: int = 10,
) -> pd.DataFrame:
    """Find the areas whose indicator profile is most like the target's.

    Parameters
    ----------
    z : DataFrame
        Standardised indicators (see :func:`standardise`), one row per area.
    target : sequence of str
        The areas profiled; their (weighted) mean profile is compared with
        every other area.
    weights : Series, optional
        Population per area, to weight the target's mean profile.
    exclude : collection of str
        Areas never returned (e.g. the whole authority, so that neighbours
        come from elsewhere in England).
    n : int
        How many to return.

    Returns
    -------
    DataFrame
        ``area_code``, ``distance`` (Euclidean, in standard deviations,
        averaged over the indicators both have) and ``similarity`` (0-100,
        100 = identical), closest first.

    Examples
    --------
    >>> z = pd.DataFrame({"x": [0.0, 0.1, 2.0, -1.0]}, index=list("abcd"))
    >>> statistical_neighbours(z, ["a"], n=2)["area_code"].tolist()
    ['b', 'd']
    """
    rows = _select(z, target)
    if rows.empty:
        return pd.DataFrame(columns=["area_code", "distance", "similarity"])
    w = (
        weights.reindex(rows.index).fillna(0.0).to_numpy(dtype=float)
        if weights is not None
        else np.ones(len(rows))
    )
    if w.sum() <= 0:
        w = np.ones(len(rows))
    values = rows.to_numpy(dtype=float)
    ok = ~np.isnan(values)
    centre = np.where(
        ok.any(axis=0),
        np.nansum(np.where(ok, values, 0.0) * w[:, None], axis=0)
        / np.maximum((ok * w[:, None]).sum(axis=0), 1e-12),
        np.nan,
    )
    skip = set(target) | set(exclude)
    candidates = z.loc[[code for code in z.index if code not in skip]]
    matrix = candidates.to_numpy(dtype=float)
    diff = matrix - centre
    have = ~np.isnan(diff)
    counts = have.sum(axis=1)
    squared = np.where(have, diff, 0.0) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.sqrt(squared.sum(axis=1) / counts) * np.sqrt(z.shape[1])
    distance[counts == 0] = np.inf
    order = np.argsort(distance, kind="stable")[:n]
    chosen = distance[order]
    return pd.DataFrame(
        {
            "area_code": candidates.index[order],
            "distance": chosen,
            "similarity": 100.0 / (1.0 + chosen),
        }
    )


def change_between(
    old: pd.Series, new: pd.Series, links: pd.DataFrame, areas: Sequence[str]
) -> pd.DataFrame:
    """Compare an old-vintage figure with a new-vintage one, area by area.

    Only areas that map across cleanly are compared: LSOAs unchanged
    between 2011 and 2021 (``U``) or split from one 2011 LSOA (``S``); for
    merged or redesigned areas the old figure is left empty.

    Parameters
    ----------
    old : Series
        Figures indexed by old (2011) code, e.g. national need percentiles.
    new : Series
        Figures indexed by new (2021) code.
    links : DataFrame
        Columns ``old``, ``new`` and ``change`` (U, S, M or X).
    areas : sequence of str
        New-vintage codes to report.

    Returns
    -------
    DataFrame
        ``area_code``, ``old_code``, ``change``, ``old``, ``new``, ``difference``.

    Examples
    --------
    >>> links = pd.DataFrame({"old": ["a", "b", "c"], "new": ["A", "B", "B"],
    ...                       "change": ["U", "M", "M"]})
    >>> out = change_between(pd.Series({"a": 40.0, "b": 1.0}),
    ...                      pd.Series({"A": 55.0, "B": 2.0}), links, ["A", "B"])
    >>> out["difference"].tolist()
    [15.0, nan]
    """
    wanted = links[links["new"].isin(list(areas))]
    rows = []
    for code in areas:
        mine = wanted[wanted["new"] == code]
        change = "".join(sorted(set(mine["change"]))) or "-"
        clean = len(mine) == 1 and mine["change"].iloc[0] in {"U", "S"}
        old_code = str(mine["old"].iloc[0]) if clean else ""
        before = float(old.get(old_code, np.nan)) if clean else float("nan")
        after = float(new.get(code, np.nan))
        rows.append((code, old_code, change, before, after, after - before))
    return pd.DataFrame(
        rows, columns=["area_code", "old_code", "change", "old", "new", "difference"]
    )


# --- A whole profile ------------------------------------------------------------
#
# The functions above are the arithmetic; what follows puts a profile together
# from the national inputs, so that an analyst gets the same profile in a
# notebook (``inputs_from_folder``) as the web app does from its database.

#: (section title, dataset kind): counts summed and shown as shares of the total.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Age", "census2021_age"),
    ("Disability", "census2021_disability"),
    ("Household deprivation", "census2021_household_deprivation"),
    ("Tenure", "census2021_tenure"),
    ("Accommodation type", "census2021_accommodation"),
    ("Overcrowding (bedrooms)", "census2021_overcrowding"),
    ("Ethnic group", "census2021_ethnicity"),
)
#: Residents: Census 2021 usual residents (the disability table's total).
POPULATION = ("census2021_disability", "total")
DOMAINS: tuple[tuple[str, str], ...] = (
    ("income", "Income"),
    ("employment", "Employment"),
    ("education", "Education, skills and training"),
    ("health", "Health and disability"),
    ("crime", "Crime"),
    ("housing_and_services", "Barriers to housing and services"),
    ("environment", "Living environment"),
)
DOMAIN_NAMES = dict(DOMAINS) | {"imd": "Index of Multiple Deprivation"}
#: The same domains' column stems in the IoD 2019 File 2.
DOMAINS_2019 = {
    "imd": "index_of_multiple_deprivation_imd",
    "income": "income",
    "employment": "employment",
    "education": "education_skills_and_training",
    "health": "health_deprivation_and_disability",
    "crime": "crime",
    "housing_and_services": "barriers_to_housing_and_services",
    "environment": "living_environment",
}
SUBDOMAINS: tuple[tuple[str, str], ...] = (
    ("children_and_young_people", "Children and young people (education)"),
    ("adult_skills", "Adult skills (education)"),
    ("geographical_barriers", "Geographical barriers (housing and services)"),
    ("wider_barriers", "Wider barriers (housing and services)"),
    ("indoors", "Indoors living environment"),
    ("outdoors", "Outdoors living environment"),
)
RUC: dict[str, str] = {
    f"classification_{key}": label
    for key, label in (
        (
            "urban_nearer_to_a_major_town_or_city",
            "Urban, nearer to a major town or city",
        ),
        (
            "urban_further_from_a_major_town_or_city",
            "Urban, further from a major town or city",
        ),
        (
            "larger_rural_nearer_to_a_major_town_or_city",
            "Larger rural, nearer to a major town or city",
        ),
        (
            "larger_rural_further_from_a_major_town_or_city",
            "Larger rural, further from a major town or city",
        ),
        (
            "smaller_rural_nearer_to_a_major_town_or_city",
            "Smaller rural, nearer to a major town or city",
        ),
        (
            "smaller_rural_further_from_a_major_town_or_city",
            "Smaller rural, further from a major town or city",
        ),
    )
}
#: Statistical neighbours are found on these (standardised) indicators.
NEIGHBOUR_FEATURES = (
    *(("iod2025", f"{d}_score") for d, _label in DOMAINS),
    ("census2021_age", "aged_15_years_and_under"),
    ("census2021_age", "aged_65_years_and_over"),
)
#: Every dataset a profile reads.
DATASETS = (
    *(kind for _title, kind in SECTIONS),
    "iod2025",
    "iod2025_subdomains",
    "iod2019_domains",
    "oac2011",
    "ruc2021",
)


@dataclass(frozen=True)
class Dataset:
    """One dataset's columns (indexed by area code) and their published labels."""

    values: pd.DataFrame
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Inputs:
    """Everything a profile reads, for all of England, built once.

    Build it with :func:`prepare` (from datasets already in memory) or
    :func:`inputs_from_folder` (from the published files).
    """

    population: pd.Series
    lad_of: pd.Series
    counts: Mapping[str, Dataset]
    scores: pd.DataFrame
    percentiles: pd.DataFrame
    subdomains: pd.DataFrame
    percentiles_2019: pd.DataFrame
    links: pd.DataFrame
    oac: pd.DataFrame
    ruc: pd.DataFrame
    z: pd.DataFrame
    expected: pd.DataFrame
    area_names: Mapping[str, str] = field(default_factory=dict)
    lad_names: Mapping[str, str] = field(default_factory=dict)
    resilience: pd.DataFrame | None = None
    bands: pd.DataFrame | None = None


@dataclass(frozen=True)
class Selection:
    """What is profiled: a community, an area or a custom set of LSOA 2021 codes."""

    label: str
    areas: tuple[str, ...]
    lad_code: str
    lad_name: str
    note: str = ""


@dataclass
class Profile:
    """A profile: a selection set against its authority and England."""

    selection: Selection
    population: dict[str, float]
    sections: list[tuple[str, pd.DataFrame, str]] = field(default_factory=list)
    radar: pd.DataFrame | None = None
    resilience: dict[str, float] | None = None
    areas_table: pd.DataFrame | None = None
    oac: pd.DataFrame | None = None
    rural_urban: pd.DataFrame | None = None
    neighbours: pd.DataFrame | None = None
    change: pd.DataFrame | None = None
    change_areas: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    def tables(self) -> list[tuple[str, pd.DataFrame, str]]:
        """Every per-group table with its title and unit, in page order.

        Returns
        -------
        list of tuple
            (title, table, unit) where unit is ``share``, ``score`` or
            ``percentile``.
        """
        out = list(self.sections)
        extras = [
            (
                "Deprivation domains: average national percentile (100 = most deprived)",
                self.radar,
                "percentile",
            ),
            (
                "Output Area Classification 2011 (share of output areas)",
                self.oac,
                "share",
            ),
            (
                "Rural-urban classification 2021 (share of residents)",
                self.rural_urban,
                "share",
            ),
            (
                "Change from IoD 2019 to IoD 2025 (average national percentile)",
                self.change,
                "percentile",
            ),
        ]
        out += [
            (t, table, u) for t, table, u in extras if table is not None and len(table)
        ]
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return every figure in one long table (for CSV).

        Returns
        -------
        DataFrame
            Columns ``section``, ``measure``, ``unit`` and one per group.
        """
        frames = [
            table.reset_index(names="measure").assign(section=title, unit=unit)
            for title, table, unit in self.tables()
        ]
        if not frames:
            return pd.DataFrame()
        out = pd.concat(frames, ignore_index=True)
        first = ["section", "measure", "unit"]
        return out[first + [c for c in out.columns if c not in first]]


def _english(frame: pd.DataFrame) -> pd.DataFrame:
    return (
        frame.loc[frame.index.astype(str).str.startswith("E")] if len(frame) else frame
    )


def _pick(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """Columns renamed (new name -> source column), leaving out absent ones."""
    return pd.DataFrame(
        {new: frame[old] for new, old in columns.items() if old in frame.columns},
        index=frame.index,
    )


def prepare(
    datasets: Mapping[str, Dataset],
    *,
    lad_of: pd.Series,
    links: pd.DataFrame,
    area_names: Mapping[str, str] | None = None,
    lad_names: Mapping[str, str] | None = None,
    resilience: pd.DataFrame | None = None,
    bands: pd.DataFrame | None = None,
) -> Inputs:
    """Turn the stored datasets into a profile's national inputs.

    Parameters
    ----------
    datasets : mapping of str to Dataset
        Dataset kind (see :data:`DATASETS`) to its columns, as Hearth stores
        them (e.g. ``iod2025`` with ``imd_score``, ``income_rank``, …). A
        missing dataset leaves its part of the profile out.
    lad_of : Series
        Each LSOA 2021's local authority code.
    links : DataFrame
        LSOA 2011 to 2021 lookup: columns ``old``, ``new`` and ``change``.
    area_names, lad_names : mapping, optional
        Names by code, for the tables of areas and neighbours.
    resilience : DataFrame, optional
        A resilience index result (columns ``rank`` and ``decile``).
    bands : DataFrame, optional
        Its uncertainty bands (columns ``rank_p05`` and ``rank_p95``).

    Returns
    -------
    Inputs
        Ready for :func:`build`.
    """
    empty = Dataset(pd.DataFrame())

    def values(kind: str) -> pd.DataFrame:
        return datasets.get(kind, empty).values

    population_frame = values(POPULATION[0])
    population = (
        population_frame[POPULATION[1]].astype(float)
        if POPULATION[1] in population_frame
        else pd.Series(dtype=float)
    )
    counts = {}
    for _title, kind in SECTIONS:
        data = datasets.get(kind, empty)
        keep = [
            c for c in data.values.columns if not c.endswith("_prop") and c != "total"
        ]
        counts[kind] = Dataset(_english(data.values[keep]), data.labels)
    iod = values("iod2025")
    scores = _pick(iod, {"imd": "imd_score"} | {d: f"{d}_score" for d, _l in DOMAINS})
    percentiles = pd.DataFrame(
        {
            name: need_percentile(iod[f"{name}_rank"])
            for name in ["imd", *[d for d, _l in DOMAINS]]
            if f"{name}_rank" in iod
        }
    )
    subdomains = _pick(
        values("iod2025_subdomains"), {d: f"{d}_score" for d, _l in SUBDOMAINS}
    )
    old = values("iod2019_domains")
    percentiles_2019 = pd.DataFrame(
        {
            name: need_percentile(old[f"{stem}_rank"])
            for name, stem in DOMAINS_2019.items()
            if f"{stem}_rank" in old
        }
    )
    features = pd.DataFrame(
        {
            f"{kind}.{code}": values(kind)[code]
            for kind, code in NEIGHBOUR_FEATURES
            if code in values(kind).columns
        }
    )
    if len(features.columns):
        features = _english(features)
        age = [c for c in features.columns if c.startswith("census2021_age")]
        if age and len(population):
            features[age] = features[age].div(
                population.reindex(features.index), axis=0
            )
    z = standardise(features) if len(features.columns) else features
    expected = pd.DataFrame()
    if {"health", "income", "employment"} <= set(scores.columns):
        from .composite import expected as expected_fn

        expected = expected_fn(scores, ["health"], ["income", "employment"])
    return Inputs(
        population=population,
        lad_of=lad_of,
        counts=counts,
        scores=_english(scores),
        percentiles=percentiles,
        subdomains=subdomains,
        percentiles_2019=percentiles_2019,
        links=links,
        oac=values("oac2011"),
        ruc=values("ruc2021"),
        z=z,
        expected=expected,
        area_names=dict(area_names or {}),
        lad_names=dict(lad_names or {}),
        resilience=resilience,
        bands=bands,
    )


def selection(
    inputs: Inputs, codes: Sequence[str], *, label: str, note: str = ""
) -> Selection:
    """Choose LSOA 2021 codes, set against the authority most of them are in.

    Parameters
    ----------
    inputs : Inputs
        The national inputs (for each LSOA's authority).
    codes : sequence of str
        LSOA 2021 codes.
    label : str
        What the selection is called on the page.
    note : str
        Shown under the title (e.g. how a 2011 code was converted).

    Returns
    -------
    Selection
        With the majority authority's code and name.
    """
    counted = Counter(str(inputs.lad_of.get(c, "")) for c in codes)
    counted.pop("", None)
    lad = counted.most_common(1)[0][0] if counted else ""
    return Selection(
        label, tuple(codes), lad, str(inputs.lad_names.get(lad, lad)), note
    )


def _counts_table(data: Dataset, groups: Groups) -> pd.DataFrame:
    table = shares(data.values, groups)
    table.index = [data.labels.get(c, c) for c in table.index]
    return table


def _oac_table(inputs: Inputs, groups: Groups) -> pd.DataFrame:
    """Return the OAC 2011 mix, through the LSOA 2011 areas the LSOA 2021 areas came from."""
    from .oac import GROUP_NAMES, SUPERGROUP_NAMES

    frame = inputs.oac[
        [c for c in inputs.oac.columns if c.startswith(("supergroup_", "group_"))]
    ]
    out = {}
    for name, codes in groups.items():
        if codes is None:
            part = _english(frame)
        else:
            links = inputs.links
            old = sorted(set(links.loc[links["new"].isin(list(codes)), "old"]))
            part = frame.reindex(old)
        out[name] = part.sum(min_count=1)
    counts = pd.DataFrame(out)
    totals = counts.loc[counts.index.str.startswith("supergroup_")].sum()
    table = counts.div(totals.where(totals > 0), axis=1)
    names = {f"supergroup_{k}": f"{k} {v}" for k, v in SUPERGROUP_NAMES.items()}
    names |= {f"group_{k}": f"{k} {v}" for k, v in GROUP_NAMES.items()}
    table.index = [names.get(c, c) for c in table.index]
    return table


def _ruc_table(inputs: Inputs, groups: Groups) -> pd.DataFrame:
    flags = inputs.ruc[[c for c in RUC if c in inputs.ruc.columns]]
    if flags.empty:
        return pd.DataFrame()
    people = flags.mul(inputs.population.reindex(flags.index).fillna(0.0), axis=0)
    table = shares(_english(people), groups)
    table.index = [RUC[c] for c in table.index]
    return table


def group_tables(inputs: Inputs, groups: Groups) -> dict[str, pd.DataFrame]:
    """Every per-group table of a profile, for the given groups.

    Parameters
    ----------
    inputs : Inputs
        The national inputs.
    groups : mapping
        Group name to LSOA 2021 codes (None = all of England).

    Returns
    -------
    dict of str to DataFrame
        Keyed by section title, plus ``scores``, ``subdomains``, ``radar``,
        ``oac`` and ``ruc``; one column per group.
    """
    tables: dict[str, pd.DataFrame] = {}
    for title, kind in SECTIONS:
        data = inputs.counts.get(kind)
        if data is not None and len(data.values.columns):
            tables[title] = _counts_table(data, groups)
    if len(inputs.scores.columns):
        table = weighted_means(inputs.scores, inputs.population, groups)
        table.index = [DOMAIN_NAMES[c] for c in table.index]
        tables["scores"] = table
    if len(inputs.subdomains.columns):
        table = weighted_means(inputs.subdomains, inputs.population, groups)
        table.index = [dict(SUBDOMAINS)[c] for c in table.index]
        tables["subdomains"] = table
    if len(inputs.percentiles.columns):
        table = weighted_means(_english(inputs.percentiles), inputs.population, groups)
        table.index = [DOMAIN_NAMES[c] for c in table.index]
        tables["radar"] = table
    if len(inputs.oac.columns):
        tables["oac"] = _oac_table(inputs, groups)
    if len(inputs.ruc.columns):
        tables["ruc"] = _ruc_table(inputs, groups)
    return tables


def authority_tables(inputs: Inputs, lad_code: str) -> dict[str, pd.DataFrame]:
    """Return the authority's and England's tables (the same for every selection in it).

    Parameters
    ----------
    inputs : Inputs
        The national inputs.
    lad_code : str
        The authority.

    Returns
    -------
    dict of str to DataFrame
        As :func:`group_tables`, with columns ``Authority`` and ``England``.
    """
    lad_codes = list(inputs.lad_of.index[inputs.lad_of == lad_code])
    return group_tables(inputs, {"Authority": lad_codes, "England": None})


def build(
    inputs: Inputs,
    chosen: Selection,
    *,
    authority: Mapping[str, pd.DataFrame] | None = None,
) -> Profile:
    """Profile a selection against its authority and England.

    Parameters
    ----------
    inputs : Inputs
        The national inputs.
    chosen : Selection
        What to profile (see :func:`selection`).
    authority : mapping, optional
        The authority's tables from :func:`authority_tables`, when cached.

    Returns
    -------
    Profile
        Figures, tables, the resilience summary, statistical neighbours and
        the change between IoD releases.
    """
    codes = list(chosen.areas)
    label = chosen.label
    theirs = (
        authority
        if authority is not None
        else authority_tables(inputs, chosen.lad_code)
    )
    mine = group_tables(inputs, {label: codes})
    lad_codes = list(inputs.lad_of.index[inputs.lad_of == chosen.lad_code])

    def joined(key: str) -> pd.DataFrame | None:
        if key not in mine:
            return None
        return pd.concat([mine[key], theirs.get(key, pd.DataFrame())], axis=1)

    population = {
        label: float(inputs.population.reindex(codes).sum()),
        "Authority": float(inputs.population.reindex(lad_codes).sum()),
        "England": float(_english(inputs.population.to_frame()).iloc[:, 0].sum()),
    }
    result = Profile(chosen, population)
    for title, heading, unit in (
        (
            "scores",
            "IoD 2025 domain scores (population-weighted average; higher is more deprived)",
            "score",
        ),
        (
            "subdomains",
            "IoD 2025 sub-domain scores (population-weighted average)",
            "score",
        ),
        *((title, title, "share") for title, _kind in SECTIONS),
    ):
        table = joined(title)
        if table is not None:
            result.sections.append((heading, table, unit))
    result.radar = joined("radar")
    result.oac = joined("oac")
    if result.oac is not None:
        result.notes.append(
            "The Output Area Classification 2011 is published for 2011 areas: the mix shown "
            "is that of the output areas in the LSOA 2011 areas these LSOAs came from."
        )
    result.rural_urban = joined("ruc")
    result.areas_table = areas_table(inputs, codes)
    result.resilience = resilience_summary(result.areas_table)
    if len(inputs.z.columns):
        found = statistical_neighbours(
            inputs.z, codes, weights=inputs.population, exclude=lad_codes, n=10
        )
        found["name"] = found["area_code"].map(inputs.area_names)
        found["lad_code"] = found["area_code"].map(inputs.lad_of)
        found["lad_name"] = found["lad_code"].map(inputs.lad_names)
        result.neighbours = found
    if len(inputs.percentiles_2019.columns) and len(inputs.links):
        result.change, result.change_areas = change_summary(inputs, codes)
    return result


def areas_table(inputs: Inputs, codes: Sequence[str]) -> pd.DataFrame:
    """One row per LSOA: residents, IMD decile, resilience rank and band, health.

    Parameters
    ----------
    inputs : Inputs
        The national inputs.
    codes : sequence of str
        LSOA 2021 codes.

    Returns
    -------
    DataFrame
        Indexed by area code; ``attrs["resilience_of"]`` holds how many
        areas the resilience index ranks.
    """
    codes = list(codes)
    table = pd.DataFrame(index=pd.Index(codes, name="area_code"))
    table["name"] = [inputs.area_names.get(c, c) for c in codes]
    table["population"] = inputs.population.reindex(codes).to_numpy()
    if "imd" in inputs.percentiles:
        ranks = inputs.percentiles["imd"].reindex(codes)
        table["imd_decile"] = np.ceil((100.0 - ranks) / 10.0).clip(1, 10).to_numpy()
    if inputs.resilience is not None:
        scores = inputs.resilience
        table["resilience_rank"] = scores["rank"].reindex(codes).to_numpy()
        table["resilience_decile"] = scores["decile"].reindex(codes).to_numpy()
        table.attrs["resilience_of"] = int(scores["rank"].notna().sum())
    if inputs.bands is not None:
        for column, name in (("rank_p05", "p5"), ("rank_p95", "p95")):
            if column in inputs.bands:
                table[f"resilience_{name}"] = (
                    inputs.bands[column].reindex(codes).to_numpy()
                )
    if len(inputs.expected):
        table["health_expected"] = (
            inputs.expected["health.flag"].reindex(codes).to_numpy()
        )
        table["health_residual"] = (
            inputs.expected["health.residual"].reindex(codes).to_numpy()
        )
    return table


def resilience_summary(table: pd.DataFrame) -> dict[str, float] | None:
    """Summarise the range of a selection's resilience ranks and bands.

    Parameters
    ----------
    table : DataFrame
        From :func:`areas_table`.

    Returns
    -------
    dict or None
        ``of``, ``median_rank``, ``best_rank``, ``worst_rank`` and, with
        bands, ``band_low`` and ``band_high``; health flags counts under
        ``health_*``. None without resilience ranks.
    """
    if "resilience_rank" not in table or table["resilience_rank"].isna().all():
        return None
    ranks = table["resilience_rank"]
    summary: dict[str, float] = {
        "of": float(table.attrs.get("resilience_of", ranks.notna().sum())),
        "median_rank": float(ranks.median()),
        "best_rank": float(ranks.min()),
        "worst_rank": float(ranks.max()),
    }
    if "resilience_p5" in table and table["resilience_p5"].notna().any():
        summary["band_low"] = float(table["resilience_p5"].min())
        summary["band_high"] = float(table["resilience_p95"].max())
    if "health_expected" in table:
        flags = table["health_expected"].value_counts()
        summary["health_worse"] = float(flags.get("worse than expected", 0))
        summary["health_better"] = float(flags.get("better than expected", 0))
        summary["health_residual"] = float(table["health_residual"].mean())
    return summary


def change_summary(
    inputs: Inputs, codes: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare IoD 2019 with IoD 2025 in average national percentile.

    Only LSOAs that map across from 2011 unchanged or by a split count.

    Parameters
    ----------
    inputs : Inputs
        The national inputs.
    codes : sequence of str
        LSOA 2021 codes.

    Returns
    -------
    tuple of DataFrame
        Per domain ``IoD 2019``, ``IoD 2025`` and ``Change`` (``attrs``
        ``mapped`` and ``total`` say how many LSOAs counted), and the per-LSOA
        comparison of the IMD from :func:`change_between`.
    """
    codes = list(codes)
    per_area = change_between(
        inputs.percentiles_2019.get("imd", pd.Series(dtype=float)),
        inputs.percentiles.get("imd", pd.Series(dtype=float)),
        inputs.links,
        codes,
    )
    mapped_rows = per_area[per_area["old_code"] != ""]
    mapped = mapped_rows["area_code"].tolist()
    old_of = mapped_rows.set_index("area_code")["old_code"]
    weights = inputs.population.reindex(mapped).fillna(0.0)
    if float(weights.sum()) <= 0:
        weights = pd.Series(1.0, index=mapped)
    rows = {}
    for name in inputs.percentiles_2019.columns:
        if name not in inputs.percentiles:
            continue
        before = pd.Series(
            inputs.percentiles_2019[name].reindex(old_of.reindex(mapped)).to_numpy(),
            index=mapped,
        )
        after = inputs.percentiles[name].reindex(mapped)
        b = _mean(before, weights)
        a = _mean(after, weights)
        rows[DOMAIN_NAMES.get(name, name)] = {
            "IoD 2019": b,
            "IoD 2025": a,
            "Change": a - b,
        }
    summary = pd.DataFrame(rows, index=["IoD 2019", "IoD 2025", "Change"]).T
    summary.attrs["mapped"] = len(mapped)
    summary.attrs["total"] = len(codes)
    return summary, per_area


def _mean(values: pd.Series, weights: pd.Series) -> float:
    ok = values.notna() & (weights > 0)
    total = float(weights[ok].sum())
    if not ok.any() or total <= 0:
        return math.nan
    return float((values[ok] * weights[ok]).sum() / total)


def inputs_from_folder(folder: str | Path, *, resilience_runs: int = 0) -> Inputs:
    """Build a profile's inputs from the published files (no database needed).

    Parameters
    ----------
    folder : str or Path
        A folder laid out like Hearth's data folder (files are recognised
        from their columns, wherever they are).
    resilience_runs : int
        When positive, also compute the resilience index and its uncertainty
        bands with this many Monte Carlo runs (slower); 0 leaves bands out
        but still ranks the index.

    Returns
    -------
    Inputs
        Ready for :func:`selection` and :func:`build`.

    Examples
    --------
    >>> inputs = inputs_from_folder("shared/data")  # doctest: +SKIP
    >>> chosen = selection(inputs, ["E01024940", "E01024941"], label="Chorley Moor")  # doctest: +SKIP
    >>> build(inputs, chosen).radar  # doctest: +SKIP
    """
    from . import composite, sources

    files = {sources.recognise(p).key: p for p in sources.discover(Path(folder))}
    datasets: dict[str, Dataset] = {}
    for kind in DATASETS:
        if kind not in files:
            continue
        table = (
            sources.read_oac(files[kind], sources.CATALOGUE[kind])
            if kind == "oac2011"
            else sources.read_table(files[kind], sources.CATALOGUE[kind])
        )
        datasets[kind] = Dataset(table.values, dict(table.labels))
    lad_of = pd.Series(dtype=object)
    area_names: dict[str, str] = {}
    lad_names: dict[str, str] = {}
    lookup = "lookup_lsoa21_ward24"
    if lookup in files:
        frame = sources.read_lookup(files[lookup], sources.CATALOGUE[lookup])
        lad_of = frame.set_index("lsoa21_code")["ltla24_code"]
        area_names = dict(zip(frame["lsoa21_code"], frame["lsoa21_name"], strict=True))
        lad_names = dict(zip(frame["ltla24_code"], frame["ltla24_name"], strict=True))
    links = pd.DataFrame(columns=["old", "new", "change"])
    if "link_lsoa11_lsoa21" in files:
        link = sources.CATALOGUE["link_lsoa11_lsoa21"]
        links = sources.lsoa_change_codes(sources.read_lookup(files[link.key], link))
    resilience = bands = None
    recipe = composite.load("resilience")
    needed = {spec.dataset for spec in recipe.indicators} | {
        recipe.population.split(".")[0]
    }
    frames = []
    for kind in needed:
        if kind in datasets:
            frames.append(datasets[kind].values.add_prefix(f"{kind}."))
        elif kind in files and sources.CATALOGUE[kind].role == "table":
            table = sources.read_table(files[kind], sources.CATALOGUE[kind])
            frames.append(table.values.add_prefix(f"{kind}."))
    if frames:
        data = pd.concat(frames, axis=1)
        data = data.loc[data.index.str.startswith("E")]
        try:
            resilience = composite.compute_index(recipe, data, groups=lad_of).scores
            if resilience_runs > 0:
                bands = composite.uncertainty(recipe, data, runs=resilience_runs).ranks
        except composite.RecipeError:
            resilience = None
    return prepare(
        datasets,
        lad_of=lad_of,
        links=links,
        area_names=area_names,
        lad_names=lad_names,
        resilience=resilience,
        bands=bands,
    )
