"""Errors that say exactly what is wrong with a data file, and where."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN = 10


@dataclass(frozen=True)
class Problem:
    """One problem in a file.

    ``line`` is the physical line in the file (the header is line 1) or the
    feature number in a boundary file; ``column`` is the header as published.
    """

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataImportError(ValueError):
    """A file cannot be imported; ``problems`` lists the first of the reasons.

    Examples
    --------
    >>> error = DataImportError([Problem("a.csv", "not a number: 'x'", 3, "score")])
    >>> print(error)
    a.csv, line 3, column 'score': not a number: 'x'
    """

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(self._describe())

    @classmethod
    def single(cls, file: str, message: str) -> DataImportError:
        """Return an error with one problem that concerns the whole file.

        Parameters
        ----------
        file : str
            The file's name.
        message : str
            What is wrong.

        Returns
        -------
        DataImportError
            The error, ready to raise.
        """
        return cls([Problem(file, message)])

    def _describe(self) -> str:
        shown = [str(p) for p in self.problems[:MAX_SHOWN]]
        if self.total > len(shown):
            shown.append(f"… and {self.total - len(shown)} more problem(s).")
        return "\n".join(shown)


class FetchError(RuntimeError):
    """A file could not be downloaded, or did not match its checksum."""
