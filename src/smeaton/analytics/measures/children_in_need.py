"""Measures from the CIN census: referrals, assessments and child protection plans.

Each function returns rows whose numerators and denominators add up to the measure's,
for each LA and period end, as in ``looked_after``. A child's characteristics come from
their child row in the latest return that holds them, and their disabilities from that
same return.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import ibis
import pyarrow as pa

from smeaton.analytics.calendar import is_working_day
from smeaton.analytics.measures.breakdowns import age_band, ethnicity, sex
from smeaton.analytics.measures.data import Data, attach, checked, counted
from smeaton.analytics.measures.periods import in_period

WITHIN_WORKING_DAYS = 45
CALENDAR = (date(1980, 1, 1), date(2060, 12, 31))  # the days working days are counted on


def with_child(data: Data, rows: ibis.Table, on: str) -> ibis.Table:
    """Rows with the child's sex, ethnicity, disability and age band on the date ``on``,
    for the breakdowns."""
    if not data.breakdowns:
        return rows
    rows = attach(rows, data.keep("children in need", lambda: _children(data)),
                  ["la_code", "LAchildID"])
    return rows.mutate(by_sex=rows.by_sex.fill_null("Not known"),
                       by_ethnicity=rows.by_ethnicity.fill_null("Not known"),
                       by_disability=rows.by_disability.fill_null("Not disabled"),
                       by_age_band=age_band(rows.birth, rows[on]))


def _children(data: Data) -> ibis.Table:
    children = data.records("cin_children")
    disabilities = data.records("cin_disabilities")
    disabled = disabilities.group_by("la_code", "year", "LAchildID").agg(
        disabled=(disabilities.Disability != "NONE").any())
    children = attach(children, disabled, ["la_code", "year", "LAchildID"])
    recorded = ibis.coalesce(checked(children, "Sex"), checked(children, "GenderCurrent"))
    return children.select(
        "la_code", "LAchildID", by_sex=sex(recorded),
        by_ethnicity=ethnicity(checked(children, "Ethnicity")),
        by_disability=ibis.ifelse(children.disabled.fill_null(False), "Disabled",
                                  "Not disabled"),
        birth=checked(children, "PersonBirthDate"))


def referrals(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    rows = _referrals_in_period(data, periods, needs)
    return with_child(data, counted(rows), "CINreferralDate")


def re_referrals(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Referrals in the period for a child referred before, on or after the day one year
    earlier; a second referral on the same day is not a re-referral. Counted by child and
    day: the referrals of one day are all re-referrals, or none."""
    days = data.usable("cin_details", needs)
    days = days.group_by("la_code", "LAchildID", "CINreferralDate").agg(referrals=days.count())
    order = ibis.window(group_by=["la_code", "LAchildID"], order_by="CINreferralDate")
    days = days.mutate(previous=days.CINreferralDate.lag().over(order))
    rows = days.join(periods, in_period(days.CINreferralDate, periods))
    year_before = rows.CINreferralDate - ibis.interval(years=1)
    again = (rows.previous >= year_before).fill_null(False)
    rows = rows.mutate(numerator=ibis.ifelse(again, rows.referrals, 0),
                       denominator=rows.referrals)
    return with_child(data, rows, "CINreferralDate")


def _referrals_in_period(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    rows = data.usable("cin_details", needs)
    return rows.join(periods, in_period(rows.CINreferralDate, periods))


def assessments_45_days(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Assessments authorised in the period, and whether within 45 working days of their
    start (counted from the day after the start, up to and including authorisation)."""
    rows = data.usable("cin_assessments", needs)
    rows = rows.join(periods, in_period(rows.AssessmentAuthorisationDate, periods))
    days = ibis.memtable(working_day_numbers())
    start, end = days.view(), days.view()
    rows = rows.left_join(start, rows.AssessmentActualStartDate == start.day).select(
        rows, started=start.number)
    rows = rows.left_join(end, rows.AssessmentAuthorisationDate == end.day).select(
        rows, authorised=end.number)
    within = (rows.authorised - rows.started) <= WITHIN_WORKING_DAYS
    rows = counted(rows, within.fill_null(False))
    return with_child(data, rows, "AssessmentActualStartDate")


def cp_two_years_ended(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    rows = data.usable("cin_cp_plans", needs)
    rows = rows.join(periods, in_period(rows.CPPendDate, periods))
    lasted = rows.CPPendDate >= rows.CPPstartDate + ibis.interval(years=2)
    return with_child(data, counted(rows, lasted), "CPPendDate")


def _plans_open_at_end(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    rows = data.usable("cin_cp_plans", needs)
    return rows.join(periods, (rows.CPPstartDate <= periods.period_end)
                     & (rows.CPPendDate.isnull() | (rows.CPPendDate > periods.period_end)))


def cp_two_years(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    rows = _plans_open_at_end(data, periods, needs)
    rows = counted(rows, rows.CPPstartDate <= rows.minus_2y)
    return with_child(data, rows, "period_end")


def children_on_cp_plan(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    rows = _plans_open_at_end(data, periods, needs)
    rows = rows.select("la_code", "LAchildID", "period_end").distinct()
    return with_child(data, counted(rows), "period_end")


def cp_second_plan(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Plans started in the period for a child with a previous plan: by the return's
    NumberOfPreviousCPP, or an earlier plan in any stored return."""
    every = data.records("cin_cp_plans")
    first = every.group_by("la_code", "LAchildID").agg(first_plan=every.CPPstartDate.min())
    rows = data.usable("cin_cp_plans", needs)
    rows = attach(rows.join(periods, in_period(rows.CPPstartDate, periods)), first,
                  ["la_code", "LAchildID"])
    previous = (rows.NumberOfPreviousCPP >= 1) | (rows.first_plan < rows.CPPstartDate)
    return with_child(data, counted(rows, previous.fill_null(False)), "CPPstartDate")


@cache
def working_day_numbers() -> pa.Table:
    """Each day with the number of working days from the calendar's start up to and
    including it: the working days after one day up to another are the difference."""
    first, last = CALENDAR
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    numbers, count = [], 0
    for day in days:
        count += is_working_day(day)
        numbers.append(count)
    return pa.table({"day": pa.array(days, pa.date32()), "number": pa.array(numbers, pa.int64())})
