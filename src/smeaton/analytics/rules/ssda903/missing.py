"""Rules on the Missing table: periods a child was missing from care (M) or away from
their placement without authorisation (A)."""

from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

# Periods that begin while an earlier-starting period of the same child is still open or
# has not yet ended. Filled in with the table and its start and end columns.
OVERLAPPING = """
    SELECT _row FROM (
        SELECT _row, {begins},
               max({ends}) OVER earlier AS latest_end,
               count(*) OVER earlier - count({ends}) OVER earlier AS open_before
        FROM {table}
        WINDOW earlier AS (PARTITION BY CHILD ORDER BY {begins}, _row
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
    WHERE open_before > 0 OR {begins} < latest_end
"""
# A child's first period this year, or their header row when they have none, when last
# year's return left a period open that this year's does not carry on (the same start).
NOT_CARRIED_ON = """
    WITH still_open AS (
        SELECT DISTINCT _child, {begins} AS began FROM {table}_last WHERE {ends} IS NULL),
    firsts AS (
        SELECT _child, min({begins}) AS began, arg_min(_row, {begins}) AS _row
        FROM {table} GROUP BY _child)
    SELECT DISTINCT '{table}' AS _table, firsts._row FROM firsts JOIN still_open
        USING (_child)
    WHERE firsts.began <> still_open.began
    UNION ALL
    SELECT 'header', header._row FROM header
    WHERE header._child IN (SELECT _child FROM still_open)
      AND header._child NOT IN (SELECT _child FROM firsts)
"""


def period(child: str, start: str, end: str | None = None, kind: str | None = "M",
           dob: str = "2010-05-01") -> dict:
    """A missing or away period as an example gives it."""
    return {"CHILD": child, "DOB": dob, "MISSING": kind, "MIS_START": start,
            "MIS_END": end}


RULES("564", "Child was missing or away from placement without authorisation and the date "
             "started is blank.", "missing.MIS_START", format="blank",
      trips=({"missing": [period("1", "")]},),
      passes=({"missing": [period("1", "2025-06-01")]},))

RULES("565", "The date that the child started to be missing or away from placement without "
             "authorisation has been completed but whether the child was missing or away "
             "from placement without authorisation has not been completed.",
      "missing.MISSING", format="blank",
      note="Every stored period has its start date, so a blank MISSING is this rule's. It "
           "is also DfE's 566 when the end date is given; one problem carries one code, "
           "and this one says the most.",
      trips=({"missing": [period("1", "2025-06-01", kind=None)]},),
      passes=({"missing": [period("1", "2025-06-01", kind="A")]},))

RULES("567", "The date that the missing episode or episode that the child was away from "
             "placement without authorisation ended is before the date that it started.",
      "missing.MIS_START", "missing.MIS_END", where="MIS_END < MIS_START",
      trips=({"missing": [period("1", "2025-06-02", "2025-06-01")]},),
      passes=({"missing": [period("1", "2025-06-02", "2025-06-02")]},))

RULES("570", "The date that the child started to be missing or away from placement without "
             "authorisation is after the end of the collection year.", "missing.MIS_START",
      format="late",
      trips=({"missing": [period("1", "2026-04-01")]},),
      passes=({"missing": [period("1", "2026-03-31")]},))

MESSAGE_571 = ("The date that the child ceased to be missing or away from placement without "
               "authorisation is before the start or after the end of the collection year.")
RULES("571", MESSAGE_571, "missing.MIS_END", where="MIS_END < {start}",
      note="An end after 31 March is found by the format checks, and carries this code too.",
      trips=({"missing": [period("1", "2025-03-01", "2025-03-31")]},),
      passes=({"missing": [period("1", "2025-03-01", "2025-04-01")]},))
RULES("571", MESSAGE_571, "missing.MIS_END", format="late",
      trips=({"missing": [period("1", "2026-03-01", "2026-04-01")]},),
      passes=({"missing": [period("1", "2026-03-01", "2026-03-31")]},))

RULES("574", "A new missing/away from placement without authorisation period cannot start "
             "when the previous missing/away from placement without authorisation period is "
             "still open. Missing/away from placement without authorisation periods should "
             "also not overlap.", "missing.MIS_START", "missing.MIS_END",
      sql=OVERLAPPING.format(table="missing", begins="MIS_START", ends="MIS_END"),
      note="Periods are taken in order of starting, and a period is flagged when any "
           "earlier one is open or ends after it starts; the other tool orders them by "
           "their ends and compares each only with the one before, so it misses a period "
           "inside a long one when another lies between them.",
      trips=({"missing": [period("1", "2025-06-01"), period("1", "2025-07-01")]},
             {"missing": [period("1", "2025-06-01", "2025-06-30"),
                          period("1", "2025-06-05", "2025-06-06"),
                          period("1", "2025-06-10", "2025-06-12")]}),
      passes=({"missing": [period("1", "2025-06-01", "2025-06-05"),
                           period("1", "2025-06-05", "2025-06-07"),
                           period("1", "2025-07-01")]},))

RULES("576", "There is an open missing/away from placement without authorisation period in "
             "last year’s return and there is no corresponding period recorded at the start "
             "of this year.", "missing.CHILD", "header.CHILD", needs={PREVIOUS},
      sql=NOT_CARRIED_ON.format(table="missing", begins="MIS_START", ends="MIS_END"),
      note="When the child has no period at all this year their Header row is flagged; "
           "the other tool flags nothing then.",
      trips=({"missing": [period("1", "2025-06-01")],
              "missing_last": [period("1", "2025-03-01")]},
             {"header": [{"CHILD": "1", "SEX": "M", "DOB": "2010-05-01"}],
              "missing_last": [period("1", "2025-03-01")]}),
      passes=({"missing": [period("1", "2025-03-01", "2025-04-03"),
                           period("1", "2025-06-01")],
               "header": [{"CHILD": "2", "SEX": "M", "DOB": "2010-05-01"}],
               "missing_last": [period("1", "2025-03-01"),
                                period("2", "2025-01-01", "2025-01-02")]},))

RULES("586", "Dates of missing periods are before child’s date of birth.",
      "missing.MIS_START", where="MIS_START <= DOB",
      trips=({"missing": [period("1", "2010-05-01", dob="2010-05-01")]},),
      passes=({"missing": [period("1", "2010-05-02", dob="2010-05-01")]},))

RULES("1004", "The start date of the missing episode or episode that the child was away "
              "from placement without authorisation is not a valid date.",
      "missing.MIS_START", format="invalid",
      note="A blank start carries 564.",
      trips=({"missing": [period("1", "2025-06-31")]},),
      passes=({"missing": [period("1", "2025-06-30")]},))

RULES("1005", "The end date of the missing episode or episode that the child was away from "
              "placement without authorisation is not a valid date.", "missing.MIS_END",
      format="invalid",
      trips=({"missing": [period("1", "2025-06-01", "2025-06-31")]},),
      passes=({"missing": [period("1", "2025-06-01", "2025-06-30")]},))

RULES("1006", "Missing type invalid.", "missing.MISSING", format="invalid",
      note="A blank type carries 565.",
      trips=({"missing": [period("1", "2025-06-01", kind="X")]},),
      passes=({"missing": [period("1", "2025-06-01", kind="a")]},))
