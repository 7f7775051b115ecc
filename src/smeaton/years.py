"""Years that are not calendar years, said once for both rooms.

The council's year (the financial year) runs from 1 April to 31 March, and a school's
academic year from 1 September to 31 August. Both are written "2024/25". A year is
named by a number in one of two ways, and every function here says which it takes:

- the plan names the council's year by the calendar year it starts in: plan year 2024
  is 2024/25 (``year_of``, ``first_day``, ``last_day``, ``year_label``);
- DfE names a return's collection year, and an academic year, by the calendar year it
  ends in: the 2025 SSDA903 return covers 2024/25 (``collection_year``,
  ``collection_start``, ``collection_end``), and academic year 2024 is 2023/24
  (``academic_label``, ``academic_start``).

Pure Python, without Django: the analytics room uses it as the web room does.
"""

from __future__ import annotations

import re
from datetime import date

APRIL = 4
SEPTEMBER = 9
_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


# --- The council's year, 1 April to 31 March, by the year it starts in -----------------


def year_of(day: date) -> int:
    """The calendar year the council's year holding ``day`` starts in: 31 March 2025 is
    in 2024 (2024/25), 1 April 2025 in 2025."""
    return day.year if day.month >= APRIL else day.year - 1


def first_day(start: int) -> date:
    """1 April of ``start``: the first day of the council's year ``start``."""
    return date(start, APRIL, 1)


def last_day(start: int) -> date:
    """31 March after ``start``: the last day of the council's year ``start``."""
    return date(start + 1, 3, 31)


def year_label(start: int) -> str:
    """2024 -> "2024/25": the year that starts in ``start`` and ends in the next."""
    return f"{start}/{(start + 1) % 100:02d}"


def period_label(first: int, end: int) -> str:
    """2024, 2027 -> "2024-27": years from the one starting in ``first`` to the one
    ending in ``end``, as a plan's period is written."""
    return f"{first}-{end % 100:02d}"


# --- DfE's collection year, 1 April to 31 March, by the year it ends in -----------------


def collection_year(day: date) -> int:
    """The collection year (ending 31 March) that ``day`` falls in: 31 March 2025 is in
    2025, 1 April 2025 in 2026."""
    return year_of(day) + 1


def collection_start(year: int) -> date:
    """1 April before 31 March ``year``: the first day of collection year ``year``."""
    return first_day(year - 1)


def collection_end(year: int) -> date:
    """31 March ``year``: the last day of collection year ``year``."""
    return last_day(year - 1)


# --- The academic year, 1 September to 31 August, by the year it ends in ---------------


def academic_start(year: int) -> date:
    """1 September before the summer of ``year``: the first day of academic year
    ``year``."""
    return date(year - 1, SEPTEMBER, 1)


def academic_label(year: int) -> str:
    """2024 -> "2023/24": the academic year ending in the summer of ``year``."""
    return year_label(year - 1)


def academic_year_from_label(text: str | None) -> int | None:
    """"2023/24" -> 2024, the year the academic year so written ends in; None when the
    text is not a year written that way."""
    match = _LABEL.match((text or "").strip())
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return start + 1 if (start + 1) % 100 == end else None
