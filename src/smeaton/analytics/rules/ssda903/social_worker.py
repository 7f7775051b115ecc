"""Rules on the SWEpisodes table (social_worker): who was each child's social worker,
and when that changed. Episodes are collected for the collection year and the year
before it, so that a child's social workers can be followed across both."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

# Each social worker episode that follows another of the same child (episodes in order
# of starting, an open one after a closed one that starts the same day), when ``test``
# holds: it reads the episode's own fields and the end of the one before, previous_end.
AFTER_PREVIOUS = """
    SELECT _row FROM (
        SELECT _row, SW_DECOM, SW_REASON, lag(SW_DEC) OVER by_start AS previous_end,
               lag(_row) OVER by_start AS previous_row
        FROM social_worker
        WINDOW by_start AS (PARTITION BY CHILD ORDER BY SW_DECOM, SW_DEC NULLS LAST, _row))
    WHERE previous_row IS NOT NULL AND ({test})
"""
NOT_FIRST_CONTACT = "coalesce(SW_REASON, '') <> 'FCONTA'"


def sw(child: str, decom: str, dec: str | None = None, reason: str | None = "MANAGE",
       sw_id: str = "SW1234567") -> dict:
    """A social worker episode as an example gives it."""
    return {"CHILD": child, "DOB": "2012-05-01", "SW_ID": sw_id, "SW_DECOM": decom,
            "SW_DEC": dec, "SW_REASON": reason}


def episode(child: str, decom: str, dec: str | None = None, *, rne: str = "S",
            ls: str = "C2", rec: str | None = None, place: str = "U4") -> dict:
    """An episode of care as an example gives it."""
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": ls, "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": "PR1", "DEC": dec,
            "REC": rec or ("E11" if dec else None)}


RULES("SW02STG1", "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
      "social_worker.SW_ID",
      first_year=2026,
      where="left(SW_ID, 2) NOT IN ('SW', 'XX') OR length(SW_ID) < 4",
      note="As the other tool reads it, an identifier of fewer than four characters is "
           "flagged too, whatever it begins with.",
      trips=({"social_worker": [sw("1", "2025-06-01", sw_id="AB1234567")]},
             {"social_worker": [sw("1", "2025-06-01", sw_id="SW1")]}),
      passes=({"social_worker": [sw("1", "2025-06-01", sw_id="XX12")]},))

RULES("SW04STG1", "Date social worker episode began is not a valid date.",
      "social_worker.SW_DECOM", format="invalid",
      trips=({"social_worker": [sw("1", "2025-02-30")]},),
      passes=({"social_worker": [sw("1", "2025-02-28")]},))

RULES("SW05STG1", "Date social worker episode ended is not a valid date.",
      "social_worker.SW_DEC", format="invalid",
      note="The other tool words this rule as the one before it ('began'); it checks the "
           "date the episode ended.",
      trips=({"social_worker": [sw("1", "2025-02-01", "2025-02-30")]},),
      passes=({"social_worker": [sw("1", "2025-02-01", "2025-02-28")]},))

RULES("SW06STG2", "Social worker episode data should be within the social worker data "
                  "reporting year.", "social_worker.SW_DECOM", format="late",
      trips=({"social_worker": [sw("1", "2026-04-01")]},),
      passes=({"social_worker": [sw("1", "2026-03-31")]},))

SW07 = ("Social worker episode end date should be on or after the start of the social "
        "worker reporting period, and should be on or before the collection end date.")
RULES("SW07STG2", SW07, "social_worker.SW_DEC",
      first_year=2025,
      where="SW_DEC < {start} - INTERVAL 1 YEAR",
      note="The reporting period starts a year before the collection year. An end date "
           "after 31 March is found by the format checks, and carries this code too.",
      trips=({"social_worker": [sw("1", "2024-01-01", "2024-03-31")]},),
      passes=({"social_worker": [sw("1", "2024-01-01", "2024-04-01")]},))
RULES("SW07STG2", SW07, "social_worker.SW_DEC", format="late",
      trips=({"social_worker": [sw("1", "2025-06-01", "2026-04-01")]},),
      passes=({"social_worker": [sw("1", "2025-06-01", "2026-03-31")]},))

RULES("SW08STG2", "A new social worker episode has started, but the previous episode has "
                  "not ended.", "social_worker.SW_DEC",
      where="SW_DEC IS NULL AND EXISTS (SELECT 1 FROM social_worker later "
            "WHERE later.CHILD = social_worker.CHILD "
            "AND later.SW_DECOM > social_worker.SW_DECOM)",
      trips=({"social_worker": [sw("1", "2025-04-01"), sw("1", "2025-09-01")]},),
      passes=({"social_worker": [sw("1", "2025-04-01", "2025-09-01"),
                                 sw("1", "2025-09-01")]},))

RULES("SW09STG2", "Social worker episode appears to have lasted for less than 24 hours.",
      "social_worker.SW_DECOM", "social_worker.SW_DEC", severity=QUERY,
      first_year=2026,
      where="date_diff('day', SW_DECOM, SW_DEC) < 3",
      note="From 2025/26 an episode is queried when it ends within three days of "
           "starting (before, an end on the day it began), as the other tool has it.",
      trips=({"social_worker": [sw("1", "2025-06-01", "2025-06-03")]},),
      passes=({"social_worker": [sw("1", "2025-06-01", "2025-06-04")]},))

RULES("SW10STG2", "A new social worker episode has started before the end date of the "
                  "previous social worker episode.", "social_worker.SW_DECOM",
      first_year=2025,
      sql=AFTER_PREVIOUS.format(
          test=f"{NOT_FIRST_CONTACT} AND SW_DECOM < previous_end - INTERVAL 7 DAY"),
      note="DfE now checks the start of each new episode against the end of the one "
           "before with SW10aSTG2 and SW10bSTG2. The other tool still runs this rule, "
           "with the very test of SW10aSTG2; Smeaton keeps to its message: a start more "
           "than 7 days before the previous episode ended, unless the new "
           "episode is a first contact (SW10bSTG2).",
      trips=({"social_worker": [sw("1", "2025-04-01", "2025-09-01"),
                                sw("1", "2025-08-20")]},),
      passes=({"social_worker": [sw("1", "2025-04-01", "2025-09-01"),
                                 sw("1", "2025-08-25")]},))

RULES("SW10aSTG2", "A new social worker episode has started and it is not within +/- 7 "
                   "days of a previous episode.", "social_worker.SW_DECOM", severity=QUERY,
      first_year=2026,
      sql=AFTER_PREVIOUS.format(
          test=f"{NOT_FIRST_CONTACT} AND (previous_end IS NULL OR SW_DECOM NOT BETWEEN "
               "previous_end - INTERVAL 7 DAY AND previous_end + INTERVAL 7 DAY)"),
      note="A new episode after one that has not ended is not within 7 days of its end.",
      trips=({"social_worker": [sw("1", "2025-04-01", "2025-09-01"),
                                sw("1", "2025-09-09")]},
             {"social_worker": [sw("1", "2025-04-01"), sw("1", "2025-09-09")]}),
      passes=({"social_worker": [sw("1", "2025-04-01", "2025-09-01"),
                                 sw("1", "2025-09-08"),
                                 sw("2", "2025-04-01", "2025-05-01"),
                                 sw("2", "2025-12-01", reason="FCONTA")]},))

RULES("SW10bSTG2", "A new social worker episode has started with a reason of first contact "
                   "before the previous episode has ended.",
      "social_worker.SW_DECOM", "social_worker.SW_REASON",
      first_year=2026,
      sql=AFTER_PREVIOUS.format(
          test="SW_REASON = 'FCONTA' AND (previous_end IS NULL OR SW_DECOM <= previous_end)"),
      note="The other tool does not flag a first contact after an episode that has not "
           "ended at all; that episode has not ended before the new one started either.",
      trips=({"social_worker": [sw("1", "2025-04-01", "2025-09-01"),
                                sw("1", "2025-09-01", reason="FCONTA")]},
             {"social_worker": [sw("1", "2025-04-01"),
                                sw("1", "2025-09-01", reason="FCONTA")]}),
      passes=({"social_worker": [sw("1", "2025-04-01", "2025-09-01"),
                                 sw("1", "2025-09-02", reason="FCONTA")]},))

RULES("SW11bSTG2", "Social worker episode has ended before 31 March and no subsequent "
                   "social worker episode has been provided.", "social_worker.SW_DEC",
      severity=QUERY,
      where="SW_DEC BETWEEN {end} - INTERVAL 5 DAY AND {end} "
            "AND NOT EXISTS (SELECT 1 FROM social_worker later "
            "WHERE later.CHILD = social_worker.CHILD "
            "AND later.SW_DECOM > social_worker.SW_DECOM)",
      note="As the other tool reads it: an episode ending in the last 5 days before "
           "31 March with no later episode is queried. The other tool also queries such "
           "an episode when a later one follows it, if an earlier one came before it.",
      trips=({"social_worker": [sw("1", "2025-04-01", "2026-03-27")]},),
      passes=({"social_worker": [sw("1", "2025-04-01", "2026-03-25"),
                                 sw("2", "2025-04-01", "2026-03-27"),
                                 sw("2", "2026-03-28")]},))

RULES("SW12STG2", "If a child is looked after on 31 March then all social worker episodes "
                  "for the full previous year should be reported, even those whilst they "
                  "were not looked after", "episodes.DECOM", severity=QUERY,
      first_year=2025,
      sql="""
        WITH looked_after AS (
            SELECT CHILD, coalesce(max(DECOM) FILTER (WHERE RNE = 'S'), min(DECOM)) AS began
            FROM episodes GROUP BY CHILD
            HAVING bool_or(DEC IS NULL AND LS NOT IN ('V3', 'V4')))
        SELECT episodes._row FROM episodes JOIN looked_after USING (CHILD)
        WHERE episodes.DECOM = looked_after.began
          AND NOT EXISTS (SELECT 1 FROM social_worker
                          WHERE social_worker.CHILD = episodes.CHILD
                            AND social_worker.SW_DECOM <= greatest(looked_after.began, {start}))
      """,
      note="Smeaton asks that a child looked after on 31 March (not on short breaks, V3 "
           "or V4) have a social worker episode that began on or before the start of their "
           "period of care, or 1 April if that was earlier, and flags the episode that "
           "began the period of care. The other tool flags the opposite: a child whose "
           "social worker episode began before they came into care.",
      trips=({"episodes": [episode("1", "2025-10-01")],
              "social_worker": [sw("1", "2025-10-02")]},
             {"episodes": [episode("1", "2020-10-01")],
              "social_worker": [sw("1", "2025-06-02")]}),
      passes=({"episodes": [episode("1", "2025-10-01"),
                            episode("2", "2020-10-01"),
                            episode("3", "2025-05-01", ls="V3"),
                            episode("4", "2025-05-01", "2025-06-01")],
               "social_worker": [sw("1", "2025-10-01"), sw("2", "2025-04-01")]},))

RULES("SW13STG1", "The reason for social worker change is not valid.",
      "social_worker.SW_REASON", first_year=2025,
      where="SW_REASON IS NULL AND SW_DECOM >= DATE '2023-04-01'",
      note="A reason must be given for every episode starting on or after 1 April 2023; "
           "a reason that is not one of DfE's codes is found by the format checks, and "
           "carries this code too.",
      trips=({"social_worker": [sw("1", "2023-04-01", reason=None)]},),
      passes=({"social_worker": [sw("1", "2023-03-31", "2025-05-01", reason=None)]},))
RULES("SW13STG1", "The reason for social worker change is not valid.",
      "social_worker.SW_REASON", format="invalid",
      trips=({"social_worker": [sw("1", "2025-06-01", reason="NEWSW")]},),
      passes=({"social_worker": [sw("1", "2025-06-01", reason="LEFTRL")]},))

RULES("SW17STG2", "There is no social worker episode open at 31 March",
      "social_worker.SW_DEC", "social_worker.SW_DECOM",
      first_year=2026,
      where="SW_DEC IS NOT NULL AND NOT EXISTS (SELECT 1 FROM social_worker other "
            "WHERE other.CHILD = social_worker.CHILD AND (other.SW_DEC IS NULL "
            "OR other.SW_DECOM > social_worker.SW_DECOM))",
      note="The child's latest episode is flagged when none of their episodes is open; "
           "the other tool flags a latest episode that has ended even when an earlier "
           "one is still open (which SW08STG2 flags).",
      trips=({"social_worker": [sw("1", "2025-04-01", "2025-06-01"),
                                sw("1", "2025-06-01", "2026-03-01")]},),
      passes=({"social_worker": [sw("1", "2025-04-01", "2025-06-01"),
                                 sw("1", "2025-06-01")]},))

RULES("SW18STG2", "The end date of the social worker episode is before the start date",
      "social_worker.SW_DEC", "social_worker.SW_DECOM", first_year=2026,
      where="SW_DEC <= SW_DECOM",
      note="As DfE codes it, the end must be after the start: an episode ending the day "
           "it began is flagged too.",
      trips=({"social_worker": [sw("1", "2025-06-01", "2025-06-01")]},),
      passes=({"social_worker": [sw("1", "2025-06-01", "2025-06-02")]},))

RULES("SW19STG2", "There are 2 social worker episodes for the child starting on the same "
                  "date.", "social_worker.SW_DEC", "social_worker.SW_DECOM",
      first_year=2026,
      where="EXISTS (SELECT 1 FROM social_worker first WHERE first.CHILD = "
            "social_worker.CHILD AND first.SW_DECOM = social_worker.SW_DECOM "
            "AND first._row < social_worker._row)",
      note="The second and any later episode starting that day is flagged.",
      trips=({"social_worker": [sw("1", "2025-06-01", "2025-07-01"),
                                sw("1", "2025-06-01")]},),
      passes=({"social_worker": [sw("1", "2025-06-01", "2025-07-01"),
                                 sw("1", "2025-07-01"), sw("2", "2025-06-01")]},))
