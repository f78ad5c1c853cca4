"""A plan for a real proposed community, on the real data."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from hearth.communities.models import Community
from hearth.communities.services import propose_for

pytestmark = pytest.mark.realdata

PLAN = (
    "objective,action,lead_organisation,partners,start,due,status,progress,involvement\n"
    "Fewer home fires,Home fire safety checks,Lancashire Fire and Rescue Service,"
    "Chorley Council,2025-04-01,2025-09-30,in_progress,40,involve\n"
)


def test_a_proposed_community_gets_a_plan_with_its_real_profile(
    db, real_data, client, personas, tmp_path
):
    moor = next(
        c
        for c in propose_for("E07000118")["communities"]
        if c["name"] == "Chorley Moor"
    )
    out = io.StringIO()
    call_command(
        "communities",
        "create",
        "--name",
        "Chorley Moor",
        "--lad",
        "E07000118",
        "--areas",
        ",".join(moor["areas"]),
        "--reason",
        moor["reason"],
        stdout=out,
    )
    community = Community.objects.get(name="Chorley Moor")
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    call_command(
        "plans",
        "import",
        str(path),
        "--community",
        str(community.pk),
        "--create-organisations",
        stdout=io.StringIO(),
    )
    client.force_login(personas.olivia)
    body = client.get(
        reverse("plans:step", args=[community.pk, "people"])
    ).content.decode()
    assert "Residents: Chorley Moor" in body
    assert "The profile is not available" not in body
    body = client.get(
        reverse("plans:step", args=[community.pk, "services"])
    ).content.decode()
    assert "Assets" in body
    out = io.StringIO()
    call_command("plans", "export", "--format", "json", stdout=out)
    (item,) = json.loads(out.getvalue())["communities"]
    assert item["name"] == "Chorley Moor" and item["progress"] == 40.0
