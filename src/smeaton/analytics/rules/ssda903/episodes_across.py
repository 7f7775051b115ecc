"""Rules on the Episodes table that look across a child's episodes, across the other
tables of the return (adoption, missing periods, previous permanence, care leavers) and
across years (last year's return)."""

# The rules' SQL is put together from this module's own constants, never from a file's
# values (the engine fills in the year's dates): not a way in for SQL injection.
# ruff: noqa: S608

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.rules.ssda903 import SHARED_TABLES_NOTE
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
    this year's, and ``l``, last year's) finds where the two disagree. Open means no
    date and no reason ceased: a date ceased that failed last year's checks is stored
    blank, and its reason still says the episode ended."""
    return f"""
        WITH firsts AS (SELECT * FROM episodes
                        QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DECOM) = 1),
             lasts AS (SELECT * FROM episodes_last
                       QUALIFY row_number() OVER (PARTITION BY _child ORDER BY DECOM DESC) = 1)
        SELECT f._row FROM firsts f JOIN lasts l ON l._child = f._child
        WHERE l.DEC IS NULL AND l.REC IS NULL AND ({test})"""


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


# The periods of care of each child with a missing period, in this year's episodes (only
# those children: a national file has 700,000 episodes): a period starts with the first
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
                    FROM episodes WHERE CHILD IN (SELECT CHILD FROM missing)
                    WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM)))
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

# From 2025/26, when Z11 to Z14 (which need no provider) replaced Z1.
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
      note=SHARED_TABLES_NOTE,
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

# --- Missing and away from placement --------------------------------------------------------


def missing(child: str = "1", mis_start: str = "2025-07-01", **fields: str) -> dict:
    """A period missing from care for an example."""
    return {"CHILD": child, "DOB": "2010-01-01", "MISSING": "M", "MIS_START": mis_start,
            **fields}


def about_missing(test: str) -> str:
    """Missing periods of children with episodes, beside their periods of care: ``test``
    (over the missing period ``m``) finds the ones that break a rule."""
    return f"""WITH {PERIODS}
               SELECT m._row FROM missing m
               WHERE m.CHILD IN (SELECT CHILD FROM episodes) AND ({test})"""


IN_CARE = ("EXISTS (SELECT 1 FROM periods p WHERE p.CHILD = m.CHILD AND p.began <= m.MIS_START"
           " AND (p.ended IS NULL OR m.MIS_START <= p.ended))")
OPEN_AND_MISSING = {"episodes": [episode(decom="2025-05-01")]}
ENDED = {"episodes": [episode(decom="2025-05-01", DEC="2025-09-01", REC="E13")]}

RULES("575", "If the placement from which the child goes missing/away from placement without "
             "authorisation ends, the missing/away from placement without authorisation "
             "period in the missing module must also have an end date.", "missing.MIS_END",
      where="MIS_END IS NULL AND EXISTS (SELECT 1 FROM episodes e WHERE e.CHILD = "
            "missing.CHILD AND e.DEC IS NOT NULL AND missing.MIS_START BETWEEN e.DECOM "
            "AND e.DEC)",
      trips=({"episodes": [episode(decom="2025-05-01", DEC="2025-09-01", REC="X1"),
                           episode(decom="2025-09-01", RNE="P")],
              "missing": [missing()]},),
      passes=({"episodes": [episode(decom="2025-05-01", DEC="2025-09-01", REC="X1"),
                            episode(decom="2025-09-01", RNE="P")],
               "missing": [missing(MIS_END="2025-08-01"), missing(mis_start="2025-10-01")]},))

RULES("577", "Child ceased to be looked after but there is a missing/away from placement "
             "without authorisation period without an end date.", "missing.MIS_END",
      sql=about_missing("m.MIS_END IS NULL AND NOT EXISTS (SELECT 1 FROM periods p WHERE "
                        "p.CHILD = m.CHILD AND p.ended IS NULL AND p.began <= m.MIS_START)"),
      note="Flags a period with no end unless it started in a period of care still open at 31 "
           "March. The other tool also flags, under this code, periods whose end lies outside "
           "every period of care, which are not periods without an end date.",
      trips=({**ENDED, "missing": [missing()]},),
      passes=({**OPEN_AND_MISSING, "missing": [missing()]},
              {**ENDED, "missing": [missing(MIS_END="2025-08-01")]}))

RULES("578", "The date that the child started to be missing is after the child ceased to be "
             "looked after.", "missing.MIS_START",
      sql=about_missing(f"NOT {IN_CARE} AND EXISTS (SELECT 1 FROM periods p WHERE "
                        "p.CHILD = m.CHILD AND p.ended < m.MIS_START)"),
      note="A missing period that starts between two periods of care is flagged here, as "
           "after the first ended (the other tool flags it under 581 too).",
      trips=({**ENDED, "missing": [missing(mis_start="2025-09-02", MIS_END="2025-09-03")]},),
      passes=({**ENDED, "missing": [missing(mis_start="2025-09-01", MIS_END="2025-09-01")]},))

RULES("581", "Child is missing but has not yet started to be looked after.", "missing.MIS_START",
      sql=about_missing("m.MIS_START < (SELECT min(DECOM) FROM episodes e "
                        "WHERE e.CHILD = m.CHILD)"),
      note="Only a period that starts before the child's first episode: one that starts after "
           "care ended is rule 578's (the other tool flags it under both).",
      trips=({**ENDED, "missing": [missing(mis_start="2025-04-30", MIS_END="2025-05-02")]},),
      passes=({**ENDED, "missing": [missing(mis_start="2025-05-01", MIS_END="2025-05-02")]},))

RULES("580", "Child is missing when cease being looked after but reason episode ceased not "
             "'E8'.", "episodes.REC",
      where="REC <> 'E8' AND EXISTS (SELECT 1 FROM missing m WHERE m.CHILD = episodes.CHILD "
            "AND m.MIS_END = episodes.DEC AND m.MIS_END = CAST(m.DOB + INTERVAL 18 YEAR AS DATE))",
      trips=({"episodes": [episode(decom="2025-05-01", DEC="2026-01-01", REC="E17")],
              "missing": [missing(MIS_END="2026-01-01", DOB="2008-01-01")]},),
      passes=({"episodes": [episode(decom="2025-05-01", DEC="2026-01-01", REC="E8")],
               "missing": [missing(MIS_END="2026-01-01", DOB="2008-01-01")]},
              {"episodes": [episode(decom="2025-05-01", DEC="2026-01-01", REC="E17")],
               "missing": [missing(MIS_END="2025-12-31", DOB="2008-01-01")]}))

# --- Health and offending (OC2) of children looked after for the year -----------------------

LOOKED_AFTER_YEAR = {"episodes": [episode(decom="2024-01-01")]}

RULES("543", "Child is aged 10 or over at 31 March and has been looked after continuously for "
             "12 months yet conviction information has not been completed.",
      "oc2.DOB", "oc2.CONVICTED",
      where=f"CONVICTED IS NULL AND age_on(DOB, {{end}}) >= 10 "
            f"AND CHILD IN ({CONTINUOUSLY_LOOKED_AFTER})",
      note="A child whose 10th birthday is 31 March is aged 10 at 31 March (the other tool "
           "counts from the day after). " + CONTINUOUSLY_NOTE,
      trips=({**LOOKED_AFTER_YEAR, "oc2": [{"CHILD": "1", "DOB": "2016-03-31"}]},),
      passes=({**LOOKED_AFTER_YEAR, "oc2": [{"CHILD": "1", "DOB": "2016-04-01"}]},
              {"episodes": [episode(decom="2025-04-02")],
               "oc2": [{"CHILD": "1", "DOB": "2012-01-01"}]}))

RULES("546", "Children aged 5 or over at 31 March should not have health promotion "
             "information completed.", "oc2.DOB", "oc2.HEALTH_CHECK",
      where=f"HEALTH_CHECK IS NOT NULL AND age_on(DOB, {{end}}) >= 5 "
            f"AND CHILD IN ({CONTINUOUSLY_LOOKED_AFTER})",
      note=CONTINUOUSLY_NOTE,
      trips=({**LOOKED_AFTER_YEAR, "oc2": [{"CHILD": "1", "DOB": "2021-03-31",
                                            "HEALTH_CHECK": "1"}]},),
      passes=({**LOOKED_AFTER_YEAR, "oc2": [{"CHILD": "1", "DOB": "2021-04-01",
                                             "HEALTH_CHECK": "1"}]},
              {"episodes": [episode(decom="2024-01-01", DEC="2026-03-31", REC="E13")],
               "oc2": [{"CHILD": "1", "DOB": "2015-01-01", "HEALTH_CHECK": "1"}]}))

# --- The child's own details (Header) against the episodes ----------------------------------


def header(child: str = "1", **fields: str) -> dict:
    """A child's Header row for an example."""
    return {"CHILD": child, "SEX": "F", "DOB": "2008-01-01", "ETHNIC": "WBRI",
            "UPN": "A123456789012", **fields}


CEASED = episode(decom="2025-05-01", DEC="2025-09-01", REC="E13")

RULES("442", "Unique Pupil Number (UPN) field is not completed.", "header.UPN", format="blank",
      note="Smeaton's format checks ask every child for a UPN (or a UN code). DfE's rule asks "
           "it only of children with an episode under a legal status other than V3 or V4, so a "
           "blank UPN of a child on short breaks alone is reported under this code too.",
      trips=({"header": [header(UPN="")], "episodes": [episode()]},),
      passes=({"header": [header(UPN="UN1")], "episodes": [episode()]},))

RULES("607", "Child ceased to be looked after in the year, but mother field has not been "
             "completed.", "episodes.DEC", "episodes.REC", "header.MOTHER", "episodes.LS",
      "header.SEX",
      sql=flag_each("""SELECT e._row AS episodes, h._row AS header
                       FROM episodes e JOIN header h ON h.CHILD = e.CHILD
                       WHERE sex(h.SEX) = 'F' AND h.MOTHER IS NULL AND e.REC <> 'X1'
                         AND e.DEC BETWEEN {start} AND {end} AND e.LS NOT IN ('V3','V4')""",
                    "episodes", "header"),
      trips=({"header": [header()], "episodes": [CEASED]},),
      passes=({"header": [header(MOTHER="0")], "episodes": [CEASED]},
              {"header": [header(SEX="M")], "episodes": [CEASED]},
              {"header": [header()], "episodes": [{**CEASED, "LS": "V3"}]}))

RULES("625", "Date of birth of the first child is beyond the end of this reporting year or the "
             "date the child ceased to be looked after.", "header.MC_DOB", "episodes.DEC",
      sql=flag_each("""SELECT e._row AS episodes, h._row AS header
                       FROM header h
                       LEFT JOIN (SELECT * FROM episodes QUALIFY row_number() OVER
                                  (PARTITION BY CHILD ORDER BY DECOM DESC) = 1) e
                         ON e.CHILD = h.CHILD
                       WHERE h.MC_DOB > {end} OR h.MC_DOB > e.DEC""", "header", "episodes"),
      note="Compared with the ceasing of the child's latest episode, so not with an earlier "
           "episode's when the child is still looked after (the other tool takes the latest "
           "date ceased). A date of birth after 31 March is also a format problem.",
      trips=({"header": [header(MOTHER="1", MC_DOB="2025-09-02")], "episodes": [CEASED]},),
      passes=({"header": [header(MOTHER="1", MC_DOB="2025-09-01")], "episodes": [CEASED]},
              {"header": [header(MOTHER="1", MC_DOB="2025-10-01")],
               "episodes": [CEASED, episode(decom="2025-10-01")]}))

OC3 = {"CHILD": "1", "DOB": "2007-06-01", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "B1"}

RULES("628", "Motherhood details are not required for care leavers who have not been looked "
             "after during the year.", "header.MOTHER",
      where=f"MOTHER IS NOT NULL AND CHILD NOT IN (SELECT CHILD FROM episodes) "
            f"AND CHILD IN (SELECT CHILD FROM oc3 WHERE {CARE_LEAVER_GIVEN})",
      trips=({"header": [header(MOTHER="0")], "oc3": [OC3]},),
      passes=({"header": [header()], "oc3": [OC3]},
              {"header": [header(MOTHER="0")], "oc3": [OC3], "episodes": [CEASED]}))

# --- Previous permanence options ----------------------------------------------------------

PREVIOUS_PERMANENCE = "'P1','P2','P3'"


def permanence(child: str = "1", **fields: str) -> dict:
    return {"CHILD": child, "DOB": "2015-01-01", "PREV_PERM": "P1", "LA_PERM": "879",
            "DATE_PERM": "2018-05-01", **fields}


RULES("630", "Information on previous permanence option should be returned.", "episodes.RNE",
      where=f"""RNE = 'S' AND DECOM >= {{start}} AND NOT EXISTS (
                    SELECT 1 FROM prev_perm p WHERE p.CHILD = episodes.CHILD
                    AND p.PREV_PERM IS NOT NULL AND (p.PREV_PERM NOT IN ({PREVIOUS_PERMANENCE})
                         OR (p.LA_PERM IS NOT NULL AND p.DATE_PERM IS NOT NULL)))""",
      note="The council and date of the order are asked for with an adoption, special "
           "guardianship or residence order (P1 to P3), as DfE's guidance says; the other tool "
           "asks for them with P4 (unknown) too.",
      trips=({"episodes": [episode()]},
             {"episodes": [episode()], "prev_perm": [permanence(DATE_PERM="")]}),
      passes=({"episodes": [episode()], "prev_perm": [permanence()]},
              {"episodes": [episode()], "prev_perm": [permanence(PREV_PERM="P4", LA_PERM="",
                                                                 DATE_PERM="")]},
              {"episodes": [episode(decom="2025-03-31")]}))

RULES("632", "Date of previous permanence order not a valid value.",
      "prev_perm.DATE_PERM", "episodes.DECOM",
      sql=flag_each(f"""SELECT e._row AS episodes, p._row AS prev_perm
                        FROM ({first_episodes("true")}) e
                        JOIN prev_perm p ON p.CHILD = e.CHILD
                        WHERE p.DATE_PERM >= e.DECOM""", "prev_perm", "episodes"),
      note="A date of the order that is not a date is found by the format checks, which do "
           "not yet read DfE's partly known dates (ZZ for an unknown day or month).",
      trips=({"episodes": [episode()], "prev_perm": [permanence(DATE_PERM="2025-05-01")]},),
      passes=({"episodes": [episode()], "prev_perm": [permanence(DATE_PERM="2025-04-30")]},))

RULES("634", "There are entries for previous permanence options, but child has not started to "
             "be looked after from 1 April 2016 onwards.", "prev_perm.LA_PERM",
      "prev_perm.PREV_PERM", "prev_perm.DATE_PERM", "episodes.DECOM",
      sql=flag_each("""SELECT e._row AS episodes, p._row AS prev_perm
                       FROM prev_perm p JOIN episodes e ON e.CHILD = p.CHILD
                       WHERE (p.PREV_PERM IS NOT NULL OR p.LA_PERM IS NOT NULL
                              OR p.DATE_PERM IS NOT NULL)
                         AND p.CHILD NOT IN (SELECT CHILD FROM episodes
                                             WHERE DECOM >= DATE '2016-04-01')""",
                    "prev_perm", "episodes"),
      note="As DfE's rule says, a child needs an episode starting on or after 1 April 2016; the "
           "other tool asks for one starting in the collection year.",
      trips=({"episodes": [episode(decom="2016-03-31", RNE="S")],
              "prev_perm": [permanence(DATE_PERM="2015-05-01")]},),
      passes=({"episodes": [episode(decom="2016-04-01", RNE="S")],
               "prev_perm": [permanence(DATE_PERM="2015-05-01")]},))

# --- Care leavers (OC3) -------------------------------------------------------------------

CARE_LEAVER = ("oc3.IN_TOUCH", "oc3.ACTIV", "oc3.ACCOM")
# The care leavers with ``_child``, the key to last year's tables, even when there is no
# last year (then NULL, and last year's tables are empty): a rule that reads last year
# when it is there runs without it too.
OC3_WITH_KEY = "(SELECT * FROM oc3 UNION ALL BY NAME SELECT NULL::VARCHAR AS _child WHERE false)"
CARE_LEAVER_AGED_18 = {**OC3, "DOB": "2007-06-01"}

RULES("1000", "This child is recorded as having died in care and therefore should not have the "
              "care leaver information completed.", *CARE_LEAVER,
      sql=f"""SELECT o._row FROM {OC3_WITH_KEY} o
              WHERE o.CHILD IN (SELECT CHILD FROM episodes WHERE REC = 'E2')
                 OR o._child IN (SELECT _child FROM episodes_last WHERE REC = 'E2')""",
      trips=({"oc3": [OC3], "episodes": [{**CEASED, "REC": "E2"}]},
             {"oc3": [OC3], "episodes_last": [{**CEASED, "DEC": "2024-09-01", "REC": "E2"}]}),
      passes=({"oc3": [OC3], "episodes": [CEASED]},
              {"oc3": [OC3], "episodes_last": [{**CEASED, "DEC": "2024-09-01"}]}))

# Each care leaver's care in the two years' episodes, short breaks left out: days looked
# after since the 14th and the 16th birthdays, how the first episode began (S: the start
# of care is in view) and how the latest ended.
CARE_SINCE_14 = """
    WITH spells AS (
        SELECT _child, DECOM, DEC, LS, RNE, REC FROM episodes
        UNION ALL
        SELECT l._child, l.DECOM, l.DEC, l.LS, l.RNE, l.REC FROM episodes_last l
        WHERE NOT EXISTS (SELECT 1 FROM episodes e
                          WHERE e._child = l._child AND e.DECOM = l.DECOM)),
    care AS (
        SELECT o._row, o.DOB, arg_min(s.RNE, s.DECOM) AS first_rne,
               arg_max(s.REC, s.DECOM) AS last_rec,
               sum(CASE WHEN s.LS NOT IN ('V3','V4') THEN greatest(0, date_diff('day',
                   greatest(s.DECOM, CAST(o.DOB + INTERVAL 14 YEAR AS DATE)),
                   coalesce(s.DEC, {end}))) ELSE 0 END) AS days_since_14,
               sum(CASE WHEN s.LS NOT IN ('V3','V4') THEN greatest(0, date_diff('day',
                   greatest(s.DECOM, CAST(o.DOB + INTERVAL 16 YEAR AS DATE)),
                   coalesce(s.DEC, {end}))) ELSE 0 END) AS days_since_16
        FROM oc3 o JOIN spells s ON s._child = o._child
        GROUP BY o._row, o.DOB)"""

RULES("1001", "The episodes recorded for this young person suggest they are not a relevant or a "
              "former relevant child and therefore should not have care leaver information "
              "completed.", *CARE_LEAVER, needs={PREVIOUS},
      sql=f"""{CARE_SINCE_14}
              SELECT _row FROM care
              WHERE age_on(DOB, {{end}}) < 20
                AND ((first_rne = 'S' AND (days_since_14 < 91 OR days_since_16 < 1))
                     OR last_rec IN ({ADOPTED}))""",
      note="A relevant or former relevant child was looked after for 13 weeks (91 days) since "
           "the 14th birthday, some of it after the 16th, and was not adopted; ages come from "
           "OC3's date of birth (the other tool takes Header's, and flags every care leaver "
           "missing from Header). Only this year's "
           "and last year's episodes are read: the days are judged only where the first of them "
           "started the young person's care (RNE S), as earlier care cannot be counted; still, "
           "an earlier period of care may have counted. Young people aged 20 or more at 31 "
           "March are not judged, nor those with no episodes in either year (rule 1002).",
      trips=({"oc3": [OC3], "episodes_last": [episode(decom="2024-05-01", DEC="2024-06-01",
                                                      REC="E13")]},
             {"oc3": [OC3], "episodes_last": [episode(decom="2023-01-01", DEC="2024-06-01",
                                                      REC="E11")]}),
      passes=({"oc3": [OC3], "episodes_last": [episode(decom="2023-05-01", DEC="2024-06-01",
                                                       REC="E13")]},))

RULES("1002", "This child has no previous episodes of care, therefore should not have care "
              "leaver information recorded.", *CARE_LEAVER, needs={PREVIOUS},
      where="CHILD NOT IN (SELECT CHILD FROM episodes) "
            "AND _child NOT IN (SELECT _child FROM in_care_before WHERE _child IS NOT NULL)",
      # A care leaver was looked after at 16 or over (DfE's definition of a relevant child).
      cannot_check=("DOB + INTERVAL 16 YEAR < {held_from}",
                    "young people who turned 16 before the earliest return held"),
      note="Every earlier year's return held is read; the other tool reads last year's "
           "alone, so flags a young person who left care before it. One who turned 16 "
           "before the earliest return held may have left care before it, so is counted "
           "as not checked.",
      trips=({"oc3": [{**OC3, "DOB": "2008-06-01"}],
              "episodes_last": [episode("2", decom="2024-05-01")]},),
      passes=({"oc3": [{**OC3, "DOB": "2008-06-01"}],
               "episodes_last": [episode(decom="2024-05-01")]},))

RULES("1007", "Care leaver information is not required for 17- or 18-year olds who are still "
              "looked after [on their 17th or 18th birthday.]", *CARE_LEAVER,
      where="age_on(DOB, {end}) IN (17, 18) AND EXISTS (SELECT 1 FROM episodes e "
            "WHERE e.CHILD = oc3.CHILD AND e.DECOM <= CAST(oc3.DOB + to_years(age_on(oc3.DOB, "
            "{end})) AS DATE) AND (e.DEC IS NULL OR e.DEC > CAST(oc3.DOB + to_years("
            f"age_on(oc3.DOB, {{end}})) AS DATE))) AND {CARE_LEAVER_GIVEN}",
      note="A young person still looked after at 31 March (an episode with no end) is flagged "
           "too; the other tool misses them.",
      trips=({"oc3": [OC3], "episodes": [episode(decom="2025-01-01")]},
             {"oc3": [OC3], "episodes": [episode(decom="2025-01-01", DEC="2025-06-02",
                                                 REC="E13")]}),
      passes=({"oc3": [OC3], "episodes": [episode(decom="2025-01-01", DEC="2025-06-01",
                                                  REC="E13")]},))

RULES("1010", "This child has no episodes loaded for current year even though there was an open "
              "episode of care at the end of the previous year, and care leaver data has been "
              "entered.", *CARE_LEAVER, needs={PREVIOUS},
      where=f"""CHILD NOT IN (SELECT CHILD FROM episodes) AND {CARE_LEAVER_GIVEN}
                AND _child IN (SELECT _child FROM episodes_last QUALIFY row_number() OVER
                               (PARTITION BY _child ORDER BY DECOM DESC) = 1
                               AND DEC IS NULL AND REC IS NULL)""",
      trips=({"oc3": [OC3], "episodes_last": [episode(decom="2024-05-01")]},),
      passes=({"oc3": [OC3], "episodes_last": [episode(decom="2024-05-01", DEC="2024-06-01",
                                                       REC="E13")]},))

RULES("1011", "This child is recorded as having his/her care transferred to another local "
              "authority for the final episode and therefore should not have the care leaver "
              "information completed.", *CARE_LEAVER,
      where=f"""{CARE_LEAVER_GIVEN} AND CHILD IN (
                    SELECT CHILD FROM episodes QUALIFY row_number() OVER
                    (PARTITION BY CHILD ORDER BY DECOM DESC) = 1 AND REC = 'E3')""",
      trips=({"oc3": [OC3], "episodes": [{**CEASED, "REC": "E3"}]},),
      passes=({"oc3": [OC3], "episodes": [{**CEASED, "REC": "E3"},
                                          episode(decom="2025-10-01", DEC="2025-12-01",
                                                  REC="E13")]},))

OTHER_TABLES = ("placed_adoption", "missing", "reviews", "ad1", "prev_perm", "oc2")

RULES("1012", "No other data should be returned for OC3 children who had no episodes in the "
              "current year", *(f"{table}.CHILD" for table in OTHER_TABLES),
      sql=" UNION ALL ".join(f"SELECT '{table}' AS _table, _row FROM {table} o WHERE NOT "
                             "EXISTS (SELECT 1 FROM episodes e WHERE e.CHILD = o.CHILD)"
                             for table in OTHER_TABLES),
      trips=({"oc3": [OC3], "oc2": [{"CHILD": "1", "DOB": "2007-06-01"}]},
             {"missing": [missing()]}),
      passes=({"oc2": [{"CHILD": "1", "DOB": "2007-06-01"}], "episodes": [CEASED]},))

RULES("1014", "UASC information is not required for care leavers", "oc3.ACTIV", "oc3.ACCOM",
      "oc3.IN_TOUCH", "uasc.DUC",
      sql=flag_each(f"""SELECT o._row AS oc3, u._row AS uasc
                        FROM oc3 o JOIN uasc u ON u.CHILD = o.CHILD
                        WHERE ({CARE_LEAVER_GIVEN}) AND o.CHILD NOT IN (
                            SELECT CHILD FROM episodes
                            WHERE DECOM <= {{end}} AND (DEC IS NULL OR DEC >= {{start}}))""",
                    "oc3", "uasc"),
      note="A care leaver with no episode in the return at all is flagged too; the other tool "
           "flags only one whose episodes all fall outside the year.",
      trips=({"oc3": [OC3], "uasc": [{"CHILD": "1", "DOB": "2007-06-01", "SEX": "M",
                                      "DUC": "2025-06-01"}]},),
      passes=({"oc3": [OC3], "episodes": [CEASED],
               "uasc": [{"CHILD": "1", "DOB": "2007-06-01", "SEX": "M",
                         "DUC": "2025-06-01"}]},))

RULES("1016", "Care leaver information is not required for 17- or 18-year olds who cease to be "
              "looked after, after their birthday.", *CARE_LEAVER,
      where="age_on(DOB, {end}) IN (17, 18) AND EXISTS (SELECT 1 FROM episodes e "
            "WHERE e.CHILD = oc3.CHILD AND e.DEC >= CAST(oc3.DOB + to_years(age_on(oc3.DOB, "
            f"{{end}})) AS DATE)) AND {CARE_LEAVER_GIVEN}",
      note="Ages are whole years on 31 March, birthdays exact (the other tool counts years of "
           "365.2425 days).",
      trips=({"oc3": [OC3], "episodes": [episode(decom="2025-01-01", DEC="2025-06-01",
                                                 REC="E13")]},),
      passes=({"oc3": [OC3], "episodes": [episode(decom="2025-01-01", DEC="2025-05-31",
                                                  REC="E13")]},))
