from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hearthcore import access


def test_nearest_matches_brute_force():
    rng = np.random.default_rng(3)
    points = rng.uniform(0, 10_000, (2_000, 2))
    points[5] = np.nan
    assets = rng.uniform(0, 10_000, (50, 2))
    categories = np.array(["a", "b"] * 25)
    found = access.nearest_by_category(points, assets, categories)
    for category in ("a", "b"):
        members = np.flatnonzero(categories == category)
        d = np.sqrt(
            ((points[:, None, :] - assets[members][None, :, :]) ** 2).sum(axis=2)
        )
        expected = d.min(axis=1)
        got = found[category].distance_m
        assert np.isnan(got[5])
        ok = ~np.isnan(points).any(axis=1)
        assert np.allclose(got[ok], expected[ok])
        assert set(found[category].index[ok]) <= set(members)


def test_gap_analysis_weights_counts_and_missing_categories():
    points = pd.DataFrame(
        {
            "area_code": ["A", "A", "A", "B"],
            "x": [0.0, 0.0, 0.0, 5_000.0],
            "y": [0.0, 1_500.0, np.nan, 0.0],
            "weight": [3.0, 1.0, 1.0, 1.0],
        }
    )
    assets = pd.DataFrame(
        {
            "category": ["gp", "gp"],
            "x": [0.0, 9_000.0],
            "y": [0.0, 0.0],
            "asset_area": ["A", "C"],
        }
    )
    out = access.gap_analysis(
        points,
        assets,
        pd.Series({"A": 4_000.0, "B": 0.0}),
        categories=["gp", "library"],
    )
    a = out[(out["area_code"] == "A") & (out["category"] == "gp")].iloc[0]
    # Weighted (3 x 0 m + 1 x 1,500 m) / 4; the unlocated point is left out.
    assert a["mean_distance_m"] == pytest.approx(375.0)
    assert a["share_within_1km"] == pytest.approx(0.75)
    assert a["assets_in_area"] == 1 and a["assets_per_1000"] == pytest.approx(0.25)
    b = out[(out["area_code"] == "B") & (out["category"] == "gp")].iloc[0]
    assert b["mean_distance_m"] == 4_000.0 and np.isnan(
        b["assets_per_1000"]
    )  # no residents
    library = out[out["category"] == "library"]
    assert (
        np.isinf(library["mean_distance_m"]).all()
        and (library["assets_in_area"] == 0).all()
    )
    summary = access.summarise(out, pd.Series({"A": 4_000.0, "B": 0.0}))
    assert summary.loc[("all", "gp"), "assets_in_area"] == 1.0


def test_need_versus_assets_quadrants():
    gap = pd.DataFrame(
        {
            "area_code": list("abcdefghij"),
            "category": "x",
            "assets_per_1000": [0.0, 3.0, 0.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0],
            "mean_distance_m": [
                2_000.0,
                200.0,
                2_000.0,
                200.0,
                200,
                200,
                200,
                200,
                200,
                200,
            ],
        }
    )
    need = pd.Series(
        dict(zip("abcdefghij", [10, 9, 1, 2, 3, 4, 5, 6, 7, 8], strict=True)),
        dtype=float,
    )
    out = access.need_versus_assets(need, gap).set_index("area_code")
    assert out.loc["a", "quadrant"] == "high need, low assets"
    assert out.loc["b", "quadrant"] == "high need, good assets"
    assert out.loc["c", "quadrant"] == "lower need, low assets"
    assert out.loc["d", "quadrant"] == "lower need, good assets"
    assert list(out.index[:1]) == ["a"]
    # Ranks (1 = most need) work the other way round.
    ranked = access.need_versus_assets(11 - need, gap, higher_need_is_worse=False)
    assert ranked.iloc[0]["area_code"] == "a"
    assert not ranked["quadrant"].isna().any()


def test_to_bng_keeps_missing_points_missing():
    xy = access.to_bng(np.array([np.nan, -2.6]), np.array([53.6, 53.6]))
    assert np.isnan(xy[0]).all() and not np.isnan(xy[1]).any()


def test_low_assets_agrees_with_the_assets_per_1000_shown():
    # "b" has the most assets per 1,000 but its residents live far from them
    # (a rural LSOA): it is not "low assets" on the figure the page shows.
    gap = pd.DataFrame(
        {
            "area_code": list("abcde"),
            "category": "x",
            "assets_per_1000": [0.0, 9.0, 2.0, 2.0, 2.0],
            "mean_distance_m": [500.0, 5_000.0, 300.0, 300.0, 300.0],
        }
    )
    need = pd.Series({"a": 5.0, "b": 4.0, "c": 3.0, "d": 2.0, "e": 1.0})
    out = access.need_versus_assets(need, gap, need_quantile=0.4).set_index("area_code")
    assert out.loc["a", "quadrant"] == "high need, low assets"
    assert out.loc["b", "quadrant"] == "high need, good assets"
    low = out[out["assets_low"]]
    assert (
        low["assets_per_1000"].max()
        <= out.loc[~out["assets_low"], "assets_per_1000"].min()
    )
