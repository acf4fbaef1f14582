"""Errors the user can fix. Each carries one sentence that says what and where."""

from __future__ import annotations

from pathlib import Path


class CoachError(Exception):
    """A problem the user can fix; the CLI prints the message and exits with code 2."""

    exit_code = 2


class DataError(CoachError):
    """A routine, exercise or template file is broken."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = f"{self.path}:{line}" if line else str(self.path)
        what = f"'{field}' {problem}" if field else problem
        super().__init__(f"{where}: {what}")


class ModelError(CoachError):
    """A voice or recognition model is missing or broken."""


class DeviceError(CoachError):
    """An audio device is missing or refuses the format we need."""
