"""Rules on the DoLo table: orders depriving a looked-after child of their liberty
(DoLOs), collected from 2026/27."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.rules.ssda903.missing import NOT_CARRIED_ON, OVERLAPPING
from smeaton.analytics.rules.ssda903.social_worker import episode
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)
FIRST = 2027  # the first collection year with DoLOs

# Each ended DoLO beside each episode of the same child that it overlaps, and where the
# child was placed, for the placement rules (709, 710): one query, filtered by each.
PLACED_DURING = """
    WITH placed_during AS (
        SELECT dolo._row AS dolo_row, episodes._row AS episode_row, episodes.PLACE
        FROM dolo JOIN episodes USING (CHILD)
        WHERE dolo.DOLO_END IS NOT NULL AND dolo.DOLO_END >= episodes.DECOM
          AND (episodes.DEC IS NULL OR dolo.DOLO_START <= episodes.DEC))
    SELECT 'dolo' AS _table, dolo_row AS _row FROM placed_during WHERE {placed}
    UNION ALL
    SELECT 'episodes', episode_row FROM placed_during WHERE {placed}
"""
# Where a child with a DoLO is expected to be placed (709), and where they cannot be (710).
EXPECTED = "K2,Z12,Z13"
FORBIDDEN = "K1,P1,R5,K3"


def order(child: str, start: str, end: str | None = None, dob: str = "2012-05-01") -> dict:
    """A DoLO as an example gives it."""
    return {"CHILD": child, "DOB": dob, "DOLO_START": start, "DOLO_END": end}


RULES("700", "The start date of the DoLO is not a valid date.", "dolo.DOLO_START",
      format="any", first_year=FIRST,
      trips=({"dolo": [order("1", "2026-06-31")]}, {"dolo": [order("1", "")]}),
      passes=({"dolo": [order("1", "2026-06-30")]},))

RULES("701", "The end date of the DoLO is not a valid date.", "dolo.DOLO_END",
      format="invalid", first_year=FIRST,
      trips=({"dolo": [order("1", "2026-06-01", "2026-06-31")]},),
      passes=({"dolo": [order("1", "2026-06-01", "2026-06-30"), order("2", "2026-06-01")]},))

RULES("702", "The date that the DoLO ended is before the date that it started.",
      "dolo.DOLO_START", "dolo.DOLO_END", first_year=FIRST,
      where="DOLO_END <= DOLO_START",
      note="As DfE codes it, the end must be after the start: a DoLO ending the day it "
           "began is flagged too.",
      trips=({"dolo": [order("1", "2026-06-01", "2026-06-01")]},),
      passes=({"dolo": [order("1", "2026-06-01", "2026-06-02")]},))

RULES("703", "The date that the DoLO started is after the end of the collection year.",
      "dolo.DOLO_START", format="late", first_year=FIRST,
      trips=({"dolo": [order("1", "2027-04-01")]},),
      passes=({"dolo": [order("1", "2027-03-31")]},))

MESSAGE_704 = ("The date that the DoLO ended is before the start or after the end of the "
               "collection year.")
RULES("704", MESSAGE_704, "dolo.DOLO_END", first_year=FIRST, where="DOLO_END < {start}",
      note="An end after 31 March is found by the format checks, and carries this code too.",
      trips=({"dolo": [order("1", "2026-03-01", "2026-03-31")]},),
      passes=({"dolo": [order("1", "2026-03-01", "2026-04-01")]},))
RULES("704", MESSAGE_704, "dolo.DOLO_END", format="late", first_year=FIRST,
      trips=({"dolo": [order("1", "2027-03-01", "2027-04-01")]},),
      passes=({"dolo": [order("1", "2027-03-01", "2027-03-31")]},))

RULES("705", "A DoLO cannot start when the previous DoLO is still open.",
      "dolo.DOLO_START", "dolo.DOLO_END", first_year=FIRST,
      sql=OVERLAPPING.format(table="dolo", begins="DOLO_START", ends="DOLO_END"),
      note="As for missing periods (574): a DoLO is flagged when any earlier one is open or "
           "ends after it starts.",
      trips=({"dolo": [order("1", "2026-06-01"), order("1", "2026-07-01")]},),
      passes=({"dolo": [order("1", "2026-06-01", "2026-07-01"), order("1", "2026-07-01")]},))

RULES("706", "There is an open DoLO in last year’s return and there is no corresponding "
             "DoLO recorded at the start of this year.", "dolo.DOLO_START", "header.CHILD",
      first_year=FIRST, needs={PREVIOUS},
      sql=NOT_CARRIED_ON.format(table="dolo", begins="DOLO_START", ends="DOLO_END"),
      note="The child's first DoLO this year is flagged, or their Header row when they have "
           "none; the other tool returns the rows of last year's table instead, which are "
           "not in this return.",
      trips=({"dolo": [order("1", "2026-06-01")],
              "dolo_last": [order("1", "2026-03-01")]},
             {"header": [{"CHILD": "1", "SEX": "M", "DOB": "2012-05-01"}],
              "dolo_last": [order("1", "2026-03-01")]}),
      passes=({"dolo": [order("1", "2026-03-01", "2026-05-01"), order("1", "2026-06-01")],
               "dolo_last": [order("1", "2026-03-01")]},))

RULES("707", "Child ceased to be looked after but there is a DoLO without an end date.",
      "dolo.DOLO_END", first_year=FIRST,
      where="DOLO_END IS NULL AND (SELECT arg_max(episodes.DEC IS NOT NULL, episodes.DECOM) "
            "FROM episodes WHERE episodes.CHILD = dolo.CHILD)",
      note="A child has ceased to be looked after when their latest episode has ended. The "
           "other tool, reusing its rule 577, flags instead a DoLO that lies outside every "
           "period of care, ended or not.",
      trips=({"dolo": [order("1", "2026-06-01")],
              "episodes": [episode("1", "2026-05-01", "2026-09-01")]},),
      passes=({"dolo": [order("1", "2026-06-01"), order("2", "2026-06-01", "2026-08-01")],
               "episodes": [episode("1", "2026-05-01"),
                            episode("2", "2026-05-01", "2026-09-01")]},))

RULES("708", "Dates of DoLOs are before child’s date of birth.", "dolo.DOLO_START",
      first_year=FIRST, where="DOLO_START <= DOB",
      trips=({"dolo": [order("1", "2026-06-01", dob="2026-06-01")]},),
      passes=({"dolo": [order("1", "2026-06-02", dob="2026-06-01")]},))

RULES("709", "Child with a DoLO is in an unexpected placement type.",
      "dolo.DOLO_START", "episodes.PLACE", first_year=FIRST, severity=QUERY,
      sql=PLACED_DURING.format(placed=f"NOT is_code(PLACE, '{EXPECTED}')"),
      note="As DfE codes it, only a DoLO with both dates is checked, against every episode "
           "it overlaps. The other tool reads a PLACEMENT column, which the return does not "
           "have, and so cannot run this rule.",
      trips=({"dolo": [order("1", "2026-06-01", "2026-08-01")],
              "episodes": [episode("1", "2026-05-01", "2026-06-01", rec="X1", place="K2"),
                           episode("1", "2026-06-01", rne="P", place="U4")]},),
      passes=({"dolo": [order("1", "2026-06-01", "2026-08-01")],
               "episodes": [episode("1", "2026-05-01", "2026-05-31", rec="X1", place="U4"),
                            episode("1", "2026-05-31", "2026-08-02", rec="X1", rne="P",
                                    place="K2"),
                            episode("1", "2026-08-02", rne="P", place="U4")]},))

RULES("710", "Child with a DoLO can not be placed in secure children's homes, with parents, "
             "young offender institutions, or supported accommodation.",
      "dolo.DOLO_START", "episodes.PLACE", first_year=FIRST,
      sql=PLACED_DURING.format(placed=f"is_code(PLACE, '{FORBIDDEN}')"),
      note="As for 709: only a DoLO with both dates is checked, as DfE codes it. The other "
           "tool reads a PLACEMENT column, which the return does not have.",
      trips=({"dolo": [order("1", "2026-06-01", "2026-08-01")],
              "episodes": [episode("1", "2026-05-01", place="K1")]},),
      passes=({"dolo": [order("1", "2026-06-01", "2026-08-01")],
               "episodes": [episode("1", "2026-05-01", "2026-05-31", place="K1"),
                            episode("1", "2026-08-02", place="K1")]},))
