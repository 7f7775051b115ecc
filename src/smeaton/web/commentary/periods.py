"""The periods commentary is written for: a month, a quarter or a year of the council's
year (April to March), each named by its kind and its last day.

A period is written in a URL as its kind and last day ("quarter-2025-12-31"), so a
link names it exactly and a mistyped one is refused rather than guessed at.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models

from smeaton.years import year_label, year_of


class Kind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


# How many months each kind of period spans.
MONTHS = {Kind.MONTH: 1, Kind.QUARTER: 3, Kind.YEAR: 12}
# The months a period of each kind may end in: quarters of the council's year end in
# June, September, December and March; its year in March.
END_MONTHS = {Kind.MONTH: set(range(1, 13)), Kind.QUARTER: {6, 9, 12, 3}, Kind.YEAR: {3}}
_SLUG = re.compile(r"^(month|quarter|year)-(\d{4})-(\d{2})-(\d{2})$")


def month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


@dataclass(frozen=True, order=True)
class Period:
    end: date
    kind: Kind

    def __post_init__(self):
        if self.end != month_end(self.end) or self.end.month not in END_MONTHS[self.kind]:
            raise ValueError(f"{self.end} is not the last day of a {self.kind}")

    @classmethod
    def containing(cls, day: date, kind: Kind) -> Period:
        """The period of this kind that ``day`` falls in."""
        end = month_end(day)
        while end.month not in END_MONTHS[kind]:
            end = month_end(end + relativedelta(months=1))
        return cls(end, Kind(kind))

    @classmethod
    def from_slug(cls, slug: str) -> Period | None:
        """The period a URL names, or None if it names none."""
        found = _SLUG.match(slug or "")
        if not found:
            return None
        kind, *numbers = found.groups()
        try:
            return cls(date(*map(int, numbers)), Kind(kind))
        except ValueError:
            return None

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.end.isoformat()}"

    @property
    def start(self) -> date:
        return self.end.replace(day=1) - relativedelta(months=MONTHS[self.kind] - 1)

    @property
    def quarter(self) -> int:
        """Which quarter of the council's year this is (April to June is 1)."""
        return (self.end.month - 4) % 12 // 3 + 1

    @property
    def label(self) -> str:
        """November 2025; Quarter 3 2025/26; 2025/26."""
        if self.kind == Kind.MONTH:
            return f"{self.end:%B %Y}"
        if self.kind == Kind.QUARTER:
            return f"Quarter {self.quarter} {year_label(year_of(self.end))}"
        return year_label(year_of(self.end))

    @property
    def span(self) -> str:
        """The months it covers, for a hint: October to December 2025."""
        if self.kind == Kind.MONTH:
            return f"{self.end:%B %Y}"
        start = f"{self.start:%B}" if self.start.year == self.end.year else f"{self.start:%B %Y}"
        return f"{start} to {self.end:%B %Y}"

    def __str__(self) -> str:
        return self.label

    def previous(self) -> Period:
        return Period(month_end(self.end - relativedelta(months=MONTHS[self.kind])), self.kind)


def last_ended_quarter(today: date) -> Period:
    """The quarter a performance clinic reports on: the latest one that has ended."""
    return Period.containing(today, Kind.QUARTER).previous()


def recent(today: date, months: int = 6, quarters: int = 5, years: int = 2) -> list[Period]:
    """The periods commentary is usually written for, newest first: the current and
    recent months, quarters and years (the current one may be drafted as it runs)."""
    periods = []
    for kind, count in ((Kind.QUARTER, quarters), (Kind.MONTH, months), (Kind.YEAR, years)):
        period = Period.containing(today, kind)
        for _ in range(count):
            periods.append(period)
            period = period.previous()
    return periods
