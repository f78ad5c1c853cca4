"""What values each kind of file may hold, and how much of England it covers.

A published release has a fixed geography: the IoD 2025 ranks 33,755 LSOAs
from 1 to 33,755, deciles run from 1 to 10, a share lies between 0 and 1,
and every figure is a finite number. A file that breaks these rules is not
the release it claims to be (a truncated download, a hand-edited copy, a
typo), so it is refused with the line and column of each problem, before
anything is stored.

Rules match a column by its stored code (the slug of the published header)
or, for long census tables, by the published column name. The checks that
apply them are in ``validate.py``; this module needs no numpy, so the
catalogue stays quick to import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """Valid values of the columns whose code matches ``pattern``.

    ``high_is_areas`` makes the upper bound the number of areas in the
    release (for ranks). ``required`` refuses empty and ``n/a`` cells.
    """

    pattern: str
    low: float | None = None
    high: float | None = None
    integer: bool = False
    required: bool = False
    high_is_areas: bool = False
    what: str = ""

    def matches(self, code: str) -> bool:
        """Return True when the rule applies to a column code.

        Parameters
        ----------
        code : str
            The column's stored code.

        Returns
        -------
        bool
            Whether ``pattern`` matches.
        """
        return re.search(self.pattern, code) is not None

    def describe(self, areas: int) -> str:
        """Say, in words, what the rule allows.

        Parameters
        ----------
        areas : int
            The number of areas in the release (for ranks).

        Returns
        -------
        str
            For example "a whole number from 1 to 33,755".
        """
        high = float(areas) if self.high_is_areas else self.high
        kind = "a whole number" if self.integer else "a number"
        if self.low is not None and high is not None:
            return f"{kind} from {fmt(self.low)} to {fmt(high)}"
        if self.low is not None:
            return f"{kind} of at least {fmt(self.low)}"
        if high is not None:
            return f"{kind} of at most {fmt(high)}"
        return f"a finite {kind[2:]}"


def fmt(value: float) -> str:
    """Format a bound or value for a message: 33,755 or 0.5."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


RANK = Rule(r"(^|_)rank$", low=1, integer=True, required=True, high_is_areas=True)
DECILE = Rule(r"(^|_)decile$", low=1, high=10, integer=True, required=True)
#: The IoD's index scores, rates (shares of people) and transformed scores.
IOD_RULES: tuple[Rule, ...] = (
    RANK,
    DECILE,
    Rule(r"(^imd|multiple_deprivation_imd)_score$", low=0, high=100, required=True),
    Rule(
        r"^(income|employment|adult_skills)(_domain)?_score(_rate)?$|idaci_score|idaopi_score",
        low=0,
        high=1,
        required=True,
    ),
    Rule(r"exponentially_transformed$", low=0, high=100, required=True),
    # Other domain and sub-domain scores: some are 0-100, some standardised.
    Rule(r"_score(_rate)?$", low=-100, high=100, required=True),
    Rule(r"mid_2015", low=0, integer=True, required=True),
)
#: Underlying indicators: published with suppressed (empty) cells.
IOD_INDICATOR_RULES: tuple[Rule, ...] = (
    Rule(r"_numerator$", low=0),
    Rule(r"(_km|_rate_per_1_?000.*|_ratio)$", low=0),
)
LA_SUMMARY_RULES: tuple[Rule, ...] = (
    # First: "Rank of proportion of LSOAs in most deprived 10%" is a rank.
    Rule(r"rank_of_", low=1, integer=True, required=True, high_is_areas=True),
    Rule(r"proportion_of_lsoas|extent", low=0, high=1, required=True),
)
COUNT_RULES: tuple[Rule, ...] = (Rule(r".", low=0, required=True),)
#: Long census tables, by the published column names.
CENSUS_LONG_RULES: tuple[Rule, ...] = (
    Rule(r"^n$|^usual_residents$", low=0, integer=True, required=True),
    Rule(r"^prop$", low=0, high=1, required=True),
    Rule(r"^total_", low=0, integer=True, required=True),
)
