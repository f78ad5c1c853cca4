"""Apply the rules in ``rules.py`` to a parsed file: values, codes, coverage."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from .errors import Problem
from .rules import DECILE, RANK, Rule, fmt

__all__ = ["DECILE", "RANK", "check_known", "check_values", "coverage_problem"]


def check_values(
    file: str,
    numbers: pd.DataFrame,
    missing: pd.DataFrame,
    rules: Sequence[Rule],
    *,
    labels: dict[str, str],
    areas: int,
    first_line: int = 2,
    limit: int = 10,
) -> list[Problem]:
    """Report cells that are missing where required, out of range or infinite.

    Parameters
    ----------
    file : str
        The file's name, for messages.
    numbers : DataFrame
        Parsed numbers, in file order (row i is line ``first_line + i``).
    missing : DataFrame
        True where the cell was empty or a "not available" marker.
    rules : sequence of Rule
        The first rule matching a column applies to it; every column must be
        finite whatever the rules.
    labels : dict
        Column code to the header as published (for messages).
    areas : int
        The number of areas in the release (the upper bound of ranks).
    first_line : int
        The physical line of the first row.
    limit : int
        Stop after this many problems.

    Returns
    -------
    list of Problem
        Empty when every value is valid.

    Examples
    --------
    >>> numbers = pd.DataFrame({"imd_decile": [1.0, 11.0], "imd_rank": [2.0, np.inf]})
    >>> missing = numbers.isna()
    >>> for p in check_values("f.csv", numbers, missing, (RANK, DECILE),
    ...                       labels={}, areas=2):
    ...     print(p)
    f.csv, line 3, column 'imd_decile': 11 is not valid here: expected a whole number from 1 to 10
    f.csv, line 3, column 'imd_rank': inf is not a finite number
    """
    problems: list[Problem] = []
    for code in numbers.columns:
        if len(problems) >= limit:
            break
        header = labels.get(code, code)
        values = numbers[code].to_numpy(dtype="float64")
        gone = missing[code].to_numpy(dtype=bool)
        infinite = np.isinf(values)
        for i in np.flatnonzero(infinite)[: limit - len(problems)]:
            problems.append(
                Problem(
                    file,
                    f"{values[i]} is not a finite number",
                    int(i) + first_line,
                    header,
                )
            )
        rule = next((r for r in rules if r.matches(code)), None)
        if rule is None:
            continue
        if rule.required:
            for i in np.flatnonzero(gone)[: limit - len(problems)]:
                problems.append(
                    Problem(
                        file,
                        f"a value is required here (found an empty or 'not available' cell); "
                        f"expected {rule.describe(areas)}",
                        int(i) + first_line,
                        header,
                    )
                )
        high = float(areas) if rule.high_is_areas else rule.high
        finite = np.isfinite(values)
        bad = np.zeros(len(values), dtype=bool)
        if rule.low is not None:
            bad |= finite & (values < rule.low)
        if high is not None:
            bad |= finite & (values > high)
        if rule.integer:
            whole = np.where(finite, values, 0.0)
            bad |= finite & (np.abs(whole - np.round(whole)) > 1e-9)
        for i in np.flatnonzero(bad)[: limit - len(problems)]:
            problems.append(
                Problem(
                    file,
                    f"{fmt(values[i])} is not valid here: expected {rule.describe(areas)}",
                    int(i) + first_line,
                    header,
                )
            )
    return problems


def check_known(
    file: str,
    codes: pd.Series,
    known: Collection[str] | None,
    *,
    column: str,
    geography_label: str,
    first_line: int = 2,
    limit: int = 10,
) -> list[Problem]:
    """Report area codes that are not areas of the file's geography.

    Only codes of countries that the known areas cover are checked (a
    census file for England and Wales may name Welsh LSOAs when only
    English boundaries are loaded: those are left alone).

    Parameters
    ----------
    file : str
        The file's name.
    codes : Series
        Area codes in file order.
    known : collection of str or None
        The codes of the geography that are loaded; None skips the check.
    column : str
        The code column's header.
    geography_label : str
        For example "LSOA (2021)".
    first_line : int
        The physical line of the first row.
    limit : int
        Stop after this many problems.

    Returns
    -------
    list of Problem
        One per unknown code (up to ``limit``).

    Examples
    --------
    >>> codes = pd.Series(["E01000001", "E01999999", "W01000001"])
    >>> [str(p) for p in check_known("f.csv", codes, {"E01000001"},
    ...  column="code", geography_label="LSOA (2021)")]
    ["f.csv, line 3, column 'code': E01999999 is not an LSOA (2021) code Hearth knows"]
    """
    if not known:
        return []
    known_set = set(known)
    countries = {c[:1] for c in known_set}
    problems = []
    for i, code in enumerate(codes.astype(str).str.strip()):
        if code[:1] in countries and code not in known_set:
            problems.append(
                Problem(
                    file,
                    f"{code} is not {_article(geography_label)} {geography_label} code Hearth knows",
                    i + first_line,
                    column,
                )
            )
            if len(problems) >= limit:
                break
    return problems


def _article(label: str) -> str:
    vowel = label[:1].upper() in "AEIOU" or label.startswith(("LSOA", "MSOA"))
    return "an" if vowel else "a"


def coverage_problem(
    file: str, found: int, expected: int, geography_label: str
) -> Problem | None:
    """Say when a file covers fewer areas than the release it claims to be.

    Parameters
    ----------
    file : str
        The file's name.
    found : int
        Areas (or rows) in the file.
    expected : int
        Areas in the whole release; 0 means no check.
    geography_label : str
        For example "LSOA (2021)".

    Returns
    -------
    Problem or None
        None when the file is complete.

    Examples
    --------
    >>> print(coverage_problem("f.csv", 300, 33755, "LSOA (2021)"))
    f.csv: covers 300 LSOA (2021) areas, but the release covers 33,755: it looks truncated or cut down. Import it with --subset if it is meant to be part of a release (it will not replace a national dataset).
    """
    if expected <= 0 or found >= expected:
        return None
    share = found / expected
    if math.isclose(share, 1.0, abs_tol=0.0):
        return None
    return Problem(
        file,
        f"covers {found:,} {geography_label} areas, but the release covers "
        f"{expected:,}: it looks truncated or cut down. Import it with --subset if "
        "it is meant to be part of a release (it will not replace a national dataset).",
    )
