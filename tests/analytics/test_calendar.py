"""England and Wales bank holidays, checked against the published lists."""

from datetime import date

import pytest

from smeaton.analytics.calendar import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

# gov.uk/bank-holidays.json for England and Wales, as published: it lists 2018 onward.
PUBLISHED = {
    2018: ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"],
    2019: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26",
           "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}

# The years around that list, as Smeaton's own rules (the 1971 Act's dates, Easter,
# substitute days and the proclaimed one-offs) worked them out before the holidays
# package replaced them; the two agreed on every year from 2003 to 2100.
BY_THE_RULES = {
    2010: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2011: ["01-03", "04-22", "04-25", "04-29", "05-02", "05-30", "08-29", "12-26", "12-27"],
    2012: ["01-02", "04-06", "04-09", "05-07", "06-04", "06-05", "08-27", "12-25", "12-26"],
    2013: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2014: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2015: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2016: ["01-01", "03-25", "03-28", "05-02", "05-30", "08-29", "12-26", "12-27"],
    2017: ["01-02", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    2029: ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"],
    2030: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
}


def days(year: int, listed: list[str]) -> list[date]:
    return [date.fromisoformat(f"{year}-{day}") for day in listed]


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_are_the_published_ones(year):
    assert sorted(bank_holidays(year)) == days(year, PUBLISHED[year])


@pytest.mark.parametrize("year", sorted(BY_THE_RULES))
def test_bank_holidays_around_the_published_years_follow_the_rules(year):
    assert sorted(bank_holidays(year)) == days(year, BY_THE_RULES[year])


def test_the_one_off_holidays_and_the_days_moved_for_them():
    one_offs = {date(2011, 4, 29), date(2012, 6, 5), date(2022, 6, 3), date(2022, 9, 19),
                date(2023, 5, 8)}
    moved = {date(2012, 5, 28): date(2012, 6, 4), date(2020, 5, 4): date(2020, 5, 8),
             date(2022, 5, 30): date(2022, 6, 2)}
    for day in one_offs | set(moved.values()):
        assert day in bank_holidays(day.year), day
    for day in moved:
        assert day not in bank_holidays(day.year) and is_working_day(day), day


def test_a_holiday_at_a_weekend_gives_way_to_a_weekday():
    # Christmas on a Saturday: Monday and Tuesday; on a Sunday: Boxing Day and Tuesday.
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= bank_holidays(2021)
    assert {date(2022, 12, 26), date(2022, 12, 27)} <= bank_holidays(2022)
    # New Year's Day on a Saturday or a Sunday: the Monday.
    assert date(2022, 1, 3) in bank_holidays(2022) and date(2023, 1, 2) in bank_holidays(2023)
    # The weekend day itself is no working day, and is not listed as a bank holiday.
    assert all(day.weekday() < 5 for year in range(2010, 2031) for day in bank_holidays(year))
    assert not is_working_day(date(2021, 12, 25))


def test_working_days_skip_weekends_and_bank_holidays():
    assert not is_working_day(date(2024, 12, 25)) and not is_working_day(date(2024, 6, 1))
    # Thursday 19 December 2024 + 5 working days: over Christmas to Monday 30 December.
    assert add_working_days(date(2024, 12, 19), 5) == date(2024, 12, 30)
    assert working_days_between(date(2024, 12, 19), date(2024, 12, 30)) == 5
    assert working_days_between(date(2024, 12, 19), date(2024, 12, 19)) == 0
