"""SSDA903: tables recognised by their headers, in CSV or XML, and every check on them."""

from datetime import date

import pytest

from smeaton.analytics.formats import read
from smeaton.analytics.problems import BatchRefused, FileProblem

from .conftest import EPISODES, HEADER, problems_of, stored


def test_a_table_is_recognised_by_its_headers_in_any_order_case_and_spacing(write):
    path = write("whatever.csv", " dob ,child,Sex,ETHNIC , upn,MC_DOB,Mother",
                 "15/06/2013,C1,1,WBRI,A123456789012,,")
    raw = read(path)
    (table,) = raw.tables
    assert table.spec.name == "header"
    assert table.columns["CHILD"].to_pylist() == ["C1"]
    assert table.columns["DOB"].to_pylist() == ["15/06/2013"]


def test_a_file_missing_a_column_is_refused_naming_the_table_and_column(write):
    path = write("episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,REC,"
                 "REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN", "")
    with pytest.raises(FileProblem, match="looks like the SSDA903 Episodes table but has no "
                                          "DEC column"):
        read(path)


def test_an_unknown_table_is_one_clear_message(write):
    with pytest.raises(FileProblem, match="unknown table: its columns"):
        read(write("odd.csv", "NAME,AGE", "Ann,9"))


def test_an_empty_file_and_a_binary_file_are_refused(write, tmp_path):
    with pytest.raises(FileProblem, match="is empty"):
        read(write("empty.csv", ""))
    binary = tmp_path / "in" / "binary.csv"
    binary.write_bytes(b"CHILD\x00\x01\x02")
    with pytest.raises(FileProblem, match="binary"):
        read(binary)


def test_windows_1252_is_read_with_a_warning_and_a_byte_order_mark_is_ignored(write):
    bom = write("bom.csv", "\ufeffCHILD,SEX,DOB,DUC", "C1,1,01/02/2010,")
    assert read(bom).tables[0].spec.name == "uasc"
    legacy = write("legacy.csv", "CHILD,SEX,DOB,DUC", "Cé1,1,01/02/2010,", encoding="cp1252")
    raw = read(legacy)
    assert raw.tables[0].columns["CHILD"].to_pylist() == ["Cé1"]
    assert "not UTF-8" in raw.problems[0].reason


def test_a_ragged_row_is_reported_and_counted_as_rejected(write, load):
    path = write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,",
                 "C2,1,01/02/2010", "C3,2,01/03/2011,WBRI,UN1,,")
    result = load(path, la_code="879")
    (summary,) = result.summaries
    assert (summary.rows_in, summary.rows_stored, summary.rows_rejected) == (3, 2, 1)
    (problem,) = problems_of(result)
    assert problem.row == 3 and "has 3 cells where the header has 7" in problem.reason


def test_xml_is_read_into_the_same_tables_with_its_own_names(write):
    path = write("return.xml", """<?xml version='1.0' encoding='us-ascii'?>
<EXPSSDA903><CHILD><HEADER><CHILDID>907440</CHILDID><UPN>A013219285333</UPN><SEX>2</SEX>
<DOB>28/07/2010</DOB><ETHNIC>BAFR</ETHNIC><UASC>1</UASC><DUC>28/07/2028</DUC>
<AREVIEW><REVIEW>27/09/2017</REVIEW><REVIEW_CODE>PN0</REVIEW_CODE></AREVIEW>
<MOTHER /><MC_DOB /><PERMANENCE><PREV_PERM>Z1</PREV_PERM></PERMANENCE>
<IN_TOUCH>YES</IN_TOUCH><ACTIV>F1</ACTIV><ACCOM>B1</ACCOM></HEADER>
<EPISODE><DECOM>06/01/2017</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N4</CIN><PL>R5</PL>
<PL_POST>E7 5YR</PL_POST><HOME_POST>B15 8PZ</HOME_POST><URN>1465167</URN>
<PLACE_PROVIDER>PR2</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE /></EPISODE>
<FUTURE_THING>1</FUTURE_THING></CHILD></EXPSSDA903>""")
    raw = read(path)
    tables = {table.spec.name: table for table in raw.tables}
    assert set(tables) == {"header", "episodes", "reviews", "prev_perm", "oc3", "uasc"}
    assert tables["episodes"].columns["PLACE"].to_pylist() == ["R5"]
    assert tables["reviews"].columns["CHILD"].to_pylist() == ["907440"]
    assert tables["reviews"].columns["DOB"].to_pylist() == ["28/07/2010"]
    assert tables["uasc"].columns["DUC"].to_pylist() == ["28/07/2028"]
    assert tables["oc3"].columns["ACCOM"].to_pylist() == ["B1"]
    assert tables["episodes"].rows.to_pylist() == ["/EXPSSDA903/CHILD[1]/EPISODE[1]"]
    assert "FUTURE_THING" in raw.problems[0].column and "not stored" in raw.problems[0].reason


# --- Checks --------------------------------------------------------------------------


def episodes_file(write, *rows: str):
    return write("2018/episodes.csv", EPISODES, *rows)


def test_dates_codes_and_blanks_are_checked_against_the_year(write, load, store):
    path = episodes_file(
        write,
        "C1,31/02/2017,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC123456",
        "C2,2017-05-01,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC123456",
        "C3,01/05/2017,S,C2,N1,K3,PR1,,,,PL1 2AB,PL4 8AA,SC123456",
        "C4,01/05/2017,S,C2,N1,QQ,PR1,,,,PL1 2AB,PL4 8AA,SC123456",
        "C5,01/05/2017,S,,N1,U1,PR1,,,,PL1 2AB,NOT A POSTCODE,SC123456",
        "C6,01/05/2018,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC123456",
    )
    result = load(path, la_code="879")
    reasons = {(p.child, p.column): p.reason for p in problems_of(result)}
    assert reasons["C1", "DECOM"] == "not a real date; row not stored"
    assert reasons["C2", "DECOM"] == "not a date in the form DD/MM/YYYY; row not stored"
    assert reasons["C3", "PLACE"] == "K3 is not a valid PLACE in 2018 returns"
    assert reasons["C4", "PLACE"] == "not a valid PLACE code"
    assert reasons["C5", "LS"] == "blank, but LS must be given"
    assert reasons["C5", "PL_POST"] == "not a UK postcode"
    assert reasons["C6", "DECOM"].startswith("after the end of the 2018 collection year")
    (summary,) = result.summaries
    assert (summary.rows_in, summary.rows_stored, summary.rows_rejected) == (6, 3, 3)
    rows = {row["source_row"]: row
            for row in stored(store, "ssda903", "episodes", "879", 2018)}
    assert rows["4"]["failed_fields"] == ["PLACE"]  # stored, but not for PLACE
    assert rows["6"]["failed_fields"] == ["LS", "PL_POST"]


def test_a_code_valid_in_a_later_year_is_accepted_in_that_year(write, load):
    path = write("2025/episodes.csv", EPISODES,
                 "C3,01/05/2024,S,C2,N1,K3,PR1,,,,PL1 2AB,PL4 8AA,SC123456")
    result = load(path, la_code="879")
    assert not problems_of(result, column="PLACE")


def test_episode_structure(write, load):
    """DEC before DECOM; overlapping episodes; X1 with nothing after; a new period of care
    that does not start with RNE S."""
    path = episodes_file(
        write,
        # C1: DEC before DECOM
        "C1,10/05/2017,S,C2,N1,U1,PR1,01/05/2017,E11,,PL1 2AB,PL4 8AA,SC1",
        # C2: the first episode runs past the start of the second
        "C2,01/05/2017,S,C2,N1,U1,PR1,01/07/2017,X1,,PL1 2AB,PL4 8AA,SC1",
        "C2,01/06/2017,P,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1",
        # C3: X1 says another episode follows, but none does
        "C3,01/05/2017,S,C2,N1,U1,PR1,01/07/2017,X1,,PL1 2AB,PL4 8AA,SC1",
        # C4: care ceased (E11), then a new episode with RNE P instead of S
        "C4,01/05/2017,S,C2,N1,U1,PR1,01/07/2017,E11,,PL1 2AB,PL4 8AA,SC1",
        "C4,01/09/2017,P,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1",
        # C5: a clean chain: X1 then the next episode the same day (a change of placement,
        # with its reason: DfE's rule 225)
        "C5,01/05/2017,S,C2,N1,U1,PR1,01/07/2017,X1,CARPL,PL1 2AB,PL4 8AA,SC1",
        "C5,01/07/2017,P,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1",
    )
    result = load(path, la_code="879")
    found = {(p.child, p.row, p.column): p.reason for p in problems_of(result)}
    assert found["C1", 2, "DEC"] == "before DECOM 10/05/2017"
    assert found["C2", 3, "DEC"].startswith("overlaps the next episode, which starts "
                                            "01/06/2017 (row 4)")
    assert found["C3", 5, "REC"].startswith("X1 says a new episode starts the same day")
    assert found["C4", 7, "RNE"].startswith("a new period of care (the last one ended "
                                            "01/07/2017, E11) must start with RNE S")
    assert not [key for key in found if key[0] == "C5"]


def test_a_repeated_child_in_the_header_is_a_duplicate_and_rejected(write, load):
    path = write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,",
                 "C1,1,01/02/2010,WBRI,UN1,,")
    result = load(path, la_code="879")
    (problem,) = problems_of(result)
    assert problem.row == 3 and "a duplicate: the same CHILD as row 2" in problem.reason
    assert problem.rule == "INT32" and problem.year == 2018  # DfE's code for it
    assert result.summaries[0].rows_rejected == 1


def test_the_rows_of_a_child_given_twice_in_xml_are_refused_with_it(write, load, store):
    """In an XML return a child's rows sit inside its <CHILD>. A second <CHILD> 907440 is
    refused as a duplicate, and its episode and review with it, though they differ from
    the first child's: which child they belong to is in doubt."""
    child = """<CHILD><HEADER><CHILDID>907440</CHILDID><UPN>A013219285333</UPN><SEX>2</SEX>
<DOB>28/07/2010</DOB><ETHNIC>BAFR</ETHNIC><UASC /><MOTHER /><MC_DOB />
<AREVIEW><REVIEW>{review}</REVIEW><REVIEW_CODE>PN0</REVIEW_CODE></AREVIEW></HEADER>
<EPISODE><DECOM>{decom}</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N4</CIN><PL>R5</PL>
<PL_POST>E7 5YR</PL_POST><HOME_POST>B15 8PZ</HOME_POST><URN>1465167</URN>
<PLACE_PROVIDER>PR2</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE /></EPISODE></CHILD>"""
    path = write("return.xml", "<EXPSSDA903>"
                 + child.format(review="27/09/2017", decom="06/01/2017")
                 + child.format(review="27/10/2017", decom="06/02/2017") + "</EXPSSDA903>")
    result = load(path, la_code="879", year=2018)
    counts = {s.table: (s.rows_in, s.rows_stored, s.rows_rejected) for s in result.summaries}
    assert counts == {"header": (2, 1, 1), "episodes": (2, 1, 1), "reviews": (2, 1, 1)}
    found = {p.row: p for p in problems_of(result) if p.table != "header"}
    assert set(found) == {"/EXPSSDA903/CHILD[2]/EPISODE[1]", "/EXPSSDA903/CHILD[2]/AREVIEW[1]"}
    assert {(p.column, p.value, p.reason) for p in found.values()} == {
        ("CHILD", "907440", "refused with its child: the child 907440 was given twice "
                            "(first at /EXPSSDA903/CHILD[1]); row not stored")}
    (episode,) = stored(store, "ssda903", "episodes", "879", 2018)
    assert episode["DECOM"] == date(2017, 1, 6)


def test_a_care_leaver_never_looked_after_is_a_warning(write, load):
    write("2018/episodes.csv", EPISODES,
          "C1,01/05/2017,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1")
    oc3 = write("2018/oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
                "C1,01/02/1998,YES,F1,B1", "C9,01/02/1998,YES,F1,B1")
    result = load(oc3.parent, la_code="879")
    (problem,) = problems_of(result, "oc3")
    assert problem.child == "C9" and problem.severity == "warning"
    assert "no episode of care" in problem.reason


def test_a_care_leaver_looked_after_in_an_earlier_stored_return_is_not_flagged(write, load):
    load(write("2016/episodes.csv", EPISODES,
               "C9,01/05/2015,S,C2,N1,U1,PR1,01/05/2015,E11,,PL1 2AB,PL4 8AA,SC1"),
         la_code="879")
    result = load(write("2018/oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
                        "C9,01/02/1998,YES,F1,B1"), la_code="879")
    assert not problems_of(result, "oc3")


def test_a_care_leaver_looked_after_in_another_year_of_the_same_batch_is_not_flagged(
        write, load):
    write("2016/episodes.csv", EPISODES,
          "C9,01/05/2015,S,C2,N1,U1,PR1,01/05/2015,E11,,PL1 2AB,PL4 8AA,SC1")
    oc3 = write("2018/oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", "C9,01/02/1998,YES,F1,B1")
    result = load(oc3.parents[1], la_code="879")
    assert len(result.summaries) == 2 and not problems_of(result, "oc3")


def test_the_year_comes_from_a_folder_the_option_or_the_latest_episode(write, load, tmp_path):
    path = write("la_code=879/year=2019/episodes.csv", EPISODES,
                 "C1,01/05/2018,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1")
    result = load(path)
    assert (result.summaries[0].la_code, result.summaries[0].year) == ("879", 2019)
    loose = tmp_path / "loose.csv"
    loose.write_text(f"{EPISODES}\nC1,01/05/2020,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1\n")
    result = load(loose, la_code="880")
    assert result.summaries[0].year == 2021
    assert "worked out from its latest episode date" in problems_of(result)[0].reason


def test_without_an_la_the_batch_is_refused(tmp_path, load, monkeypatch):
    loose = tmp_path / "loose.csv"
    loose.write_text(f"{EPISODES}\nC1,01/05/2020,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1\n")
    # The analytics room reads no council from the environment: its caller gives it.
    monkeypatch.setenv("SMEATON_LA_CODE", "879")
    with pytest.raises(BatchRefused, match="give --la"):
        load(loose, year=2021)


def test_a_file_nothing_names_the_la_of_is_the_councils_the_caller_gives(write, load):
    loose = write("loose.csv", EPISODES, "C1,01/05/2020,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1")
    result = load(loose, year=2021, council_la_code="879")
    assert result.summaries[0].la_code == "879"
    # The LA asked for, or a folder named for one, comes first.
    assert load(loose, year=2021, la_code="880",
                council_la_code="879").summaries[0].la_code == "880"
    named = write("la_code=881/episodes.csv", EPISODES,
                  "C1,01/05/2020,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1")
    assert load(named, year=2021, council_la_code="879").summaries[0].la_code == "881"


def test_two_files_for_one_table_in_a_folder_are_refused(write, load):
    write("2018/a.csv", "CHILD,SEX,DOB,DUC", "C1,1,01/02/2010,")
    path = write("2018/b.csv", "CHILD,SEX,DOB,DUC", "C2,1,01/02/2010,")
    with pytest.raises(BatchRefused, match="more than one file holds the SSDA903 uasc"):
        load(path.parent, la_code="879")


def test_dates_are_stored_as_dates(write, load, store):
    load(write("2018/uasc.csv", "CHILD,SEX,DOB,DUC", "C1,1,17/02/2010,17/02/2028"),
         la_code="879")
    (row,) = stored(store, "ssda903", "uasc", "879", 2018)
    assert row["DUC"] == date(2028, 2, 1)  # as a date, the first of its month (privacy)
