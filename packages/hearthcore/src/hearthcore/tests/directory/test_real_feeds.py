"""The real ORUK feeds import, and every service they hold serialises to valid ORUK 3.0."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from hearthcore.directory import (
    Feed,
    check_page,
    organization_json,
    page_json,
    read_feed,
    service_json,
    taxonomy_json,
    taxonomy_term_json,
    validate,
)

DATA = Path(os.environ.get("HEARTH_DATA_DIR", "/work/shared/data"))
FEEDS = DATA / "assets" / "oruk_examples"
BRISTOL = FEEDS / "oruk_v2_services_list_bristol_openplace_directory_2024-12-18.json.gz"
NORTH_LINCS = (
    FEEDS
    / "oruk_v2_services_list_north_lincolnshire_openplace_directory_2024-12-18.json.gz"
)
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not DATA.exists(), reason="no HEARTH_DATA_DIR"),
]


@pytest.fixture(scope="module")
def bristol() -> Feed:
    return read_feed(
        BRISTOL,
        namespace="https://bristol.openplace.directory/o/ServiceDirectoryService/v2",
    )


@pytest.fixture(scope="module")
def north_lincs() -> Feed:
    return read_feed(
        NORTH_LINCS,
        namespace="https://northlincs.openplace.directory/o/ServiceDirectoryService/v2",
    )


def test_bristol_imports_with_two_services_left_out(bristol):
    assert bristol.version == "2"
    assert bristol.records == 819
    assert len(bristol.services) == 817  # one with an empty name, one repeated id
    assert len(bristol.organizations) == 594
    assert len(bristol.locations) == 0  # list records carry no locations
    assert [t.name for t in bristol.taxonomies] == [
        "Target audience (Placecube)",
        "ORUK 1.0 attending access",
        "ORUK 1.0 deliverable type",
        "ORUK 1.0 attending type",
    ]
    assert len(bristol.terms) == 50
    assert sum(s.organization is None for s in bristol.services) == 6
    assert bristol.warnings == (
        "record 1 (id def5ccd4-f121-df4d-60d2-4dc0d69ff555): the service has an empty name and was left out",
        "record 811 (id 2af617e5-4532-bebe-1036-ffdf2e93ce55): the service id is repeated; the first, record 374, was kept and this one left out",
        "organization website without 'http://': 'http://' added (25 times; first: record 25 (id f8e9a6a3-f4d2-4e58-850d-f20302fae2e7): 'www.al-anonuk.org.uk')",
        "service url without 'http://': 'http://' added (53 times; first: record 30 (id 6266db2e-7545-a185-a0ed-84abb5039bea): 'kateartereft.com')",
        "service url with a malformed 'http://': mended (5 times; first: record 125 (id 6e5236ae-117e-884f-56de-d374d5527d66): 'http:www.yateandsodburydc.co.uk')",
        "organization website that is not a web address: dropped (2 times; first: record 186 (id 90616b65-bf71-fc1b-9623-6d0891731019): 'Warmley Community Centre')",
        "service url that is not a web address: dropped (record 186 (id 90616b65-bf71-fc1b-9623-6d0891731019): 'Warmley Community Centre')",
        "organization website with a malformed 'http://': mended (record 403 (id 3ffd16e3-0f5a-41a7-9b16-0b0edf7971cf): 'https:/holisuntherapies.co.uk')",
    )
    ids = [s.id for s in bristol.services]
    assert len(set(ids)) == len(ids)
    kept = next(
        s for s in bristol.services if s.id == "2af617e5-4532-bebe-1036-ffdf2e93ce55"
    )
    assert kept.name == "Fishponds Yoga for Fitness & Wellbeing"


def test_north_lincolnshire_imports_whole(north_lincs):
    assert north_lincs.version == "2"
    assert north_lincs.records == 738
    assert len(north_lincs.services) == 738
    assert len(north_lincs.organizations) == 239
    assert len(north_lincs.terms) == 53
    assert north_lincs.warnings == (
        "service url without 'http://': 'http://' added (14 times; first: record 20 (id 8b895b09-2f0c-395c-7d1b-0ba2cead190d): 'balancedcoaching.co.uk')",
        "organization website without 'http://': 'http://' added (12 times; first: record 92 (id 84416781-9167-4fdf-d6c0-ae2c871a9b48): 'www.scunthorpebowlsclub.com')",
    )


def test_a_bristol_record_field_by_field(bristol):
    service = next(
        s for s in bristol.services if s.id == "3121dd2f-3900-4c90-b529-4c265f026d6f"
    )
    assert service.name == "A Picture of Health"
    assert service.description.startswith(
        "This website helps clinicians provide Easy Read information to people with "
        "learning disabilities.\n\nYou can use the website to print Easy Read examples"
    )
    assert "\u2018Contact Us\u2019" in service.description
    assert service.url == "http://www.apictureofhealth.southwest.nhs.uk"
    assert service.email is None and service.fees is None
    assert service.assured_date == dt.date(2022, 10, 4)
    assert service.last_modified == dt.datetime(2022, 10, 4, tzinfo=dt.UTC)
    assert (service.organization.id, service.organization.name) == (
        "a117371a-6591-42d6-ea0a-d89a50b10d40",
        "NHS",
    )
    assert service.organization.website == "https://www.nhs.uk/"
    assert service.organization.logo is None


def test_target_audiences_become_a_hierarchy(bristol):
    terms = {t.id: t for t in bristol.terms}
    grandparents = next(t for t in bristol.terms if t.name == "Grandparents")
    assert terms[grandparents.parent_id].name == "Parents"
    names = [t.name for t in bristol.terms]
    assert len(names) == len(set(names))  # 'Carers' and 'Carers ' are one term
    tagged = [
        s
        for s in bristol.services
        if any(a.link_type == "audience" for a in s.attributes)
    ]
    assert (
        len(tagged) == 222
    )  # counted from the raw records with a non-blank audienceType


def _valid_everywhere(feed: Feed) -> None:
    for service in feed.services:
        assert validate(service_json(service, full=True), "service") == [], service.id
        assert validate(service_json(service, full=False), "service_list") == [], (
            service.id
        )
    page = page_json(
        [service_json(s, full=False) for s in feed.services[:20]],
        page_number=1,
        per_page=20,
        total_items=len(feed.services),
    )
    assert check_page(page, "service_list", per_page=20) == []
    assert validate(page, "/services") == []
    for organization in feed.organizations:
        assert validate(organization_json(organization), "organization") == []
        assert (
            validate(organization_json(organization, full=False), "organization_list")
            == []
        )
    for taxonomy in feed.taxonomies:
        assert validate(taxonomy_json(taxonomy), "taxonomy") == []
    for term in feed.terms:
        assert validate(taxonomy_term_json(term), "taxonomy_term") == []


def test_every_bristol_service_is_valid_oruk3(bristol):
    _valid_everywhere(bristol)


def test_every_north_lincolnshire_service_is_valid_oruk3(north_lincs):
    _valid_everywhere(north_lincs)


def test_the_feeds_read_back_from_their_own_oruk3_json(north_lincs):
    import json

    document = json.dumps(
        [service_json(s, full=True) for s in north_lincs.services]
    ).encode()
    again = read_feed(document)
    assert again.version == "3" and again.warnings == ()
    assert again.services == north_lincs.services
