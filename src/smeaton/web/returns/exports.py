"""A load's problem report as CSV and Excel, every cell safe to open in a spreadsheet.
The Excel workbook has a second sheet: what each of DfE's validation rules found."""

import csv
import io

from smeaton.analytics.reports import (
    PROBLEM_HEADINGS,
    PROBLEM_WIDTHS,
    RULE_HEADINGS,
    RULE_WIDTHS,
    rule_cells,
)
from smeaton.analytics.spreadsheet import safe_row, workbook
from smeaton.web.returns.models import Load, Problem

HEADINGS = [*PROBLEM_HEADINGS, "Kind"]


def cells(problem: Problem) -> list:
    row = int(problem.row) if problem.row.isdigit() else problem.row
    return safe_row([problem.year, problem.file, problem.table, row, problem.column,
                     problem.value, problem.rule, problem.reason, problem.severity,
                     problem.child, problem.kind])


def as_csv(problems) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(cells(problem) for problem in problems.iterator())
    return buffer.getvalue()


def as_xlsx(load: Load, problems, described: str) -> bytes:
    preamble = [[f"Problem report: load {load.pk}, uploaded by {load.uploaded_by} "
                 f"on {load.uploaded_at:%-d %B %Y}"], [described]]
    rules = (rule_cells(result.__dict__) for result in load.rule_results.all())
    return workbook([
        ("Problems", preamble, HEADINGS, (cells(p) for p in problems.iterator()),
         [*PROBLEM_WIDTHS, 40]),
        ("Rules", preamble[:1], RULE_HEADINGS, rules, RULE_WIDTHS)])
