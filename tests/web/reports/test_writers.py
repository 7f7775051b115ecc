"""The writers, from a report's blocks alone: each file opens in the library a reader's
tools use, has the structure a screen reader needs, and is the same bytes every time."""

import hashlib
import io
import zipfile
from datetime import UTC, datetime

import docx
import pypdf
import pytest
import time_machine
from openpyxl import load_workbook

from smeaton.web.reports.blocks import (
    Bar,
    BulletList,
    Cell,
    Chart,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
    dump,
    load,
)
from smeaton.web.reports.writers import excel, pdf, word

CHART = Chart("Milestones by priority and RAG", "Priority 3 has the most at red (2).",
              ["Red", "Green"], ["#d4351c", "#00703c"],
              [Bar("1. Early help", [0, 4]), Bar("3. Children in care", [2, 3])])
DOCUMENT = Document(
    title="Improvement Board: quarterly report", board="Improvement Board",
    period="Quarter 2, 2025/26 (July to September 2025)", council="Plymouth City Council",
    as_at="2025-11-20", audience="Restricted", status="Draft", illustrative=True,
    sections=[
        Section("cover", "Purpose and recommendations", [
            Paragraph("To report progress.", lead="Purpose:"), Heading("Recommendations"),
            BulletList(["Note the progress.", "Agree the actions."], numbered=True)]),
        Section("summary", "Summary", [
            Table("Milestones at each RAG", ["RAG", "Milestones"],
                  [[Cell("Red", rag="red"), Cell("2", 2.0, "number")],
                   [Cell("Green", rag="green"), Cell("7", 7.0, "number")]], sheet="Summary"),
            CHART]),
        Section("scorecard", "Performance scorecard", [
            Table("The scorecard", ["Indicator", "Latest"],
                  [["Re-referrals within 12 months", Cell("26.9%", 0.269, "percent", decimals=1)]],
                  sheet="Scorecard"),
            Table("Nothing here", ["A", "B"], [], sheet="Scorecard",
                  empty="No indicator is at red.")]),
    ],
    facts={"milestones": {"1": "red"}},
)


def test_blocks_survive_being_stored_as_json():
    assert load(dump(DOCUMENT)) == DOCUMENT


def test_a_table_refuses_a_row_that_does_not_fit_its_columns():
    with pytest.raises(ValueError, match="a row of 1 cells under 2 columns"):
        Table("Bad", ["A", "B"], [["only one"]])


@pytest.fixture(scope="module")
def files():
    return {"docx": word.write(DOCUMENT), "pdf": pdf.write(DOCUMENT),
            "xlsx": excel.write(DOCUMENT)}


@pytest.mark.parametrize("kind", ["docx", "pdf", "xlsx"])
def test_writing_again_gives_the_same_bytes(files, kind):
    writer = {"docx": word.write, "pdf": pdf.write, "xlsx": excel.write}[kind]
    with time_machine.travel(datetime(2027, 3, 1, 9, 30, tzinfo=UTC), tick=False):
        again = writer(load(dump(DOCUMENT)))  # a year later, from the stored blocks
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(files[kind]).hexdigest()


def test_word_has_headings_tables_with_header_rows_and_alt_text(files):
    document = docx.Document(io.BytesIO(files["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", "Improvement Board: quarterly report") in headings
    assert ("Heading 1", "1. Purpose and recommendations") in headings
    assert ("Heading 2", "Recommendations") in headings
    assert document.core_properties.title == "Improvement Board: quarterly report"
    assert document.core_properties.language == "en-GB"
    tables = document.tables
    assert [c.text for c in tables[0].rows[0].cells] == ["RAG", "Milestones"]
    assert [c.text for c in tables[0].rows[1].cells] == ["Red", "2"]
    for table in tables:
        assert table.rows[0]._tr.find(".//{*}tblHeader") is not None
    [picture] = document.inline_shapes
    described = picture._inline.find(".//{*}docPr")
    assert described.get("descr") == CHART.alt
    # The chart's figures follow it as a table.
    assert [c.text for c in tables[1].rows[2].cells] == ["3. Children in care", "2", "3", "5"]
    xml = zipfile.ZipFile(io.BytesIO(files["docx"])).read("word/styles.xml").decode()
    assert 'w:lang w:val="en-GB"' in xml


def test_word_is_a4_with_the_marking_and_page_numbers_on_every_page(files):
    document = docx.Document(io.BytesIO(files["docx"]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[-1].text == (
        "Restricted: illustrative, made up for the demonstration")
    footer = section.footer.paragraphs[-1]
    assert footer.text.startswith("Improvement Board: quarterly report. Page ")
    fields = [f.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instr")
              for f in footer._p.iter("{*}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]


def test_pdf_is_tagged_with_title_language_and_figure_alt_text(files):
    reader = pypdf.PdfReader(io.BytesIO(files["pdf"]))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Improvement Board: quarterly report"
    assert "/StructTreeRoot" in root
    kinds, alts = [], []

    def walk(element):
        element = element.get_object()
        if isinstance(element, pypdf.generic.ArrayObject):
            for child in element:
                walk(child)
            return
        if not isinstance(element, pypdf.generic.DictionaryObject):
            return
        if "/S" in element:
            kinds.append(element["/S"])
            if element["/S"] == "/Figure":
                alts.append(element.get("/Alt"))
        if "/K" in element:
            walk(element["/K"])

    walk(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= set(kinds)
    assert alts == [CHART.alt]
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Re-referrals within 12 months" in text and "No indicator is at red." in text


def test_excel_has_a_sheet_per_kind_of_table_with_figures_as_numbers(files):
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert book.sheetnames == ["About", "Summary", "Scorecard"]
    scorecard = book["Scorecard"]
    row = next(r for r in scorecard.iter_rows() if r[0].value == "Re-referrals within 12 months")
    assert row[1].value == pytest.approx(0.269)
    assert row[1].number_format == "0.0%"
    summary = book["Summary"]
    counts = [r[1].value for r in summary.iter_rows(min_row=3) if r[1].value is not None]
    assert counts == [2, 7] and all(isinstance(c, float | int) for c in counts)
    assert "Nothing here" in [c.value for c in scorecard["A"]]
