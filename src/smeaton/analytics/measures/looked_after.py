"""Measures from SSDA903: children looked after, their placements and care leavers.

Each function takes the store's tables (``Data``), the periods table and the fields the
measure needs, and returns rows for each LA and period end whose ``numerator`` and
``denominator`` add up to the measure's (for a count, the numerator alone matters):
here one row per child or episode counted, with the labels of the measure's
breakdowns. Short breaks (LS V3, V4) are left out of every one.
"""

from __future__ import annotations

import ibis

from smeaton.analytics.measures.breakdowns import age, age_band, ethnicity, sex
from smeaton.analytics.measures.data import Data, attach, checked, counted
from smeaton.analytics.measures.periods import in_period

SHORT_BREAKS = ("V3", "V4")
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
FOR_ADOPTION = ("A3", "A4", "A5", "A6")
NEW_PLACEMENT = ("S", "P", "T", "U", "B")
NEW_CARER = ("S", "P", "B")
EDUCATION_OR_WORK = ("F", "P")  # ACTIV codes starting with these
NOT_ASKED = ("DIED", "RHOM")  # IN_TOUCH: died, or returned home for 6 months or more


def episodes(data: Data, needs: tuple[str, ...]) -> ibis.Table:
    usable = data.usable("episodes", needs)
    return usable.filter(~usable.LS.isin(SHORT_BREAKS).fill_null(False))


def open_at(rows: ibis.Table, periods: ibis.Table) -> ibis.Table:
    """Episodes open at the end of each period (DECOM <= E < DEC), one row per period."""
    return rows.join(periods, (rows.DECOM <= periods.period_end)
                     & (rows.DEC.isnull() | (rows.DEC > periods.period_end)))


def with_child(data: Data, rows: ibis.Table, on: str, needed: bool = False) -> ibis.Table:
    """Rows with the child's sex, ethnicity, date of birth and age band on the date in
    column ``on``: for the breakdowns, or because the measure ``needed`` them."""
    if not (data.breakdowns or needed):
        return rows
    rows = attach(rows, data.keep("looked after children", lambda: _children(data)),
                  ["la_code", "CHILD"])
    return rows.mutate(by_sex=rows.by_sex.fill_null("Not known"),
                       by_ethnicity=rows.by_ethnicity.fill_null("Not known"),
                       by_age_band=age_band(rows.DOB, rows[on]))


def _children(data: Data) -> ibis.Table:
    header = data.records("header")
    return header.select("la_code", "CHILD", by_sex=sex(checked(header, "SEX")),
                         by_ethnicity=ethnicity(checked(header, "ETHNIC")),
                         DOB=checked(header, "DOB"))


def children_at_end(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Each child with an episode open at E, once."""
    rows = open_at(episodes(data, needs), periods)
    return rows.select("la_code", "CHILD", "period_end").distinct()


def children_in_care(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    return with_child(data, counted(children_at_end(data, periods, needs)), "period_end")


def children_starting_care(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Each child who started to be looked after in the period, aged at their first start."""
    rows = episodes(data, needs)
    rows = rows.filter(rows.RNE == "S")
    rows = rows.join(periods, in_period(rows.DECOM, periods))
    rows = rows.group_by("la_code", "CHILD", "period_end").agg(started=rows.DECOM.min())
    return with_child(data, counted(rows), "started")


def children_ceasing_care(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Each child who ceased to be looked after in the period, aged at their last end."""
    rows = episodes(data, needs)
    rows = rows.filter(rows.REC.isnull() | (rows.REC != "X1"))
    rows = rows.join(periods, in_period(rows.DEC, periods))
    rows = rows.group_by("la_code", "CHILD", "period_end").agg(ceased=rows.DEC.max())
    return with_child(data, counted(rows), "ceased")


def placement_moves(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Of children looked after at E, those with 3 or more placements in the period.

    Episodes overlapping the period count, except temporary placements (T0-T4) and
    those under 24 hours (DEC = DECOM): the first counts 1, and each later one 1 when
    it starts a new placement (RNE S, P, T, U or B: a return to care is a new one).
    """
    rows = episodes(data, needs)
    rows = rows.join(periods, (rows.DECOM <= periods.period_end)
                     & (rows.DEC.isnull() | (rows.DEC > periods.period_start)))
    rows = rows.filter(~rows.PLACE.isin(TEMPORARY).fill_null(False),
                       ~(rows.DEC == rows.DECOM).fill_null(False))
    order = ibis.window(group_by=["la_code", "CHILD", "period_end"], order_by="DECOM")
    rows = rows.mutate(first=ibis.row_number().over(order) == 0)
    placements = rows.group_by("la_code", "CHILD", "period_end").agg(
        placements=(rows.first | rows.RNE.isin(NEW_PLACEMENT)).cast("int64").sum())
    children = attach(children_at_end(data, periods, needs), placements,
                      ["la_code", "CHILD", "period_end"])
    children = counted(children, children.placements.fill_null(0) >= 3)
    return with_child(data, children, "period_end")


def long_term_stability(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    """Of children looked after at E, under 16, whose current period of care started on
    or before E minus 2 years 6 months: those whose current carer started on or before
    E minus 2 years.
    """
    rows = _periods_of_care(episodes(data, needs))
    current = open_at(rows, periods).select(
        "la_code", "CHILD", "period_end", "minus_2y", "minus_2y6m", "care_period",
        "care_started")
    carers = rows.filter(rows.RNE.isin(NEW_CARER))
    before = ibis.window(group_by=["la_code", "CHILD", "care_period"], order_by="DECOM")
    # A placement for adoption keeps the start of the carer episode before it.
    carers = carers.mutate(carer_started=ibis.ifelse(
        carers.PLACE.isin(FOR_ADOPTION) & carers.DECOM.lag().over(before).notnull(),
        carers.DECOM.lag().over(before), carers.DECOM))
    latest = current.join(carers, ["la_code", "CHILD", "care_period"]).filter(
        lambda t: t.DECOM <= t.period_end)
    latest = latest.group_by("la_code", "CHILD", "period_end").agg(
        carer_started=latest.carer_started.argmax(latest.DECOM))
    current = attach(current, latest, ["la_code", "CHILD", "period_end"])
    current = with_child(data, current, "period_end", needed=True)  # under 16 at E
    current = current.filter(current.DOB.notnull(), age(current.DOB, current.period_end) < 16,
                             current.care_started <= current.minus_2y6m)
    carer_started = current.carer_started.fill_null(current.care_started)
    return counted(current, carer_started <= current.minus_2y)


def _periods_of_care(rows: ibis.Table) -> ibis.Table:
    """Episodes numbered by their child's period of care: a run of episodes joined end to
    start (one's DEC is the next one's DECOM), with the date the run started."""
    order = ibis.window(group_by=["la_code", "CHILD"], order_by="DECOM")
    rows = rows.mutate(new=(rows.DEC.lag().over(order) != rows.DECOM).fill_null(True))
    rows = rows.mutate(care_period=rows.new.cast("int64").cumsum().over(order))
    run = ibis.window(group_by=["la_code", "CHILD", "care_period"])
    return rows.mutate(care_started=rows.DECOM.min().over(run))


def care_leavers(data: Data, periods: ibis.Table, needs, column: str,
                 good: tuple[str, ...], at_end: bool) -> ibis.Table:
    """OC3 rows of young people aged 19, 20 or 21 on their birthday in the period, from
    the return that covers that birthday, leaving out those who died or returned home."""
    rows = data.usable("oc3", needs)
    rows = rows.join(periods, rows.DOB <= periods.period_end)
    turned = age(rows.DOB, rows.period_end)
    rows = rows.mutate(turned=turned, birthday=rows.DOB + turned.as_interval("Y"))
    collected = rows.birthday.year() + (rows.birthday.month() >= 4).cast("int32")
    rows = rows.filter(rows.turned.isin((19, 20, 21)), rows.year == collected,
                       ~rows.IN_TOUCH.isin(NOT_ASKED).fill_null(False))
    value = rows[column].fill_null("")
    matches = ibis.or_(*((value.endswith(code) if at_end else value.startswith(code))
                         for code in good))
    return with_child(data, counted(rows.drop("DOB"), matches), "birthday")


def care_leavers_eet(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    return care_leavers(data, periods, needs, "ACTIV", EDUCATION_OR_WORK, at_end=False)


def care_leavers_accommodation(data: Data, periods: ibis.Table, needs) -> ibis.Table:
    return care_leavers(data, periods, needs, "ACCOM", ("1",), at_end=True)
