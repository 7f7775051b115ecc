"""Rules on the UASC table: children who are or were unaccompanied asylum-seeking children,
and the date that status ceased (DUC: the date they turned, or will turn, 18, unless it
ended sooner).

A child's row in this table is the child's UASC status, as DfE's CSV return gives it.
Last year's dates (birth, DUC) are stored as the first of their month, so they are
compared month with month (also when last year's return is given whole).
"""

from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

DOB = "2009-06-15"
HEADER = {"CHILD": "1", "SEX": "M", "DOB": DOB, "ETHNIC": "BAFR", "UPN": "UN2"}


def uasc(**fields) -> dict:
    return {"CHILD": "1", "SEX": "M", "DOB": DOB, **fields}


RULES("104", "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a "
             "valid date.", "uasc.DUC", format="invalid",
      trips=({"uasc": [uasc(DUC="2027-06-31")]},),
      passes=({"uasc": [uasc(DUC="2027-06-15")]},))

RULES("104", "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a "
             "valid date.", "uasc.DUC", where="DUC < {start}",
      note="A date that is not a date is found by the format checks; DfE also refuses a "
           "status that ceased before the year began (the child is then not UASC).",
      trips=({"uasc": [uasc(DUC="2025-03-31")]},),
      passes=({"uasc": [uasc(DUC="2025-04-01")]},))

RULES("304", "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or "
             "before the 18th birthday of a child.", "uasc.DUC",
      where="DUC > DOB + INTERVAL 18 YEAR",
      trips=({"uasc": [uasc(DUC="2027-06-16")]},),
      passes=({"uasc": [uasc(DUC="2027-06-15")]},))

RULES("INT09", "Internal Check: Child in UASC does not exist in Header.", "uasc.CHILD",
      where="NOT EXISTS (SELECT 1 FROM header WHERE header.CHILD = uasc.CHILD) "
            "AND EXISTS (SELECT 1 FROM header)",
      note="Not when the return has no Header at all (a file loaded on its own).",
      trips=({"header": [{**HEADER, "CHILD": "2"}], "uasc": [uasc()]},),
      passes=({"header": [HEADER], "uasc": [uasc()]},))

RULES("INT18", "Internal Check: DOB in UASC is different to DOB in Header.", "uasc.DOB",
      where="EXISTS (SELECT 1 FROM header WHERE header.CHILD = uasc.CHILD "
            "AND header.DOB <> uasc.DOB)",
      trips=({"header": [{**HEADER, "DOB": "2009-06-16"}], "uasc": [uasc()]},),
      passes=({"header": [HEADER], "uasc": [uasc()]},))

RULES("INT21", "Internal Check: SEX in UASC is different to SEX in Header.", "uasc.SEX",
      where="EXISTS (SELECT 1 FROM header WHERE header.CHILD = uasc.CHILD "
            "AND header.SEX <> uasc.SEX)",
      trips=({"header": [{**HEADER, "SEX": "F"}], "uasc": [uasc()]},),
      passes=({"header": [HEADER], "uasc": [uasc()]},))

RULES("INT36", "Internal Check: Child should only exist once in UASC.", "uasc.CHILD",
      format="duplicate",
      trips=({"uasc": [uasc(), uasc()]},),
      passes=({"uasc": [uasc(), uasc(CHILD="2")]},))

# --- Against last year's return --------------------------------------------------------

# Last year's row as stored: dates as the first of their month.
LAST_ROW = {"CHILD": "1", "SEX": "M", "DOB": "2009-06-01", "DUC": "2027-06-01"}

RULES("205B", "Child previously identified as UASC is also UASC this year, but date UASC "
              "ceased in both years does not support this.", "uasc.DUC", needs={PREVIOUS},
      # UASC in both years: last year's DUC was the 18th birthday, and this year's is in
      # the year or is that same date.
      where="EXISTS (SELECT 1 FROM uasc_last l WHERE l._child = uasc._child "
            "AND (date_trunc('month', l.DUC) IS DISTINCT FROM "
            "date_trunc('month', l.DOB + INTERVAL 18 YEAR) "
            "OR (NOT coalesce(uasc.DUC BETWEEN {start} AND {end}, false) "
            "AND date_trunc('month', uasc.DUC) IS DISTINCT FROM date_trunc('month', l.DUC))))",
      note="Compared by month, as last year's dates are stored.",
      trips=({"uasc": [uasc(DUC="2027-06-15")], "uasc_last": [{**LAST_ROW, "DUC": "2025-02-01"}]},
             {"uasc": [uasc(DUC="2027-07-15")], "uasc_last": [LAST_ROW]},
             {"uasc": [uasc()], "uasc_last": [LAST_ROW]}),
      passes=({"uasc": [uasc(DUC="2027-06-15")], "uasc_last": [LAST_ROW]},
              {"uasc": [uasc(DUC="2025-10-01")], "uasc_last": [LAST_ROW]}))

RULES("205D", "Child identified as UASC this year but not identified as UASC status provided "
              "for the child last year.", "uasc.CHILD", needs={PREVIOUS},
      where="EXISTS (SELECT 1 FROM header_last l WHERE l._child = uasc._child) "
            "AND NOT EXISTS (SELECT 1 FROM uasc_last l WHERE l._child = uasc._child)",
      note="UASC status is the child's row in the UASC table.",
      trips=({"uasc": [uasc()], "header_last": [{"CHILD": "1", "SEX": "M"}]},),
      passes=({"uasc": [uasc()], "header_last": [{"CHILD": "1", "SEX": "M"}],
               "uasc_last": [LAST_ROW]},
              {"uasc": [uasc()], "header_last": [{"CHILD": "2", "SEX": "M"}]}))
