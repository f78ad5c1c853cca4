from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hearthcore import profile


def test_shares_ignore_groups_outside_the_data_and_empty_groups_are_nan():
    counts = pd.DataFrame({"a": [1.0, 3.0], "b": [1.0, 0.0]}, index=["x", "y"])
    table = profile.shares(counts, {"x": ["x"], "ghost": ["nowhere"], "all": None})
    assert table.loc["a", "x"] == 0.5
    assert table.loc["a", "all"] == pytest.approx(0.8)
    assert table["ghost"].isna().all()


def test_weighted_means_skip_missing_values_and_fall_back_to_plain_means():
    values = pd.DataFrame({"s": [1.0, np.nan, 4.0]}, index=["a", "b", "c"])
    weights = pd.Series({"a": 1.0, "b": 100.0, "c": 3.0})
    assert profile.weighted_means(values, weights, {"g": None}).loc[
        "s", "g"
    ] == pytest.approx(3.25)
    no_weights = pd.Series(dtype=float)
    assert profile.weighted_means(values, no_weights, {"g": None}).loc[
        "s", "g"
    ] == pytest.approx(2.5)


def test_statistical_neighbours_use_the_weighted_centre_and_skip_missing_columns():
    z = pd.DataFrame(
        {"x": [0.0, 1.0, 0.9, 0.1, 5.0], "y": [0.0, 0.0, np.nan, 0.0, 5.0]},
        index=["t1", "t2", "near", "mid", "far"],
    )
    weights = pd.Series({"t1": 1.0, "t2": 9.0})
    out = profile.statistical_neighbours(z, ["t1", "t2"], weights=weights, n=3)
    # Centre is x = 0.9, y = 0: "near" (x only, exact) beats "mid".
    assert out["area_code"].tolist() == ["near", "mid", "far"]
    assert out["similarity"].iloc[0] == pytest.approx(100.0)
    assert profile.statistical_neighbours(z, ["missing"]).empty
    excluded = profile.statistical_neighbours(z, ["t1"], exclude={"t2", "near"}, n=1)
    assert excluded["area_code"].tolist() == ["mid"]


def test_change_between_vintages_only_where_areas_map_across():
    links = pd.DataFrame(
        {
            "old": ["a", "b", "b", "c", "d", "e"],
            "new": ["A", "B1", "B2", "CD", "CD", "E"],
            "change": ["U", "S", "S", "M", "M", "X"],
        }
    )
    old = pd.Series({"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0, "e": 50.0})
    new = pd.Series({"A": 15.0, "B1": 25.0, "B2": 18.0, "CD": 1.0, "E": 2.0})
    out = profile.change_between(
        old, new, links, ["A", "B1", "B2", "CD", "E"]
    ).set_index("area_code")
    assert out.loc["A", "difference"] == 5.0
    assert out.loc["B2", "old"] == 20.0 and out.loc["B2", "difference"] == -2.0
    assert np.isnan(out.loc["CD", "old"]) and out.loc["CD", "change"] == "M"
    assert np.isnan(out.loc["E", "difference"])
