"""The risk register as a spreadsheet, in the layout councils put in committee papers:
one row a risk, its cause, event and consequence, its inherent, current and target
scores with their bands, direction of travel, controls, further actions, response and
next review. Scores are numbers; text a spreadsheet would run as a formula is
neutralised (smeaton.analytics.spreadsheet).
"""

import csv
import io

from django.db.models import prefetch_related_objects
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from smeaton.analytics.spreadsheet import safe, safe_row
from smeaton.web.plan.delivery import rate
from smeaton.web.risks.matrix import COLOURS, Matrix
from smeaton.web.risks.queries import RatedRisk, Score

HEADINGS = [
    "Ref", "Title", "Cause", "Event", "Consequence", "Owner", "Category", "Register",
    "Inherent likelihood", "Inherent impact", "Inherent score", "Inherent band",
    "Current likelihood", "Current impact", "Current score", "Current band",
    "Target likelihood", "Target impact", "Target score", "Target band",
    "Direction of travel", "Outside appetite", "Controls in place", "Further actions",
    "Response", "Proximity", "Next review", "Status", "Illustrative",
]
BAND_COLUMNS = [HEADINGS.index(f"{kind} band") + 1 for kind in ("Inherent", "Current",
                                                                  "Target")]
HEADING_ROW = 4
TEXT_COLUMNS = {"Title": 40, "Cause": 45, "Event": 45, "Consequence": 45,
                "Controls in place": 50, "Further actions": 50}


def with_controls_and_actions(risks: list[RatedRisk]) -> list[RatedRisk]:
    prefetch_related_objects([r.risk for r in risks], "controls", "actions__owner")
    return risks


def score_cells(score: Score) -> list:
    return [score.likelihood, score.impact, score.value, score.band_name]


def action_line(action) -> str:
    return f"{action.title} ({action.owner}, due {action.due:%-d %b %Y}: {action.rag.label})"


def cells(risk: RatedRisk) -> list:
    return [
        risk.reference, risk.title, risk.cause, risk.event, risk.consequence, str(risk.owner),
        str(risk.category), risk.get_level_display(),
        *score_cells(risk.inherent), *score_cells(risk.current), *score_cells(risk.target),
        risk.direction.word, "Yes" if risk.outside_appetite else "No",
        "\n".join(f"• {c.description}" for c in risk.controls.all() if c.in_place),
        "\n".join(f"• {action_line(a)}" for a in rate(risk.actions.all())),
        risk.get_response_display(), risk.get_proximity_display(),
        risk.next_review, risk.get_status_display(),
        "Illustrative: made up for the demonstration" if risk.illustrative else "",
    ]


def as_csv(risks: list[RatedRisk]) -> bytes:
    """The register as CSV, in UTF-8 with a byte-order mark: without it Excel on Windows
    reads the file as Windows-1252 and garbles "£", "•" and curly quotes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for risk in risks:
        row = cells(risk)
        row[HEADINGS.index("Next review")] = risk.next_review.isoformat()
        writer.writerow(safe_row(row))
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(risks: list[RatedRisk], on: Matrix, title: str) -> bytes:
    """The register as a committee paper's table: a title, the bands' key, then a row a
    risk under the headings (row 4)."""
    book = Workbook()
    book.properties.creator = "Smeaton"
    sheet = book.active
    sheet.title = "Risk register"
    sheet.append([safe(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([safe("Scores are likelihood × impact, 1 to 25. Bands: " + "; ".join(
        f"{band.name} {band.lowest} to {band.highest}" for band in on.bands)
        + f". Risk appetite: {on.appetite}, unless the category sets its own.")])
    sheet.append([])
    sheet.append(HEADINGS)
    for cell in sheet[HEADING_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for risk in risks:
        sheet.append(safe_row(cells(risk)))
        row = sheet.max_row
        sheet.cell(row, HEADINGS.index("Next review") + 1).number_format = "d mmm yyyy"
        for column, score in zip(BAND_COLUMNS, (risk.inherent, risk.current, risk.target),
                                 strict=True):
            if score.band:
                fill = COLOURS[score.band.colour][1].lstrip("#")
                sheet.cell(row, column).fill = PatternFill("solid", fgColor=fill)
        for cell in sheet[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"C{HEADING_ROW + 1}"
    for number, heading in enumerate(HEADINGS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = TEXT_COLUMNS.get(heading, 14)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
