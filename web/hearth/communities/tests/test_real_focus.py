"""Focus proposals for Chorley on the real data: places residents recognise."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.communities.services import propose_for

pytestmark = pytest.mark.realdata


def test_chorley_town_is_proposed_as_separate_neighbourhoods(db, real_data):
    result = propose_for("E07000118")
    names = [c["name"] for c in result["communities"]]
    assert len(names) == len(set(names))
    for item in result["communities"]:
        # Each proposal lies in one ward, or is a small cluster.
        assert len(item["wards"]) == 1 or len(item["areas"]) <= 3, item
    moor = next(c for c in result["communities"] if c["name"] == "Chorley Moor")
    assert set(moor["areas"]) == {"E01024940", "E01024941"}
    assert "split at the ward boundary" in moor["reason"]
    assert {"Clayton Brook", "Astley Village"} <= set(names)


def test_the_proposals_page_names_lsoas(db, real_data, client, personas):
    client.force_login(personas.olivia)
    body = client.get(reverse("communities:proposals")).content.decode()
    assert "Chorley 010D" in body and "Chorley Moor" in body


def test_search_shows_one_district_and_one_lsoa_per_postcode(db, real_data, client):
    from hearth.areas.search import search

    hits, _problem = search("Chorley")
    assert [h.code for h in hits].count("E07000118") == 1
    hits, _problem = search("PR7 1DP")
    assert len(hits) == len({h.code for h in hits})


def test_the_focus_review_compares_iod_2019_with_iod_2025(db, real_data):
    from hearth.communities import curation, review
    from hearth.indices import services as indices
    from hearth.indices.models import IndexRun

    moor = next(
        c
        for c in propose_for("E07000118")["communities"]
        if c["name"] == "Chorley Moor"
    )
    curation.accept(
        moor, lad_code="E07000118", geography="lsoa21", by=None, note="Test"
    )
    indices.run(indices.load_recipe("imd2019"))
    old = IndexRun.objects.get(recipe="imd2019")
    assert old.geography == "lsoa11"
    result = review.compare("E07000118", old.pk, "imd2025")
    (item,) = result["communities"]
    # Both LSOAs carry a 2019 decile through the ONS lookup.
    assert all(a["decile_then"] is not None for a in item["areas"])
    assert all(a["decile_now"] in (1, 2) for a in item["areas"])
    assert item["high_need_now"] == 2
    # Clayton Brook and the others are proposed but not yet communities.
    names = {p["name"] for p in result["new_proposals"]}
    assert "Clayton Brook" in names
