"""Problems found in statutory returns: every one reported, none dropped silently.

A problem names the file, the row (a CSV line number, or an XML path), the child, the
column, the value as given and the reason. Its severity says what it costs:

- ``error``: must be put right. Found by the format checks, the row cannot be used for
  that field (or, for a key field, at all); found by one of DfE's validation rules
  (``rule`` gives its code), the row is stored as given, but DfE would refuse it;
- ``warning``: the row is stored as given, but someone should look at it;
- ``query``: one of DfE's validation rules queries the row: stored as given, and DfE
  expects it put right or explained.

A problem with the whole file (unknown table, missing columns, unreadable encoding,
malformed XML) is a :class:`FileProblem`: the file is refused, and so is its batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"
QUERY = "query"
# A value or identifier is kept in a problem to this many characters (a cell can be
# megabytes), and shown in the one-line summary to fewer.
KEPT = 200
SHOWN = 60
MESSAGE = 1_000  # characters of a reason: a message is one line, however odd the file
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CUT = re.compile(r"… \(([\d,]+) characters\)\Z")


def cut(text: str, limit: int = KEPT) -> str:
    """Text cut short to ``limit`` characters, saying how long it was (text cut before
    keeps the length it first had)."""
    found = CUT.search(text)
    head, length = (text[:found.start()], found[1]) if found else (text, f"{len(text):,}")
    if len(head) <= limit:
        return text
    return f"{head[:limit]}… ({length} characters)"


def one_line(text: str) -> str:
    """Text with line breaks and other unprintable characters written as escapes."""
    return UNPRINTABLE.sub(lambda match: repr(match[0])[1:-1], text)


# What makes one problem's reason differ from another's of the same kind: dates, numbers
# and quoted values.
PARTICULARS = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|'[^']*'|\"[^\"]*\"|\b\d[\d,.]*\b")


def kind(reason: str) -> str:
    """The kind of a problem: its reason without its particulars, so that "overlaps the
    next episode, which starts 11/01/2018 (row 313)" and every other overlap are counted
    together, as "overlaps the next episode, which starts … (row …)"."""
    return cut(PARTICULARS.sub("…", one_line(reason)), KEPT)


FIELDS = ["year", "file", "table", "row", "column", "value", "rule", "reason", "severity",
          "child"]


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
    rule: str = ""  # the code of DfE's validation rule it breaks, where DfE has one
    year: int | None = None  # the collection year of the return it is in

    def __post_init__(self):
        for name, limit in (("value", KEPT), ("child", KEPT), ("reason", MESSAGE)):
            text = getattr(self, name)
            if isinstance(text, str) and len(text) > limit:
                object.__setattr__(self, name, cut(text, limit))

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    def __str__(self) -> str:
        where = f"row {self.row}" if isinstance(self.row, int) else one_line(self.row)
        cell = ""
        if self.column:
            cell = (f", {one_line(self.column)} {cut(self.value, SHOWN)!r}" if self.value
                    else f", {one_line(self.column)} (blank)")
        rule = f"rule {self.rule}: " if self.rule else ""
        return (f"{one_line(self.file)}, {where}{cell}: {rule}{one_line(self.reason)} "
                f"[{self.severity}]")


class FileProblem(Exception):
    """A whole file cannot be read: nothing from its batch is stored."""

    def __init__(self, path: Path | str, reason: str):
        reason = one_line(cut(reason, MESSAGE))
        super().__init__(f"{one_line(str(path))}: {reason}")
        self.path = str(path)
        self.reason = reason


class BatchRefused(Exception):
    """The batch could not be read or stored: the store is exactly as it was."""

    def __init__(self, problems: list[FileProblem | str]):
        problems = [problem if isinstance(problem, FileProblem)
                    else one_line(cut(str(problem), MESSAGE)) for problem in problems]
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
