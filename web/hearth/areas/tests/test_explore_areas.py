from __future__ import annotations

import json

import pytest
from django.urls import reverse

from hearth.areas import explorer
from hearth.areas.models import Geography
from hearth.areas.tests.factories import CHORLEY, build_england


@pytest.fixture
def england(db):
    return build_england()


def test_the_table_has_national_and_local_deciles(england):
    view = explorer.view_for(CHORLEY, Geography.LSOA21, "iod2025.imd_score", "national")
    frame = explorer.table(view).set_index("area_code")
    assert list(frame.index) == ["E01000000", "E01000001", "E01000002", "E01000003"]
    # Scores 1..10 over ten LSOAs: the highest score is rank 1 nationally.
    assert frame.loc["E01000003", "national_rank"] == 7
    assert frame.loc["E01000003", "national_decile"] == 7
    assert frame.loc["E01000003", "local_rank"] == 1
    assert frame.loc["E01000003", "local_decile"] == 3  # ceil(1 * 10 / 4)
    assert frame.loc["E01000000", "local_decile"] == 10
    assert frame.loc["E01000000", "ward_name"] == "Astley & Buckshaw"


def test_ranks_count_from_one_as_most_deprived(england):
    view = explorer.view_for(CHORLEY, Geography.LSOA21, "iod2025.imd_rank", "national")
    frame = explorer.table(view).set_index("area_code")
    # imd_rank: lower is worse, so the LSOA ranked 7 of 10 is the most need here.
    assert frame.loc["E01000003", "value"] == 7
    assert frame.loc["E01000003", "local_rank"] == 1


def test_the_authority_page_shows_a_sortable_table(england, client):
    url = reverse("areas:area", args=["lad24", CHORLEY])
    response = client.get(
        url, {"indicator": "iod2025.imd_score", "sort": "value", "order": "desc"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("E01000003") < body.index("E01000000")
    assert 'aria-sort="descending"' in body
    assert "Contains public sector information" in body


def test_the_geojson_has_each_lsoa_with_its_figures(england, client):
    url = reverse("api-1:lad_geojson", args=[CHORLEY])
    response = client.get(
        url, {"indicator": "iod2025.imd_score", "indicators": "iod2025.imd_rank"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert len(data["features"]) == 4
    first = data["features"][0]
    assert first["geometry"]["type"] == "Polygon"
    assert first["properties"]["iod2025.imd_rank"] == 10
    assert data["metadata"]["geography"] == "lsoa21"


@pytest.mark.parametrize(
    ("params", "status", "error"),
    [
        ({"indicator": "nope"}, 404, "unknown_indicator"),
        ({"indicator": "iod2025.nope"}, 404, "unknown_indicator"),
        (
            {"indicator": "iod2025.imd_score", "geography": "moon"},
            400,
            "unknown_geography",
        ),
        (
            {"indicator": "iod2025.imd_score", "geography": "ward24"},
            400,
            "bad_request",
        ),
        ({"indicator": "iod2025.imd_score", "scale": "galactic"}, 400, "bad_request"),
    ],
)
def test_the_api_answers_bad_requests_with_json_errors(
    england, client, params, status, error
):
    response = client.get(reverse("api-1:lad_geojson", args=[CHORLEY]), params)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["detail"]


def test_an_unknown_authority_is_a_404(england, client):
    response = client.get(
        reverse("api-1:values"), {"indicator": "iod2025.imd_score", "lad": "E99999999"}
    )
    assert response.status_code == 404 and response.json()["error"] == "unknown_area"


def test_a_missing_parameter_is_a_422_with_detail(england, client):
    response = client.get(reverse("api-1:values"), {"lad": CHORLEY})
    assert response.status_code == 422
    assert "indicator" in response.json()["detail"]


def test_areas_by_parent(england, client):
    response = client.get(
        reverse("api-1:areas"), {"parent": CHORLEY, "parent_geography": "lad24"}
    )
    assert {a["code"] for a in response.json()} == {"E05000001", "E05000002"}
    assert client.get(reverse("api-1:areas")).status_code == 400


def test_the_openapi_document_describes_the_endpoints(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/lads/{code}/geojson" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_download_as_csv_opens_in_excel(england, client):
    url = reverse("areas:download", args=[CHORLEY, "csv"])
    response = client.get(url, {"indicator": "iod2025.imd_score"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffarea_code,area_name,ward_code,ward_name,value")
    assert len(text.strip().splitlines()) == 5
    assert "Open Government Licence" in text


def test_download_as_geopackage_opens_in_gis(england, client, tmp_path):
    from pyogrio import read_info

    url = reverse("areas:download", args=[CHORLEY, "gpkg"])
    response = client.get(url, {"indicator": "iod2025.imd_score"})
    path = tmp_path / "out.gpkg"
    path.write_bytes(response.content)
    info = read_info(path)
    assert info["features"] == 4
    assert "value" in list(info["fields"])
    assert info["crs"] == "EPSG:4326"


def test_a_geopackage_download_leaves_no_files_behind(england, client):
    import tempfile
    from pathlib import Path

    before = set(Path(tempfile.gettempdir()).glob("hearth-gpkg-*"))
    url = reverse("areas:download", args=[CHORLEY, "gpkg"])
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert set(Path(tempfile.gettempdir()).glob("hearth-gpkg-*")) == before


def test_the_explorer_names_figures_in_words_and_leaves_out_raw_columns(
    england, client
):
    from hearth.areas.labels import explorer_label
    from hearth.areas.models import Indicator

    labels = {
        i.code: explorer_label(i)
        for i in Indicator.objects.select_related("dataset").filter(
            dataset__kind="iod2025"
        )
    }
    assert labels["imd_score"] == "Index of Multiple Deprivation: score"
    assert labels["imd_rank"] is None  # the score orders areas the same way
    body = client.get(reverse("areas:area", args=["lad24", CHORLEY])).content
    assert b"Index of Multiple Deprivation: score" in body
    assert b">imd_rank<" not in body and b">IMD rank<" not in body


def test_search_by_postcode_code_and_place(england, client):
    url = reverse("areas:search")
    assert client.get(url, {"q": "pr7 1dp"}).url == reverse(
        "areas:area", args=["lsoa21", "E01000000"]
    )
    assert client.get(url, {"q": "E01000003"}).status_code == 302
    assert client.get(url, {"q": "Buckshaw Village"}).status_code == 302
    response = client.get(url, {"q": "ZZ9 9ZZ"})
    assert "govuk-error-summary" in response.content.decode()
    assert "We could not find the postcode ZZ9 9ZZ" in response.content.decode()


def test_a_small_area_page_lists_its_figures(england, client):
    response = client.get(reverse("areas:area", args=["lsoa21", "E01000003"]))
    body = response.content.decode()
    assert "IMD score" in body and "Chorley East" in body


def test_figures_are_converted_between_vintages_and_say_so(england, client):
    from hearth.areas.services import (
        AreaRow,
        replace_area_links,
        set_lad_self,
        upsert_areas,
    )

    upsert_areas("lad19", [AreaRow(CHORLEY, "Chorley")])
    set_lad_self("lad19")
    upsert_areas(
        "lsoa11",
        [
            AreaRow("E01090001", "Chorley 001X", lad=("lad19", CHORLEY)),
            AreaRow("E01090002", "Chorley 002X", lad=("lad19", CHORLEY)),
        ],
    )
    # Each 2011 LSOA was split in two in 2021.
    replace_area_links(
        [
            ("E01090001", "E01000000", "S"),
            ("E01090001", "E01000001", "S"),
            ("E01090002", "E01000002", "S"),
            ("E01090002", "E01000003", "S"),
        ],
        "lsoa11",
        "lsoa21",
    )
    params = {"indicator": "iod2025.imd_score", "geography": "lsoa11"}
    response = client.get(reverse("api-1:lad_geojson", args=[CHORLEY]), params)
    data = json.loads(response.content)
    values = {f["id"]: f["properties"]["value"] for f in data["features"]}
    # Scores 1..4 for E01000000..3: each 2011 area takes the mean of its parts.
    assert values == {"E01090001": 1.5, "E01090002": 3.5}
    assert "ONS LSOA (2011) to LSOA (2021) lookup" in data["metadata"]["conversion"]
    page = client.get(reverse("areas:area", args=["lad19", CHORLEY]), params)
    assert "are shown on LSOA11 boundaries" in page.content.decode()
