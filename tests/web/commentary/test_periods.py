from datetime import date

import pytest

from smeaton.web.commentary.periods import Kind, Period, last_ended_quarter, recent


@pytest.mark.parametrize(("day", "kind", "end", "label", "span"), [
    (date(2025, 11, 20), Kind.MONTH, date(2025, 11, 30), "November 2025", "November 2025"),
    (date(2025, 11, 20), Kind.QUARTER, date(2025, 12, 31), "Quarter 3 2025/26",
     "October to December 2025"),
    (date(2026, 2, 1), Kind.QUARTER, date(2026, 3, 31), "Quarter 4 2025/26",
     "January to March 2026"),
    (date(2025, 4, 1), Kind.QUARTER, date(2025, 6, 30), "Quarter 1 2025/26", "April to June 2025"),
    (date(2025, 11, 20), Kind.YEAR, date(2026, 3, 31), "2025/26", "April 2025 to March 2026"),
    (date(2026, 3, 31), Kind.YEAR, date(2026, 3, 31), "2025/26", "April 2025 to March 2026"),
])
def test_the_period_holding_a_day(day, kind, end, label, span):
    period = Period.containing(day, kind)
    assert (period.end, period.label, period.span) == (end, label, span)


def test_a_period_is_written_in_a_url_and_read_back():
    period = Period(date(2025, 12, 31), Kind.QUARTER)
    assert period.slug == "quarter-2025-12-31"
    assert Period.from_slug(period.slug) == period


@pytest.mark.parametrize("slug", [
    "", "quarter", "quarter-2025-11-30",  # not a quarter's end
    "month-2025-11-29",  # not a month's end
    "year-2025-12-31",  # the council's year ends in March
    "month-2025-02-30", "week-2025-11-30", "quarter-2025-12-31x",
])
def test_a_url_naming_no_period_is_refused(slug):
    assert Period.from_slug(slug) is None


def test_the_clinic_reports_on_the_latest_quarter_that_has_ended():
    assert last_ended_quarter(date(2025, 11, 20)) == Period(date(2025, 9, 30), Kind.QUARTER)
    assert last_ended_quarter(date(2025, 4, 2)) == Period(date(2025, 3, 31), Kind.QUARTER)


def test_recent_periods_run_back_from_the_current_ones():
    periods = recent(date(2025, 11, 20), months=2, quarters=2, years=1)
    assert [p.label for p in periods] == ["Quarter 3 2025/26", "Quarter 2 2025/26",
                                          "November 2025", "October 2025", "2025/26"]
