"""Rules on the Episodes table that look across a child's episodes, across the other
tables of the return (adoption, missing periods, previous permanence, care leavers) and
across years (last year's return)."""

# The rules' SQL is put together from this module's own constants, never from a file's
# values (the engine fills in the year's dates): not a way in for SQL injection.
# ruff: noqa: S608

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

PLACED_FOR_ADOPTION = "'A3','A4','A5','A6'"
ADOPTED = "'E11','E12'"
CARE_LEAVER_GIVEN = "(IN_TOUCH IS NOT NULL OR ACTIV IS NOT NULL OR ACCOM IS NOT NULL)"


def episode(child: str = "1", decom: str = "2025-05-01", **fields: str) -> dict:
    """An episode for an example, valid unless the example says otherwise."""
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", **fields}


def carried_on(test: str) -> str:
    """Each child's first episode this year against last year's final episode, when that
    was still open at 31 March: the same episode, carried on, so ``test`` (over ``f``,
    this year's, and ``l``, last year's) finds where the two disagree."""
    return f"""
        WITH firsts AS (SELECT * FROM episodes
                        QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DECOM) = 1),
             lasts AS (SELECT * FROM episodes_last
                       QUALIFY row_number() OVER (PARTITION BY _child ORDER BY DECOM DESC) = 1)
        SELECT f._row FROM firsts f JOIN lasts l ON l._child = f._child
        WHERE l.DEC IS NULL AND ({test})"""


def ad1(child: str = "1", **fields: str) -> dict:
    """An adoption (AD1) row for an example, complete unless the example says otherwise."""
    return {"CHILD": child, "DOB": "2020-01-01", "DATE_INT": "2025-05-01",
            "DATE_MATCH": "2025-07-01", "FOSTER_CARE": "0", "NB_ADOPTR": "1",
            "SEX_ADOPTR": "F1", "LS_ADOPTR": "L0", **fields}


def decision(child: str = "1", date_placed: str = "2025-05-01", **fields: str) -> dict:
    """A decision that the child should be placed for adoption (PlacedAdoption)."""
    return {"CHILD": child, "DOB": "2020-01-01", "DATE_PLACED": date_placed, **fields}


def flag_each(hits: str, *tables: str) -> str:
    """A rule that flags rows in several tables: ``hits`` gives, for each finding, the
    ``_row`` of the row it flags in each table, in a column named after the table (NULL
    where it flags none there)."""
    parts = " UNION ALL ".join(f"SELECT DISTINCT '{table}' AS _table, {table} AS _row "
                               f"FROM hits WHERE {table} IS NOT NULL" for table in tables)
    return f"WITH hits AS ({hits}) {parts}"


# Each child's periods of care in this year's episodes: a period starts with the first
# episode, or where an episode starts after the one before ended; it is open (``ended``
# NULL) while its last episode is.
PERIODS = """
    periods AS (
        SELECT CHILD, min(DECOM) AS began,
               CASE WHEN bool_or(DEC IS NULL) THEN NULL ELSE max(DEC) END AS ended
        FROM (SELECT CHILD, DECOM, DEC, sum(starts) OVER (PARTITION BY CHILD ORDER BY DECOM)
                                            AS period
              FROM (SELECT CHILD, DECOM, DEC,
                           CASE WHEN lag(DECOM) OVER w IS NULL OR DECOM > lag(DEC) OVER w
                                THEN 1 ELSE 0 END AS starts
                    FROM episodes WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM)))
        GROUP BY CHILD, period)"""

# Children looked after continuously for the 12 months to 31 March (DfE's
# CONTINUOUSLY_LOOKED_AFTER): looked after during the year, with no episode in it that
# started a period of care after 1 April, ended one (any reason but X1), or was a
# short break (V3, V4).
CONTINUOUSLY_LOOKED_AFTER = """
    SELECT CHILD FROM episodes
    GROUP BY CHILD
    HAVING bool_or(DECOM <= {end} AND (DEC IS NULL OR DEC >= {start}))
       AND NOT coalesce(bool_or(
               (RNE = 'S' AND DECOM > {start} AND DECOM <= {end})
               OR (REC <> 'X1' AND DEC BETWEEN {start} AND {end})
               OR (LS IN ('V3','V4') AND DECOM <= {end} AND (DEC IS NULL OR DEC >= {start}))),
           false)"""
CONTINUOUSLY_NOTE = ("A child whose care ended on 31 March was not looked after at 31 March, "
                     "so is not continuously looked after (the other tool counts them).")

# --- One episode's own codes --------------------------------------------------------------

RULES("408", "Child is placed for adoption with a placement order, but no placement order "
             "has been recorded.", "episodes.PLACE", "episodes.LS",
      where="PLACE IN ('A5','A6') AND LS <> 'E1'",
      trips=({"episodes": [episode(PLACE="A5", LS="C2")]},),
      passes=({"episodes": [episode(PLACE="A5", LS="E1"), episode("2", PLACE="A4")]},))

RULES("446", "E1 is not a valid code for episodes starting before December 2005.",
      "episodes.LS", "episodes.DECOM", where="LS = 'E1' AND DECOM < DATE '2005-12-01'",
      trips=({"episodes": [episode(decom="2005-11-30", LS="E1")]},),
      passes=({"episodes": [episode(decom="2005-12-01", LS="E1")]},))

RULES("516", "The episode data submitted for this child does not show that he/she was with "
             "their former foster carer(s) during the year.If the code in the reason "
             "episode ceased is E45 or E46 the child must have a placement code of U1 to U6.",
      "episodes.REC", "episodes.PLACE",
      where="REC IN ('E45','E46') AND PLACE NOT IN ('U1','U2','U3','U4','U5','U6')",
      trips=({"episodes": [episode(PLACE="K2", DEC="2025-09-01", REC="E45")]},),
      passes=({"episodes": [episode(PLACE="U6", DEC="2025-09-01", REC="E46")]},))

RULES("526", "Child is missing a placement provider code for at least one episode.",
      "episodes.PLACE", "episodes.PLACE_PROVIDER", first_year=2026,
      where="PLACE_PROVIDER IS NULL AND PLACE NOT IN "
            "('T0','T1','T2','T3','T4','Z11','Z12','Z13','Z14')",
      trips=({"episodes": [episode(PLACE="U4", PLACE_PROVIDER="")]},),
      passes=({"episodes": [episode(PLACE="Z11", PLACE_PROVIDER="")]},))

for code, provider, places, message in (
    ("527", "PR1", "'P1','R2','R5'", "A placement provider code of PR1 cannot be associated "
                                     "with placements P1, R2 or R5."),
    ("528", "PR2", "'P1','R2','R5'", "A placement provider code of PR2 cannot be associated "
                                     "with placements P1, R2 or R5."),
    ("529", "PR3", "'P1','A3','A4','A5','A6','K1','K2','U1','U2','U3','U4','U5','U6'",
     "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, "
     "K2 and U1 to U6 as these placements cannot be provided by other public organisations."),
    ("530", "PR4", "'P1'", "A placement provider code of PR4 cannot be associated with "
                           "placement P1."),
    ("531", "PR5", "'P1'", "A placement provider code of PR5 cannot be associated with "
                           "placements P1."),
):
    RULES(code, message, "episodes.PLACE", "episodes.PLACE_PROVIDER",
          where=f"PLACE_PROVIDER = '{provider}' AND PLACE IN ({places})",
          trips=({"episodes": [episode(PLACE="P1", PLACE_PROVIDER=provider)]},),
          passes=({"episodes": [episode(PLACE="R1", PLACE_PROVIDER=provider),
                                episode("2", PLACE="P1", PLACE_PROVIDER="PR0")]},))

RULES("550", "A placement provider code of PR0 can only be associated with placement P1.",
      "episodes.PLACE", "episodes.PLACE_PROVIDER",
      where="PLACE_PROVIDER = 'PR0' AND PLACE <> 'P1'",
      trips=({"episodes": [episode(PLACE="U4", PLACE_PROVIDER="PR0")]},),
      passes=({"episodes": [episode(PLACE="P1", PLACE_PROVIDER="PR0")]},))

RULES("1009", "Reason for placement change is not a valid code.",
      "episodes.REASON_PLACE_CHANGE", format="invalid",
      trips=({"episodes": [episode(DEC="2025-09-01", REC="X1", REASON_PLACE_CHANGE="MOVED"),
                           episode(decom="2025-09-01", RNE="P")]},),
      passes=({"episodes": [episode(DEC="2025-09-01", REC="X1", REASON_PLACE_CHANGE="CARPL"),
                            episode(decom="2025-09-01", RNE="P")]},))

# --- A child's episodes in order ----------------------------------------------------------

# Each episode beside the child's episode before it (``prev_*``), in order of start.
WITH_PREVIOUS = """
    SELECT *, lag(DEC) OVER w AS prev_DEC, lag(REC) OVER w AS prev_REC,
           lag(CIN) OVER w AS prev_CIN, lag(DECOM) OVER w AS prev_DECOM
    FROM episodes WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM)"""

RULES("426", "A child receiving respite care cannot be recorded under a legal status of V3 "
             "and V4 in the same year.", "episodes.LS",
      where="LS IN ('V3','V4') AND CHILD IN (SELECT CHILD FROM episodes WHERE LS = 'V3') "
            "AND CHILD IN (SELECT CHILD FROM episodes WHERE LS = 'V4')",
      trips=({"episodes": [episode(LS="V3", DEC="2025-05-03", REC="E13"),
                           episode(decom="2025-06-01", LS="V4")]},),
      passes=({"episodes": [episode(LS="V3", DEC="2025-05-03", REC="E13"),
                            episode(decom="2025-06-01", LS="V3"),
                            episode("2", LS="V4")]},))

RULES("431", "The reason for new episode is started to be looked after, but the previous "
             "episode ended on the same day.", "episodes.RNE", "episodes.DECOM",
      sql=f"SELECT _row FROM ({WITH_PREVIOUS}) WHERE RNE = 'S' AND DECOM <= prev_DEC",
      trips=({"episodes": [episode(DEC="2025-09-01", REC="E13"),
                           episode(decom="2025-09-01", RNE="S")]},),
      passes=({"episodes": [episode(DEC="2025-09-01", REC="E13"),
                            episode(decom="2025-09-02", RNE="S")]},))

RULES("432", "The child ceased to be looked after at the end of the previous episode but the "
             "reason for the new episode is not started to be looked after.", "episodes.RNE",
      format="sequence",
      note="Smeaton's check of the episodes' chain finds it: a new period of care (one that "
           "starts after the last ended, or after an episode that ended for any reason but "
           "X1) must start with RNE S. It also finds an episode that starts after a gap "
           "following X1 without S, which DfE's rule 433 finds.",
      trips=({"episodes": [episode(DEC="2025-09-01", REC="E13"),
                           episode(decom="2025-09-01", RNE="P")]},),
      passes=({"episodes": [episode(DEC="2025-09-01", REC="X1"),
                            episode(decom="2025-09-01", RNE="P")]},))

RULES("433", "The reason for new episode suggests that this is a continuation episode, but "
             "the episode does not start on the same day as the last episode finished.",
      "episodes.RNE", "episodes.DECOM",
      sql=f"""SELECT _row FROM ({WITH_PREVIOUS})
              WHERE RNE IN ('P','L','T','U','B') AND prev_DECOM IS NOT NULL
                AND (prev_DEC IS NULL OR prev_DEC <> DECOM)""",
      note="Where the episode starts after a gap, the check of the episodes' chain has "
           "already found it (rule 432: a new period of care must start with S), and this "
           "rule does not check it again.",
      trips=({"episodes": [episode(DEC="2025-09-03", REC="X1"),
                           episode(decom="2025-09-01", RNE="P")]},),
      passes=({"episodes": [episode(DEC="2025-09-01", REC="X1"),
                            episode(decom="2025-09-01", RNE="P")]},))

RULES("437", "Reason episode ceased is child has died or is aged 18 or over but there are "
             "further episodes.", "episodes.REC",
      where="REC IN ('E2','E15') AND EXISTS (SELECT 1 FROM episodes later "
            "WHERE later.CHILD = episodes.CHILD AND later.DECOM > episodes.DECOM)",
      trips=({"episodes": [episode(DEC="2025-09-01", REC="E15"),
                           episode(decom="2025-10-01", RNE="S")]},),
      passes=({"episodes": [episode(DEC="2025-09-01", REC="E15"),
                            episode("2", decom="2025-10-01", RNE="S")]},))

RULES("501", "A new episode has started before the end date of the previous episode.",
      "episodes.DECOM", "episodes.DEC",
      sql=f"SELECT _row FROM ({WITH_PREVIOUS}) WHERE DECOM < prev_DEC",
      trips=({"episodes": [episode(DEC="2025-09-03", REC="X1"),
                           episode(decom="2025-09-01", RNE="P")]},),
      passes=({"episodes": [episode(DEC="2025-09-01", REC="X1"),
                            episode(decom="2025-09-01", RNE="P")]},))

RULES("504", "The category of need code differs from that reported at start of current "
             "period of being looked after", "episodes.CIN",
      sql=f"""SELECT _row FROM ({WITH_PREVIOUS})
              WHERE prev_REC = 'X1' AND prev_DEC = DECOM AND CIN <> prev_CIN""",
      trips=({"episodes": [episode(DEC="2025-09-01", REC="X1", CIN="N1"),
                           episode(decom="2025-09-01", RNE="P", CIN="N2")]},),
      passes=({"episodes": [episode(DEC="2025-09-01", REC="X1", CIN="N1"),
                            episode(decom="2025-09-01", RNE="P", CIN="N1"),
                            episode("2", DEC="2025-09-01", REC="E13", CIN="N1"),
                            episode("2", decom="2025-10-01", RNE="S", CIN="N2")]},))

# --- This year's first episode against last year's return ---------------------------------

OPEN_LAST_YEAR = {"episodes_last": [episode(decom="2024-06-01", PLACE="U4",
                                            PLACE_PROVIDER="PR1")]}

RULES("502", "Last year's record ended with an open episode. The date on which that episode "
             "started does not match the start date of the first episode on this year's "
             "record.", "episodes.DECOM", needs={PREVIOUS},
      sql=carried_on("f.DECOM <> l.DECOM"),
      trips=({**OPEN_LAST_YEAR, "episodes": [episode(decom="2024-06-02")]},),
      passes=({**OPEN_LAST_YEAR, "episodes": [episode(decom="2024-06-01")]},
              {"episodes_last": [episode(decom="2024-06-01", DEC="2024-09-01", REC="E13")],
               "episodes": [episode(decom="2025-06-01")]}))

for code, field, message, changed in (
    ("503A", "RNE", "The reason for new episode in the first episode does not match open "
                    "episode at end of last year.", {"RNE": "P"}),
    ("503B", "LS", "The legal status in the first episode does not match open episode at end "
                   "of last year.", {"LS": "C1"}),
    ("503C", "CIN", "The category of need in the first episode does not match open episode at "
                    "end of last year.", {"CIN": "N2"}),
    ("503E", "PLACE_PROVIDER", "The placement provider in the first episode does not match "
                               "open episode at end of last year.", {"PLACE_PROVIDER": "PR2"}),
):
    RULES(code, message, f"episodes.{field}", needs={PREVIOUS},
          sql=carried_on(f"f.{field} IS DISTINCT FROM l.{field}"),
          trips=({**OPEN_LAST_YEAR, "episodes": [episode(decom="2024-06-01", **changed)]},),
          passes=({**OPEN_LAST_YEAR, "episodes": [episode(decom="2024-06-01")]},))

RULES("503D", "The placement type in the first episode does not match open episode at end of "
              "last year", "episodes.PLACE", needs={PREVIOUS}, first_year=2026,
      sql=carried_on("f.PLACE IS DISTINCT FROM l.PLACE AND NOT ({year} = 2026 AND "
                     "l.PLACE = 'Z1' AND f.PLACE IN ('Z11','Z12','Z13','Z14'))"),
      note="In 2025/26 a placement of Z1 last year may carry on as one of Z11 to Z14, the "
           "codes that replaced it.",
      trips=({**OPEN_LAST_YEAR, "episodes": [episode(decom="2024-06-01", PLACE="U6")]},),
      passes=({"episodes_last": [episode(decom="2024-06-01", PLACE="Z1")],
               "episodes": [episode(decom="2024-06-01", PLACE="Z12")]},))

RULES("562", "Episode commenced before the start of the current collection year but there is "
             "a missing continuous episode in the previous year.", "episodes.DECOM",
      needs={PREVIOUS},
      sql="""WITH firsts AS (SELECT * FROM episodes WHERE DECOM < {start}
                             QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DECOM) = 1),
                  lasts AS (SELECT _child, max(DECOM) AS DECOM FROM episodes_last
                            GROUP BY _child)
             SELECT f._row FROM firsts f LEFT JOIN lasts l ON l._child = f._child
             WHERE l.DECOM IS DISTINCT FROM f.DECOM""",
      note="The first episode that began before 1 April must be last year's final episode.",
      trips=({**OPEN_LAST_YEAR, "episodes": [episode(decom="2024-07-01")]},
             {"episodes_last": [episode("2", decom="2024-07-01")],
              "episodes": [episode(decom="2024-07-01")]}),
      passes=({**OPEN_LAST_YEAR, "episodes": [episode(decom="2024-06-01")]},))

# --- Adoption: the decision, the placement, the order and the adoption --------------------

# Each child's first episode of a kind (``test``), and the earliest and latest decisions
# that the child should be placed for adoption.
FIRST_DECISIONS = """
    SELECT * FROM placed_adoption
    QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DATE_PLACED) = 1"""
LATEST_DECISIONS = """
    SELECT * FROM placed_adoption
    QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DATE_PLACED DESC) = 1"""


def first_episodes(test: str) -> str:
    return f"""SELECT * FROM episodes WHERE {test}
               QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DECOM) = 1"""


PLACED = episode(decom="2025-06-01", PLACE="A6", LS="E1")

RULES("521", "Date of local authority's decision (LA) that adoption is in the best interests "
             "of the child (date should be placed) must be on or prior to the date the child "
             "is placed for adoption.", "episodes.PLACE", "episodes.DECOM", "ad1.DATE_INT",
      sql=flag_each(f"""SELECT e._row AS episodes, a._row AS ad1
                        FROM episodes e JOIN ad1 a ON a.CHILD = e.CHILD
                        WHERE e.PLACE IN ({PLACED_FOR_ADOPTION}) AND a.DATE_INT > e.DECOM""",
                    "episodes", "ad1"),
      trips=({"episodes": [PLACED], "ad1": [ad1(DATE_INT="2025-06-02")]},),
      passes=({"episodes": [PLACED], "ad1": [ad1(DATE_INT="2025-06-01")]},))

RULES("551", "Child has been placed for adoption but there is no date of the decision that "
             "the child should be placed for adoption.", "episodes.PLACE",
      where=f"PLACE IN ({PLACED_FOR_ADOPTION}) AND CHILD NOT IN "
            "(SELECT CHILD FROM placed_adoption WHERE DATE_PLACED IS NOT NULL)",
      trips=({"episodes": [PLACED], "placed_adoption": [decision("2")]},),
      passes=({"episodes": [PLACED], "placed_adoption": [decision()]},))

RULES("552", "Date of Decision to place a child for adoption should be on or prior to the "
             "date that the child was placed for adoption.",
      "placed_adoption.DATE_PLACED", "episodes.DECOM",
      sql=flag_each(f"""SELECT e._row AS episodes, p._row AS placed_adoption
                        FROM ({first_episodes(f"PLACE IN ({PLACED_FOR_ADOPTION})")}) e
                        JOIN ({FIRST_DECISIONS}) p ON p.CHILD = e.CHILD
                        WHERE p.DATE_PLACED > e.DECOM""", "placed_adoption", "episodes"),
      note="The child's first placement for adoption is compared with the child's first "
           "decision: the other tool takes the latest decision, and so flags a child placed "
           "again after a new decision.",
      trips=({"episodes": [PLACED], "placed_adoption": [decision(date_placed="2025-06-02")]},),
      passes=({"episodes": [PLACED],
               "placed_adoption": [decision(date_placed="2025-06-01", DATE_PLACED_CEASED=
                                            "2025-09-01", REASON_PLACED_CEASED="RD1"),
                                   decision(date_placed="2025-10-01")]},))

RULES("553", "Placement order has been granted but there is no date of decision that the "
             "child should be placed for adoption.",
      "episodes.CHILD", "placed_adoption.DATE_PLACED", "placed_adoption.DATE_PLACED_CEASED",
      "placed_adoption.REASON_PLACED_CEASED",
      sql=flag_each(f"""SELECT e._row AS episodes, NULL AS placed_adoption FROM episodes e
                        WHERE e.LS = 'E1'
                          AND e.CHILD NOT IN (SELECT CHILD FROM placed_adoption)
                        UNION ALL
                        SELECT NULL, p._row FROM episodes e JOIN ({LATEST_DECISIONS}) p
                          ON p.CHILD = e.CHILD
                        WHERE e.LS = 'E1' AND e.DEC IS NULL AND (p.DATE_PLACED_CEASED IS
                          NOT NULL OR p.REASON_PLACED_CEASED IS NOT NULL)""",
                    "episodes", "placed_adoption"),
      note="While the placement order's episode is open, the child's latest decision must "
           "not have ceased; the other tool looks at every decision, so flags an earlier one "
           "that rightly ceased.",
      trips=({"episodes": [PLACED]},
             {"episodes": [PLACED],
              "placed_adoption": [decision(DATE_PLACED_CEASED="2025-09-01",
                                           REASON_PLACED_CEASED="RD1")]}),
      passes=({"episodes": [PLACED],
               "placed_adoption": [decision(DATE_PLACED_CEASED="2025-09-01",
                                            REASON_PLACED_CEASED="RD1"),
                                   decision(date_placed="2025-10-01")]},))

RULES("554", "Date of decision that the child should be placed for adoption should be on or "
             "prior to the date that the placement order was granted.",
      "placed_adoption.DATE_PLACED", "episodes.DECOM", "episodes.LS",
      sql=flag_each(f"""SELECT e._row AS episodes, p._row AS placed_adoption
                        FROM ({first_episodes("LS = 'E1'")}) e
                        JOIN ({FIRST_DECISIONS}) p ON p.CHILD = e.CHILD
                        WHERE p.DATE_PLACED > e.DECOM""", "placed_adoption", "episodes"),
      note="The first placement order is compared with the child's first decision (the "
           "other tool compares every decision, so flags a later, second decision).",
      trips=({"episodes": [PLACED], "placed_adoption": [decision(date_placed="2025-06-02")]},),
      passes=({"episodes": [PLACED],
               "placed_adoption": [decision(date_placed="2025-06-01"),
                                   decision(date_placed="2025-10-01")]},))

RULES("557", "Child for whom the decision was made that they should be placed for adoption "
             "has left care but was not adopted and information on the decision that they "
             "should no longer be placed for adoption items has not been completed.",
      "placed_adoption.DATE_PLACED_CEASED", "placed_adoption.REASON_PLACED_CEASED",
      "episodes.PLACE", "episodes.LS", "episodes.REC",
      sql=flag_each(f"""SELECT e._row AS episodes, p._row AS placed_adoption
                        FROM episodes e LEFT JOIN ({LATEST_DECISIONS}) p ON p.CHILD = e.CHILD
                        WHERE (e.PLACE IN ({PLACED_FOR_ADOPTION}) OR e.LS = 'E1')
                          AND e.REC NOT IN ({ADOPTED}, 'X1')
                          AND (p._row IS NULL OR p.DATE_PLACED_CEASED IS NULL
                               OR p.REASON_PLACED_CEASED IS NULL)""",
                    "placed_adoption", "episodes"),
      note="The child's latest decision must have ceased; the other tool asks it of every "
           "decision.",
      trips=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E13"}],
              "placed_adoption": [decision()]},),
      passes=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E13"}],
               "placed_adoption": [decision(DATE_PLACED_CEASED="2025-08-01",
                                            REASON_PLACED_CEASED="RD1")]},
              {"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}],
               "placed_adoption": [decision()]}))

RULES("558", "If a child has been adopted, then the decision to place them for adoption has "
             "not been disrupted and the date of the decision that a child should no longer "
             "be placed for adoption should be left blank.",
      "placed_adoption.DATE_PLACED_CEASED", "episodes.REC",
      sql=flag_each(f"""SELECT e._row AS episodes, p._row AS placed_adoption
                        FROM episodes e JOIN ({LATEST_DECISIONS}) p ON p.CHILD = e.CHILD
                        WHERE e.REC IN ({ADOPTED}) AND p.DATE_PLACED_CEASED IS NOT NULL""",
                    "placed_adoption", "episodes"),
      note="The latest decision of an adopted child must not have ceased. The other tool "
           "flags only a child with more than one ceased decision and none open, so misses "
           "a child with one decision, ceased, and adopted.",
      trips=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}],
              "placed_adoption": [decision(DATE_PLACED_CEASED="2025-08-01",
                                           REASON_PLACED_CEASED="RD1")]},),
      passes=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}],
               "placed_adoption": [decision(DATE_PLACED_CEASED="2025-07-01",
                                            REASON_PLACED_CEASED="RD1"),
                                   decision(date_placed="2025-07-15")]},))

ADOPTED_IN_YEAR = f"REC IN ({ADOPTED}) AND DEC BETWEEN {{start}} AND {{end}}"
ADOPTION_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                   "LS_ADOPTR")

RULES("582", "Child is showing as ceasing to be looked after due to adoption, but the date of "
             "adoption is the same as the date reported for being matched with adopters. In "
             "most circumstances we expect the date the child is matched with adopters to be "
             "before the date of adoption.", "episodes.DEC", "ad1.DATE_MATCH",
      severity=QUERY,
      sql=flag_each(f"""SELECT e._row AS episodes, a._row AS ad1
                        FROM episodes e JOIN ad1 a ON a.CHILD = e.CHILD
                        WHERE e.REC IN ({ADOPTED}) AND e.DEC = a.DATE_MATCH""",
                    "episodes", "ad1"),
      trips=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}],
              "ad1": [ad1(DATE_MATCH="2025-09-01")]},),
      passes=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}],
               "ad1": [ad1(DATE_MATCH="2025-08-31")]},))

RULES("601", "The additional fields relating to adoption have not been completed although "
             "the episode data shows that the child was adopted during the year.",
      "episodes.REC",
      where=f"{ADOPTED_IN_YEAR} AND CHILD NOT IN (SELECT CHILD FROM ad1 WHERE "
            + " AND ".join(f"{name} IS NOT NULL" for name in ADOPTION_FIELDS) + ")",
      note="A child adopted in the year with no AD1 row at all is flagged too (the other "
           "tool flags only a child with an AD1 row that lacks a field). The AD1 row's own "
           "blank fields are reported by the format checks.",
      trips=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}]},
             {"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}],
              "ad1": [ad1(SEX_ADOPTR="")]}),
      passes=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E11"}], "ad1": [ad1()]},))

RULES("602", "The episode data submitted for this child does not show that he/she was adopted "
             "during the year.", "ad1.CHILD",
      where=f"CHILD NOT IN (SELECT CHILD FROM episodes WHERE {ADOPTED_IN_YEAR}) AND ("
            + " OR ".join(f"{name} IS NOT NULL" for name in ADOPTION_FIELDS) + ")",
      trips=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E13"}], "ad1": [ad1()]},),
      passes=({"episodes": [{**PLACED, "DEC": "2025-09-01", "REC": "E12"}], "ad1": [ad1()]},))

RULES("1003", "Date of LA's decision that a child should be placed for adoption is before the "
              "child started to be looked after.",
      "placed_adoption.DATE_PLACED", "episodes.DECOM", "episodes.RNE",
      sql=flag_each(f"""SELECT e._row AS episodes, p._row AS placed_adoption
                        FROM ({first_episodes("RNE = 'S'")}) e
                        JOIN placed_adoption p ON p.CHILD = e.CHILD
                        WHERE p.DATE_PLACED < e.DECOM""", "placed_adoption", "episodes"),
      trips=({"episodes": [PLACED], "placed_adoption": [decision(date_placed="2025-05-31")]},),
      passes=({"episodes": [PLACED], "placed_adoption": [decision(date_placed="2025-06-01")]},))
