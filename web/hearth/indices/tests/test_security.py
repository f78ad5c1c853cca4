"""What-if weights must be finite numbers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.areas.tests.factories import CHORLEY, build_england

from .test_run_indices import RECIPE


@pytest.fixture
def england(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    return build_england()


@pytest.mark.parametrize("weight", ["nan", "inf", "-inf", "1e400"])
def test_non_finite_what_if_weights_are_an_error_not_nan_ranks(
    england, client, personas, weight
):
    client.force_login(personas.anna)
    url = reverse("indices:lad", args=["simple", CHORLEY])
    body = client.get(url, {"what_if": "1", "weight_imd": weight}).content.decode()
    assert "Enter the weight for Imd as a percentage" in body
    assert "nan" not in body.lower().replace("nancy", "")
