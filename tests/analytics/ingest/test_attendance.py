"""School attendance, in Smeaton's documented layout."""

from datetime import date

import pytest

from smeaton.analytics.formats import read
from smeaton.analytics.problems import FileProblem

from .conftest import problems_of, stored

HEADERS = ("PupilID,UPN,DOB,Sex,Ethnicity,SENStatus,URN,LA,AcademicYear,Term,"
           "SessionsPossible,SessionsAuthorised,SessionsUnauthorised,Suspensions")


def test_an_attendance_file_is_read_checked_and_pseudonymised(write, load, store):
    path = write("attendance.csv", HEADERS,
                 "P1,A123456789012,2012-05-17,F,WBRI,N,113000,879,2023/24,AUT,140,6,2,0",
                 "P1,A123456789012,2012-05-17,F,WBRI,N,113000,879,2023/24,SPR,120,10,4,",
                 "P2,A123456789013,2013-01-02,M,XXXX,Q,113000,879,2023/24,SUM,100,60,50,0",
                 "P3,A123456789014,2013-01-02,M,WBRI,N,113000,880,2023/24,SUM,100,6,5,0")
    result = load(path)
    (summary,) = result.summaries
    assert (summary.la_code, summary.year) == ("879", 2024)
    assert (summary.rows_in, summary.rows_stored, summary.rows_rejected) == (4, 3, 1)
    found = {(p.child, p.column): p.reason for p in problems_of(result, "attendance")}
    assert found["P2", "Ethnicity"] == "not a valid Ethnicity code"
    assert found["P2", "SENStatus"] == "not a valid SENStatus code: use E, K or N"
    assert found["P2", "SessionsPossible"] == "fewer than the 110 sessions missed"
    assert found["P3", "LA"] == "this file is for LA 879; row not stored"
    rows = stored(store, "attendance", "attendance", "879", 2024)
    assert rows[0]["DOB"] == date(2012, 5, 1)
    assert rows[0]["PupilID"] == rows[1]["PupilID"] != "P1"
    assert rows[1]["Suspensions"] is None and rows[0]["SessionsPossible"] == 140


def test_an_attendance_file_missing_columns_is_refused(write):
    with pytest.raises(FileProblem, match="looks like an attendance file but has no UPN"):
        read(write("a.csv", HEADERS.replace("UPN,", ""), ""))
