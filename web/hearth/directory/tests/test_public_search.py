"""Residents search the directory and get what the ORUK API gives."""

from __future__ import annotations

import pytest

from hearth.assets.tests.factories import make_asset

from .factories import make_organization, make_service, needs_taxonomy


@pytest.fixture
def services(england):
    hall = make_asset(0, name="Moor Hall", postcode="PR7 1DP")
    far = make_asset(3, name="Buckshaw Hub")
    _taxonomy, (lonely, walking, money) = needs_taxonomy(
        "Loneliness", "Walking", "Money"
    )
    org = make_organization("Age Concern Chorley")
    made = {
        "walk": make_service(
            org,
            name="Walk and talk",
            minimum_age=50,
            locations=[hall.pk],
            schedules=[
                {
                    "freq": "WEEKLY",
                    "byday": "TU",
                    "opens_at": "10:00",
                    "closes_at": "12:00",
                    "description": "",
                }
            ],
            terms=[lonely.uuid, walking.uuid],
        ),
        "lunch": make_service(
            org,
            name="Lunch club",
            description="Hot lunch and company.",
            minimum_age=60,
            locations=[far.pk],
            schedules=[
                {
                    "freq": "WEEKLY",
                    "byday": "TH",
                    "opens_at": "12:00",
                    "closes_at": "14:00",
                    "description": "",
                }
            ],
            terms=[lonely.uuid],
        ),
        "debt": make_service(
            make_organization("Citizens Advice"),
            name="Debt advice",
            description="Help with money.",
            terms=[money.uuid],
        ),
    }
    return made, (lonely, walking, money)


def _page_ids(client, params):
    response = client.get("/directory/", params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return [r["service"].id for r in response.context["results"]], response


def _api_ids(client, params):
    api = dict(params)
    if "age" in api:
        api["minimum_age"] = api["maximum_age"] = api.pop("age")
    body = client.get("/openreferral/services", {**api, "per_page": "100"}).json()
    return [s["id"] for s in body["contents"]]


def test_the_public_search_gives_the_api_results_for_the_same_filters(client, services):
    _made, (lonely, _walking, money) = services
    for params in (
        {},
        {"search": "lunch"},
        {"search": "help money"},
        {"taxonomy_term_id": lonely.uuid},
        {"taxonomy_term_id": money.uuid},
        {"postcode": "PR7 1DP"},
        {"postcode": "PR7 1DP", "proximity": "1609"},
        {"day": "TU"},
        {"day": "TH", "taxonomy_term_id": lonely.uuid},
        {"age": "55"},
        {"age": "70", "postcode": "PR7 1DP"},
    ):
        page, _response = _page_ids(client, params)
        assert page == _api_ids(client, params), params
        assert page or params == {"search": "nothing"}


def test_results_show_what_residents_need_to_choose(client, services):
    _ids, response = _page_ids(client, {"postcode": "PR7 1DP"})
    text = response.content.decode()
    assert "nearest first" in text and "Tuesdays, 10:00 to 12:00" in text
    assert "miles away" in text
    # The needs offered are the terms in use, grouped by vocabulary.
    assert '<optgroup label="Chorley needs">' in text and ">Loneliness<" in text
    assert (
        "LGA" not in text.split("What do you need help with?")[1].split("</select>")[0]
    )
    # The API link carries the same filters.
    assert "/openreferral/services?postcode=PR7+1DP" in text


def test_a_postcode_hearth_does_not_know_is_an_error_on_the_form(client, services):
    response = client.get("/directory/", {"postcode": "ZZ9 9ZZ"})
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "govuk-error-summary" in text
        and "Hearth does not know the postcode ZZ9 9ZZ" in text
    )
    assert response.context["results"] == []


def test_a_service_page(client, services):
    made, _terms = services
    walk = made["walk"]
    response = client.get(f"/directory/services/{walk.uuid}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        "Walk and talk" in text and "Moor Hall" in text and "Ages 50 and over" in text
    )
    assert "Tuesdays, 10:00 to 12:00" in text and "Loneliness" in text
    assert "For staff" not in text and "History" not in text


def test_unpublished_services_are_not_found_by_residents(client, services, personas):
    from hearth.directory import queries
    from hearth.directory.models import Service

    made, _terms = services
    Service.objects.filter(pk=made["lunch"].pk).update(state=Service.State.PENDING)
    queries.bump()  # (services.py bumps after every change; update() bypasses it)
    assert client.get(f"/directory/services/{made['lunch'].uuid}/").status_code == 404
    ids, _response = _page_ids(client, {})
    assert made["lunch"].uuid not in ids
    client.force_login(personas.olivia)  # a council officer sees it, marked
    response = client.get(f"/directory/services/{made['lunch'].uuid}/")
    assert (
        response.status_code == 200
        and "Waiting for council approval" in response.content.decode()
    )
