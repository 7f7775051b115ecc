"""Rules on CINdetails: each referral (episode of need), its dates, codes and closure, and
what may be recorded within it. Modules join on ``referral_id``, the reader's number for
the CINdetails module a row is in."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.rules.cin import (
    CENSUS_YEAR_NOTE,
    REFUSED_ROW_NOTE,
    REPEATED_CHILD_NOTE,
    with_child,
)
from smeaton.analytics.source import Source

RULES = Rules(Source.CIN)

CHILD = {"LAchildID": "C1", "Sex": "M", "Ethnicity": "WBRI", "PersonBirthDate": "2015-05-01"}
REFERRAL = {"LAchildID": "C1", "referral_id": 1, "CINreferralDate": "2025-06-01",
            "ReferralSource": "1A", "ReferralNFA": "0", "PrimaryNeedCode": "N1"}
CLOSED = {**REFERRAL, "CINclosureDate": "2025-09-01", "ReasonForClosure": "RC1"}
NFA = {**REFERRAL, "ReferralNFA": "1", "PrimaryNeedCode": "",
       "CINclosureDate": "2025-06-01", "ReasonForClosure": "RC8"}
ASSESSMENT = {"LAchildID": "C1", "referral_id": 1, "assessment_id": 1,
              "AssessmentActualStartDate": "2025-06-02",
              "AssessmentAuthorisationDate": "2025-07-01"}
SECTION47 = {"LAchildID": "C1", "referral_id": 1, "S47ActualStartDate": "2025-06-02",
             "DateOfInitialCPC": "2025-06-20", "ICPCnotRequired": "0"}
PLAN = {"LAchildID": "C1", "referral_id": 1, "CINPlanStartDate": "2025-07-01"}
CP_PLAN = {"LAchildID": "C1", "referral_id": 1, "cp_plan_id": 1, "CPPstartDate": "2025-06-20",
           "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "NEG",
           "NumberOfPreviousCPP": "0"}
# Each date within a referral that its closure date may not come before (rule 8565).
ACTIVITY = """
    SELECT referral_id, AssessmentActualStartDate AS day FROM cin_assessments
    UNION ALL SELECT referral_id, AssessmentAuthorisationDate FROM cin_assessments
    UNION ALL SELECT referral_id, S47ActualStartDate FROM cin_section47
    UNION ALL SELECT referral_id, DateOfInitialCPC FROM cin_section47
    UNION ALL SELECT referral_id, CPPendDate FROM cin_cp_plans
    UNION ALL SELECT referral_id, CINPlanStartDate FROM cin_plans
    UNION ALL SELECT referral_id, CINPlanEndDate FROM cin_plans"""

RULES("2990", "Activity is recorded against a case marked as ‘Case closed after assessment, "
              "no further action’ or 'case closed after assessment, referred to early help'.",
      "cin_details.ReasonForClosure",
      where="""ReasonForClosure IN ('RC8', 'RC9') AND (
                 DateOfInitialCPC IS NOT NULL
                 OR referral_id IN (SELECT referral_id FROM cin_section47)
                 OR referral_id IN (SELECT referral_id FROM cin_cp_plans)
                 OR referral_id IN (SELECT referral_id FROM cin_plans))""",
      trips=({"cin_details": [{**CLOSED, "ReasonForClosure": "RC8"}], "cin_plans": [PLAN]},
             {"cin_details": [{**CLOSED, "ReasonForClosure": "RC9"}],
              "cin_section47": [SECTION47]}),
      passes=({"cin_details": [{**CLOSED, "ReasonForClosure": "RC8"}],
               "cin_assessments": [ASSESSMENT]},
              {"cin_details": [CLOSED], "cin_plans": [PLAN]}))

RULES("2991Q", "Please check and either amend data or provide a reason: A Section 47 module is "
               "recorded and there is no assessment on the episode",
      "cin_details.CINreferralDate", severity=QUERY,
      where="""referral_id IN (SELECT referral_id FROM cin_section47)
               AND referral_id NOT IN (SELECT referral_id FROM cin_assessments_given)""",
      trips=({"cin_details": [REFERRAL], "cin_section47": [SECTION47]},),
      passes=({"cin_details": [REFERRAL], "cin_section47": [SECTION47],
               "cin_assessments": [ASSESSMENT]},))

RULES("8555Q", "Child cannot be referred after its recorded date of death",
      "cin_details.CINreferralDate", "cin_children.PersonDeathDate", severity=QUERY,
      sql=with_child("referral.CINreferralDate > child.PersonDeathDate"),
      note=REFUSED_ROW_NOTE,
      trips=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-05-31"}],
              "cin_details": [REFERRAL]},),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-06-01"}],
               "cin_details": [REFERRAL]},))

RULES("8565", "Activity shown after a case has been closed", "cin_details.CINclosureDate",
      where=f"""CINclosureDate < DateOfInitialCPC OR CINclosureDate < (
                SELECT max(day) FROM ({ACTIVITY}) AS activity
                WHERE activity.referral_id = cin_details.referral_id)""",  # noqa: S608
      note="Within the referral: its initial conference, an assessment's start or "
           "completion, a section 47 enquiry's start or conference, a child protection "
           "plan's end, a CIN plan's start or end, after the closure date.",
      trips=({"cin_details": [CLOSED], "cin_plans": [{**PLAN, "CINPlanEndDate": "2025-09-02"}]},
             {"cin_details": [CLOSED],
              "cin_assessments": [{**ASSESSMENT, "AssessmentAuthorisationDate": "2025-09-05"}]}),
      passes=({"cin_details": [CLOSED], "cin_plans": [{**PLAN, "CINPlanEndDate": "2025-09-01"}],
               "cin_assessments": [ASSESSMENT]},))

RULES("8568", "RNFA flag is missing or invalid", "cin_details.ReferralNFA", format="any",
      trips=({"cin_details": [{**REFERRAL, "ReferralNFA": ""}]},
             {"cin_details": [{**REFERRAL, "ReferralNFA": "2"}]}),
      passes=({"cin_details": [{**REFERRAL, "ReferralNFA": "true"}]},))

RULES("8569Q", "A case with referral date before one working day prior to the collection start "
               "date must not be flagged as a no further action case",
      "cin_details.ReferralNFA", "cin_details.CINreferralDate", severity=QUERY,
      where="ReferralNFA = '1' AND CINreferralDate < working_days_before({start}, 1)",
      note="A referral on the last working day before 1 April may be a no further action "
           "case, as DfE says; the other tool queries it unless 1 April is not a working day.",
      trips=({"cin_details": [{**NFA, "CINreferralDate": "2025-03-28"}]},),
      passes=({"cin_details": [{**NFA, "CINreferralDate": "2025-03-31"}]},))

RULES("8585Q", "Please check and either amend or provide a reason: CIN episode shows Died as "
               "the Closure Reason, however child has no recorded Date of Death",
      "cin_details.ReasonForClosure", "cin_children.PersonDeathDate", severity=QUERY,
      sql=with_child("referral.ReasonForClosure = 'RC2' AND child.PersonDeathDate IS NULL"),
      trips=({"cin_children": [CHILD], "cin_details": [{**CLOSED, "ReasonForClosure": "RC2"}]},),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-09-01"}],
               "cin_details": [{**CLOSED, "ReasonForClosure": "RC2"}]},))

RULES("8600", "Child referral date missing or after data collection period",
      "cin_details.CINreferralDate", format="blank or late",
      note=CENSUS_YEAR_NOTE,
      trips=({"cin_details": [{**REFERRAL, "CINreferralDate": "2026-04-01"}]},
             {"cin_details": [{**REFERRAL, "CINreferralDate": ""}]}),
      passes=({"cin_details": [{**REFERRAL, "CINreferralDate": "2026-03-31"}]},))

RULES("8606", "Child referral date is more than 40 weeks before DOB or expected DOB",
      "cin_details.CINreferralDate", "cin_children.PersonBirthDate",
      "cin_children.ExpectedPersonBirthDate",
      sql=with_child("referral.CINreferralDate < coalesce(child.PersonBirthDate, "
                     "child.ExpectedPersonBirthDate) - INTERVAL 280 DAY"),
      trips=({"cin_children": [{**CHILD, "PersonBirthDate": "2026-03-10"}],
              "cin_details": [REFERRAL]},),
      passes=({"cin_children": [{**CHILD, "PersonBirthDate": "",
                                 "ExpectedPersonBirthDate": "2026-03-08"}],
               "cin_details": [REFERRAL]},))

RULES("8610", "Primary Need code is missing for a referral which led to further action.",
      "cin_details.PrimaryNeedCode", "cin_details.ReferralNFA",
      where="ReferralNFA = '0' AND PrimaryNeedCode IS NULL",
      trips=({"cin_details": [{**REFERRAL, "PrimaryNeedCode": ""}]},),
      passes=({"cin_details": [REFERRAL]}, {"cin_details": [NFA]}))

RULES("8620", "CIN Closure Date present and does not fall within the Census year",
      "cin_details.CINclosureDate", format="late", where="CINclosureDate < {start}",
      note=CENSUS_YEAR_NOTE,
      trips=({"cin_details": [{**CLOSED, "CINreferralDate": "2024-06-01",
                               "CINclosureDate": "2025-03-31"}]},
             {"cin_details": [{**CLOSED, "CINclosureDate": "2026-04-01"}]}),
      passes=({"cin_details": [{**CLOSED, "CINreferralDate": "2024-06-01",
                                "CINclosureDate": "2025-04-01"}]},))

RULES("8630", "CIN Closure Date is before CIN Referral Date for the same CIN episode",
      "cin_details.CINclosureDate", format="order",
      trips=({"cin_details": [{**CLOSED, "CINclosureDate": "2025-05-31"}]},),
      passes=({"cin_details": [{**CLOSED, "CINclosureDate": "2025-06-01"}]},))

RULES("8640", "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census "
              "code set)", "cin_details.ReasonForClosure", format="invalid",
      trips=({"cin_details": [{**CLOSED, "ReasonForClosure": "RC0"}]},),
      passes=({"cin_details": [{**CLOSED, "ReasonForClosure": "RC9"}]},))

RULES("8650", "Primary Need Code invalid (see Primary Need table in CIN census code set)",
      "cin_details.PrimaryNeedCode", format="invalid",
      trips=({"cin_details": [{**REFERRAL, "PrimaryNeedCode": "N10"}]},),
      passes=({"cin_details": [{**REFERRAL, "PrimaryNeedCode": "N0"}]},))

RULES("8805", "A CIN case cannot have a CIN closure date without a Reason for Closure",
      "cin_details.CINclosureDate", "cin_details.ReasonForClosure",
      where="CINclosureDate IS NOT NULL AND ReasonForClosure IS NULL",
      trips=({"cin_details": [{**CLOSED, "ReasonForClosure": ""}]},),
      passes=({"cin_details": [CLOSED]}, {"cin_details": [REFERRAL]}))

RULES("8810", "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
      "cin_details.ReasonForClosure", "cin_details.CINclosureDate",
      where="ReasonForClosure IS NOT NULL AND CINclosureDate IS NULL",
      trips=({"cin_details": [{**CLOSED, "CINclosureDate": ""}]},),
      passes=({"cin_details": [CLOSED]}, {"cin_details": [REFERRAL]}))

RULES("8815", "More than one open CIN Details episode (a module with no CIN Closure Date) has "
              "been provided for this child and case is not a referral with no further action.",
      "cin_details.ReferralNFA", "cin_details.CINclosureDate",
      sql="""SELECT _row FROM (
               SELECT _row, count(*) OVER (PARTITION BY LAchildID) AS open FROM cin_details
               WHERE CINclosureDate IS NULL AND ReferralNFA = '0') WHERE open > 1""",
      note=REPEATED_CHILD_NOTE,
      trips=({"cin_details": [REFERRAL, {**REFERRAL, "referral_id": 2,
                                         "CINreferralDate": "2025-08-01"}]},),
      passes=({"cin_details": [REFERRAL, {**NFA, "referral_id": 2, "CINclosureDate": "",
                                          "ReasonForClosure": ""}]},))

RULES("8816", "An open CIN episode is shown and case is not a referral with no further action, "
              "but it is not the latest episode.",
      "cin_details.CINreferralDate", "cin_details.ReferralNFA",
      sql="""SELECT _row FROM (
               SELECT _row, CINclosureDate, ReferralNFA, CINreferralDate,
                      max(CINreferralDate) OVER (PARTITION BY LAchildID) AS latest
               FROM cin_details)
             WHERE CINclosureDate IS NULL AND ReferralNFA = '0' AND CINreferralDate < latest""",
      note=REPEATED_CHILD_NOTE,
      trips=({"cin_details": [REFERRAL, {**CLOSED, "referral_id": 2,
                                         "CINreferralDate": "2025-08-01"}]},),
      passes=({"cin_details": [REFERRAL, {**CLOSED, "referral_id": 2,
                                          "CINreferralDate": "2025-05-01",
                                          "CINclosureDate": "2025-05-20"}]},))

RULES("8820", "The dates on the CIN episodes for this child overlap",
      "cin_details.CINreferralDate", "cin_details.CINclosureDate",
      sql="""SELECT later._row FROM cin_details AS later JOIN cin_details AS earlier
               ON later.LAchildID = earlier.LAchildID AND later.referral_id <> earlier.referral_id
             WHERE later.CINreferralDate >= earlier.CINreferralDate
               AND (later.CINreferralDate < earlier.CINclosureDate
                    OR (earlier.CINclosureDate IS NULL AND earlier.ReferralNFA = '0'
                        AND later.CINreferralDate < {end}))""",
      note="An episode may start the day the one before it closed. The episode that starts "
           "within another is flagged.",
      trips=({"cin_details": [CLOSED, {**CLOSED, "referral_id": 2,
                                       "CINreferralDate": "2025-08-31"}]},
             {"cin_details": [REFERRAL, {**CLOSED, "referral_id": 2,
                                         "CINreferralDate": "2025-08-31"}]}),
      passes=({"cin_details": [CLOSED, {**CLOSED, "referral_id": 2,
                                        "CINreferralDate": "2025-09-01",
                                        "CINclosureDate": "2025-10-01"}]},))

RULES("8825Q", "Please check and either amend data or provide a reason: Reason for Closure code "
               "RC8 (case closed after assessment) or RC9 (case closed after assessment, "
               "referred to early help) has been returned but there is no assessment present "
               "for the episode.", "cin_details.ReasonForClosure", severity=QUERY,
      where="""ReasonForClosure IN ('RC8', 'RC9')
               AND referral_id NOT IN (SELECT referral_id FROM cin_assessments_given)""",
      note=REFUSED_ROW_NOTE,
      trips=({"cin_details": [{**CLOSED, "ReasonForClosure": "RC8"}]},),
      passes=({"cin_details": [{**CLOSED, "ReasonForClosure": "RC9"}],
               "cin_assessments": [ASSESSMENT]},))

RULES("8831", "Activity is recorded against a case marked as a referral with no further action",
      "cin_details.DateOfInitialCPC", "cin_details.ReferralNFA",
      "cin_assessments.AssessmentActualStartDate", "cin_assessments.AssessmentAuthorisationDate",
      "cin_section47.S47ActualStartDate", "cin_section47.DateOfInitialCPC",
      sql="""WITH nfa AS (SELECT referral_id FROM cin_details WHERE ReferralNFA = '1')
             SELECT 'cin_details' AS _table, _row FROM cin_details
             WHERE ReferralNFA = '1' AND DateOfInitialCPC IS NOT NULL
             UNION ALL SELECT 'cin_assessments', _row FROM cin_assessments
             WHERE referral_id IN (SELECT referral_id FROM nfa)
             UNION ALL SELECT 'cin_section47', _row FROM cin_section47
             WHERE referral_id IN (SELECT referral_id FROM nfa)""",
      note="The referral's ReferralNFA is flagged with the activity, to say why it is "
           "wrong; the other tool names only the activity's fields.",
      trips=({"cin_details": [NFA], "cin_assessments": [ASSESSMENT]},
             {"cin_details": [NFA], "cin_section47": [SECTION47]}),
      passes=({"cin_details": [REFERRAL], "cin_assessments": [ASSESSMENT],
               "cin_section47": [SECTION47]},))

RULES("8866", "Source of Referral is missing or an invalid code", "cin_details.ReferralSource",
      format="any",
      note="Every referral in a census since 2013 is on or after 1 April 2013, so the source "
           "must be given.",
      trips=({"cin_details": [{**REFERRAL, "ReferralSource": ""}]},
             {"cin_details": [{**REFERRAL, "ReferralSource": "11"}]}),
      passes=({"cin_details": [{**REFERRAL, "ReferralSource": "10"}]},))

RULES("8867", "CIN episode is shown as closed, however Assessment is not shown as completed",
      "cin_details.CINclosureDate", "cin_assessments.AssessmentAuthorisationDate",
      sql="""SELECT 'cin_details' AS _table, referral._row FROM cin_details AS referral
             WHERE CINclosureDate IS NOT NULL AND referral_id IN (
               SELECT referral_id FROM cin_assessments WHERE AssessmentAuthorisationDate IS NULL)
             UNION ALL
             SELECT 'cin_assessments', assessment._row FROM cin_assessments AS assessment
             WHERE AssessmentAuthorisationDate IS NULL AND referral_id IN (
               SELECT referral_id FROM cin_details WHERE CINclosureDate IS NOT NULL)""",
      trips=({"cin_details": [CLOSED], "cin_assessments": [
          {**ASSESSMENT, "AssessmentAuthorisationDate": ""}]},),
      passes=({"cin_details": [CLOSED], "cin_assessments": [ASSESSMENT]},
              {"cin_details": [REFERRAL], "cin_assessments": [
                  {**ASSESSMENT, "AssessmentAuthorisationDate": ""}]}))

RULES("8868", "CIN episode is shown as closed, however Section 47 enquiry is not shown as "
              "completed by ICPC date or ICPC not required flag",
      "cin_details.CINclosureDate", "cin_section47.ICPCnotRequired",
      "cin_section47.DateOfInitialCPC",
      sql="""WITH open AS (SELECT _row, referral_id FROM cin_section47
                           WHERE DateOfInitialCPC IS NULL AND ICPCnotRequired IS DISTINCT FROM '1')
             SELECT 'cin_details' AS _table, _row FROM cin_details
             WHERE CINclosureDate IS NOT NULL
               AND referral_id IN (SELECT referral_id FROM open)
             UNION ALL
             SELECT 'cin_section47', _row FROM open WHERE referral_id IN (
               SELECT referral_id FROM cin_details WHERE CINclosureDate IS NOT NULL)""",
      trips=({"cin_details": [CLOSED], "cin_section47": [
          {**SECTION47, "DateOfInitialCPC": ""}]},),
      passes=({"cin_details": [CLOSED], "cin_section47": [
          {**SECTION47, "DateOfInitialCPC": "", "ICPCnotRequired": "1"}]},
              {"cin_details": [CLOSED], "cin_section47": [SECTION47]}))
