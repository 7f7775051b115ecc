"""The scorecard as a spreadsheet: CSV for analysts, Excel for papers.

Both hold the same cells as the page. Figures are written as published (a symbol in
words, never 0), and RAG as a word; in Excel the word's cell is also coloured. Text a
spreadsheet would run as a formula is neutralised (smeaton.analytics.spreadsheet).
"""

import csv
import io

from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from smeaton.analytics.indicators import Unit
from smeaton.analytics.spreadsheet import safe, safe_row
from smeaton.web.performance import extensions, scorecard
from smeaton.web.performance.extensions import Note
from smeaton.web.performance.own_figures import SUPPRESSED
from smeaton.web.performance.scorecard import Row

# The council's own figures, from its returns: the latest month, and its latest year
# beside DfE's. Suppressed numbers are written "c", as DfE writes them.
OWN_HEADINGS = [
    "Own figures: 12 months to", "Own latest", "Own numerator", "Own denominator", "Own RAG",
    "Compared with DfE for", "Own figure for that year", "DfE figure for that year",
    "Difference from DfE", "Tolerance against DfE", "Differs from DfE",
]
ATTRIBUTION = ("Contains public sector information licensed under the Open Government "
               "Licence v3.0.")
HEADINGS = [
    "Indicator", "Polarity", "Unit", "Latest period", "Latest", "Previous period", "Previous",
    "Target", "Tolerance", "Target note", "RAG", "Direction of travel", "England", "Region",
    "Region name", "Statistical neighbours' average", "Neighbours with a value",
    "Rank among LAs", "LAs ranked", "Quartile", *OWN_HEADINGS, "Source",
    "Signed-off commentary",
]
NOT_PUBLISHED = "Not published by DfE"
RAG_FILLS = {"green": "C6E8D0", "amber": "FFE799", "red": "F5C4BF"}  # light, so black text reads


def cells(row: Row, note: Note | None = None) -> list:
    comparators, definition = row.comparators, row.definition
    latest, previous = row.latest_year, row.previous_year
    target, average, standing = row.target, row.neighbours_average(), row.standing
    own = [
        definition.title,
        definition.better if definition.has_target else "Context (no better direction)",
        str(definition.unit),
        row.label(latest),
        scorecard.figure(row.point(comparators.council, latest), definition),
        row.label(previous),
        scorecard.figure(row.point(comparators.council, previous), definition),
        scorecard.number(target.value, definition) if target else "",
        scorecard.number(target.tolerance, definition, unit=False) if target else "",
        ("Illustrative" if target.illustrative else "Set by the council") if target else "",
        scorecard.rag_words(row.rag) if definition.has_target else "Context",
        scorecard.direction_words(row.direction),
    ]
    if definition.published:
        elsewhere = [
            scorecard.figure(row.point(comparators.england, latest), definition),
            scorecard.figure(row.point(comparators.region, latest), definition),
            comparators.region.name if comparators.region else "",
            scorecard.number(average.value, definition),
            f"{average.used} of {average.of}",
            standing.rank if standing else "",
            standing.of if standing else "",
            scorecard.quartile_words(standing, definition),
        ]
    else:  # no other area's figure to compare with
        elsewhere = [NOT_PUBLISHED, NOT_PUBLISHED, "", "", "", "", "", "Not ranked"]
    return [*own, *elsewhere, *own_figure_cells(row), source(definition),
            note.as_text() if note else ""]


def own_figure_cells(row: Row) -> list:
    """The council's own figures, as the scorecard page shows them; none for an
    indicator it does not compute."""
    definition = row.definition
    if not definition.own:
        return [""] * len(OWN_HEADINGS)
    latest, against = row.own_latest, row.against
    comparable = definition.published is not None
    return [
        latest.period_end if latest else "",
        scorecard.own_figure(latest, definition),
        count(latest, "numerator"),
        count(latest, "denominator"),
        (scorecard.rag_words(row.own_rag) if definition.has_target else "Context")
        if latest else "",
        row.label(against.year) if against else "",
        scorecard.number(against.own, definition) if against else "",
        scorecard.number(against.published, definition) if against else "",
        scorecard.signed(against.difference, definition) if against else "",
        scorecard.number(row.indicator.dfe_tolerance, definition, unit=False)
        if comparable else "",
        scorecard.differs_words(against),
    ]


def count(shown, name: str):
    """A numerator or denominator as one person may see it: "c" when suppressed."""
    if shown is None:
        return ""
    if shown.suppressed:
        return SUPPRESSED
    value = getattr(shown, name)
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def source(definition) -> str:
    """Where the figures come from: DfE's publication, or else the council's own."""
    if definition.published:
        return str(definition.published.publication)
    return capfirst(definition.own.origin)


def numbers(row: Row) -> dict[str, object]:
    """The figure cells as numbers, for a spreadsheet to sort and chart."""
    council, latest, target = row.comparators.council, row.latest_year, row.target
    return {
        "Latest": row.value(council, latest),
        "Previous": row.value(council, row.previous_year),
        "Target": target.value if target else None,
        "Tolerance": target.tolerance if target else None,
        "England": row.value(row.comparators.england, latest),
        "Region": row.value(row.comparators.region, latest),
        "Statistical neighbours' average": row.neighbours_average().value,
        **own_numbers(row),
    }


def own_numbers(row: Row) -> dict[str, object]:
    latest, against = row.own_latest, row.against
    shown = latest is not None and not latest.suppressed
    return {
        "Own latest": latest.value if shown else None,
        "Own numerator": latest.numerator if shown else None,
        "Own denominator": latest.denominator if shown else None,
        "Own figure for that year": against.own if against else None,
        "DfE figure for that year": against.published if against else None,
        "Difference from DfE": against.difference if against else None,
        "Tolerance against DfE": row.indicator.dfe_tolerance if row.definition.computed
        and row.definition.published else None,
    }


# In the indicator's unit but a difference, not a share: 2 points, not 2%.
POINTS = {"Tolerance", "Difference from DfE", "Tolerance against DfE"}
COUNTS = {"Own numerator", "Own denominator"}


def excel_format(heading: str, definition) -> tuple[float, str]:
    if heading in COUNTS:
        return 1, "#,##0"
    places = "." + "0" * definition.decimals if definition.decimals else ""
    if definition.unit == Unit.PERCENT and heading not in POINTS:
        return 0.01, f"0{places}%"  # Excel holds 26% as 0.26
    return 1, f"#,##0{places}"


def title(comparators) -> str:
    return (f"Scorecard for {comparators.council.name}: indicators against England, "
            f"region and statistical neighbours ({comparators.model} model)")


def as_csv(rows: list[Row], comparators) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    notes = extensions.notes_for(row.indicator for row in rows)
    writer.writerows(safe_row(cells(row, notes.get(row.indicator.pk))) for row in rows)
    return buffer.getvalue()


def as_xlsx(rows: list[Row], comparators) -> bytes:
    book = Workbook()
    book.properties.creator = "Smeaton"
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append([safe(title(comparators))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([ATTRIBUTION])
    sheet.append([])
    sheet.append(HEADINGS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rag_columns = {"RAG": HEADINGS.index("RAG") + 1, "Own RAG": HEADINGS.index("Own RAG") + 1}
    notes = extensions.notes_for(row.indicator for row in rows)
    for row in rows:
        sheet.append(safe_row(cells(row, notes.get(row.indicator.pk))))
        for heading, value in numbers(row).items():
            if value is not None:
                scale, excel_number_format = excel_format(heading, row.definition)
                cell = sheet.cell(sheet.max_row, HEADINGS.index(heading) + 1)
                cell.value = float(value) * scale
                cell.number_format = excel_number_format
        for rag, column in zip((row.rag, row.own_rag), rag_columns.values(), strict=True):
            if fill := RAG_FILLS.get(rag):
                sheet.cell(sheet.max_row, column).fill = PatternFill("solid", fgColor=fill)
    sheet.freeze_panes = "B5"
    sheet.column_dimensions["A"].width = 60
    for column in range(2, len(HEADINGS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    commentary_column = len(HEADINGS)
    sheet.column_dimensions[get_column_letter(commentary_column)].width = 80
    for (cell,) in sheet.iter_rows(min_row=5, min_col=commentary_column,
                                   max_col=commentary_column):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
