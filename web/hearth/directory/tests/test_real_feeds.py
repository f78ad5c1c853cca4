"""The real ORUK feeds in HEARTH_DATA_DIR import, and their services are served."""

from __future__ import annotations

import pytest

from hearth.directory import services
from hearth.directory.models import Service
from hearthcore import directory as core

FEEDS = {
    "oruk_v2_services_list_bristol_openplace_directory_2024-12-18.json.gz": 817,
    "oruk_v2_services_list_north_lincolnshire_openplace_directory_2024-12-18.json.gz": 738,
}


@pytest.fixture
def feeds(db):
    from conftest import real_data_dir

    folder = real_data_dir() / "assets" / "oruk_examples"
    if not folder.exists():
        pytest.skip(f"no ORUK examples in {folder}")
    return [folder / name for name in FEEDS]


@pytest.mark.realdata
def test_the_real_feeds_import_and_appear_in_the_api(client, feeds):
    outcomes = [services.import_feed(path) for path in feeds]
    assert [o.created for o in outcomes] == list(FEEDS.values())
    assert Service.objects.public().count() == sum(FEEDS.values())
    page = client.get("/openreferral/services", {"per_page": "100"}).json()
    assert page["total_items"] == 817 + 738 and page["total_pages"] == 16
    assert (
        core.validate(page, "/services") == []
        and core.check_page(page, "service_list", per_page=100) == []
    )
    # Every service, in full, validates.
    for item in client.get(
        "/openreferral/services", {"per_page": "100", "page": "3"}
    ).json()["contents"]:
        full = client.get(f"/openreferral/services/{item['id']}").json()
        assert core.validate(full, "/services/{id}") == [], item["id"]
    yoga = client.get("/openreferral/services", {"search": "yoga"}).json()
    assert yoga["total_items"] > 0 and core.validate(yoga, "/services") == []
    carers = next(
        t
        for t in client.get(
            "/openreferral/taxonomy_terms", {"search": "Carers", "per_page": "100"}
        ).json()["contents"]
        if t["name"] == "Carers" and t.get("taxonomy") == "Target audience (Placecube)"
    )
    both = client.get(
        "/openreferral/services", {"taxonomy_term_id": carers["id"], "per_page": "100"}
    ).json()
    # One shared term for both councils' "Carers" (36 in Bristol, 30 in North Lincolnshire).
    assert both["total_items"] == 66 and core.validate(both, "/services") == []
    orgs = client.get("/openreferral/organizations", {"per_page": "100"}).json()
    assert core.validate(orgs, "/organizations") == [] and orgs["total_items"] > 800
    # Residents find the same services on the public search.
    response = client.get("/directory/", {"taxonomy_term_id": carers["id"]})
    assert response.context["page"].paginator.count == 66
    again = services.import_feed(feeds[0])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 817)
