from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from hearthcore.ical import MAX_LINE_OCTETS, Event, calendar, escape_text, fold

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


# A small RFC 5545 reader, independent of the writer: unfold, split each
# content line into name, parameters and value, and unescape text.
def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def split_line(line: str) -> tuple[str, dict[str, str], str]:
    head, _, value = line.partition(":")
    name, *params = head.split(";")
    return name, dict(p.split("=", 1) for p in params), value


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_list(value: str) -> list[str]:
    return [unescape(v) for v in re.split(r"(?<!\\),", value)]


def parse(
    text: str,
) -> tuple[dict[str, str], list[dict[str, tuple[dict[str, str], str]]]]:
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    header: dict[str, str] = {}
    events: list[dict[str, tuple[dict[str, str], str]]] = []
    current: dict[str, tuple[dict[str, str], str]] | None = None
    for line in lines[1:-1]:
        name, params, value = split_line(line)
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            assert name not in current, f"{name} twice"
            current[name] = (params, value)
        else:
            header[name] = value
    assert current is None
    return header, events


def feed(*events: Event, **kwargs: object) -> str:
    kwargs.setdefault("name", "Ward plan")
    kwargs.setdefault("now", NOW)
    return calendar(events, **kwargs)  # type: ignore[arg-type]


def only_event(text: str) -> dict[str, tuple[dict[str, str], str]]:
    _, events = parse(text)
    assert len(events) == 1
    return events[0]


def test_calendar_header_and_required_event_properties():
    text = feed(
        Event("plan-action-12@hearth", "Litter pick", date(2024, 6, 1)),
        name="Ladywood ward plan",
        description="Actions, meetings",
    )
    header, events = parse(text)
    assert header["VERSION"] == "2.0"
    assert header["PRODID"] == "-//Hearth//EN"
    assert header["METHOD"] == "PUBLISH"
    assert header["CALSCALE"] == "GREGORIAN"
    assert header["X-WR-CALNAME"] == "Ladywood ward plan"
    assert header["NAME"] == "Ladywood ward plan"
    assert unescape(header["X-WR-CALDESC"]) == "Actions, meetings"
    assert header["X-WR-TIMEZONE"] == "Europe/London"
    (event,) = events
    assert event["UID"] == ({}, "plan-action-12@hearth")
    assert event["DTSTAMP"] == ({}, "20240501T120000Z")
    assert event["SUMMARY"] == ({}, "Litter pick")
    assert event["STATUS"] == ({}, "CONFIRMED")


def test_every_event_has_a_dtstamp_and_its_own_uid():
    events = [
        Event(f"plan-action-{i}@hearth", f"Action {i}", date(2024, 6, i))
        for i in range(1, 4)
    ]
    _, parsed = parse(feed(*events))
    assert [e["UID"][1] for e in parsed] == [e.uid for e in events]
    assert all(e["DTSTAMP"][1] == "20240501T120000Z" for e in parsed)


def test_all_day_event_has_value_date_and_exclusive_end():
    one_day = only_event(feed(Event("a@hearth", "Fun day", date(2024, 6, 1))))
    assert one_day["DTSTART"] == ({"VALUE": "DATE"}, "20240601")
    assert one_day["DTEND"] == ({"VALUE": "DATE"}, "20240602")
    # end is the last day; DTEND is the day after it
    three = only_event(
        feed(Event("b@hearth", "Festival", date(2024, 6, 29), date(2024, 7, 1)))
    )
    assert three["DTSTART"] == ({"VALUE": "DATE"}, "20240629")
    assert three["DTEND"] == ({"VALUE": "DATE"}, "20240702")
    # across a year end
    nye = only_event(feed(Event("c@hearth", "Party", date(2024, 12, 31))))
    assert nye["DTEND"][1] == "20250101"


def test_timed_events_are_written_in_utc():
    # naive: Europe/London, British Summer Time in June (UTC+1)
    summer = only_event(
        feed(
            Event(
                "m1@hearth",
                "Meeting",
                datetime(2024, 6, 3, 18, 30),
                datetime(2024, 6, 3, 20),
            )
        )
    )
    assert summer["DTSTART"] == ({}, "20240603T173000Z")
    assert summer["DTEND"] == ({}, "20240603T190000Z")
    # naive in January: GMT, so unchanged
    winter = only_event(
        feed(Event("m2@hearth", "Meeting", datetime(2024, 1, 8, 18, 30)))
    )
    assert winter["DTSTART"] == ({}, "20240108T183000Z")
    assert "DTEND" not in winter  # no end: an event with no length
    # aware datetimes are converted from their own zone
    paris = datetime(2024, 6, 3, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
    in_paris = only_event(
        feed(Event("m3@hearth", "Call", paris, paris + timedelta(hours=1)))
    )
    assert in_paris["DTSTART"] == ({}, "20240603T163000Z")
    offset = datetime(2024, 6, 3, 9, tzinfo=timezone(timedelta(hours=-5)))
    assert (
        only_event(feed(Event("m4@hearth", "Call", offset)))["DTSTART"][1]
        == "20240603T140000Z"
    )
    # the calendar's zone decides for naive datetimes
    other = only_event(
        feed(
            Event("m5@hearth", "Meeting", datetime(2024, 6, 3, 18, 30)), timezone="UTC"
        )
    )
    assert other["DTSTART"][1] == "20240603T183000Z"


def test_summary_with_special_characters_round_trips():
    summary = "Tea, cake; a back\\slash\nand a second line\r\nand a third"
    event = only_event(feed(Event("s@hearth", summary, date(2024, 6, 1))))
    raw = event["SUMMARY"][1]
    assert raw == "Tea\\, cake\\; a back\\\\slash\\nand a second line\\nand a third"
    assert unescape(raw) == summary.replace("\r\n", "\n")


def test_optional_properties_round_trip():
    modified = datetime(2024, 4, 30, 9, 15, tzinfo=UTC)
    event = only_event(
        feed(
            Event(
                "o@hearth",
                "Clean-up",
                date(2024, 6, 1),
                description="Bring gloves; bags, tongs provided",
                location="Ladywood Park, gate 2",
                url="https://example.gov.uk/plan/12?tab=actions&x=1",
                categories=("Environment", "Volunteering, outdoor"),
                status="TENTATIVE",
                last_modified=modified,
            )
        )
    )
    assert unescape(event["DESCRIPTION"][1]) == "Bring gloves; bags, tongs provided"
    assert unescape(event["LOCATION"][1]) == "Ladywood Park, gate 2"
    assert event["URL"][1] == "https://example.gov.uk/plan/12?tab=actions&x=1"
    assert split_list(event["CATEGORIES"][1]) == [
        "Environment",
        "Volunteering, outdoor",
    ]
    assert event["STATUS"][1] == "TENTATIVE"
    assert event["LAST-MODIFIED"][1] == "20240430T091500Z"


def test_empty_options_are_left_out():
    event = only_event(feed(Event("e@hearth", "Plain", date(2024, 6, 1))))
    assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS"}


def raw_lines(text: str) -> list[str]:
    return text.split("\r\n")[:-1]


def test_long_description_folds_at_75_octets_and_unfolds_to_the_original():
    description = (
        "Residents asked for more benches, better lighting; and a safer crossing. " * 3
    )[:200]
    assert len(description) == 200
    text = feed(
        Event("long@hearth", "Walkabout", date(2024, 6, 1), description=description)
    )
    lines = raw_lines(text)
    assert all(len(line.encode("utf-8")) <= MAX_LINE_OCTETS for line in lines)
    folded = [i for i, line in enumerate(lines) if line.startswith(" ")]
    assert len(folded) >= 2  # 200 characters need at least three lines
    assert any(len(lines[i - 1].encode()) == MAX_LINE_OCTETS for i in folded)
    assert unescape(only_event(text)["DESCRIPTION"][1]) == description


def test_folding_never_breaks_a_multibyte_character():
    text_value = "Café — Świecie, Zürich ☕ 😀 " * 12
    text = feed(
        Event(
            "utf8@hearth",
            text_value,
            date(2024, 6, 1),
            description=text_value,
            location="Świecie",
        )
    )
    raw = text.encode("utf-8")
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= MAX_LINE_OCTETS
        line.decode("utf-8")  # each physical line is valid UTF-8 on its own
    event = only_event(text)
    assert unescape(event["SUMMARY"][1]) == text_value
    assert unescape(event["DESCRIPTION"][1]) == text_value


@pytest.mark.parametrize("offset", range(0, 6))
def test_folding_keeps_escapes_and_characters_whole_at_every_boundary(offset):
    line = "DESCRIPTION:" + "x" * (60 + offset) + "\\,\\;\\n" + "é😀" * 30
    pieces = fold(line)
    assert all(len(p.encode()) <= MAX_LINE_OCTETS for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    for first, second in itertools.pairwise(pieces):
        # an escape is never split: no piece ends in the backslash of a pair
        assert not re.search(r"(?<!\\)(\\\\)*\\$", first)
        assert second[1:]


def test_short_lines_are_not_folded():
    assert fold("SUMMARY:Short") == ["SUMMARY:Short"]
    assert fold("X" * 75) == ["X" * 75]
    assert fold("X" * 76) == ["X" * 75, " X"]


def test_escape_text_drops_control_characters_but_keeps_tabs():
    assert escape_text("a\x00b\x07c\td\x7f") == "ab" + "c\td"


def test_output_is_deterministic_given_now():
    events = [
        Event("a@hearth", "Meeting", datetime(2024, 6, 3, 18, 30)),
        Event("b@hearth", "Fair", date(2024, 6, 8), description="Stalls, music"),
    ]
    assert feed(*events) == feed(*events)
    later = feed(*events, now=NOW + timedelta(hours=1))
    assert later != feed(*events)
    assert later.replace("20240501T130000Z", "20240501T120000Z") == feed(*events)


def test_now_defaults_to_the_current_time():
    text = calendar([Event("a@hearth", "Fair", date(2024, 6, 8))], name="Plan")
    stamp = datetime.strptime(only_event(text)["DTSTAMP"][1], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=UTC
    )
    assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=1)


def test_an_empty_calendar_is_valid():
    header, events = parse(feed())
    assert events == [] and header["X-WR-CALNAME"] == "Ward plan"


def test_crlf_line_endings_everywhere():
    text = feed(Event("a@hearth", "Line\nbreak", date(2024, 6, 8), description="x\ny"))
    assert text.count("\n") == text.count("\r\n")
    assert text.endswith("END:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"uid": ""}, ValueError),
        ({"uid": "has space@hearth"}, ValueError),
        ({"uid": "a,b@hearth"}, ValueError),
        ({"summary": " "}, ValueError),
        ({"status": "confirmed"}, ValueError),
        ({"url": "https://x/a b"}, ValueError),
        ({"categories": ("ok", "")}, ValueError),
        ({"end": date(2024, 5, 31)}, ValueError),
        ({"end": datetime(2024, 6, 2, 10)}, TypeError),
    ],
)
def test_bad_events_are_refused(kwargs, error):
    base = {"uid": "a@hearth", "summary": "Fair", "start": date(2024, 6, 1)}
    with pytest.raises(error):
        Event(**(base | kwargs))  # type: ignore[arg-type]


def test_timed_events_must_end_after_they_start_and_not_mix_naive_and_aware():
    start = datetime(2024, 6, 3, 18, 30)
    with pytest.raises(ValueError, match="ends before"):
        Event("a@hearth", "Meeting", start, start)
    with pytest.raises(TypeError, match="naive"):
        Event("a@hearth", "Meeting", start, datetime(2024, 6, 3, 20, tzinfo=UTC))
    with pytest.raises(TypeError):
        Event("a@hearth", "Meeting", start, date(2024, 6, 4))


def test_all_day_is_inferred_from_the_start():
    assert Event("a@hearth", "Fair", date(2024, 6, 1)).all_day
    assert not Event("a@hearth", "Meeting", datetime(2024, 6, 1, 10)).all_day


def test_calendar_refuses_duplicate_uids_and_empty_names():
    event = Event("a@hearth", "Fair", date(2024, 6, 1))
    with pytest.raises(ValueError, match="share the UID"):
        feed(event, event)
    with pytest.raises(ValueError, match="name"):
        feed(event, name=" ")
