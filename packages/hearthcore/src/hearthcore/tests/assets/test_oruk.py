from __future__ import annotations

import pytest

from hearthcore.assets import read_assets, recognise
from hearthcore.assets.oruk import asset_type_of, cost_of
from hearthcore.sources.errors import DataImportError

SERVICES = [
    {
        "id": "a",
        "name": "",
        "description": "<p><br></p>",
        "status": "active",
        "fees": "",
    },
    {
        "id": "b",
        "name": "#TalkSuicide",
        "description": "<p>Free support &amp; advice.</p>",
        "url": "https://talksuicide.co.uk/",
        "email": "info@heymind.org.uk",
        "status": "active",
        "fees": "",
        "organization": {"id": "o", "name": "North East Lincolnshire Mind"},
    },
    {
        "id": "c",
        "name": "Grimsby Food Bank",
        "status": "active",
        "fees": "£2 per visit",
        "organization": {"name": "North Lincolnshire Council"},
        "service_at_locations": [
            {
                "location": {
                    "name": "Hall",
                    "latitude": 53.56,
                    "longitude": -0.08,
                    "physical_addresses": [
                        {
                            "address_1": "1 Road",
                            "city": "Grimsby",
                            "postal_code": "dn311aa",
                        }
                    ],
                }
            }
        ],
    },
]


def test_oruk_list_feed(write):
    path = write("oruk_services_bristol.json.gz", SERVICES)
    assert recognise(path) == "oruk"
    result = read_assets(path)
    talk, food = result.records
    assert [p.line for p in result.skipped] == [1]
    assert (
        talk.description == "Free support & advice."
        and talk.lat is None
        and talk.postcode == ""
    )
    assert (talk.category, talk.asset_type, talk.cost, talk.organisation) == (
        "support-service",
        "association",
        "free",
        "North East Lincolnshire Mind",
    )
    assert (food.category, food.asset_type, food.cost) == (
        "food-bank",
        "institution",
        "paid",
    )
    assert (food.lat, food.postcode, food.address) == (
        53.56,
        "DN31 1AA",
        "1 Road, Grimsby",
    )


def test_oruk_paged_feed_sniffed(write):
    path = write("feed.json", {"totalElements": 2, "content": SERVICES[1:]})
    assert recognise(path) == "oruk"
    assert len(read_assets(path).records) == 2
    assert (
        len(read_assets(write("v3.json", {"items": SERVICES[1:]}), kind="oruk").records)
        == 2
    )


def test_oruk_errors(write):
    with pytest.raises(DataImportError, match="no list of services"):
        read_assets(write("oruk.json", {"hello": 1}))
    bad = [
        dict(
            SERVICES[2],
            service_at_locations=[{"location": {"latitude": "north", "longitude": 1}}],
        )
    ]
    with pytest.raises(DataImportError) as info:
        read_assets(write("oruk2.json", bad))
    assert (info.value.problems[0].line, info.value.problems[0].column) == (
        1,
        "latitude",
    )


def test_helpers():
    assert asset_type_of("") == "institution"
    assert asset_type_of("Friends of Astley Park") == "association"
    assert cost_of("<p>No</p>") == "free"
