"""Rules on the PlacedAdoption table: the LA's decisions that a child should be placed for
adoption, and their reversal."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

ADOPTION_GIVEN = "(" + " OR ".join(
    f"ad1.{name} IS NOT NULL" for name in ("DATE_INT", "DATE_MATCH", "FOSTER_CARE",
                                            "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")) + ")"
# Each child's latest decision that they should be placed for adoption.
LATEST_DECISION = """
    SELECT * FROM placed_adoption
    QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DATE_PLACED DESC) = 1"""
CEASED_LAST_YEAR = "(last.DATE_PLACED_CEASED IS NOT NULL OR last.REASON_PLACED_CEASED IS NOT NULL)"


def _decision(date_placed="2025-01-10", ceased="", reason="", child="1") -> dict:
    """A decision; blanks are left out, as a previous year's stored row has none."""
    fields = {"CHILD": child, "DOB": "2020-06-01", "DATE_PLACED": date_placed,
              "DATE_PLACED_CEASED": ceased, "REASON_PLACED_CEASED": reason}
    return {name: value for name, value in fields.items() if value}


def _ad1(date_int="2025-01-10", child="1") -> dict:
    return {"CHILD": child, "DOB": "2020-06-01", "DATE_INT": date_int,
            "DATE_MATCH": "2025-05-01", "FOSTER_CARE": "0", "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}


REVERSED = _decision(ceased="2025-06-01", reason="RD1")

RULES("115", "Date of Local Authority's (LA) decision that a child should be placed for "
             "adoption is not a valid date.", "placed_adoption.DATE_PLACED", format="invalid",
      trips=({"placed_adoption": [_decision("2025-02-29")]},),
      passes=({"placed_adoption": [_decision("2024-02-29")]},))

RULES("116", "Date of Local Authority's (LA) decision that a child should no longer be placed "
             "for adoption is not a valid date.", "placed_adoption.DATE_PLACED_CEASED",
      format="invalid",
      trips=({"placed_adoption": [_decision(ceased="2025-13-01", reason="RD1")]},),
      passes=({"placed_adoption": [REVERSED]},))

RULES("119", "If the decision is made that a child should no longer be placed for adoption, "
             "then the date of this decision and the reason why this decision was made must be "
             "completed.", "placed_adoption.REASON_PLACED_CEASED",
      "placed_adoption.DATE_PLACED_CEASED",
      where="(DATE_PLACED_CEASED IS NULL) <> (REASON_PLACED_CEASED IS NULL)",
      trips=({"placed_adoption": [_decision(ceased="2025-06-01")]},
             {"placed_adoption": [_decision(reason="RD2")]}),
      passes=({"placed_adoption": [REVERSED]}, {"placed_adoption": [_decision()]}))

RULES("120", "The reason for the reversal of the decision that the child should be placed for "
             "adoption code is not valid.", "placed_adoption.REASON_PLACED_CEASED",
      format="invalid",
      trips=({"placed_adoption": [_decision(ceased="2025-06-01", reason="RD5")]},),
      passes=({"placed_adoption": [_decision(ceased="2025-06-01", reason="RD4")]},))

RULES("522", "Date of decision that the child should be placed for adoption must be on or "
             "before the date that a child should no longer be placed for adoption.",
      "placed_adoption.DATE_PLACED", "placed_adoption.DATE_PLACED_CEASED",
      where="DATE_PLACED_CEASED < DATE_PLACED",
      trips=({"placed_adoption": [_decision(ceased="2025-01-09", reason="RD1")]},),
      passes=({"placed_adoption": [_decision(ceased="2025-01-10", reason="RD1")]},))

RULES("523", "Date of decision that the child should be placed for adoption should be the same "
             "date as the decision that adoption is in the best interest (date should be "
             "placed).", "placed_adoption.DATE_PLACED", "ad1.DATE_INT",
      sql=f"""
          WITH unmatched AS (
              SELECT CHILD, _row FROM ad1
              WHERE CHILD IN (SELECT CHILD FROM placed_adoption)
                AND NOT EXISTS (SELECT 1 FROM placed_adoption AS decision
                                WHERE decision.CHILD = ad1.CHILD
                                  AND decision.DATE_PLACED = ad1.DATE_INT))
          SELECT 'ad1' AS _table, _row FROM unmatched
          UNION ALL
          SELECT 'placed_adoption', latest._row
          FROM ({LATEST_DECISION}) AS latest JOIN unmatched USING (CHILD)""",  # noqa: S608
      note="A child with more than one decision is flagged when none of them has the date "
           "of AD1, on the AD1 row and the latest decision; the other tool flags every "
           "decision with another date, an earlier reversed one too.",
      trips=({"placed_adoption": [_decision()], "ad1": [_ad1("2025-01-11")]},),
      passes=({"placed_adoption": [_decision("2024-03-01", "2024-09-01", "RD1"), _decision()],
               "ad1": [_ad1()]},))

RULES("525", "A child for whom the decision to be placed for adoption has been reversed cannot "
             "be adopted during the year.", "placed_adoption.DATE_PLACED_CEASED",
      *(f"ad1.{name}" for name in ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                   "SEX_ADOPTR", "LS_ADOPTR")),
      sql=f"""
          WITH reversed AS (
              SELECT latest._row AS decision_row, ad1._row AS adoption_row
              FROM ({LATEST_DECISION}) AS latest JOIN ad1 USING (CHILD)
              WHERE latest.DATE_PLACED_CEASED IS NOT NULL AND {ADOPTION_GIVEN})
          SELECT 'placed_adoption' AS _table, decision_row AS _row FROM reversed
          UNION ALL
          SELECT 'ad1', adoption_row FROM reversed""",  # noqa: S608
      note="Only a child whose latest decision was reversed is flagged; the other tool also "
           "flags a child adopted after a new decision that followed a reversed one.",
      trips=({"placed_adoption": [REVERSED], "ad1": [_ad1()]},),
      passes=({"placed_adoption": [_decision("2024-03-01", "2024-09-01", "RD1"), _decision()],
               "ad1": [_ad1()]},))

RULES("559", "Date of decision that a child should be placed for adoption was not in the "
             "current year but the date of the decision that the child should be placed for "
             "adoption was not completed in a previous return.", "placed_adoption.DATE_PLACED",
      where="DATE_PLACED < {start} AND NOT EXISTS (SELECT 1 FROM placed_adoption_last AS last "
            "WHERE last._child = placed_adoption._child AND last.DATE_PLACED IS NOT NULL)",
      needs={PREVIOUS},
      trips=({"placed_adoption": [_decision()],
              "placed_adoption_last": [_decision(child="2")]},),
      passes=({"placed_adoption": [_decision()], "placed_adoption_last": [_decision()]},
              {"placed_adoption": [_decision("2025-04-01")],
               "placed_adoption_last": [_decision(child="2")]}))

RULES("560", "Date of decision that the child should be placed for adoption this year is "
             "different from that recorded last year but the decision to place the child for "
             "adoption did not change.", "placed_adoption.DATE_PLACED",
      "placed_adoption.DATE_PLACED_CEASED",
      where="""EXISTS (
          SELECT 1 FROM placed_adoption_last AS last
          WHERE last._child = placed_adoption._child AND last.DATE_PLACED_CEASED IS NULL
            AND last.DATE_PLACED <> placed_adoption.DATE_PLACED
            AND NOT EXISTS (SELECT 1 FROM placed_adoption AS same
                            WHERE same._child = last._child
                              AND same.DATE_PLACED = last.DATE_PLACED))""",
      needs={PREVIOUS},
      note="A decision open last year and still reported, with a new one after it, is not "
           "flagged here (rule 579 flags the overlap); the other tool flags the new one.",
      trips=({"placed_adoption": [_decision("2025-01-11")],
              "placed_adoption_last": [_decision()]},),
      passes=({"placed_adoption": [_decision()], "placed_adoption_last": [_decision()]},
              {"placed_adoption": [_decision(ceased="2025-06-01", reason="RD1"),
                                   _decision("2025-08-01")],
               "placed_adoption_last": [_decision()]}))

RULES("561", "Date of the decision that the child should be placed for adoption this year is "
             "the same as that recorded last year but records show that the decision changed, "
             "and the child should no longer be placed for adoption last year.",
      "placed_adoption.DATE_PLACED",
      where=f"""EXISTS (
          SELECT 1 FROM placed_adoption_last AS last
          WHERE last._child = placed_adoption._child
            AND last.DATE_PLACED = placed_adoption.DATE_PLACED
            AND {CEASED_LAST_YEAR})""",  # noqa: S608
      needs={PREVIOUS},
      trips=({"placed_adoption": [_decision()],
              "placed_adoption_last": [_decision(ceased="2025-03-01", reason="RD1")]},),
      passes=({"placed_adoption": [_decision("2025-05-01")],
               "placed_adoption_last": [_decision(ceased="2025-03-01", reason="RD1")]},))

RULES("563", "The child should no longer be placed for adoption but the date of the decision "
             "that the child should be placed for adoption is blank",
      "placed_adoption.DATE_PLACED", "placed_adoption.REASON_PLACED_CEASED",
      "placed_adoption.DATE_PLACED_CEASED", format="blank",
      note="The date of the decision is part of a PlacedAdoption row's key, so the format "
           "checks refuse every row without it, a reversed decision or not.",
      trips=({"placed_adoption": [_decision("", "2025-06-01", "RD1")]},),
      passes=({"placed_adoption": [REVERSED]},))

RULES("579", "A new decision that the child should be placed for adoption this year cannot "
             "start when the previous decision is still open. Decisions to place the child for "
             "adoption should also not overlap. The date of any new decision to place the "
             "child for adoption must not be before the date placed ceased of previous "
             "decisions.", "placed_adoption.DATE_PLACED", "placed_adoption.DATE_PLACED_CEASED",
      sql="""
          SELECT _row FROM (
              SELECT _row, DATE_PLACED,
                     lag(_row) OVER child AS previous_row,
                     lag(DATE_PLACED_CEASED) OVER child AS previous_ceased
              FROM placed_adoption
              WINDOW child AS (PARTITION BY CHILD ORDER BY DATE_PLACED))
          WHERE previous_row IS NOT NULL
            AND (previous_ceased IS NULL OR DATE_PLACED < previous_ceased)""",
      trips=({"placed_adoption": [_decision("2024-03-01"), _decision()]},
             {"placed_adoption": [_decision("2024-03-01", "2025-02-01", "RD1"), _decision()]}),
      passes=({"placed_adoption": [_decision("2024-03-01", "2025-01-10", "RD1"),
                                   _decision()]},))

RULES("583", "More than one date the child should be placed for adoption has been reported, "
             "but an earlier decision has not been revoked. Check that both dates are required "
             "and add in the date the earlier decision was revoked. Note this may be in a "
             "previous year.", "placed_adoption.DATE_PLACED",
      "placed_adoption.DATE_PLACED_CEASED", severity=QUERY,
      sql="""
          SELECT _row FROM placed_adoption
          QUALIFY DATE_PLACED_CEASED IS NULL
              AND row_number() OVER (PARTITION BY CHILD ORDER BY DATE_PLACED DESC) > 1""",
      note="A query, as DfE's message asks the LA to check.",
      trips=({"placed_adoption": [_decision("2024-03-01"), _decision()]},),
      passes=({"placed_adoption": [_decision("2024-03-01", "2024-09-01", "RD1"),
                                   _decision()]},))

RULES("584", "Date of decision that the child should be placed for adoption this year is "
             "different from that recorded last year, but the decision to placed the child for "
             "adoption changed and the child should no longer be placed for adoption.",
      "placed_adoption.DATE_PLACED",
      where=f"""EXISTS (
          SELECT 1 FROM placed_adoption_last AS last
          WHERE last._child = placed_adoption._child
            AND placed_adoption.DATE_PLACED <= last.DATE_PLACED
            AND {CEASED_LAST_YEAR})""",  # noqa: S608
      needs={PREVIOUS},
      note="The other tool compares the two dates as text (DD/MM/YYYY, so 01/05/2025 "
           "comes before 10/01/2025) and looks the flagged rows up by their place in its "
           "own merged table, so it can flag the wrong rows.",
      trips=({"placed_adoption": [_decision("2024-12-01")],
              "placed_adoption_last": [_decision(ceased="2025-03-01", reason="RD1")]},),
      passes=({"placed_adoption": [_decision("2025-05-01")],
               "placed_adoption_last": [_decision(ceased="2025-03-01", reason="RD1")]},))
