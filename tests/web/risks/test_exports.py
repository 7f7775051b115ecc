import csv
import io

from openpyxl import load_workbook

from smeaton.web.risks import services
from smeaton.web.risks.exports import HEADINGS


def test_the_register_downloads_as_committee_papers_lay_it_out(client_as, leader, risk,
                                                               risk_action):
    services.add_control(risk, leader, description="=Weekly panel")
    lapsed = services.add_control(risk, leader, description="Old contract")
    services.end_control(lapsed, leader, reason="Ended in March.")
    client = client_as(leader)
    content = client.get("/risks/register.csv").content
    assert content.startswith(b"\xef\xbb\xbf")  # Excel on Windows then reads it as UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    row = dict(zip(HEADINGS, rows[1], strict=True))
    assert (row["Ref"], row["Current score"], row["Current band"], row["Target band"]) == (
        "R001", "16", "High", "Medium")
    assert row["Direction of travel"] == "New"
    assert row["Controls in place"] == "• =Weekly panel"  # not a formula: it starts "•"
    assert "Recruit 20 more foster carers (Sam Taylor, due 31 Jan 2026" in row[
        "Further actions"]
    book = load_workbook(io.BytesIO(client.get("/risks/register.xlsx").content))
    sheet = book.active
    assert sheet["A1"].value == "Risk register at 20 November 2025: 1 risk"
    assert "Low 1 to 4; Medium 5 to 12; High 15 to 25" in sheet["A2"].value
    assert [c.value for c in sheet[4]] == HEADINGS
    excel = dict(zip(HEADINGS, [c.value for c in sheet[5]], strict=True))
    assert (excel["Current score"], excel["Inherent score"]) == (16, 20)  # numbers
    assert excel["Ref"] == "R001"
