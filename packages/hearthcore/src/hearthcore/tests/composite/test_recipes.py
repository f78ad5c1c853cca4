from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hearthcore import composite
from hearthcore.composite import RecipeError, compute_index, loads
from hearthcore.composite.transforms import TRANSFORMS, iod_exponential

TWO = """
[recipe]
name = "two"
missing = "{missing}"
[[indicators]]
id = "a"
dataset = "d"
column = "a"
[[indicators]]
id = "b"
dataset = "d"
column = "b"
direction = "lower_is_worse"
[[domains]]
id = "first"
indicators = ["a"]
weight = 0.75
[[domains]]
id = "second"
indicators = ["b"]
weight = 0.25
"""


def frame(a, b, index=None):
    return pd.DataFrame(
        {"d.a": a, "d.b": b}, index=index or [f"E0100000{i}" for i in range(len(a))]
    )


def test_it_weights_domains_and_flips_directions():
    result = compute_index(
        loads(TWO.format(missing="fail")), frame([1.0, 2.0, 3.0], [3.0, 2.0, 1.0])
    )
    # b is lower-is-worse, so it is negated: scores 0.75a - 0.25b.
    assert result.scores["score"].round(3).tolist() == [0.0, 1.0, 2.0]
    assert result.scores["rank"].tolist() == [3.0, 2.0, 1.0]
    assert result.weights == {"first": 0.75, "second": 0.25}


def test_deciles_and_local_bands_follow_the_iod_convention():
    values = [float(v) for v in range(20)]
    groups = pd.Series(
        ["A"] * 10 + ["B"] * 10, index=[f"E0100{i:04d}" for i in range(20)]
    )
    result = compute_index(
        loads(TWO.format(missing="fail")),
        frame(values, [0.0] * 20, list(groups.index)),
        groups=groups,
    )
    scores = result.scores
    assert scores.loc["E01000019", ["rank", "decile", "quintile"]].tolist() == [
        1.0,
        1.0,
        1.0,
    ]
    assert scores.loc["E01000000", "decile"] == 10
    assert scores.loc["E01000009", ["local_rank", "local_decile"]].tolist() == [
        1.0,
        1.0,
    ]
    assert scores.loc["E01000010", "local_decile"] == 10


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("drop", 2), ("impute_mean", 3), ("impute_median", 3)],
)
def test_missing_value_policies(policy, expected):
    result = compute_index(
        loads(TWO.format(missing=policy)), frame([1.0, np.nan, 3.0], [1.0, 2.0, 3.0])
    )
    assert len(result.scores) == expected
    assert result.missing[0].indicator == "d.a" and result.missing[0].missing == 1


def test_missing_values_fail_by_name():
    with pytest.raises(RecipeError, match=r"d.a has 1 \(e.g. E01000001\)"):
        compute_index(
            loads(TWO.format(missing="fail")),
            frame([1.0, np.nan, 3.0], [1.0, 2.0, 3.0]),
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace("weight = 0.25", "weight = 0.5"),
            "domain weights sum to 1.25, not 1",
        ),
        (
            lambda t: t.replace('indicators = ["b"]', "indicators = []"),
            "Domain 'second' is empty",
        ),
        (
            lambda t: t.replace('indicators = ["b"]', 'indicators = ["bb"]'),
            "unknown indicator 'bb'. Did you mean 'b'?",
        ),
        (
            lambda t: t.replace('direction = "lower_is_worse"', 'direction = "down"'),
            "Unknown direction",
        ),
        (lambda t: t.replace('id = "b"', 'id = "a"'), "Indicator id 'a' is used twice"),
        (
            lambda t: t + '\n[combine]\naggregation = "median"\n',
            "Unknown aggregation 'median'",
        ),
        (
            lambda t: t.replace(
                '[[indicators]]\nid = "a"',
                '[[indicators]]\ntransform = "cube"\nid = "a"',
            ),
            "Unknown transformation",
        ),
    ],
)
def test_bad_recipes_name_the_problem(change, message):
    with pytest.raises(
        RecipeError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\."),
    ):
        loads(change(TWO.format(missing="fail")))


def test_unknown_columns_and_non_numeric_data_are_named():
    recipe = loads(TWO.format(missing="fail"))
    with pytest.raises(
        RecipeError, match=r"unknown column 'b' in dataset 'd'. Close matches: d.bb"
    ):
        compute_index(
            recipe, pd.DataFrame({"d.a": [1.0], "d.bb": [1.0]}, index=["E01000001"])
        )
    with pytest.raises(RecipeError, match=r"not numeric: 'n/a' for area E01000002"):
        compute_index(
            recipe,
            pd.DataFrame(
                {"d.a": ["1", "n/a"], "d.b": [1.0, 2.0]},
                index=["E01000001", "E01000002"],
            ),
        )


def test_every_transformation_keeps_the_order_of_need():
    x = np.array([5.0, 1.0, 3.0, 10.0, 2.0])
    for name, function in TRANSFORMS.items():
        out = function(x)
        assert np.argsort(out).tolist() == np.argsort(x).tolist(), name


def test_the_iod_exponential_transformation_matches_its_formula():
    n = 1000
    out = iod_exponential(np.arange(1.0, n + 1))
    r = np.arange(1, n + 1) / n
    assert np.allclose(out, -23 * np.log(1 - r * (1 - np.exp(-100 / 23))))
    assert out[-1] == pytest.approx(100.0)


def test_data_driven_weights_favour_correlated_parts():
    rng = np.random.default_rng(3)
    base = rng.normal(size=1000)
    matrix = np.column_stack(
        [
            base + rng.normal(scale=0.3, size=1000),
            base + rng.normal(scale=0.3, size=1000),
            rng.normal(size=1000),
        ]
    )
    for method in ("pca", "factor"):
        w = composite.data_driven_weights(matrix, method)
        assert w.sum() == pytest.approx(1.0)
        assert w[2] < w[0] / 3, method


def test_geometric_mean_penalises_imbalance():
    m = np.array([[50.0, 50.0], [0.0, 100.0], [100.0, 0.0]])
    arithmetic = composite.aggregate(m, np.array([0.5, 0.5]), "arithmetic")
    geometric = composite.aggregate(m, np.array([0.5, 0.5]), "geometric")
    assert arithmetic[0] == arithmetic[1]
    assert geometric[0] > geometric[1]


def test_summary_extent_uses_the_sliding_scale():
    recipe = loads(TWO.format(missing="fail"))
    codes = [f"E0100{i:04d}" for i in range(100)]
    result = compute_index(
        recipe, frame([float(v) for v in range(100)], [0.0] * 100, codes)
    )
    # The group holds the areas ranked 1 (weight 1) and 20 (weight (30-20)/20 = 0.5).
    groups = pd.Series("other", index=codes)
    groups[codes[99]] = "G"
    groups[codes[80]] = "G"
    summary = composite.summarise(result, groups, pd.Series(100.0, index=codes))
    assert summary.loc["G", "extent"] == pytest.approx(0.75)
    assert summary.loc["G", "share_most_deprived_10"] == 0.5
    assert summary.loc["G", "share_most_deprived_20"] == 1.0
    assert summary.loc["G", "average_rank"] == pytest.approx(10.5)


def test_better_or_worse_than_expected():
    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    y = x + rng.normal(scale=0.1, size=300)
    y[5] -= 3
    out = composite.expected(
        pd.DataFrame({"stress": x, "outcome": y}), ["outcome"], ["stress"]
    )
    assert out.loc[5, "outcome.flag"] == "better than expected"
    assert (out["outcome.flag"] == "as expected").mean() > 0.9


def test_uncertainty_is_reproducible_and_brackets_the_reference():
    rng = np.random.default_rng(1)
    data = frame(
        rng.normal(size=200).tolist(),
        rng.normal(size=200).tolist(),
        [f"E0100{i:04d}" for i in range(200)],
    )
    recipe = loads(TWO.format(missing="fail"))
    first = composite.uncertainty(recipe, data, runs=120, seed=7)
    again = composite.uncertainty(recipe, data, runs=120, seed=7)
    pd.testing.assert_frame_equal(first.ranks, again.ranks)
    ranks = first.ranks
    assert (
        (ranks["rank_p05"] <= ranks["median_rank"])
        & (ranks["median_rank"] <= ranks["rank_p95"])
    ).all()
    assert set(first.sensitivity.index) == {
        "weights",
        "normalisation",
        "aggregation",
        "dropped indicator",
    }


def test_every_shipped_recipe_validates_and_explains_itself():
    for name in composite.shipped():
        recipe = composite.load(name)
        text = composite.explain(recipe)
        assert recipe.title in text and "## Indicators" in text
        assert all(spec.why and spec.source for spec in recipe.indicators), name


def test_an_unknown_recipe_suggests_a_name():
    with pytest.raises(RecipeError, match="Did you mean 'imd2025'"):
        composite.load("imd2052")


def test_a_domain_mixing_raw_and_normalised_indicators_is_refused():
    text = """
[recipe]
name = "mixed"
[[indicators]]
id = "turnover"
dataset = "census2021_tenure"
column = "private_rented_prop"
transform = "rankit"
[[indicators]]
id = "assets"
dataset = "assets"
column = "assets_per_1000"
direction = "lower_is_worse"
[[domains]]
id = "social"
indicators = ["turnover", "assets"]
weight = 1.0
"""
    with pytest.raises(composite.RecipeError) as error:
        composite.loads(text)
    message = str(error.value)
    assert "Domain 'social' mixes indicators on different scales" in message
    assert "as published: assets (none)" in message
    assert "standardised: turnover (rankit)" in message
    fixed = text.replace(
        'direction = "lower_is_worse"',
        'direction = "lower_is_worse"\ntransform = "zscore"',
    )
    assert composite.loads(fixed).name == "mixed"


def test_domains_on_different_scales_are_refused_when_combined():
    text = """
[recipe]
name = "mixed"
[[indicators]]
id = "a"
dataset = "d"
column = "a"
transform = "rank"
weight = 0.5
[[indicators]]
id = "b"
dataset = "d"
column = "b"
transform = "zscore"
weight = 0.5
"""
    with pytest.raises(composite.RecipeError, match="The combination mixes"):
        composite.loads(text)


def test_the_numpy_ranks_and_normal_quantiles_match_scipy():
    import numpy as np
    from scipy import stats

    from hearthcore.composite.transforms import average_ranks, rankit

    rng = np.random.default_rng(3)
    values = np.round(rng.normal(size=5_000), 1)  # many ties
    assert np.array_equal(
        average_ranks(values), stats.rankdata(values, method="average")
    )
    with_gaps = values.copy()
    with_gaps[::7] = np.nan
    expected = np.full(with_gaps.shape, np.nan)
    ok = ~np.isnan(with_gaps)
    ranks = stats.rankdata(with_gaps[ok], method="average")
    expected[ok] = stats.norm.ppf((ranks - 0.5) / ok.sum())
    assert np.allclose(rankit(with_gaps), expected, equal_nan=True, atol=1e-12)
