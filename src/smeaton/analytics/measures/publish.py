"""Suppressing small numbers before results are published.

Primary: a numerator or denominator from 1 to 4 is written as "c", and so is the value
worked from it. Secondary: within each breakdown of a measure, LA and period (the sex
values, say), when exactly one cell is suppressed, the cell with the next smallest count
of the same kind (its numerator, unless only its denominator was small) is suppressed
the same way, so that no suppressed cell can be worked back from the total. Zeros are
never suppressed for being small, but may be the next smallest.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

SUPPRESSED = "c"
SMALL = range(1, 5)
COUNTS = ("numerator", "denominator")


def suppress(rows: list[dict]) -> list[dict]:
    """The rows as they may be published: numbers as text, small ones as "c"."""
    hidden: dict[int, set[str]] = defaultdict(set)  # row index: the counts suppressed
    for index, row in enumerate(rows):
        hidden[index] |= {count for count in COUNTS if row[count] in SMALL}

    def cell_group(index: int) -> tuple:
        row = rows[index]
        return (row["measure_id"], row["la_code"], row["period_end"], row["breakdown"])

    ordered = sorted(range(len(rows)), key=cell_group)
    for _, group in groupby(ordered, key=cell_group):
        members = list(group)
        suppressed = [index for index in members if hidden[index]]
        if len(members) > 1 and len(suppressed) == 1:
            kinds = hidden[suppressed[0]]
            count = "numerator" if "numerator" in kinds else "denominator"
            others = [index for index in members
                      if not hidden[index] and rows[index][count] is not None]
            if others:  # the next smallest hides what the small cell hid
                hidden[min(others, key=lambda index: rows[index][count])] |= kinds
    return [published(row, hidden[index]) for index, row in enumerate(rows)]


def published(row: dict, hidden: set[str]) -> dict:
    row = dict(row)
    for name in ("numerator", "denominator", "value"):
        if name in hidden or (name == "value" and hidden):
            row[name] = SUPPRESSED
        elif row[name] is not None:
            row[name] = str(row[name])
    return row
