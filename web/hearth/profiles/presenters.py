"""Turn a profile's frames into plain rows for templates.

Django templates cannot index a pandas row by position (``row.0`` looks
up a label), which once left a table all dashes; templates get lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from hearthcore.profile import Profile


@dataclass(frozen=True)
class TableRows:
    title: str
    unit: str
    columns: list[str]
    rows: list[tuple[str, list[float]]]
    attrs: dict[str, Any]


def rows(title: str, table: pd.DataFrame, unit: str) -> TableRows:
    return TableRows(
        title=title,
        unit=unit,
        columns=[str(c) for c in table.columns],
        rows=[
            (str(label), [float(v) for v in values])
            for label, values in zip(
                table.index, table.to_numpy(dtype=float), strict=True
            )
        ],
        attrs={str(k): v for k, v in table.attrs.items()},
    )


def page_tables(profile: Profile) -> dict[str, Any]:
    """The profile's tables for the page, keyed as the template uses them."""
    sections = [rows(title, table, unit) for title, table, unit in profile.sections]
    out: dict[str, Any] = {"sections": sections}
    for key, title, table, unit in (
        ("radar", "Deprivation domains", profile.radar, "percentile"),
        ("oac", "Lifestyle mix", profile.oac, "share"),
        (
            "rural_urban",
            "Rural-urban classification 2021",
            profile.rural_urban,
            "share",
        ),
        ("change", "Change from IoD 2019 to IoD 2025", profile.change, "percentile"),
    ):
        out[key] = (
            rows(title, table, unit) if table is not None and len(table) else None
        )
    areas = profile.areas_table
    out["areas"] = (
        [
            {"code": str(code), **{k: _plain(v) for k, v in row.items()}}
            for code, row in areas.iterrows()
        ]
        if areas is not None
        else []
    )
    neighbours = profile.neighbours
    out["neighbours"] = (
        [
            {k: _plain(v) for k, v in row.items()}
            for row in neighbours.to_dict("records")
        ]
        if neighbours is not None
        else []
    )
    return out


def _plain(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
