"""Known answers for the survey file's checks: each problem names file, row, column,
value and reason, and any problem refuses the whole file."""

from decimal import Decimal

import pytest

from smeaton.web.voice import survey_csv
from smeaton.web.voice.survey_csv import Refused
from tests.web.voice.conftest import HEADER, csv_of

GOOD = "Do you feel settled?,Yes,2025,Aged 11 to 18,48,87.5,84.0,National average"


def problems(content: bytes, stored=frozenset()) -> list[str]:
    with pytest.raises(Refused) as refused:
        survey_csv.read("results.csv", content, stored)
    return [str(p) for p in refused.value.problems]


def test_a_good_file_is_read():
    [row] = survey_csv.read("results.csv", csv_of(GOOD))
    assert (row.row, row.question, row.measure, row.period, row.group, row.responding,
            row.percentage, row.comparison, row.comparison_name) == (
        2, "Do you feel settled?", "Yes", "2025", "Aged 11 to 18", 48, Decimal("87.5"),
        Decimal("84.0"), "National average")


def test_the_template_is_a_good_file():
    rows = survey_csv.read("template.csv", survey_csv.template().encode())
    assert len(rows) == len(survey_csv.TEMPLATE_ROWS)


def test_a_spreadsheet_s_utf8_bom_quotes_and_blank_lines_are_read():
    content = b"\xef\xbb\xbf" + csv_of('"Do you feel safe, mostly?",Yes,2025-26,All,10,50,,',
                                       ",,,,,,,")
    [row] = survey_csv.read("results.csv", content)
    assert row.question == "Do you feel safe, mostly?" and row.comparison is None


@pytest.mark.parametrize(("row", "message"), [
    ("Q,Yes,2025,All,48,87%,,",
     "results.csv, row 2, column “percentage”: “87%” must be a number from 0 to 100 "
     "without the % sign"),
    ("Q,Yes,2025,All,48,120,,",
     "results.csv, row 2, column “percentage”: “120” must be a percentage from 0 to 100"),
    ("Q,Yes,2025,All,48,lots,,",
     "results.csv, row 2, column “percentage”: “lots” is not a number: write a percentage "
     "from 0 to 100, such as 72.5"),
    ("Q,Yes,2025,All,48,72.55,,",
     "results.csv, row 2, column “percentage”: “72.55” has more than one decimal place: "
     "round it to one, such as 72.5"),
    ("Q,Yes,2025,All,forty,72,,",
     "results.csv, row 2, column “number_responding”: “forty” is not a whole number of "
     "people, 0 or more"),
    ("Q,Yes,2025,All,-3,72,,",
     "results.csv, row 2, column “number_responding”: “-3” is not a whole number of "
     "people, 0 or more"),
    ("Q,Yes,Autumn 2025,All,48,72,,",
     "results.csv, row 2, column “period”: “Autumn 2025” is not a period: write a year "
     "(2025), a financial or school year (2025-26) or a month (2025-11)"),
    ("Q,Yes,2025-13,All,48,72,,",
     "results.csv, row 2, column “period”: “2025-13” is not a period: write a year "
     "(2025), a financial or school year (2025-26) or a month (2025-11)"),
    (",Yes,2025,All,48,72,,",
     "results.csv, row 2, column “question” is blank: every row needs a question"),
    ("Q,Yes,2025,All,48,72,80,",
     "results.csv, row 2, column “comparison_name” is blank: say what the comparison "
     "figure is, such as Bright Spots national average"),
    ("Q,Yes,2025,All,48,72,,National",
     "results.csv, row 2, column “comparison” is blank, but comparison_name says "
     "“National”: give the figure or leave both blank"),
    ("Q,Yes,2025,All,48",
     "results.csv, row 2 has 5 cells, but the header row has 8"),
])
def test_each_problem_names_file_row_column_value_and_reason(row, message):
    assert problems(csv_of(row)) == [message]


def test_every_problem_is_found_and_nothing_is_returned():
    found = problems(csv_of(GOOD, "Q,Yes,2025,All,48,87%,,", GOOD))
    assert found == [
        "results.csv, row 3, column “percentage”: “87%” must be a number from 0 to 100 "
        "without the % sign",
        "results.csv, row 4, column “group”: “Aged 11 to 18” repeats row 2: the same "
        "question, measure, period and group"]


def test_a_figure_already_imported_is_refused():
    stored = {("2025", "Do you feel settled?", "Yes", "Aged 11 to 18")}
    assert problems(csv_of(GOOD), stored) == [
        "results.csv, row 2, column “period”: “2025” is already imported for this "
        "question, measure and group: the survey keeps one figure for each"]


def test_the_header_must_have_the_layout_s_columns():
    content = b"question,answer,period,group,number_responding,percentage,comparison," \
              b"comparison_name\r\nQ,Yes,2025,All,48,72,,\r\n"
    assert problems(content) == [
        "results.csv, row 1 is not the layout's header row: it must name the columns "
        + ", ".join(survey_csv.COLUMNS) + "; this file's has question, answer, period, "
        "group, number_responding, percentage, comparison, comparison_name"]


def test_a_wrong_header_is_one_problem_not_one_for_each_column():
    content = b"a,b,c,d,e,f,g,h,i,j,k\r\n1,2,3,4,5,6,7,8,9,10,11\r\n"
    assert problems(content) == [
        "results.csv, row 1 is not the layout's header row: it must name the columns "
        + ", ".join(survey_csv.COLUMNS) + "; this file's has a, b, c, d, e, f, g, h, i, j, k"]
    assert len(problems(HEADER.replace("group", "measure").encode())) == 1


def test_a_file_of_only_a_byte_order_mark_is_empty():
    assert problems(b"\xef\xbb\xbf") == [
        "results.csv is empty: it needs a header row and at least one row of results"]


def test_number_responding_has_an_upper_limit():
    content = csv_of("Q,Yes,2025,All,99999999999999999999999,72,,")
    assert problems(content) == [
        "results.csv, row 2, column “number_responding”: “99999999999999999999999” is more "
        "than 1,000,000 people: check the figure"]
    assert survey_csv.read("results.csv", csv_of("Q,Yes,2025,All,1000000,72,,"))


@pytest.mark.parametrize("period", ["2026", "2026-27", "2025-12"])
def test_a_period_that_has_not_started_is_refused(period):
    # The conftest's day is 20 November 2025.
    assert problems(csv_of(f"Q,Yes,{period},All,48,72,,")) == [
        f"results.csv, row 2, column “period”: “{period}” has not started yet: results "
        "can only be for a period that has begun"]


@pytest.mark.parametrize("period", ["2025", "2025-26", "2025-11", "2024-25"])
def test_a_period_that_has_started_is_taken(period):
    assert survey_csv.read("results.csv", csv_of(f"Q,Yes,{period},All,48,72,,"))


@pytest.mark.parametrize("value", ["100.0", "0", "1E+1", "99.9"])
def test_a_percentage_the_database_holds_is_taken(value):
    [row] = survey_csv.read("results.csv", csv_of(f"Q,Yes,2025,All,48,{value},{value},N"))
    assert 0 <= row.percentage <= 100 and row.comparison == row.percentage


@pytest.mark.parametrize("value", ["100.1", "1E+3", "-0.1", "NaN", "Infinity", "12.25"])
def test_a_percentage_the_database_cannot_hold_is_a_problem(value):
    [problem] = problems(csv_of(f"Q,Yes,2025,All,48,72,{value},N"))
    assert problem.startswith(f"results.csv, row 2, column “comparison”: “{value}”")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "results.csv is empty: it needs a header row and at least one row of results"),
    (HEADER.encode(), "results.csv has a header row but no results"),
    ("question\r\nÉté\r\n".encode("latin-1"),
     "results.csv is not a CSV file saved as UTF-8: in your spreadsheet, save it as "
     "“CSV UTF-8”"),
])
def test_a_file_that_is_not_results_is_refused(content, message):
    assert problems(content) == [message]


@pytest.mark.parametrize(("period", "valid"), [
    ("2025", True), ("2025-26", True), ("2099-00", True), ("2025-11", True),
    ("2025-12", True), ("2025-27", False), ("2025-00", False), ("25", False),
    ("2025/26", False)])
def test_periods(period, valid):
    assert survey_csv.valid_period(period) is valid
