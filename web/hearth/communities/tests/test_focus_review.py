"""Reviewing the focus against an earlier index run, and recording decisions."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hearth.areas.models import encode_codes, encode_values
from hearth.areas.tests.factories import PRESTON, lsoa_code
from hearth.communities import curation, review
from hearth.communities.models import CommunityEvent, FocusReview
from hearth.indices.models import IndexRun

from .test_focus_command import england  # noqa: F401 - the fixture


def _old_run(deciles: dict[str, int]) -> IndexRun:
    codes = [lsoa_code(i) for i in range(10)]
    values = np.array([float(deciles.get(c, 10)) for c in codes])
    lads = ["E07000118"] * 4 + [PRESTON] * 6
    return IndexRun.objects.create(
        recipe="simple",
        title="An earlier run",
        recipe_checksum="old",
        data_key="old",
        datasets={"iod2025": {"release": "earlier"}},
        geography="lsoa21",
        areas=10,
        area_codes=encode_codes(codes),
        groups=encode_codes(lads),
        score=encode_values(values),
        rank=encode_values(values),
        decile=encode_values(values),
        local_rank=encode_values(values),
        local_decile=encode_values(values),
    )


@pytest.fixture
def setting(england, personas):  # noqa: F811
    community = curation.create(
        name="Preston West",
        lad_code=PRESTON,
        areas=["E01000006", "E01000007"],
        by=None,
        note="Earlier focus",
    )
    old = _old_run({"E01000006": 2, "E01000007": 1, "E01000008": 5, "E01000009": 5})
    return community, old


def test_the_review_shows_areas_that_left_and_new_clusters(setting):
    _community, old = setting
    result = review.compare(PRESTON, old.pk, "simple")
    (item,) = result["communities"]
    assert item["name"] == "Preston West"
    assert item["left"] == ["E01000006", "E01000007"]
    assert (
        item["all_left"] and item["high_need_then"] == 2 and item["high_need_now"] == 0
    )
    (new,) = result["new_proposals"]
    assert new["areas"] == ["E01000008", "E01000009"] and new["high_need_then"] == 0
    assert result["since"]["run"] == old.pk and result["now"]["recipe"] == "simple"
    assert result["bands"] is False


def test_the_review_command_prints_json_and_text(setting):
    _community, old = setting
    out = StringIO()
    call_command(
        "focus",
        "review",
        PRESTON,
        "--since",
        str(old.pk),
        "--recipe",
        "simple",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert set(data) >= {
        "lad",
        "since",
        "now",
        "communities",
        "new_proposals",
        "decisions",
    }
    assert data["communities"][0]["areas"][0] == {
        "code": "E01000006",
        "decile_then": 2,
        "decile_now": 4,
        "left": True,
        "joined": False,
        "straddles": False,
        "band": None,
        "name": "Preston 006A",
    }
    out = StringIO()
    call_command(
        "focus",
        "review",
        PRESTON,
        "--since",
        str(old.pk),
        "--recipe",
        "simple",
        stdout=out,
    )
    assert "left the most deprived 20%: E01000006, E01000007" in out.getvalue()
    with pytest.raises(CommandError, match="--since RUN"):
        call_command("focus", "review", PRESTON)
    with pytest.raises(CommandError, match="no stored index run 999"):
        call_command("focus", "review", PRESTON, "--since", "999", "--recipe", "simple")
    # The proposals form of the command still works.
    out = StringIO()
    call_command("focus", PRESTON, "--recipe", "simple", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["lad"] == PRESTON


def test_a_decision_sets_the_next_review(setting, personas):
    community, old = setting
    today = date(2026, 12, 1)
    decision = review.decide(
        lad_code=PRESTON,
        community=community,
        decision="end",
        reason="No longer in the most deprived 20%",
        since=old,
        now=None,
        by=personas.olivia,
        today=today,
    )
    community.refresh_from_db()
    assert community.review_due == today + timedelta(days=365) == decision.next_review
    event = CommunityEvent.objects.get(action="focus reviewed")
    assert event.details["decision"] == "End the focus on this community"
    with pytest.raises(review.ReviewError, match="Say why"):
        review.decide(
            lad_code=PRESTON,
            community=community,
            decision="continue",
            reason=" ",
            since=None,
            now=None,
            by=None,
        )
    with pytest.raises(review.ReviewError, match="Choose the community"):
        review.decide(
            lad_code=PRESTON,
            community=None,
            decision="widen",
            reason="x",
            since=None,
            now=None,
            by=None,
        )
    new = review.decide(
        lad_code=PRESTON,
        community=None,
        decision="start",
        reason="New cluster",
        since=None,
        now=None,
        by=None,
        next_review=today + timedelta(days=90),
        today=today,
    )
    assert new.community is None and FocusReview.objects.count() == 2


def test_the_review_page(setting, personas, client):
    community, old = setting
    url = (
        reverse("communities:review-for", args=[PRESTON])
        + f"?since={old.pk}&recipe=simple"
    )
    client.force_login(personas.anna)
    body = client.get(url).content.decode()
    assert "Left the most deprived 20%" in body and "Record a decision" not in body
    assert (
        client.post(
            url, {"community": community.pk, "decision": "continue", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(personas.olivia)
    response = client.post(
        reverse("communities:review-for", args=[PRESTON]),
        {
            "since": old.pk,
            "community": community.pk,
            "decision": "narrow",
            "reason": "",
        },
    )
    assert response.status_code == 400 and "Say why" in response.content.decode()
    response = client.post(
        reverse("communities:review-for", args=[PRESTON]),
        {
            "since": old.pk,
            "community": community.pk,
            "decision": "narrow",
            "reason": "Keep the pocket",
            "next_review_day": "1",
            "next_review_month": "6",
            "next_review_year": str(date.today().year + 1),
        },
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.review_due == date(date.today().year + 1, 6, 1)
    client.force_login(personas.max)
    assert client.get(url).status_code == 403
