"""Rules on Section47: each section 47 enquiry and its initial child protection conference
(ICPC), within its referral."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.rules.cin import with_referral
from smeaton.analytics.source import Source

RULES = Rules(Source.CIN)

REFERRAL = {"LAchildID": "C1", "referral_id": 1, "CINreferralDate": "2025-06-01",
            "ReferralSource": "1A", "ReferralNFA": "0", "PrimaryNeedCode": "N1"}
SECTION47 = {"LAchildID": "C1", "referral_id": 1, "S47ActualStartDate": "2025-06-02",
             "DateOfInitialCPC": "2025-06-20", "ICPCnotRequired": "0"}
OPEN = {**SECTION47, "DateOfInitialCPC": ""}
# An enquiry still open at the end of the year: no conference, and one not ruled out.
STILL_OPEN = "DateOfInitialCPC IS NULL AND ICPCnotRequired IS DISTINCT FROM '1'"


RULES("1104", "The date of the initial child protection conference cannot be before the "
              "referral date", "cin_section47.DateOfInitialCPC", "cin_details.CINreferralDate",
      sql=with_referral("cin_section47", "s47", "s47.DateOfInitialCPC < referral.CINreferralDate"),
      trips=({"cin_details": [REFERRAL], "cin_section47": [
          {**SECTION47, "S47ActualStartDate": "2025-05-01", "DateOfInitialCPC": "2025-05-31"}]},),
      passes=({"cin_details": [REFERRAL], "cin_section47": [
          {**SECTION47, "S47ActualStartDate": "2025-05-01", "DateOfInitialCPC": "2025-06-01"}]},))

RULES("2884", "An initial child protection conference is recorded at both the S47 and CIN "
              "Details level and it should only be recorded in one",
      "cin_section47.DateOfInitialCPC", "cin_details.DateOfInitialCPC",
      sql=with_referral("cin_section47", "s47", "s47.DateOfInitialCPC = referral.DateOfInitialCPC"),
      note="The same conference date on a referral and on one of its enquiries; the other tool "
           "matches it across all the child's referrals.",
      trips=({"cin_details": [{**REFERRAL, "DateOfInitialCPC": "2025-06-20"}],
              "cin_section47": [SECTION47]},),
      passes=({"cin_details": [{**REFERRAL, "DateOfInitialCPC": "2025-06-20"}],
               "cin_section47": [OPEN]},
              {"cin_details": [REFERRAL], "cin_section47": [SECTION47]}))

RULES("2889", "The S47 start date cannot be before the referral date.",
      "cin_section47.S47ActualStartDate", "cin_details.CINreferralDate",
      sql=with_referral("cin_section47", "s47",
                        "s47.S47ActualStartDate < referral.CINreferralDate"),
      trips=({"cin_details": [REFERRAL], "cin_section47": [
          {**SECTION47, "S47ActualStartDate": "2025-05-31"}]},),
      passes=({"cin_details": [REFERRAL], "cin_section47": [
          {**SECTION47, "S47ActualStartDate": "2025-06-01"}]},))

RULES("8615", "Section 47 Enquiry Start Date must be present and cannot be later than the date "
              "of the initial Child Protection Conference", "cin_section47.S47ActualStartDate",
      format="blank", where="S47ActualStartDate > DateOfInitialCPC",
      note="An enquiry with no start date is not kept (the start is its key); the format "
           "checks report it with this code.",
      trips=({"cin_section47": [{**SECTION47, "DateOfInitialCPC": "2025-06-01"}]},
             {"cin_section47": [{**SECTION47, "S47ActualStartDate": ""}]}),
      passes=({"cin_section47": [{**SECTION47, "DateOfInitialCPC": "2025-06-02"}]},))

RULES("8675Q", "Please check and either amend data or provide a reason: S47 Enquiry started "
               "more than 15 working days before the end of the census year. However, there is "
               "no date of Initial Child Protection Conference.",
      "cin_section47.S47ActualStartDate", "cin_section47.DateOfInitialCPC",
      "cin_section47.ICPCnotRequired", severity=QUERY,
      where="DateOfInitialCPC IS NULL AND ICPCnotRequired = '0' "
            "AND S47ActualStartDate < working_days_before({end}, 15)",
      note="15 working days before 31 March (England's bank holidays not counted) may still "
           "be open; the other tool counts one working day fewer.",
      trips=({"cin_section47": [{**OPEN, "S47ActualStartDate": "2026-03-09"}]},),
      passes=({"cin_section47": [{**OPEN, "S47ActualStartDate": "2026-03-10"}]},
              {"cin_section47": [{**OPEN, "S47ActualStartDate": "2026-01-10",
                                  "ICPCnotRequired": "1"}]}))

RULES("8715", "Date of Initial Child Protection Conference must fall within the census year",
      "cin_section47.DateOfInitialCPC", "cin_details.DateOfInitialCPC", format="late",
      sql="""SELECT 'cin_section47' AS _table, _row FROM cin_section47
             WHERE DateOfInitialCPC < {start}""",
      note="A referral's conference date (on its CINdetails) is checked for falling after "
           "the census year but not before it: a referral open for years may have held its "
           "conference in an earlier year.",
      trips=({"cin_section47": [{**SECTION47, "S47ActualStartDate": "2025-03-01",
                                 "DateOfInitialCPC": "2025-03-31"}]},
             {"cin_details": [{**REFERRAL, "DateOfInitialCPC": "2026-04-01"}]}),
      passes=({"cin_section47": [{**SECTION47, "S47ActualStartDate": "2025-03-01",
                                  "DateOfInitialCPC": "2025-04-01"}]},
              {"cin_details": [{**REFERRAL, "CINreferralDate": "2020-05-01",
                                "DateOfInitialCPC": "2020-05-12"}]}))

RULES("8740", "For a Section 47 Enquiry that has not held the Initial Child Protection "
              "Conference by the end of the census year, the start date must fall within the "
              "census year", "cin_section47.S47ActualStartDate",
      "cin_section47.DateOfInitialCPC", "cin_section47.ICPCnotRequired",
      where="DateOfInitialCPC IS NULL AND ICPCnotRequired = '0' "
            "AND S47ActualStartDate < {start}",
      note="A start after the census year is found by the format checks.",
      trips=({"cin_section47": [{**OPEN, "S47ActualStartDate": "2025-03-31"}]},),
      passes=({"cin_section47": [{**OPEN, "S47ActualStartDate": "2025-04-01"}]},
              {"cin_section47": [{**OPEN, "S47ActualStartDate": "2025-03-31",
                                  "ICPCnotRequired": "1"}]}))

RULES("8839", "Within one CINDetails group there are 2 or more open S47 Assessments",
      "cin_section47.DateOfInitialCPC",
      sql=f"""SELECT _row FROM (
                SELECT _row, count(*) OVER (PARTITION BY referral_id) AS open
                FROM cin_section47 WHERE {STILL_OPEN}) WHERE open > 1""",  # noqa: S608
      trips=({"cin_section47": [OPEN, {**OPEN, "S47ActualStartDate": "2025-07-01"}]},),
      passes=({"cin_section47": [OPEN, {**OPEN, "S47ActualStartDate": "2025-07-01",
                                        "ICPCnotRequired": "1"}]},))

RULES("8870Q", "Please check and either amend or provide a reason: The Target Date for Initial "
               "Child Protection Conference should not be a weekend",
      "cin_section47.InitialCPCtarget", severity=QUERY, where="isodow(InitialCPCtarget) >= 6",
      trips=({"cin_section47": [{**SECTION47, "InitialCPCtarget": "2025-06-21"}]},),
      passes=({"cin_section47": [{**SECTION47, "InitialCPCtarget": "2025-06-20"}]},))

RULES("8875", "The Date of Initial Child Protection Conference cannot be a weekend",
      "cin_section47.DateOfInitialCPC", "cin_details.DateOfInitialCPC",
      sql="""SELECT 'cin_section47' AS _table, _row FROM cin_section47
             WHERE isodow(DateOfInitialCPC) >= 6
             UNION ALL
             SELECT 'cin_details', _row FROM cin_details WHERE isodow(DateOfInitialCPC) >= 6""",
      note="A referral's conference date is checked as well as an enquiry's; the other tool "
           "checks only the enquiry's.",
      trips=({"cin_section47": [{**SECTION47, "DateOfInitialCPC": "2025-06-22"}]},
             {"cin_details": [{**REFERRAL, "DateOfInitialCPC": "2025-06-21"}]}),
      passes=({"cin_section47": [SECTION47],
               "cin_details": [{**REFERRAL, "DateOfInitialCPC": "2025-06-23"}]},))

RULES("8890", "A Section 47 enquiry is shown as starting when there is another Section 47 "
              "Enquiry ongoing", "cin_section47.S47ActualStartDate",
      sql="""SELECT later._row FROM cin_section47 AS later JOIN cin_section47 AS earlier
               ON later.referral_id = earlier.referral_id AND later._row <> earlier._row
             WHERE later.S47ActualStartDate >= earlier.S47ActualStartDate
               AND (later.S47ActualStartDate <= earlier.DateOfInitialCPC
                    OR (earlier.DateOfInitialCPC IS NULL
                        AND earlier.ICPCnotRequired IS DISTINCT FROM '1'
                        AND later.S47ActualStartDate <= {end}))""",
      note="Within a referral; an enquiry that starts on or within another (its conference "
           "day included) is flagged.",
      trips=({"cin_section47": [SECTION47, {**SECTION47, "S47ActualStartDate": "2025-06-20",
                                            "DateOfInitialCPC": "2025-07-01"}]},
             {"cin_section47": [OPEN, {**SECTION47, "S47ActualStartDate": "2025-08-01",
                                       "DateOfInitialCPC": "2025-08-10"}]}),
      passes=({"cin_section47": [SECTION47, {**SECTION47, "S47ActualStartDate": "2025-06-21",
                                             "DateOfInitialCPC": "2025-07-01"}]},))
