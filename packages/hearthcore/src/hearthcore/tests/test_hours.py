from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hearthcore import hours

MONDAY = dt.date(2026, 11, 23)


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm))


def test_weekdays_spans_and_overrides():
    h = hours.parse("Mo-Fr 09:00-12:00,13:00-17:00; We 10:00-12:00; Sa,Su off")
    assert hours.is_open(h, at(MONDAY, 9)) is True
    assert hours.is_open(h, at(MONDAY, 12, 30)) is False
    wednesday = MONDAY + dt.timedelta(days=2)
    assert (
        hours.is_open(h, at(wednesday, 9)) is False
    )  # the later rule replaces the day
    assert hours.is_open(h, at(wednesday, 11)) is True
    assert hours.is_open(h, at(MONDAY + dt.timedelta(days=5), 11)) is False


def test_midnight_and_always():
    late = hours.parse("Fr 18:00-02:00")
    saturday = MONDAY + dt.timedelta(days=5)
    assert hours.is_open(late, at(saturday, 1, 59)) is True
    assert hours.is_open(late, at(saturday, 2)) is False
    assert hours.is_open("24/7", at(MONDAY, 3)) is True


def test_public_holidays_and_dates():
    h = hours.parse(
        "Mo-Su 09:00-17:00; PH 10:00-14:00; Dec 24 09:00-12:00; 2026 Dec 31 off"
    )
    assert hours.is_open(h, at(dt.date(2026, 12, 25), 9, 30)) is False
    assert hours.is_open(h, at(dt.date(2026, 12, 25), 11)) is True
    assert hours.is_open(h, at(dt.date(2026, 12, 24), 13)) is False
    assert hours.is_open(h, at(dt.date(2026, 12, 31), 10)) is False
    assert hours.is_open(h, at(dt.date(2027, 12, 31), 10)) is True
    assert hours.is_open(h, at(MONDAY, 10), holidays={MONDAY}) is True
    assert hours.is_open(h, at(MONDAY, 15), holidays={MONDAY}) is False


def test_months():
    h = hours.parse("Mo-Su 09:00-17:00; Oct-Mar Sa,Su off")
    assert hours.is_open(h, at(dt.date(2026, 11, 28), 10)) is False
    assert hours.is_open(h, at(dt.date(2026, 6, 6), 10)) is True


def test_aware_datetimes_are_read_in_london_time():
    utc = dt.datetime(2026, 7, 6, 8, 30, tzinfo=ZoneInfo("UTC"))  # 09:30 BST
    assert hours.is_open("Mo 09:00-10:00", utc) is True


def test_errors_say_where():
    with pytest.raises(hours.HoursError, match="rule 2"):
        hours.parse("Mo 09:00-17:00; Xx 09:00-10:00")
    with pytest.raises(hours.HoursError, match="'25:99'"):
        hours.parse("Mo 09:00-25:99")
    with pytest.raises(hours.HoursError, match="give times"):
        hours.parse("Mo-Fr")
    assert hours.is_open("nonsense", at(MONDAY, 9)) is None


def test_next_change_and_describe():
    h = "Mo-Fr 09:00-17:00; PH off"
    assert hours.next_change(h, at(MONDAY, 18)) == at(MONDAY + dt.timedelta(days=1), 9)
    friday = MONDAY + dt.timedelta(days=4)
    assert hours.next_change(h, at(friday, 18)) == at(friday + dt.timedelta(days=3), 9)
    rows = dict(
        hours.describe(
            "Mo-Fr 09:00-12:00,13:00-17:30; Sa 10:00-12:00; PH off; Dec 25 off"
        )
    )
    assert rows["Monday"] == "9am to midday, 1pm to 5:30pm"
    assert rows["Sunday"] == "Closed" and rows["Bank holidays"] == "Closed"
    assert rows["25 December"] == "Closed"


def test_bank_holidays():
    assert sorted(hours.england_bank_holidays(2026)) == [
        dt.date(2026, 1, 1), dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 4),
        dt.date(2026, 5, 25), dt.date(2026, 8, 31), dt.date(2026, 12, 25), dt.date(2026, 12, 28),
    ]  # fmt: skip
    assert dt.date(2022, 1, 3) in hours.england_bank_holidays(
        2022
    )  # New Year on a Saturday
    assert {
        dt.date(2021, 12, 27),
        dt.date(2021, 12, 28),
    } <= hours.england_bank_holidays(2021)
    assert dt.date(2020, 5, 8) in hours.england_bank_holidays(2020)
    assert dt.date(2020, 5, 4) not in hours.england_bank_holidays(2020)


def test_from_weekly():
    assert (
        hours.from_weekly(
            {
                "Monday": "9am - 5.30pm",
                "Tuesday": "09:00-17:30",
                "Wednesday": "9:00 to 13:00",
                "Sunday": "Closed",
            }
        )
        == "Mo-Tu 09:00-17:30; We 09:00-13:00; Su off"
    )
    assert hours.from_weekly({"fri": "6pm-2am"}) == "Fr 18:00-02:00"
    with pytest.raises(hours.HoursError, match="Monday"):
        hours.from_weekly({"monday": "all day long"})
    assert (
        hours.is_open(
            hours.parse(hours.from_weekly({"fri": "6pm-2am"})),
            at(MONDAY + dt.timedelta(days=5), 1),
        )
        is True
    )
