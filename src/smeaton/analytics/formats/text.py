"""CSV files as councils' systems write them: UTF-8 (with or without a byte order mark),
UTF-16 from Excel, or Windows-1252; headers in any case, with stray spaces."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smeaton.analytics.problems import WARNING, FileProblem, Problem


@dataclass
class CsvText:
    """A CSV file whose encoding and headers are known; its rows are read as a stream."""

    path: Path
    headers: list[str]  # stripped and upper case, in the file's order
    encoding: str

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) for each non-blank row after the header."""
        with self.path.open(encoding=self.encoding, newline="") as file:
            reader = csv.reader(file)
            next(reader, None)
            for cells in reader:
                if cells and any(cell.strip() for cell in cells):
                    yield reader.line_num, cells

    def records(self, table: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
        """The rows that have a cell for every header; each other row becomes a problem.

        Spreadsheets often leave empty cells after the last column; those are allowed.
        """
        width = len(self.headers)
        for line, cells in self.rows():
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
    first = next(csv.reader([text[:text.find("\n")] if "\n" in text else text]), None)
    del text, data  # the rows are read again as a stream, to keep memory low
    if not first or not any(cell.strip() for cell in first):
        raise FileProblem(path, "is empty: there is no header row")
    headers = [cell.strip().upper() for cell in first]
    return CsvText(path, headers, encoding)
