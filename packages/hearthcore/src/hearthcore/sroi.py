"""Social return on investment (SROI) for a plan or project.

The calculation follows the stages of *A guide to Social Return on
Investment* (Cabinet Office, Office of the Third Sector, 2009; revised by the
SROI Network, 2012): the inputs invested (money and in-kind, by organisation),
the outcomes with their indicators and quantities, a financial proxy for each
outcome, how long it lasts, and what would have happened anyway. Hearth ships
no financial proxies: each one is entered by the council with its source.

For each outcome::

    first year = quantity x proxy x (1 - deadweight) x (1 - displacement)
                 x (1 - attribution)
    year k     = first year x (1 - drop-off) ** (k - 1),   k = 1 .. duration
    present value = sum over k of year k / (1 + r) ** k

so drop-off reduces the value from the second year on, and year 1 is
discounted once (values arrive at the end of each year). ``r`` defaults to
the HM Treasury Green Book discount rate, 3.5% (the social time preference
rate for years 0-30). The SROI ratio is the total present value divided by
the investment; the net present value is their difference.

Impact maps are spreadsheets in practice, so :func:`read_impact_map` reads a
CSV or XLSX with one row per input or outcome and reports every problem at
once, by spreadsheet line and column.

:func:`wellby_value` values a measured change in life satisfaction at the
Green Book's WELLBY rate; it is shown beside the SROI, never added to it,
because the same outcomes would be counted twice.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import sheets

#: HM Treasury Green Book discount rate (social time preference rate) for
#: the first 30 years: 3.5% a year. The Green Book (2022), annex A6.
DEFAULT_DISCOUNT_RATE = 0.035

#: The value of one WELLBY (a one-point change in life satisfaction, 0-10, for
#: one person for one year): £13,000 in 2019 prices and values, with a range
#: of £10,000 to £16,000. HM Treasury, *Wellbeing Guidance for Appraisal:
#: Supplementary Green Book Guidance* (July 2021).
WELLBY_VALUE_2019 = 13_000.0
WELLBY_RANGE_2019 = (10_000.0, 16_000.0)

#: The columns of an impact map, in the order of the template.
COLUMNS: tuple[str, ...] = (
    "kind",
    "stakeholder",
    "outcome",
    "indicator",
    "quantity",
    "proxy_value",
    "proxy_source",
    "duration_years",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)

#: Columns given as percentages (0-100) in a file and held as fractions (0-1).
PERCENT_COLUMNS: tuple[str, ...] = (
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)

#: The assumptions :func:`sensitivity` moves, in the order it reports them.
ASSUMPTIONS: tuple[str, ...] = (
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "proxy_values",
    "quantities",
    "duration",
    "discount_rate",
)

_TOLERANCE = 1e-9


def _check_fraction(name: str, value: float) -> None:
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be a fraction from 0 to 1, not {value}")


def _check_amount(name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a number of at least 0, not {value}")


@dataclass(frozen=True)
class Input:
    """What one organisation invests, in money or the value of in-kind help.

    Attributes
    ----------
    stakeholder : str
        The organisation (or group) that invests.
    amount : float
        The amount in pounds (for in-kind help, its value).
    description : str
        What it is, e.g. "grant" or "volunteer time (in kind)".
    line : int or None
        The impact map line it came from.
    """

    stakeholder: str
    amount: float
    description: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        if not self.stakeholder.strip():
            raise ValueError("an input needs a stakeholder")
        _check_amount("an input's amount", self.amount)


@dataclass(frozen=True)
class Outcome:
    """One outcome for one stakeholder, with its proxy and adjustments.

    Attributes
    ----------
    stakeholder : str
        Who experiences the outcome.
    outcome : str
        What changes for them.
    indicator : str
        How the change is measured.
    quantity : float
        How many (people, households, ...) experience it.
    proxy_value : float
        The financial proxy per unit, in pounds a year.
    proxy_source : str
        Where the proxy comes from (the council's reference).
    duration_years : int
        How many years the outcome lasts (at least 1).
    deadweight, displacement, attribution, drop_off : float
        Fractions from 0 to 1 (a file gives them as percentages).
    line : int or None
        The impact map line it came from.
    """

    stakeholder: str
    outcome: str
    indicator: str
    quantity: float
    proxy_value: float
    proxy_source: str
    duration_years: int
    deadweight: float = 0.0
    displacement: float = 0.0
    attribution: float = 0.0
    drop_off: float = 0.0
    line: int | None = None

    def __post_init__(self) -> None:
        if not self.outcome.strip():
            raise ValueError("an outcome needs a name")
        _check_amount("quantity", self.quantity)
        _check_amount("proxy_value", self.proxy_value)
        if isinstance(self.duration_years, bool) or not isinstance(
            self.duration_years, int
        ):
            raise ValueError(
                f"duration_years must be a whole number, not {self.duration_years!r}"
            )
        if self.duration_years < 1:
            raise ValueError(
                f"duration_years must be at least 1, not {self.duration_years}"
            )
        for name in PERCENT_COLUMNS:
            _check_fraction(name, getattr(self, name))

    @property
    def first_year_value(self) -> float:
        """Quantity x proxy, less deadweight, displacement and attribution."""
        return (
            self.quantity
            * self.proxy_value
            * (1 - self.deadweight)
            * (1 - self.displacement)
            * (1 - self.attribution)
        )

    def year_values(self) -> tuple[float, ...]:
        """Undiscounted value in each year, with drop-off from year 2.

        Returns
        -------
        tuple of float
            One value per year of ``duration_years``.

        Examples
        --------
        >>> o = Outcome("Residents", "Less isolated", "UCLA-3", 10, 1000, "ref",
        ...             3, deadweight=0.2, attribution=0.1, drop_off=0.5)
        >>> [round(v, 2) for v in o.year_values()]
        [7200.0, 3600.0, 1800.0]
        """
        first = self.first_year_value
        return tuple(
            first * (1 - self.drop_off) ** k for k in range(self.duration_years)
        )


@dataclass(frozen=True)
class ImpactMap:
    """The inputs and outcomes of one plan or project.

    Attributes
    ----------
    inputs : tuple of Input
        What is invested, by organisation.
    outcomes : tuple of Outcome
        The outcomes valued.
    name : str
        Where it came from (e.g. the file name).
    """

    inputs: tuple[Input, ...]
    outcomes: tuple[Outcome, ...]
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "outcomes", tuple(self.outcomes))

    @property
    def investment(self) -> float:
        """The total of the inputs, in pounds."""
        return math.fsum(i.amount for i in self.inputs)

    def investment_by_stakeholder(self) -> dict[str, float]:
        """Add up the inputs per investing organisation.

        Returns
        -------
        dict of str to float
            Stakeholder to amount, in the order they first appear.

        Examples
        --------
        >>> m = ImpactMap((Input("Council", 5000), Input("Trust", 2000),
        ...                Input("Council", 1000)), ())
        >>> m.investment_by_stakeholder()
        {'Council': 6000.0, 'Trust': 2000.0}
        """
        out: dict[str, float] = {}
        for item in self.inputs:
            out[item.stakeholder] = out.get(item.stakeholder, 0.0) + item.amount
        return out


# --- Reading impact maps ---------------------------------------------------------


@dataclass(frozen=True)
class ImpactMapProblem:
    """One problem in an impact map file.

    ``line`` is the row a spreadsheet user sees (the header is line 1);
    None for a problem with the file as a whole.
    """

    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImpactMapError(ValueError):
    """An impact map cannot be used; ``problems`` lists every reason.

    Examples
    --------
    >>> print(ImpactMapError([ImpactMapProblem("120 is outside 0-100", 4, "deadweight")]))
    1 problem in the impact map:
    line 4, column deadweight: 120 is outside 0-100
    """

    def __init__(self, problems: Sequence[ImpactMapProblem], name: str = "") -> None:
        self.problems = list(problems)
        self.name = name
        count = len(self.problems)
        title = f"{count} problem{'s' if count != 1 else ''} in "
        title += f"{name}" if name else "the impact map"
        super().__init__(title + ":\n" + "\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class _Cell:
    value: object


_HEADER_JUNK = re.compile(r"\(\s*%\s*\)|%|\(\s*£\s*\)|£")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def _column_key(header: object) -> str:
    text = "" if header is None else str(header).replace("\ufeff", "")
    text = _HEADER_JUNK.sub(" ", text.strip().lower())
    return _NON_ALNUM.sub("_", text).strip("_")


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(cell: _Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(cell: _Cell | None, *, percent: bool) -> float | str | None:
    """Read a cell as a number: None when blank, or a message saying why not."""
    if cell is None or _is_blank(cell.value):
        return None
    value = cell.value
    if isinstance(value, bool):
        return f"{value!r} is not a number"
    if isinstance(value, int | float):
        number = float(value)  # an XLSX percentage cell arrives as its percentage
    elif isinstance(value, str):
        text = value.strip().replace("\u00a3", "").replace(" ", "")
        if percent and text.endswith("%"):
            text = text[:-1]
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return f"{value.strip()!r} is not a number"
    else:
        return f"{value!r} is not a number"
    if not math.isfinite(number):
        return f"{value!r} is not a number"
    return number


def _fmt(number: float) -> str:
    return f"{number:g}"


class _Row:
    """One impact map row, read cell by cell, collecting its problems."""

    def __init__(
        self, line: int, cells: list[_Cell], positions: dict[str, int]
    ) -> None:
        self.line = line
        self.cells = cells
        self.positions = positions
        self.problems: list[ImpactMapProblem] = []

    def cell(self, column: str) -> _Cell | None:
        index = self.positions[column]
        return self.cells[index] if index < len(self.cells) else None

    def say(self, column: str, message: str) -> None:
        self.problems.append(ImpactMapProblem(message, self.line, column))

    def blank(self, column: str) -> bool:
        cell = self.cell(column)
        return cell is None or _is_blank(cell.value)

    def text(self, column: str, *, required: bool = False) -> str:
        value = _text(self.cell(column))
        if required and not value:
            self.say(column, "missing")
        return value

    def number(self, column: str, *, required: bool = False) -> float | None:
        value = _number(self.cell(column), percent=column in PERCENT_COLUMNS)
        if isinstance(value, str):
            self.say(column, value)
            return None
        if value is None and required:
            self.say(column, "missing")
        return value


def _read_input(row: _Row) -> Input | None:
    stakeholder = row.text("stakeholder", required=True)
    amount = row.number("proxy_value", required=True)
    if amount is not None and amount < 0:
        row.say(
            "proxy_value", f"the amount invested cannot be negative ({_fmt(amount)})"
        )
    for column in ("quantity", "duration_years", *PERCENT_COLUMNS):
        if not row.blank(column):
            row.say(
                column,
                "must be empty on an input row (the amount invested goes in "
                "proxy_value)",
            )
    if row.problems or amount is None:
        return None
    description = row.text("outcome") or row.text("indicator")
    return Input(stakeholder, amount, description, row.line)


def _read_outcome(row: _Row) -> Outcome | None:
    stakeholder = row.text("stakeholder", required=True)
    outcome = row.text("outcome", required=True)
    indicator = row.text("indicator", required=True)
    quantity = row.number("quantity", required=True)
    proxy = row.number("proxy_value", required=True)
    proxy_source = row.text("proxy_source", required=True)
    for column, value in (("quantity", quantity), ("proxy_value", proxy)):
        if value is not None and value < 0:
            row.say(column, f"cannot be negative ({_fmt(value)})")
    duration = row.number("duration_years", required=True)
    if duration is not None:
        if not duration.is_integer():
            row.say(
                "duration_years",
                f"must be a whole number of years, not {_fmt(duration)}",
            )
        elif duration < 1:
            row.say("duration_years", f"must be at least 1 year, not {_fmt(duration)}")
    shares: dict[str, float] = {}
    for column in PERCENT_COLUMNS:
        value = row.number(column, required=True)
        if value is None:
            continue
        if 0 <= value <= 100:
            shares[column] = value / 100
        else:
            row.say(column, f"{_fmt(value)} is outside 0-100 (give a percentage)")
    if row.problems or quantity is None or proxy is None or duration is None:
        return None
    return Outcome(
        stakeholder=stakeholder,
        outcome=outcome,
        indicator=indicator,
        quantity=quantity,
        proxy_value=proxy,
        proxy_source=proxy_source,
        duration_years=int(duration),
        line=row.line,
        **shares,
    )


def _parse_rows(rows: Iterable[tuple[int, list[_Cell]]], name: str) -> ImpactMap:
    kept = [
        (n, cells) for n, cells in rows if any(not _is_blank(c.value) for c in cells)
    ]
    if not kept:
        raise ImpactMapError([ImpactMapProblem("the file is empty")], name)
    problems: list[ImpactMapProblem] = []
    # The header is the first row with a "kind" cell (a title may sit above
    # it), or else the first non-blank row.
    start = next(
        (
            i
            for i, (_, cells) in enumerate(kept[:20])
            if any(_column_key(c.value) == "kind" for c in cells)
        ),
        0,
    )
    kept = kept[start:]
    header_line, header_cells = kept[0]
    positions: dict[str, int] = {}
    for index, header in enumerate(header_cells):
        key = _column_key(header.value)
        if not key:
            continue
        if key not in positions:
            positions[key] = index
        elif key in COLUMNS:
            problems.append(
                ImpactMapProblem("this column appears twice", header_line, key)
            )
    for column in COLUMNS:
        if column not in positions:
            problems.append(ImpactMapProblem("no such column", header_line, column))
    if problems:
        raise ImpactMapError(problems, name)

    inputs: list[Input] = []
    outcomes: list[Outcome] = []
    kinds: set[str] = set()
    for line, cells in kept[1:]:
        row = _Row(line, cells, positions)
        kind = row.text("kind").lower()
        kinds.add(kind)
        if kind == "input":
            item = _read_input(row)
            if item is not None:
                inputs.append(item)
        elif kind == "outcome":
            outcome = _read_outcome(row)
            if outcome is not None:
                outcomes.append(outcome)
        elif not kind:
            row.say("kind", "missing (input or outcome)")
        else:
            row.say("kind", f"{kind!r} is not a kind (use input or outcome)")
        problems.extend(row.problems)

    if "input" not in kinds:
        problems.append(
            ImpactMapProblem("no input rows: the investment is needed for the ratio")
        )
    if "outcome" not in kinds:
        problems.append(ImpactMapProblem("no outcome rows"))
    if not problems and math.fsum(i.amount for i in inputs) <= 0:
        problems.append(
            ImpactMapProblem("the inputs add up to £0: the ratio needs an investment")
        )
    if problems:
        raise ImpactMapError(problems, name)
    return ImpactMap(tuple(inputs), tuple(outcomes), name)


def read_impact_map(source: Path | str | bytes, name: str = "") -> ImpactMap:
    """Read and validate an impact map from a CSV or XLSX file.

    The file has one header row (usually line 1; the first row with a
    ``kind`` cell, so a title may sit above it) with the columns in :data:`COLUMNS`, in any order, case and spacing
    ignored (``Drop-off (%)`` is ``drop_off``); other columns are ignored.
    Each row's ``kind`` is:

    ``input``
        ``stakeholder`` (who invests) and the amount in ``proxy_value``;
        ``outcome`` may describe it ("grant", "staff time (in kind)"); the
        quantity, duration and percentage columns must be empty.
    ``outcome``
        Every column is required: ``quantity`` and ``proxy_value`` are at
        least 0, ``duration_years`` is a whole number of at least 1, and
        the four percentages are 0-100 (write 0 when there is none; a
        trailing ``%`` is fine, and an XLSX cell formatted as a percentage
        is read as the percentage it shows).

    Numbers may carry a ``£`` sign and thousands separators. Blank rows are
    skipped. A CSV may be UTF-8 (with or without a byte-order mark) or
    Windows cp1252, comma-, semicolon- or tab-separated; an XLSX is read
    from its first sheet, formulas as their saved values.

    Parameters
    ----------
    source : Path, str or bytes
        A ``.csv`` or ``.xlsx`` file, or its contents (an upload).
    name : str
        The file's name, for contents: its extension says CSV or XLSX.

    Returns
    -------
    ImpactMap
        The inputs and outcomes, percentages as fractions.

    Raises
    ------
    ImpactMapError
        Listing every problem found, each as "line N, column X: problem",
        with the line numbers a spreadsheet shows (the header is line 1).
    """
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        raw, name = path.read_bytes(), name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in {".xlsx", ".xlsm", ".csv", ".txt", ".tsv"}:
        raise ImpactMapError(
            [
                ImpactMapProblem(
                    f"cannot read {suffix or 'this'} files; use CSV or XLSX"
                )
            ],
            name,
        )
    try:
        table = sheets.read_cells(raw, name)
    except sheets.SheetError as error:
        raise ImpactMapError(
            [ImpactMapProblem(p.message) for p in error.problems], name
        ) from None
    rows = [(number, [_Cell(v) for v in row]) for number, row in enumerate(table, 1)]
    return _parse_rows(rows, name)


# --- Calculation -------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeValue:
    """The value of one outcome, year by year.

    Attributes
    ----------
    stakeholder, outcome : str
        Which outcome.
    line : int or None
        Its impact map line.
    year_values : tuple of float
        Undiscounted value in years 1, 2, ...
    discounted_values : tuple of float
        The same, each divided by (1 + r) ** year.
    present_value : float
        The sum of ``discounted_values``.
    """

    stakeholder: str
    outcome: str
    line: int | None
    year_values: tuple[float, ...]
    discounted_values: tuple[float, ...]
    present_value: float


@dataclass(frozen=True)
class SroiResult:
    """An SROI calculation.

    Attributes
    ----------
    investment : float
        The total of the inputs.
    present_value : float
        The total present value of the outcomes.
    net_present_value : float
        ``present_value`` - ``investment``.
    ratio : float or None
        ``present_value`` / ``investment`` (None if nothing was invested):
        the social value per £1 invested.
    discount_rate : float
        The rate used, as a fraction.
    by_outcome : tuple of OutcomeValue
        Each outcome's values, in impact map order.
    year_values, discounted_values : tuple of float
        Totals per year over all outcomes, undiscounted and discounted.
    """

    investment: float
    present_value: float
    net_present_value: float
    ratio: float | None
    discount_rate: float
    by_outcome: tuple[OutcomeValue, ...]
    year_values: tuple[float, ...] = field(default=())
    discounted_values: tuple[float, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain data, in the shape ``hearth sroi`` prints.

        Returns
        -------
        dict
            ``investment``, ``present_value``, ``net_present_value``,
            ``ratio`` (None if nothing was invested) and ``by_outcome`` (a
            list of ``outcome``, ``stakeholder`` and ``present_value``), plus
            ``discount_rate`` and the per-year totals.
        """
        return {
            "investment": self.investment,
            "present_value": self.present_value,
            "net_present_value": self.net_present_value,
            "ratio": self.ratio,
            "by_outcome": [
                {
                    "outcome": o.outcome,
                    "stakeholder": o.stakeholder,
                    "present_value": o.present_value,
                }
                for o in self.by_outcome
            ],
            "discount_rate": self.discount_rate,
            "year_values": list(self.year_values),
            "discounted_values": list(self.discounted_values),
        }

    def to_json(self, indent: int | None = None) -> str:
        """Return the result as JSON text (see :meth:`to_dict`).

        Parameters
        ----------
        indent : int, optional
            Passed to :func:`json.dumps`.

        Returns
        -------
        str
            JSON.
        """
        return json.dumps(self.to_dict(), indent=indent)


def _check_rate(discount_rate: float) -> None:
    if not (math.isfinite(discount_rate) and 0 <= discount_rate < 1):
        raise ValueError(
            f"discount_rate is a fraction (0.035 for 3.5%), not {discount_rate}"
        )


def calculate(
    impact_map: ImpactMap, discount_rate: float = DEFAULT_DISCOUNT_RATE
) -> SroiResult:
    """Value the outcomes of an impact map and compare them with its inputs.

    Parameters
    ----------
    impact_map : ImpactMap
        The inputs and outcomes (e.g. from :func:`read_impact_map`).
    discount_rate : float
        A fraction: 0.035 (3.5%, the Green Book rate) by default.

    Returns
    -------
    SroiResult
        Investment, present value, net present value, ratio, and each
        outcome's value year by year.

    Raises
    ------
    ValueError
        If the discount rate is not a fraction from 0 up to 1.

    Examples
    --------
    >>> m = ImpactMap(
    ...     (Input("Council", 10_000),),
    ...     (Outcome("Residents", "Less isolated", "UCLA-3", 10, 1000, "ref", 3,
    ...              deadweight=0.2, attribution=0.1, drop_off=0.5),),
    ... )
    >>> result = calculate(m)
    >>> round(result.present_value, 2), round(result.ratio, 4)
    (11940.66, 1.1941)
    >>> round(result.net_present_value, 2)
    1940.66
    """
    _check_rate(discount_rate)
    by_outcome = []
    length = max((o.duration_years for o in impact_map.outcomes), default=0)
    totals = [0.0] * length
    discounted_totals = [0.0] * length
    for outcome in impact_map.outcomes:
        values = outcome.year_values()
        discounted = tuple(
            v / (1 + discount_rate) ** year for year, v in enumerate(values, start=1)
        )
        for k, (v, d) in enumerate(zip(values, discounted, strict=True)):
            totals[k] += v
            discounted_totals[k] += d
        by_outcome.append(
            OutcomeValue(
                outcome.stakeholder,
                outcome.outcome,
                outcome.line,
                values,
                discounted,
                math.fsum(discounted),
            )
        )
    present_value = math.fsum(o.present_value for o in by_outcome)
    investment = impact_map.investment
    return SroiResult(
        investment=investment,
        present_value=present_value,
        net_present_value=present_value - investment,
        ratio=present_value / investment if investment > 0 else None,
        discount_rate=discount_rate,
        by_outcome=tuple(by_outcome),
        year_values=tuple(totals),
        discounted_values=tuple(discounted_totals),
    )


# --- Sensitivity -----------------------------------------------------------------


@dataclass(frozen=True)
class SensitivityRow:
    """The SROI with one assumption moved.

    Attributes
    ----------
    assumption : str
        One of :data:`ASSUMPTIONS`.
    direction : str
        ``-25%`` or ``+25%`` (for the default change).
    ratio : float or None
        The SROI ratio with that assumption moved.
    present_value : float
        The present value with that assumption moved.
    """

    assumption: str
    direction: str
    ratio: float | None
    present_value: float


def _moved_duration(years: int, factor: float) -> int:
    moved = years * factor
    # Round away from the base so the row shows a real change: 3 years
    # becomes 2 (-25%) and 4 (+25%); never fewer than 1 year.
    whole = (
        math.floor(moved + _TOLERANCE) if factor < 1 else math.ceil(moved - _TOLERANCE)
    )
    return max(1, whole)


def _moved(impact_map: ImpactMap, assumption: str, factor: float) -> ImpactMap:
    outcomes = []
    for o in impact_map.outcomes:
        if assumption in PERCENT_COLUMNS:
            value = min(1.0, max(0.0, getattr(o, assumption) * factor))
            o = replace(o, **{assumption: value})
        elif assumption == "proxy_values":
            o = replace(o, proxy_value=o.proxy_value * factor)
        elif assumption == "quantities":
            o = replace(o, quantity=o.quantity * factor)
        elif assumption == "duration":
            o = replace(o, duration_years=_moved_duration(o.duration_years, factor))
        outcomes.append(o)
    return replace(impact_map, outcomes=tuple(outcomes))


def sensitivity(
    impact_map: ImpactMap,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    change: float = 0.25,
) -> list[SensitivityRow]:
    """How the SROI ratio moves when each assumption moves by ±``change``.

    Each assumption is moved on its own, for every outcome at once, by a
    *relative* change of its value (x 0.75 and x 1.25 for the default 25%):

    * ``deadweight``, ``displacement``, ``attribution``, ``drop_off``: the
      percentage times 0.75 or 1.25, kept within 0-100% (so 40% becomes 30%
      or 50%, 90% becomes 67.5% or 100%, and 0% stays 0%);
    * ``proxy_values`` and ``quantities``: times 0.75 or 1.25;
    * ``duration``: times 0.75 or 1.25, rounded to whole years away from the
      original (floor going down, ceiling going up) and at least 1 year, so
      3 years becomes 2 or 4 and 1 year becomes 1 or 2;
    * ``discount_rate``: times 0.75 or 1.25 (3.5% becomes 2.625% or 4.375%).

    The investment is not moved.

    Parameters
    ----------
    impact_map : ImpactMap
        The inputs and outcomes.
    discount_rate : float
        The base discount rate, a fraction.
    change : float
        The relative change, between 0 and 1 (0.25 = 25%).

    Returns
    -------
    list of SensitivityRow
        Two rows (down, then up) per assumption, in the order of
        :data:`ASSUMPTIONS`.

    Raises
    ------
    ValueError
        If ``change`` is not between 0 and 1 or the rate is not a fraction.

    Examples
    --------
    >>> m = ImpactMap(
    ...     (Input("Council", 10_000),),
    ...     (Outcome("Residents", "Less isolated", "UCLA-3", 10, 1000, "ref", 3,
    ...              deadweight=0.2, attribution=0.1, drop_off=0.5),),
    ... )
    >>> rows = sensitivity(m)
    >>> [(r.direction, round(r.ratio, 3)) for r in rows if r.assumption == "quantities"]
    [('-25%', 0.896), ('+25%', 1.493)]
    """
    _check_rate(discount_rate)
    if not 0 < change < 1:
        raise ValueError(f"change must be between 0 and 1 (0.25 = 25%), not {change}")
    label = f"{change:.0%}" if round(change * 100, 6).is_integer() else f"{change:.1%}"
    rows = []
    for assumption in ASSUMPTIONS:
        for sign, direction in ((-1, f"-{label}"), (1, f"+{label}")):
            factor = 1 + sign * change
            if assumption == "discount_rate":
                result = calculate(impact_map, discount_rate * factor)
            else:
                result = calculate(
                    _moved(impact_map, assumption, factor), discount_rate
                )
            rows.append(
                SensitivityRow(
                    assumption, direction, result.ratio, result.present_value
                )
            )
    return rows


# --- Wellbeing valuation ----------------------------------------------------------


def wellby_value(
    change_in_life_satisfaction: float,
    people: float,
    *,
    years: float = 1,
    uprating: float = 1.0,
    value_per_wellby: float = WELLBY_VALUE_2019,
) -> float:
    """Value a measured change in life satisfaction in WELLBYs, in pounds.

    value = change x people x years x £13,000 x uprating

    One WELLBY is a one-point change in life satisfaction (the ONS4 question,
    0-10) for one person for one year, valued at £13,000 in 2019 prices
    (HM Treasury, *Wellbeing Guidance for Appraisal*, July 2021; range
    £10,000-£16,000). ``uprating`` is the factor the council sets to move
    2019 prices to its own price base (e.g. from the GDP deflator). The value
    is not discounted. Show it beside the SROI, never added to its present
    value: the outcomes it values are already in the impact map's proxies.

    Parameters
    ----------
    change_in_life_satisfaction : float
        The mean change in life satisfaction (after minus before), in points
        on the 0-10 scale, e.g. ``paired_change(...).mean_change``.
    people : float
        How many people the change applies to.
    years : float
        How many years the change lasts.
    uprating : float
        Multiplier from 2019 prices to the council's price base.
    value_per_wellby : float
        The value of one WELLBY in 2019 prices (default £13,000; use the
        ends of :data:`WELLBY_RANGE_2019` for a low and a high estimate).

    Returns
    -------
    float
        The value in pounds (negative for a fall in life satisfaction).

    Raises
    ------
    ValueError
        If ``people`` or ``years`` is negative, or ``uprating`` or
        ``value_per_wellby`` is not positive.

    Examples
    --------
    >>> wellby_value(0.5, 40)
    260000.0
    >>> round(wellby_value(0.2, 10, years=2, uprating=1.1), 2)
    57200.0
    """
    for name, value in (
        ("change_in_life_satisfaction", change_in_life_satisfaction),
        ("people", people),
        ("years", years),
        ("uprating", uprating),
        ("value_per_wellby", value_per_wellby),
    ):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a number, not {value}")
    if people < 0 or years < 0:
        raise ValueError("people and years cannot be negative")
    if uprating <= 0 or value_per_wellby <= 0:
        raise ValueError("uprating and value_per_wellby must be positive")
    return change_in_life_satisfaction * people * years * value_per_wellby * uprating


# --- Keeping an impact map -----------------------------------------------------------


def to_rows(impact_map: ImpactMap) -> list[dict[str, object]]:
    """Return an impact map as rows of :data:`COLUMNS` (percentages 0-100).

    :func:`from_rows` reads them back; an application stores them to keep a
    validated impact map without its file.

    Examples
    --------
    >>> m = ImpactMap((Input("Council", 500),),
    ...               (Outcome("Residents", "Safer", "Alarms fitted", 40, 30, "ref", 2,
    ...                        attribution=0.25),))
    >>> again = calculate(from_rows(to_rows(m)))
    >>> (again.present_value, again.ratio) == (calculate(m).present_value, calculate(m).ratio)
    True
    """
    rows: list[dict[str, object]] = []
    for i in impact_map.inputs:
        rows.append(
            {
                **dict.fromkeys(COLUMNS, None),
                "kind": "input",
                "stakeholder": i.stakeholder,
                "outcome": i.description,
                "proxy_value": i.amount,
            }
        )
    for o in impact_map.outcomes:
        rows.append(
            {
                "kind": "outcome",
                "stakeholder": o.stakeholder,
                "outcome": o.outcome,
                "indicator": o.indicator,
                "quantity": o.quantity,
                "proxy_value": o.proxy_value,
                "proxy_source": o.proxy_source,
                "duration_years": o.duration_years,
                **{name: round(getattr(o, name) * 100, 9) for name in PERCENT_COLUMNS},
            }
        )
    return rows


def from_rows(rows: Sequence[dict[str, object]], name: str = "") -> ImpactMap:
    """Read rows of :data:`COLUMNS` (as :func:`to_rows` gives) into an impact map.

    Raises
    ------
    ImpactMapError
        As :func:`read_impact_map`, lines counted from 2.
    """
    table = [(1, [_Cell(c) for c in COLUMNS])]
    for number, row in enumerate(rows, start=2):
        table.append((number, [_Cell(row.get(c)) for c in COLUMNS]))
    return _parse_rows(table, name)


def template_csv() -> str:
    """Return an impact map template: the header and example rows, as CSV.

    The example proxy is a placeholder the council replaces with its own
    sourced value: Hearth ships no financial proxies.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(
        ["input", "Chorley Council", "Grant", "", "", "10000", "", "", "", "", "", ""]
    )
    writer.writerow(
        [
            "input",
            "Volunteers",
            "Volunteer time (in kind)",
            "",
            "",
            "2500",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    writer.writerow(
        [
            "outcome",
            "Older residents",
            "Less lonely",
            "Fewer people often or always lonely (ONS question)",
            "20",
            "0",
            "Your source for the proxy",
            "2",
            "25",
            "0",
            "20",
            "50",
        ]
    )
    return "\ufeff" + buffer.getvalue()
