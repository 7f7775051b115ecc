"""A load's problem report as CSV and Excel, every cell safe to open in a spreadsheet."""

import csv
import io

from openpyxl import Workbook

from smeaton.analytics.spreadsheet import safe, safe_row
from smeaton.web.returns.models import Load, Problem

HEADINGS = ["File", "Table", "Row or XML path", "Column", "Value", "Reason", "Severity",
            "Child", "Kind"]


def cells(problem: Problem) -> list:
    row = int(problem.row) if problem.row.isdigit() else problem.row
    return safe_row([problem.file, problem.table, row, problem.column, problem.value,
                     problem.reason, problem.severity, problem.child, problem.kind])


def as_csv(problems) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(cells(problem) for problem in problems.iterator())
    return buffer.getvalue()


def as_xlsx(load: Load, problems, described: str) -> bytes:
    # Write-only: a report of tens of thousands of rows is written as it is read.
    book = Workbook(write_only=True)
    book.properties.creator = "Smeaton"
    sheet = book.create_sheet("Problems")
    sheet.freeze_panes = "A4"
    for letter, width in zip("ABCDEFGHI", (24, 18, 14, 16, 24, 60, 10, 16, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([safe(f"Problem report: load {load.pk}, uploaded by {load.uploaded_by} "
                       f"on {load.uploaded_at:%-d %B %Y}")])
    sheet.append([safe(described)])
    sheet.append(HEADINGS)
    for problem in problems.iterator():
        sheet.append(cells(problem))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

