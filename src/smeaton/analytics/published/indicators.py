"""The library of indicators that DfE publishes for every LA (DOMAIN.md section 3).

Each indicator says what it measures, which way is better, where it comes from and
for which period. Polarity follows LAIT's data dictionary, and a test holds them
together. Adding one is one entry here and one output in ``sources.py``.
"""

from dataclasses import dataclass

from smeaton.analytics.source import Source
from smeaton.years import year_label

HIGHER = "higher"
LOWER = "lower"
CONTEXT = "context"  # no better direction: shown for context, never given a target

# Children's Social Care National Framework outcomes and enablers.
FAMILIES = "Families stay together and get the help they need"
FAMILY_NETWORK = "Children are supported by their family network"
SAFE = "Children are safe in and outside their homes"
STABLE_HOMES = "Children in care and care leavers have stable, loving homes"
WORKFORCE = "Enabler: the workforce is equipped and effective"
EDUCATION = "Children achieve in education (local outcome)"

# What a period's year means, by how the indicator is counted.
AT_31_MARCH = "at 31 March"
YEAR_TO_MARCH = "year to 31 March"
AT_30_SEPTEMBER = "at 30 September"
ACADEMIC_YEAR = "academic year"
CALENDAR_YEAR = "calendar year"
WINTER_AVERAGE = "December to February average"


@dataclass(frozen=True)
class Indicator:
    slug: str
    title: str
    definition: str
    unit: str  # "%", "per 10,000 children", "score", "cases"
    polarity: str  # HIGHER, LOWER or CONTEXT
    outcome: str
    period: str
    source: str  # the publication, in the words DfE uses (Source.publication for a return's)
    decimals: int = 1
    lait_measure: str = ""  # the same figure's Short Desc in LAIT, for cross-checks

    @property
    def has_target(self) -> bool:
        return self.polarity != CONTEXT

    @property
    def better(self) -> str:
        """Which way is better, in words; "Context" when neither is."""
        return {HIGHER: "Higher is better", LOWER: "Lower is better"}.get(self.polarity,
                                                                          "Context")

    def period_label(self, year: int) -> str:
        """How the sector writes the period that ends in ``year``."""
        if self.period in (YEAR_TO_MARCH, ACADEMIC_YEAR):
            return year_label(year - 1)
        return str(year)


CLA = Source.SSDA903.publication
CIN = Source.CIN.publication
ABSENCE = Source.ATTENDANCE.publication
CSWW = "Children's social work workforce"

LIBRARY = (
    Indicator(
        "children-in-care-rate", "Children in care per 10,000",
        "Children looked after at 31 March per 10,000 children aged 0 to 17 (ONS mid-year "
        "population).", "per 10,000 children", CONTEXT, STABLE_HOMES, AT_31_MARCH, CLA,
        decimals=0, lait_measure="LAC",
    ),
    Indicator(
        "placement-moves", "Children in care with 3 or more placements in the year",
        "Children looked after at 31 March who had 3 or more placements during the year, as a "
        "percentage of all children looked after at 31 March.", "%", LOWER, STABLE_HOMES,
        YEAR_TO_MARCH, CLA, decimals=0, lait_measure="LACStable_2016on",
    ),
    Indicator(
        "long-term-stability", "Long-term placement stability",
        "Children under 16 at 31 March, looked after for at least 2.5 years, who have lived "
        "with the same carer for at least 2 years, as a percentage of all such children.",
        "%", HIGHER, STABLE_HOMES, AT_31_MARCH, CLA, decimals=0, lait_measure="LAC_LongStable%",
    ),
    Indicator(
        "care-leavers-eet", "Care leavers aged 19 to 21 in education, employment or training",
        "Care leavers aged 19 to 21 in education, employment or training around their "
        "birthday, as a percentage of all care leavers aged 19 to 21.", "%", HIGHER,
        STABLE_HOMES, YEAR_TO_MARCH, CLA, decimals=0, lait_measure="CareLeaverEET",
    ),
    Indicator(
        "care-leavers-accommodation", "Care leavers aged 19 to 21 in suitable accommodation",
        "Care leavers aged 19 to 21 whose accommodation was considered suitable, as a "
        "percentage of all care leavers aged 19 to 21.", "%", HIGHER, STABLE_HOMES,
        YEAR_TO_MARCH, CLA, decimals=0, lait_measure="CareLeaverAcc",
    ),
    Indicator(
        "referral-rate", "Referrals per 10,000",
        "Referrals to children's social care in the year per 10,000 children aged 0 to 17.",
        "per 10,000 children", CONTEXT, FAMILIES, YEAR_TO_MARCH, CIN,
        decimals=1, lait_measure="CPP_Total_Rateper10,000",
    ),
    Indicator(
        "re-referrals", "Re-referrals within 12 months",
        "Referrals in the year that came within 12 months of a previous referral of the same "
        "child, as a percentage of all referrals in the year.", "%", LOWER, FAMILIES,
        YEAR_TO_MARCH, CIN, lait_measure="ReReferral",
    ),
    Indicator(
        "assessments-45-days", "Assessments completed within 45 working days",
        "Assessments completed in the year within 45 working days of their start, as a "
        "percentage of all assessments completed in the year.", "%", HIGHER, FAMILIES,
        YEAR_TO_MARCH, CIN, lait_measure="Continue_Assess_Comp",
    ),
    Indicator(
        "cp-plan-rate", "Children on a child protection plan per 10,000",
        "Children who were the subject of a child protection plan at 31 March per 10,000 "
        "children aged 0 to 17.", "per 10,000 children", CONTEXT, SAFE, AT_31_MARCH, CIN,
        lait_measure="CPP_rate",
    ),
    Indicator(
        "cp-second-plan", "Child protection plans that are a second or subsequent plan",
        "Child protection plans started in the year for a child who had been the subject of "
        "a plan before, as a percentage of all plans started in the year.", "%", LOWER, SAFE,
        YEAR_TO_MARCH, CIN, lait_measure="PrevRegCPR",
    ),
    Indicator(
        "cp-two-years", "Child protection plans open for 2 years or more",
        "Child protection plans open at 31 March that had lasted 2 years or more, as a "
        "percentage of all plans open at 31 March (DfE table D5).", "%", LOWER, SAFE,
        AT_31_MARCH, CIN, lait_measure="CPPlans2yrsActive",
    ),
    Indicator(
        "ehcp-20-weeks", "New EHC plans issued within 20 weeks",
        "New education, health and care plans issued within 20 weeks of the request, "
        "including exceptions, as a percentage of all new plans issued in the calendar year.",
        "%", HIGHER, FAMILIES, CALENDAR_YEAR, "Education, health and care plans",
        lait_measure="SEN_EHC_All_20wks",
    ),
    Indicator(
        "overall-absence", "Overall absence",
        "Sessions missed through authorised and unauthorised absence, as a percentage of "
        "possible sessions, in state-funded schools.", "%", LOWER, EDUCATION, ACADEMIC_YEAR,
        ABSENCE, decimals=1, lait_measure="TotAbs",
    ),
    Indicator(
        "persistent-absence", "Persistent absence",
        "Pupil enrolments missing 10% or more of their possible sessions, as a percentage of "
        "all enrolments, in state-funded schools.", "%", LOWER, EDUCATION, ACADEMIC_YEAR,
        ABSENCE, decimals=1, lait_measure="TotPerAbNew",
    ),
    Indicator(
        "severe-absence", "Severe absence",
        "Pupil enrolments missing 50% or more of their possible sessions, as a percentage of "
        "all enrolments, in state-funded schools.", "%", LOWER, EDUCATION, ACADEMIC_YEAR,
        ABSENCE, decimals=1, lait_measure="TotSevPerAbNew",
    ),
    Indicator(
        "neet-not-known", "16 and 17 year olds not in education, employment or training, or "
        "not known", "Young people aged 16 and 17 who are NEET or whose activity is not known, "
        "as a percentage of those the LA knows about (December to February average).", "%",
        LOWER, EDUCATION, WINTER_AVERAGE, "Participation in education, employment or training "
        "(NCCIS)", lait_measure="16-17_not known_NEET",
    ),
    Indicator(
        "ks2-expected-standard", "Key stage 2: reading, writing and maths at the expected "
        "standard", "Pupils at the end of key stage 2 meeting the expected standard in reading, "
        "writing and maths, as a percentage of eligible pupils.", "%", HIGHER, EDUCATION,
        ACADEMIC_YEAR, "Key stage 2 attainment", decimals=0, lait_measure="KS2RWM_Expected_STD",
    ),
    Indicator(
        "attainment-8", "Key stage 4: average Attainment 8 score",
        "The mean Attainment 8 score of pupils at the end of key stage 4.", "score", HIGHER,
        EDUCATION, ACADEMIC_YEAR, "Key stage 4 performance", lait_measure="AVG_Attain8_Score",
    ),
    Indicator(
        "agency-social-workers", "Agency social workers",
        "Agency children and family social workers (FTE) at 30 September, as a percentage of "
        "agency and employed social workers (FTE).", "%", LOWER, WORKFORCE, AT_30_SEPTEMBER,
        CSWW, lait_measure="Work_Force_Agecy_Rate",
    ),
    Indicator(
        "social-worker-turnover", "Social worker turnover",
        "Social workers (FTE) who left in the year to 30 September, as a percentage of social "
        "workers (FTE) in post at 30 September.", "%", LOWER, WORKFORCE, AT_30_SEPTEMBER, CSWW,
        lait_measure="Work_Force_TO_Rate",
    ),
    Indicator(
        "social-worker-vacancies", "Social worker vacancy rate",
        "Vacant social worker posts (FTE) at 30 September, as a percentage of vacancies and "
        "social workers in post (FTE).", "%", LOWER, WORKFORCE, AT_30_SEPTEMBER, CSWW,
        lait_measure="Work_Force_Vac_Rate",
    ),
    Indicator(
        "caseload", "Average caseload",
        "Cases held at 30 September per case-holding children and family social worker (FTE).",
        "cases", LOWER, WORKFORCE, AT_30_SEPTEMBER, CSWW, lait_measure="Work_Force_AvgNumCase_SW",
    ),
)

BY_SLUG = {indicator.slug: indicator for indicator in LIBRARY}
