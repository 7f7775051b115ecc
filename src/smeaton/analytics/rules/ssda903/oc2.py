"""Rules on the OC2 table: outcomes for children looked after continuously for 12 months
at 31 March (convictions, health, substance misuse, the SDQ)."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

# The children looked after continuously for 12 months at 31 March, DfE's OC2 cohort:
# in care on 1 April, and in the year no episode that ends a period of care (REC other
# than X1; one that ends on 31 March too, as the child is then not looked after at 31
# March), none that starts one (RNE S) and none of short breaks (LS V3 or V4), which
# DfE leaves out of the cohort.
LOOKED_AFTER_ALL_YEAR = """
    SELECT CHILD FROM episodes GROUP BY CHILD
    HAVING count(*) FILTER (WHERE DECOM <= {start} AND (DEC IS NULL OR DEC >= {start})) > 0
       AND count(*) FILTER (
               WHERE (RNE = 'S' AND DECOM > {start} AND DECOM <= {end})
                  OR (REC IS DISTINCT FROM 'X1' AND DEC BETWEEN {start} AND {end})
                  OR (LS IN ('V3', 'V4') AND DECOM <= {end}
                      AND (DEC IS NULL OR DEC >= {start}))) = 0
"""
CLA_NOTE = ("A child is in the cohort only if an episode is open on 1 April, and not if "
            "they left care on 31 March; the other tool counts any child in care during the "
            "year with no episode that starts or ends a period of care before 31 March.")
HEALTH = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
          "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
# The four items every child of the cohort must have.
CORE = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")


def _any_given(fields) -> str:
    return "(" + " OR ".join(f"{name} IS NOT NULL" for name in fields) + ")"


def _any_blank(fields) -> str:
    return "(" + " OR ".join(f"{name} IS NULL" for name in fields) + ")"


def _oc2(child="1", dob="2012-06-01", **fields) -> dict:
    return {"CHILD": child, "DOB": dob, **fields}


def _episode(child="1", decom="2024-06-01", **fields) -> dict:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U1", **fields}


ALL_COMPLETE = {"CONVICTED": "0", "HEALTH_CHECK": "1", "IMMUNISATIONS": "1",
                "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"}
IN_CARE_ALL_YEAR = [_episode()]
LEFT_CARE = [_episode(DEC="2025-09-01", REC="E11")]
IN_CARE = f"CHILD IN ({LOOKED_AFTER_ALL_YEAR})"
LEAVER_GIVEN = _any_given(("IN_TOUCH", "ACTIV", "ACCOM"))

RULES("INT33", "Internal Check: Child should only exist once in OC2.", "oc2.CHILD",
      format="duplicate",
      note="The first row is kept and each repeat flagged; the other tool flags the "
           "first row too.",
      trips=({"oc2": [_oc2(), _oc2()]},),
      passes=({"oc2": [_oc2(), _oc2("2")]},))

RULES("157", "Child is aged 4 years or over at the beginning of the year or 16 years or under "
             "at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has "
             "been recorded as the reason for no Strengths and Difficulties Questionnaire "
             "(SDQ) score.", "oc2.SDQ_REASON", "oc2.DOB",
      where=f"SDQ_REASON = 'SDQ1' AND SDQ_SCORE IS NULL AND age_on(DOB, {{start}}) >= 4 "
            f"AND age_on(DOB, {{end}}) <= 16 AND {IN_CARE}",
      note="16 or under at the end of the year is taken as DfE words it (not yet 17 on 31 "
           "March); the other tool asks that the 16th birthday fall on or after 31 March. "
           + CLA_NOTE,
      trips=({"oc2": [_oc2(dob="2009-06-01", SDQ_REASON="SDQ1")],
              "episodes": IN_CARE_ALL_YEAR},),
      passes=({"oc2": [_oc2(dob="2009-03-31", SDQ_REASON="SDQ1")],
               "episodes": IN_CARE_ALL_YEAR},))

RULES("158", "If a child has been recorded as receiving an intervention for their substance "
             "misuse problem, then the additional item on whether an intervention was offered "
             "should be left blank.", "oc2.INTERVENTION_RECEIVED", "oc2.INTERVENTION_OFFERED",
      where="INTERVENTION_RECEIVED = '1' AND INTERVENTION_OFFERED IS NOT NULL",
      trips=({"oc2": [_oc2(INTERVENTION_RECEIVED="1", INTERVENTION_OFFERED="1")]},),
      passes=({"oc2": [_oc2(INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1")]},))

RULES("159", "If a child has been recorded as not receiving an intervention for their "
             "substance misuse problem, then the additional item on whether an intervention "
             "was offered should be completed as well.", "oc2.SUBSTANCE_MISUSE",
      "oc2.INTERVENTION_RECEIVED", "oc2.INTERVENTION_OFFERED",
      where="SUBSTANCE_MISUSE = '1' AND INTERVENTION_RECEIVED = '0' "
            "AND INTERVENTION_OFFERED IS NULL",
      trips=({"oc2": [_oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0")]},),
      passes=({"oc2": [_oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0",
                            INTERVENTION_OFFERED="0")]},))

RULES("180", "Data entry for the strengths and difficulties questionnaire (SDQ) score is "
             "invalid.", "oc2.SDQ_SCORE", format="invalid",
      trips=({"oc2": [_oc2(SDQ_SCORE="41")]}, {"oc2": [_oc2(SDQ_SCORE="high")]}),
      passes=({"oc2": [_oc2(SDQ_SCORE="40")]},))

RULES("181", "Data items relating to children looked after continuously for 12 months should "
             "be completed with a 0 or 1.", *(f"oc2.{name}" for name in HEALTH),
      format="invalid",
      note="The format checks also take True and False for 1 and 0, as some case "
           "management systems export them.",
      trips=({"oc2": [_oc2(CONVICTED="2")]}, {"oc2": [_oc2(INTERVENTION_OFFERED="Y")]}),
      passes=({"oc2": [_oc2(**ALL_COMPLETE)]},))

RULES("182", "Data entries on immunisations, teeth checks, health assessments and substance "
             "misuse problem identified should be completed or all OC2 fields should be left "
             "blank.", *(f"oc2.{name}" for name in CORE),
      *(f"oc2.{name}" for name in HEALTH if name not in CORE),
      where=f"{_any_blank(CORE)} AND "
            f"{_any_given(name for name in HEALTH if name not in CORE)}",
      trips=({"oc2": [_oc2(CONVICTED="0", IMMUNISATIONS="1")]},),
      passes=({"oc2": [_oc2(IMMUNISATIONS="1")]}, {"oc2": [_oc2(**ALL_COMPLETE)]}))

RULES("188", "Child is aged under 4 years at the end of the year, but a Strengths and "
             "Difficulties (SDQ) score or a reason for no SDQ score has been completed.",
      "oc2.SDQ_SCORE", "oc2.SDQ_REASON",
      where="age_on(DOB, {end}) < 4 AND (SDQ_SCORE IS NOT NULL OR SDQ_REASON IS NOT NULL)",
      trips=({"oc2": [_oc2(dob="2022-04-01", SDQ_REASON="SDQ1")]},),
      passes=({"oc2": [_oc2(dob="2022-03-31", SDQ_SCORE="10")]},))

RULES("189", "Child is aged 17 years or over at the beginning of the year, but an Strengths "
             "and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) "
             "score has been completed.", "oc2.DOB", "oc2.SDQ_SCORE", "oc2.SDQ_REASON",
      where="age_on(DOB, {start}) >= 17 AND (SDQ_SCORE IS NOT NULL OR SDQ_REASON IS NOT NULL)",
      note="A child whose 17th birthday is 1 April is 17 at the beginning of the year; the "
           "other tool flags only those who turned 17 before it.",
      trips=({"oc2": [_oc2(dob="2008-04-01", SDQ_SCORE="12")]},),
      passes=({"oc2": [_oc2(dob="2008-04-02", SDQ_SCORE="12")]},))

RULES("190", "Child has not been looked after continuously for at least 12 months at 31 March "
             "but one or more data items relating to children looked after for 12 months have "
             "been completed.", *(f"oc2.{name}" for name in HEALTH),
      where=f"{_any_given(HEALTH)} AND CHILD NOT IN ({LOOKED_AFTER_ALL_YEAR})",
      note=CLA_NOTE,
      trips=({"oc2": [_oc2(**ALL_COMPLETE)], "episodes": LEFT_CARE},
             {"oc2": [_oc2(**ALL_COMPLETE)], "episodes": [_episode(decom="2025-04-02")]}),
      passes=({"oc2": [_oc2(**ALL_COMPLETE)], "episodes": IN_CARE_ALL_YEAR},
              {"oc2": [_oc2(**ALL_COMPLETE)],
               "episodes": [_episode(DEC="2025-05-01", REC="X1"),
                            _episode(decom="2025-05-01", RNE="P", PLACE="K2")]}))

RULES("191", "Child has been looked after continuously for at least 12 months at 31 March but "
             "one or more data items relating to children looked after for 12 months have "
             "been left blank.", *(f"oc2.{name}" for name in CORE), "episodes.CHILD",
      sql=f"""
          SELECT 'oc2' AS _table, _row FROM oc2
          WHERE {_any_blank(CORE)} AND {IN_CARE}
          UNION ALL
          SELECT 'episodes', arg_min(_row, DECOM) FROM episodes
          WHERE {IN_CARE} AND CHILD NOT IN (SELECT CHILD FROM oc2 WHERE CHILD IS NOT NULL)
          GROUP BY CHILD""",  # noqa: S608
      note="A child of the cohort with no OC2 row is flagged on their first episode. "
           + CLA_NOTE,
      trips=({"oc2": [_oc2(CONVICTED="0")], "episodes": IN_CARE_ALL_YEAR},
             {"episodes": IN_CARE_ALL_YEAR}),
      passes=({"oc2": [_oc2(**ALL_COMPLETE)], "episodes": IN_CARE_ALL_YEAR},
              {"episodes": LEFT_CARE}))

RULES("192", "Child has been identified as having a substance misuse problem but the "
             "additional item on whether an intervention was received has been left blank.",
      "oc2.SUBSTANCE_MISUSE", "oc2.INTERVENTION_RECEIVED",
      where="SUBSTANCE_MISUSE = '1' AND INTERVENTION_RECEIVED IS NULL",
      trips=({"oc2": [_oc2(SUBSTANCE_MISUSE="1")]},),
      passes=({"oc2": [_oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1")]},))

RULES("193", "Child not identified as having a substance misuse problem but at least one of the "
             "two additional items on whether an intervention were offered and received have "
             "been completed.", "oc2.SUBSTANCE_MISUSE", "oc2.INTERVENTION_RECEIVED",
      "oc2.INTERVENTION_OFFERED",
      where="(SUBSTANCE_MISUSE IS NULL OR SUBSTANCE_MISUSE = '0') "
            "AND (INTERVENTION_RECEIVED IS NOT NULL OR INTERVENTION_OFFERED IS NOT NULL)",
      trips=({"oc2": [_oc2(SUBSTANCE_MISUSE="0", INTERVENTION_OFFERED="0")]},
             {"oc2": [_oc2(INTERVENTION_RECEIVED="1")]}),
      passes=({"oc2": [_oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1")]},))

RULES("196", "Strengths and Difficulties (SDQ) reason is not a valid code.", "oc2.SDQ_REASON",
      format="invalid",
      trips=({"oc2": [_oc2(SDQ_REASON="SDQ6")]},),
      passes=({"oc2": [_oc2(SDQ_REASON="SDQ5")]},))

RULES("197B", "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
      "oc2.SDQ_REASON", "oc2.DOB", severity=QUERY,
      where="SDQ_SCORE IS NULL AND SDQ_REASON IS NULL "
            "AND (DOB + INTERVAL 4 YEAR BETWEEN {start} + 1 AND {end} "
            "OR DOB + INTERVAL 17 YEAR BETWEEN {start} + 1 AND {end}) "
            f"AND {IN_CARE}",
      note="A query: DfE asks that the SDQ be reported for the children who turn 4 or 17 "
           "in the year, and accepts a reason if it was not. One whose birthday is 1 April "
           "is that age at the start of the year, when rules 157 and 189 apply instead. "
           + CLA_NOTE,
      trips=({"oc2": [_oc2(dob="2008-09-01")], "episodes": IN_CARE_ALL_YEAR},),
      passes=({"oc2": [_oc2(dob="2008-03-31")], "episodes": IN_CARE_ALL_YEAR},
              {"oc2": [_oc2(dob="2008-04-01")], "episodes": IN_CARE_ALL_YEAR},
              {"oc2": [_oc2(dob="2008-09-01", SDQ_REASON="SDQ2")],
               "episodes": IN_CARE_ALL_YEAR}))

RULES("197a", "Reason for no Strengths and Difficulties (SDQ) score is not required if "
              "Strengths and Difficulties Questionnaire score is filled in.",
      "oc2.SDQ_SCORE", "oc2.SDQ_REASON",
      where="SDQ_SCORE IS NOT NULL AND SDQ_REASON IS NOT NULL",
      trips=({"oc2": [_oc2(SDQ_SCORE="0", SDQ_REASON="SDQ2")]},),
      passes=({"oc2": [_oc2(SDQ_SCORE="0")]},))

RULES("215", "Child has care leaver information but one or more data items relating to "
             "children looked after for 12 months have been completed.",
      "oc3.IN_TOUCH", "oc3.ACTIV", "oc3.ACCOM", *(f"oc2.{name}" for name in HEALTH),
      sql=f"""
          SELECT 'oc3' AS _table, oc3._row FROM oc3 JOIN oc2 USING (CHILD)
          WHERE {LEAVER_GIVEN} AND {_any_given(HEALTH)}
          UNION ALL
          SELECT 'oc2', oc2._row FROM oc2 JOIN oc3 USING (CHILD)
          WHERE {LEAVER_GIVEN} AND {_any_given(HEALTH)}""",  # noqa: S608
      trips=({"oc2": [_oc2(**ALL_COMPLETE)],
              "oc3": [{"CHILD": "1", "DOB": "2006-06-01", "IN_TOUCH": "YES",
                       "ACTIV": "F1", "ACCOM": "B1"}]},),
      passes=({"oc2": [_oc2(**ALL_COMPLETE)],
               "oc3": [{"CHILD": "2", "DOB": "2006-06-01", "IN_TOUCH": "YES",
                        "ACTIV": "F1", "ACCOM": "B1"}]},))

RULES("544", "Any child who has conviction information completed must also have immunisation, "
             "teeth check, health assessment and substance misuse problem identified fields "
             "completed.", "oc2.CONVICTED", *(f"oc2.{name}" for name in CORE),
      where=f"CONVICTED = '1' AND {_any_blank(CORE)}",
      trips=({"oc2": [_oc2(CONVICTED="1", IMMUNISATIONS="1", TEETH_CHECK="1",
                           HEALTH_ASSESSMENT="1")]},),
      passes=({"oc2": [_oc2(**{**ALL_COMPLETE, "CONVICTED": "1"})]},))

RULES("545", "Child is aged under 5 at 31 March and has been looked after continuously for 12 "
             "months yet health promotion information has not been completed.",
      "oc2.DOB", "oc2.HEALTH_CHECK",
      where=f"age_on(DOB, {{end}}) < 5 AND HEALTH_CHECK IS NULL AND {IN_CARE}",
      note=CLA_NOTE,
      trips=({"oc2": [_oc2(dob="2021-04-01")], "episodes": IN_CARE_ALL_YEAR},),
      passes=({"oc2": [_oc2(dob="2021-03-31")], "episodes": IN_CARE_ALL_YEAR},
              {"oc2": [_oc2(dob="2021-04-01")], "episodes": LEFT_CARE}))

RULES("547", "Any child who has health promotion information completed must also have "
             "immunisation, teeth check, health assessment and substance misuse problem "
             "identified fields completed.", "oc2.HEALTH_CHECK", *(f"oc2.{name}" for name in CORE),
      where=f"HEALTH_CHECK = '1' AND {_any_blank(CORE)}",
      trips=({"oc2": [_oc2(HEALTH_CHECK="1", SUBSTANCE_MISUSE="0")]},),
      passes=({"oc2": [_oc2(HEALTH_CHECK="0", SUBSTANCE_MISUSE="0")]},
              {"oc2": [_oc2(**ALL_COMPLETE)]}))
