from __future__ import annotations

import pandas as pd

from hearthcore import focus


def areas():
    # a-b-c-d-e-f in a row; a, b and e are high need (decile 1-2).
    return pd.DataFrame(
        {
            "decile": [1, 2, 6, 7, 2, 8],
            "ward_code": ["W1", "W1", "W1", "W2", "W2", "W2"],
            "ward_name": ["East", "East", "East", "West", "West", "West"],
            "population": [1500.0, 1500.0, 1500.0, 1500.0, 1500.0, 1500.0],
            "affected": [600.0, 500.0, 100.0, 50.0, 200.0, 40.0],
        },
        index=list("abcdef"),
    )


NEIGHBOURS = {
    "a": {"b"},
    "b": {"a", "c"},
    "c": {"b", "d"},
    "d": {"c", "e"},
    "e": {"d", "f"},
    "f": {"e"},
}
PLACES = pd.DataFrame(
    {
        "name": ["Clayton Brook", "Chorley"],
        "kind": ["Suburban Area", "Town"],
        "area_code": ["a", "b"],
    }
)


def test_it_proposes_contiguous_neighbourhoods_first_then_pockets():
    proposals = focus.propose(areas(), NEIGHBOURS, PLACES)
    assert [(p.name, p.kind, p.areas) for p in proposals] == [
        ("Clayton Brook", "neighbourhood", ("a", "b")),
        ("West", "pocket", ("e",)),
    ]
    first = proposals[0]
    assert (
        first.priority == 1
        and first.affected == 1100
        and first.in_most_deprived_10 == 1
    )
    assert (
        "2 contiguous LSOAs" in first.reason and "1,100 people affected" in first.reason
    )
    assert "rest of West ward averages decile 7.5" in proposals[1].reason


def test_small_clusters_are_lower_volume():
    frame = areas()
    frame.loc["e", "ward_code"] = "W3"  # alone in its ward: not a pocket
    proposals = focus.propose(frame, NEIGHBOURS, PLACES, lower_volume_people=300)
    assert [p.kind for p in proposals] == ["neighbourhood", "lower volume"]


def test_records_are_json_ready():
    import json

    records = focus.to_records(focus.propose(areas(), NEIGHBOURS, PLACES))
    assert json.loads(json.dumps(records))[0]["areas"] == ["a", "b"]


def chain(wards: list[str], deciles: list[int]) -> tuple[pd.DataFrame, dict]:
    codes = [f"L{i}" for i in range(len(wards))]
    frame = pd.DataFrame(
        {
            "decile": deciles,
            "ward_code": wards,
            "ward_name": [f"Ward {w}" for w in wards],
            "population": [1600.0] * len(codes),
            "affected": [500.0] * len(codes),
        },
        index=codes,
    )
    adjacency = {
        c: {codes[j] for j in (i - 1, i + 1) if 0 <= j < len(codes)}
        for i, c in enumerate(codes)
    }
    return frame, adjacency


def test_a_large_cluster_across_wards_is_split_at_the_ward_boundaries():
    # Five contiguous high-need LSOAs over three wards (like Chorley town).
    frame, adjacency = chain(["A", "A", "B", "C", "C"], [1, 1, 1, 2, 2])
    proposals = focus.propose(frame, adjacency, PLACES.iloc[0:0])
    assert sorted(p.areas for p in proposals) == [("L0", "L1"), ("L2",), ("L3", "L4")]
    assert {p.name for p in proposals} == {"Ward A", "Ward B", "Ward C"}
    assert all("split at the ward boundary" in p.reason for p in proposals)
    assert all(p.extra["cluster"] == ["L0", "L1", "L2", "L3", "L4"] for p in proposals)


def test_a_small_cluster_across_a_ward_boundary_stays_whole():
    frame, adjacency = chain(["A", "B"], [1, 1])
    proposals = focus.propose(frame, adjacency, PLACES.iloc[0:0])
    assert [p.areas for p in proposals] == [("L0", "L1")]
    assert "split" not in proposals[0].reason


def test_proposals_never_share_a_name():
    frame, adjacency = chain(["A", "A", "B", "B", "B", "B"], [1, 1, 8, 1, 8, 1])
    # Two separate clusters in ward B, no place names inside either.
    proposals = focus.propose(frame, adjacency, PLACES.iloc[0:0])
    names = [p.name for p in proposals]
    assert len(names) == len(set(names))


def test_review_flags_bands_that_straddle_the_threshold():
    from hearthcore.focus import review

    then = pd.Series({"A": 1.0, "B": 1.0, "C": 3.0})
    now = pd.Series({"A": 2.0, "B": 1.0, "C": 2.0})
    bands = pd.DataFrame(
        {"band_low": [150.0, 10.0, 190.0], "band_high": [260.0, 60.0, 199.0]},
        index=["A", "B", "C"],
    )
    result = review([(7, "X", ["A", "B", "C"])], then, now, bands=bands, cut_rank=200)
    item = result["communities"][0]
    assert item["straddling"] == ["A"]  # 150 to 260 crosses rank 200
    assert item["joined"] == ["C"] and item["left"] == []
    assert item["areas"][0]["band"] == [150.0, 260.0]


def test_carry_deciles_keeps_the_most_deprived_part():
    from hearthcore.focus import carry_deciles

    old = pd.Series({"o1": 3.0, "o2": 1.0, "o3": 7.0})
    carried = carry_deciles(old, {"n1": ["o1", "o2"], "n2": ["o3"], "n3": ["missing"]})
    assert carried.to_dict() == {"n1": 1.0, "n2": 7.0}
