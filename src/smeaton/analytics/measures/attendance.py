"""Measures from school attendance, per enrolment: one pupil at one school in a year.

The academic year measured is the one ending in the summer before the period's
reporting year ends (2023/24 for 31 March 2025). An enrolment's sessions are summed over
its terms; only pupils aged 5 to 15 on 31 August before the academic year, and
enrolments with sessions possible, count.
"""

from __future__ import annotations

import ibis

from smeaton.analytics.measures.breakdowns import band, ethnicity, sex
from smeaton.analytics.measures.data import Data, checked


def enrolments(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Enrolments of pupils aged 5 to 15 with sessions possible, counted by LA, academic
    year, breakdown and whether persistently or severely absent, with their sessions
    summed; for each period measuring that academic year.

    The three measures share this small summary, worked out once: it holds everything
    they count, so the enrolments themselves (millions of them) are never kept.
    """
    rows = data.keep(("enrolments", needs["attendance"]), lambda: _enrolments(data, needs))
    return rows.join(periods, rows.year == periods.academic_year)


def each_enrolment(data: Data, needs, characteristics: bool) -> ibis.Table:
    """One row per enrolment counted (a pupil at a school in a year), with its sessions,
    age, whether persistently or severely absent and, if asked, the pupil's codes."""
    rows = data.usable("attendance", needs)
    absent = rows.SessionsAuthorised + rows.SessionsUnauthorised
    codes = {"Sex": checked(rows, "Sex").max(),
             "Ethnicity": checked(rows, "Ethnicity").max()} if characteristics else {}
    rows = rows.group_by("la_code", "year", "PupilID", "URN").agg(
        possible=rows.SessionsPossible.sum(), absent=absent.sum(), DOB=rows.DOB.max(),
        **codes)
    # The age on 31 August before the academic year (ending in ``year``), which fixes
    # the cohort: born after 31 August, one less (age() with that day, written out).
    after_august = rows.DOB.month() * 100 + rows.DOB.day() > 831
    rows = rows.mutate(aged=rows.year - 1 - rows.DOB.year() - after_august.cast("int32"))
    rows = rows.filter(rows.possible > 0, rows.aged.between(5, 15))
    return rows.mutate(persistent=rows.absent * 10 >= rows.possible,  # 10% or more
                       severe=rows.absent * 2 >= rows.possible)  # 50% or more


def _enrolments(data: Data, needs) -> ibis.Table:
    rows = each_enrolment(data, needs, data.breakdowns)
    characteristics = ["Sex", "Ethnicity"] if data.breakdowns else []
    # Counted by the codes first, and labelled after: millions of enrolments, but only
    # thousands of combinations of codes to label.
    codes = ["la_code", "year", *characteristics, "aged", "persistent", "severe"]
    rows = rows.group_by(codes).agg(enrolments=rows.count(), possible=rows.possible.sum(),
                                    absent=rows.absent.sum())
    if not data.breakdowns:
        return rows
    rows = rows.mutate(by_sex=sex(rows.Sex), by_ethnicity=ethnicity(rows.Ethnicity),
                       by_age_band=band(rows.aged))
    return rows.group_by("la_code", "year", "by_sex", "by_ethnicity", "by_age_band",
                         "persistent", "severe").agg(
        enrolments=rows.enrolments.sum(), possible=rows.possible.sum(),
        absent=rows.absent.sum())


def overall_absence(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Sessions absent over sessions possible, summed over the enrolments."""
    rows = enrolments(data, periods, needs)
    return rows.mutate(numerator=rows.absent, denominator=rows.possible)


def persistent_absence(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Enrolments missing 10% or more of their sessions, of all enrolments."""
    rows = enrolments(data, periods, needs)
    return rows.mutate(numerator=ibis.ifelse(rows.persistent, rows.enrolments, 0),
                       denominator=rows.enrolments)


def severe_absence(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Enrolments missing 50% or more of their sessions, of all enrolments."""
    rows = enrolments(data, periods, needs)
    return rows.mutate(numerator=ibis.ifelse(rows.severe, rows.enrolments, 0),
                       denominator=rows.enrolments)


def overall_absence_units(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    return enrolments_counted(data, periods, needs, "absent")


def persistent_absence_units(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    return enrolments_counted(data, periods, needs, "persistent")


def severe_absence_units(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    return enrolments_counted(data, periods, needs, "severe")


def enrolments_counted(data: Data, periods: ibis.Table, needs, numerator: str) -> ibis.Table:
    """Each enrolment a measure counts, for listing the pupils behind a figure (the
    measures themselves count the summary): ``numerator`` is "absent" (sessions),
    "persistent" or "severe"."""
    rows = each_enrolment(data, needs, characteristics=True)
    rows = rows.join(periods, rows.year == periods.academic_year)
    rows = rows.mutate(by_sex=sex(rows.Sex), by_ethnicity=ethnicity(rows.Ethnicity),
                       by_age_band=band(rows.aged)).drop("Sex", "Ethnicity")
    if numerator == "absent":
        return rows.mutate(numerator=rows.absent, denominator=rows.possible)
    return rows.mutate(numerator=rows[numerator].cast("int64"),
                       denominator=ibis.literal(1, "int64"))
