"""What a reader hands to the checks: a table's cells as text, exactly as given."""

from __future__ import annotations

from dataclasses import dataclass, field

from smeaton.analytics.formats.spec import Table
from smeaton.analytics.problems import Problem


@dataclass
class RawTable:
    """One table of one file: text cells by column, and where each row came from."""

    spec: Table
    file: str
    columns: dict[str, list[str | None]]
    rows: list[int | str]  # CSV line numbers, or XML paths
    children: list[str] | None = None  # the child's identifier as given, for problems
    links: dict[str, list[int]] = field(default_factory=dict)  # CIN join numbers
    unreadable: int = 0  # rows the reader could not split into cells (each reported)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def empty(cls, spec: Table, file: str) -> RawTable:
        return cls(spec, file, {name: [] for name in spec.names}, [], [])


@dataclass
class RawReturn:
    """Everything one file gave: its tables, what it says about itself, its problems."""

    source: str  # ssda903, cin or attendance
    file: str
    tables: list[RawTable]
    la_code: str | None = None  # as the file says, when it does
    year: int | None = None  # the collection year ending 31 March, when the file says
    problems: list[Problem] = field(default_factory=list)  # found while reading
