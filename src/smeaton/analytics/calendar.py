"""Working days in England: Monday to Friday, except England and Wales bank holidays.

Statutory timescales count working days (an assessment within 45, an initial child
protection conference within 15). Bank holidays follow the Banking and Financial
Dealings Act 1971 rules, with the substitute days when a holiday falls at a weekend and
the one-off holidays proclaimed since 2010.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache

# Proclaimed for one year only, and the fixed holidays moved to make room for them.
EXTRA = {date(2011, 4, 29), date(2012, 6, 5), date(2022, 6, 3), date(2022, 9, 19),
         date(2023, 5, 8)}
MOVED = {date(2012, 5, 28): date(2012, 6, 4),  # spring holiday, for the Diamond Jubilee
         date(2020, 5, 4): date(2020, 5, 8),  # early May, to VE Day
         date(2022, 5, 30): date(2022, 6, 2)}  # spring holiday, for the Platinum Jubilee


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month, day = divmod(h + j - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    sunday = easter(year)
    days = {_weekday_on_or_after(date(year, 1, 1)), sunday - timedelta(days=2),
            sunday + timedelta(days=1), _first_monday(year, 5), _last_monday(year, 5),
            _last_monday(year, 8)}
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        days |= {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day, then Tuesday
        days |= {boxing, date(year, 12, 27)}
    else:
        days |= {christmas, _weekday_on_or_after(boxing)}
    days = {MOVED.get(day, day) for day in days}
    return frozenset(days | {day for day in EXTRA if day.year == year})


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


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())
