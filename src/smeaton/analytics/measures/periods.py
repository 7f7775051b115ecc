"""The 12-month periods measures are computed for, each named by its end date E.

A period covers the days after E minus 1 year up to and including E. The reporting
year Y is the period ending 31 March Y; a monthly scorecard uses any month end.
Dates minus years or months keep the calendar day, clamped to the month's last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import ibis
import pyarrow as pa


def minus(day: date, years: int = 0, months: int = 0) -> date:
    """The same calendar day ``years`` and ``months`` earlier, clamped to the month's end.

    29 February minus 1 year is 28 February; 31 March minus 6 months is 30 September.
    """
    index = day.year * 12 + day.month - 1 - years * 12 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def collection_year(day: date) -> int:
    """The SSDA903 and CIN collection year (ending 31 March) that a date falls in."""
    return day.year + (1 if day.month >= 4 else 0)


@dataclass(frozen=True)
class Period:
    end: date

    @property
    def start(self) -> date:
        """The last day before the period: the period is the days after it, up to end."""
        return minus(self.end, years=1)

    @property
    def time_period(self) -> int | None:
        """The reporting year, when the period is one (it ends on 31 March)."""
        return self.end.year if (self.end.month, self.end.day) == (3, 31) else None

    @property
    def reporting_year(self) -> int:
        """The reporting year the end falls in."""
        return collection_year(self.end)

    @property
    def returns(self) -> tuple[int, int]:
        """The first and last collection years whose returns cover the period."""
        return collection_year(self.start + timedelta(days=1)), collection_year(self.end)

    @property
    def academic_year(self) -> int:
        """The year the academic year measured for attendance ends in: the one ending in
        the summer before the reporting year's end (2023/24, or 2024, for 31 March 2025)."""
        return self.reporting_year - 1

    @property
    def population_year(self) -> int:
        """The mid-year population estimate rates divide by: the calendar year before the
        reporting year (mid-2024 for 31 March 2025)."""
        return self.reporting_year - 1

    def __str__(self) -> str:
        return self.end.isoformat()


def reporting_year(year: int) -> Period:
    return Period(date(year, 3, 31))


def month_ends(first: date, last: date) -> list[Period]:
    """Every month end from the month of ``first`` to the month of ``last``."""
    periods = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        periods.append(Period(date(year, month, calendar.monthrange(year, month)[1])))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def in_period(day: ibis.Value, periods: ibis.Table) -> ibis.Value:
    """Whether a date is in each period: after the day before it, up to its end."""
    return (day > periods.period_start) & (day <= periods.period_end)


def periods_table(periods: list[Period]) -> ibis.Table:
    """The periods as a table measures join to: each end with the dates measured from it.

    ``period_start`` is the day before the period's first day, so "in the period" is
    ``period_start < date <= period_end``.
    """
    columns = {
        "period_end": [p.end for p in periods],
        "period_start": [p.start for p in periods],
        "minus_2y": [minus(p.end, years=2) for p in periods],
        "minus_2y6m": [minus(p.end, years=2, months=6) for p in periods],
        "first_return": [p.returns[0] for p in periods],
        "last_return": [p.returns[1] for p in periods],
        "academic_year": [p.academic_year for p in periods],
    }
    types = {"period_end": pa.date32(), "period_start": pa.date32(), "minus_2y": pa.date32(),
             "minus_2y6m": pa.date32(), "first_return": pa.int32(), "last_return": pa.int32(),
             "academic_year": pa.int32()}
    return ibis.memtable(pa.table({name: pa.array(values, types[name])
                                   for name, values in columns.items()}))
