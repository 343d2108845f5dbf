"""One error hierarchy; the CLI turns any of these into a one-line message."""
from __future__ import annotations


class ReconcileError(Exception):
    """Base of every error reconcile raises on purpose."""

    exit_code = 1


class InputError(ReconcileError):
    """A dump or folder cannot be read. Names the file and, where known, the line."""

    exit_code = 2

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class RulesError(ReconcileError):
    """One or more rule files are invalid; every problem is listed at once."""

    exit_code = 3

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid rules: " + "; ".join(problems))


class UsageError(ReconcileError):
    exit_code = 2


class OutputError(ReconcileError):
    """The reports cannot be written where --out points (a file, the input folder, no permission)."""

    exit_code = 2


class SkippedDumpsError(ReconcileError):
    """The run finished and wrote its reports, but some dumps could not be read and were
    skipped (binary, undecodable, unreadable). `--keep-going` accepts that and exits 0."""

    exit_code = 4
