"""Rules on the Episodes table: each episode's codes and dates, how a child's episodes
follow one another, and what they say of the child's adoption, health checks and
age. A child's episodes are taken in order of DECOM."""

from datetime import date, timedelta

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import PREVIOUS, Rules
from smeaton.analytics.rules.ssda903 import SHARED_TABLES_NOTE
from smeaton.analytics.rules.ssda903.oc2 import CLA_NOTE, LOOKED_AFTER_ALL_YEAR
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

TEMPORARY = ("T0", "T1", "T2", "T3", "T4")  # placements while the usual one is paused
NO_PROVIDER = (*TEMPORARY, "Z11", "Z12", "Z13", "Z14")  # placements with no provider
ADOPTED = ("E11", "E12")  # reasons an episode ceased: adopted
# DfE's OC2 cohort, defined once with the OC2 rules.
CONTINUOUSLY_LOOKED_AFTER = f"({LOOKED_AFTER_ALL_YEAR})"
# Each episode with the one before and after it, of the same child.
IN_ORDER = """(SELECT *, lag(PLACE) OVER child AS place_before,
        lag(REASON_PLACE_CHANGE) OVER child AS reason_before,
        lead(DECOM) OVER child AS decom_after, lead(RNE) OVER child AS rne_after,
        lead(PLACE) OVER child AS place_after,
        row_number() OVER child AS position
    FROM episodes WINDOW child AS (PARTITION BY CHILD ORDER BY DECOM))"""


def listed(codes: tuple[str, ...]) -> str:
    """SQL: codes as a list to test a value IN."""
    return ", ".join(f"'{code}'" for code in codes)


def episode(child: str = "1", decom: str = "2025-05-01", **fields: str) -> dict:
    """An episode of an example return, valid unless its fields say otherwise."""
    place = fields.get("PLACE", "U1")
    provider = "" if place in NO_PROVIDER else "PR1"
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": provider, **fields}


def child(dob: str, child_id: str = "1", **fields: str) -> dict:
    """A child's header row in an example return."""
    return {"CHILD": child_id, "SEX": "M", "DOB": dob, "ETHNIC": "WBRI",
            "UPN": "A123456789012", **fields}


def adoption(child_id: str = "1", **fields: str) -> dict:
    """An AD1 row (the child's adoption) of an example return."""
    return {"CHILD": child_id, "DOB": "2015-01-01", "DATE_INT": "2025-06-01",
            "DATE_MATCH": "2025-08-01", "FOSTER_CARE": "0", "NB_ADOPTR": "1",
            "SEX_ADOPTR": "F1", "LS_ADOPTR": "L0", **fields}


def placed(child_id: str = "1", **fields: str) -> dict:
    """A PlacedAdoption row (a decision to place for adoption) of an example return."""
    return {"CHILD": child_id, "DOB": "2015-01-01", "DATE_PLACED": "2025-06-01", **fields}


def chain(*places: str, start: str = "2025-05-01", days: int = 10) -> list[dict]:
    """A child's episodes one after another in one period of care, each so many days
    long, the last still open."""
    first = date.fromisoformat(start)
    rows = []
    for number, place in enumerate(places):
        decom = first + timedelta(days=days * number)
        row = episode(decom=str(decom), PLACE=place, RNE="S" if number == 0 else "P")
        if number < len(places) - 1:
            row.update(DEC=str(decom + timedelta(days=days)), REC="X1")
        rows.append(row)
    return rows


def _age_at(day: str) -> str:
    """SQL: the episode's child's age in whole years on a day of the episode."""
    return f"age_on((SELECT DOB FROM header WHERE header.CHILD = episodes.CHILD), {day})"  # noqa: S608


def _legal_status_longer_than(status: str, days: int) -> str:
    """SQL: the episodes of each unbroken spell under one legal status (episodes that
    follow on the same day) that lasted more than so many days, to 31 March if open.
    Only this module's own codes and numbers are put into it."""
    return f"""
WITH chained AS (
    SELECT _row, CHILD, LS, DECOM, coalesce(DEC, {{end}}) AS ends,
           lag(LS) OVER child AS ls_before, lag(DEC) OVER child AS dec_before
    FROM episodes WINDOW child AS (PARTITION BY CHILD ORDER BY DECOM)),
spells AS (
    SELECT *, sum(CASE WHEN ls_before = '{status}' AND dec_before = DECOM THEN 0 ELSE 1 END)
              OVER (PARTITION BY CHILD ORDER BY DECOM) AS spell
    FROM chained WHERE LS = '{status}')
SELECT _row FROM spells
QUALIFY date_diff('day', min(DECOM) OVER (PARTITION BY CHILD, spell),
                  max(ends) OVER (PARTITION BY CHILD, spell)) > {days}"""  # noqa: S608


def _placed_too_young(code: str, place: str, years: int, message: str, dob: str) -> None:
    """A placement type a child must be so old to start."""
    RULES(code, message, "episodes.DECOM", "episodes.PLACE",
          where=f"PLACE = '{place}' AND {_age_at('DECOM')} < {years}",
          severity=QUERY,
          note="Open episodes are checked too (the other tool checks only episodes "
               "that have ended).",
          trips=({"header": [child(dob)],
                  "episodes": [episode(decom=_day_before_birthday(dob, years),
                                       PLACE=place)]},),
          passes=({"header": [child(dob)],
                   "episodes": [episode(decom=_birthday(dob, years), PLACE=place)]},))


def _birthday(dob: str, years: int) -> str:
    return f"{int(dob[:4]) + years}{dob[4:]}"


def _day_before_birthday(dob: str, years: int) -> str:
    return f"{int(dob[:4]) + years}{dob[4:8]}{int(dob[8:]) - 1:02d}"


def _temporary_too_long(code: str, place: str, days: int, message: str,
                        ends_late: str, ends_in_time: str, note: str = "") -> None:
    """A temporary placement that may last only so many days."""
    RULES(code, message, "episodes.DECOM", "episodes.PLACE",
          where=f"PLACE = '{place}' AND date_diff('day', DECOM, DEC) > {days}", note=note,
          trips=({"episodes": [episode(RNE="P", PLACE=place, DEC=ends_late, REC="X1"),
                               episode(decom=ends_late, RNE="P")]},),
          passes=({"episodes": [episode(RNE="P", PLACE=place, DEC=ends_in_time, REC="X1"),
                                episode(decom=ends_in_time, RNE="P")]},))


# --- Codes and dates of one episode ---------------------------------------------------

RULES("141", "Date episode began is not a valid date.", "episodes.DECOM", format="invalid",
      trips=({"episodes": [episode(decom="2025-02-30")]},),
      passes=({"episodes": [episode(decom="2025-02-28")]},))

RULES("143", "The reason for new episode code is not a valid code.", "episodes.RNE",
      format="invalid",
      trips=({"episodes": [episode(RNE="Q")]},),
      passes=({"episodes": [episode(RNE="S")]},))

RULES("144", "The legal status code is not a valid code.", "episodes.LS", format="invalid",
      trips=({"episodes": [episode(LS="C3")]},),
      passes=({"episodes": [episode(LS="C2")]},))

RULES("145", "Category of need code is not a valid code.", "episodes.CIN", format="invalid",
      trips=({"episodes": [episode(CIN="N9")]},),
      passes=({"episodes": [episode(CIN="N8")]},))

RULES("146", "Placement type code is not a valid code.", "episodes.PLACE", format="invalid",
      note="From 2026 Z1 is no longer a placement type: Z11 to Z14 replace it.",
      trips=({"episodes": [episode(PLACE="Z1")]}, {"episodes": [episode(PLACE="H5")]}),
      passes=({"episodes": [episode(PLACE="Z11")]},))

RULES("147", "Date episode ceased is not a valid date.", "episodes.DEC", format="invalid",
      trips=({"episodes": [episode(DEC="2025-06-31", REC="E13")]},),
      passes=({"episodes": [episode(DEC="2025-06-30", REC="E13")]},))

RULES("148", "Date episode ceased and reason episode ceased must both be coded, or both "
             "left blank.", "episodes.DEC", "episodes.REC",
      where="(DEC IS NULL) <> (REC IS NULL)",
      trips=({"episodes": [episode(DEC="2025-06-30")]},
             {"episodes": [episode(REC="E13")]}),
      passes=({"episodes": [episode(DEC="2025-06-30", REC="E13"), episode("2")]},))

RULES("149", "Reason episode ceased code is not valid.", "episodes.REC", format="invalid",
      trips=({"episodes": [episode(DEC="2025-06-30", REC="E1")]},),
      passes=({"episodes": [episode(DEC="2025-06-30", REC="E11", PLACE="A4")]},))

RULES("178", "Placement provider code is not a valid code.", "episodes.PLACE_PROVIDER",
      format="invalid",
      where="PLACE IN ('T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14') "
            "AND PLACE_PROVIDER IS NOT NULL",
      first_year=2026,
      note="A code not in the list is found by the format checks; a code given for a "
           "placement that has no provider (T0 to T3, Z11 to Z14) by SQL.",
      trips=({"episodes": [episode(PLACE_PROVIDER="PR6")]},
             {"episodes": [episode(PLACE="T0", PLACE_PROVIDER="PR1")]}),
      passes=({"episodes": [episode(PLACE="T4", PLACE_PROVIDER="PR1", RNE="P"),
                            episode("2", PLACE_PROVIDER="PR0")]},))

RULES("213", "Placement provider information not required.", "episodes.PLACE_PROVIDER",
      where=f"PLACE IN ({listed(NO_PROVIDER)}) AND PLACE_PROVIDER IS NOT NULL",
      trips=({"episodes": [episode(PLACE="T4", RNE="P", PLACE_PROVIDER="PR2")]},),
      passes=({"episodes": [episode(PLACE="T4", RNE="P"), episode("2")]},))

RULES("217", "Children who are placed for adoption with current foster carers (placement "
             "types A3 or A5) must have a reason for new episode of S, T or U.",
      "episodes.PLACE", "episodes.DECOM", "episodes.RNE",
      where="PLACE IN ('A3', 'A5') AND DECOM >= DATE '2015-04-01' "
            "AND RNE NOT IN ('S', 'T', 'U')",
      trips=({"episodes": [episode(PLACE="A3", RNE="P")]},),
      passes=({"episodes": [episode(PLACE="A3", RNE="T"),
                            episode("2", decom="2015-03-31", PLACE="A5", RNE="P")]},))

RULES("233", "Reason for placement change is not required when the episode has not ceased.",
      "episodes.REASON_PLACE_CHANGE",
      where="DEC IS NULL AND REASON_PLACE_CHANGE IS NOT NULL", first_year=2026,
      note="The other tool reads a field the episodes table does not have "
           "(DATE_EPISODE_CEASED), so never finds this.",
      trips=({"episodes": [episode(REASON_PLACE_CHANGE="CARPL")]},),
      passes=({"episodes": [episode(DEC="2025-06-30", REC="X1",
                                    REASON_PLACE_CHANGE="CARPL"),
                            episode(decom="2025-06-30", RNE="P", PLACE="U2")]},))

RULES("353", "No episode submitted can start before 14 October 1991.", "episodes.DECOM",
      where="DECOM < DATE '1991-10-14'",
      trips=({"episodes": [episode(decom="1991-10-13")]},),
      passes=({"episodes": [episode(decom="1991-10-14")]},))

RULES("354", "Date episode ceased must be on or before the end of the current collection "
             "year.", "episodes.DECOM", format="late",
      note="DfE's message speaks of the date the episode ceased; the rule is on the date "
           "it began (DECOM), as DfE's check is.",
      trips=({"episodes": [episode(decom="2026-04-01")]},),
      passes=({"episodes": [episode(decom="2026-03-31")]},))

RULES("355", "Episode appears to have lasted for less than 24 hours", "episodes.DECOM",
      "episodes.DEC", where="DEC = DECOM", severity=QUERY,
      trips=({"episodes": [episode(DEC="2025-05-01", REC="E13")]},),
      passes=({"episodes": [episode(DEC="2025-05-02", REC="E13")]},))

RULES("356", "The date the episode ceased is before the date the same episode started.",
      "episodes.DECOM", "episodes.DEC", format="order",
      trips=({"episodes": [episode(DEC="2025-04-30", REC="E13")]},),
      passes=({"episodes": [episode(DEC="2025-05-01", REC="E13")]},))

RULES("385", "Date episode ceased must be on or before the end of the current collection "
             "year.", "episodes.DEC", format="late",
      trips=({"episodes": [episode(DEC="2026-04-01", REC="E13")]},),
      passes=({"episodes": [episode(DEC="2026-03-31", REC="E13")]},))

# --- Legal status and placement together ----------------------------------------------

RULES("366", "A child cannot change placement during the course of an individual "
             "short-term respite break.", "episodes.RNE",
      where="LS = 'V3' AND RNE <> 'S'",
      trips=({"episodes": [episode(LS="V3", RNE="P")]},),
      passes=({"episodes": [episode(LS="V3", RNE="S"), episode("2", LS="V4", RNE="P")]},))

RULES("378", "A child who is placed with parent(s) cannot be looked after under a single "
             "period of accommodation under Section 20 of the Children Act 1989.",
      "episodes.PLACE", "episodes.LS", where="PLACE = 'P1' AND LS = 'V2'",
      trips=({"episodes": [episode(PLACE="P1", LS="V2")]},),
      passes=({"episodes": [episode(PLACE="P1", LS="C2"), episode("2", LS="V2")]},))

RULES("380", "A period of care cannot start with a temporary placement.", "episodes.PLACE",
      "episodes.RNE", where=f"PLACE IN ({listed(TEMPORARY)}) AND RNE NOT IN ('P', 'B')",
      trips=({"episodes": [episode(PLACE="T0", RNE="S")]},),
      passes=({"episodes": [episode(PLACE="T0", RNE="P"), episode("2", PLACE="T4", RNE="B")]},))

RULES("381", "A period of care cannot end with a temporary placement.", "episodes.PLACE",
      "episodes.REC", where=f"PLACE IN ({listed(TEMPORARY)}) AND REC <> 'X1'",
      trips=({"episodes": [episode(PLACE="T2", RNE="P", DEC="2025-06-01", REC="E13")]},),
      passes=({"episodes": chain("U1", "T2", "U1")},))

RULES("382", "A child receiving respite care cannot be in a temporary placement.",
      "episodes.LS", "episodes.PLACE",
      where=f"LS IN ('V3', 'V4') AND PLACE IN ({listed(TEMPORARY)})",
      trips=({"episodes": [episode(LS="V4", PLACE="T1", RNE="P")]},),
      passes=({"episodes": [episode(LS="V4", PLACE="U2"),
                            episode("2", LS="C2", PLACE="T1", RNE="P")]},))

RULES("384", "A child receiving respite care cannot be in a long-term foster placement",
      "episodes.PLACE", "episodes.LS",
      where="LS IN ('V3', 'V4') AND PLACE IN ('U1', 'U4')",
      trips=({"episodes": [episode(LS="V3", PLACE="U4")]},),
      passes=({"episodes": [episode(LS="V3", PLACE="U5")]},))

RULES("390", "Reason episode ceased is adopted but child has not been previously placed "
             "for adoption.", "episodes.PLACE", "episodes.REC",
      where=f"REC IN ({listed(ADOPTED)}) AND PLACE NOT IN ('A3', 'A4', 'A5', 'A6')",
      trips=({"episodes": [episode(PLACE="U3", DEC="2025-09-01", REC="E11")]},),
      passes=({"episodes": [episode(PLACE="A6", DEC="2025-09-01", REC="E12")]},))

# --- How long a legal status or placement lasts -----------------------------------------

RULES("361", "Police protection legal status lasted longer than maximum 72 hours allowed "
             "in the Children Act 1989.", "episodes.DECOM", "episodes.LS", "episodes.DEC",
      sql=_legal_status_longer_than("L1", 3),
      trips=({"episodes": [episode(LS="L1", DEC="2025-05-05", REC="E13")]},),
      passes=({"episodes": [episode(LS="L1", DEC="2025-05-04", REC="E13")]},))

RULES("362", "Emergency protection order (EPO) lasted longer than 21 days", "episodes.DECOM",
      "episodes.LS", "episodes.DEC", sql=_legal_status_longer_than("L2", 21),
      trips=({"episodes": [episode(LS="L2", DEC="2025-05-23", REC="E13")]},),
      passes=({"episodes": [episode(LS="L2", DEC="2025-05-22", REC="E13")]},))

RULES("363", "Child assessment order (CAO) lasted longer than 7 days allowed in the "
             "Children Act 1989.", "episodes.LS", "episodes.DECOM", "episodes.DEC",
      sql=_legal_status_longer_than("L3", 7),
      trips=({"episodes": [episode(LS="L3", DEC="2025-05-09", REC="E13")]},),
      passes=({"episodes": [episode(LS="L3", DEC="2025-05-08", REC="E13")]},))

RULES("364", "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits "
             "the time a child can be detained in custody in Local Authority (LA) "
             "accommodation.", "episodes.LS", "episodes.DECOM", "episodes.DEC",
      sql=_legal_status_longer_than("J2", 21),
      trips=({"episodes": [episode(LS="J2", DEC="2025-05-23", REC="E13")]},),
      passes=({"episodes": [episode(LS="J2", DEC="2025-05-22", REC="E13")]},))

RULES("365", "Any individual short- term respite placement must not exceed 17 days.",
      "episodes.LS", "episodes.DECOM", "episodes.DEC",
      where="LS = 'V3' AND date_diff('day', DECOM, coalesce(DEC, {end})) > 17",
      trips=({"episodes": [episode(LS="V3", DEC="2025-05-19", REC="E13")]},
             {"episodes": [episode(LS="V3", decom="2026-03-01")]}),
      passes=({"episodes": [episode(LS="V3", DEC="2025-05-18", REC="E13"),
                            episode("2", LS="V3", decom="2026-03-14")]},))

RULES("367", "The maximum amount of respite care allowable is 75 days in any 12-month "
             "period.", "episodes.LS", "episodes.DECOM", "episodes.DEC",
      sql="""
SELECT _row FROM (
    SELECT _row, sum(days) OVER (PARTITION BY CHILD) AS days_in_year FROM (
        SELECT _row, CHILD, date_diff('day', greatest(DECOM, {start}),
                                      least(coalesce(DEC, {end}), {end})) AS days
        FROM episodes WHERE LS = 'V3')
    WHERE days > 0)
WHERE days_in_year > 75""",
      note="Days of respite are counted within the collection year, as DfE's check does.",
      trips=({"episodes": [episode(LS="V3", decom=f"2025-{month:02d}-01",
                                   DEC=f"2025-{month:02d}-{16 + (month == 9):02d}",
                                   REC="E13")
                           for month in range(5, 10)]},),
      passes=({"episodes": [episode(LS="V3", decom=f"2025-{month:02d}-01",
                                    DEC=f"2025-{month:02d}-16", REC="E13")
                            for month in range(5, 10)]},))

_temporary_too_long("375", "T1", 42, "Hospitalisation coded as a temporary placement "
                    "exceeds six weeks.", "2025-06-13", "2025-06-12")
_temporary_too_long("376", "T3", 21, "Temporary placements coded as being due to holiday "
                    "of usual foster carer(s) cannot exceed three weeks.",
                    "2025-05-23", "2025-05-22", SHARED_TABLES_NOTE)
_temporary_too_long("379", "T4", 7, "Temporary placements for unspecified reason "
                    "(placement code T4) cannot exceed seven days.", "2025-05-09",
                    "2025-05-08")

RULES("377", "Only two temporary placements coded as being due to holiday of usual foster "
             "carer(s) are allowed in any 12- month period.", "episodes.PLACE",
      sql="""
SELECT _row FROM (
    SELECT _row, count(*) OVER (PARTITION BY CHILD ORDER BY DECOM
                                RANGE BETWEEN INTERVAL 364 DAYS PRECEDING AND CURRENT ROW)
               AS in_twelve_months
    FROM episodes WHERE PLACE = 'T3')
WHERE in_twelve_months > 2""",
      note="Flags each T3 placement that is the third or more to start in 12 months; the "
           "other tool flags every T3 placement of a child with more than two in the "
           "return, however far apart.",
      trips=({"episodes": chain("U1", "T3", "U1", "T3", "U1", "T3")},),
      passes=({"episodes": chain("T3", "U1", start="2024-05-01", days=365)
               + chain("T3", "T3", "U1", start="2025-05-01")[1:]},))

# --- Age at a placement or at leaving care ----------------------------------------------

_placed_too_young("371", "K3", 16, "Child in supported accomodation not subject to "
                  "children’s homes regulations should be at least 16.", "2009-06-15")
_placed_too_young("372", "R5", 10, "Child in youth custody or prison should be at least 10.",
                  "2015-06-15")
_placed_too_young("373", "S1", 4, "Child placed in a school should be at least 4 years old.",
                  "2021-06-15")
_placed_too_young("374", "P3", 14, "Child in residential employment should be at least 14 "
                  "years old.", "2011-06-15")

RULES("389", "Reason episode ceased is that child transferred to care of adult social care "
             "services, but child is aged under 16.", "episodes.REC",
      where=f"REC = 'E7' AND {_age_at('DEC')} < 16",
      trips=({"header": [child("2009-07-02")],
              "episodes": [episode(DEC="2025-07-01", REC="E7")]},),
      passes=({"header": [child("2009-07-01")],
               "episodes": [episode(DEC="2025-07-01", REC="E7")]},))

RULES("407", "Reason episode ceased is Special Guardianship Order, but child has reached "
             "age 18.", "episodes.DEC", "episodes.REC", "header.DOB",
      sql="""
WITH guardianship AS (
    SELECT episodes._row AS episode_row, header._row AS header_row
    FROM episodes JOIN header USING (CHILD)
    WHERE episodes.REC IN ('E45', 'E46', 'E47', 'E48')
      AND age_on(header.DOB, episodes.DEC) >= 18)
SELECT 'episodes' AS _table, episode_row AS _row FROM guardianship
UNION ALL SELECT DISTINCT 'header', header_row FROM guardianship""",
      note="Flagged from the 18th birthday itself, when the child has reached 18; the "
           "other tool flags only from the day after.",
      trips=({"header": [child("2007-06-30")],
              "episodes": [episode(DEC="2025-06-30", REC="E45")]},),
      passes=({"header": [child("2007-06-30")],
               "episodes": [episode(DEC="2025-06-29", REC="E48")]},))

# --- How a child's episodes follow one another ------------------------------------------

RULES("142", "A new episode has started, but the previous episode has not ended.",
      "episodes.DEC", "episodes.REC", format="open",
      where="DEC IS NOT NULL AND REC IS NULL AND DECOM < "
            "(SELECT max(DECOM) FROM episodes AS later WHERE later.CHILD = episodes.CHILD)",
      note="An episode with no DEC before the next one starts is found by the format "
           "checks of the episodes' chain; one with a DEC but no REC by SQL.",
      trips=({"episodes": [episode(), episode(decom="2025-07-01", RNE="P")]},
             {"episodes": [episode(DEC="2025-07-01"), episode(decom="2025-07-01", RNE="P")]}),
      passes=({"episodes": chain("U1", "U2")},))

RULES("225", "Reason for placement change must be recorded.", "episodes.REASON_PLACE_CHANGE",
      sql=f"""
SELECT _row FROM {IN_ORDER} AS ordered
WHERE REC = 'X1' AND REASON_PLACE_CHANGE IS NULL AND PLACE NOT IN ({listed(TEMPORARY)})
  AND rne_after IN ('P', 'B', 'T', 'U') AND place_after NOT IN ({listed(TEMPORARY)})""",  # noqa: S608
      trips=({"episodes": chain("U1", "U2")},),
      passes=({"episodes": [{**chain("U1", "U2")[0], "REASON_PLACE_CHANGE": "CARPL"},
                            chain("U1", "U2")[1]]},
              {"episodes": chain("U1", "T2")}))

RULES("226", "Reason for placement change is not required for temporary placements.",
      "episodes.REASON_PLACE_CHANGE", "episodes.PLACE",
      sql=f"""
SELECT _row FROM {IN_ORDER} AS ordered
WHERE PLACE IN ({listed(TEMPORARY)})
  AND (REASON_PLACE_CHANGE IS NOT NULL OR reason_before IS NOT NULL)""",  # noqa: S608
      first_year=2026,
      trips=({"episodes": [{**chain("U1", "T1")[0], "REASON_PLACE_CHANGE": "CARPL"},
                           chain("U1", "T1")[1]]},),
      passes=({"episodes": chain("U1", "T1")},))

RULES("234", "A child aged under 10 can not change placement due to being admitted to "
             "custody", "episodes.REASON_PLACE_CHANGE", "header.DOB",
      sql=f"""
WITH custody AS (
    SELECT ordered._row AS episode_row, header._row AS header_row
    FROM {IN_ORDER} AS ordered JOIN header USING (CHILD)
    WHERE ordered.REASON_PLACE_CHANGE = 'CUSTOD'
      AND age_on(header.DOB, ordered.decom_after) < 10)
SELECT 'episodes' AS _table, episode_row AS _row FROM custody
UNION ALL SELECT DISTINCT 'header', header_row FROM custody""",  # noqa: S608
      first_year=2026,
      note="The age is taken when the next placement starts, as DfE's rule says (the "
           "reason is recorded on the episode that ends); the other tool takes it when "
           "the episode with the reason started.",
      trips=({"header": [child("2015-07-02")],
              "episodes": [{**chain("U1", "R5")[0], "REASON_PLACE_CHANGE": "CUSTOD"},
                           chain("U1", "R5")[1]]},),
      passes=({"header": [child("2015-05-11")],
               "episodes": [{**chain("U1", "R5")[0], "REASON_PLACE_CHANGE": "CUSTOD"},
                            chain("U1", "R5")[1]]},))

RULES("336", "Child does not have a foster placement immediately prior to being placed "
             "for adoption.", "episodes.PLACE",
      sql=f"""
SELECT _row FROM {IN_ORDER} AS ordered
WHERE PLACE IN ('A3', 'A5') AND position > 1
  AND place_before NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')""",  # noqa: S608
      note="DfE's rule is on placements with current foster carers (A3 and A5); the "
           "other tool checks A3 and A4.",
      trips=({"episodes": chain("R1", "A5")},),
      passes=({"episodes": chain("U3", "A5")}, {"episodes": chain("R1", "A4")}))

RULES("357", "If this is the first episode ever for this child, reason for new episode "
             "must be S.  Check whether there is an episode immediately preceding this "
             "one, which has been left out.  If not the reason for new episode code must "
             "be amended to S.", "episodes.RNE",
      where="DECOM >= {start} AND RNE <> 'S' AND DECOM = "
            "(SELECT min(DECOM) FROM episodes AS first WHERE first.CHILD = episodes.CHILD)",
      trips=({"episodes": [episode(decom="2025-04-01", RNE="L")]},),
      passes=({"episodes": [episode(decom="2025-03-31", RNE="L")]},))

RULES("388", "Reason episode ceased is coded new episode begins, but there is no "
             "continuation episode.", "episodes.REC", format="continuation",
      where="REC <> 'X1' AND DEC = (SELECT min(DECOM) FROM episodes AS next "
            "WHERE next.CHILD = episodes.CHILD AND next.DECOM > episodes.DECOM)",
      note="X1 with no episode starting the same day is found by the format checks of "
           "the episodes' chain; another reason given where the next episode starts the "
           "same day by SQL.",
      trips=({"episodes": [episode(DEC="2025-07-01", REC="X1")]},
             {"episodes": [episode(DEC="2025-07-01", REC="E13"), episode(decom="2025-07-01")]}),
      passes=({"episodes": chain("U1", "U2")},
              {"episodes": [episode(DEC="2025-07-01", REC="E13"), episode(decom="2025-07-02")]}))

# --- Episodes across the child's other tables -------------------------------------------

RULES("117", "Date of decision that a child should/should no longer be placed for adoption "
             "is beyond the current collection year or after the child ceased to be looked "
             "after.", "placed_adoption.DATE_PLACED_CEASED", "placed_adoption.DATE_PLACED",
      "episodes.DEC", "episodes.REC", "episodes.DECOM",
      sql="""
WITH latest AS (
    SELECT _row, CHILD, DEC FROM episodes WHERE REC IS DISTINCT FROM 'X1'
    QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DECOM DESC) = 1),
after_care AS (
    SELECT latest._row AS episode_row, placed_adoption._row AS placed_row
    FROM latest JOIN placed_adoption USING (CHILD)
    WHERE placed_adoption.DATE_PLACED > latest.DEC
       OR placed_adoption.DATE_PLACED_CEASED > latest.DEC)
SELECT DISTINCT 'episodes' AS _table, episode_row AS _row FROM after_care
UNION ALL SELECT 'placed_adoption', placed_row FROM after_care""",
      note="A decision dated after 31 March is found by the format checks (a date after "
           "the collection year), not by this rule.",
      trips=({"episodes": [episode(PLACE="A3", DEC="2025-09-01", REC="E11")],
              "placed_adoption": [placed(DATE_PLACED="2025-09-02")]},),
      passes=({"episodes": [episode(PLACE="A3", DEC="2025-09-01", REC="E11")],
               "placed_adoption": [placed(DATE_PLACED="2025-09-01")]},))

RULES("118", "Date of decision that a child should no longer be placed for adoption is "
             "before the current collection year or before the date the child started to "
             "be looked after.", "placed_adoption.DATE_PLACED_CEASED", "episodes.DECOM",
      "episodes.LS",
      sql="""
WITH earliest AS (
    SELECT _row, CHILD, DECOM FROM episodes WHERE LS NOT IN ('V3', 'V4')
    QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DECOM) = 1),
too_early AS (
    SELECT earliest._row AS episode_row, placed_adoption._row AS placed_row
    FROM earliest JOIN placed_adoption USING (CHILD)
    WHERE placed_adoption.DATE_PLACED_CEASED < earliest.DECOM
       OR placed_adoption.DATE_PLACED_CEASED < {start})
SELECT DISTINCT 'episodes' AS _table, episode_row AS _row FROM too_early
UNION ALL SELECT 'placed_adoption', placed_row FROM too_early""",
      trips=({"episodes": [episode(decom="2025-05-01")],
              "placed_adoption": [placed(DATE_PLACED="2025-04-10",
                                         DATE_PLACED_CEASED="2025-04-30",
                                         REASON_PLACED_CEASED="RD1")]},
             {"episodes": [episode(decom="2024-05-01")],
              "placed_adoption": [placed(DATE_PLACED="2024-06-01",
                                         DATE_PLACED_CEASED="2025-03-31",
                                         REASON_PLACED_CEASED="RD1")]}),
      passes=({"episodes": [episode(decom="2025-05-01")],
               "placed_adoption": [placed(DATE_PLACED="2025-04-10",
                                          DATE_PLACED_CEASED="2025-05-01",
                                          REASON_PLACED_CEASED="RD1")]},))

RULES("334", "Date child started to be looked after in latest period of care must be on or "
             "prior to the date should be placed for adoption.", "ad1.DATE_INT",
      "episodes.DECOM", "episodes.RNE",
      sql="""
WITH latest_start AS (
    SELECT _row, CHILD, DECOM FROM episodes WHERE RNE = 'S'
    QUALIFY row_number() OVER (PARTITION BY CHILD ORDER BY DECOM DESC) = 1),
too_early AS (
    SELECT latest_start._row AS episode_row, ad1._row AS ad1_row
    FROM latest_start JOIN ad1 USING (CHILD) WHERE ad1.DATE_INT < latest_start.DECOM)
SELECT 'episodes' AS _table, episode_row AS _row FROM too_early
UNION ALL SELECT 'ad1', ad1_row FROM too_early""",
      trips=({"episodes": [episode(decom="2025-05-01")],
              "ad1": [adoption(DATE_INT="2025-04-30")]},),
      passes=({"episodes": [episode(decom="2025-05-01")],
               "ad1": [adoption(DATE_INT="2025-05-01")]},))

RULES("335", "The current foster value (0) suggests that child is not adopted by current "
             "foster carer, but last placement is A2, A3, or A5. Or the current foster value "
             "(1) suggests that child is adopted by current foster carer, but last placement "
             "is A1, A4 or A6.", "episodes.PLACE", "ad1.FOSTER_CARE",
      sql="""
WITH disagree AS (
    SELECT episodes._row AS episode_row, ad1._row AS ad1_row
    FROM episodes JOIN ad1 USING (CHILD)
    WHERE episodes.REC IN ('E1', 'E11', 'E12')
      AND (episodes.PLACE IN ('A2', 'A3', 'A5') AND ad1.FOSTER_CARE = '0'
           OR episodes.PLACE IN ('A1', 'A4', 'A6') AND ad1.FOSTER_CARE = '1'))
SELECT 'episodes' AS _table, episode_row AS _row FROM disagree
UNION ALL SELECT DISTINCT 'ad1', ad1_row FROM disagree""",
      trips=({"episodes": [episode(PLACE="A3", DEC="2025-09-01", REC="E11")],
              "ad1": [adoption(FOSTER_CARE="0")]},
             {"episodes": [episode(PLACE="A4", DEC="2025-09-01", REC="E12")],
              "ad1": [adoption(FOSTER_CARE="1")]}),
      passes=({"episodes": [episode(PLACE="A5", DEC="2025-09-01", REC="E11")],
               "ad1": [adoption(FOSTER_CARE="1")]},))

RULES("399", "Mother field, review field or participation field are completed but child "
             "is looked after under legal status V3 or V4.", "header.MOTHER", "episodes.LS",
      "reviews.REVIEW", "reviews.REVIEW_CODE",
      sql="""
WITH respite_only AS (
    SELECT CHILD FROM episodes GROUP BY CHILD HAVING bool_and(LS IN ('V3', 'V4'))),
mothers AS (
    SELECT _row, CHILD FROM header
    WHERE MOTHER IS NOT NULL AND CHILD IN (SELECT CHILD FROM respite_only)),
reviewed AS (
    SELECT _row, CHILD FROM reviews
    WHERE (REVIEW IS NOT NULL OR REVIEW_CODE IS NOT NULL)
      AND CHILD IN (SELECT CHILD FROM respite_only))
SELECT 'header' AS _table, _row FROM mothers
UNION ALL SELECT 'reviews', _row FROM reviewed
UNION ALL SELECT 'episodes', _row FROM episodes
WHERE CHILD IN (SELECT CHILD FROM mothers UNION SELECT CHILD FROM reviewed)""",
      note="Only children looked after under V3 or V4 alone, as DfE's guidance has it; "
           "the child's header row is flagged only when MOTHER is given.",
      trips=({"header": [child("2012-01-01", SEX="F", MOTHER="0")],
              "episodes": [episode(LS="V3")]},
             {"episodes": [episode(LS="V4")],
              "reviews": [{"CHILD": "1", "DOB": "2012-01-01", "REVIEW": "2025-06-01",
                           "REVIEW_CODE": "PN1"}]}),
      passes=({"header": [child("2012-01-01", SEX="F", MOTHER="0")],
               "episodes": [episode(LS="V3"), episode(decom="2025-06-01", LS="C2")],
               "reviews": [{"CHILD": "1", "DOB": "2012-01-01", "REVIEW": "2025-06-01",
                            "REVIEW_CODE": "PN1"}]},))

# --- The OC2 return: children looked after for the 12 months to 31 March ---------------

RULES("185", "Child has not been looked after continuously for at least 12 months at 31 "
             "March but a Strengths and Difficulties (SDQ) score has been completed.",
      "oc2.SDQ_SCORE",
      where="SDQ_SCORE IS NOT NULL AND CHILD NOT IN " + CONTINUOUSLY_LOOKED_AFTER,
      note=CLA_NOTE,
      trips=({"episodes": [episode(decom="2025-04-02")],
              "oc2": [{"CHILD": "1", "DOB": "2015-01-01", "SDQ_SCORE": "10"}]},),
      passes=({"episodes": [episode(decom="2025-04-01")],
               "oc2": [{"CHILD": "1", "DOB": "2015-01-01", "SDQ_SCORE": "10"}]},))

RULES("186", "Children aged 4 or over at the start of the year and children aged under 17 "
             "at the end of the year and who have been looked after for at least 12 months "
             "continuously should have a Strengths and Difficulties (SDQ) score completed.",
      "oc2.SDQ_SCORE",
      where="SDQ_SCORE IS NULL AND SDQ_REASON IS NULL AND age_on(DOB, {start}) >= 4 "
            "AND age_on(DOB, {end}) < 17 AND CHILD IN " + CONTINUOUSLY_LOOKED_AFTER,
      note=CLA_NOTE,
      trips=({"episodes": [episode(decom="2024-01-01")],
              "oc2": [{"CHILD": "1", "DOB": "2021-04-01"}]},),
      passes=({"episodes": [episode(decom="2024-01-01"), episode("2", decom="2024-01-01")],
               "oc2": [{"CHILD": "1", "DOB": "2021-04-02"},
                       {"CHILD": "2", "DOB": "2009-03-31"}]},))

RULES("198", "Child has not been looked after continuously for at least 12 months at 31 "
             "March but a reason for no Strengths and Difficulties (SDQ) score has been "
             "completed.", "oc2.SDQ_REASON",
      where="SDQ_REASON IS NOT NULL AND CHILD NOT IN " + CONTINUOUSLY_LOOKED_AFTER,
      note=CLA_NOTE,
      trips=({"episodes": [episode(decom="2024-01-01", DEC="2025-06-01", REC="E13")],
              "oc2": [{"CHILD": "1", "DOB": "2015-01-01", "SDQ_REASON": "SDQ4"}]},),
      passes=({"episodes": [episode(decom="2024-01-01", LS="C2")],
               "oc2": [{"CHILD": "1", "DOB": "2015-01-01", "SDQ_REASON": "SDQ4"}]},))

# --- Against the previous year's return -------------------------------------------------

RULES("NoE", "This child has no episodes loaded for previous year even though child started "
             "to be looked after before this current year.", "episodes.DECOM",
      where="DECOM < {start} AND _child NOT IN "
            "(SELECT _child FROM episodes_last WHERE _child IS NOT NULL)",
      needs={PREVIOUS}, severity=QUERY,
      trips=({"episodes": [episode(decom="2025-03-31")],
              "episodes_last": [{"CHILD": "2", "DECOM": "2024-06-01"}]},),
      passes=({"episodes": [episode(decom="2025-03-31"), episode("2", decom="2025-04-01")],
               "episodes_last": [{"CHILD": "1", "DECOM": "2025-03-31"}]},))

RULES("199", "Episode information shows child has been previously adopted from care.",
      "episodes.CHILD",
      where="DECOM > (SELECT min(DECOM) FROM (SELECT _child, DECOM, REC FROM episodes "
            "UNION ALL SELECT _child, DECOM, REC FROM episodes_last) AS every "
            "WHERE every._child = episodes._child AND every.REC IN ('E11', 'E12'))",
      needs={PREVIOUS},
      note="Checks this year's and the previous year's returns, the years loaded.",
      trips=({"episodes": [episode(decom="2025-05-01")],
              "episodes_last": [{"CHILD": "1", "DECOM": "2023-01-01", "DEC": "2023-06-01",
                                 "REC": "E11", "PLACE": "A3"}]},
             {"episodes": [episode(PLACE="A4", DEC="2025-06-01", REC="E11"),
                           episode(decom="2025-09-01")],
              "episodes_last": [{"CHILD": "2", "DECOM": "2024-01-01"}]}),
      passes=({"episodes": [episode(decom="2025-05-01")],
               "episodes_last": [{"CHILD": "1", "DECOM": "2023-01-01", "DEC": "2023-06-01",
                                  "REC": "E13", "PLACE": "U1"}]},))

RULES("207", "Mother status for the current year disagrees with the mother status already "
             "recorded for this child.", "header.MOTHER",
      where="MOTHER IS DISTINCT FROM '1' "
            "AND _child IN (SELECT _child FROM header_last WHERE MOTHER = '1') "
            "AND CHILD IN (SELECT CHILD FROM episodes)",
      needs={PREVIOUS},
      trips=({"header": [child("2005-01-01", SEX="F", MOTHER="0")],
              "header_last": [{"CHILD": "1", "MOTHER": "1"}],
              "episodes": [episode()]},),
      passes=({"header": [child("2005-01-01", SEX="F", MOTHER="1",
                                MC_DOB="2024-01-01"),
                          child("2005-01-01", "2", SEX="F", MOTHER="0")],
               "header_last": [{"CHILD": "1", "MOTHER": "1"}, {"CHILD": "2", "MOTHER": "0"}],
               "episodes": [episode(), episode("2")]},))
