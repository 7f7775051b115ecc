"""Problems found in statutory returns: every one reported, none dropped silently.

A problem names the file, the row (a CSV line number, or an XML path), the child, the
column, the value as given and the reason. Its severity says what it costs:

- ``error``: the row cannot be used for that field (or, for a key field, at all);
- ``warning``: the row is stored as given, but someone should look at it.

A problem with the whole file (unknown table, missing columns, unreadable encoding,
malformed XML) is a :class:`FileProblem`: the file is refused, and so is its batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


FIELDS = ["file", "table", "row", "column", "value", "reason", "severity", "child"]


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    table: str
    row: int | str  # CSV line number (the header is line 1) or an XML path
    column: str
    value: str
    reason: str
    severity: str = ERROR
    child: str = ""  # the child's identifier as given in the file, to find the record

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    def __str__(self) -> str:
        where = f"row {self.row}" if isinstance(self.row, int) else self.row
        cell = ""
        if self.column:
            cell = f", {self.column} {self.value!r}" if self.value else f", {self.column} (blank)"
        return f"{self.file}, {where}{cell}: {self.reason} [{self.severity}]"




class FileProblem(Exception):
    """A whole file cannot be read: nothing from its batch is stored."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class BatchRefused(Exception):
    """The batch could not be read or stored: the store is exactly as it was."""

    def __init__(self, problems: list[FileProblem | str]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
