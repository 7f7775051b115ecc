"""The children behind a figure as a table a person can read, and as CSV and Excel.

Columns keep the order the analytics room gives (the token, what each row adds to the
numerator and denominator, the breakdown groups, then the facts), with readable names.
Every cell of a download is made safe to open in a spreadsheet (no formulas)."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook

from smeaton.analytics.measures.children import Children
from smeaton.analytics.spreadsheet import safe, safe_row

# The facts' names, as a person reading the list would put them. A column not named
# here keeps its own name with underscores as spaces.
HEADINGS = {
    "child": "Child's token",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "DOB": "Month of birth",
    "birth": "Month of birth",
    "started": "Started",
    "ceased": "Ceased",
    "placements": "Placements in the period",
    "care_period": "Period of care",
    "care_started": "Care started",
    "carer_started": "With this carer since",
    "referral_id": "Referral in the return",
    "assessment_id": "Assessment in the return",
    "cp_plan_id": "Plan in the return",
    "referrals": "Referrals in the period",
    "previous": "Previous referral",
    "first_plan": "First plan started",
    "source_row": "Row or XML path in the return",
    "CINreferralDate": "Referral date",
    "CINclosureDate": "Closure date",
    "ReferralSource": "Referral source",
    "PrimaryNeedCode": "Primary need",
    "ReasonForClosure": "Reason for closure",
    "DateOfInitialCPC": "Initial child protection conference",
    "ReferralNFA": "No further action",
    "AssessmentActualStartDate": "Assessment started",
    "AssessmentInternalReviewDate": "Assessment reviewed",
    "AssessmentAuthorisationDate": "Assessment authorised",
    "CPPstartDate": "Plan started",
    "CPPendDate": "Plan ended",
    "InitialCategoryOfAbuse": "Initial category of abuse",
    "LatestCategoryOfAbuse": "Latest category of abuse",
    "NumberOfPreviousCPP": "Previous plans",
}
# Dates stored as the first of their month: shown as the month alone.
MONTHS = frozenset({"DOB", "birth"})


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    numeric: bool


def columns(behind: Children) -> list[Column]:
    """The list's columns: a count's denominator is left out, being its numerator."""
    if not behind.rows:
        return []
    keys = [key for key in behind.rows[0]
            if not (key == "denominator" and not behind.measure.computed.denominator)]
    numeric = {key for key in keys
               if all(isinstance(row[key], int | float) or row[key] is None
                      for row in behind.rows[:50]) and key != "child"}
    return [Column(key, heading(key), key in numeric) for key in keys]


def heading(key: str) -> str:
    return HEADINGS.get(key) or key.replace("_", " ").capitalize()


def shown(key: str, value) -> str:
    """A cell as the page shows it: dates in GOV.UK style, blanks as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return f"{value:%B %Y}" if key in MONTHS else f"{value:%-d %b %Y}"
    return str(value)


def table_rows(wanted: list[Column], rows: list[dict]) -> list[list[tuple[str, bool]]]:
    """Each row's cells as shown, each with whether it is a number (right-aligned)."""
    return [[(shown(column.key, row[column.key]), column.numeric) for column in wanted]
            for row in rows]


def as_csv(behind: Children) -> str:
    wanted = columns(behind)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.heading for column in wanted])
    writer.writerows(safe_row([_cell(row[column.key]) for column in wanted])
                     for row in behind.rows)
    return buffer.getvalue()


def _cell(value):
    return value.isoformat() if isinstance(value, date) else value


def as_xlsx(behind: Children, described: str) -> bytes:
    wanted = columns(behind)
    # Write-only: an attendance list of tens of thousands of rows is written as it goes.
    book = Workbook(write_only=True)
    book.properties.creator = "Smeaton"
    sheet = book.create_sheet("Children")
    sheet.freeze_panes = "A4"
    sheet.column_dimensions["A"].width = 36
    sheet.append([safe(f"The children behind: {described}")])
    sheet.append([safe("Child-level and confidential: keep it to those who need it, and "
                       "delete it when done.")])
    sheet.append([column.heading for column in wanted])
    for row in behind.rows:
        sheet.append(safe_row([row[column.key] for column in wanted]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
