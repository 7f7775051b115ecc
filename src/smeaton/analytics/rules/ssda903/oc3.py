"""Rules on the OC3 table: care leavers' activity and accommodation around their 17th to
21st birthdays."""

from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.rules.ssda903.oc2 import CLA_NOTE, LOOKED_AFTER_ALL_YEAR
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

LEAVER = ("IN_TOUCH", "ACTIV", "ACCOM")
ADOPTION = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
LEAVER_GIVEN = "(IN_TOUCH IS NOT NULL OR ACTIV IS NOT NULL OR ACCOM IS NOT NULL)"
ADOPTION_GIVEN = "(" + " OR ".join(f"{name} IS NOT NULL" for name in ADOPTION) + ")"


def _oc3(child="1", dob="2006-06-01", in_touch="YES", activ="F1", accom="B1") -> dict:
    return {"CHILD": child, "DOB": dob, "IN_TOUCH": in_touch, "ACTIV": activ, "ACCOM": accom}


def _ad1(child="1") -> dict:
    return {"CHILD": child, "DOB": "2018-06-01", "DATE_INT": "2024-01-10",
            "DATE_MATCH": "2024-05-01", "FOSTER_CARE": "0", "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}


def _episode(child="1", decom="2024-06-01", **fields) -> dict:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U1", **fields}


RULES("INT34", "Internal Check: Child should only exist once in OC3.", "oc3.CHILD",
      format="duplicate",
      note="The first row is kept and each repeat flagged; the other tool flags the "
           "first row too.",
      trips=({"oc3": [_oc3(), _oc3()]},),
      passes=({"oc3": [_oc3(), _oc3("2")]},))

RULES("131", "Data entry for being in touch after leaving care is invalid.", "oc3.IN_TOUCH",
      format="invalid",
      note="A blank is rule 153's, whose problem it also is; the other tool gives it 131 too.",
      trips=({"oc3": [_oc3(in_touch="MAYBE")]},),
      passes=({"oc3": [_oc3(in_touch="REFU")]},))

RULES("132", "Data entry for activity after leaving care is invalid.", "oc3.ACTIV",
      format="invalid",
      note="F3 and P3 were valid to 2021 only. A blank is rule 153's.",
      trips=({"oc3": [_oc3(activ="F3")]}, {"oc3": [_oc3(activ="X")]}),
      passes=({"oc3": [_oc3(activ="P5")]},))

RULES("133", "Data entry for accommodation after leaving care is invalid. If reporting on a "
             "childs accommodation after leaving care the data entry must be valid",
      "oc3.ACCOM", format="invalid",
      note="S1 and X1 (no fixed abode, and in custody, each judged suitable) are in DfE's "
           "code list, which Smeaton follows; the other tool refuses them. A blank is rule "
           "153's.",
      trips=({"oc3": [_oc3(accom="B3")]}, {"oc3": [_oc3(accom="A1")]}),
      passes=({"oc3": [_oc3(accom="S1")]}, {"oc3": [_oc3(accom="X2")]}))

RULES("134", "Data on adoption should not be entered for the OC3 cohort.",
      *(f"oc3.{name}" for name in LEAVER), *(f"ad1.{name}" for name in ADOPTION),
      sql=f"""
          SELECT 'ad1' AS _table, ad1._row FROM ad1 JOIN oc3 USING (CHILD)
          WHERE {LEAVER_GIVEN} AND {ADOPTION_GIVEN}
          UNION ALL
          SELECT 'oc3', oc3._row FROM oc3 JOIN ad1 USING (CHILD)
          WHERE {LEAVER_GIVEN} AND {ADOPTION_GIVEN}""",  # noqa: S608
      note="Both of the child's rows are flagged; the other tool flags the AD1 row only.",
      trips=({"oc3": [_oc3()], "ad1": [_ad1()]},),
      passes=({"oc3": [_oc3()], "ad1": [_ad1("2")]},))

RULES("153", "All data items relating to a child's activity or accommodation after leaving "
             "care must be coded or left blank.", *(f"oc3.{name}" for name in LEAVER),
      format="blank",
      note="The format checks ask for all three on every OC3 row, so a row with all three "
           "blank is flagged too; DfE's rule allows it.",
      trips=({"oc3": [_oc3(activ="")]},),
      passes=({"oc3": [_oc3(in_touch="NO", activ="G6", accom="R2")]},))

RULES("187", "Child cannot be looked after continuously for 12 months at 31 March (OC2) and "
             "have any of adoption or care leavers returns completed.",
      *(f"ad1.{name}" for name in ADOPTION), *(f"oc3.{name}" for name in LEAVER),
      sql=f"""
          SELECT 'ad1' AS _table, _row FROM ad1
          WHERE {ADOPTION_GIVEN} AND CHILD IN ({LOOKED_AFTER_ALL_YEAR})
          UNION ALL
          SELECT 'oc3', _row FROM oc3
          WHERE {LEAVER_GIVEN} AND CHILD IN ({LOOKED_AFTER_ALL_YEAR})""",  # noqa: S608
      note=CLA_NOTE,
      trips=({"oc3": [_oc3()], "episodes": [_episode()]},
             {"ad1": [_ad1()], "episodes": [_episode()]}),
      passes=({"oc3": [_oc3()], "episodes": [_episode(DEC="2025-10-01", REC="E11")]},))

RULES("344", "The record shows the young person has died or returned home to live with "
             "parent(s) or someone with parental responsibility for a continuous period of 6 "
             "months or more, but activity and/or accommodation on leaving care have been "
             "completed.", *(f"oc3.{name}" for name in LEAVER),
      where="IN_TOUCH IN ('DIED', 'RHOM') AND (ACTIV <> '0' OR ACCOM <> '0')",
      trips=({"oc3": [_oc3(in_touch="RHOM", activ="0", accom="B1")]},),
      passes=({"oc3": [_oc3(in_touch="DIED", activ="0", accom="0")]},))

RULES("345", "The data collection record shows the local authority is in touch with this young "
             "person, but activity and/or accommodation data items are zero.",
      *(f"oc3.{name}" for name in LEAVER),
      where="IN_TOUCH = 'YES' AND (ACTIV = '0' OR ACCOM = '0')",
      trips=({"oc3": [_oc3(accom="0")]},),
      passes=({"oc3": [_oc3(in_touch="NO", activ="0", accom="0")]},))

RULES("348", "Care leaver has previously been reported as having died.", "oc3.IN_TOUCH",
      where="IN_TOUCH <> 'DIED' AND EXISTS (SELECT 1 FROM oc3_last AS last "
            "WHERE last._child = oc3._child AND last.IN_TOUCH = 'DIED')",
      needs={PREVIOUS}, first_year=2026,
      trips=({"oc3": [_oc3()], "oc3_last": [_oc3(in_touch="DIED", activ="0", accom="0")]},),
      passes=({"oc3": [_oc3(in_touch="DIED", activ="0", accom="0")],
               "oc3_last": [_oc3(in_touch="DIED", activ="0", accom="0")]},
              {"oc3": [_oc3()], "oc3_last": [_oc3(in_touch="NO")]}))

RULES("391", "Young person was not 17, 18, 19, 20 or 21 during the current collection year.",
      "oc3.DOB", *(f"oc3.{name}" for name in LEAVER),
      where=f"(age_on(DOB, {{end}}) < 17 OR age_on(DOB, {{start}}) >= 22) AND {LEAVER_GIVEN}",
      note="Young people already 22 at the start of the year are flagged too, as DfE's rule "
           "says; the other tool flags only those not yet 17 at its end.",
      trips=({"oc3": [_oc3(dob="2009-04-01")]}, {"oc3": [_oc3(dob="2003-04-01")]}),
      passes=({"oc3": [_oc3(dob="2009-03-31")]}, {"oc3": [_oc3(dob="2003-04-02")]}))
