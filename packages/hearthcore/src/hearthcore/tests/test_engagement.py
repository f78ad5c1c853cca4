from __future__ import annotations

import datetime as dt

import pytest

from hearthcore import engagement
from hearthcore.engagement import ActivityFileError, read_activity_file

HEADER = ",".join(engagement.COLUMNS) + "\n"
TODAY = dt.date(2025, 6, 1)


def _line(**values: str) -> str:
    return ",".join(values.get(c, "") for c in engagement.COLUMNS) + "\n"


def test_reads_activities_with_and_without_breakdowns():
    raw = (
        HEADER
        + _line(
            date="2025-03-14",
            kind="Drop-in session",
            place="PR7 2QL",
            organisation="Chorley Council",
            people="23",
            aged_65_and_over="6",
            aged_35_to_49="8",
            white="19",
            asian="2",
            disabled="4",
            themes="Housing; Feeling safe;Housing",
            notes="Play area",
        )
        + _line(
            date="2025-03-15", kind="door knocking", organisation="Fire", people="40"
        )
    ).encode()
    result = read_activity_file(raw, "a.csv", today=TODAY)
    first, second = result.rows
    assert (first.line, first.kind, first.people) == (2, "drop_in", 23)
    assert first.age == {"aged_35_to_49": 8, "aged_65_and_over": 6}
    assert first.ethnicity == {"asian": 2, "white": 19}
    assert first.disabled == 4 and first.themes == ("Housing", "Feeling safe")
    assert (second.kind, second.age, second.ethnicity, second.disabled) == (
        "doorstep",
        {},
        {},
        None,
    )
    assert result.warnings == []


def test_every_problem_is_named_and_nothing_is_returned():
    raw = (
        HEADER
        + _line(date="2025-13-01", kind="party", organisation="", people="-3")
        + _line(
            date="2025-07-01",
            kind="survey",
            organisation="X",
            people="10",
            aged_16_to_24="8",
            aged_25_to_34="4",
            white="11",
            disabled="12",
        )
        + _line(date="2025-05-01", kind="survey", organisation="X", people="2.5")
    ).encode()
    with pytest.raises(ActivityFileError) as caught:
        read_activity_file(raw, "a.csv", today=TODAY)
    text = str(caught.value)
    assert "line 2, column date: '2025-13-01' is not a date" in text
    assert "line 2, column kind: 'party' is not a kind" in text
    assert "line 2, column organisation: is empty" in text
    assert "line 2, column people: '-3' is not a whole number of at least 0" in text
    assert "line 3, column date: 2025-07-01 is in the future" in text
    assert "the age bands add up to 12, more than the 10 people reached" in text
    assert "the ethnic groups add up to 11, more than the 10 people reached" in text
    assert "line 3, column disabled: 12 is more than the 10 people reached" in text
    assert "line 4, column people: '2.5' is not a whole number" in text


def test_contact_details_in_notes_are_warnings():
    raw = (
        HEADER
        + _line(
            date="2025-03-14",
            kind="event",
            organisation="X",
            people="3",
            notes="Ring Sue on 07700 900 123",
        )
    ).encode()
    result = read_activity_file(raw, "a.csv", today=TODAY)
    assert len(result.rows) == 1
    assert "line 2, column notes: holds contact details (07700 900 123)" in str(
        result.warnings[0]
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("email a.b-c@chorley.gov.uk now", ["a.b-c@chorley.gov.uk"]),
        ("(01257) 515151", ["(01257) 515151"]),
        ("+447700900123", ["+447700900123"]),
        ("20 people in 2024 at PR7 1DP, ref 1234567", []),
        ("", []),
    ],
)
def test_contact_details(text, found):
    assert engagement.contact_details(text) == found


def test_the_template_reads_back():
    result = read_activity_file(
        engagement.template_csv().encode(), "t.csv", today=TODAY
    )
    assert result.rows[0].people == 23


def test_upcoming_sessions_skip_bank_holidays():
    sessions = engagement.upcoming_sessions(
        "Mo 10:00-12:00,13:00-15:30; PH off", dt.date(2026, 12, 21), days=15
    )
    assert [(s.day.isoformat(), s.times) for s in sessions] == [
        ("2026-12-21", "10am to midday"),
        ("2026-12-21", "1pm to 3:30pm"),
        # 28 December 2026 is the Boxing Day bank holiday (substitute day).
        ("2027-01-04", "10am to midday"),
        ("2027-01-04", "1pm to 3:30pm"),
    ]
    assert engagement.upcoming_sessions("nonsense", dt.date(2026, 12, 21)) == []
