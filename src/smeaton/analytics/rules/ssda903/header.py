"""Rules on the Header table: the child's own details, checked against the child's other
rows (episodes, care leavers, adoption) and against last year's return.

Smeaton reads a child's UASC status from the UASC table, as DfE's CSV return gives it: a
child with a UASC row is (or was) an unaccompanied asylum-seeking child. Last year's
dates of birth (the child's and her first child's) are stored as the first of the month,
so they are compared month with month (also when last year's return is given whole).
"""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.rules.ssda903 import SHARED_TABLES_NOTE
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

# A child's row in each table, with the fields its key needs (a row without them is not
# stored) and the date of birth a Header example gives.
DOB = "2010-06-15"
ROWS = {
    "ad1": {"DOB": DOB},
    "placed_adoption": {"DOB": DOB, "DATE_PLACED": "2025-06-01"},
    "episodes": {"DECOM": "2025-06-01"},
    "missing": {"DOB": DOB, "MIS_START": "2025-06-01"},
    "oc2": {"DOB": DOB},
    "oc3": {"DOB": DOB},
    "prev_perm": {"DOB": DOB},
    "reviews": {"DOB": DOB, "REVIEW": "2025-06-01"},
}
CHILD = {"CHILD": "1", "SEX": "F", "DOB": DOB, "ETHNIC": "WBRI", "UPN": "A123456789012"}
# An episode open at the end of the year, a child looked after under a care order.
EPISODE = {"CHILD": "1", "DECOM": "2025-06-01", "RNE": "S", "LS": "C2", "PLACE": "U1"}


def both(first: str, second: str, pairs: str) -> str:
    """A query flagging the rows of two tables that break a rule together; ``pairs``
    selects each such pair's rows as ``first_row`` and ``second_row``."""
    return (f"WITH pairs AS ({pairs}) "  # noqa: S608 (the rules' own SQL, declared here)
            f"SELECT '{first}' AS _table, first_row AS _row FROM pairs "
            f"UNION ALL SELECT '{second}', second_row FROM pairs")


def last_year(condition: str) -> str:
    """True when the child's row in last year's Header meets ``condition`` (on ``l``)."""
    return ("EXISTS (SELECT 1 FROM header_last l "  # noqa: S608 (declared here)
            "WHERE l._child = header._child AND " + condition + ")")


def not_in_header(table: str) -> str:
    """True when a row's child is not in Header, in a return that has a Header."""
    return "EXISTS (SELECT 1 FROM header) AND NOT " + in_header(table)  # noqa: S608


def in_header(table: str, condition: str = "TRUE") -> str:
    """True when a row's child has a row in Header meeting ``condition``."""
    return ("EXISTS (SELECT 1 FROM header "  # noqa: S608 (declared here)
            "WHERE header.CHILD = " + table + ".CHILD AND " + condition + ")")


def child(**fields) -> dict:
    return {**CHILD, **fields}


def episode(**fields) -> dict:
    return {**EPISODE, **fields}


# --- The child's own details -----------------------------------------------------------

RULES("101", "The child or young person’s reported sex is not valid.", "header.SEX",
      format="any", first_year=2025,
      trips=({"header": [child(SEX="1")]}, {"header": [child(SEX="")]}),
      passes=({"header": [child(SEX="U")]},))

RULES("102", "Date of birth is not a valid date.", "header.DOB", format="any",
      trips=({"header": [{"CHILD": "1", "DOB": "2015-02-30"}]},),
      passes=({"header": [{"CHILD": "1", "DOB": "2015-02-28"}]},))

RULES("103", "The ethnicity code is either not valid or has not been entered.",
      "header.ETHNIC", format="any",
      trips=({"header": [{"CHILD": "1", "ETHNIC": "White British"}]},
             {"header": [{"CHILD": "1"}]}),
      passes=({"header": [{"CHILD": "1", "ETHNIC": "WBRI"}]},))

RULES("168", "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be "
             "UN1, UN2, UN3, UN4 or UN5.", "header.UPN", format="invalid",
      note="DfE never uses I, O or S as a UPN's first or last letter; the other tool "
           "allows them last.",
      trips=({"header": [child(UPN="A12345678901")]}, {"header": [child(UPN="I123456789012")]},
             {"header": [child(UPN="A12345678901O")]}, {"header": [child(UPN="UN6")]}),
      passes=({"header": [child(UPN="A12345678901Z")]}, {"header": [child(UPN="UN5")]}))

RULES("171", "Date of birth of mother's child is not a valid date.", "header.MC_DOB",
      format="invalid",
      trips=({"header": [child(MOTHER="1", MC_DOB="2025-02-30")]},),
      passes=({"header": [child(MOTHER="1", MC_DOB="2025-02-28")]},))

RULES("174", "Mother's child date of birth is recorded but sex shows that the child is a "
             "male.", "header.SEX", "header.MC_DOB", first_year=2025,
      where="SEX = 'M' AND MC_DOB IS NOT NULL",
      trips=({"header": [child(SEX="M", MC_DOB="2025-01-01")]},),
      passes=({"header": [child(SEX="M")]}, {"header": [child(MOTHER="1", MC_DOB="2025-01-01")]}))

RULES("209", "Child looked after is of school age and should not have an unknown Unique "
             "Pupil Number (UPN) code of UN1.", "header.UPN", "header.DOB",
      # School age: four by 31 August of the year before the collection year starts.
      where="UPN = 'UN1' AND DOB + INTERVAL 4 YEAR <= make_date({year} - 2, 8, 31)",
      trips=({"header": [child(UPN="UN1", DOB="2020-08-31")]},),
      passes=({"header": [child(UPN="UN1", DOB="2020-09-01")]},
              {"header": [child(UPN="UN2", DOB="2015-01-01")]}))

RULES("231", "We expect that unaccompanied asylum seeking children are generally older young "
             "people. Please check the date of birth is correct. If the date of birth is "
             "correct then please provide details in a bypass request.", "header.DOB",
      first_year=2025,  # an error DfE lets through once the LA explains it
      where="DOB > {end} - INTERVAL 11 YEAR AND CHILD IN (SELECT CHILD FROM uasc)",
      note="UASC status is the child's row in the UASC table (the other tool reads a "
           "UASC_STATUS column that a CSV return does not have).",
      trips=({"header": [child(DOB="2015-04-01")],
              "uasc": [{"CHILD": "1", "SEX": "F", "DOB": "2015-04-01"}]},),
      passes=({"header": [child(DOB="2015-03-31")],
               "uasc": [{"CHILD": "1", "SEX": "F", "DOB": "2015-03-31"}]},
              {"header": [child(DOB="2015-04-01")]}))

RULES("232", "Sex of the child/young person has been reported as unknown.", "header.SEX",
      severity=QUERY, first_year=2025, where="SEX = 'U'",
      trips=({"header": [child(SEX="U")]},),
      passes=({"header": [child(SEX="F")]},))

RULES("301", "Date of birth falls after the year ended.", "header.DOB", format="late",
      trips=({"header": [{"CHILD": "1", "DOB": "2026-04-02"}]},),
      passes=({"header": [{"CHILD": "1", "DOB": "2026-03-31"}]},))

RULES("351", "Child was over 25 at the start of the current collection year.",
      "header.DOB", where="DOB + INTERVAL 25 YEAR < {start}",
      note="As DfE: the 25th birthday falls before the year starts (a child who turned 25 "
           "on 31 March is flagged).",
      trips=({"header": [{"CHILD": "1", "DOB": "2000-03-31"}]},),
      passes=({"header": [{"CHILD": "1", "DOB": "2000-04-01"}]},))

REPEATED_CHILD = ("A child given twice keeps its first row: the repeat is refused by the "
                  "format checks (rule INT32 flags it), so the rules read the child once; the "
                  "other tool reads both, and flags the first row too.")

RULES("444", "Duplicate UPN has been reported", "header.UPN", first_year=2026,
      where="NOT is_code(UPN, 'UN1,UN2,UN3,UN4,UN5') AND UPN IN "
            "(SELECT UPN FROM header GROUP BY UPN HAVING count(*) > 1)",
      note=REPEATED_CHILD,
      trips=({"header": [child(), child(CHILD="2")]},),
      passes=({"header": [child(UPN="UN1"), child(CHILD="2", UPN="UN1")]},
              {"header": [child(), child(CHILD="2", UPN="A123456789013")]}))

# --- Mothers ---------------------------------------------------------------------------

# DfE: MOTHER, if given, must be 0 or 1; if not given, the child must be male, or a care
# leaver (OC3 given) with no episode in the year. Short breaks (V3, V4) are not care.
IN_CARE_THIS_YEAR = ("EXISTS (SELECT 1 FROM episodes WHERE episodes.CHILD = header.CHILD "
                     "AND NOT is_code(episodes.LS, 'V3,V4') AND episodes.DECOM <= {end} "
                     "AND (episodes.DEC IS NULL OR episodes.DEC >= {start}))")
CARE_LEAVER = ("EXISTS (SELECT 1 FROM oc3 WHERE oc3.CHILD = header.CHILD AND "
               "(oc3.IN_TOUCH IS NOT NULL OR oc3.ACTIV IS NOT NULL OR oc3.ACCOM IS NOT NULL))")
LEAVER = {"CHILD": "1", "DOB": DOB, "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "T1"}

RULES("165", "Data entry for mother status is invalid.", "header.MOTHER", format="invalid",
      trips=({"header": [child(MOTHER="2")]},),
      passes=({"header": [child(MOTHER="0")]},))

RULES("165", "Data entry for mother status is invalid.", "header.MOTHER", "header.SEX",
      where="(MOTHER IS NOT NULL AND sex(SEX) = 'M') OR (MOTHER IS NULL AND sex(SEX) <> 'M' "
            "AND (" + IN_CARE_THIS_YEAR + " OR NOT " + CARE_LEAVER + "))",
      note="A MOTHER that is not 0 or 1 is found by the format checks. The other tool "
           "still reads SEX 1/2 (not M/F since 2025), and also flags a care leaver's "
           "MOTHER when she has no episode in the year, which DfE allows.",
      trips=({"header": [child()], "episodes": [episode()]},
             {"header": [child(SEX="M", MOTHER="0")]},
             {"header": [child()], "episodes": [episode(DEC="2025-07-01", REC="E13")],
              "oc3": [LEAVER]}),
      passes=({"header": [child()], "episodes": [episode(LS="V3")], "oc3": [LEAVER]},
              {"header": [child(MOTHER="0")], "episodes": [episode()]},
              {"header": [child(SEX="M")], "episodes": [episode()]}))

RULES("393", "Child is looked after but mother field is not completed.", "header.MOTHER",
      first_year=2025,
      where="SEX = 'F' AND MOTHER IS NULL AND EXISTS (SELECT 1 FROM episodes WHERE "
            "episodes.CHILD = header.CHILD AND NOT is_code(episodes.LS, 'V3,V4'))",
      trips=({"header": [child()], "episodes": [episode()]},),
      passes=({"header": [child()], "episodes": [episode(LS="V4")]},
              {"header": [child(MOTHER="0")], "episodes": [episode()]}))

RULES("611", "Date of birth field is blank, but child is a mother.", "header.MOTHER",
      "header.MC_DOB", where="MOTHER = '1' AND MC_DOB IS NULL",
      trips=({"header": [child(MOTHER="1")]},),
      passes=({"header": [child(MOTHER="1", MC_DOB="2025-01-01")]},))

RULES("612", "Date of birth field has been completed but mother field indicates child is "
             "not a mother.", "header.SEX", "header.MOTHER", "header.MC_DOB", first_year=2025,
      where="SEX = 'F' AND coalesce(MOTHER, '0') = '0' AND MC_DOB IS NOT NULL",
      trips=({"header": [child(MOTHER="0", MC_DOB="2025-01-01")]},
             {"header": [child(MC_DOB="2025-01-01")]}),
      passes=({"header": [child(MOTHER="1", MC_DOB="2025-01-01")]},))

RULES("620", "Child has been recorded as a mother, but date of birth shows that the mother "
             "is under 11 years of age.", "header.DOB", "header.MOTHER",
      where="MOTHER = '1' AND age_on(DOB, {start}) < 11",
      trips=({"header": [child(DOB="2014-04-02", MOTHER="1")]},),
      passes=({"header": [child(DOB="2014-04-01", MOTHER="1")]},))

RULES("621", "Mother’s field has been completed but date of birth shows that the mother is "
             "younger than her child.", "header.DOB", "header.MC_DOB", where="MC_DOB <= DOB",
      trips=({"header": [child(MOTHER="1", MC_DOB=DOB)]},),
      passes=({"header": [child(MOTHER="1", MC_DOB="2010-06-16")]},))

# --- Against the child's other rows ----------------------------------------------------

RULES("EPI", "Episodes need to be loaded for this child before further validation "
             "is possible.", "header.CHILD", severity=QUERY,
      where="CHILD NOT IN (SELECT CHILD FROM episodes_given WHERE CHILD IS NOT NULL) "
            "AND CHILD NOT IN (SELECT CHILD FROM oc3_given WHERE CHILD IS NOT NULL)",
      note="A care leaver in the OC3 table needs no episode in the year.",
      trips=({"header": [{"CHILD": "1"}], "oc3": [{"CHILD": "2"}]},),
      passes=({"header": [{"CHILD": "1"}],
               "episodes": [{"CHILD": "1", "DECOM": "2025-05-01"}]},
              {"header": [{"CHILD": "1"}], "oc3": [{"CHILD": "1"}]}))

RULES("184", "Date of decision that a child should be placed for adoption is before the "
             "child was born.", "placed_adoption.DATE_PLACED", "header.DOB",
      sql=both("placed_adoption", "header",
               "SELECT p._row AS first_row, h._row AS second_row FROM placed_adoption p "
               "JOIN header h ON h.CHILD = p.CHILD WHERE p.DATE_PLACED < h.DOB"),
      trips=({"header": [child()],
              "placed_adoption": [{"CHILD": "1", "DOB": DOB, "DATE_PLACED": "2010-06-14"}]},),
      passes=({"header": [child()],
               "placed_adoption": [{"CHILD": "1", "DOB": DOB, "DATE_PLACED": DOB}]},))

RULES("210", "Children looked after for more than a week at 31 March should not have an "
             "unknown Unique Pupil Number (UPN) code of UN4.", "header.UPN", "episodes.DECOM",
      # UN4 is for a child newly looked after: whose care began in the year's last week.
      sql=both("header", "episodes",
               "SELECT h._row AS first_row, e._row AS second_row FROM header h "
               "JOIN episodes e ON e.CHILD = h.CHILD WHERE h.UPN = 'UN4' AND e.DEC IS NULL "
               "AND NOT EXISTS (SELECT 1 FROM episodes s WHERE s.CHILD = h.CHILD "
               "AND s.RNE = 'S' AND s.DECOM >= make_date({year}, 3, 24))"),
      note="As DfE's message: the other tool flags UN4 when an episode starts on or after "
           "24 March, the very children UN4 is for.",
      trips=({"header": [child(UPN="UN4")], "episodes": [episode(DECOM="2026-03-23")]},),
      passes=({"header": [child(UPN="UN4")], "episodes": [episode(DECOM="2026-03-24")]},
              {"header": [child(UPN="UN4")],
               "episodes": [episode(DECOM="2026-03-01", DEC="2026-03-20", REC="E13")]}))

RULES("302", "First episode starts before child was born.", "episodes.DECOM", "header.DOB",
      sql=both("episodes", "header",
               "SELECT e._row AS first_row, h._row AS second_row FROM episodes e "
               "JOIN header h ON h.CHILD = e.CHILD WHERE e.DECOM < h.DOB AND e.DECOM = "
               "(SELECT min(f.DECOM) FROM episodes f WHERE f.CHILD = e.CHILD)"),
      trips=({"header": [child(DOB="2025-06-02")], "episodes": [episode()]},),
      passes=({"header": [child(DOB="2025-06-01")], "episodes": [episode()]},))

RULES("352", "Child who started to be looked after was aged 18 or over.", "episodes.DECOM",
      "episodes.RNE",
      where="RNE = 'S' AND EXISTS (SELECT 1 FROM header WHERE header.CHILD = episodes.CHILD "
            "AND age_on(header.DOB, episodes.DECOM) >= 18)",
      trips=({"header": [child(DOB="2007-06-01")], "episodes": [episode()]},),
      passes=({"header": [child(DOB="2007-06-02")], "episodes": [episode()]},))

RULES("358", "Child with this legal status should not be under 10.", "episodes.DECOM",
      "episodes.LS", "header.DOB",
      sql=both("episodes", "header",
               "SELECT e._row AS first_row, h._row AS second_row FROM episodes e "
               "JOIN header h ON h.CHILD = e.CHILD WHERE is_code(e.LS, 'J1,J2,J3') "
               "AND e.DECOM < h.DOB + INTERVAL 10 YEAR"),
      note="As DfE: a child may be 10 that day; the other tool flags a 10th birthday.",
      trips=({"header": [child(DOB="2015-06-02")], "episodes": [episode(LS="J1")]},),
      passes=({"header": [child(DOB="2015-06-01")], "episodes": [episode(LS="J2")]},
              {"header": [child(DOB="2015-06-02")], "episodes": [episode()]}))

RULES("359", "Child being looked after following 18th birthday must be accommodated under "
             "section 20(5) of the Children Act 1989 in a community home.", "episodes.DEC",
      "episodes.LS", "episodes.PLACE",
      where="DEC IS NULL AND NOT (LS = 'V2' AND PLACE = 'K2') AND EXISTS (SELECT 1 FROM "
            "header WHERE header.CHILD = episodes.CHILD "
            "AND header.DOB + INTERVAL 18 YEAR < {end})",
      note="The other tool, run whole, flags none on the conformance return: a rule run "
           "before it changes the tables they share (its 359 called alone flags 767 "
           "episodes there, Smeaton 677).",
      trips=({"header": [child(DOB="2008-03-30")], "episodes": [episode()]},),
      passes=({"header": [child(DOB="2008-03-31")], "episodes": [episode()]},
              {"header": [child(DOB="2008-03-30")],
               "episodes": [episode(LS="V2", PLACE="K2")]}))

RULES("386", "Reason episode ceased is adopted but child has reached age 18.", "episodes.REC",
      where="is_code(REC, 'E11,E12') AND EXISTS (SELECT 1 FROM header WHERE header.CHILD = "
            "episodes.CHILD AND age_on(header.DOB, episodes.DEC) >= 18)",
      note=SHARED_TABLES_NOTE,
      trips=({"header": [child(DOB="2007-07-01")],
              "episodes": [episode(DEC="2025-07-01", REC="E11")]},),
      passes=({"header": [child(DOB="2007-07-02")],
               "episodes": [episode(DEC="2025-07-01", REC="E12")]},))

RULES("387", "Reason episode ceased is child moved into independent living arrangement, but "
             "the child is aged under 14.", "episodes.REC",
      where="is_code(REC, 'E5,E6') AND EXISTS (SELECT 1 FROM header WHERE header.CHILD = "
            "episodes.CHILD AND age_on(header.DOB, episodes.DEC) < 14)",
      note=SHARED_TABLES_NOTE,
      trips=({"header": [child(DOB="2011-07-02")],
              "episodes": [episode(DEC="2025-07-01", REC="E5")]},),
      passes=({"header": [child(DOB="2011-07-01")],
               "episodes": [episode(DEC="2025-07-01", REC="E6")]},))

RULES("460", "Reason episode ceased is that child stayed with current carers at age 18 (or "
             "above), but child is aged under 18.", "episodes.DEC", "episodes.REC",
      where="REC = 'E17' AND EXISTS (SELECT 1 FROM header WHERE header.CHILD = "
            "episodes.CHILD AND age_on(header.DOB, episodes.DEC) < 18)",
      trips=({"header": [child(DOB="2007-07-02")],
              "episodes": [episode(DEC="2025-07-01", REC="E17")]},),
      passes=({"header": [child(DOB="2007-07-01")],
               "episodes": [episode(DEC="2025-07-01", REC="E17")]},))

RULES("3001", "Where care leavers information is being returned for a young person around "
              "their 17th birthday, the accommodation cannot be with their former foster "
              "carer(s).", "oc3.ACCOM",
      where="is_code(ACCOM, 'Z1,Z2') AND DOB + INTERVAL 17 YEAR BETWEEN {start} AND {end}",
      trips=({"header": [child(DOB="2008-04-01")],
              "oc3": [{**LEAVER, "DOB": "2008-04-01", "ACCOM": "Z1"}]},),
      passes=({"oc3": [{**LEAVER, "DOB": "2008-03-31", "ACCOM": "Z2"}]},
              {"oc3": [{**LEAVER, "DOB": "2008-04-01", "ACCOM": "T1"}]}))

# --- Each of the child's other tables has the child, as Header gives her ----------------

ELSEWHERE = (  # table, the code of the rule that it has only Header's children, of DOB's
    ("ad1", "INT01", "Data Integrity Check: Child in AD1 does not exist in Header.",
     "INT11", "Internal Check: DOB in AD1 is different to DOB in Header."),
    ("placed_adoption", "INT02", "Internal Check: Child in PlacedAdoption does not exist "
     "in Header.", "INT12", "Internal Check: DOB in PlacedAdoption is different to DOB in "
     "Header."),
    ("episodes", "INT03", "Internal Check: Child in Episodes does not exist in Header.",
     "", ""),
    ("missing", "INT04", "Internal Check: Child in Missing does not exist in Header.",
     "INT13", "Internal Check: DOB in Missing is different to DOB in Header."),
    ("oc2", "INT05", "Internal Check: Child in OC2 does not exist in Header.",
     "INT14", "Internal Check: DOB in OC2 is different to DOB in Header."),
    ("oc3", "INT06", "Internal Check: Child in OC3 does not exist in Header.",
     "INT15", "Internal Check: DOB in OC3 is different to DOB in Header."),
    ("prev_perm", "INT07", "Internal Check: Child in PrevPerm does not exist in Header.",
     "INT16", "Internal Check: DOB in PrevPerm is different to DOB in Header."),
    ("reviews", "INT08", "Internal Check: Child in Reviews does not exist in Header.",
     "INT17", "Internal Check: DOB in Reviews is different to DOB in Header."),
)

for table, code, message, dob_code, dob_message in ELSEWHERE:
    row = {"CHILD": "1", **ROWS[table]}
    RULES(code, message, f"{table}.CHILD",
          where=not_in_header(table),
          note="Not when the return has no Header at all (a file loaded on its own).",
          trips=({"header": [child(CHILD="2")], table: [row]},),
          passes=({"header": [child()], table: [row]},))
    if dob_code:
        RULES(dob_code, dob_message, f"{table}.DOB",
              where=in_header(table, "header.DOB <> " + table + ".DOB"),
              trips=({"header": [child(DOB="2010-06-16")], table: [row]},),
              passes=({"header": [child()], table: [row]},))

RULES("INT32", "Internal Check: Child should only exist once in Header.", "header.CHILD",
      format="duplicate",
      note=REPEATED_CHILD,
      trips=({"header": [{"CHILD": "1"}, {"CHILD": "1"}]},),
      passes=({"header": [{"CHILD": "1"}, {"CHILD": "2"}]},))

# --- Against last year's return --------------------------------------------------------

LAST_CHILD = {"CHILD": "1", "SEX": "F", "DOB": "2010-06-01", "ETHNIC": "WBRI",
              "UPN": "A123456789012"}


def last(**fields) -> dict:
    return {**LAST_CHILD, **fields}


RULES("202", "The gender code conflicts with the gender already recorded for this child.",
      "header.SEX", needs={PREVIOUS},
      # Sex was coded 1 (male) and 2 (female) to 2024: not a change of sex.
      where=last_year("l.SEX IS NOT NULL AND sex(header.SEX) <> sex(l.SEX)"),
      trips=({"header": [child(SEX="M")], "header_last": [last()]},),
      passes=({"header": [child()], "header_last": [last()]},
              {"header": [child()], "header_last": [last(SEX="2")]}))

RULES("203", "Date of birth disagrees with the date of birth already recorded for this "
             "child.", "header.DOB", needs={PREVIOUS},
      where=last_year("date_trunc('month', l.DOB) <> date_trunc('month', header.DOB)"),
      note="Last year's date of birth is stored as its month, so a change within the "
           "month is not seen.",
      trips=({"header": [child(DOB="2010-07-01")], "header_last": [last()]},),
      passes=({"header": [child(DOB="2010-06-30")], "header_last": [last()]},))

RULES("204", "Ethnic origin code disagrees with the ethnic origin already recorded for this "
             "child.", "header.ETHNIC", needs={PREVIOUS},
      where=last_year("upper(l.ETHNIC) <> header.ETHNIC"),
      trips=({"header": [child(ETHNIC="WIRI")], "header_last": [last()]},),
      passes=({"header": [child(ETHNIC="wbri")], "header_last": [last()]},))

RULES("208", "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil "
             "Number (UPN) already recorded for this child.", "header.UPN", needs={PREVIOUS},
      # A UPN known last year stays; an unknown one (UN1-UN5) may become known, and UN1
      # (not yet of school age) may become UN2-UN5.
      where=last_year("l.UPN IS NOT NULL AND header._upn IS DISTINCT FROM l.UPN "
                      "AND NOT (is_code(l.UPN, 'UN1,UN2,UN3,UN4,UN5') "
                      "AND NOT is_code(header._upn, 'UN1,UN2,UN3,UN4,UN5')) "
                      "AND NOT (l.UPN = 'UN1' AND is_code(header._upn, 'UN2,UN3,UN4,UN5'))"),
      note="Last year's UPN is a token; this year's is keyed the same way to compare them. "
           "A UPN blank last year may become UN1 (the other tool flags that).",
      trips=({"header": [child(UPN="A123456789013")], "header_last": [last()]},
             {"header": [child(UPN="UN1")], "header_last": [last()]},
             {"header": [child(UPN="UN1")], "header_last": [last(UPN="UN2")]}),
      passes=({"header": [child()], "header_last": [last()]},
              {"header": [child()], "header_last": [last(UPN="UN3")]},
              {"header": [child(UPN="UN2")], "header_last": [last(UPN="UN1")]},
              {"header": [child(UPN="UN1")], "header_last": [last(UPN=None)]}))

RULES("205A", "Child identified as UASC last year is no longer UASC this year, but date UASC "
              "ceased in both years does not support this.", "header.CHILD", needs={PREVIOUS},
      where="CHILD NOT IN (SELECT CHILD FROM uasc) AND CHILD IN (SELECT CHILD FROM episodes) "
            "AND EXISTS (SELECT 1 FROM uasc_last l WHERE l._child = header._child AND "
            "coalesce(l.DUC NOT BETWEEN {start} - INTERVAL 1 YEAR AND {end} - INTERVAL 1 YEAR, "
            "true))",
      note="UASC status is the child's row in the UASC table, so a child looked after this "
           "year and no longer UASC has no date UASC ceased this year (a care leaver has no "
           "row: rule 1014). The other tool looks only at this year's UASC rows, so never "
           "finds this in a CSV return.",
      trips=({"header": [child()], "episodes": [episode()],
              "uasc_last": [{"CHILD": "1", "DUC": "2025-04-01"}]},
             {"header": [child()], "episodes": [episode()], "uasc_last": [{"CHILD": "1"}]}),
      passes=({"header": [child()], "episodes": [episode()],
               "uasc_last": [{"CHILD": "1", "DUC": "2025-03-01"}]},
              {"header": [child()], "uasc_last": [{"CHILD": "1", "DUC": "2028-06-01"}]},
              {"header": [child()], "uasc": [{"CHILD": "1", "SEX": "F", "DOB": DOB}],
               "uasc_last": [{"CHILD": "1", "DUC": "2028-06-01"}]}))

RULES("624", "Date of birth of the first child contradicts the date of birth of the first "
             "child previously recorded.", "header.MC_DOB", needs={PREVIOUS},
      where=last_year("header.MOTHER IS NOT NULL AND l.MC_DOB IS NOT NULL AND "
                      "date_trunc('month', header.MC_DOB) IS DISTINCT FROM "
                      "date_trunc('month', l.MC_DOB)"),
      note="Last year's date is stored as its month, so a change within the month is not "
           "seen. A young person whose mother status is blank this year (a care leaver need "
           "not give it: rule 165) is not flagged.",
      trips=({"header": [child(MOTHER="1", MC_DOB="2024-02-01")],
              "header_last": [last(MOTHER="1", MC_DOB="2024-01-01")]},
             {"header": [child(MOTHER="0")],
              "header_last": [last(MOTHER="1", MC_DOB="2024-01-01")]}),
      passes=({"header": [child(MOTHER="1", MC_DOB="2024-01-31")],
               "header_last": [last(MOTHER="1", MC_DOB="2024-01-01")]},
              {"header": [child(MOTHER="1", MC_DOB="2024-01-31")], "header_last": [last()]},
              {"header": [child()], "header_last": [last(MOTHER="1", MC_DOB="2024-01-01")]}))

RULES("626", "Child was reported as a mother but the date of birth of the first child is "
             "before the current year which contradicts with the mother status recorded last "
             "year.", "header.MOTHER", "header.MC_DOB", needs={PREVIOUS},
      where="MOTHER = '1' AND MC_DOB < {start} AND " + last_year("l.MOTHER = '0'"),
      trips=({"header": [child(MOTHER="1", MC_DOB="2025-03-31")],
              "header_last": [last(MOTHER="0")]},),
      passes=({"header": [child(MOTHER="1", MC_DOB="2025-04-01")],
               "header_last": [last(MOTHER="0")]},))
