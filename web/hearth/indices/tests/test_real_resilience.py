"""The resilience index on the real data ranks deprived areas as in need."""

from __future__ import annotations

import pytest

from hearth.indices import services
from hearthcore import composite

pytestmark = pytest.mark.realdata


@pytest.fixture
def resilience(db, real_data):
    recipe = services.load_recipe("resilience")
    return recipe, services.run(recipe).result.scores


def test_chorleys_most_deprived_lsoa_is_among_the_least_resilient(resilience):
    _recipe, scores = resilience
    imd = services.run(services.load_recipe("imd2025")).result.scores
    assert imd.loc["E01024940", "decile"] == 1
    assert scores.loc["E01024940", "decile"] <= 2
    # Few of England's most deprived tenth land in the better half.
    most_deprived = imd.index[imd["decile"] == 1]
    better_half = (scores.loc[most_deprived, "decile"] >= 6).sum()
    assert better_half <= 10, better_half


def test_asset_density_joins_the_index_and_no_indicator_dominates(resilience):
    recipe, _scores = resilience
    data = services.frame_for(recipe)
    assert "assets.assets_per_1000" in data.columns
    diagnostics = composite.diagnose(recipe, data)
    influence = diagnostics.influence
    column = (
        "mean_abs_rank_shift"
        if "mean_abs_rank_shift" in influence
        else influence.columns[0]
    )
    shares = influence[column] / influence[column].sum()
    assert shares.max() < 0.35, shares.to_dict()
