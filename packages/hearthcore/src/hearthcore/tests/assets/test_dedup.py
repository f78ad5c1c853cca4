from __future__ import annotations

import time

import numpy as np
import pytest

from hearthcore.assets import find_duplicates, find_matches, name_similarity


def test_chorley_library_from_three_sources_is_found():
    names = ["Chorley Library", "Chorley Library", "Chorley", "Cohens Chemist"]
    lat = np.array([53.65451, 53.65452, 53.65460, 53.64953])
    lon = np.array([-2.63130, -2.63130, -2.63100, -2.63273])
    found = find_duplicates(
        names, lat, lon, categories=["warm-space", "library", "library", "pharmacy"]
    )
    pairs = {(c.left, c.right) for c in found}
    assert pairs == {(0, 1), (0, 2), (1, 2)}
    assert all(c.distance_m < 50 for c in found)
    assert found[0].score >= found[-1].score


def test_a_shared_category_raises_the_score():
    # Identical names; records 1 and 2 are each 50 m from record 0 (north
    # and south), so pairs (0, 1) and (0, 2) differ only by category.
    names = ["Chorley Library"] * 3
    step = 50 / 111_320  # degrees of latitude in 50 m
    lat = np.array([53.65451, 53.65451 + step, 53.65451 - step])
    lon = np.array([-2.63130] * 3)
    found = {
        (c.left, c.right): c
        for c in find_duplicates(
            names, lat, lon, categories=["library", "library", "warm-space"]
        )
    }
    assert found[(0, 1)].distance_m == pytest.approx(found[(0, 2)].distance_m, abs=1)
    assert found[(0, 1)].score == pytest.approx(found[(0, 2)].score + 0.1, abs=0.01)
    plain = {(c.left, c.right): c for c in find_duplicates(names, lat, lon)}
    assert plain[(0, 1)].score == pytest.approx(plain[(0, 2)].score, abs=0.005)


def test_different_pharmacies_100m_apart_are_not_duplicates():
    lat = np.array([53.6500, 53.6509])  # about 100 m apart
    lon = np.array([-2.6300, -2.6300])
    assert (
        find_duplicates(
            ["Boots", "Well Pharmacy"], lat, lon, categories=["pharmacy"] * 2
        )
        == []
    )
    assert find_duplicates(["Boots Pharmacy", "Lloyds Pharmacy"], lat, lon) == []


def test_far_apart_and_nan_never_match():
    lat = np.array([53.65, 53.70, np.nan, np.nan])
    lon = np.array([-2.63, -2.63, -2.63, np.nan])
    assert find_duplicates(["Chorley Library"] * 4, lat, lon) == []


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("The Chorley Library", "Chorley Library", 1.0, 1.0),
        ("St. Mary's Church & Hall", "Saint Marys Church and Hall", 1.0, 1.0),
        (
            "St Laurence's Church Chorley",
            "St Laurence's Wellbeing Hub - Chorley",
            0.6,
            1.0,
        ),
        ("Asda Pharmacy", "Tesco Instore Pharmacy", 0.0, 0.59),
        ("", "Hall", 0.0, 0.0),
    ],
)
def test_name_similarity(a, b, low, high):
    assert low <= name_similarity(a, b) <= high


def test_find_matches_indexes_new_then_existing():
    found = find_matches(
        ["Adlington Library", "New Place"],
        np.array([53.6151, 53.0]),
        np.array([-2.6014, -2.0]),
        ["Somewhere", "Adlington library"],
        np.array([53.7, 53.61509]),
        np.array([-2.6, -2.60136]),
    )
    assert [(c.left, c.right) for c in found] == [(0, 1)]


def test_hundred_thousand_points_in_a_few_seconds():
    rng = np.random.default_rng(1)
    n = 100_000
    lat = rng.uniform(50.5, 55.0, n)
    lon = rng.uniform(-4.0, 0.5, n)
    names = [f"Place {i % 5000}" for i in range(n)]
    # plant a known duplicate
    lat[10], lon[10] = lat[20] + 0.0002, lon[20]
    names[10] = names[20]
    start = time.perf_counter()
    found = find_duplicates(names, lat, lon)
    assert time.perf_counter() - start < 5
    assert (10, 20) in {(c.left, c.right) for c in found}
