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
>>> parse_choice("Completed", STATUSES, _STATUS_SYNONYMS)
'done'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .sheets import Cells, Problem, SheetError, open_sheet, parse_choice, text

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


class PlanFileError(SheetError):
    """A plan file that cannot be imported; ``problems`` names each one."""


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
    try:
        _header, rows, cells = open_sheet(
            source,
            name,
            columns=COLUMNS,
            required=REQUIRED_COLUMNS,
            also=EXPORT_ONLY_COLUMNS,
        )
    except SheetError as error:
        raise PlanFileError(error.problems) from None
    out: list[PlanRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        objective = cells.text(line, row, "objective", required=True)
        action = cells.text(line, row, "action", required=True)
        lead = cells.text(line, row, "lead_organisation", required=True)
        start = cells.date(line, row, "start")
        due = cells.date(line, row, "due")
        if start and due and due < start:
            cells.problem(line, "due", f"{due} is before the start date {start}")
        status_text = cells.text(line, row, "status")
        status = (
            parse_choice(status_text, STATUSES, _STATUS_SYNONYMS)
            if status_text
            else "not_started"
        )
        if status is None:
            cells.problem(
                line,
                "status",
                f"{status_text!r} is not a status (use one of: {', '.join(STATUSES)})",
            )
        involvement_text = cells.text(line, row, "involvement")
        involvement = (
            parse_choice(involvement_text, INVOLVEMENT)
            if involvement_text
            else "inform"
        )
        if involvement is None:
            cells.problem(
                line,
                "involvement",
                f"{involvement_text!r} is not a level of involvement "
                f"(use one of: {', '.join(INVOLVEMENT)})",
            )
        progress = _progress(cells, line, row)
        if status == "done":
            progress = 100
        partners = tuple(
            dict.fromkeys(
                p
                for p in (text(x) for x in cells.text(line, row, "partners").split(";"))
                if p
            )
        )
        pair = (objective.lower(), action.lower())
        if all(pair) and pair in seen:
            cells.problem(
                line,
                "action",
                f"the same action of the same objective is on line {seen[pair]}",
            )
        seen.setdefault(pair, line)
        out.append(
            PlanRow(
                line=line,
                objective=objective,
                action=action,
                lead_organisation=lead,
                partners=partners,
                start=start,
                due=due,
                status=status or "not_started",
                progress=progress or 0,
                involvement=involvement or "inform",
            )
        )
    if cells.problems:
        raise PlanFileError(cells.problems)
    if not out:
        raise PlanFileError([Problem(2, "", "the file has no actions")])
    return out


def _progress(cells: Cells, line: int, row: list[object]) -> int | None:
    value = cells.raw(row, "progress")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    shown = str(value).strip()
    try:
        number = float(shown.removesuffix("%").strip())
    except ValueError:
        number = float("nan")
    if not (0 <= number <= 100):
        cells.problem(line, "progress", f"{value!r} is not a number from 0 to 100")
        return None
    return round(number)


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
