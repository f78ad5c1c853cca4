"""Community plans: the framework's vocabulary, progress roll-up and plan files.

A community plan has six steps (background, people, services, plan,
deliver, review), objectives with actions, the framework's six milestones
and a logic model. This module holds what does not need a database:

* the controlled vocabularies (:data:`STEPS`, :data:`STATUSES`,
  :data:`INVOLVEMENT` — the IAP2 spectrum of public participation —,
  :data:`MILESTONES`, :data:`OUTCOME_TERMS`) and :func:`parse_choice`, which
  reads them forgivingly (``"In progress"``, ``in-progress`` and
  ``IN_PROGRESS`` are the same);
* the progress roll-up (:func:`action_progress`, :func:`objective_progress`,
  :func:`plan_progress`) and :func:`is_overdue`;
* reading a plan spreadsheet (:func:`read_plan_file`, CSV or XLSX with the
  :data:`COLUMNS` of :func:`template_csv`) into :class:`PlanRow` items, with
  every problem named by line and column (:class:`PlanFileError`).

Roll-up rules
-------------
An action's progress counts as 100 when it is done and is left out when it
is stopped; otherwise it is its recorded progress (0-100). An objective's
progress is the mean over its counted actions (None when it has none); the
plan's progress is the mean over its objectives that have a progress.

>>> action_progress("done", 40), action_progress("stopped", 40)
(100.0, None)
>>> objective_progress([("done", 0), ("in_progress", 50), ("stopped", 10)])
75.0
>>> plan_progress([75.0, None, 25.0])
50.0
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import sheets

#: The framework's six steps, in order: (key, title, what it covers).
STEPS: tuple[tuple[str, str, str], ...] = (
    (
        "background",
        "Understand the background",
        "History, physical environment, industry, leisure, open spaces, and "
        "recent changes that helped or harmed cohesion.",
    ),
    (
        "people",
        "Understand the people",
        "Who lives here (population, age, housing, employment, health, "
        "lifestyle mix) and what officers learn: values, priorities, skills, "
        "complex lives, deep-rooted issues.",
    ),
    (
        "services",
        "Understand services",
        "Which services and assets people use and how, what is not working, "
        "and the community's own solutions.",
    ),
    (
        "plan",
        "Develop the plan",
        "Objectives, each with actions, leads, partners, dates and how the "
        "community is involved.",
    ),
    (
        "deliver",
        "Deliver the plan",
        "Updates on each action: what was done, when, and how far it has got.",
    ),
    (
        "review",
        "Review and evaluate",
        "Review dates, what was learnt, and what changes.",
    ),
)
STEP_KEYS = tuple(key for key, _title, _about in STEPS)

#: The state of a step.
STEP_STATES: dict[str, str] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
}

#: Note categories per understanding step.
NOTE_CATEGORIES: dict[str, dict[str, str]] = {
    "background": {
        "history": "History",
        "physical_environment": "Physical environment",
        "industry": "Industry and work",
        "leisure": "Leisure",
        "open_spaces": "Open spaces",
        "recent_changes": "Recent changes (helped or harmed cohesion)",
        "other": "Other",
    },
    "people": {
        "values": "Values",
        "priorities": "Priorities",
        "skills": "Skills",
        "complex_lives": "Complex lives",
        "deep_rooted_issues": "Deep-rooted issues",
        "other": "Other",
    },
    "services": {
        "used": "Services and assets people use",
        "how_used": "How people use them",
        "not_working": "What is not working",
        "community_solutions": "The community's own solutions",
        "other": "Other",
    },
}

#: An action's status.
STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "stopped": "Stopped",
}
CLOSED_STATUSES = frozenset({"done", "stopped"})
#: The statuses as residents read them on a plan's public page.
PUBLIC_STATUSES: dict[str, str] = {
    "not_started": "Not started yet",
    "in_progress": "Under way",
    "done": "Done",
    "stopped": "Stopped",
}

#: The IAP2 spectrum of public participation, least to most community power:
#: (label, what it means for residents, in plain English).
INVOLVEMENT: dict[str, tuple[str, str]] = {
    "inform": ("Inform", "We will keep you informed."),
    "consult": ("Consult", "We will ask for your views and say how they shaped it."),
    "involve": (
        "Involve",
        "We will work with you so that your concerns are reflected in what we do.",
    ),
    "collaborate": (
        "Collaborate",
        "We will decide and deliver it together with you.",
    ),
    "empower": ("Empower", "Residents decide and lead it; we support them."),
}

#: The framework's milestones, in order.
MILESTONES: tuple[tuple[str, str], ...] = (
    ("current_state", "Current state and desired outcomes established"),
    ("assets_vulnerabilities", "Assets and vulnerabilities identified"),
    ("evidence", "Benchmark and anecdotal evidence gathered"),
    ("actions_agreed", "Possibilities prioritised and actions agreed"),
    ("sustainability", "Sustainability considered"),
    ("early_review", "Early changes reviewed and actions amended"),
)
MILESTONE_KEYS = tuple(key for key, _title in MILESTONES)

#: Logic-model outcome terms.
OUTCOME_TERMS: dict[str, str] = {
    "short": "Short term",
    "medium": "Medium term",
    "long": "Long term",
}

#: The columns of a plan spreadsheet, in order.
COLUMNS: tuple[str, ...] = (
    "objective",
    "action",
    "lead_organisation",
    "partners",
    "start",
    "due",
    "status",
    "progress",
    "involvement",
)
REQUIRED_COLUMNS = ("objective", "action", "lead_organisation")
#: Columns Hearth's own export adds before the template's; an import skips
#: them, so an exported plan re-imports as it is. Any other column is an error
#: (it is usually a misspelt one).
EXPORT_ONLY_COLUMNS = (
    "community_id",
    "community",
    "community_progress",
    "objective_progress",
)


def _key(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


# Words councils use in their own spreadsheets for the same statuses.
_STATUS_SYNONYMS = {
    "complete": "done",
    "completed": "done",
    "finished": "done",
    "ongoing": "in_progress",
    "started": "in_progress",
    "underway": "in_progress",
    "under_way": "in_progress",
    "not_yet_started": "not_started",
    "planned": "not_started",
    "cancelled": "stopped",
    "canceled": "stopped",
    "abandoned": "stopped",
}


def parse_choice(
    text: str, choices: Mapping[str, object], synonyms: Mapping[str, str] | None = None
) -> str | None:
    """Return the key of ``choices`` that ``text`` names, or None.

    Keys and labels match ignoring case, spaces, hyphens and underscores.

    >>> parse_choice("In Progress", STATUSES)
    'in_progress'
    >>> parse_choice("Completed", STATUSES, _STATUS_SYNONYMS)
    'done'
    >>> parse_choice("maybe", STATUSES) is None
    True
    """
    wanted = _key(text)
    for key, label in choices.items():
        title = label[0] if isinstance(label, tuple) else str(label)
        if wanted in (_key(key), _key(title)):
            return key
    if synonyms and wanted in synonyms:
        return synonyms[wanted]
    return None


def action_progress(status: str, progress: float | None) -> float | None:
    """Return the progress an action counts for in the roll-up.

    Done counts 100, stopped is left out (None); otherwise the recorded
    progress, clipped to 0-100 (missing counts 0).
    """
    if status == "done":
        return 100.0
    if status == "stopped":
        return None
    value = float(progress or 0)
    return min(100.0, max(0.0, value))


def _mean(values: Iterable[float | None]) -> float | None:
    counted = [v for v in values if v is not None]
    return sum(counted) / len(counted) if counted else None


def objective_progress(actions: Iterable[tuple[str, float | None]]) -> float | None:
    """Mean progress of an objective's actions, ``(status, progress)`` pairs.

    None when every action is stopped or there are none.
    """
    return _mean(action_progress(status, progress) for status, progress in actions)


def plan_progress(objectives: Iterable[float | None]) -> float | None:
    """Mean of the objectives' progress, leaving out those with none."""
    return _mean(objectives)


def is_overdue(due: date | None, status: str, today: date) -> bool:
    """Return whether an action (or review) is past its date and still open."""
    return due is not None and due < today and status not in CLOSED_STATUSES


# --- plan files ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One action from a plan spreadsheet, with its line number."""

    line: int
    objective: str
    action: str
    lead_organisation: str
    partners: tuple[str, ...] = ()
    start: date | None = None
    due: date | None = None
    status: str = "not_started"
    progress: int = 0
    involvement: str = "inform"


@dataclass(frozen=True)
class Problem:
    """One problem in a plan file: where it is and what is wrong."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class PlanFileError(ValueError):
    """A plan file that cannot be imported; ``problems`` names each one."""

    def __init__(self, problems: Sequence[Problem], shown: int = 20) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:shown]]
        if len(self.problems) > shown:
            lines.append(f"… and {len(self.problems) - shown} more problems")
        super().__init__("\n".join(lines))


@dataclass
class _Reader:
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(line, column, message))

    def date_cell(self, line: int, column: str, value: object) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if _ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        self.problem(line, column, f"{text!r} is not a date (use YYYY-MM-DD)")
        return None

    def progress_cell(self, line: int, value: object) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip().removesuffix("%").strip()
        try:
            number = float(text)
        except ValueError:
            self.problem(line, "progress", f"{value!r} is not a number from 0 to 100")
            return None
        if not (0 <= number <= 100):
            self.problem(line, "progress", f"{value!r} is not a number from 0 to 100")
            return None
        return round(number)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(value: object) -> str:
    return sheets.cell_text(value)


def _table(raw: bytes, name: str) -> list[list[object]]:
    """Return the file's cells as rows (the header first)."""
    try:
        return sheets.read_cells(raw, name)
    except sheets.SheetError as error:
        raise PlanFileError([Problem(1, "", str(error))]) from None


def read_plan_file(source: str | Path | bytes, name: str = "") -> list[PlanRow]:
    """Read a plan spreadsheet (CSV or XLSX) into rows, checking every value.

    Parameters
    ----------
    source : path or bytes
        The file, or its contents (then ``name`` tells an XLSX by its
        extension; XLSX is also recognised by its first bytes).
    name : str
        The file's name, for bytes.

    Returns
    -------
    list of PlanRow
        One per action, in file order; blank lines are skipped. Lines are
        numbered as a spreadsheet shows them (the header is line 1).

    Raises
    ------
    PlanFileError
        Naming the line and column of every problem: a missing column, an
        empty objective, action or lead organisation, a date that is not
        YYYY-MM-DD, a due date before the start, an unknown status or level of
        involvement, progress outside 0-100, or the same action twice.
    """
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        raw, name = path.read_bytes(), name or path.name
    rows = _table(raw, name)
    while rows and not any(_text(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise PlanFileError([Problem(1, "", "the file is empty")])
    header = [_key(_text(c)) for c in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise PlanFileError(
            [
                Problem(
                    1,
                    "",
                    f"the header has no {', '.join(missing)} column"
                    f"{'s' if len(missing) > 1 else ''} (expected {', '.join(COLUMNS)})",
                )
            ]
        )
    unknown = [
        h for h in header if h and h not in COLUMNS and h not in EXPORT_ONLY_COLUMNS
    ]
    reader = _Reader()
    if unknown:
        reader.problem(
            1,
            "",
            f"unknown column {', '.join(unknown)} (expected {', '.join(COLUMNS)})",
        )
    position = {name: header.index(name) for name in COLUMNS if name in header}
    out: list[PlanRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(_text(c) for c in cells):
            continue

        def get(column: str, cells: list[object] = cells) -> object:
            index = position.get(column)
            return cells[index] if index is not None and index < len(cells) else None

        values = {
            c: _text(get(c)) for c in ("objective", "action", "lead_organisation")
        }
        for column, value in values.items():
            if not value:
                reader.problem(line, column, "is empty")
        start = reader.date_cell(line, "start", get("start"))
        due = reader.date_cell(line, "due", get("due"))
        if start and due and due < start:
            reader.problem(line, "due", f"{due} is before the start date {start}")
        status_text = _text(get("status"))
        status = (
            parse_choice(status_text, STATUSES, _STATUS_SYNONYMS)
            if status_text
            else "not_started"
        )
        if status is None:
            reader.problem(
                line,
                "status",
                f"{status_text!r} is not a status (use one of: {', '.join(STATUSES)})",
            )
        involvement_text = _text(get("involvement"))
        involvement = (
            parse_choice(involvement_text, INVOLVEMENT)
            if involvement_text
            else "inform"
        )
        if involvement is None:
            reader.problem(
                line,
                "involvement",
                f"{involvement_text!r} is not a level of involvement "
                f"(use one of: {', '.join(INVOLVEMENT)})",
            )
        progress = reader.progress_cell(line, get("progress"))
        if status == "done":
            progress = 100
        partners = tuple(
            dict.fromkeys(
                p for p in (_text(x) for x in _text(get("partners")).split(";")) if p
            )
        )
        key = (values["objective"].lower(), values["action"].lower())
        if all(key) and key in seen:
            reader.problem(
                line,
                "action",
                f"the same action of the same objective is on line {seen[key]}",
            )
        seen.setdefault(key, line)
        out.append(
            PlanRow(
                line=line,
                objective=values["objective"],
                action=values["action"],
                lead_organisation=values["lead_organisation"],
                partners=partners,
                start=start,
                due=due,
                status=status or "not_started",
                progress=progress or 0,
                involvement=involvement or "inform",
            )
        )
    if reader.problems:
        raise PlanFileError(reader.problems)
    if not out:
        raise PlanFileError([Problem(2, "", "the file has no actions")])
    return out


def template_csv() -> str:
    """Return the plan template (the header and one example line) as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "Fewer home fires",
            "Home fire safety checks for every household that asks",
            "Lancashire Fire and Rescue Service",
            "Chorley Council; Community Volunteer Service",
            "2025-04-01",
            "2025-09-30",
            "in_progress",
            "40",
            "involve",
        ]
    )
    return "\ufeff" + buffer.getvalue()
