"""Neighbourhood profiles: a set of LSOAs set against its authority and England."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hearth.areas.models import Area, Indicator
from hearth.areas.queries import column

# (section, dataset, how to combine): "counts" are summed and shown as
# shares of the summed total; "scores" are averaged, weighted by population.
SECTIONS: list[tuple[str, str, str]] = [
    ("Age", "census2021_age", "counts"),
    (
        "Deprivation (IoD 2025 domain scores, higher is more deprived)",
        "iod2025",
        "scores",
    ),
    ("Disability", "census2021_disability", "counts"),
    ("Household deprivation", "census2021_household_deprivation", "counts"),
    ("Tenure", "census2021_tenure", "counts"),
    ("Accommodation type", "census2021_accommodation", "counts"),
    ("Overcrowding (bedrooms)", "census2021_overcrowding", "counts"),
    ("Ethnic group", "census2021_ethnicity", "counts"),
]
POPULATION = ("census2021_disability", "total")


@dataclass(frozen=True)
class Profile:
    areas: list[str]
    lad_code: str
    population: dict[str, float]
    sections: list[tuple[str, pd.DataFrame]]

    def to_frame(self) -> pd.DataFrame:
        frames = [table.assign(section=title) for title, table in self.sections]
        return (
            pd.concat(frames).reset_index(names="measure") if frames else pd.DataFrame()
        )


def _columns(kind: str) -> dict[str, tuple[str, pd.Series]]:
    out = {}
    for indicator in (
        Indicator.objects.select_related("dataset")
        .defer("values")
        .filter(dataset__kind=kind)
    ):
        out[indicator.code] = (indicator.label, column(indicator))
    return out


def _england(series: pd.Series) -> pd.Series:
    """English areas only (E… codes); census tables cover Wales too."""
    mask = [str(code).startswith("E") for code in series.index]
    return series[mask] if len(series) else series


def build(areas: list[str], lad_code: str) -> Profile:
    """Profile the areas against all areas of their authority and England."""
    lad_areas = list(
        Area.objects.filter(geography="lsoa21", lad__code=lad_code).values_list(
            "code", flat=True
        )
    )
    pop = _columns(POPULATION[0]).get(POPULATION[1])
    population_series = pop[1] if pop else pd.Series(dtype=float)
    groups = {"This community": areas, "Authority": lad_areas}
    population = {
        name: float(population_series.reindex(codes).sum())
        for name, codes in groups.items()
    }
    population["England"] = float(_england(population_series).sum())
    sections = []
    for title, kind, how in SECTIONS:
        columns = _columns(kind)
        if not columns:
            continue
        rows = {}
        if how == "counts":
            parts = {
                c: v
                for c, v in columns.items()
                if not c.endswith("_prop") and c != "total"
            }
            totals = {}
            for name, codes in [*groups.items(), ("England", None)]:
                selected = {
                    c: (s if codes is None else s.reindex(codes))
                    for c, (_l, s) in parts.items()
                }
                if codes is None:
                    selected = {c: _england(s) for c, s in selected.items()}
                sums = {c: float(s.sum()) for c, s in selected.items()}
                total = sum(sums.values())
                totals[name] = {
                    c: (v / total if total else float("nan")) for c, v in sums.items()
                }
            for code, (label, _s) in parts.items():
                rows[label] = {name: totals[name][code] for name in totals}
            table = pd.DataFrame(rows).T
        else:
            scores = {c: v for c, v in columns.items() if c.endswith("_score")}
            for label, series in scores.values():
                row = {}
                for name, codes in [*groups.items(), ("England", None)]:
                    values = series if codes is None else series.reindex(codes)
                    weights = population_series.reindex(values.index).fillna(0.0)
                    ok = values.notna()
                    row[name] = (
                        float((values[ok] * weights[ok]).sum() / weights[ok].sum())
                        if weights[ok].sum()
                        else float(values.mean())
                    )
                rows[label] = row
            table = pd.DataFrame(rows).T
        sections.append((title, table))
    return Profile(areas, lad_code, population, sections)
