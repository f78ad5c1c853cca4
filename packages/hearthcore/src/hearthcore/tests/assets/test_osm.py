from __future__ import annotations

import pytest

from hearthcore.assets import category_of, read_assets, recognise
from hearthcore.sources.errors import DataImportError

FEATURES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "node/1",
            "geometry": {"type": "Point", "coordinates": [-2.63, 53.65]},
            "properties": {
                "@id": "node/1",
                "amenity": "library",
                "name": "Chorley Library",
                "wheelchair": "yes",
                "opening_hours": "Mo-Fr 09:00-17:00",
                "fee": "no",
                "contact:phone": "01257 000000",
                "addr:postcode": "PR7 1EB",
                "website": "https://lancashire.gov.uk",
            },
        },
        {
            "type": "Feature",
            "id": "way/2",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [-2.64, 53.66],
                        [-2.639, 53.66],
                        [-2.639, 53.661],
                        [-2.64, 53.661],
                        [-2.64, 53.66],
                    ]
                ],
            },
            "properties": {
                "tags": {"leisure": "park", "name": "Astley Park"},
                "id": "way/2",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-2.62, 53.64]},
            "properties": {"shop": "bakery", "name": "Greggs"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-2.62, 53.64]},
            "properties": {
                "amenity": "social_facility",
                "social_facility:for": "youth",
                "name": "Youth Zone",
                "osm_id": "9",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-2.62, 53.64]},
            "properties": {
                "osm_id": "10",
                "name": "St Mary",
                "other_tags": '"amenity"=>"place_of_worship","religion"=>"christian"',
            },
        },
    ],
}


def test_osm_geojson(write):
    path = write("chorley_osm.geojson", FEATURES)
    assert recognise(path) == "osm-geojson"
    result = read_assets(path)
    library, park, youth, church = result.records
    assert (
        library.source_id,
        library.category,
        library.accessibility,
        library.cost,
    ) == ("node/1", "library", ("wheelchair",), "free")
    assert (library.opening_hours, library.phone, library.postcode) == (
        "Mo-Fr 09:00-17:00",
        "01257 000000",
        "PR7 1EB",
    )
    assert (
        park.source_id == "way/2"
        and park.category == "park"
        and 53.66 < park.lat < 53.661
    )
    assert youth.category == "youth-club" and youth.source_id == "node/9"
    assert church.category == "place-of-worship"
    assert [p.line for p in result.skipped] == [3] and "bakery" in result.skipped[
        0
    ].message
    assert "OpenStreetMap" in result.licence
    assert recognise(write("export.geojson", FEATURES)) == "osm-geojson"


def test_category_table():
    assert category_of({"healthcare": "doctor"}) == "gp-practice"
    assert (
        category_of({"emergency": "defibrillator", "amenity": "library"})
        == "defibrillator"
    )
    assert category_of({"amenity": "townhall"}) == "council-building"


def test_not_a_feature_collection(write):
    with pytest.raises(DataImportError, match="FeatureCollection"):
        read_assets(write("osm.json", [1, 2]), kind="osm-geojson")


OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="53.65" lon="-2.63" version="1"><tag k="amenity" v="library"/><tag k="name" v="Chorley Library"/><tag k="wheelchair" v="yes"/></node>
  <node id="2" lat="53.651" lon="-2.631" version="1"><tag k="amenity" v="bench"/></node>
  <node id="3" lat="53.652" lon="-2.632" version="1"/><node id="4" lat="53.652" lon="-2.631" version="1"/><node id="5" lat="53.651" lon="-2.631" version="1"/>
  <way id="10" version="1"><nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="3"/><tag k="leisure" v="park"/><tag k="name" v="Tiny Park"/></way>
</osm>
"""


def test_osm_xml_through_gdal(write):
    pyogrio = pytest.importorskip("pyogrio")
    if "OSM" not in pyogrio.list_drivers():
        pytest.skip("GDAL has no OSM driver")
    path = write("extract.osm", OSM_XML)
    assert recognise(path) == "osm-geojson"
    result = read_assets(path)
    assert [(r.source_id, r.category) for r in result.records] == [
        ("node/1", "library"),
        ("way/10", "park"),
    ]
    assert result.records[0].accessibility == ("wheelchair",)
    assert len(result.skipped) == 1
