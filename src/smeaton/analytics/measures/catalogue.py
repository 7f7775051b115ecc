"""The catalogue: every measure Smeaton computes from child-level returns, declared once.

Each entry says what the measure is in plain English, how it is counted, which way is
better, where it comes from, which National Framework outcome it serves, the published
indicator it corresponds to and how DfE's method differs, the fields it needs (a row
that failed a check on one of them is left out and counted), its breakdowns and its
Ibis expression. The definitions are Smeaton's MEASURES.md. Adding a measure is one
entry here and, unless it is a rate of a count already here, one expression function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from smeaton.analytics.measures import attendance, children_in_need, looked_after
from smeaton.analytics.measures.breakdowns import AGE_BAND, DISABILITY, ETHNICITY, SEX, Breakdown
from smeaton.analytics.published.indicators import (
    CONTEXT,
    EDUCATION,
    FAMILIES,
    HIGHER,
    LOWER,
    SAFE,
    STABLE_HOMES,
)
from smeaton.analytics.source import Source

COUNT = "count"
PERCENT = "%"
RATE = "per 10,000 children"

CARE_BREAKDOWNS = (SEX, ETHNICITY, AGE_BAND)
NEED_BREAKDOWNS = (SEX, ETHNICITY, AGE_BAND, DISABILITY)

# How the figures differ from DfE's, whatever the measure: said once, shown with each.
ONE_RETURN = ("DfE counts from each year's return as it was submitted; Smeaton uses every "
              "return stored, the latest return's row winning, so later corrections count.")
CARE_LEAVERS = ("care leavers aged 19, 20 or 21 on their birthday in the period, except "
                "those who died or returned home")
BIRTH_MONTH = "Birthdays come from the month of birth only (the first of the month). "
SCHOOL_CENSUS = ("DfE publishes the academic year from the school census of every school in "
                 "the area; Smeaton counts the attendance returns the council has loaded.")
ABSENCE_NEEDS = {"attendance": ("DOB", "SessionsPossible", "SessionsAuthorised",
                                "SessionsUnauthorised")}


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    definition: str  # plain English, for anyone reading a report
    numerator: str
    denominator: str  # blank for a count
    unit: str  # COUNT, PERCENT or RATE
    polarity: str  # HIGHER, LOWER or CONTEXT
    source: Source
    outcome: str  # the Children's Social Care National Framework outcome it serves
    needs: dict[str, tuple[str, ...]]  # stored table: the fields a row must have passed
    expression: Callable | None = None  # (Data, periods, needs) -> rows to sum
    rate_of: str = ""  # a rate per 10,000 divides this count measure by the population
    breakdowns: tuple[Breakdown, ...] = ()
    published: str = ""  # the slug of the published indicator it corresponds to
    differs: str = ""  # how DfE's method differs
    # Each unit counted, for listing the children behind a figure, where ``expression``
    # counts a summary instead (attendance's millions of enrolments).
    units: Callable | None = None

    @property
    def is_percentage(self) -> bool:
        return self.unit == PERCENT


CATALOGUE: tuple[Measure, ...] = (
    Measure(
        "cla_at_end", "Children looked after at the end of the period",
        "Children who were looked after at the end of the last day of the period, counted "
        "once each. Short breaks are not counted.",
        "children with an episode of care open at the period end", "", COUNT, CONTEXT,
        Source.SSDA903, STABLE_HOMES, {"episodes": ("DECOM", "DEC", "LS")},
        looked_after.cla_at_end, breakdowns=CARE_BREAKDOWNS,
        differs=ONE_RETURN),
    Measure(
        "cla_rate", "Children looked after per 10,000 children",
        "Children looked after at the end of the period for every 10,000 children aged 0 "
        "to 17 living in the area (ONS mid-year estimate).",
        "children looked after at the period end", "ONS mid-year population aged 0 to 17",
        RATE, CONTEXT, Source.SSDA903, STABLE_HOMES, {"episodes": ("DECOM", "DEC", "LS")},
        rate_of="cla_at_end", published="children-in-care-rate", differs=ONE_RETURN),
    Measure(
        "cla_starts", "Children who started to be looked after",
        "Children who started to be looked after during the period, counted once each "
        "however many times they started.",
        "children with an episode starting care (RNE S) in the period", "", COUNT, CONTEXT,
        Source.SSDA903, STABLE_HOMES, {"episodes": ("DECOM", "RNE", "LS")},
        looked_after.cla_starts, breakdowns=CARE_BREAKDOWNS, differs=ONE_RETURN),
    Measure(
        "cla_ceased", "Children who ceased to be looked after",
        "Children who stopped being looked after during the period, counted once each.",
        "children with an episode ending in the period other than by a change of episode "
        "(REC X1)", "", COUNT, CONTEXT, Source.SSDA903, STABLE_HOMES,
        {"episodes": ("DEC", "REC", "LS")}, looked_after.cla_ceased,
        breakdowns=CARE_BREAKDOWNS, differs=ONE_RETURN),
    Measure(
        "placements_3plus", "Children looked after with 3 or more placements in the period",
        "Of the children looked after at the period end, the percentage who lived in 3 or "
        "more placements during the period. Temporary placements and placements of under "
        "24 hours are not counted.",
        "children looked after at the period end with 3 or more placements in the period",
        "children looked after at the period end", PERCENT, LOWER, Source.SSDA903, STABLE_HOMES,
        {"episodes": ("DECOM", "DEC", "LS", "RNE", "PLACE")}, looked_after.placements_3plus,
        breakdowns=CARE_BREAKDOWNS, published="placement-moves",
        differs="DfE's own processing decides which placements count; here a temporary "
                "placement or one under 24 hours never does. " + ONE_RETURN),
    Measure(
        "long_term_stability", "Long-term placement stability",
        "Of children under 16 looked after at the period end who had been in care for at "
        "least two and a half years, the percentage who had lived with the same carer for "
        "at least two years (a placement for adoption with them counts as the same carer).",
        "those whose current carer started on or before the period end minus 2 years",
        "children under 16 looked after at the period end whose current period of care "
        "started on or before the period end minus 2 years 6 months", PERCENT, HIGHER,
        Source.SSDA903, STABLE_HOMES,
        {"episodes": ("DECOM", "DEC", "LS", "RNE", "PLACE"), "header": ("DOB",)},
        looked_after.long_term_stability, breakdowns=CARE_BREAKDOWNS,
        published="long-term-stability",
        differs="Ages come from the month of birth only (dates of birth are stored as the "
                "first of the month). " + ONE_RETURN),
    Measure(
        "care_leavers_eet", "Care leavers aged 19 to 21 in education, employment or training",
        "Of care leavers who turned 19, 20 or 21 during the period, the percentage in "
        "education, employment or training around their birthday. Those the council has "
        "no information about stay in the count of all care leavers.",
        "care leavers whose activity is education, employment or training (ACTIV F or P)",
        CARE_LEAVERS, PERCENT, HIGHER, Source.SSDA903, STABLE_HOMES,
        {"oc3": ("DOB", "IN_TOUCH", "ACTIV")}, looked_after.care_leavers_eet,
        breakdowns=(SEX, ETHNICITY), published="care-leavers-eet",
        differs=BIRTH_MONTH + ONE_RETURN),
    Measure(
        "care_leavers_suitable", "Care leavers aged 19 to 21 in suitable accommodation",
        "Of care leavers who turned 19, 20 or 21 during the period, the percentage whose "
        "accommodation was suitable.",
        "care leavers in suitable accommodation (ACCOM ending 1)",
        CARE_LEAVERS, PERCENT, HIGHER, Source.SSDA903, STABLE_HOMES,
        {"oc3": ("DOB", "IN_TOUCH", "ACCOM")}, looked_after.care_leavers_suitable,
        breakdowns=(SEX, ETHNICITY), published="care-leavers-accommodation",
        differs=BIRTH_MONTH + ONE_RETURN),
    Measure(
        "referrals", "Referrals to children's social care",
        "Referrals received during the period. A child referred twice counts twice.",
        "referrals (CINdetails) with a referral date in the period", "", COUNT, CONTEXT, Source.CIN,
        FAMILIES, {"cin_details": ("CINreferralDate",)}, children_in_need.referrals,
        breakdowns=NEED_BREAKDOWNS, differs=ONE_RETURN),
    Measure(
        "rereferral_12m", "Re-referrals within 12 months",
        "Of referrals received during the period, the percentage for a child who had been "
        "referred before within the previous 12 months.",
        "referrals with an earlier referral of the same child on or after the date one "
        "year before", "referrals in the period", PERCENT, LOWER, Source.CIN, FAMILIES,
        {"cin_details": ("CINreferralDate",)}, children_in_need.rereferral_12m,
        breakdowns=NEED_BREAKDOWNS, published="re-referrals", differs=ONE_RETURN),
    Measure(
        "assessments_45wd", "Assessments completed within 45 working days",
        "Of assessments completed (authorised) during the period, the percentage completed "
        "within 45 working days of their start.",
        "assessments authorised within 45 working days of their start",
        "assessments authorised in the period", PERCENT, HIGHER, Source.CIN, FAMILIES,
        {"cin_assessments": ("AssessmentActualStartDate", "AssessmentAuthorisationDate")},
        children_in_need.assessments_45wd, breakdowns=NEED_BREAKDOWNS,
        published="assessments-45-days", differs=ONE_RETURN),
    Measure(
        "cpp_2yrs_ended", "Child protection plans ending after 2 years or more",
        "Of child protection plans that ended during the period, the percentage that had "
        "lasted two years or more.",
        "plans ending on or after their start date plus 2 years", "plans ending in the period",
        PERCENT, LOWER, Source.CIN, SAFE, {"cin_cp_plans": ("CPPstartDate", "CPPendDate")},
        children_in_need.cpp_2yrs_ended, breakdowns=NEED_BREAKDOWNS, differs=ONE_RETURN),
    Measure(
        "cpp_2yrs_open", "Child protection plans open for 2 years or more",
        "Of child protection plans open at the period end, the percentage that had been "
        "open for two years or more.",
        "plans that started on or before the period end minus 2 years",
        "plans open at the period end", PERCENT, LOWER, Source.CIN, SAFE,
        {"cin_cp_plans": ("CPPstartDate", "CPPendDate")}, children_in_need.cpp_2yrs_open,
        breakdowns=NEED_BREAKDOWNS, published="cp-two-years",
        differs="This is DfE's table D5 measure. " + ONE_RETURN),
    Measure(
        "cpp_subsequent", "Child protection plans that are a second or subsequent plan",
        "Of child protection plans that started during the period, the percentage for a "
        "child who had been on a plan before.",
        "plans with a previous plan (NumberOfPreviousCPP 1 or more, or an earlier plan in "
        "any stored return)", "plans starting in the period", PERCENT, LOWER, Source.CIN, SAFE,
        {"cin_cp_plans": ("CPPstartDate", "NumberOfPreviousCPP")},
        children_in_need.cpp_subsequent, breakdowns=NEED_BREAKDOWNS,
        published="cp-second-plan",
        differs="DfE counts any previous plan, however long ago, from its own records of "
                "earlier years. " + ONE_RETURN),
    Measure(
        "cpp_at_end", "Children on a child protection plan at the end of the period",
        "Children who were the subject of a child protection plan at the end of the "
        "period, counted once each.",
        "children with a plan open at the period end", "", COUNT, CONTEXT, Source.CIN, SAFE,
        {"cin_cp_plans": ("CPPstartDate", "CPPendDate")}, children_in_need.cpp_at_end,
        breakdowns=NEED_BREAKDOWNS, differs=ONE_RETURN),
    Measure(
        "cpp_rate", "Children on a child protection plan per 10,000 children",
        "Children on a child protection plan at the end of the period for every 10,000 "
        "children aged 0 to 17 living in the area (ONS mid-year estimate).",
        "children on a plan at the period end", "ONS mid-year population aged 0 to 17", RATE,
        CONTEXT, Source.CIN, SAFE, {"cin_cp_plans": ("CPPstartDate", "CPPendDate")},
        rate_of="cpp_at_end", published="cp-plan-rate", differs=ONE_RETURN),
    Measure(
        "absence_overall", "Overall absence",
        "School sessions missed through authorised and unauthorised absence, as a "
        "percentage of the sessions pupils aged 5 to 15 could have attended.",
        "sessions absent, authorised and unauthorised", "sessions possible", PERCENT, LOWER,
        Source.ATTENDANCE, EDUCATION,
        ABSENCE_NEEDS,
        attendance.absence_overall, breakdowns=(SEX, ETHNICITY, AGE_BAND),
        units=partial(attendance.enrolments_counted, numerator="absent"),
        published="overall-absence",
        differs=SCHOOL_CENSUS),
    Measure(
        "absence_persistent", "Persistent absence",
        "Of pupils' enrolments at a school in the academic year, the percentage missing 10% "
        "or more of their possible sessions.",
        "enrolments with sessions absent 10% or more of sessions possible", "enrolments",
        PERCENT, LOWER, Source.ATTENDANCE, EDUCATION,
        ABSENCE_NEEDS,
        attendance.absence_persistent, breakdowns=(SEX, ETHNICITY, AGE_BAND),
        units=partial(attendance.enrolments_counted, numerator="persistent"),
        published="persistent-absence",
        differs=SCHOOL_CENSUS),
    Measure(
        "absence_severe", "Severe absence",
        "Of pupils' enrolments at a school in the academic year, the percentage missing half "
        "or more of their possible sessions.",
        "enrolments with sessions absent 50% or more of sessions possible", "enrolments",
        PERCENT, LOWER, Source.ATTENDANCE, EDUCATION,
        ABSENCE_NEEDS,
        attendance.absence_severe, breakdowns=(SEX, ETHNICITY, AGE_BAND),
        units=partial(attendance.enrolments_counted, numerator="severe")),
)

BY_ID = {measure.id: measure for measure in CATALOGUE}
