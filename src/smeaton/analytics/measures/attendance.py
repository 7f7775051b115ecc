"""Measures from school attendance, per enrolment: one pupil at one school in a year.

The academic year measured is the one ending in the summer before the period's
reporting year ends (2023/24 for 31 March 2025). An enrolment's sessions are summed over
its terms; only pupils aged 5 to 15 on 31 August before the academic year, and
enrolments with sessions possible, count.
"""

from __future__ import annotations

import ibis

from smeaton.analytics.measures.breakdowns import age, age_band, ethnicity, sex
from smeaton.analytics.measures.data import Data, checked


def enrolments(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Each enrolment of a pupil aged 5 to 15 with sessions possible, for each period
    measuring its academic year. The enrolments are worked out once, by academic year,
    for the three measures (and all the periods) that share them."""
    rows = data.keep(("enrolments", needs["attendance"]), lambda: _enrolments(data, needs))
    return rows.join(periods, rows.year == periods.academic_year)


def _enrolments(data: Data, needs) -> ibis.Table:
    rows = data.usable("attendance", needs)
    absent = rows.SessionsAuthorised + rows.SessionsUnauthorised
    rows = rows.group_by("la_code", "year", "PupilID", "URN").agg(
        possible=rows.SessionsPossible.sum(), absent=absent.sum(), DOB=rows.DOB.max(),
        Sex=checked(rows, "Sex").max(), Ethnicity=checked(rows, "Ethnicity").max())
    # 31 August before the academic year: the cohort's ages are fixed on that day.
    cohort_day = ibis.date(rows.year - 1, 8, 31)
    rows = rows.filter(rows.possible > 0, age(rows.DOB, cohort_day).between(5, 15))
    return rows.select("la_code", "year", "possible", "absent",
                       by_sex=sex(rows.Sex), by_ethnicity=ethnicity(rows.Ethnicity),
                       by_age_band=age_band(rows.DOB, cohort_day),
                       denominator=ibis.literal(1, "int64"))


def absence_overall(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Sessions absent over sessions possible: each enrolment's sessions, summed."""
    rows = enrolments(data, periods, needs)
    return rows.mutate(numerator=rows.absent, denominator=rows.possible)


def absence_persistent(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Enrolments missing 10% or more of their sessions (absent x 10 >= possible)."""
    rows = enrolments(data, periods, needs)
    return rows.mutate(numerator=(rows.absent * 10 >= rows.possible).cast("int64"))


def absence_severe(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Enrolments missing 50% or more of their sessions (absent x 2 >= possible)."""
    rows = enrolments(data, periods, needs)
    return rows.mutate(numerator=(rows.absent * 2 >= rows.possible).cast("int64"))
