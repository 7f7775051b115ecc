"""Cells safe to open in a spreadsheet: the one guard against formula injection.

A CSV or Excel file Smeaton writes for people to open (problem reports, measures, the
scorecard) can hold text from outside: values and identifiers from a return, names
from the database. Excel, LibreOffice and Google Sheets take text that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) for a formula,
which can open links or run commands. As OWASP advises, such text is written with a
single quote in front, which the spreadsheet shows and does not run.

Only text is changed: numbers stay numbers, and so does text that is a plain number
(``-5``, ``-2.5``, ``-26.0%``), which no spreadsheet runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def safe(value: object) -> object:
    """A cell's value, with a quote before text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe(value) for value in values]


def workbook(sheets: list[tuple[str, list[list], list[str], Iterable[list], list[int]]]
             ) -> bytes:
    """An Excel workbook of sheets, each (name, lines above the table, headings, rows,
    column widths), every cell made safe. Written as it is read (write-only), so a
    report of a national file's problems never sits whole in memory twice."""
    from openpyxl import Workbook  # a large import, wanted only here

    book = Workbook(write_only=True)
    book.properties.creator = "Smeaton"
    for name, preamble, headings, rows, widths in sheets:
        sheet = book.create_sheet(name)
        sheet.freeze_panes = f"A{len(preamble) + 2}"
        for number, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + number)].width = width
        for line in preamble:
            sheet.append(_writable(line))
        sheet.append(headings)
        for row in rows:
            sheet.append(_writable(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _writable(values: Iterable[object]) -> list[object]:
    """Safe cells, with control characters (which a worksheet's XML cannot hold, and a
    return's cell can) written as escapes: \\x01."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [ILLEGAL_CHARACTERS_RE.sub(lambda found: repr(found[0])[1:-1], value)
            if isinstance(value, str) else value for value in safe_row(values)]
