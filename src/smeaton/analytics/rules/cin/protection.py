"""Rules on ChildProtectionPlans and their Reviews: each plan's dates and codes, within its
referral and beside the child's other plans. Reviews join their plan on ``cp_plan_id``."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.rules.cin import after_death, with_referral
from smeaton.analytics.source import Source

RULES = Rules(Source.CIN)

CHILD = {"LAchildID": "C1", "Sex": "M", "Ethnicity": "WBRI", "PersonBirthDate": "2015-05-01"}
REFERRAL = {"LAchildID": "C1", "referral_id": 1, "CINreferralDate": "2025-06-01",
            "ReferralSource": "1A", "ReferralNFA": "0", "PrimaryNeedCode": "N1"}
SECTION47 = {"LAchildID": "C1", "referral_id": 1, "S47ActualStartDate": "2025-06-02",
             "DateOfInitialCPC": "2025-06-20", "ICPCnotRequired": "0"}
CP_PLAN = {"LAchildID": "C1", "referral_id": 1, "cp_plan_id": 1, "CPPstartDate": "2025-06-20",
           "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "NEG",
           "NumberOfPreviousCPP": "0"}
ENDED = {**CP_PLAN, "CPPendDate": "2025-09-01"}
REVIEW = {"LAchildID": "C1", "referral_id": 1, "cp_plan_id": 1, "CPPreviewDate": "2025-07-20"}
PLAN = {"LAchildID": "C1", "referral_id": 1, "CINPlanStartDate": "2025-09-01"}
IN_YEAR = "BETWEEN {start} AND {end}"


RULES("1105", "The child protection plan start date cannot be before the referral date",
      "cin_cp_plans.CPPstartDate", "cin_details.CINreferralDate",
      sql=with_referral("cin_cp_plans", "cp", "cp.CPPstartDate < referral.CINreferralDate"),
      trips=({"cin_details": [REFERRAL],
              "cin_cp_plans": [{**CP_PLAN, "CPPstartDate": "2025-05-31"}]},),
      passes=({"cin_details": [REFERRAL],
               "cin_cp_plans": [{**CP_PLAN, "CPPstartDate": "2025-06-01"}]},))

RULES("2883", "There are more child protection plans starting than initial conferences taking "
              "place", "cin_header.LEA",
      sql=f"""SELECT _row FROM cin_header WHERE
                (SELECT count(*) FROM cin_cp_plans WHERE CPPstartDate {IN_YEAR})
                > (SELECT count(*) FROM cin_details WHERE DateOfInitialCPC {IN_YEAR})
                  + (SELECT count(*) FROM cin_section47 WHERE DateOfInitialCPC {IN_YEAR})""",  # noqa: S608
      note="Counted over the whole return, as DfE says; the message header stands for it.",
      trips=({"cin_cp_plans": [CP_PLAN]},),
      passes=({"cin_cp_plans": [CP_PLAN], "cin_section47": [SECTION47]},))

RULES("2885", "Child protection plan shown as starting a different day to the initial child "
              "protection conference.", "cin_cp_plans.CPPstartDate",
      where=f"""CPPstartDate {IN_YEAR} AND NOT (
                  EXISTS (SELECT 1 FROM cin_section47 AS s47
                          WHERE s47.referral_id = cin_cp_plans.referral_id
                            AND s47.ICPCnotRequired IS DISTINCT FROM '1'
                            AND s47.DateOfInitialCPC = cin_cp_plans.CPPstartDate)
                  OR (NOT EXISTS (SELECT 1 FROM cin_section47 AS s47
                                  WHERE s47.referral_id = cin_cp_plans.referral_id
                                    AND s47.ICPCnotRequired IS DISTINCT FROM '1')
                      AND EXISTS (SELECT 1 FROM cin_details AS referral
                                  WHERE referral.referral_id = cin_cp_plans.referral_id
                                    AND referral.DateOfInitialCPC = cin_cp_plans.CPPstartDate)))""",  # noqa: S608
      note="A plan starting in the year must start the day of a conference of one of its "
           "referral's enquiries (one whose conference was not ruled out), or of the referral's "
           "own conference when it has no such enquiry. The plan is flagged.",
      trips=({"cin_details": [REFERRAL], "cin_cp_plans": [CP_PLAN],
              "cin_section47": [{**SECTION47, "DateOfInitialCPC": "2025-06-19"}]},
             {"cin_details": [{**REFERRAL, "DateOfInitialCPC": "2025-06-19"}],
              "cin_cp_plans": [CP_PLAN]}),
      passes=({"cin_details": [REFERRAL], "cin_cp_plans": [CP_PLAN],
               "cin_section47": [SECTION47]},
              {"cin_details": [{**REFERRAL, "DateOfInitialCPC": "2025-06-20"}],
               "cin_cp_plans": [CP_PLAN]},
              {"cin_details": [REFERRAL],
               "cin_cp_plans": [{**CP_PLAN, "CPPstartDate": "2025-03-01"}]}))

RULES("4003", "A CPP review date is shown as being held at the same time as an open CIN Plan.",
      "cin_cp_reviews.CPPreviewDate", "cin_plans.CINPlanStartDate", "cin_plans.CINPlanEndDate",
      sql="""WITH clashes AS (
               SELECT review._row AS review_row, plan._row AS plan_row
               FROM cin_cp_reviews AS review
               JOIN cin_cp_plans AS cp USING (cp_plan_id)
               JOIN cin_plans AS plan ON plan.referral_id = review.referral_id
               WHERE review.CPPreviewDate >= plan.CINPlanStartDate
                 AND review.CPPreviewDate < coalesce(plan.CINPlanEndDate, {end} + 1)
                 AND review.CPPreviewDate IS DISTINCT FROM cp.CPPendDate)
             SELECT 'cin_cp_reviews' AS _table, review_row AS _row FROM clashes
             UNION ALL SELECT 'cin_plans', plan_row FROM clashes""",
      note="Within a referral, as DfE says (the other tool compares the child's plans in all "
           "referrals); a CIN plan with no end date is open to the end of the census year.",
      trips=({"cin_cp_plans": [CP_PLAN], "cin_cp_reviews": [REVIEW],
              "cin_plans": [{**PLAN, "CINPlanStartDate": "2025-07-20"}]},),
      passes=({"cin_cp_plans": [CP_PLAN], "cin_cp_reviews": [REVIEW],
               "cin_plans": [{**PLAN, "CINPlanStartDate": "2025-07-21"}]},
              {"cin_cp_plans": [{**CP_PLAN, "CPPendDate": "2025-07-20"}],
               "cin_cp_reviews": [REVIEW],
               "cin_plans": [{**PLAN, "CINPlanStartDate": "2025-07-20"}]}))

RULES("8720", "Child Protection Plan Start Date missing or out of data collection period",
      "cin_cp_plans.CPPstartDate", format="blank or late",
      trips=({"cin_cp_plans": [{**CP_PLAN, "CPPstartDate": "2026-04-01"}]},
             {"cin_cp_plans": [{**CP_PLAN, "CPPstartDate": ""}]}),
      passes=({"cin_cp_plans": [{**CP_PLAN, "CPPstartDate": "2026-03-31"}]},))

RULES("8730", "Total Number of previous Child Protection Plans missing",
      "cin_cp_plans.NumberOfPreviousCPP", format="any",
      trips=({"cin_cp_plans": [{**CP_PLAN, "NumberOfPreviousCPP": ""}]},
             {"cin_cp_plans": [{**CP_PLAN, "NumberOfPreviousCPP": "-1"}]}),
      passes=({"cin_cp_plans": [{**CP_PLAN, "NumberOfPreviousCPP": "0"}]},))

RULES("8832", "Child Protection details provided for a referral with no further action.",
      "cin_cp_plans.CPPstartDate", "cin_details.ReferralNFA",
      sql=with_referral("cin_cp_plans", "cp", "referral.ReferralNFA = '1'"),
      trips=({"cin_details": [{**REFERRAL, "ReferralNFA": "1"}], "cin_cp_plans": [CP_PLAN]},),
      passes=({"cin_details": [REFERRAL], "cin_cp_plans": [CP_PLAN]},))

RULES("8840", "Child Protection Plan cannot start and end on the same day",
      "cin_cp_plans.CPPstartDate", "cin_cp_plans.CPPendDate", where="CPPstartDate = CPPendDate",
      trips=({"cin_cp_plans": [{**CP_PLAN, "CPPendDate": "2025-06-20"}]},),
      passes=({"cin_cp_plans": [{**CP_PLAN, "CPPendDate": "2025-06-21"}]},))

RULES("8841", "The review date cannot be on the same day or before the Child protection Plan "
              "start date.", "cin_cp_plans.CPPstartDate", "cin_cp_reviews.CPPreviewDate",
      sql="""WITH early AS (
               SELECT review._row AS review_row, cp._row AS plan_row
               FROM cin_cp_reviews AS review JOIN cin_cp_plans AS cp USING (cp_plan_id)
               WHERE review.CPPreviewDate <= cp.CPPstartDate)
             SELECT 'cin_cp_plans' AS _table, plan_row AS _row FROM early
             UNION ALL SELECT 'cin_cp_reviews', review_row FROM early""",
      trips=({"cin_cp_plans": [CP_PLAN],
              "cin_cp_reviews": [{**REVIEW, "CPPreviewDate": "2025-06-20"}]},),
      passes=({"cin_cp_plans": [CP_PLAN],
               "cin_cp_reviews": [{**REVIEW, "CPPreviewDate": "2025-06-21"}]},))

RULES("8842Q", "Please check and either amend or provide a reason: Review Record has a missing "
               "date", "cin_cp_reviews.CPPreviewDate", format="any", severity=QUERY,
      note="A review with no date, or one that is not a date, is not kept (the date is its "
           "key); the format checks report it with this code.",
      trips=({"cin_cp_reviews": [{**REVIEW, "CPPreviewDate": ""}]},),
      passes=({"cin_cp_reviews": [REVIEW]},))

RULES("8905", "Initial Category of Abuse code missing or invalid (see Category of Abuse table in "
              "CIN Census code set)", "cin_cp_plans.InitialCategoryOfAbuse", format="any",
      trips=({"cin_cp_plans": [{**CP_PLAN, "InitialCategoryOfAbuse": ""}]},
             {"cin_cp_plans": [{**CP_PLAN, "InitialCategoryOfAbuse": "ABC"}]}),
      passes=({"cin_cp_plans": [{**CP_PLAN, "InitialCategoryOfAbuse": "MUL"}]},))

RULES("8910", "Latest Category of Abuse code missing or invalid (see Category of Abuse table in "
              "CIN Census code set)", "cin_cp_plans.LatestCategoryOfAbuse", format="any",
      trips=({"cin_cp_plans": [{**CP_PLAN, "LatestCategoryOfAbuse": ""}]},
             {"cin_cp_plans": [{**CP_PLAN, "LatestCategoryOfAbuse": "ABC"}]}),
      passes=({"cin_cp_plans": [{**CP_PLAN, "LatestCategoryOfAbuse": "EMO"}]},))

RULES("8915", "Child Protection Plan shown as starting after the child’s Date of Death",
      "cin_cp_plans.CPPstartDate",
      where=after_death("cin_cp_plans", "CPPstartDate"),
      trips=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-06-19"}],
              "cin_cp_plans": [CP_PLAN]},),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-06-20"}],
               "cin_cp_plans": [CP_PLAN]},))

RULES("8920", "Child Protection Plan cannot end after the child’s Date of Death",
      "cin_cp_plans.CPPendDate",
      where=after_death("cin_cp_plans", "CPPendDate"),
      trips=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-08-31"}],
              "cin_cp_plans": [ENDED]},),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-09-01"}],
               "cin_cp_plans": [ENDED]},))

RULES("8925", "Child Protection Plan End Date earlier than Start Date", "cin_cp_plans.CPPendDate",
      format="order",
      trips=({"cin_cp_plans": [{**CP_PLAN, "CPPendDate": "2025-06-19"}]},),
      passes=({"cin_cp_plans": [ENDED]},))

RULES("8930", "Child Protection Plan End Date must fall within the census year",
      "cin_cp_plans.CPPendDate", format="late", where="CPPendDate < {start}",
      trips=({"cin_cp_plans": [{**CP_PLAN, "CPPstartDate": "2025-01-01",
                                "CPPendDate": "2025-03-31"}]},
             {"cin_cp_plans": [{**CP_PLAN, "CPPendDate": "2026-04-01"}]}),
      passes=({"cin_cp_plans": [{**CP_PLAN, "CPPstartDate": "2025-01-01",
                                 "CPPendDate": "2025-04-01"}]},))

RULES("8935", "This child is showing more than one open Child Protection plan, i.e. with no End "
              "Date", "cin_cp_plans.CPPendDate",
      sql="""SELECT _row FROM (
               SELECT _row, count(*) OVER (PARTITION BY LAchildID) AS open
               FROM cin_cp_plans WHERE CPPendDate IS NULL) WHERE open > 1""",
      note="Across the child's plans, as DfE says; the other tool counts open plans within "
           "each plan, so never finds one.",
      trips=({"cin_cp_plans": [CP_PLAN, {**CP_PLAN, "cp_plan_id": 2, "referral_id": 2,
                                         "CPPstartDate": "2025-10-01"}]},),
      passes=({"cin_cp_plans": [ENDED, {**CP_PLAN, "cp_plan_id": 2,
                                        "CPPstartDate": "2025-10-01"}]},))

RULES("8940", "Child Protection Plan data contains overlapping dates", "cin_cp_plans.CPPstartDate",
      "cin_cp_plans.CPPendDate",
      sql="""SELECT later._row FROM cin_cp_plans AS later JOIN cin_cp_plans AS earlier
               ON later.LAchildID = earlier.LAchildID AND later._row <> earlier._row
             WHERE later.CPPstartDate >= earlier.CPPstartDate
               AND later.CPPstartDate <= coalesce(earlier.CPPendDate, {end})""",
      note="The plan that starts on or within another of the child's plans (its end day "
           "included, as the other tool reads DfE's 'within') is flagged.",
      trips=({"cin_cp_plans": [ENDED, {**CP_PLAN, "cp_plan_id": 2,
                                       "CPPstartDate": "2025-09-01"}]},),
      passes=({"cin_cp_plans": [ENDED, {**CP_PLAN, "cp_plan_id": 2,
                                        "CPPstartDate": "2025-09-02"}]},))
