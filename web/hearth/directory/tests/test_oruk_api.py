"""The ORUK 3.0 API: every endpoint, with and without filters, validates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hearth.assets.tests.factories import make_asset
from hearth.directory.models import Service, Taxonomy
from hearthcore import directory as core

from .factories import draft, make_organization, make_service, needs_taxonomy

BASE = "/openreferral"


@pytest.fixture
def directory(england):
    hall = make_asset(
        0,
        name="Moor Hall",
        postcode="PR7 1DP",
        address="1 Moor Road, Chorley",
        accessibility=["wheelchair"],
    )
    library = make_asset(2, name="Chorley Library", category="library")
    refuge = make_asset(
        1,
        name="Safe house",
        address="2 Secret Street, Chorley",
        postcode="PR7 1DP",
        sensitive=True,
    )
    _taxonomy, (lonely, walking, money) = needs_taxonomy(
        "Loneliness", "Walking", "Money"
    )
    from hearth.directory.models import TaxonomyTerm

    outdoor = TaxonomyTerm.objects.create(
        taxonomy=lonely.taxonomy, name="Outdoor walking", parent=walking
    )
    org = make_organization(
        "Age Concern Chorley", charity_number="1100000", email="hello@example.org"
    )
    walk = make_service(
        org,
        name="Walk and talk",
        minimum_age=50,
        locations=[hall.pk, library.pk],
        schedules=[
            {
                "freq": "WEEKLY",
                "byday": "TU,TH",
                "opens_at": "10:00",
                "closes_at": "12:00",
                "description": "",
            },
        ],
        contacts=[
            {
                "name": "Jo Bloggs",
                "title": "Organiser",
                "phone": "01257 000000",
                "email": "jo@example.org",
            }
        ],
        cost_options=[{"option": "Free", "amount": "0", "amount_description": ""}],
        languages=["Polish"],
        terms=[lonely.uuid, outdoor.uuid],
    )
    debt = make_service(
        make_organization("Citizens Advice Chorley"),
        name="Debt advice",
        description="Help with money and debts.",
        schedules=[
            {
                "freq": "WEEKLY",
                "byday": "MO",
                "opens_at": "09:00",
                "closes_at": "17:00",
                "description": "",
            }
        ],
        terms=[money.uuid],
    )
    safe = make_service(
        org,
        name="Safe space",
        description="A quiet place to talk.",
        locations=[refuge.pk],
    )
    pending = make_service(org, name="Hidden pending")
    Service.objects.filter(pk=pending.pk).update(state=Service.State.PENDING)
    expired = make_service(org, name="Hidden expired")
    Service.objects.filter(pk=expired.pk).update(
        expires=timezone.localdate() - dt.timedelta(days=1)
    )
    return {
        "walk": walk,
        "debt": debt,
        "safe": safe,
        "pending": pending,
        "expired": expired,
        "terms": (lonely, walking, money, outdoor),
    }


def _valid(
    response, schema: str, *, item: str | None = None, per_page: int | None = None
):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert core.validate(body, schema) == [], schema
    if item:
        assert core.check_page(body, item, per_page=per_page) == []
    return body


def test_the_root_names_the_version_and_the_openapi_document(client, directory):
    body = _valid(client.get(f"{BASE}/"), "/")
    assert body["version"] == "3.0"
    assert body["openapi_url"] == "http://testserver/openreferral/openapi.json"
    spec = client.get(f"{BASE}/openapi.json").json()
    assert spec["servers"][0]["url"] == "http://testserver/openreferral"
    assert "/services/{id}" in spec["paths"]


def test_services_lists_only_what_is_published_and_in_date(client, directory):
    body = _valid(
        client.get(f"{BASE}/services"), "/services", item="service_list", per_page=20
    )
    names = [s["name"] for s in body["contents"]]
    assert names == ["Debt advice", "Safe space", "Walk and talk"]
    assert body["total_items"] == 3 and body["total_pages"] == 1 and body["first_page"]
    walk = next(s for s in body["contents"] if s["name"] == "Walk and talk")
    assert (
        "schedules" not in walk
        and walk["organization"]["name"] == "Age Concern Chorley"
    )
    assert "url" not in walk  # empty optional fields are left out


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "walk PARK"}, ["Walk and talk"]),
        ({"search": "citizens"}, ["Debt advice"]),
        ({"day": "tu"}, ["Walk and talk"]),
        ({"day": "MO", "start_time": "08:30", "end_time": "17:00"}, ["Debt advice"]),
        ({"day": "MO", "start_time": "09:30"}, []),
        ({"minimum_age": "30", "maximum_age": "30"}, ["Debt advice", "Safe space"]),
        ({"minimum_age": "60"}, ["Debt advice", "Safe space", "Walk and talk"]),
        ({"postcode": "PR7 1DP"}, ["Walk and talk", "Safe space"]),
        ({"postcode": "pr71dp", "proximity": "3000"}, ["Walk and talk", "Safe space"]),
        ({"postcode": "PR7 1DP", "proximity": "100"}, ["Walk and talk"]),
        (
            {"modified_after": "2000-01-01T00:00:00Z"},
            ["Debt advice", "Safe space", "Walk and talk"],
        ),
        ({"modified_after": "2999-01-01T00:00:00Z"}, []),
    ],
)
def test_services_filters(client, directory, params, expected):
    body = _valid(
        client.get(f"{BASE}/services", params), "/services", item="service_list"
    )
    assert [s["name"] for s in body["contents"]] == expected


def test_a_term_finds_the_services_of_the_terms_below_it(client, directory):
    lonely, walking, money, outdoor = directory["terms"]
    for term, expected in (
        (walking, ["Walk and talk"]),
        (outdoor, ["Walk and talk"]),
        (money, ["Debt advice"]),
    ):
        body = _valid(
            client.get(f"{BASE}/services", {"taxonomy_term_id": term.uuid}), "/services"
        )
        assert [s["name"] for s in body["contents"]] == expected
    body = _valid(
        client.get(f"{BASE}/services", {"taxonomy_id": lonely.taxonomy.uuid}),
        "/services",
    )
    assert body["total_items"] == 2
    org = directory["debt"].organization
    body = _valid(
        client.get(f"{BASE}/services", {"organization_id": org.uuid}), "/services"
    )
    assert [s["name"] for s in body["contents"]] == ["Debt advice"]


def test_pages(client, directory):
    one = _valid(
        client.get(f"{BASE}/services", {"per_page": "2"}),
        "/services",
        item="service_list",
        per_page=2,
    )
    assert (one["size"], one["total_pages"], one["last_page"]) == (2, 2, False)
    two = _valid(
        client.get(f"{BASE}/services", {"per_page": "2", "page": "2"}),
        "/services",
        item="service_list",
        per_page=2,
    )
    assert (two["size"], two["last_page"], two["page_number"]) == (1, True, 2)
    past = _valid(client.get(f"{BASE}/services", {"page": "9"}), "/services")
    assert past["empty"] and past["contents"] == [] and past["total_items"] == 3
    clamped = _valid(client.get(f"{BASE}/services", {"per_page": "1000"}), "/services")
    assert clamped["total_pages"] == 1  # per_page is at most 100
    assert (
        _valid(client.get(f"{BASE}/services", {"per_page": "0"}), "/services")["size"]
        == 1
    )


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"per_page": "1.5"},
        {"day": "XX"},
        {"start_time": "25:00"},
        {"minimum_age": "ten"},
        {"minimum_age": "40", "maximum_age": "20"},
        {"modified_after": "yesterday"},
        {"postcode": "ZZ9 9ZZ"},
        {"proximity": "500"},
        {"taxonomy_term_id": "not-a-uuid"},
        {"format": "ndjson"},
    ],
)
def test_bad_values_are_a_400_error_response(client, directory, params):
    response = client.get(f"{BASE}/services", params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error", "message"} and body["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_service_in_full(client, directory):
    walk = directory["walk"]
    body = _valid(client.get(f"{BASE}/services/{walk.uuid}"), "/services/{id}")
    assert body["id"] == walk.uuid
    assert (
        body["schedules"][0]["byday"] == "TU,TH"
        and body["schedules"][0]["opens_at"] == "10:00"
    )
    assert [sal["location"]["name"] for sal in body["service_at_locations"]] == [
        "Moor Hall",
        "Chorley Library",
    ]
    hall = body["service_at_locations"][0]["location"]
    assert hall["addresses"][0]["postal_code"] == "PR7 1DP"
    assert hall["accessibility"][0]["description"]
    assert body["cost_options"][0]["amount"] == 0
    assert body["languages"][0]["name"] == "Polish"
    assert {a["taxonomy_term"]["name"] for a in body["attributes"]} == {
        "Loneliness",
        "Outdoor walking",
    }
    assert body["contacts"][0]["phones"][0]["number"] == "01257 000000"
    assert (
        body["organization"]["organization_identifiers"][0]["identifier"] == "1100000"
    )
    # Stable ids: uuid5 of "hearth/service" and the primary key.
    assert walk.uuid == core.stable_uuid("hearth/service", str(walk.pk))
    assert body["service_at_locations"][0]["location_id"] == core.stable_uuid(
        "hearth/location", str(walk.service_at_locations.first().asset_id)
    )


def test_a_sensitive_place_is_served_as_the_asset_register_publishes_it(
    client, directory
):
    body = client.get(f"{BASE}/services/{directory['safe'].uuid}").json()
    location = body["service_at_locations"][0]["location"]
    text = str(body)
    assert "Secret Street" not in text and "1DP" not in text
    assert location["addresses"][0]["postal_code"] == "PR7"
    assert location["latitude"] == round(location["latitude"], 2)


def test_unpublished_and_unknown_ids_are_404_error_responses(client, directory):
    for uuid in (
        directory["pending"].uuid,
        directory["expired"].uuid,
        core.stable_uuid("x", "y"),
        "nonsense",
    ):
        response = client.get(f"{BASE}/services/{uuid}")
        assert response.status_code == 404
        assert set(response.json()) == {"error", "message"}
    for endpoint in (
        "service_at_locations",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
    ):
        assert (
            client.get(f"{BASE}/{endpoint}/{core.stable_uuid('x', 'y')}").status_code
            == 404
        )


def test_service_at_locations(client, directory):
    body = _valid(
        client.get(f"{BASE}/service_at_locations"),
        "/service_at_locations",
        item="service_at_location_list",
    )
    assert body["total_items"] == 3  # two places of the walk, one of the safe space
    near = _valid(
        client.get(
            f"{BASE}/service_at_locations", {"postcode": "PR7 1DP", "proximity": "900"}
        ),
        "/service_at_locations",
    )
    assert next(c["location"]["name"] for c in near["contents"]) == "Moor Hall"
    assert "Chorley Library" not in [c["location"]["name"] for c in near["contents"]]
    searched = _valid(
        client.get(f"{BASE}/service_at_locations", {"search": "walk"}),
        "/service_at_locations",
    )
    assert searched["total_items"] == 2
    one = body["contents"][0]
    single = _valid(
        client.get(f"{BASE}/service_at_locations/{one['id']}"),
        "/service_at_locations/{id}",
    )
    assert single["id"] == one["id"] and "service" not in single


def test_organizations(client, directory):
    body = _valid(
        client.get(f"{BASE}/organizations"), "/organizations", item="organization_list"
    )
    assert [o["name"] for o in body["contents"]] == [
        "Age Concern Chorley",
        "Citizens Advice Chorley",
    ]
    assert "organization_identifiers" not in body["contents"][0]
    searched = _valid(
        client.get(f"{BASE}/organizations", {"search": "citizens"}), "/organizations"
    )
    assert searched["total_items"] == 1
    org = directory["walk"].organization
    full = _valid(client.get(f"{BASE}/organizations/{org.uuid}"), "/organizations/{id}")
    assert full["organization_identifiers"][0]["identifier_scheme"] == "GB-CHC"


def test_taxonomies_and_terms(client, directory):
    lonely = directory["terms"][0]
    body = _valid(client.get(f"{BASE}/taxonomies"), "/taxonomies", item="taxonomy_list")
    names = [t["name"] for t in body["contents"]]
    assert {"Chorley needs", "LGA Services List", "LGA Functions List"} <= set(names)
    searched = _valid(
        client.get(f"{BASE}/taxonomies", {"search": "two levels"}), "/taxonomies"
    )
    assert [t["name"] for t in searched["contents"]] == ["LGA Functions List"]
    lga = Taxonomy.objects.get(name="LGA Functions List")
    one = _valid(client.get(f"{BASE}/taxonomies/{lga.uuid}"), "/taxonomies/{id}")
    assert one["uri"] == "http://id.esd.org.uk/list/functions"
    terms = _valid(
        client.get(
            f"{BASE}/taxonomy_terms",
            {"taxonomy_id": lga.uuid, "top_only": "true", "per_page": "100"},
        ),
        "/taxonomy_terms",
        item="taxonomy_term_list",
    )
    assert terms["total_items"] == 13 and all(
        "parent_id" not in t for t in terms["contents"]
    )
    parent = terms["contents"][0]["id"]
    children = _valid(
        client.get(f"{BASE}/taxonomy_terms", {"parent_id": parent}), "/taxonomy_terms"
    )
    assert children["total_items"] > 0 and all(
        t["parent_id"] == parent for t in children["contents"]
    )
    everything = _valid(
        client.get(f"{BASE}/taxonomy_terms"),
        "/taxonomy_terms",
        item="taxonomy_term_list",
    )
    assert everything["total_items"] >= 1519 + 113
    searched = _valid(
        client.get(
            f"{BASE}/taxonomy_terms",
            {"search": "Outdoor", "taxonomy_id": lonely.taxonomy.uuid},
        ),
        "/taxonomy_terms",
    )
    assert [t["name"] for t in searched["contents"]] == ["Outdoor walking"]
    term = searched["contents"][0]
    single = _valid(
        client.get(f"{BASE}/taxonomy_terms/{term['id']}"), "/taxonomy_terms/{id}"
    )
    assert single["parent_id"] == directory["terms"][1].uuid
    assert (
        client.get(f"{BASE}/taxonomy_terms", {"top_only": "perhaps"}).status_code == 400
    )


def test_cors_preflight_and_other_methods(client, directory):
    response = client.options(f"{BASE}/services")
    assert (
        response.status_code == 204 and response["Access-Control-Allow-Origin"] == "*"
    )
    response = client.post(f"{BASE}/services")
    assert response.status_code == 405 and set(response.json()) == {"error", "message"}


def test_an_edit_shows_in_the_api_at_once(client, directory):
    from hearth.directory import services

    walk = directory["walk"]
    before = client.get(f"{BASE}/services/{walk.uuid}").json()
    edited_after = timezone.now().isoformat()
    services.apply_draft(
        walk, draft(walk.organization, name="Walk, talk and tea", locations=[]), by=None
    )
    after = client.get(f"{BASE}/services/{walk.uuid}").json()
    assert after["name"] == "Walk, talk and tea" and "service_at_locations" not in after
    assert after["last_modified"] > before["last_modified"]
    modified = client.get(f"{BASE}/services", {"modified_after": edited_after}).json()
    assert [s["name"] for s in modified["contents"]] == ["Walk, talk and tea"]
