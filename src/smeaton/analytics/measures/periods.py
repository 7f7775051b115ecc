"""The 12-month periods measures are computed for, each named by its end date E.

A period covers the days after E minus 1 year up to and including E. The reporting
year Y is the period ending 31 March Y; a monthly scorecard uses any month end.
Dates minus years or months keep the calendar day, clamped to the month's last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import ibis
import pyarrow as pa
from dateutil.relativedelta import relativedelta

from smeaton.years import collection_end, collection_year


def minus(day: date, years: int = 0, months: int = 0) -> date:
    """The same calendar day ``years`` and ``months`` earlier, clamped to the month's end.

    29 February minus 1 year is 28 February; 31 March minus 6 months is 30 September.
    """
    return day - relativedelta(years=years, months=months)


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
        return self.end.year if self.end == collection_end(self.end.year) else None

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
    return Period(collection_end(year))


def month_ends(first: date, last: date) -> list[Period]:
    """Every month end from the month of ``first`` to the month of ``last``."""
    months = (last.year - first.year) * 12 + last.month - first.month
    # day=31: the month's last day, whatever its length.
    return [Period(first + relativedelta(months=n, day=31)) for n in range(months + 1)]


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
