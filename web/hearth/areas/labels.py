"""Which figures the explorer offers, and what people call them.

Datasets are stored as published, with every column (307 of them); a map
needs fewer, named in words: "Income deprivation: score", not
`Income_score`, and not the ninety single years of age.
"""

from __future__ import annotations

import re

from .models import Indicator

# IoD 2025's tidy column stems (humaniverse), as MHCLG names the domains.
IOD_NAMES = {
    "imd": "Index of Multiple Deprivation",
    "income": "Income deprivation",
    "employment": "Employment deprivation",
    "education": "Education, skills and training deprivation",
    "health": "Health deprivation and disability",
    "crime": "Crime",
    "housing_and_services": "Barriers to housing and services",
    "environment": "Living environment deprivation",
    "children_and_young_people": "Children and young people (education sub-domain)",
    "adult_skills": "Adult skills (education sub-domain)",
    "geographical_barriers": "Geographical barriers (sub-domain)",
    "wider_barriers": "Wider barriers (sub-domain)",
    "indoors": "Indoors living environment (sub-domain)",
    "outdoors": "Outdoors living environment (sub-domain)",
}
CENSUS_UNITS = {
    "census2021_age": "residents",
    "census2021_disability": "residents",
    "census2021_ethnicity": "residents",
    "census2021_religion": "residents",
    "census2021_household_deprivation": "households",
    "census2021_overcrowding": "households",
    "census2021_tenure": "households",
    "census2021_accommodation": "households",
}
# Datasets whose columns a choropleth does not help with: categories as
# 0/1 flags, counts of output areas, single years of age.
HIDDEN_KINDS = {"ruc2011", "ruc2021", "oac2011"}
IOD2019_TABLES = {
    "iod2019_imd",
    "iod2019_domains",
    "iod2019_supplementary",
    "iod2019_transformed",
    "iod2019_subdomains",
    "iod2019_scores",
}


def _sentence(text: str) -> str:
    words = re.sub(r"[_\s]+", " ", text).strip()
    return words[:1].upper() + words[1:]


def explorer_label(indicator: Indicator) -> str | None:
    """The name the explorer shows for an indicator, or None to leave it out."""
    kind, code, label = indicator.dataset.kind, indicator.code, indicator.label
    if kind in HIDDEN_KINDS:
        return None
    if kind.startswith("population") and kind.endswith("_sya"):
        return "All people (mid-year estimate)" if code == "total_population" else None
    if kind in ("iod2025", "iod2025_subdomains"):
        stem, _, measure = code.rpartition("_")
        name = IOD_NAMES.get(stem)
        # Ranks and deciles order areas exactly as the score does.
        return f"{name}: score" if name and measure == "score" else None
    if kind in IOD2019_TABLES:
        # IoD 2019 published most domain scores in files not available here,
        # so its ranks are offered (once: from the combined table).
        return None
    if kind == "iod2019_combined":
        if code.endswith("_rank"):
            return (
                _sentence(label.replace("(where 1 is most deprived)", ""))
                + " (1 = most deprived)"
            )
        if code.endswith("_score_rate"):
            return _sentence(label)
        return None
    if kind in CENSUS_UNITS:
        if code.endswith("_prop"):
            return f"Share of {CENSUS_UNITS[kind]}: {label.removesuffix(' (share)')}"
        return None
    if kind == "assets":
        return (
            "Community assets per 1,000 residents"
            if code == "assets_per_1000"
            else None
        )
    return _sentence(label)


def explorer_choices(indicators: list[Indicator]) -> list[tuple[Indicator, str]]:
    """The indicators the explorer offers, with their names, in dataset order."""
    out = []
    for indicator in indicators:
        label = explorer_label(indicator)
        if label:
            out.append((indicator, label))
    return out
