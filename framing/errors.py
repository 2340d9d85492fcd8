"""Errors that stop a run, each naming the file (and line) at fault and what to do about it."""

from __future__ import annotations


class FramingError(Exception):
    """A problem the user can fix; the CLI prints it on one line and exits non-zero."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InputError(FramingError):
    """An input cannot be read as documents (binary, empty, malformed, wrong columns)."""


class UsageError(FramingError):
    """The command was asked for something impossible: a missing path, an unwritable folder."""

    exit_code = 2


class EngineError(FramingError):
    """The analysis could not finish on the chosen engine (a Dask batch failed for good)."""

    exit_code = 2
