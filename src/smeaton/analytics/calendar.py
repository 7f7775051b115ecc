"""Working days in England: Monday to Friday, except England and Wales bank holidays.

Statutory timescales count working days (an assessment within 45, an initial child
protection conference within 15). The bank holidays are the ``holidays`` package's for
England (Wales has the same): the Banking and Financial Dealings Act 1971 rules, the
substitute days when a holiday falls at a weekend, and the one-off holidays proclaimed
(2011, 2012, 2020, 2022, 2023). tests/analytics/test_calendar.py holds them to gov.uk's
published lists, day for day.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """The days of ``year`` on which the banks close, as gov.uk lists them.

    When a holiday falls at a weekend the package names that day as well as its
    substitute; gov.uk lists the substitute alone, and a weekend is no working day
    either way, so only weekdays are kept.
    """
    days = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in days if day.year == year and day.weekday() < 5)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day`` (``day`` itself if 0)."""
    if count <= 0:
        return day
    days = _working_days(day.year)
    return days[bisect_right(days, day) + count - 1]


def working_days_between(start: date, end: date) -> int:
    """Working days from the day after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = _working_days(start.year)
    if end > days[-1]:
        return sum(is_working_day(start + timedelta(days=n))
                   for n in range(1, (end - start).days + 1))
    return bisect_right(days, end) - bisect_right(days, start)


@cache
def _working_days(year: int) -> list[date]:
    """Every working day from the start of ``year`` for the next twelve years: enough to
    count any statutory timescale from a day in ``year`` by looking it up."""
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 12, 1, 1) - first).days)
            if is_working_day(first + timedelta(days=n))]


def next_working_day(day: date) -> date:
    """``day`` if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
