"""The indicator registry: every indicator Smeaton knows, declared once.

An indicator is one figure the plan is measured by. It may be published by DfE for
every LA (``published``: which publication, and the same figure's name in LAIT), computed
from the council's own child-level returns (``computed``: what it counts, out of what,
from which return, with which breakdowns and how DfE's method differs), or both, as in
dbt's semantic layer, where a metric is declared once whatever feeds it. A few are
recorded in Smeaton itself (``recorded``: the grades of the council's case-file audits),
and kept, like computed figures, for the 12 months to each month end. Whichever it
is, it has one slug, one title and one definition, a unit, a polarity, a National
Framework outcome and a period, so that targets, RAG and links to the plan work the
same for every indicator.

Plain data, cheap to import: the web room reads it on every page. A computed
indicator's Ibis expression is the function named after its slug (hyphens as
underscores) in its source's module of ``smeaton.analytics.measures``
(``looked_after``, ``children_in_need`` or ``attendance``); a rate per 10,000 names the
count it divides instead (``rate_of``). Polarity follows LAIT's data dictionary, and the
computed definitions are Smeaton's (docs/measures.md). Adding an indicator is one entry
here and, for a published one, one output in ``published/sources.py``; for a computed
one, its expression function, unless it is a rate of a count already here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from smeaton.analytics.source import Source
from smeaton.years import collection_year, year_label


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "%"
    RATE = "per 10,000 children"  # of the ONS mid-year population aged 0 to 17
    SCORE = "score"
    CASES = "cases"


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    CONTEXT = "context"  # no better direction: shown for context, never given a target


class PeriodKind(StrEnum):
    """What the figure for a year Y is, as DfE counts it and as targets are set."""

    AT_31_MARCH = "at 31 March"
    YEAR_TO_MARCH = "year to 31 March"
    AT_30_SEPTEMBER = "at 30 September"
    ACADEMIC_YEAR = "academic year"
    CALENDAR_YEAR = "calendar year"
    WINTER_AVERAGE = "December to February average"

    def label(self, year: int) -> str:
        """How the sector writes the period that ends in ``year``: 2024-25 or 2025."""
        if self in (PeriodKind.YEAR_TO_MARCH, PeriodKind.ACADEMIC_YEAR):
            return year_label(year - 1)
        return str(year)


class Outcome(StrEnum):
    """The Children's Social Care National Framework's outcomes and enablers."""

    FAMILIES = "Families stay together and get the help they need"
    FAMILY_NETWORK = "Children are supported by their family network"
    SAFE = "Children are safe in and outside their homes"
    STABLE_HOMES = "Children in care and care leavers have stable, loving homes"
    WORKFORCE = "Enabler: the workforce is equipped and effective"
    EDUCATION = "Children achieve in education (local outcome)"


class Publication(StrEnum):
    """DfE's statistics, in the words DfE uses; a return's own are Source.publication."""

    CHILDREN_LOOKED_AFTER = Source.SSDA903.publication
    CHILDREN_IN_NEED = Source.CIN.publication
    PUPIL_ABSENCE = Source.ATTENDANCE.publication
    EHC_PLANS = "Education, health and care plans"
    PARTICIPATION = "Participation in education, employment or training (NCCIS)"
    KEY_STAGE_2 = "Key stage 2 attainment"
    KEY_STAGE_4 = "Key stage 4 performance"
    WORKFORCE = "Children's social work workforce"


NOT_KNOWN = "Not known"


@dataclass(frozen=True)
class Breakdown:
    """A way a computed figure is broken down, and every group it can take, so that every
    LA and period gets the same rows, zeros included."""

    title: str  # as written in the measures' breakdown column
    column: str  # the column of a measure's rows that holds the group (not a return's
    # own column name in any case: DuckDB's names ignore case, and CIN has "Sex")
    values: tuple[str, ...]


SEX = Breakdown("Sex", "by_sex", ("Male", "Female", NOT_KNOWN))
ETHNICITY = Breakdown("Ethnicity", "by_ethnicity", (
    "White", "Mixed", "Asian", "Black", "Other", "Refused or not obtained", NOT_KNOWN))
AGE_BAND = Breakdown("Age band", "by_age_band", (
    "Under 1", "1-4", "5-9", "10-15", "16 and over", NOT_KNOWN))
DISABILITY = Breakdown("Disability", "by_disability", ("Disabled", "Not disabled"))
# Where an audited child's case sat when the sample was drawn (audits.models.Service).
SERVICE = Breakdown("Service", "by_service", (
    "Child in need", "Child protection", "Child looked after", "Care leaver"))


@dataclass(frozen=True, kw_only=True)
class Published:
    """DfE publishes the figure for every English LA."""

    publication: Publication
    lait_measure: str  # the same figure's Short Desc in LAIT, for cross-checks


@dataclass(frozen=True, kw_only=True)
class Computed:
    """Smeaton computes the figure from the council's own returns (``smeaton measures``)."""

    source: Source  # the return it is counted from
    numerator: str
    denominator: str = ""  # blank for a count
    needs: Mapping[str, tuple[str, ...]]  # stored table: the fields a row must have passed
    rate_of: str = ""  # a rate per 10,000 divides this count indicator by the population
    breakdowns: tuple[Breakdown, ...] = ()
    differs: str = ""  # how DfE's method differs
    # False when one child makes many of what is counted (school sessions): an interval
    # from the count would claim a precision the figure does not have, so the figure
    # has none, and its groups are never flagged as differing.
    counts_children: bool = True

    @property
    def heading(self) -> str:
        return self.source.label

    @property
    def origin(self) -> str:
        """Where the figures come from, in a sentence: "from the council's ..."."""
        return f"the council's own {self.source.label} returns"

    @property
    def awaiting(self) -> str:
        """Why there is no figure yet, and when there will be."""
        return f"computed from {self.origin} once they are loaded"


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """Smeaton keeps the figure from what people record in it: no return, no DfE figure.
    The app that keeps the records keeps the figures (the case-file audits' audits/figures.py)."""

    records: str  # what is recorded, as a heading names it: "Case-file audits"
    numerator: str
    denominator: str = ""
    breakdowns: tuple[Breakdown, ...] = ()
    rate_of: str = ""  # never a rate of a population
    differs: str = ""  # nothing published to differ from
    counts_children: bool = True  # one audit is one child's case file

    @property
    def heading(self) -> str:
        return self.records

    @property
    def origin(self) -> str:
        """Where the figures come from, in a sentence: "from the council's ..."."""
        return f"the council's {self.records.lower()}, recorded in Smeaton"

    @property
    def awaiting(self) -> str:
        """Why there is no figure yet, and when there will be."""
        return f"kept from {self.origin}, once some are completed"


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One figure the plan is measured by: published by DfE, computed, or both."""

    slug: str  # its one name: in URLs, the database and the measures' output
    title: str
    definition: str  # plain English, for anyone reading a page or a report
    unit: Unit
    polarity: Polarity
    outcome: Outcome
    period: PeriodKind  # what a year's figure is: published figures and targets are by year
    decimals: int = 1  # as DfE publishes it, and as pages show it
    published: Published | None = None
    computed: Computed | None = None
    recorded: Recorded | None = None

    def __post_init__(self):
        if self.published is None and self.computed is None and self.recorded is None:
            raise ValueError(f"{self.slug} is neither published, computed nor recorded")
        if self.computed is not None and self.recorded is not None:
            raise ValueError(f"{self.slug} is both computed and recorded: it has one origin")

    @property
    def own(self) -> Computed | Recorded | None:
        """How the council's own figure is made, month by month: computed from its
        returns or recorded in Smeaton; None if DfE's published figure is its only one."""
        return self.computed or self.recorded

    @property
    def has_target(self) -> bool:
        return self.polarity != Polarity.CONTEXT

    @property
    def better(self) -> str:
        """Which way is better, in words; "Context" when neither is."""
        return {Polarity.HIGHER: "Higher is better",
                Polarity.LOWER: "Lower is better"}.get(self.polarity, "Context")

    def period_label(self, year: int) -> str:
        return self.period.label(year)

    def year_of(self, period_end: date) -> int:
        """The year whose target and published figure a computed figure for the 12
        months to ``period_end`` stands beside: the reporting year the end falls in, or,
        for attendance, measured by the academic year, the academic year before it
        (31 March 2025 counts 2023/24, DfE's 2024)."""
        year = collection_year(period_end)
        return year - 1 if self.period == PeriodKind.ACADEMIC_YEAR else year


# Said once, shown with each computed figure it concerns.
ONE_RETURN = ("DfE counts from each year's return as it was submitted; Smeaton uses every "
              "return stored, the latest return's row winning, so later corrections count.")
CARE_LEAVERS = ("care leavers aged 19, 20 or 21 on their birthday in the period, except "
                "those who died or returned home")
BIRTH_MONTH = "Birthdays come from the month of birth only (the first of the month). "
SCHOOL_CENSUS = ("DfE publishes the academic year from the school census of every school in "
                 "the area; Smeaton counts the attendance returns the council has loaded.")
POPULATION = "ONS mid-year population aged 0 to 17"

CHARACTERISTICS = (SEX, ETHNICITY, AGE_BAND)
WITH_DISABILITY = (*CHARACTERISTICS, DISABILITY)  # the CIN census records disabilities
IN_CARE = {"episodes": ("DECOM", "DEC", "LS")}
PLACEMENTS = {"episodes": ("DECOM", "DEC", "LS", "RNE", "PLACE")}
PLANS = {"cin_cp_plans": ("CPPstartDate", "CPPendDate")}
REFERRALS = {"cin_details": ("CINreferralDate",)}
ABSENCE = {"attendance": ("DOB", "SessionsPossible", "SessionsAuthorised",
                          "SessionsUnauthorised")}

REGISTRY: tuple[Indicator, ...] = (
    Indicator(
        slug="children-in-care", title="Children looked after at the end of the period",
        definition="Children who were looked after at the end of the last day of the "
                   "period, counted once each. Short breaks are not counted.",
        unit=Unit.COUNT, polarity=Polarity.CONTEXT, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.AT_31_MARCH, decimals=0,
        computed=Computed(
            source=Source.SSDA903,
            numerator="children with an episode of care open at the period end",
            needs=IN_CARE, breakdowns=CHARACTERISTICS, differs=ONE_RETURN),
    ),
    Indicator(
        slug="children-in-care-rate", title="Children in care per 10,000",
        definition="Children looked after at the end of the period for every 10,000 "
                   "children aged 0 to 17 living in the area (ONS mid-year estimate).",
        unit=Unit.RATE, polarity=Polarity.CONTEXT, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.AT_31_MARCH, decimals=0,
        published=Published(publication=Publication.CHILDREN_LOOKED_AFTER,
                            lait_measure="LAC"),
        computed=Computed(
            source=Source.SSDA903, numerator="children looked after at the period end",
            denominator=POPULATION, needs=IN_CARE, rate_of="children-in-care",
            differs=ONE_RETURN),
    ),
    Indicator(
        slug="children-starting-care", title="Children who started to be looked after",
        definition="Children who started to be looked after during the period, counted "
                   "once each however many times they started.",
        unit=Unit.COUNT, polarity=Polarity.CONTEXT, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        computed=Computed(
            source=Source.SSDA903,
            numerator="children with an episode starting care (RNE S) in the period",
            needs={"episodes": ("DECOM", "RNE", "LS")}, breakdowns=CHARACTERISTICS,
            differs=ONE_RETURN),
    ),
    Indicator(
        slug="children-ceasing-care", title="Children who ceased to be looked after",
        definition="Children who stopped being looked after during the period, counted "
                   "once each.",
        unit=Unit.COUNT, polarity=Polarity.CONTEXT, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        computed=Computed(
            source=Source.SSDA903,
            numerator="children with an episode ending in the period other than by a "
                      "change of episode (REC X1)",
            needs={"episodes": ("DEC", "REC", "LS")}, breakdowns=CHARACTERISTICS,
            differs=ONE_RETURN),
    ),
    Indicator(
        slug="placement-moves", title="Children in care with 3 or more placements in the year",
        definition="Of the children looked after at the period end, the percentage who "
                   "lived in 3 or more placements during the period. Temporary placements "
                   "and placements of under 24 hours are not counted.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        published=Published(publication=Publication.CHILDREN_LOOKED_AFTER,
                            lait_measure="LACStable_2016on"),
        computed=Computed(
            source=Source.SSDA903,
            numerator="children looked after at the period end with 3 or more placements "
                      "in the period",
            denominator="children looked after at the period end",
            needs=PLACEMENTS, breakdowns=CHARACTERISTICS,
            differs="DfE's own processing decides which placements count; here a "
                    "temporary placement or one under 24 hours never does. " + ONE_RETURN),
    ),
    Indicator(
        slug="long-term-stability", title="Long-term placement stability",
        definition="Of children under 16 looked after at the period end who had been in "
                   "care for at least two and a half years, the percentage who had lived "
                   "with the same carer for at least two years (a placement for adoption "
                   "with them counts as the same carer).",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.AT_31_MARCH, decimals=0,
        published=Published(publication=Publication.CHILDREN_LOOKED_AFTER,
                            lait_measure="LAC_LongStable%"),
        computed=Computed(
            source=Source.SSDA903,
            numerator="those whose current carer started on or before the period end "
                      "minus 2 years",
            denominator="children under 16 looked after at the period end whose current "
                        "period of care started on or before the period end minus 2 years "
                        "6 months",
            needs={**PLACEMENTS, "header": ("DOB",)}, breakdowns=CHARACTERISTICS,
            differs="Ages come from the month of birth only (dates of birth are stored as "
                    "the first of the month). " + ONE_RETURN),
    ),
    Indicator(
        slug="care-leavers-eet",
        title="Care leavers aged 19 to 21 in education, employment or training",
        definition="Of care leavers who turned 19, 20 or 21 during the period, the "
                   "percentage in education, employment or training around their birthday. "
                   "Those the council has no information about stay in the count of all "
                   "care leavers.",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        published=Published(publication=Publication.CHILDREN_LOOKED_AFTER,
                            lait_measure="CareLeaverEET"),
        computed=Computed(
            source=Source.SSDA903,
            numerator="care leavers whose activity is education, employment or training "
                      "(ACTIV F or P)",
            denominator=CARE_LEAVERS, needs={"oc3": ("DOB", "IN_TOUCH", "ACTIV")},
            breakdowns=(SEX, ETHNICITY), differs=BIRTH_MONTH + ONE_RETURN),
    ),
    Indicator(
        slug="care-leavers-accommodation",
        title="Care leavers aged 19 to 21 in suitable accommodation",
        definition="Of care leavers who turned 19, 20 or 21 during the period, the "
                   "percentage whose accommodation was suitable.",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.STABLE_HOMES,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        published=Published(publication=Publication.CHILDREN_LOOKED_AFTER,
                            lait_measure="CareLeaverAcc"),
        computed=Computed(
            source=Source.SSDA903,
            numerator="care leavers in suitable accommodation (ACCOM ending 1)",
            denominator=CARE_LEAVERS, needs={"oc3": ("DOB", "IN_TOUCH", "ACCOM")},
            breakdowns=(SEX, ETHNICITY), differs=BIRTH_MONTH + ONE_RETURN),
    ),
    Indicator(
        slug="referrals", title="Referrals to children's social care",
        definition="Referrals received during the period. A child referred twice counts "
                   "twice.",
        unit=Unit.COUNT, polarity=Polarity.CONTEXT, outcome=Outcome.FAMILIES,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        computed=Computed(
            source=Source.CIN,
            numerator="referrals (CINdetails) with a referral date in the period",
            needs=REFERRALS, breakdowns=WITH_DISABILITY, differs=ONE_RETURN),
    ),
    Indicator(
        slug="referral-rate", title="Referrals per 10,000",
        definition="Referrals to children's social care in the year per 10,000 children "
                   "aged 0 to 17.",
        unit=Unit.RATE, polarity=Polarity.CONTEXT, outcome=Outcome.FAMILIES,
        period=PeriodKind.YEAR_TO_MARCH,
        published=Published(publication=Publication.CHILDREN_IN_NEED,
                            lait_measure="CPP_Total_Rateper10,000"),
    ),
    Indicator(
        slug="re-referrals", title="Re-referrals within 12 months",
        definition="Of referrals received during the period, the percentage for a child "
                   "who had been referred before within the previous 12 months.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.FAMILIES,
        period=PeriodKind.YEAR_TO_MARCH,
        published=Published(publication=Publication.CHILDREN_IN_NEED,
                            lait_measure="ReReferral"),
        computed=Computed(
            source=Source.CIN,
            numerator="referrals with an earlier referral of the same child on or after "
                      "the date one year before",
            denominator="referrals in the period", needs=REFERRALS, breakdowns=WITH_DISABILITY,
            differs=ONE_RETURN),
    ),
    Indicator(
        slug="assessments-45-days", title="Assessments completed within 45 working days",
        definition="Of assessments completed (authorised) during the period, the "
                   "percentage completed within 45 working days of their start.",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.FAMILIES,
        period=PeriodKind.YEAR_TO_MARCH,
        published=Published(publication=Publication.CHILDREN_IN_NEED,
                            lait_measure="Continue_Assess_Comp"),
        computed=Computed(
            source=Source.CIN,
            numerator="assessments authorised within 45 working days of their start",
            denominator="assessments authorised in the period",
            needs={"cin_assessments": ("AssessmentActualStartDate",
                                       "AssessmentAuthorisationDate")},
            breakdowns=WITH_DISABILITY, differs=ONE_RETURN),
    ),
    Indicator(
        slug="children-on-cp-plan",
        title="Children on a child protection plan at the end of the period",
        definition="Children who were the subject of a child protection plan at the end of "
                   "the period, counted once each.",
        unit=Unit.COUNT, polarity=Polarity.CONTEXT, outcome=Outcome.SAFE,
        period=PeriodKind.AT_31_MARCH, decimals=0,
        computed=Computed(
            source=Source.CIN, numerator="children with a plan open at the period end",
            needs=PLANS, breakdowns=WITH_DISABILITY, differs=ONE_RETURN),
    ),
    Indicator(
        slug="cp-plan-rate", title="Children on a child protection plan per 10,000",
        definition="Children on a child protection plan at the end of the period for every "
                   "10,000 children aged 0 to 17 living in the area (ONS mid-year "
                   "estimate).",
        unit=Unit.RATE, polarity=Polarity.CONTEXT, outcome=Outcome.SAFE,
        period=PeriodKind.AT_31_MARCH,
        published=Published(publication=Publication.CHILDREN_IN_NEED,
                            lait_measure="CPP_rate"),
        computed=Computed(
            source=Source.CIN, numerator="children on a plan at the period end",
            denominator=POPULATION, needs=PLANS, rate_of="children-on-cp-plan",
            differs=ONE_RETURN),
    ),
    Indicator(
        slug="cp-second-plan", title="Child protection plans that are a second or subsequent plan",
        definition="Of child protection plans that started during the period, the "
                   "percentage for a child who had been on a plan before.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.SAFE,
        period=PeriodKind.YEAR_TO_MARCH,
        published=Published(publication=Publication.CHILDREN_IN_NEED,
                            lait_measure="PrevRegCPR"),
        computed=Computed(
            source=Source.CIN,
            numerator="plans with a previous plan (NumberOfPreviousCPP 1 or more, or an "
                      "earlier plan in any stored return)",
            denominator="plans starting in the period",
            needs={"cin_cp_plans": ("CPPstartDate", "NumberOfPreviousCPP")},
            breakdowns=WITH_DISABILITY,
            differs="DfE counts any previous plan, however long ago, from its own records "
                    "of earlier years. " + ONE_RETURN),
    ),
    Indicator(
        slug="cp-two-years", title="Child protection plans open for 2 years or more",
        definition="Of child protection plans open at the period end, the percentage that "
                   "had been open for two years or more.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.SAFE,
        period=PeriodKind.AT_31_MARCH,
        published=Published(publication=Publication.CHILDREN_IN_NEED,
                            lait_measure="CPPlans2yrsActive"),
        computed=Computed(
            source=Source.CIN,
            numerator="plans that started on or before the period end minus 2 years",
            denominator="plans open at the period end", needs=PLANS, breakdowns=WITH_DISABILITY,
            differs="This is DfE's table D5 measure. " + ONE_RETURN),
    ),
    Indicator(
        slug="cp-two-years-ended",
        title="Child protection plans ending after 2 years or more",
        definition="Of child protection plans that ended during the period, the "
                   "percentage that had lasted two years or more.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.SAFE,
        period=PeriodKind.YEAR_TO_MARCH,
        computed=Computed(
            source=Source.CIN,
            numerator="plans ending on or after their start date plus 2 years",
            denominator="plans ending in the period", needs=PLANS, breakdowns=WITH_DISABILITY,
            differs=ONE_RETURN),
    ),
    Indicator(
        slug="ehcp-20-weeks", title="New EHC plans issued within 20 weeks",
        definition="New education, health and care plans issued within 20 weeks of the "
                   "request, including exceptions, as a percentage of all new plans issued "
                   "in the calendar year.",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.FAMILIES,
        period=PeriodKind.CALENDAR_YEAR,
        published=Published(publication=Publication.EHC_PLANS,
                            lait_measure="SEN_EHC_All_20wks"),
    ),
    Indicator(
        slug="overall-absence", title="Overall absence",
        definition="School sessions missed through authorised and unauthorised absence, as "
                   "a percentage of the sessions pupils aged 5 to 15 could have attended.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.EDUCATION,
        period=PeriodKind.ACADEMIC_YEAR,
        published=Published(publication=Publication.PUPIL_ABSENCE, lait_measure="TotAbs"),
        computed=Computed(
            source=Source.ATTENDANCE,
            numerator="sessions absent, authorised and unauthorised",
            denominator="sessions possible", needs=ABSENCE, breakdowns=CHARACTERISTICS,
            differs=SCHOOL_CENSUS, counts_children=False),
    ),
    Indicator(
        slug="persistent-absence", title="Persistent absence",
        definition="Of pupils' enrolments at a school in the academic year, the percentage "
                   "missing 10% or more of their possible sessions.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.EDUCATION,
        period=PeriodKind.ACADEMIC_YEAR,
        published=Published(publication=Publication.PUPIL_ABSENCE,
                            lait_measure="TotPerAbNew"),
        computed=Computed(
            source=Source.ATTENDANCE,
            numerator="enrolments with sessions absent 10% or more of sessions possible",
            denominator="enrolments", needs=ABSENCE, breakdowns=CHARACTERISTICS,
            differs=SCHOOL_CENSUS),
    ),
    Indicator(
        slug="severe-absence", title="Severe absence",
        definition="Of pupils' enrolments at a school in the academic year, the percentage "
                   "missing half or more of their possible sessions.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.EDUCATION,
        period=PeriodKind.ACADEMIC_YEAR,
        published=Published(publication=Publication.PUPIL_ABSENCE,
                            lait_measure="TotSevPerAbNew"),
        computed=Computed(
            source=Source.ATTENDANCE,
            numerator="enrolments with sessions absent 50% or more of sessions possible",
            denominator="enrolments", needs=ABSENCE, breakdowns=CHARACTERISTICS,
            differs=SCHOOL_CENSUS),
    ),
    Indicator(
        slug="neet-not-known",
        title="16 and 17 year olds not in education, employment or training, or not known",
        definition="Young people aged 16 and 17 who are NEET or whose activity is not "
                   "known, as a percentage of those the LA knows about (December to "
                   "February average).",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.EDUCATION,
        period=PeriodKind.WINTER_AVERAGE,
        published=Published(publication=Publication.PARTICIPATION,
                            lait_measure="16-17_not known_NEET"),
    ),
    Indicator(
        slug="ks2-expected-standard",
        title="Key stage 2: reading, writing and maths at the expected standard",
        definition="Pupils at the end of key stage 2 meeting the expected standard in "
                   "reading, writing and maths, as a percentage of eligible pupils.",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.EDUCATION,
        period=PeriodKind.ACADEMIC_YEAR, decimals=0,
        published=Published(publication=Publication.KEY_STAGE_2,
                            lait_measure="KS2RWM_Expected_STD"),
    ),
    Indicator(
        slug="attainment-8", title="Key stage 4: average Attainment 8 score",
        definition="The mean Attainment 8 score of pupils at the end of key stage 4.",
        unit=Unit.SCORE, polarity=Polarity.HIGHER, outcome=Outcome.EDUCATION,
        period=PeriodKind.ACADEMIC_YEAR,
        published=Published(publication=Publication.KEY_STAGE_4,
                            lait_measure="AVG_Attain8_Score"),
    ),
    Indicator(
        slug="agency-social-workers", title="Agency social workers",
        definition="Agency children and family social workers (FTE) at 30 September, as a "
                   "percentage of agency and employed social workers (FTE).",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.WORKFORCE,
        period=PeriodKind.AT_30_SEPTEMBER,
        published=Published(publication=Publication.WORKFORCE,
                            lait_measure="Work_Force_Agecy_Rate"),
    ),
    Indicator(
        slug="social-worker-turnover", title="Social worker turnover",
        definition="Social workers (FTE) who left in the year to 30 September, as a "
                   "percentage of social workers (FTE) in post at 30 September.",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.WORKFORCE,
        period=PeriodKind.AT_30_SEPTEMBER,
        published=Published(publication=Publication.WORKFORCE,
                            lait_measure="Work_Force_TO_Rate"),
    ),
    Indicator(
        slug="social-worker-vacancies", title="Social worker vacancy rate",
        definition="Vacant social worker posts (FTE) at 30 September, as a percentage of "
                   "vacancies and social workers in post (FTE).",
        unit=Unit.PERCENT, polarity=Polarity.LOWER, outcome=Outcome.WORKFORCE,
        period=PeriodKind.AT_30_SEPTEMBER,
        published=Published(publication=Publication.WORKFORCE,
                            lait_measure="Work_Force_Vac_Rate"),
    ),
    Indicator(
        slug="caseload", title="Average caseload",
        definition="Cases held at 30 September per case-holding children and family social "
                   "worker (FTE).",
        unit=Unit.CASES, polarity=Polarity.LOWER, outcome=Outcome.WORKFORCE,
        period=PeriodKind.AT_30_SEPTEMBER,
        published=Published(publication=Publication.WORKFORCE,
                            lait_measure="Work_Force_AvgNumCase_SW"),
    ),
    Indicator(
        slug="audits-good-or-better", title="Case-file audits graded Good or better",
        definition="Of the case-file audits completed in the period, the percentage whose "
                   "overall grade was Good or Outstanding: the moderator's grade where the "
                   "audit was moderated, otherwise the auditor's.",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.WORKFORCE,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        recorded=Recorded(
            records="Case-file audits",
            numerator="audits graded Good or Outstanding",
            denominator="case-file audits completed in the period", breakdowns=(SERVICE,)),
    ),
    Indicator(
        slug="audit-moderation-agreement", title="Moderated audits whose grade was agreed",
        definition="Of the case-file audits moderated in the period, the percentage whose "
                   "overall grade the moderator agreed with the auditor's. A low figure "
                   "says auditors and moderators judge practice differently.",
        unit=Unit.PERCENT, polarity=Polarity.HIGHER, outcome=Outcome.WORKFORCE,
        period=PeriodKind.YEAR_TO_MARCH, decimals=0,
        recorded=Recorded(
            records="Case-file audits",
            numerator="moderated audits whose grade the moderator agreed",
            denominator="case-file audits moderated in the period"),
    ),
)

BY_SLUG = {indicator.slug: indicator for indicator in REGISTRY}
PUBLISHED = tuple(indicator for indicator in REGISTRY if indicator.published)
COMPUTED = tuple(indicator for indicator in REGISTRY if indicator.computed)
RECORDED = tuple(indicator for indicator in REGISTRY if indicator.recorded)
OWN = tuple(indicator for indicator in REGISTRY if indicator.own)
