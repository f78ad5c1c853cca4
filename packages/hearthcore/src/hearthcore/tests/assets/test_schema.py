from __future__ import annotations

import pytest

from hearthcore.assets import (
    CATEGORIES,
    FIVE_WAYS,
    default_five_ways,
    format_postcode,
    osm_week,
)
from hearthcore.assets.schema import (
    ASSET_TYPES,
    Collector,
    accessibility_from_text,
    make_record,
    split_contact,
    strip_html,
    tidy_name,
    week_text,
)

REQUIRED = """community-centre library place-of-worship school gp-practice pharmacy dentist park
sports-facility food-bank warm-space youth-club childrens-centre care-home jobcentre post-office
defibrillator support-service council-building other""".split()


def test_categories_have_valid_defaults():
    assert set(REQUIRED) <= set(CATEGORIES)
    for key, (label, asset_type) in CATEGORIES.items():
        assert label and asset_type in ASSET_TYPES
        assert set(default_five_ways(key)) <= set(FIVE_WAYS)
    assert default_five_ways("library") == ("keep-learning", "take-notice")
    assert "be-active" in default_five_ways("sports-facility")
    assert "give" in default_five_ways("food-bank")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pr71dp", "PR7 1DP"),
        ("PR7  1DP", "PR7 1DP"),
        ("M1 1AE", "M1 1AE"),
        ("EC1A1BB", "EC1A 1BB"),
        ("", ""),
        ("12345", ""),
    ],
)
def test_format_postcode(text, expected):
    assert format_postcode(text) == expected


def test_osm_week_groups_days_and_splits():
    days = dict.fromkeys(["Mo", "Tu", "We", "Th", "Fr"], "08:30-13:00,14:00-17:30")
    days["Sa"] = "9:00-12:30"
    days["Su"] = "CLOSED"
    assert osm_week(days) == "Mo-Fr 08:30-13:00,14:00-17:30; Sa 09:00-12:30"
    assert (
        osm_week({"Mo": "10:00-12:00", "Tu": "10:00-12:00", "Th": "10:00-12:00"})
        == "Mo-Tu 10:00-12:00; Th 10:00-12:00"
    )
    assert osm_week({"Mo": "09:00-13:00:14:00-18:00"}) == ""
    assert osm_week({}) == ""
    assert week_text({"Mo": "AM Only"}) == "Monday: AM Only"


def test_make_record_defaults_and_tidying():
    record = make_record(
        source="s",
        name="  BOOTS THE CHEMIST ",
        category="pharmacy",
        lat=53.6,
        lon=-2.6,
        postcode="pr7 1dp",
        phone="1257123456",
        url="www.example.org",
    )
    assert record.asset_type == "economic"
    assert record.postcode == "PR7 1DP"
    assert record.phone == "01257123456"
    assert record.url == "https://www.example.org"
    assert len(record.source_id) == 16
    assert tidy_name("ST MARY'S SURGERY") == "St Mary's Surgery"


def test_helpers():
    assert strip_html("<p>A&nbsp;b</p><p><br></p><ul><li>c</li></ul>") == "A b\nc"
    assert split_contact("01204 385 848") == ("01204 385 848", "")
    assert accessibility_from_text("Not wheelchair accessible") == ()


def test_collector_coordinates():
    out = Collector("f.csv")
    assert out.coords("", "", 2) == (None, None)
    assert out.coords("0", "0", 2) == (None, None)
    assert out.coords("53.5", "-2.5", 2) == (53.5, -2.5)
    assert out.coords("x", "1", 3) == (None, None)
    assert out.coords("91", "1", 4) == (None, None)
    assert [(p.line, p.column) for p in out.problems] == [(3, "lat"), (4, "lat")]
