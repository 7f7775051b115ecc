"""A report's tables as an Excel workbook: one sheet for each table's ``sheet`` (the
scorecard, milestones, exceptions ...), tables with the same sheet one under another,
figures as numbers in the indicator's format, RAG in words with its colour."""

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from smeaton.analytics.spreadsheet import safe
from smeaton.web.reports.blocks import Cell, Document, Table
from smeaton.web.reports.writers.reproducible import same_bytes_every_time
from smeaton.web.reports.writers.word import RAG_FILLS


def write(document: Document) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "About"
    _about(about, document)
    sheets: dict[str, object] = {}
    for table in _tables(document):
        if table.sheet not in sheets:
            sheets[table.sheet] = book.create_sheet(table.sheet[:31])
        _append(sheets[table.sheet], table)
    written = datetime.fromisoformat(document.as_at)
    book.properties.creator = document.council
    book.properties.title = document.title
    book.properties.created = book.properties.modified = written
    out = io.BytesIO()
    book.save(out)
    return same_bytes_every_time(out.getvalue(), f"{document.as_at}T00:00:00Z")


def _tables(document: Document) -> list[Table]:
    return [block for section in document.sections for block in section.blocks
            if isinstance(block, Table) and block.sheet]


def _about(sheet, document: Document) -> None:
    sheet.append([safe(document.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in (f"{document.council}: {document.board}", document.period,
                 f"{document.status}. Figures as at {document.as_at_date:%-d %B %Y}.",
                 document.audience,
                 "Illustrative: made up for the demonstration." if document.illustrative
                 else ""):
        sheet.append([safe(line)])
    sheet.column_dimensions["A"].width = 90


def _append(sheet, table: Table) -> None:
    if sheet.max_row > 1:
        sheet.append([])
    sheet.append([safe(table.caption)])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    if not table.rows:
        sheet.append([safe(table.empty)])
        return
    sheet.append([safe(column) for column in table.columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append([_value(cell) for cell in row])
        for position, cell in enumerate(row, start=1):
            _format(sheet.cell(sheet.max_row, position), cell)
    for position in range(1, len(table.columns) + 1):
        letter = sheet.cell(1, position).column_letter
        sheet.column_dimensions[letter].width = 40 if position == 1 else 16


def _value(cell: Cell):
    return cell.number if cell.number is not None else safe(cell.text)


def _format(target, cell: Cell) -> None:
    places = "." + "0" * cell.decimals if cell.decimals else ""
    if cell.kind == "percent":
        target.number_format = f"0{places}%"
    elif cell.kind == "number":
        target.number_format = f"#,##0{places}"
    if cell.rag in RAG_FILLS:
        target.fill = PatternFill("solid", fgColor=RAG_FILLS[cell.rag])
    target.alignment = Alignment(wrap_text=cell.kind == "text", vertical="top")
