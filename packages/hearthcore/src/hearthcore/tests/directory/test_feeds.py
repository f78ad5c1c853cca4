"""Importing ORUK v1, v2 and v3 feeds: mapping, repairs, problems, round trip."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import replace

import pytest

from hearthcore.directory import (
    FeedError,
    parse_feed,
    read_feed,
    service_json,
    stable_uuid,
    validate,
)
from hearthcore.directory.feeds import LEGACY_NAMESPACE

from .test_oruk3 import rich_service

NS = "https://feeds.example/oruk"
ORG_ID = "8e1f4c4e-3f9d-4a8b-9a43-6a3e2c1b0d11"


def ns(kind: str, key: str) -> str:
    return stable_uuid(f"{NS}/{kind}", key)


V1_PAGE = {
    "totalElements": 1,
    "totalPages": 1,
    "number": 0,
    "size": 1,
    "first": True,
    "last": True,
    "empty": False,
    "content": [
        {
            "id": "123",
            "name": "  Wellbeing   Walks ",
            "description": "<p>Gentle walks &amp; a chat.</p><p>All welcome&nbsp;</p>",
            "url": "www.walks.example.org/north",
            "email": " walks@example.org ",
            "status": "Active",
            "fees": "",
            "accreditations": "Walking for Health",
            "deliverable_type": "Information",
            "attending_type": "venue",
            "attending_access": "drop-in",
            "assured_date": "2024-03-01",
            "organization": {
                "id": ORG_ID,
                "name": "Ramblers",
                "description": "",
                "url": "https://ramblers.example.org",
                "logo": "",
                "uri": "",
            },
            "eligibilitys": [
                {
                    "id": "e1",
                    "eligibility": "adult",
                    "minimum_age": 18,
                    "maximum_age": 65,
                },
                {
                    "id": "e2",
                    "eligibility": "older",
                    "minimum_age": "16",
                    "maximum_age": 99,
                },
            ],
            "cost_options": [
                {
                    "id": "c1",
                    "option": "Per walk",
                    "amount": "2.50",
                    "amount_description": "Donation",
                    "linkid": "123",
                }
            ],
            "service_areas": [
                {
                    "id": "a1",
                    "service_area": "North Lincolnshire",
                    "extent": "",
                    "uri": "http://statistics.data.gov.uk/id/statistical-geography/E06000013",
                }
            ],
            "fundings": [{"id": "f1", "source": "Council grant"}],
            "regular_schedules": [
                {
                    "id": "r1",
                    "opens_at": "10:00:00",
                    "closes_at": "11:30:00",
                    "valid_from": "2024-01-01",
                    "valid_to": "2024-12-31",
                    "dtstart": "2024-01-02",
                    "freq": "weekly",
                    "interval": 1,
                    "byday": "TU, TH",
                    "description": "Tuesdays and Thursdays",
                }
            ],
            "holiday_schedules": [
                {"closed": True, "start_date": "2024-12-25", "end_date": "2024-12-26"}
            ],
            "contacts": [
                {
                    "id": "k1",
                    "name": "Sam Walker",
                    "title": "Walk leader",
                    "phones": [{"id": "p1", "number": "01724 000000"}],
                }
            ],
            "languages": [
                {"id": "l1", "language": "English"},
                {"id": "l2", "language": "Polish"},
            ],
            "service_taxonomys": [
                {
                    "id": "t1",
                    "taxonomy": {
                        "id": "bccsource:Walking",
                        "name": "Walking",
                        "vocabulary": "bccsource",
                        "parent": "bccsource:Activity",
                    },
                }
            ],
            "service_at_locations": [
                {
                    "id": "sl1",
                    "location": {
                        "id": "loc1",
                        "name": "Central Park gates",
                        "description": "",
                        "latitude": "53.5890",
                        "longitude": "-0.6544",
                        "physical_addresses": [
                            {
                                "id": "ad1",
                                "address_1": "Central Park",
                                "city": ", Scunthorpe, ",
                                "state_province": None,
                                "postal_code": "dn15  7hu",
                                "country": "England",
                            }
                        ],
                        "accessibility_for_disabilities": [
                            {"id": "ac1", "accessibility": "Step-free route"}
                        ],
                    },
                    "regular_schedule": [
                        {
                            "id": "r2",
                            "opens_at": "9:00am",
                            "closes_at": "10:00",
                            "freq": "MONTHLY",
                            "byday": "1SA",
                        }
                    ],
                }
            ],
            "reviews": [],
        }
    ],
}


def test_a_v1_page_maps_field_by_field():
    feed = parse_feed(V1_PAGE, namespace=NS)
    assert feed.version == "1" and feed.records == 1
    (service,) = feed.services
    assert service.id == ns("service", "123") and service.source_id == "123"
    assert service.name == "Wellbeing Walks"
    assert service.description == "Gentle walks & a chat.\n\nAll welcome"
    assert service.url == "http://www.walks.example.org/north"
    assert service.email == "walks@example.org"
    assert service.status == "active"
    assert service.fees is None
    assert service.accreditations == "Walking for Health"
    assert service.assured_date == dt.date(2024, 3, 1)
    assert service.last_modified is None
    assert (service.minimum_age, service.maximum_age) == (16, 99)
    org = service.organization
    assert org is not None and org.id == ORG_ID and org.source_id is None
    assert (org.name, org.description, org.website, org.logo, org.uri) == (
        "Ramblers",
        None,
        "https://ramblers.example.org",
        None,
        None,
    )
    assert service.organization_id == ORG_ID
    (cost,) = service.cost_options
    assert (cost.id, cost.option, cost.amount, cost.amount_description) == (
        ns("cost_option", "c1"),
        "Per walk",
        2.5,
        "Donation",
    )
    (area,) = service.service_areas
    assert (area.name, area.extent, area.uri) == (
        "North Lincolnshire",
        None,
        "http://statistics.data.gov.uk/id/statistical-geography/E06000013",
    )
    assert [f.source for f in service.funding] == ["Council grant"]
    weekly, monthly = service.schedules
    assert weekly.id == ns("schedule", "r1")
    assert (weekly.freq, weekly.interval, weekly.byday) == ("WEEKLY", 1, "TU,TH")
    assert (weekly.opens_at, weekly.closes_at) == (dt.time(10), dt.time(11, 30))
    assert (weekly.valid_from, weekly.valid_to, weekly.dtstart) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        dt.date(2024, 1, 2),
    )
    assert weekly.description == "Tuesdays and Thursdays"
    assert weekly.service_at_location_id is None
    assert (monthly.freq, monthly.byday, monthly.opens_at) == (
        "MONTHLY",
        "1SA",
        dt.time(9),
    )
    assert monthly.service_at_location_id == ns("service_at_location", "sl1")
    (contact,) = service.contacts
    assert (contact.id, contact.name, contact.title) == (
        ns("contact", "k1"),
        "Sam Walker",
        "Walk leader",
    )
    assert [p.number for p in contact.phones] == ["01724 000000"]
    assert [lang.name for lang in service.languages] == ["English", "Polish"]
    (sal,) = service.service_at_locations
    location = sal.location
    assert (location.id, location.source_id, location.name) == (
        ns("location", "loc1"),
        "loc1",
        "Central Park gates",
    )
    assert (location.latitude, location.longitude, location.location_type) == (
        53.589,
        -0.6544,
        "physical",
    )
    assert location.description is None
    (address,) = location.addresses
    assert (
        address.address_1,
        address.city,
        address.state_province,
        address.postal_code,
        address.country,
        address.address_type,
    ) == ("Central Park", "Scunthorpe", None, "DN15 7HU", "GB", "physical")
    assert [a.description for a in location.accessibility] == ["Step-free route"]
    terms = {a.taxonomy_term.name: a for a in service.attributes}
    assert set(terms) == {"Walking", "Information", "venue", "drop-in"}
    walking = terms["Walking"].taxonomy_term
    assert walking.id == ns("taxonomy_term", "bccsource:Walking")
    assert walking.source_id == "bccsource:Walking"
    assert walking.parent_id == ns("taxonomy_term", "bccsource:Activity")
    assert (walking.taxonomy, walking.taxonomy_id) == (
        "bccsource",
        ns("taxonomy", "bccsource"),
    )
    assert terms["Walking"].id == ns("attribute", "t1")
    assert terms["venue"].link_type == "attending_type"
    assert terms["venue"].taxonomy_term.taxonomy_id == stable_uuid(
        LEGACY_NAMESPACE, "attending_type"
    )
    assert [t.name for t in feed.taxonomies] == [
        "bccsource",
        "ORUK 1.0 deliverable type",
        "ORUK 1.0 attending type",
        "ORUK 1.0 attending access",
    ]
    assert len(feed.terms) == 4 and feed.locations == (location,)
    assert feed.organizations == (org,)
    assert feed.warnings == (
        "holiday schedule (ORUK 3.0 has none): dropped (record 1 (id 123))",
        "service url without 'http://': 'http://' added (record 1 (id 123): 'www.walks.example.org/north')",
    )
    assert validate(service_json(service, full=True), "service") == []


V2_RECORDS = [
    {
        "id": "def5ccd4-f121-df4d-60d2-4dc0d69ff555",
        "name": "",
        "description": "<p><br></p>",
        "url": "",
        "email": "",
        "status": "active",
        "pc_metadata": {"date_created": "2021-01-06", "date_modified": "2021-01-06"},
        "pc_targetAudience": [],
    },
    {
        "id": "3121dd2f-3900-4c90-b529-4c265f026d6f",
        "name": "A Picture of Health",
        "description": "<p>Easy Read&nbsp;information.</p><ul><li>Print it</li><li>Share it</li></ul>",
        "url": "http://www.apictureofhealth.southwest.nhs.uk",
        "email": "",
        "status": "active",
        "fees": "",
        "accreditations": "",
        "deliverable_type": "",
        "attending_type": "Online",
        "attending_access": "",
        "pc_attendingAccess_additionalInfo": "",
        "assured_date": "",
        "organization": {
            "id": "a117371a-6591-42d6-ea0a-d89a50b10d40",
            "name": "NHS",
            "description": "The NHS.\nContact details are on each page.",
            "url": "https://www.nhs.uk/",
            "logo": "",
            "uri": "",
        },
        "pc_metadata": {
            "date_created": "2020-06-05",
            "date_modified": "2022-10-04",
            "date_assured": "2022-10-03",
            "assured_by": "[redacted]",
        },
        "pc_targetAudience": [
            {"id": "11778", "audienceType": "Parents>Grandparents"},
            {"id": "11776", "audienceType": "Parents "},
            {"id": "11777", "audienceType": "Carers "},
        ],
    },
    {
        "id": "3121dd2f-3900-4c90-b529-4c265f026d6f",
        "name": "A Picture of Health (again)",
        "status": "active",
    },
    {
        "id": "738f94e0-aa6c-6a5c-2395-7b64421ba2a5",
        "name": "Victor House drop-in",
        "description": "Drop in.",
        "url": "https:/victorhouse.example.org",
        "email": "victor@example.org; other@example.org",
        "status": "active",
        "organization": {
            "id": "a117371a-6591-42d6-ea0a-d89a50b10d40",
            "name": "NHS",
            "description": "The NHS.\nContact details are on each page.",
            "url": "https://www.nhs.uk/",
            "logo": "",
            "uri": "",
        },
        "pc_metadata": {"date_modified": "2024-12-10"},
        "pc_targetAudience": [{"id": "Homeless", "audienceType": "Homeless "}],
    },
]


def test_a_v2_placecube_array_maps_and_repairs():
    feed = parse_feed(V2_RECORDS, namespace=NS)
    assert feed.version == "2" and feed.records == 4
    assert [s.name for s in feed.services] == [
        "A Picture of Health",
        "Victor House drop-in",
    ]
    health, victor = feed.services
    assert (
        health.id == "3121dd2f-3900-4c90-b529-4c265f026d6f" and health.source_id is None
    )
    assert health.description == "Easy Read information.\n\n- Print it\n- Share it"
    assert health.url == "http://www.apictureofhealth.southwest.nhs.uk"
    assert health.email is None and health.fees is None
    assert health.assured_date == dt.date(2022, 10, 3)  # from pc_metadata.date_assured
    assert health.last_modified == dt.datetime(2022, 10, 4, tzinfo=dt.UTC)
    assert (
        health.organization.description == "The NHS.\nContact details are on each page."
    )
    assert health.organization.website == "https://www.nhs.uk/"
    assert victor.organization is health.organization  # one organisation, shared
    assert victor.url == "https://victorhouse.example.org"
    assert victor.email == "victor@example.org"
    audiences = [(a.link_type, a.taxonomy_term.name) for a in health.attributes]
    assert audiences == [
        ("attending_type", "Online"),
        ("audience", "Grandparents"),
        ("audience", "Parents"),
        ("audience", "Carers"),
    ]
    by_name = {t.name: t for t in feed.terms}
    assert by_name["Grandparents"].parent_id == by_name["Parents"].id
    assert by_name["Parents"].parent_id is None
    assert by_name["Grandparents"].taxonomy == "Target audience (Placecube)"
    assert by_name["Homeless"].id == stable_uuid(
        f"{LEGACY_NAMESPACE}/pc_targetAudience", "homeless"
    )
    assert [t.name for t in feed.taxonomies] == [
        "ORUK 1.0 attending type",
        "Target audience (Placecube)",
    ]
    assert len(feed.organizations) == 1
    assert feed.warnings == (
        "record 1 (id def5ccd4-f121-df4d-60d2-4dc0d69ff555): the service has an empty name and was left out",
        "record 3 (id 3121dd2f-3900-4c90-b529-4c265f026d6f): the service id is repeated; the first, record 2, was kept and this one left out",
        "service url with a malformed 'http://': mended (record 4 (id 738f94e0-aa6c-6a5c-2395-7b64421ba2a5): 'https:/victorhouse.example.org')",
        "service email with several addresses: the first kept (record 4 (id 738f94e0-aa6c-6a5c-2395-7b64421ba2a5): 'victor@example.org; other@example.org')",
    )
    for service in feed.services:
        assert validate(service_json(service, full=True), "service") == []


V3_PAGE = {
    "total_items": 1,
    "total_pages": 1,
    "page_number": 1,
    "size": 1,
    "first_page": True,
    "last_page": True,
    "empty": False,
    "contents": [
        {
            "id": "0b2f6f54-2a0e-4d3e-8d7c-3f1e5a9b6c01",
            "name": "Warm Space",
            "description": "Tea, coffee &amp; a warm room.",
            "organization_id": ORG_ID,
            "status": "temporarily closed",
            "minimum_age": 18,
            "last_modified": "2025-01-31T16:45:00.123+00:00",
            "assured_date": "2025-01-30",
            "assurer_email": "dir@council.example.gov.uk",
            "alert": "Closed for repairs until March.",
            "schedules": [
                {
                    "id": "a6f1e2d3-0000-4000-8000-000000000001",
                    "freq": "WEEKLY",
                    "byday": "FR",
                    "opens_at": "13:00",
                    "closes_at": "16:00",
                    "service_at_location_id": "a6f1e2d3-0000-4000-8000-000000000002",
                }
            ],
            "service_at_locations": [
                {
                    "id": "a6f1e2d3-0000-4000-8000-000000000002",
                    "location_id": "a6f1e2d3-0000-4000-8000-000000000003",
                    "location": {
                        "id": "a6f1e2d3-0000-4000-8000-000000000003",
                        "location_type": "physical",
                        "name": "St Mary's Church Hall",
                        "latitude": 53.59,
                        "longitude": -0.65,
                        "addresses": [
                            {
                                "id": "a6f1e2d3-0000-4000-8000-000000000004",
                                "address_1": "1 Church Lane",
                                "city": "Scunthorpe",
                                "state_province": "",
                                "postal_code": "DN15 6AA",
                                "country": "GB",
                                "address_type": "physical",
                            }
                        ],
                    },
                }
            ],
            "attributes": [
                {
                    "id": "a6f1e2d3-0000-4000-8000-000000000005",
                    "link_id": "0b2f6f54-2a0e-4d3e-8d7c-3f1e5a9b6c01",
                    "taxonomy_term_id": "a6f1e2d3-0000-4000-8000-000000000006",
                    "taxonomy_term": {
                        "id": "a6f1e2d3-0000-4000-8000-000000000006",
                        "name": "Warm spaces",
                        "description": "",
                        "taxonomy": "Hearth categories",
                        "taxonomy_id": "a6f1e2d3-0000-4000-8000-000000000007",
                    },
                }
            ],
            "languages": [{"id": "a6f1e2d3-0000-4000-8000-000000000008"}],
        }
    ],
}


def test_a_v3_page_maps_field_by_field():
    feed = parse_feed(V3_PAGE, namespace=NS)
    assert feed.version == "3"
    (service,) = feed.services
    assert (
        service.id == "0b2f6f54-2a0e-4d3e-8d7c-3f1e5a9b6c01"
        and service.source_id is None
    )
    assert service.description == "Tea, coffee & a warm room."
    assert service.status == "temporarily closed"
    assert service.organization is None and service.organization_id == ORG_ID
    assert (service.minimum_age, service.maximum_age) == (18, None)
    assert service.last_modified == dt.datetime(
        2025, 1, 31, 16, 45, 0, 123000, tzinfo=dt.UTC
    )
    assert service.assured_date == dt.date(2025, 1, 30)
    assert service.assurer_email == "dir@council.example.gov.uk"
    assert service.alert == "Closed for repairs until March."
    (schedule,) = service.schedules
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == (
        "FR",
        dt.time(13),
        dt.time(16),
    )
    assert schedule.service_at_location_id == service.service_at_locations[0].id
    location = service.service_at_locations[0].location
    assert location.name == "St Mary's Church Hall"
    assert location.addresses[0].state_province is None
    (attribute,) = service.attributes
    assert attribute.taxonomy_term.name == "Warm spaces"
    assert attribute.taxonomy_term.description is None
    assert attribute.link_type is None
    assert [t.name for t in feed.taxonomies] == ["Hearth categories"]
    assert feed.taxonomies[0].id == "a6f1e2d3-0000-4000-8000-000000000007"
    assert [(x.name, x.code) for x in service.languages] == [(None, None)]
    assert feed.warnings == ()
    out = service_json(service, full=True)
    assert validate(out, "service") == []
    assert (
        out["service_at_locations"][0]["location"]["addresses"][0]["state_province"]
        == ""
    )


def test_round_trip_through_v3_json():
    service = rich_service()
    document = json.dumps(service_json(service, full=True)).encode()
    feed = read_feed(document)
    assert feed.version == "3"
    assert feed.warnings == ()
    assert feed.services == (service,)
    assert feed.organizations == (service.organization,)
    assert feed.locations == service.locations
    assert set(feed.terms) == {a.taxonomy_term for a in service.attributes}
    # Without extras, what ORUK 3.0 has no field for is lost, and only that.
    plain = read_feed(
        json.dumps(service_json(service, full=True, extras=False)).encode()
    )
    contact = replace(service.contacts[0], email=None, phones=())
    language = replace(service.languages[0], name=None, code=None)
    terms = {
        a.id: replace(a, taxonomy_term=replace(a.taxonomy_term, code=None))
        for a in service.attributes
    }
    assert plain.services == (
        replace(
            service,
            contacts=(contact,),
            languages=(language,),
            attributes=tuple(terms.values()),
        ),
    )
    # The list form carries the service's own fields and its organisation.
    short = read_feed(
        json.dumps([service_json(service, full=False)]).encode()
    ).services[0]
    assert short == replace(
        service,
        organization=replace(service.organization, identifiers=()),
        schedules=(),
        service_areas=(),
        service_at_locations=(),
        languages=(),
        funding=(),
        cost_options=(),
        contacts=(),
        attributes=(),
    )


def test_a_page_of_serialised_services_reads_back():
    service = rich_service()
    page = {"contents": [service_json(service, full=True)], "total_items": 1}
    assert parse_feed(page).services == (service,)


@pytest.mark.parametrize("wrap", ["plain", "bom", "gzip", "gzip+bom"])
def test_bytes_and_files_gzipped_or_not_with_or_without_bom(wrap, tmp_path):
    data = json.dumps(V2_RECORDS).encode("utf-8")
    if "bom" in wrap:
        data = b"\xef\xbb\xbf" + data
    if "gzip" in wrap:
        data = gzip.compress(data)
    path = tmp_path / "feed.json"
    path.write_bytes(data)
    from_bytes = read_feed(data, namespace=NS)
    from_path = read_feed(path, namespace=NS)
    from_text_path = read_feed(str(path), namespace=NS)
    assert from_bytes == from_path == from_text_path
    assert len(from_bytes.services) == 2


def test_a_single_service_object_is_a_feed():
    feed = read_feed(b'{"id": 42, "name": "Lunch club"}', namespace=NS)
    (service,) = feed.services
    assert service.id == ns("service", "42") and service.source_id == "42"
    assert service.status == "active"
    assert feed.warnings == (
        "service without a status: taken as active (record 1 (id 42))",
    )


def test_ids_are_stable_across_imports_and_namespaced_by_feed():
    first = parse_feed(V1_PAGE, namespace=NS)
    again = parse_feed(V1_PAGE, namespace=NS)
    other = parse_feed(V1_PAGE, namespace="https://elsewhere.example/oruk")
    assert first == again
    assert first.services[0].id != other.services[0].id
    # Shared vocabularies do not depend on the feed.
    legacy = {
        t.id for t in first.terms if t.taxonomy and t.taxonomy.startswith("ORUK 1.0")
    }
    assert legacy == {
        t.id for t in other.terms if t.taxonomy and t.taxonomy.startswith("ORUK 1.0")
    }


def test_braced_or_unhyphenated_uuids_are_normalised_and_kept_as_source_ids():
    feed = parse_feed(
        [
            {
                "id": "{3121DD2F-3900-4C90-B529-4C265F026D6F}",
                "name": "x",
                "status": "active",
            }
        ]
    )
    service = feed.services[0]
    assert service.id == "3121dd2f-3900-4c90-b529-4c265f026d6f"
    assert service.source_id == "{3121DD2F-3900-4C90-B529-4C265F026D6F}"


def test_unusable_records_are_all_reported_together():
    records = [
        {"id": "1", "name": "Fine", "status": "active"},
        {"name": "No id", "status": "active"},
        {"id": "3", "status": "active"},
        {"id": "4", "name": "Bad status", "status": "open"},
        "not an object",
        {
            "id": "6",
            "name": "Bad nesting",
            "status": "active",
            "regular_schedules": "Mondays",
        },
        {"id": "7", "name": "Bad org", "status": "active", "organization": ["x"]},
        {"id": {"nested": 1}, "name": "Odd id", "status": "active"},
        {"id": "9", "name": {"en": "x"}, "status": "active"},
    ]
    with pytest.raises(FeedError) as caught:
        parse_feed(records)
    assert caught.value.problems == (
        "record 2: service has no id",
        "record 3 (id 3): service has no name",
        "record 4 (id 4): unknown status 'open' (expected one of active, inactive, defunct, temporarily closed)",
        "record 5: is text, not a service object",
        "record 6 (id 6): regular_schedules is text, not a list",
        "record 7 (id 7): organization is a list, not an object",
        "record 8 (id {'nested': 1}): service id is an object, not text or a whole number",
        "record 9 (id 9): name is an object, not text",
    )
    assert str(caught.value).startswith(
        "the feed cannot be imported (8 problems):\n  record 2:"
    )


def test_the_message_lists_problems_up_to_a_limit():
    records = [{"id": str(i), "status": "active"} for i in range(30)]
    with pytest.raises(FeedError) as caught:
        parse_feed(records, problem_limit=5)
    assert len(caught.value.problems) == 30
    message = str(caught.value)
    assert message.count("service has no name") == 5
    assert message.endswith("... and 25 more")
    assert message.startswith("the feed cannot be imported (30 problems):")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b"{not json",
            "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        (b"\xff\xfe[]", "not UTF-8 text"),
        (b'"a string"', "not an ORUK feed: the document is text"),
        (
            b'{"error": "nope"}',
            "not an ORUK feed: an object with neither contents, content nor id",
        ),
        (b'{"contents": {"id": 1}}', "the page's contents is an object, not a list"),
        (b"\x1f\x8b\x08\x00broken", "not a readable gzip file"),
    ],
)
def test_documents_that_are_not_feeds(data, problem):
    with pytest.raises(FeedError) as caught:
        read_feed(data)
    assert caught.value.problems[0].startswith(problem)


def test_an_empty_page_is_an_empty_feed():
    feed = parse_feed({"contents": [], "total_items": 0})
    assert feed.services == () and feed.version == "3" and feed.records == 0


def test_value_repairs():
    record = {
        "id": "r",
        "name": "Repairs",
        "status": "inactive",
        "url": "Call us",
        "email": "not an email",
        "assured_date": "31/01/2024",
        "last_modified": "yesterday",
        "minimum_age": 65,
        "maximum_age": 18,
        "regular_schedules": [
            {"freq": "DAILY", "opens_at": "25:00", "closes_at": "5:30pm"},
            {"freq": "YEARLY", "byday": "Funday", "weekday": "Monday"},
            {"weekday": "Monday, Wednesday", "bymonthday": "40", "interval": 0.5},
        ],
        "service_at_locations": [
            {"location": {"name": "Nowhere", "latitude": 0, "longitude": 0}},
            {"id": "no-location"},
        ],
        "cost_options": [{"amount": "a fiver"}],
    }
    feed = parse_feed([record], namespace=NS)
    service = feed.services[0]
    assert service.status == "inactive"
    assert service.url is None and service.email is None
    assert service.assured_date == dt.date(2024, 1, 31)
    assert service.last_modified is None
    assert (service.minimum_age, service.maximum_age) == (18, 65)
    daily, yearly, weekdays = service.schedules
    assert (daily.freq, daily.byday, daily.opens_at, daily.closes_at) == (
        "WEEKLY",
        "MO,TU,WE,TH,FR,SA,SU",
        None,
        dt.time(17, 30),
    )
    assert (yearly.freq, yearly.byday) == (None, None)  # byday given but unreadable
    assert (weekdays.byday, weekdays.bymonthday, weekdays.interval) == (
        "MO,WE",
        None,
        None,
    )
    (sal,) = service.service_at_locations
    assert sal.location.latitude is None and sal.location.name == "Nowhere"
    assert sal.id == ns("service_at_location", "r/service_at_location/0")
    assert service.cost_options[0].amount is None
    assert service.cost_options[0].amount_description == "a fiver"
    where = "record 1 (id r)"
    assert feed.warnings == (
        f"minimum age above the maximum age: swapped ({where}: '65 > 18')",
        f"last_modified that is not a date-time: dropped ({where}: 'yesterday')",
        f"coordinates incomplete, out of range or (0, 0): dropped ({where}: '0, 0')",
        f"service_at_location without its location: left out ({where}: 'no-location')",
        f"opening time that is not a time of day: dropped ({where}: '25:00')",
        f"byday that is not a list of weekdays: dropped ({where}: 'Funday')",
        f"schedule freq other than WEEKLY, MONTHLY or DAILY: dropped ({where}: 'YEARLY')",
        f"schedule interval that is not a whole number from 1: dropped ({where}: '0.5')",
        f"bymonthday that is not a list of days of the month: dropped ({where}: '40')",
        f"service url that is not a web address: dropped ({where}: 'Call us')",
        f"service email that is not an e-mail address: dropped ({where}: 'not an email')",
        f"cost amount that is not a number: dropped ({where}: 'a fiver')",
    )
    assert validate(service_json(service, full=True), "service") == []


def test_an_organization_that_differs_between_records_keeps_the_first():
    org = {"id": ORG_ID, "name": "Ramblers", "description": "Walks."}
    records = [
        {"id": "1", "name": "A", "status": "active", "organization": org},
        {
            "id": "2",
            "name": "B",
            "status": "active",
            "organization": dict(org, description="Other."),
        },
        {
            "id": "3",
            "name": "C",
            "status": "active",
            "organization": {"name": "No id org"},
        },
        {"id": "4", "name": "D", "status": "active", "organization": {"id": ORG_ID}},
    ]
    feed = parse_feed(records, namespace=NS)
    a, b, c, d = feed.services
    assert a.organization is b.organization and b.organization.description == "Walks."
    assert c.organization.id == ns("organization", "name:no id org")
    assert d.organization is None and d.organization_id == ORG_ID
    assert [o.name for o in feed.organizations] == ["Ramblers", "No id org"]
    assert feed.warnings == (
        f"organization that differs between records: the first version kept (record 2 (id 2): '{ORG_ID}')",
        f"organization without a name: left out (the service keeps its id) (record 4 (id 4): '{ORG_ID}')",
    )
