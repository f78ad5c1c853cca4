"""Pabulib ``.pb`` files: real participatory budgeting elections, read and written.

The format (pabulib.org/format) is UTF-8 text in three ``;``-separated
sections, each a title line, a header line and data lines::

    META
    key;value
    budget;1000
    vote_type;approval
    rule;equalshares/add1
    PROJECTS
    project_id;cost;name;selected
    p1;600;Benches;1
    VOTES
    voter_id;vote
    v1;p1,p2

Fields follow CSV quoting: a field holding ``;`` or ``"`` is wrapped in
double quotes and inner quotes are doubled. The reader also accepts the
quirks seen in real files: CRLF line ends, a byte-order mark, spaces around
values (``key; value``), decimal commas in numbers (``1234,50``), rows that
stop short of the header (missing trailing fields are empty), trailing
commas in vote lists and projects with no ``selected`` or ``name`` column.

Numbers from the file (costs, the budget, points) are kept as
:class:`decimal.Decimal`, so they are exact and keep the file's spelling
(``4000.0`` stays ``4000.0``). ``selected`` is an integer: 1 funded by the
rule, 0 not funded, and in some files 2 (or 3) for a project funded partly
or from other money, explained in the META comment.

Examples
--------
>>> election = loads('''META
... key;value
... budget;1000
... vote_type;approval
... PROJECTS
... project_id;cost;name
... p1;600;Benches
... p2;500;"Trees; and shrubs"
... VOTES
... voter_id;vote
... v1;p1,p2
... v2;p2
... ''')
>>> election.budget, election.vote_type, len(election.ballots)
(Decimal('1000'), 'approval', 2)
>>> election.project("p2").name
'Trees; and shrubs'
>>> loads(dumps(election)) == election
True
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

VOTE_TYPES = ("approval", "ordinal", "cumulative", "scoring", "choose-1")
"""The ``vote_type`` values of the Pabulib format."""

SECTIONS = ("META", "PROJECTS", "VOTES")

# Columns with a field of their own; every other column is kept as text.
_PROJECT_FIELDS = ("project_id", "cost", "name", "selected")
_BALLOT_FIELDS = ("voter_id", "vote", "points")
_POINTS_TYPES = ("cumulative", "scoring")
_SPACES = re.compile(r"[\s\u00a0\u202f_]+")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")


class PabulibError(ValueError):
    """A ``.pb`` file that cannot be read; the message names the line.

    Parameters
    ----------
    message : str
        What is wrong.
    line : int or None
        The 1-based line of the file, when the problem has one.
    source : str or None
        The file name, when known.
    """

    def __init__(
        self, message: str, line: int | None = None, source: str | None = None
    ) -> None:
        self.line = line
        self.source = source
        self.reason = message
        where = [
            part for part in (source, None if line is None else f"line {line}") if part
        ]
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass(frozen=True)
class Project:
    """One project on the ballot.

    Attributes
    ----------
    project_id : str
        The identifier used in the votes.
    cost : Decimal
        The cost, exact as written in the file.
    name : str
        The project's name ("" when the file has no ``name`` column).
    selected : int or None
        The official outcome from the ``selected`` column (1 funded, 0 not,
        2 or 3 for special cases explained in the META comment), or None
        when the file does not say.
    extra : dict of str to str
        Every other column (``votes``, ``score``, ``category``, ...) as text.
    """

    project_id: str
    cost: Decimal
    name: str = ""
    selected: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot.

    Attributes
    ----------
    voter_id : str
        The voter's identifier.
    projects : tuple of str
        The approved projects (approval, choose-1), the ranking from most to
        least preferred (ordinal), or the projects given points (cumulative,
        scoring), in the file's order.
    points : tuple of Decimal or None
        The points given to each of ``projects``, when the file has a
        ``points`` column.
    extra : dict of str to str
        Every other column (``age``, ``sex``, ``voting_method``, ...) as text.
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Decimal, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Election:
    """A participatory budgeting election: metadata, projects and ballots.

    Attributes
    ----------
    meta : dict of str to str
        The META section as text, in file order.
    projects : tuple of Project
        The projects in file order.
    ballots : tuple of Ballot
        The ballots in file order.
    project_columns : tuple of str
        The PROJECTS header (used when writing; derived when empty).
    ballot_columns : tuple of str
        The VOTES header (used when writing; derived when empty).
    """

    meta: dict[str, str]
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    project_columns: tuple[str, ...] = ()
    ballot_columns: tuple[str, ...] = ()

    @property
    def budget(self) -> Decimal:
        """The total budget from META ``budget``."""
        return parse_number(self.meta.get("budget", ""), "META budget")

    @property
    def vote_type(self) -> str:
        """The ballot type from META ``vote_type`` (approval when absent)."""
        return self.meta.get("vote_type", "approval").strip().lower()

    @property
    def rule(self) -> str | None:
        """The official counting rule from META ``rule``, if the file gives one."""
        rule = self.meta.get("rule", "").strip()
        return rule or None

    @property
    def currency(self) -> str:
        """The ISO 4217 currency code from META ``currency`` ("" when absent)."""
        return self.meta.get("currency", "").strip().upper()

    @property
    def project_ids(self) -> list[str]:
        """The project identifiers in file order."""
        return [p.project_id for p in self.projects]

    def project(self, project_id: str) -> Project:
        """Return the project with this identifier.

        Parameters
        ----------
        project_id : str
            The identifier.

        Returns
        -------
        Project
            The project.

        Raises
        ------
        KeyError
            If no project has this identifier.

        Examples
        --------
        >>> e = approval_election(100, {"a": 60, "b": 50}, [["a"], ["a", "b"]])
        >>> e.project("b").cost
        Decimal('50')
        """
        for project in self.projects:
            if project.project_id == project_id:
                return project
        raise KeyError(project_id)

    def approvals(self) -> dict[str, int]:
        """Count the ballots that name each project (its "votes").

        Returns
        -------
        dict of str to int
            Project id to the number of ballots listing it, in file order.

        Examples
        --------
        >>> e = approval_election(100, {"a": 60, "b": 50}, [["a"], ["a", "b"]])
        >>> e.approvals()
        {'a': 2, 'b': 1}
        """
        counts = dict.fromkeys(self.project_ids, 0)
        for ballot in self.ballots:
            for project_id in ballot.projects:
                counts[project_id] += 1
        return counts

    def scores(self) -> dict[str, Decimal]:
        """Sum the points given to each project (its "score").

        Ballots without points give each listed project one point, so for
        approval and choose-1 ballots the score is the number of votes.

        Returns
        -------
        dict of str to Decimal
            Project id to its total points, in file order.

        Examples
        --------
        >>> e = loads('''META
        ... key;value
        ... budget;10
        ... vote_type;cumulative
        ... PROJECTS
        ... project_id;cost
        ... a;5
        ... b;5
        ... VOTES
        ... voter_id;vote;points
        ... 1;a,b;3,2
        ... 2;b;5
        ... ''')
        >>> e.scores()
        {'a': Decimal('3'), 'b': Decimal('7')}
        """
        totals = dict.fromkeys(self.project_ids, Decimal(0))
        one = Decimal(1)
        for ballot in self.ballots:
            points = ballot.points or (one,) * len(ballot.projects)
            for project_id, value in zip(ballot.projects, points, strict=True):
                totals[project_id] += value
        return totals


def parse_number(text: str, what: str, line: int | None = None) -> Decimal:
    """Read a number as written in a ``.pb`` file.

    Spaces and underscores used as thousands separators are ignored and a
    lone decimal comma is read as a decimal point.

    Parameters
    ----------
    text : str
        The field.
    what : str
        What the field is, for the error message.
    line : int or None
        The line, for the error message.

    Returns
    -------
    Decimal
        The exact value.

    Raises
    ------
    PabulibError
        If the field is empty or not a finite number.

    Examples
    --------
    >>> parse_number("4000.0", "cost"), parse_number("1 234,5", "cost")
    (Decimal('4000.0'), Decimal('1234.5'))
    """
    cleaned = _SPACES.sub("", text)
    if _DECIMAL_COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not cleaned or not value.is_finite():
        shown = f"{text!r}" if text else "empty"
        raise PabulibError(f"{what} must be a number, not {shown}", line)
    return value


def read(path: str | Path) -> Election:
    """Read a Pabulib ``.pb`` file.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    Election
        The election.

    Raises
    ------
    PabulibError
        If the file is not valid UTF-8 or not a valid ``.pb`` file; the
        message names the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> e = approval_election(100, {"a": 60}, [["a"]])
    >>> write(e, folder / "tiny.pb")
    >>> read(folder / "tiny.pb") == e
    True
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise PabulibError("not UTF-8 text", line, path.name) from error
    try:
        return loads(text)
    except PabulibError as error:
        raise PabulibError(error.reason, error.line, path.name) from None


def loads(text: str) -> Election:
    r"""Read an election from the text of a ``.pb`` file.

    Parameters
    ----------
    text : str
        The whole file.

    Returns
    -------
    Election
        The election.

    Raises
    ------
    PabulibError
        If the text is not a valid ``.pb`` file; the message names the line.

    Examples
    --------
    >>> loads("META\nkey;value\nbudget;x\n")
    Traceback (most recent call last):
    ...
    hearthcore.pb.pabulib.PabulibError: line 3: META budget must be a number, not 'x'
    """
    return _Reader().read(text.removeprefix("\ufeff"))


class _Reader:
    """The state of one pass over a file."""

    def __init__(self) -> None:
        self.meta: dict[str, str] = {}
        self.projects: list[Project] = []
        self.ballots: list[Ballot] = []
        self.project_columns: tuple[str, ...] = ()
        self.ballot_columns: tuple[str, ...] = ()
        self.project_ids: set[str] = set()
        self.voter_ids: set[str] = set()

    def read(self, text: str) -> Election:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
        section: str | None = None
        header: list[str] | None = None
        seen: list[str] = []
        line = 0
        try:
            for row in reader:
                line = reader.line_num
                values = [value.strip() for value in row]
                if not any(values):
                    continue
                title = values[0].upper()
                if title in SECTIONS and not any(values[1:]):
                    self._start(title, seen, line)
                    section, header = title, None
                    continue
                if section is None:
                    raise PabulibError(
                        f"expected the META section title, found {row[0]!r}", line
                    )
                if header is None:
                    header = self._header(section, values, line)
                    continue
                values = self._fit(values, header, section, line)
                if section == "META":
                    self._meta_row(values, line)
                elif section == "PROJECTS":
                    self._project_row(dict(zip(header, values, strict=True)), line)
                else:
                    self._ballot_row(dict(zip(header, values, strict=True)), line)
        except csv.Error as error:
            raise PabulibError(f"unreadable CSV ({error})", reader.line_num) from None
        for title in SECTIONS:
            if title not in seen:
                raise PabulibError(f"no {title} section", line or 1)
        return Election(
            meta=self.meta,
            projects=tuple(self.projects),
            ballots=tuple(self.ballots),
            project_columns=self.project_columns,
            ballot_columns=self.ballot_columns,
        )

    def _start(self, title: str, seen: list[str], line: int) -> None:
        if title in seen:
            raise PabulibError(f"a second {title} section", line)
        expected = SECTIONS[len(seen)]
        if title != expected:
            raise PabulibError(f"expected the {expected} section, found {title}", line)
        if title == "PROJECTS":
            self._check_meta(line)
        seen.append(title)

    def _header(self, section: str, values: list[str], line: int) -> list[str]:
        header = [
            value.lower() if value.lower() in _KNOWN else value for value in values
        ]
        while header and not header[-1]:
            header.pop()
        if "" in header:
            raise PabulibError(f"{section} header has an empty column name", line)
        for name in header:
            if header.count(name) > 1:
                raise PabulibError(
                    f"{section} header repeats the column {name!r}", line
                )
        required = {
            "META": ("key", "value"),
            "PROJECTS": ("project_id", "cost"),
            "VOTES": ("voter_id", "vote"),
        }[section]
        if section == "META" and header[:2] != list(required):
            raise PabulibError(
                f"META header must be 'key;value', not {';'.join(values)!r}", line
            )
        for name in required:
            if name not in header:
                raise PabulibError(f"{section} header has no {name!r} column", line)
        if section == "PROJECTS":
            self.project_columns = tuple(header)
        elif section == "VOTES":
            if self.vote_type in _POINTS_TYPES and "points" not in header:
                raise PabulibError(
                    f"VOTES header has no 'points' column, needed for {self.vote_type} ballots",
                    line,
                )
            self.ballot_columns = tuple(header)
        return header

    @staticmethod
    def _fit(
        values: list[str], header: list[str], section: str, line: int
    ) -> list[str]:
        if len(values) > len(header):
            if any(values[len(header) :]):
                raise PabulibError(
                    f"{len(values)} fields but the {section} header has {len(header)} columns",
                    line,
                )
            return values[: len(header)]
        return values + [""] * (len(header) - len(values))

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval").strip().lower()

    def _meta_row(self, values: list[str], line: int) -> None:
        key, value = values[0], values[1]
        if not key:
            raise PabulibError("META line with an empty key", line)
        if key in self.meta:
            raise PabulibError(f"META key {key!r} appears twice", line)
        if key == "budget":
            parse_number(value, "META budget", line)
        if key == "vote_type" and value.strip().lower() not in VOTE_TYPES:
            raise PabulibError(
                f"unknown vote_type {value!r}; expected one of {', '.join(VOTE_TYPES)}",
                line,
            )
        self.meta[key] = value

    def _check_meta(self, line: int) -> None:
        if "budget" not in self.meta:
            raise PabulibError("META has no 'budget'", line)

    def _project_row(self, row: dict[str, str], line: int) -> None:
        project_id = row["project_id"]
        if not project_id:
            raise PabulibError("project with an empty project_id", line)
        if project_id in self.project_ids:
            raise PabulibError(f"project {project_id!r} appears twice", line)
        cost = parse_number(row["cost"], f"cost of project {project_id!r}", line)
        if cost < 0:
            raise PabulibError(
                f"cost of project {project_id!r} is negative ({cost})", line
            )
        selected: int | None = None
        if row.get("selected"):
            number = parse_number(
                row["selected"], f"selected of project {project_id!r}", line
            )
            if number != number.to_integral_value():
                raise PabulibError(
                    f"selected of project {project_id!r} must be a whole number, not {row['selected']!r}",
                    line,
                )
            selected = int(number)
        self.project_ids.add(project_id)
        self.projects.append(
            Project(
                project_id=project_id,
                cost=cost,
                name=row.get("name", ""),
                selected=selected,
                extra={k: v for k, v in row.items() if k not in _PROJECT_FIELDS},
            )
        )

    def _ballot_row(self, row: dict[str, str], line: int) -> None:
        voter_id = row["voter_id"]
        if not voter_id:
            raise PabulibError("ballot with an empty voter_id", line)
        if voter_id in self.voter_ids:
            raise PabulibError(f"voter {voter_id!r} appears twice", line)
        projects = tuple(
            part.strip() for part in row["vote"].split(",") if part.strip()
        )
        chosen: set[str] = set()
        for project_id in projects:
            if project_id not in self.project_ids:
                raise PabulibError(
                    f"voter {voter_id!r} votes for {project_id!r}, which is not in PROJECTS",
                    line,
                )
            if project_id in chosen:
                raise PabulibError(
                    f"voter {voter_id!r} lists {project_id!r} twice", line
                )
            chosen.add(project_id)
        if self.vote_type == "choose-1" and len(projects) > 1:
            raise PabulibError(
                f"voter {voter_id!r} chose {len(projects)} projects on a choose-1 ballot",
                line,
            )
        points: tuple[Decimal, ...] | None = None
        if "points" in row:
            parts = [part.strip() for part in row["points"].split(",") if part.strip()]
            if len(parts) != len(projects):
                raise PabulibError(
                    f"voter {voter_id!r} lists {len(projects)} projects but {len(parts)} points",
                    line,
                )
            points = tuple(
                parse_number(part, f"points of voter {voter_id!r}", line)
                for part in parts
            )
        self.voter_ids.add(voter_id)
        self.ballots.append(
            Ballot(
                voter_id=voter_id,
                projects=projects,
                points=points,
                extra={k: v for k, v in row.items() if k not in _BALLOT_FIELDS},
            )
        )


_KNOWN = {"key", "value", *_PROJECT_FIELDS, *_BALLOT_FIELDS}


def dumps(election: Election) -> str:
    r"""Write an election as the text of a ``.pb`` file.

    Reading the text back with :func:`loads` gives an equal election. Lines
    end with ``\n``; numbers keep their exact spelling, with a decimal point.

    Parameters
    ----------
    election : Election
        The election.

    Returns
    -------
    str
        The file's text.

    Examples
    --------
    >>> print(dumps(approval_election(100, {"a": 60}, [["a"]])), end="")
    META
    key;value
    budget;100
    vote_type;approval
    PROJECTS
    project_id;cost
    a;60
    VOTES
    voter_id;vote
    1;a
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(election.meta.items())
    writer.writerow(["PROJECTS"])
    columns = election.project_columns or _project_columns(election.projects)
    writer.writerow(columns)
    for project in election.projects:
        writer.writerow([_project_field(project, column) for column in columns])
    writer.writerow(["VOTES"])
    columns = election.ballot_columns or _ballot_columns(election.ballots)
    writer.writerow(columns)
    for ballot in election.ballots:
        writer.writerow([_ballot_field(ballot, column) for column in columns])
    return out.getvalue()


def write(election: Election, path: str | Path) -> None:
    """Write an election to a ``.pb`` file (UTF-8).

    Parameters
    ----------
    election : Election
        The election.
    path : str or Path
        The file to create or replace.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "e.pb"
    >>> write(approval_election(100, {"a": 60}, [["a"]]), target)
    >>> target.read_text().splitlines()[0]
    'META'
    """
    Path(path).write_text(dumps(election), encoding="utf-8", newline="")


def _project_columns(projects: Iterable[Project]) -> tuple[str, ...]:
    projects = list(projects)
    columns = ["project_id", "cost"]
    if any(p.name for p in projects):
        columns.append("name")
    if any(p.selected is not None for p in projects):
        columns.append("selected")
    for project in projects:
        columns += [key for key in project.extra if key not in columns]
    return tuple(columns)


def _ballot_columns(ballots: Iterable[Ballot]) -> tuple[str, ...]:
    ballots = list(ballots)
    columns = ["voter_id", "vote"]
    if any(b.points is not None for b in ballots):
        columns.append("points")
    for ballot in ballots:
        columns += [key for key in ballot.extra if key not in columns]
    return tuple(columns)


def _project_field(project: Project, column: str) -> str:
    if column == "project_id":
        return project.project_id
    if column == "cost":
        return str(project.cost)
    if column == "name":
        return project.name
    if column == "selected":
        return "" if project.selected is None else str(project.selected)
    return project.extra.get(column, "")


def _ballot_field(ballot: Ballot, column: str) -> str:
    if column == "voter_id":
        return ballot.voter_id
    if column == "vote":
        return ",".join(ballot.projects)
    if column == "points":
        return ",".join(str(value) for value in ballot.points or ())
    return ballot.extra.get(column, "")


def approval_election(
    budget: int | str | Decimal,
    costs: Mapping[str, int | str | Decimal],
    approvals: Iterable[Iterable[str]],
    *,
    rule: str | None = None,
    vote_type: str = "approval",
    currency: str | None = None,
) -> Election:
    """Build an approval election from plain values (handy in tests and notebooks).

    Parameters
    ----------
    budget : int, str or Decimal
        The total budget.
    costs : mapping of str to int, str or Decimal
        Project id to cost, in ballot order.
    approvals : iterable of iterables of str
        One list of approved project ids per voter; voters are numbered 1, 2, ...
    rule : str, optional
        The META ``rule``.
    vote_type : str, optional
        ``approval`` (default) or ``choose-1``.
    currency : str, optional
        The META ``currency`` code.

    Returns
    -------
    Election
        The election.

    Raises
    ------
    PabulibError
        If a ballot names a project that is not in ``costs``.

    Examples
    --------
    >>> e = approval_election(100, {"a": 60, "b": 50}, [["a"], ["b"]], rule="greedy")
    >>> e.rule, e.approvals()
    ('greedy', {'a': 1, 'b': 1})
    """
    meta = {"budget": str(budget), "vote_type": vote_type}
    if rule is not None:
        meta["rule"] = rule
    if currency is not None:
        meta["currency"] = currency
    projects = tuple(
        Project(str(pid), Decimal(str(cost))) for pid, cost in costs.items()
    )
    ids = {p.project_id for p in projects}
    ballots = []
    for number, approved in enumerate(approvals, start=1):
        chosen = tuple(dict.fromkeys(approved))
        for project_id in chosen:
            if project_id not in ids:
                raise PabulibError(
                    f"voter {number} votes for unknown project {project_id!r}"
                )
        ballots.append(Ballot(str(number), chosen))
    return Election(
        meta=meta,
        projects=projects,
        ballots=tuple(ballots),
        project_columns=("project_id", "cost"),
        ballot_columns=("voter_id", "vote"),
    )
