"""What a reader hands to the checks: a table's cells as text, exactly as given.

A reader collects a table into Python lists, the cheapest thing to append to, then
hands it over as Arrow arrays (:meth:`RawTable.arrow`): compact, cheap to pass between
processes, and what the checks work on column by column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from smeaton.analytics.formats.spec import Table
from smeaton.analytics.problems import Problem
from smeaton.analytics.source import Source


@dataclass
class RawTable:
    """One table of one file: text cells by column, and where each row came from."""

    spec: Table
    file: str
    columns: dict[str, list[str | None] | pa.Array]
    rows: list[int | str] | pa.Array  # CSV line numbers, or XML paths
    children: list[str] | pa.Array  # the child's identifier as given, for problems
    links: dict[str, list[int] | pa.Array] = field(default_factory=dict)  # CIN join numbers
    unreadable: int = 0  # rows the reader could not split into cells (each reported)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def empty(cls, spec: Table, file: str) -> RawTable:
        return cls(spec, file, {name: [] for name in spec.names}, [], [],
                   {link: [] for link in spec.links})

    def arrow(self) -> RawTable:
        """The table as handed over: every column, row and link an Arrow array."""
        if isinstance(self.rows, pa.Array):
            return self
        rows = pa.array(self.rows, pa.int64() if self.rows and isinstance(self.rows[0], int)
                        else pa.string())
        return RawTable(
            self.spec, self.file,
            {name: pa.array(cells, pa.string()) for name, cells in self.columns.items()},
            rows, pa.array(self.children, pa.string()),
            {link: pa.array(numbers, pa.int64()) for link, numbers in self.links.items()},
            self.unreadable)

    def cell(self, column: str, index: int) -> str | None:
        return self.columns[column][index].as_py() if column in self.columns else None

    def row(self, index: int) -> int | str:
        return self.rows[index].as_py()

    def child(self, index: int) -> str:
        return self.children[index].as_py() or ""


@dataclass
class RawReturn:
    """Everything one file gave: its tables, what it says about itself, its problems."""

    source: Source
    file: str
    tables: list[RawTable]
    la_code: str | None = None  # as the file says, when it does
    year: int | None = None  # the collection year ending 31 March, when the file says
    problems: list[Problem] = field(default_factory=list)  # found while reading
    # The CIN census's message header (ReferenceDate, Year, LEA, ...), as the file gives
    # it: DfE's rules check it too.
    header: dict[str, str] = field(default_factory=dict)
