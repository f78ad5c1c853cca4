"""Engagement records without a database.

Activity files, screening notes for contact details, and the upcoming
sessions of a drop-in:

* :func:`read_activity_file` reads a CSV or XLSX of engagement activities
  (the :data:`COLUMNS` of :func:`template_csv`), checking every value and
  that no breakdown adds up to more than the people reached; problems are
  named by line and column (:class:`ActivityFileError`).
* :func:`contact_details` finds e-mail addresses and UK phone numbers in
  free text, so notes that should hold no names or contact details can be
  flagged when they are saved.
* :func:`upcoming_sessions` lists a drop-in's sessions over the coming
  weeks from its OpenStreetMap ``opening_hours``.

The age bands and ethnic groups are those of :mod:`hearthcore.reach`
(Census 2021), so the records feed :func:`hearthcore.reach.representation`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from . import hours as opening
from .reach import AGE_GROUPS, ETHNIC_GROUPS
from .sheets import Problem, SheetError, open_sheet, parse_choice, text

#: Kinds of engagement activity.
KINDS: dict[str, str] = {
    "conversation": "Conversation or interview",
    "doorstep": "Doorstep",
    "drop_in": "Drop-in session",
    "group_meeting": "Group meeting",
    "event": "Event",
    "survey": "Survey",
    "online": "Online",
}
_KIND_SYNONYMS = {
    "interview": "conversation",
    "conversation_or_interview": "conversation",
    "door_knocking": "doorstep",
    "door_knock": "doorstep",
    "dropin": "drop_in",
    "drop_in_session": "drop_in",
    "lets_talk": "drop_in",
    "meeting": "group_meeting",
    "online_survey": "survey",
    "questionnaire": "survey",
}

#: The columns of an activity file, in order.
COLUMNS: tuple[str, ...] = (
    "date",
    "kind",
    "place",
    "organisation",
    "people",
    *AGE_GROUPS,
    *ETHNIC_GROUPS,
    "disabled",
    "themes",
    "notes",
)
REQUIRED_COLUMNS = ("date", "kind", "organisation", "people")


@dataclass(frozen=True)
class ActivityRow:
    """One activity from a file, with its line number."""

    line: int
    date: dt.date
    kind: str
    place: str
    organisation: str
    people: int
    age: dict[str, int] = field(default_factory=dict)
    ethnicity: dict[str, int] = field(default_factory=dict)
    disabled: int | None = None
    themes: tuple[str, ...] = ()
    notes: str = ""


class ActivityFileError(SheetError):
    """An activity file that cannot be imported; ``problems`` names each one."""


@dataclass(frozen=True)
class ActivityFile:
    """The rows of a file, and warnings that do not stop the import."""

    rows: list[ActivityRow]
    warnings: list[Problem]


def read_activity_file(
    source: str | Path | bytes, name: str = "", *, today: dt.date | None = None
) -> ActivityFile:
    """Read a file of engagement activities (CSV or XLSX), checking every value.

    Parameters
    ----------
    source : path or bytes
        The file, or its contents (``name`` then tells an XLSX).
    name : str
        The file's name, for bytes.
    today : date, optional
        Activities dated after it are refused (default: today).

    Returns
    -------
    ActivityFile
        The rows in file order, and warnings: notes that hold an e-mail
        address or phone number (the records should hold none).

    Raises
    ------
    ActivityFileError
        Naming the line and column of every problem: a missing column, an
        empty date, kind, organisation or people, a date that is not
        YYYY-MM-DD or is in the future, an unknown kind, a count that is not
        a whole number, or a breakdown (age bands, ethnic groups, disabled)
        adding up to more than the people reached.
    """
    today = today or dt.date.today()
    try:
        _header, rows, cells = open_sheet(
            source, name, columns=COLUMNS, required=REQUIRED_COLUMNS
        )
    except SheetError as error:
        raise ActivityFileError(error.problems) from None
    out: list[ActivityRow] = []
    warnings: list[Problem] = []
    for line, row in rows:
        day = cells.date(line, row, "date", required=True)
        if day is not None and day > today:
            cells.problem(line, "date", f"{day} is in the future")
        kind_text = cells.text(line, row, "kind", required=True)
        kind = parse_choice(kind_text, KINDS, _KIND_SYNONYMS) if kind_text else None
        if kind_text and kind is None:
            cells.problem(
                line,
                "kind",
                f"{kind_text!r} is not a kind (use one of: {', '.join(KINDS)})",
            )
        organisation = cells.text(line, row, "organisation", required=True)
        people = cells.count(line, row, "people", required=True)
        breakdowns: dict[str, dict[str, int]] = {}
        for dimension, groups in (("age", AGE_GROUPS), ("ethnicity", ETHNIC_GROUPS)):
            counts = {}
            for group in groups:
                value = cells.count(line, row, group)
                if value is not None:
                    counts[group] = value
            breakdowns[dimension] = counts
            total = sum(counts.values())
            if people is not None and total > people:
                cells.problem(
                    line,
                    next(iter(groups)) if not counts else list(counts)[-1],
                    f"the {'age bands' if dimension == 'age' else 'ethnic groups'} "
                    f"add up to {total}, more than the {people} people reached",
                )
        disabled = cells.count(line, row, "disabled")
        if disabled is not None and people is not None and disabled > people:
            cells.problem(
                line, "disabled", f"{disabled} is more than the {people} people reached"
            )
        themes = tuple(
            dict.fromkeys(
                t
                for t in (text(x) for x in cells.text(line, row, "themes").split(";"))
                if t
            )
        )
        notes = str(cells.raw(row, "notes") or "").strip()
        found = contact_details(notes)
        if found:
            warnings.append(
                Problem(
                    line,
                    "notes",
                    "holds contact details ("
                    + ", ".join(found)
                    + "); engagement records should hold none",
                )
            )
        if day is None or kind is None or people is None or not organisation:
            continue
        out.append(
            ActivityRow(
                line=line,
                date=day,
                kind=kind,
                place=cells.text(line, row, "place"),
                organisation=organisation,
                people=people,
                age=breakdowns["age"],
                ethnicity=breakdowns["ethnicity"],
                disabled=disabled,
                themes=themes,
                notes=notes,
            )
        )
    if cells.problems:
        raise ActivityFileError(cells.problems)
    if not out:
        raise ActivityFileError([Problem(2, "", "the file has no activities")])
    return ActivityFile(out, warnings)


def template_csv() -> str:
    """Return the activity template (the header and one example line) as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    example = {
        "date": "2025-03-14",
        "kind": "drop_in",
        "place": "PR7 2QL",
        "organisation": "Chorley Council",
        "people": "23",
        "aged_25_to_34": "5",
        "aged_35_to_49": "8",
        "aged_65_and_over": "6",
        "white": "19",
        "asian": "2",
        "disabled": "4",
        "themes": "Housing; Feeling safe",
        "notes": "Parking and the state of the play area came up most",
    }
    writer.writerow([example.get(c, "") for c in COLUMNS])
    return "\ufeff" + buffer.getvalue()


# --- contact details in free text -----------------------------------------------

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers: 0 or +44 then 9 or 10 more digits, spaces, dots or hyphens between.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|\(?0)(?:[\s.\-()]*\d){9,10}(?!\d)")


def contact_details(value: str) -> list[str]:
    """Return the e-mail addresses and UK phone numbers in a text.

    >>> contact_details("Call Jo on 01257 515151 or jo@example.org")
    ['jo@example.org', '01257 515151']
    >>> contact_details("+44 7700 900123; 40 people in 2024")
    ['+44 7700 900123']
    >>> contact_details("PR7 1DP, 23 people")
    []
    """
    found = [m.group(0) for m in _EMAIL.finditer(value)]
    without = _EMAIL.sub(" ", value)
    found += [m.group(0).strip() for m in _PHONE.finditer(without)]
    return found


# --- drop-in sessions -------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """One upcoming session: its day, start and end (minutes after midnight)."""

    day: dt.date
    start: int
    end: int

    @property
    def times(self) -> str:
        """The session's times in words, e.g. ``10am to 12:30pm``."""
        return f"{_clock(self.start)} to {_clock(self.end)}"


def _clock(minutes: int) -> str:
    minutes %= 1440
    if minutes == 720:
        return "midday"
    h, m = divmod(minutes, 60)
    suffix = "am" if h < 12 else "pm"
    h = h % 12 or 12
    return f"{h}{suffix}" if m == 0 else f"{h}:{m:02d}{suffix}"


def upcoming_sessions(
    hours: str,
    start: dt.date,
    *,
    days: int = 28,
    holidays: Collection[dt.date] | None = None,
) -> list[Session]:
    """List the sessions of a drop-in from ``start`` for ``days`` days.

    Parameters
    ----------
    hours : str
        Its OpenStreetMap ``opening_hours``, e.g. ``Tu 10:00-12:00; PH off``.
    start : date
        The first day.
    days : int
        How many days to look ahead.
    holidays : collection of date, optional
        Public holidays (default: England and Wales bank holidays).

    Returns
    -------
    list of Session
        In time order; empty when the times cannot be read.

    Examples
    --------
    >>> [(s.day.isoformat(), s.times) for s in upcoming_sessions(
    ...     "Tu 10:00-12:00; PH off", dt.date(2026, 12, 21), days=10)]
    [('2026-12-22', '10am to midday'), ('2026-12-29', '10am to midday')]
    """
    try:
        parsed = opening.parse(hours)
    except opening.HoursError:
        return []
    if holidays is None:
        holidays = opening.england_bank_holidays(
            start.year
        ) | opening.england_bank_holidays(start.year + 1)
    out = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        for begin, end in parsed.spans_on(day, holidays):
            out.append(Session(day, begin, end))
    return out
