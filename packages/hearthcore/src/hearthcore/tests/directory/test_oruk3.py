"""ORUK 3.0 JSON: shapes, omitted empties, list forms, pages, and schema validity."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hearthcore.directory import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    api_details_json,
    check_page,
    organization_json,
    page_json,
    service_at_location_json,
    service_json,
    stable_uuid,
    taxonomy_json,
    taxonomy_term_json,
    validate,
)


def uid(key: str) -> str:
    return stable_uuid("tests/directory", key)


def rich_service() -> Service:
    """A service using every part of the model, with values already tidy."""
    taxonomy = Taxonomy(
        id=uid("taxonomy"),
        name="Audience",
        description="Who a service is for.",
        uri="https://example.org/audience",
        version="1",
    )
    parent = TaxonomyTerm(
        id=uid("term/parents"),
        name="Parents",
        description="Mums, dads and carers.",
        taxonomy_id=taxonomy.id,
        taxonomy="Audience",
    )
    term = TaxonomyTerm(
        id=uid("term/grandparents"),
        name="Grandparents",
        code="GP",
        parent_id=parent.id,
        taxonomy_id=taxonomy.id,
        taxonomy="Audience",
        term_uri="https://example.org/audience/grandparents",
    )
    hall = Location(
        id=uid("location/hall"),
        name="Riddings Community Hall",
        description="Next to the library.",
        latitude=53.5706,
        longitude=-0.6679,
        external_identifier="100050123456",
        external_identifier_type="UPRN",
        addresses=(
            Address(
                id=uid("address/hall"),
                address_1="2 Enderby Road",
                city="Scunthorpe",
                state_province="North Lincolnshire",
                postal_code="DN17 2HD",
                attention="Hall manager",
            ),
        ),
        accessibility=(
            Accessibility(
                id=uid("access/hall"),
                description="Step-free entrance and an accessible toilet.",
                details="Hearing loop in the main hall.",
                url="https://example.org/hall/access",
            ),
        ),
    )
    online = Location(id=uid("location/online"), name="Online", location_type="virtual")
    at_hall = ServiceAtLocation(id=uid("sal/hall"), location=hall)
    at_home = ServiceAtLocation(id=uid("sal/online"), location=online)
    organization = Organization(
        id=uid("organization"),
        name="Riddings Families Together",
        description="A parent-led charity.",
        email="hello@riddings.example.org",
        website="https://riddings.example.org",
        logo="https://riddings.example.org/logo.png",
        uri="https://find-and-update.company-information.service.gov.uk/company/01234567",
        identifiers=(
            OrganizationIdentifier(
                id=uid("identifier"),
                identifier_scheme="GB-CHC",
                identifier_type="Charity number",
                identifier="1100000",
            ),
        ),
    )
    return Service(
        id=uid("service"),
        name="Stay and Play",
        status="active",
        description="Play sessions for under-fives and their grown-ups.\n\nFree, no booking.",
        organization=organization,
        url="https://riddings.example.org/stay-and-play",
        email="play@riddings.example.org",
        fees="Free",
        accreditations="Ofsted registered",
        minimum_age=0,
        maximum_age=5,
        assured_date=dt.date(2025, 1, 15),
        assurer_email="directory@council.example.gov.uk",
        alert="No session on 26 May.",
        last_modified=dt.datetime(2025, 2, 3, 9, 30, 15, 250000, tzinfo=dt.UTC),
        schedules=(
            Schedule(
                id=uid("schedule/weekly"),
                freq="WEEKLY",
                interval=1,
                byday="MO,WE",
                opens_at=dt.time(9, 30),
                closes_at=dt.time(11, 30),
                valid_from=dt.date(2025, 1, 1),
                valid_to=dt.date(2025, 12, 31),
                dtstart=dt.date(2025, 1, 6),
                description="Mondays and Wednesdays in term time.",
                notes="Closed on bank holidays.",
                attending_type="In person",
                schedule_link="https://riddings.example.org/book",
                service_at_location_id=at_hall.id,
            ),
            Schedule(
                id=uid("schedule/monthly"),
                freq="MONTHLY",
                byday="1SA",
                opens_at=dt.time(10, 0, 30),
                closes_at=dt.time(12),
            ),
        ),
        service_areas=(
            ServiceArea(
                id=uid("area"),
                name="North Lincolnshire",
                extent_type="text",
                extent="North Lincolnshire",
                uri="http://statistics.data.gov.uk/id/statistical-geography/E06000013",
            ),
        ),
        service_at_locations=(at_hall, at_home),
        languages=(Language(id=uid("language"), name="Polish", code="pl"),),
        funding=(Funding(id=uid("funding"), source="Family Hubs grant"),),
        cost_options=(
            CostOption(
                id=uid("cost"),
                option="Session",
                amount=0,
                amount_description="Free",
                valid_from=dt.date(2025, 1, 1),
                valid_to=dt.date(2025, 12, 31),
            ),
            CostOption(id=uid("cost/2"), option="Snack", amount=1.5),
        ),
        contacts=(
            Contact(
                id=uid("contact"),
                name="Priya Shah",
                title="Coordinator",
                description="Weekdays only.",
                email="priya@riddings.example.org",
                phones=(
                    Phone(id=uid("phone"), number="01724 000000", description="Office"),
                ),
            ),
        ),
        attributes=(
            Attribute(id=uid("attribute"), taxonomy_term=term, link_type="audience"),
            Attribute(id=uid("attribute/parent"), taxonomy_term=parent),
        ),
    )


def bare_service() -> Service:
    return Service(id=uid("bare"), name="Drop-in")


def test_the_full_service_nests_everything_and_validates():
    service = rich_service()
    out = service_json(service, full=True)
    assert validate(out, "service") == []
    assert validate(out, "/services/{id}") == []
    assert out["organization_id"] == service.organization.id
    assert out["last_modified"] == "2025-02-03T09:30:15.250Z"
    assert out["assured_date"] == "2025-01-15"
    assert out["minimum_age"] == 0 and out["maximum_age"] == 5
    weekly, monthly = out["schedules"]
    assert weekly == {
        "id": uid("schedule/weekly"),
        "service_id": service.id,
        "service_at_location_id": uid("sal/hall"),
        "valid_from": "2025-01-01",
        "valid_to": "2025-12-31",
        "dtstart": "2025-01-06",
        "freq": "WEEKLY",
        "interval": 1,
        "byday": "MO,WE",
        "description": "Mondays and Wednesdays in term time.",
        "opens_at": "09:30",
        "closes_at": "11:30",
        "schedule_link": "https://riddings.example.org/book",
        "attending_type": "In person",
        "notes": "Closed on bank holidays.",
    }
    assert monthly["opens_at"] == "10:00:30" and "service_at_location_id" not in monthly
    sal = out["service_at_locations"][0]
    assert sal["service_id"] == service.id and sal["location_id"] == uid(
        "location/hall"
    )
    address = sal["location"]["addresses"][0]
    assert address == {
        "id": uid("address/hall"),
        "location_id": uid("location/hall"),
        "attention": "Hall manager",
        "address_1": "2 Enderby Road",
        "city": "Scunthorpe",
        "state_province": "North Lincolnshire",
        "postal_code": "DN17 2HD",
        "country": "GB",
        "address_type": "physical",
    }
    assert out["service_at_locations"][1]["location"] == {
        "id": uid("location/online"),
        "location_type": "virtual",
        "name": "Online",
    }
    attribute = out["attributes"][0]
    assert attribute["link_id"] == service.id
    assert attribute["taxonomy_term_id"] == uid("term/grandparents")
    assert attribute["taxonomy_term"]["parent_id"] == uid("term/parents")
    assert attribute["taxonomy_term"]["description"] == ""  # required, not known
    assert out["cost_options"][0]["amount"] == 0
    assert out["contacts"][0]["phones"][0]["number"] == "01724 000000"
    assert out["organization"]["organization_identifiers"][0]["identifier"] == "1100000"
    json.dumps(out)  # plain JSON types only


def test_the_list_form_leaves_out_what_service_list_forbids():
    service = rich_service()
    out = service_json(service, full=False)
    assert validate(out, "service_list") == []
    forbidden = {
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "funding",
        "cost_options",
        "contacts",
        "attributes",
    }
    assert not forbidden & set(out)
    assert "organization_identifiers" not in out["organization"]
    assert out["organization"]["name"] == "Riddings Families Together"
    # The full object is not a valid list item.
    problems = validate(service_json(service, full=True), "service_list")
    assert (
        "schedules: is not allowed in a list item (only in the full object)" in problems
    )
    assert len(problems) == len(forbidden)


def test_empty_optional_fields_are_omitted_and_required_ones_kept():
    out = service_json(bare_service(), full=True)
    assert out == {"id": uid("bare"), "name": "Drop-in", "status": "active"}
    assert validate(out, "service") == []
    org = organization_json(Organization(id=uid("o"), name="Org"))
    assert org == {"id": uid("o"), "name": "Org", "description": ""}
    assert validate(org, "organization") == []
    location = Location(id=uid("l"), addresses=(Address(id=uid("a"), city="Hull"),))
    service = Service(
        id=uid("s"),
        name="S",
        service_at_locations=(ServiceAtLocation(id=uid("x"), location=location),),
    )
    address = service_json(service, full=True)["service_at_locations"][0]["location"][
        "addresses"
    ][0]
    assert (
        address["address_1"] == ""
        and address["city"] == "Hull"
        and address["country"] == "GB"
    )
    assert "region" not in address and "attention" not in address
    assert validate(service_json(service, full=True), "service") == []


def test_extras_can_be_turned_off():
    service = rich_service()
    with_extras = service_json(service, full=True)
    plain = service_json(service, full=True, extras=False)
    assert with_extras["languages"][0] == {
        "id": uid("language"),
        "service_id": service.id,
        "name": "Polish",
        "code": "pl",
    }
    assert plain["languages"][0] == {"id": uid("language"), "service_id": service.id}
    assert "phones" not in plain["contacts"][0] and "email" not in plain["contacts"][0]
    assert "code" not in plain["attributes"][0]["taxonomy_term"]
    assert with_extras["attributes"][0]["taxonomy_term"]["code"] == "GP"
    assert validate(plain, "service") == []


def test_service_at_location_json_for_the_item_and_the_list():
    service = rich_service()
    sal = service.service_at_locations[0]
    one = service_at_location_json(sal, service)
    assert set(one) == {"id", "service_id", "location_id", "location"}
    assert validate(one, "service_at_location") == []
    item = service_at_location_json(sal, service, include_service=True)
    assert item["service"] == service_json(service, full=False)
    assert validate(item, "service_at_location_list") == []
    page = page_json([item], page_number=1, per_page=10, total_items=1)
    assert check_page(page, "service_at_location_list", per_page=10) == []
    assert validate(page, "/service_at_locations") == []
    with pytest.raises(ValueError, match="not one of the service's"):
        service_at_location_json(sal, bare_service())


def test_organizations_taxonomies_and_terms_validate():
    service = rich_service()
    assert (
        validate(organization_json(service.organization), "/organizations/{id}") == []
    )
    assert (
        validate(
            organization_json(service.organization, full=False), "organization_list"
        )
        == []
    )
    full_in_list = validate(
        organization_json(service.organization), "organization_list"
    )
    assert full_in_list == [
        "organization_identifiers: is not allowed in a list item (only in the full object)"
    ]
    terms = [a.taxonomy_term for a in service.attributes]
    taxonomy = Taxonomy(id=uid("taxonomy"), name="Audience")
    assert validate(taxonomy_json(taxonomy, terms=terms), "taxonomy") == []
    assert taxonomy_json(taxonomy)["description"] == ""
    for term in terms:
        assert validate(taxonomy_term_json(term), "taxonomy_term") == []
    page = page_json(
        [taxonomy_term_json(t) for t in terms], page_number=1, per_page=2, total_items=2
    )
    assert validate(page, "/taxonomy_terms") == []
    assert check_page(page, "taxonomy_term_list", per_page=2) == []


def test_api_details():
    out = api_details_json("https://hearth.example/openreferral/openapi.json")
    assert out == {
        "version": "3.0",
        "profile": "https://openreferraluk.org/developers/specifications",
        "openapi_url": "https://hearth.example/openreferral/openapi.json",
    }
    assert validate(out, "api_details") == []
    assert validate(out, "/") == []
    assert validate(dict(out, openapi_url="not a url"), "/") == [
        "openapi_url: 'not a url' is not a 'uri'"
    ]


@pytest.mark.parametrize(
    ("page_number", "total_items", "size", "pages", "first", "last"),
    [
        (1, 45, 20, 3, True, False),
        (2, 45, 20, 3, False, False),
        (3, 45, 5, 3, False, True),
        (4, 45, 0, 3, False, True),  # past the end: an empty page, not an error
        (1, 0, 0, 1, True, True),
        (1, 20, 20, 1, True, True),
    ],
)
def test_page_arithmetic(page_number, total_items, size, pages, first, last):
    contents = [
        service_json(Service(id=uid(f"p{i}"), name=f"S{i}"), full=False)
        for i in range(size)
    ]
    page = page_json(
        contents, page_number=page_number, per_page=20, total_items=total_items
    )
    assert page["total_pages"] == pages
    assert page["size"] == size
    assert (page["first_page"], page["last_page"], page["empty"]) == (
        first,
        last,
        size == 0,
    )
    assert list(page)[:7] == [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
    ]
    assert check_page(page, "service_list", per_page=20) == []
    assert validate(page, "/services") == []


def test_page_json_refuses_impossible_pages():
    with pytest.raises(ValueError):
        page_json([], page_number=0, per_page=20, total_items=0)
    with pytest.raises(ValueError):
        page_json([{"id": "a"}, {"id": "b"}], page_number=1, per_page=1, total_items=2)
    with pytest.raises(ValueError):
        page_json([], page_number=1, per_page=0, total_items=0)


def test_a_naive_last_modified_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        Service(id=uid("s"), name="S", last_modified=dt.datetime(2025, 1, 1))


def test_times_in_other_zones_are_written_in_utc():
    when = dt.datetime(2025, 7, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    out = service_json(Service(id=uid("s"), name="S", last_modified=when), full=False)
    assert out["last_modified"] == "2025-07-01T09:00:00.000Z"
    assert validate(out, "service_list") == []
