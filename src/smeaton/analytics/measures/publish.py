"""Suppressing small numbers before results are published.

Primary: a numerator or denominator from 1 to 4 is written as "c", and so is the value
worked from it. Secondary: within each breakdown of a measure, LA and period (the sex
values, say), numerators and denominators each add up to a total, so each is protected
on its own: when exactly one cell's numerator is suppressed, the next smallest numerator
is suppressed too, and the same for denominators, so that no suppressed number can be
worked back from the total. Zeros are never suppressed for being small, but may be the
next smallest.
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
        if len(members) > 1:
            for count in COUNTS:  # each column is summed to its own total
                _hide_next_smallest(rows, members, hidden, count)
    return [published(row, hidden[index]) for index, row in enumerate(rows)]


def _hide_next_smallest(rows: list[dict], members: list[int], hidden: dict, count: str):
    """When one cell alone hides this count, hide the next smallest too. A cell whose
    denominator shows 0 cannot hide its numerator (it could only be 0), so it is
    passed over."""
    if sum(count in hidden[index] for index in members) != 1:
        return
    others = [index for index in members if count not in hidden[index]
              and rows[index][count] is not None
              and not (count == "numerator" and rows[index]["denominator"] == 0)]
    if others:
        hidden[min(others, key=lambda index: rows[index][count])].add(count)


def published(row: dict, hidden: set[str]) -> dict:
    row = dict(row)
    for name in ("numerator", "denominator", "value"):
        if name in hidden or (name == "value" and hidden):
            row[name] = SUPPRESSED
        elif row[name] is not None:
            row[name] = str(row[name])
    return row
