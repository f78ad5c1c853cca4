from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hearth.areas.tests.factories import CHORLEY, build_england

RECIPE = """
[recipe]
name = "simple"
title = "Simple test index"
geography = "lsoa21"
[[indicators]]
id = "imd"
dataset = "iod2025"
column = "imd_score"
weight = 1.0
why = "Test."
source = "Test data."
"""


@pytest.fixture
def england(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    return build_england()


def test_index_run_writes_area_code_score_rank_and_decile(england):
    out = StringIO()
    call_command(
        "index", "run", "simple", "--area", CHORLEY, stdout=out, stderr=StringIO()
    )
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith(
        "area_code,lad_code,score,rank,decile,quintile,local_rank,local_decile"
    )
    assert len(lines) == 5
    first = lines[1].split(",")
    # The most deprived LSOA in Chorley (score 4) is ranked 7th of 10 nationally.
    assert first[0] == "E01000003" and first[3] == "7" and first[4] == "7"


def test_index_run_as_json(england, tmp_path):
    target = tmp_path / "out.json"
    call_command(
        "index",
        "run",
        "simple",
        "--format",
        "json",
        "--out",
        str(target),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    rows = json.loads(target.read_text())
    # Score i + 1 for LSOA i: the most need (highest score) ranks first.
    assert [r["area_code"] for r in rows] == [f"E0100000{i}" for i in range(9, -1, -1)]
    assert [r["rank"] for r in rows] == list(range(1, 11))
    assert [r["decile"] for r in rows] == list(range(1, 11))
    by_code = {r["area_code"]: r for r in rows}
    # Within Chorley (LSOAs 0-3) LSOA 3 has most need: local rank 1 of 4.
    assert by_code["E01000003"]["local_rank"] == 1
    assert by_code["E01000000"]["local_rank"] == 4
    assert by_code["E01000003"]["lad_code"] == CHORLEY


def test_a_recipe_needing_missing_data_names_it(england):
    with pytest.raises(
        CommandError, match="unknown column 'income_rank' in dataset 'iod2025'"
    ):
        call_command("index", "run", "imd2025", stdout=StringIO(), stderr=StringIO())


def test_explain_prints_the_methodology(db):
    out = StringIO()
    call_command("index", "explain", "resilience", stdout=out)
    assert "Structural conditions" in out.getvalue() and "## Caveats" in out.getvalue()


def test_uncertainty_gives_an_interval_per_area(england):
    out = StringIO()
    call_command(
        "index", "uncertainty", "simple", "--runs", "60", stdout=out, stderr=StringIO()
    )
    lines = out.getvalue().splitlines()
    assert (
        lines[0]
        == "area_code,lad_code,rank,median_rank,rank_p05,rank_p95,interval_width"
    )
    rows = [
        dict(zip(lines[0].split(","), line.split(","), strict=True))
        for line in lines[1:]
    ]
    assert len(rows) == 10
    for row in rows:
        # A single indicator: weights and aggregation cannot move the ranks,
        # so every band is the area's own rank.
        assert (
            float(row["rank_p05"])
            <= float(row["median_rank"])
            <= float(row["rank_p95"])
        )
        assert float(row["rank_p05"]) == float(row["rank"]) == float(row["rank_p95"])


def test_each_run_is_stored_once_per_recipe_and_data(england):
    from hearth.indices import services
    from hearth.indices.models import IndexRun

    call_command("index", "run", "simple", stdout=StringIO(), stderr=StringIO())
    services._run.cache_clear()
    call_command("index", "run", "simple", stdout=StringIO(), stderr=StringIO())
    run = IndexRun.objects.get()
    assert run.recipe == "simple" and run.areas == 10
    assert run.datasets["iod2025"]["checksum"] == "0" * 64
    stored = services.stored_scores(run)
    assert (
        stored.loc["E01000009", "rank"] == 1
        and stored.loc["E01000003", "local_rank"] == 1
    )
    assert stored.loc["E01000003", "lad_code"] == CHORLEY
    services.bands(services.load_recipe("simple"), runs=40)
    run.refresh_from_db()
    assert run.band_runs == 40
    assert services.stored_scores(run).loc["E01000009", "band_low"] == 1
    out = StringIO()
    call_command("index", "runs", "--format", "json", stdout=out)
    [listed] = json.loads(out.getvalue())
    assert listed["id"] == run.pk and listed["band_runs"] == 40


def test_the_index_pages_and_the_what_if_panel(england, client, personas):
    assert (
        client.get(reverse("indices:methodology", args=["imd2025"])).status_code == 200
    )
    url = reverse("indices:lad", args=["simple", CHORLEY])
    response = client.get(url)
    assert response.status_code == 200 and "What if" not in response.content.decode()
    client.force_login(personas.anna)
    response = client.get(url, {"what_if": "1", "weight_imd": "abc"})
    assert "Enter the weight for Imd as a percentage" in response.content.decode()
    response = client.get(url, {"what_if": "1", "weight_imd": "50"})
    assert "What-if rank" in response.content.decode()
    assert (
        client.get(reverse("indices:lad", args=["imd2025", CHORLEY])).status_code == 409
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_index_pages_have_no_accessibility_violations(page, settings, tmp_path):
    from hearth.core.tests.browser import axe_violations

    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    build_england()
    for path in [
        "/indices/",
        "/indices/resilience/",
        f"/indices/simple/lad/{CHORLEY}/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path


def test_the_index_map_data_and_uncertainty_bands(england, client):
    data = json.loads(
        client.get(reverse("indices:lad-geojson", args=["simple", CHORLEY])).content
    )
    assert len(data["features"]) == 4
    deciles = {f["properties"]["national_decile"] for f in data["features"]}
    # Chorley's scores are the lowest four of ten: deciles 7 to 10.
    assert deciles == {7.0, 8.0, 9.0, 10.0}
    body = client.get(reverse("indices:lad", args=["simple", CHORLEY])).content.decode()
    assert "Uncertainty band" in body


def test_expected_flags_areas_against_their_stresses(england):
    out = StringIO()
    call_command(
        "index",
        "expected",
        "--outcomes",
        "iod2025.imd_score",
        "--stresses",
        "iod2025.imd_rank",
        "--area",
        CHORLEY,
        stdout=out,
    )
    lines = out.getvalue().strip().splitlines()
    assert (
        lines[0]
        == "area_code,lad_code,iod2025.imd_score.residual,iod2025.imd_score.flag,iod2025.imd_score.r2"
    )
    assert len(lines) == 5


def test_diagnose_reports_alpha_and_influence(england):
    out = StringIO()
    call_command("index", "diagnose", "simple", stdout=out)
    assert "Cronbach's alpha per domain" in out.getvalue()
    assert "Spearman correlations" in out.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_what_if_ranks_move_as_soon_as_a_weight_changes(page, settings, tmp_path):
    from playwright.sync_api import expect

    from hearth.core.tests.browser import sign_in

    settings.VAR_DIR = tmp_path
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "simple.toml").write_text(RECIPE)
    build_england()
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory, council

    UserFactory(username="anna", roles=[(council(), Role.ANALYST)])
    sign_in(page, "anna")
    page.goto(f"/indices/simple/lad/{CHORLEY}/")
    page.get_by_label("Imd").fill("40")
    expect(page.locator("#what-if-status")).to_have_text(
        "Ranks updated with the new weights."
    )
    expect(page.locator("#index-table")).to_contain_text("What-if rank")
    assert page.csp_violations == []


def test_analysts_save_recipes_from_the_web(england, client, personas):
    url = reverse("indices:edit")
    client.force_login(personas.olivia)
    assert client.get(url).status_code == 403
    client.force_login(personas.anna)
    assert "Structural conditions" in client.get(url).content.decode()
    bad = RECIPE.replace('name = "simple"', 'name = "imd2025"')
    response = client.post(url, {"text": bad})
    assert "is a recipe shipped with Hearth" in response.content.decode()
    response = client.post(
        url, {"text": RECIPE.replace("weight = 1.0", "weight = 0.5")}
    )
    assert "govuk-error-summary" in response.content.decode()
    assert "weights sum to 0.5, not 1" in response.content.decode()
    mine = RECIPE.replace('name = "simple"', 'name = "my-index"').replace(
        "Simple test index", "My index"
    )
    response = client.post(url, {"text": mine})
    assert response.status_code == 302
    assert (
        client.get(reverse("indices:lad", args=["my-index", CHORLEY])).status_code
        == 200
    )
    from hearth.audit.models import AuditEvent

    assert AuditEvent.objects.filter(
        object_type="indices.savedrecipe", action="create", actor=personas.anna
    ).exists()
