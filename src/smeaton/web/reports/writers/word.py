"""A report as a Word document, written into the council's own template when it has
uploaded one (its styles, header, footer and logo), else into python-docx's default.

Real structure for screen readers: the title in the Title style, sections and their parts
in Heading 1 to 3, tables whose first row repeats as a header row, charts as pictures with
alternative text followed by their figures as a table, and the document's language set.
"""

import io
from datetime import UTC, datetime, time

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from smeaton.web.reports.blocks import (
    BulletList,
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
)
from smeaton.web.reports.writers import charts
from smeaton.web.reports.writers.reproducible import same_bytes_every_time

# Light fills that keep black text readable; the words are always in the cell.
RAG_FILLS = {"red": "F4CDC6", "amber": "FFF7BF", "green": "CCE2D8", "complete": "D2E2F1",
             "not_started": "EEEFEF"}
LANGUAGE = "en-GB"


def write(document: Document, template: bytes | None = None) -> bytes:
    word = docx.Document(io.BytesIO(template) if template else None)
    _clear_body(word)
    if template is None:
        _a4(word)  # python-docx's own default is US Letter
    _running_heads(word, document)
    _properties(word, document)
    _language(word)
    _cover(word, document)
    for number, section in enumerate(document.sections, start=1):
        word.add_heading(f"{number}. {section.title}", level=1)
        for block in section.blocks:
            WRITERS[type(block)](word, block)
    out = io.BytesIO()
    word.save(out)
    return same_bytes_every_time(out.getvalue(), f"{document.as_at}T00:00:00Z")


def _clear_body(word) -> None:
    """A council's template may hold example text: keep its styles, headers and footers
    (the section properties), not its words."""
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _a4(word) -> None:
    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)


def _running_heads(word, document: Document) -> None:
    """On every page, as the PDF has them: the marking at the top, the title and the page
    number at the foot. A council's template keeps its own header and footer; these
    follow them."""
    section = word.sections[0]
    marking = section.header.add_paragraph(_marking(document))
    marking.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.add_paragraph(f"{document.title}. Page ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")
    for paragraph in (marking, foot):
        for run in paragraph.runs:
            run.font.size = Pt(8)


def _field(paragraph, instruction: str) -> None:
    """A field Word fills in as it lays out the pages: the page number, the page count."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _marking(document: Document) -> str:
    marking = document.audience
    if document.illustrative:
        marking += ": illustrative, made up for the demonstration"
    return marking


def _properties(word, document: Document) -> None:
    written = datetime.combine(document.as_at_date, time(), tzinfo=UTC)
    core = word.core_properties
    core.title, core.author, core.subject = (document.title, document.council,
                                             f"{document.board}: {document.period}")
    core.language, core.keywords = LANGUAGE, document.audience
    core.created = core.modified = core.last_printed = written
    core.last_modified_by, core.revision = "Smeaton", 1
    core.comments = ""


def _language(word) -> None:
    """The document's language, for screen readers and spelling: on the default run."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if run is None:
        return
    lang = run.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _cover(word, document: Document) -> None:
    _styled(word, _marking(document).upper(), bold=True)
    word.add_paragraph(f"{document.council}: {document.board}")
    word.add_heading(document.title, level=0)
    if document.period not in document.title:  # a title of the council's own wording
        _styled(word, document.period, size=14)
    word.add_paragraph(f"{document.status}. Figures as at "
                       f"{document.as_at_date:%-d %B %Y}.")


def _styled(word, text: str, *, bold: bool = False, size: int | None = None) -> None:
    run = word.add_paragraph().add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def _heading(word, block: Heading) -> None:
    word.add_heading(block.text, level=2 if block.level <= 3 else 3)


def _paragraph(word, block: Paragraph) -> None:
    paragraph = word.add_paragraph()
    if block.lead:
        paragraph.add_run(block.lead + (" " if block.text else "")).bold = True
    paragraph.add_run(block.text)


def _list(word, block: BulletList) -> None:
    style = "List Number" if block.numbered else "List Bullet"
    has_style = style in [s.name for s in word.styles]
    for position, item in enumerate(block.items, start=1):
        if has_style:
            word.add_paragraph(item, style=style)
        else:  # a council's template without list styles
            word.add_paragraph(f"{position}. {item}" if block.numbered else f"• {item}")


def _table(word, block: Table) -> None:
    caption = word.add_paragraph()
    caption.add_run(block.caption).bold = True
    if not block.rows:
        word.add_paragraph(block.empty)
        return
    table = word.add_table(rows=1, cols=len(block.columns))
    if "Table Grid" in [s.name for s in word.styles]:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, column in zip(header.cells, block.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(column).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value.text
            if value.kind != "text":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if value.rag in RAG_FILLS:
                _fill(cell, RAG_FILLS[value.rag])
    _small(table)
    word.add_paragraph()


def _repeat_as_header(row) -> None:
    """Marks the row as the table's header: screen readers announce it with each cell,
    and it repeats at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _fill(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _small(table) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _chart(word, block: Chart) -> None:
    word.add_heading(block.title, level=3)
    word.add_picture(io.BytesIO(charts.png(block)), width=Cm(16))
    # The picture's alternative text, which Word's "Alt Text" pane shows and screen
    # readers read: the drawing's description.
    drawing = word.paragraphs[-1].runs[-1]._r.find(".//" + qn("wp:docPr"))
    drawing.set("descr", block.alt)
    drawing.set("title", block.title)
    _table(word, block.table())


WRITERS = {Heading: _heading, Paragraph: _paragraph, BulletList: _list, Table: _table,
           Chart: _chart}
