from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hearth.areas.tests.factories import build_england
from hearth.assets.models import Asset

from .factories import make_asset


@pytest.fixture
def england(db, settings, tmp_path):
    from hearth.communities.tests.test_focus_command import RECIPE

    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    codes = build_england()["lsoas"]
    # One GP in the first Chorley LSOA, one library in the third.
    make_asset(0, name="Surgery", category="gp-practice")
    make_asset(2, name="Library", category="library")
    make_asset(3, name="Old library", category="library", status=Asset.Status.ARCHIVED)
    return codes


def test_gap_command_lists_distances_and_high_need_low_asset_areas(england):
    out = io.StringIO()
    call_command(
        "assets",
        "gap",
        "E07000118",
        "--recipe",
        "simple",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    categories = {c["category"]: c for c in data["categories"]}
    assert set(categories) == {"gp-practice", "library"}  # archived assets do not count
    assert categories["library"]["assets_in_area"] == 1
    areas = {(a["area_code"], a["category"]): a for a in data["areas"]}
    # Residents are placed by postcode (E01000000 has one) or LSOA centre.
    assert areas[("E01000000", "gp-practice")]["mean_distance_m"] == pytest.approx(
        0.0, abs=500
    )
    assert areas[("E01000003", "library")]["mean_distance_m"] > 0
    # E01000003 is Chorley's most deprived test LSOA and has no asset.
    assert any(a["area_code"] == "E01000003" for a in data["high_need_low_assets"])
    with pytest.raises(CommandError, match="no local authority"):
        call_command("assets", "gap", "E99999999")
    with pytest.raises(CommandError, match="income"):
        call_command("assets", "gap", "E07000118")  # imd2025 needs the domains


def test_gap_page_is_for_staff_who_see_analysis(england, client, personas):
    url = reverse("assets:gap-for", args=["E07000118"])
    assert client.get(url).status_code == 302
    client.force_login(personas.anna)
    body = client.get(url, {"recipe": "simple"}).content.decode()
    assert "High need, low assets" in body and "<svg" in body and 'id="gap-map"' in body
    shapes = client.get(
        reverse("assets:gap-map", args=["E07000118"]), {"recipe": "simple"}
    ).json()
    groups = {
        f["properties"]["area_code"]: f["properties"]["quadrant"]
        for f in shapes["features"]
    }
    assert len(groups) == 4 and groups["E01000003"] == "high need, low assets"
    bad = client.get(
        reverse("assets:gap-map", args=["E07000118"])
    )  # imd2025 needs the domains
    assert bad.status_code == 409 and "detail" in bad.json()
