"""Files that are broken, or made to break things: every one read to rows and problems,
or refused with one line that says why; never a traceback."""

import pytest

from smeaton.analytics.problems import BatchRefused, Problem

from .conftest import cin_message, problems_of, stored

UASC = "CHILD,SEX,DOB,DUC"


def test_a_quoted_cell_over_128_kb_is_a_problem_on_its_row_not_a_traceback(write, load,
                                                                          store):
    huge = "x" * 200_000
    result = load(write("2018/uasc.csv", UASC, "C1,1,01/02/2010,", f'"{huge}",1,01/02/2010,',
                        "C3,1,01/02/2010,"), la_code="879")
    (problem,) = problems_of(result, "uasc", "CHILD")
    assert (problem.row, problem.severity) == (3, "error")
    assert "200,000 characters" in problem.reason and "row not stored" in problem.reason
    assert len(str(problem)) < 300 and "\n" not in str(problem)
    assert len(stored(store, "ssda903", "uasc", "879", 2018)) == 2


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_every_kind_of_line_ending_is_read(tmp_path, load, store, ending):
    path = tmp_path / "in" / "2018" / "uasc.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(ending.join([UASC, "C1,1,01/02/2010,", "C2,1,01/02/2010,"]).encode()
                     + ending.encode())
    result = load(path, la_code="879")
    assert not problems_of(result)
    assert [row.rows_stored for row in result.summaries] == [2]


def test_a_quote_left_open_is_reported_where_it_opened_and_the_rows_after_it_are_read(
        write, load, store):
    rows = [f"C{number},1,01/02/2010," for number in range(1, 3001)]
    rows[2] = 'C3,"1,01/02/2010,'  # row 4 of the file: the quote is never closed
    result = load(write("2018/uasc.csv", UASC, *rows), la_code="879")
    (problem,) = problems_of(result)
    assert (problem.row, problem.column, problem.value) == (4, "SEX", "1,01/02/2010,")
    assert "quote" in problem.reason and "not closed" in problem.reason
    (summary,) = result.summaries
    assert (summary.rows_in, summary.rows_stored, summary.rows_rejected) == (3000, 2999, 1)


def test_a_quote_closed_rows_later_is_reported_where_it_opened(write, load):
    result = load(write("2018/uasc.csv", UASC, "C1,1,01/02/2010,", 'C2,"1,01/02/2010,',
                        'C3,1",01/02/2010,', "C4,1,01/02/2010,"), la_code="879")
    assert [problem.row for problem in problems_of(result)][:1] == [3]
    assert "not closed" in problems_of(result)[0].reason
    assert result.summaries[0].rows_stored >= 2  # C1 and C4, at least


def test_a_child_id_with_a_control_character_is_refused(write, load, store):
    result = load(write("cin.xml", cin_message(
        "<Child><ChildIdentifiers><LAchildID>C1&#10;C2</LAchildID>"
        "<PersonBirthDate>2015-03-27</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>"
        "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics></Child>"
        "<Child><ChildIdentifiers><LAchildID>C3&#9;C4</LAchildID>"
        "<PersonBirthDate>2015-03-27</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>"
        "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics></Child>"
    )))
    refused = problems_of(result, "cin_children", "LAchildID")
    assert len(refused) == 2
    assert all("control character" in p.reason and "row not stored" in p.reason
               for p in refused)
    assert result.summaries[0].rows_stored == 0


def test_an_ssda903_child_id_with_a_tab_inside_is_refused(write, load):
    result = load(write("2018/uasc.csv", UASC, "C1\tC2,1,01/02/2010,"), la_code="879")
    (problem,) = problems_of(result, "uasc", "CHILD")
    assert "control character" in problem.reason


def test_a_header_only_file_is_refused_unless_an_empty_return_is_asked_for(write, load,
                                                                          store):
    load(write("2018/uasc.csv", UASC, "C1,1,01/02/2010,"), la_code="879")
    empty = write("2018/uasc.csv", UASC)
    with pytest.raises(BatchRefused, match="no rows") as refused:
        load(empty, la_code="879")
    assert "--allow-empty" in str(refused.value)
    assert len(stored(store, "ssda903", "uasc", "879", 2018)) == 1
    load(empty, la_code="879", allow_empty=True)
    assert stored(store, "ssda903", "uasc", "879", 2018) == []


def test_a_return_whose_every_row_is_refused_does_not_empty_the_one_held(write, load,
                                                                           store):
    load(write("2018/uasc.csv", UASC, "C1,1,01/02/2010,"), la_code="879")
    with pytest.raises(BatchRefused, match="every row was refused") as refused:
        load(write("2018/uasc.csv", UASC, "C1"), la_code="879")  # one cell of four
    assert "row 2" in str(refused.value) and "with an empty one" in str(refused.value)
    assert len(stored(store, "ssda903", "uasc", "879", 2018)) == 1


def test_a_problem_is_one_line_with_its_value_cut_short():
    problem = Problem("f.csv", "uasc", 3, "CHILD", "x\n" * 100_000, "a reason")
    assert "\n" not in str(problem) and len(str(problem)) < 300
    assert len(problem.value) < 1_000 and "200,000 characters" in problem.value


def test_a_whole_number_too_large_to_store_or_in_other_digits_fails_its_check(write, load):
    # Found by fuzzing: 9223372036854775808 overflowed int64, and "²" passes isdigit().
    header = ("PupilID,UPN,DOB,Sex,Ethnicity,SENStatus,URN,LA,AcademicYear,Term,"
              "SessionsPossible,SessionsAuthorised,SessionsUnauthorised,Suspensions")
    result = load(write("attendance.csv", header,
                        "P1,UN1,2012-05-17,F,WBRI,N,1,879,2023/24,AUT,1,0,0,9223372036854775808",
                        "P2,UN1,2012-05-17,F,WBRI,N,1,879,2023/24,AUT,²,0,0,0"))
    reasons = {p.child: p.reason for p in problems_of(result, "attendance")}
    assert reasons == {"P1": "more than 9 digits: too large to be a count",
                       "P2": "not a whole number"}


def test_a_huge_code_quoted_in_a_reason_is_cut_short(write, load):
    # Found by fuzzing: an episode's REC of 2,000 characters was quoted whole in the
    # next episode's problem ("the last one ended ..., REC").
    rec = "Y" * 2_000
    episodes = "".join(
        f"<EPISODE><DECOM>{decom}</DECOM><RNE>B</RNE><LS>C1</LS><CIN>N1</CIN><PL>U1</PL>"
        f"<DEC>{dec}</DEC><REC>{code}</REC></EPISODE>"
        for decom, dec, code in (("01/01/2020", "01/02/2020", rec),
                                 ("02/02/2020", "01/03/2020", "E11")))
    result = load(write("903.xml", "<EXPSSDA903><CHILD><HEADER><CHILDID>C1</CHILDID><SEX>1"
                        "</SEX><DOB>01/01/2010</DOB><ETHNIC>WBRI</ETHNIC><UPN>UN1</UPN>"
                        f"<MOTHER>0</MOTHER></HEADER>{episodes}</CHILD></EXPSSDA903>"),
                  la_code="879", year=2020)
    (problem,) = problems_of(result, "episodes", "RNE")
    assert "YYYY… (2,000 characters)) must start with RNE S" in problem.reason
    assert all(len(str(problem)) < 400 for problem in problems_of(result))


@pytest.mark.parametrize("year", ["²⁰²⁵", "9" * 5_000])
def test_a_census_year_in_other_digits_or_too_long_is_not_a_year(write, year):
    from smeaton.analytics.formats import read

    message = cin_message("").replace("<Year>2025</Year>", f"<Year>{year}</Year>").replace(
        "<ReferenceDate>2025-03-31</ReferenceDate>", "")
    assert read(write("cin.xml", message)).year is None


def test_a_year_no_return_can_have_is_refused_in_one_line(write, load):
    # Found by fuzzing: a census whose ReferenceDate is 9999-12-31 is for the collection
    # year 10000, which has no 31 March (Python's dates end at 9999).
    child = ("<Child><ChildIdentifiers><LAchildID>C1</LAchildID></ChildIdentifiers>"
             "</Child>")
    census = cin_message(child).replace("<ReferenceDate>2025-03-31",
                                        "<ReferenceDate>9999-12-31")
    with pytest.raises(BatchRefused, match="10000 is not a collection year"):
        load(write("cin.xml", census))
    header = ("PupilID,UPN,DOB,Sex,Ethnicity,SENStatus,URN,LA,AcademicYear,Term,"
              "SessionsPossible,SessionsAuthorised,SessionsUnauthorised")
    with pytest.raises(BatchRefused, match="10000 is not a collection year"):
        load(write("attendance.csv", header, "P1,UN1,2012-05-17,F,WBRI,N,1,879,9999/00,AUT,1,0,0"))
