"""What each stored table holds: its columns, their types, keys and privacy rules.

The columns and code lists come from the shipped code sets (``codesets/``), valid by
collection year (the year ending 31 March). This module is the single description of
every table the readers produce and the store keeps: docs/data-model.md is written
from it, and a test holds the two together.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa

from smeaton.analytics.source import Source

CODESETS = Path(__file__).parent / "codesets"

# How each type of column is stored; anything else is a string.
ARROW_TYPES = {"date": pa.date32(), "integer": pa.int64()}

# Privacy rules (see smeaton.analytics.privacy): what happens to a column on the way in.
KEYED_CHILD = "child token"  # the LA's child identifier -> keyed HMAC token
KEYED_UPN = "upn token"  # a unique pupil number -> keyed HMAC token (UN codes kept)
KEYED_STAFF = "staff token"  # a social worker's identifier -> keyed HMAC token
KEYED_PUPIL = "pupil token"  # a school's pupil identifier -> keyed HMAC token
# A date of birth or death, or a date that follows from the birth date (a UASC status
# ends on the 18th birthday) -> the first of its month (docs/privacy.md).
MONTH = "first of the month"
SECTOR = "postcode sector"  # a postcode -> outward code and sector, e.g. "PL1 2"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # date, code, flag, string, integer, postcode, upn
    mandatory: bool = False
    first_year: int | None = None
    last_year: int | None = None
    privacy: str = ""
    codes: tuple[str, str] | None = None  # (table, field) in the return's code list
    maximum: int | None = None  # integers: the largest valid value

    def collected_in(self, year: int) -> bool:
        return (self.first_year or 0) <= year <= (self.last_year or 9999)


@dataclass(frozen=True)
class Table:
    source: Source
    name: str  # the stored table's name
    title: str  # as the return's guidance names it
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # a row whose key is blank or invalid is rejected
    links: tuple[str, ...] = ()  # columns added by the reader to link CIN tables
    first_year: int | None = None
    unique: bool = False  # one row per key: a repeated key is a duplicate, rejected
    headers: frozenset[str] = field(default=frozenset(), compare=False)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]


def _year(text: str) -> int | None:
    return int(text) if text else None


@cache
def codes(source: Source, table: str, field: str, year: int | None) -> frozenset[str]:
    """The codes valid for a field in a collection year (any year when ``year`` is None)."""
    path = CODESETS / ("ssda903_codes.csv" if source == Source.SSDA903
                       else "cin_census_codes.csv")
    with path.open(newline="", encoding="utf-8") as file:
        return frozenset(
            row["code"].upper()
            for row in csv.DictReader(file)
            if row["table"] == table and row["field"] == field
            and (year is None
                 or (_year(row["first_year"]) or 0) <= year <= (_year(row["last_year"]) or 9999))
        )


def _fields(source: Source) -> list[dict]:
    name = {Source.SSDA903: "SSDA903", Source.CIN: "CIN"}[source]
    with (CODESETS / "fields.csv").open(newline="", encoding="utf-8") as file:
        return [row for row in csv.DictReader(file) if row["return"] == name]


# --- SSDA903 -------------------------------------------------------------------------

SSDA903_TITLES = {
    "header": "Header", "episodes": "Episodes", "reviews": "Reviews", "uasc": "UASC",
    "oc2": "OC2", "oc3": "OC3", "ad1": "AD1", "placed_adoption": "PlacedAdoption",
    "prev_perm": "PrevPerm", "missing": "Missing", "social_worker": "SWEpisodes",
    "dolo": "DoLo",
}
SSDA903_KEYS = {
    "header": ("CHILD",), "episodes": ("CHILD", "DECOM"), "reviews": ("CHILD", "REVIEW"),
    "uasc": ("CHILD",), "oc2": ("CHILD",), "oc3": ("CHILD",), "ad1": ("CHILD",),
    "placed_adoption": ("CHILD", "DATE_PLACED"), "prev_perm": ("CHILD",),
    "missing": ("CHILD", "MIS_START"), "social_worker": ("CHILD", "SW_DECOM"),
    "dolo": ("CHILD", "DOLO_START"),
}
SSDA903_PRIVACY = {
    "CHILD": KEYED_CHILD, "UPN": KEYED_UPN, "SW_ID": KEYED_STAFF, "DOB": MONTH,
    "MC_DOB": MONTH, "DUC": MONTH, "HOME_POST": SECTOR, "PL_POST": SECTOR,
}
SSDA903_MAXIMUM = {"SDQ_SCORE": 40}
# Deprivation of Liberty orders are collected from 2026/27; the code sets stop at 2026.
DOLO_COLUMNS = (
    Column("CHILD", "string", True, 2027, privacy=KEYED_CHILD),
    Column("DOB", "date", True, 2027, privacy=MONTH),
    Column("DOLO_START", "date", True, 2027),
    Column("DOLO_END", "date", False, 2027),
)


def _column(row: dict, source: Source, privacy: dict, name: str | None = None) -> Column:
    kind = row["type"]
    table = row["table"]
    coded = kind == "code" or (kind == "upn" and source == Source.SSDA903)
    if source == Source.SSDA903 and table == "header" and row["field"] == "UPN":
        coded = False  # checked as a UPN, with the UN codes allowed (see checks)
    return Column(
        name=name or row["field"],
        type="flag" if row["format"].startswith(("0 or 1", "one of: 0 1")) else kind,
        mandatory=row["mandatory"] == "yes",
        first_year=_year(row["first_year"]),
        last_year=_year(row["last_year"]),
        privacy=privacy.get(row["field"], ""),
        codes=(table, row["field"]) if coded else None,
        maximum=SSDA903_MAXIMUM.get(row["field"]),
    )


@cache
def ssda903_tables() -> dict[str, Table]:
    columns: dict[str, list[Column]] = {name: [] for name in SSDA903_TITLES}
    for row in _fields(Source.SSDA903):
        if row["table"] == "header" and row["field"] == "UASC":
            continue  # an XML-only flag; the CSV gives UASC status in its own table
        columns[row["table"]].append(_column(row, Source.SSDA903, SSDA903_PRIVACY))
    columns["dolo"] = list(DOLO_COLUMNS)
    return {
        name: Table(
            source=Source.SSDA903, name=name, title=SSDA903_TITLES[name],
            columns=tuple(cols), key=SSDA903_KEYS[name],
            first_year=cols[0].first_year,
            unique=name in {"header", "episodes", "uasc", "oc2", "oc3", "ad1", "prev_perm"},
            headers=frozenset(column.name for column in cols),
        )
        for name, cols in columns.items()
    }


# --- CIN census ----------------------------------------------------------------------

CIN_PRIVACY = {
    "LAchildID": KEYED_CHILD, "UPN": KEYED_UPN, "FormerUPN": KEYED_UPN,
    "PersonBirthDate": MONTH, "ExpectedPersonBirthDate": MONTH, "PersonDeathDate": MONTH,
}
# Each XML module becomes a flat table. The reader numbers referrals, assessments and
# child protection plans within the file so that the tables join on those numbers.
CIN_LAYOUT = {
    # stored table: (title, XML modules or elements it holds, key, link columns)
    "cin_children": ("Child", {"ChildIdentifiers", "ChildCharacteristics"},
                     ("LAchildID",), ()),
    "cin_disabilities": ("Disabilities", {"Disability"}, ("LAchildID", "Disability"), ()),
    "cin_details": ("CINdetails", {"CINdetails"}, ("LAchildID", "CINreferralDate"),
                    ("referral_id",)),
    "cin_assessments": ("Assessments", {"Assessments"},
                        ("LAchildID", "AssessmentActualStartDate"),
                        ("referral_id", "assessment_id")),
    "cin_assessment_factors": ("FactorsIdentifiedAtAssessment", {"AssessmentFactors"},
                               ("LAchildID", "AssessmentFactors"),
                               ("referral_id", "assessment_id")),
    "cin_plans": ("CINPlanDates", {"CINPlanDates"}, ("LAchildID", "CINPlanStartDate"),
                  ("referral_id",)),
    "cin_section47": ("Section47", {"Section47"}, ("LAchildID", "S47ActualStartDate"),
                      ("referral_id",)),
    "cin_cp_plans": ("ChildProtectionPlans", {"ChildProtectionPlans"},
                     ("LAchildID", "CPPstartDate"), ("referral_id", "cp_plan_id")),
    "cin_cp_reviews": ("Reviews", {"CPPreviewDate"}, ("LAchildID", "CPPreviewDate"),
                       ("referral_id", "cp_plan_id")),
    "cin_pre_proceedings": ("PreProceedingsandFGDM", {"PreProceedingsandFGDM"},
                            ("LAchildID", "PPStartDate"), ("referral_id",)),
}
# Pre-proceedings and family group decision making arrive in the 2026 collection. The
# code sets stop short of them, so their columns are declared here.
PRE_PROCEEDINGS = (
    Column("PPStartDate", "date", True, 2026),
    Column("LBPSentDate", "date", False, 2026),
    Column("FGDMMeetingOffer", "flag", False, 2026),
    Column("FGDMMeetingFac", "flag", False, 2026),
    Column("InitialPPMeetingDate", "date", False, 2026),
    Column("ReviewMeetingsCount", "integer", False, 2026),
    Column("StepDecisionDate", "date", False, 2026),
    Column("PPOutcome", "string", False, 2026),
    Column("CourtAppDate", "date", False, 2026),
    Column("LetterInitCPDate", "date", False, 2026),
)


def _cin_table_of(row: dict) -> str | None:
    field_name, module = row["field"], row["table"]
    for name, (_, holds, _, _) in CIN_LAYOUT.items():
        if field_name in holds:
            return name
    for name, (_, holds, _, _) in CIN_LAYOUT.items():
        if module in holds:
            return name
    return None  # the message header: read, not stored as a table


@cache
def cin_tables() -> dict[str, Table]:
    child_id = Column("LAchildID", "string", True, privacy=KEYED_CHILD)
    columns: dict[str, list[Column]] = {name: [] for name in CIN_LAYOUT}
    for row in _fields(Source.CIN):
        name = _cin_table_of(row)
        if name is None or (row["field"] == "LAchildID"):
            continue
        column = _column(row, Source.CIN, CIN_PRIVACY)
        if column.name in ("GenderCurrent", "Sex"):
            # One or the other, by year: checks.check_sex_given asks for either.
            column = Column(**{**column.__dict__, "mandatory": False})
        if name == "cin_cp_reviews" or name == "cin_disabilities" or name.endswith("factors"):
            column = Column(**{**column.__dict__, "mandatory": True})
        columns[name].append(column)
    columns["cin_pre_proceedings"] = list(PRE_PROCEEDINGS)
    tables = {}
    for name, (title, _, key, links) in CIN_LAYOUT.items():
        cols = (child_id, *columns[name])
        tables[name] = Table(
            source=Source.CIN, name=name, title=title, columns=tuple(cols), key=key,
            links=links,
            first_year=2026 if name == "cin_pre_proceedings" else (
                2022 if name == "cin_plans" else None),
            unique=name in {"cin_children", "cin_disabilities"},
        )
    return tables


# --- School attendance ----------------------------------------------------------------

ATTENDANCE_COLUMNS = (
    Column("PupilID", "string", True, privacy=KEYED_PUPIL),
    Column("UPN", "upn", True, privacy=KEYED_UPN),
    Column("DOB", "date", True, privacy=MONTH),
    Column("Sex", "code", True),
    Column("Ethnicity", "code", True),
    Column("SENStatus", "code", True),
    Column("URN", "string", True),
    Column("LA", "string", True),
    Column("AcademicYear", "string", True),
    Column("Term", "code", True),
    Column("SessionsPossible", "integer", True),
    Column("SessionsAuthorised", "integer", True),
    Column("SessionsUnauthorised", "integer", True),
    Column("Suspensions", "integer", False),
)
ATTENDANCE_CODES = {
    "Sex": frozenset({"M", "F"}),
    "SENStatus": frozenset({"N", "K", "E"}),
    "Term": frozenset({"AUT", "SPR", "SUM"}),
}


@cache
def attendance_table() -> Table:
    return Table(
        source=Source.ATTENDANCE, name="attendance", title="Attendance",
        columns=ATTENDANCE_COLUMNS, key=("PupilID", "URN", "AcademicYear", "Term"), unique=True,
        headers=frozenset(column.name.upper() for column in ATTENDANCE_COLUMNS),
    )


def all_tables() -> list[Table]:
    return [*ssda903_tables().values(), *cin_tables().values(), attendance_table()]
