"""Rules on the Header table: the child's own details."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

RULES("102", "Date of birth is not a valid date.", "header.DOB", format="any",
      trips=({"header": [{"CHILD": "1", "DOB": "2015-02-30"}]},),
      passes=({"header": [{"CHILD": "1", "DOB": "2015-02-28"}]},))

RULES("103", "The ethnicity code is either not valid or has not been entered.",
      "header.ETHNIC", format="any",
      trips=({"header": [{"CHILD": "1", "ETHNIC": "White British"}]},
             {"header": [{"CHILD": "1"}]}),
      passes=({"header": [{"CHILD": "1", "ETHNIC": "WBRI"}]},))

RULES("301", "Date of birth falls after the year ended.", "header.DOB", format="late",
      trips=({"header": [{"CHILD": "1", "DOB": "2026-04-02"}]},),
      passes=({"header": [{"CHILD": "1", "DOB": "2026-03-31"}]},))

RULES("351", "Child was over 25 at the start of the current collection year.",
      "header.DOB", where="age_on(DOB, {start}) > 25",
      trips=({"header": [{"CHILD": "1", "DOB": "1995-01-01"}]},),
      passes=({"header": [{"CHILD": "1", "DOB": "2005-01-01"}]},))

RULES("620", "Child has been recorded as a mother, but date of birth shows that the mother "
             "is under 11 years of age.", "header.DOB", "header.MOTHER",
      where="MOTHER = '1' AND age_on(DOB, {start}) < 11",
      trips=({"header": [{"CHILD": "1", "SEX": "2", "DOB": "2018-01-01", "MOTHER": "1"}]},),
      passes=({"header": [{"CHILD": "1", "SEX": "2", "DOB": "2008-01-01", "MOTHER": "1"}]},))

RULES("INT32", "Internal Check: Child should only exist once in Header.", "header.CHILD",
      format="duplicate",
      trips=({"header": [{"CHILD": "1"}, {"CHILD": "1"}]},),
      passes=({"header": [{"CHILD": "1"}, {"CHILD": "2"}]},))

RULES("EPI", "WARNING: Episodes need to be loaded for this child before further validation "
             "is possible.", "header.CHILD", severity=QUERY,
      where="CHILD NOT IN (SELECT CHILD FROM episodes WHERE CHILD IS NOT NULL) "
            "AND CHILD NOT IN (SELECT CHILD FROM oc3 WHERE CHILD IS NOT NULL)",
      note="A care leaver in OC3 is in the header with no episode of the year: not flagged.",
      trips=({"header": [{"CHILD": "1"}]},),
      passes=({"header": [{"CHILD": "1"}],
               "episodes": [{"CHILD": "1", "DECOM": "2025-05-01"}]},
              {"header": [{"CHILD": "1", "DOB": "2006-06-01"}],
               "oc3": [{"CHILD": "1", "DOB": "2006-06-01", "IN_TOUCH": "YES", "ACTIV": "F2",
                        "ACCOM": "U1"}]},))
