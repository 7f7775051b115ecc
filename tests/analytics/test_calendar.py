"""England and Wales bank holidays, checked against the published lists."""

from datetime import date

import pytest

from smeaton.analytics.calendar import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

PUBLISHED = {  # gov.uk/bank-holidays
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26",
           "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_are_the_published_ones(year):
    assert sorted(bank_holidays(year)) == [date.fromisoformat(f"{year}-{day}")
                                           for day in PUBLISHED[year]]


def test_working_days_skip_weekends_and_bank_holidays():
    assert not is_working_day(date(2024, 12, 25)) and not is_working_day(date(2024, 6, 1))
    # Thursday 19 December 2024 + 5 working days: over Christmas to Monday 30 December.
    assert add_working_days(date(2024, 12, 19), 5) == date(2024, 12, 30)
    assert working_days_between(date(2024, 12, 19), date(2024, 12, 30)) == 5
    assert working_days_between(date(2024, 12, 19), date(2024, 12, 19)) == 0
