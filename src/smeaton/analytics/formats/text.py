"""CSV files as councils' systems write them: UTF-8 (with or without a byte order mark),
UTF-16 from Excel, or Windows-1252; headers in any case, with stray spaces; lines ending
in CR LF, LF or CR alone.

No cell of a return holds a line break, so a quote must close in the row it opens in.
A quote left open (a stray ``"``) would otherwise make every row after it, to the next
quote or the end of the file, one cell: the row it opens in is reported, naming the
column, and the rows after it are read on their own.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from smeaton.analytics.problems import WARNING, FileProblem, Problem

# csv's own limit on a cell (128 KB) raises an error mid-file. A row is read one line at
# a time (above), so a cell is never longer than its line, and the checks judge it. The
# limit is the csv module's, for the whole process: raised once, never lowered.
FIELD_LIMIT = 2**31 - 1
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))


class _QuoteLeftOpen(Exception):
    """The csv reader asked for a second line for one row: a quote is open."""


class _Lines:
    """A file's lines, handed to the csv reader one row at a time, numbered (the first
    line is 1). The lines of a row that ran on are kept, to be read again."""

    def __init__(self, lines: Iterable[str], start: int):
        self.lines = iter(lines)
        self.number = start - 1
        self.again: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.taken:  # the row is not finished at the end of its line
            raise _QuoteLeftOpen
        if self.again:
            number, line = self.again.popleft()
        else:
            line = next(self.lines)
            self.number += 1
            number = self.number
        self.taken.append((number, line))
        return line


def records(lines: Iterable[str], file: str, table: str, headers: list[str],
            problems: list[Problem], start: int = 1) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each row of CSV ``lines``, blank lines included, the
    first line numbered ``start``; a row whose quote is left open, or that csv cannot
    read, becomes a problem instead."""
    source = _Lines(lines, start)
    reader = csv.reader(source)
    while True:
        source.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _QuoteLeftOpen:
            number, line = source.taken[0]
            source.again.extendleft(reversed(source.taken[1:]))
            problems.append(_quote_left_open(file, table, number, line, headers))
            continue
        except csv.Error as error:
            problems.append(Problem(file, table, source.taken[0][0], "",
                                    source.taken[0][1][:80].rstrip("\r\n"),
                                    f"cannot be read as CSV: {error}; row not read"))
            continue
        yield source.taken[0][0], cells


def _quote_left_open(file: str, table: str, number: int, line: str,
                     headers: list[str]) -> Problem:
    cells = next(csv.reader([line]))  # at the end of its line, the open cell is last
    column = headers[len(cells) - 1] if len(cells) <= len(headers) else ""
    return Problem(file, table, number, column, cells[-1].rstrip("\r\n"),
                   "a quote opens in this cell and is not closed before the row ends (no "
                   "cell holds a line break); row not read, and the rows after it are read "
                   "on their own")


@dataclass
class CsvText:
    """A CSV file whose encoding and headers are known; its rows are read as a stream."""

    path: Path
    headers: list[str]  # stripped and upper case, in the file's order
    encoding: str

    def rows(self, table: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) for each non-blank row after the header."""
        with self.path.open(encoding=self.encoding, newline="") as file:
            next(file, None)  # the header, one line (read_text made sure)
            for line, cells in records(file, self.path.name, table, self.headers, problems,
                                       start=2):
                if cells and any(cell.strip() for cell in cells):
                    yield line, cells

    def records(self, table: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
        """The rows that have a cell for every header; each other row becomes a problem.

        Spreadsheets often leave empty cells after the last column; those are allowed.
        """
        width = len(self.headers)
        for line, cells in self.rows(table, problems):
            if len(cells) < width or any(cell.strip() for cell in cells[width:]):
                problems.append(Problem(
                    self.path.name, table, line, "", ",".join(cells)[:80],
                    f"has {len(cells)} cells where the header has {width}; row not read"))
                continue
            yield line, cells

    def extra_columns(self, known: set[str], title: str) -> list[Problem]:
        return [Problem(self.path.name, title, 1, header, "", f"not a column of the {title} "
                        "table; ignored", WARNING)
                for header in self.headers if header and header not in known]

    def encoding_problem(self, table: str) -> list[Problem]:
        if self.encoding != "cp1252":
            return []
        return [Problem(self.path.name, table, 1, "", "", "the file is not UTF-8; it was "
                        "read as Windows-1252: check names with accents", WARNING)]


def read_text(path: Path) -> CsvText:
    """The file's encoding (checked over the whole file) and its header row."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileProblem(path, f"cannot be read: {error.strerror}") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(path, "is a binary file, not CSV text")
    for encoding in ("utf-16", "utf-8-sig", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem(path, "unreadable encoding: save it as UTF-8 CSV")
    first_line = io.StringIO(text, newline="").readline()
    del text, data  # the rows are read again as a stream, to keep memory low
    problems: list[Problem] = []
    first = next(records([first_line], path.name, "", [], problems), (1, []))[1]
    if problems:
        raise FileProblem(path, "the header row has a quote that is not closed in the row")
    if not first or not any(cell.strip() for cell in first):
        raise FileProblem(path, "is empty: there is no header row")
    headers = [cell.strip().upper() for cell in first]
    return CsvText(path, headers, encoding)
