"""Rules on CINPlanDates: each CIN plan's dates, within its referral and beside the
child's other plans (CIN and child protection)."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.rules.cin import after_death
from smeaton.analytics.source import Source

RULES = Rules(Source.CIN)

CHILD = {"LAchildID": "C1", "Sex": "M", "Ethnicity": "WBRI", "PersonBirthDate": "2015-05-01"}
REFERRAL = {"LAchildID": "C1", "referral_id": 1, "CINreferralDate": "2025-06-01",
            "ReferralSource": "1A", "ReferralNFA": "0", "PrimaryNeedCode": "N1"}
PLAN = {"LAchildID": "C1", "referral_id": 1, "CINPlanStartDate": "2025-07-01"}
ENDED = {**PLAN, "CINPlanEndDate": "2025-09-01"}
CP_PLAN = {"LAchildID": "C1", "referral_id": 1, "cp_plan_id": 1, "CPPstartDate": "2025-09-01",
           "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "NEG",
           "NumberOfPreviousCPP": "0"}


def both(plans: str, cp_plans: str) -> str:
    """SQL flagging the CIN plans and child protection plans of pairs that break a rule:
    ``plans`` and ``cp_plans`` join the two, as ``plan`` and ``cp``, with their WHERE."""
    pairs = f"FROM cin_plans AS plan JOIN cin_cp_plans AS cp ON {plans} WHERE {cp_plans}"
    return (f"SELECT 'cin_plans' AS _table, plan._row {pairs} "
            f"UNION ALL SELECT 'cin_cp_plans', cp._row {pairs}")


RULES("4000", "CIN Plan details provided for a referral with no further action",
      "cin_plans.CINPlanStartDate", "cin_details.ReferralNFA",
      sql="""SELECT 'cin_plans' AS _table, plan._row
             FROM cin_plans AS plan JOIN cin_details AS referral USING (referral_id)
             WHERE referral.ReferralNFA = '1'
             UNION ALL
             SELECT 'cin_details', _row FROM cin_details
             WHERE ReferralNFA = '1' AND referral_id IN (SELECT referral_id FROM cin_plans)""",
      trips=({"cin_details": [{**REFERRAL, "ReferralNFA": "1"}], "cin_plans": [PLAN]},),
      passes=({"cin_details": [REFERRAL], "cin_plans": [PLAN]},))

RULES("4001", "A CIN Plan cannot run concurrently with a Child Protection Plan",
      "cin_plans.CINPlanEndDate", "cin_cp_plans.CPPendDate",
      sql=both("plan.referral_id = cp.referral_id",
               "plan.CINPlanEndDate IS NULL AND cp.CPPendDate IS NULL"),
      note="Within a referral: an open CIN plan beside an open child protection plan.",
      trips=({"cin_plans": [PLAN], "cin_cp_plans": [CP_PLAN]},),
      passes=({"cin_plans": [ENDED], "cin_cp_plans": [CP_PLAN]},))

RULES("4004", "This child is showing more than one open CIN Plan, i.e. with no End Date",
      "cin_plans.CINPlanEndDate",
      sql="""SELECT _row FROM (
               SELECT _row, count(*) OVER (PARTITION BY LAchildID) AS open
               FROM cin_plans WHERE CINPlanEndDate IS NULL) WHERE open > 1""",
      note="Across the child's referrals, as DfE's message says; the other tool counts open "
           "plans within a referral.",
      trips=({"cin_plans": [PLAN, {**PLAN, "referral_id": 2,
                                   "CINPlanStartDate": "2025-10-01"}]},),
      passes=({"cin_plans": [ENDED, {**PLAN, "CINPlanStartDate": "2025-10-01"}]},))

RULES("4008", "CIN Plan shown as starting after the child’s Date of Death.",
      "cin_plans.CINPlanStartDate",
      where=after_death("cin_plans", "CINPlanStartDate"),
      trips=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-06-30"}],
              "cin_plans": [PLAN]},),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-07-01"}],
               "cin_plans": [PLAN]},))

RULES("4009Q", "CIN Plan cannot end after the child’s Date of Death", "cin_plans.CINPlanEndDate",
      severity=QUERY,
      where=after_death("cin_plans", "CINPlanEndDate"),
      trips=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-08-31"}],
              "cin_plans": [ENDED]},),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-09-01"}],
               "cin_plans": [ENDED]},))

RULES("4010", "CIN Plan start date is missing or out of data collection period",
      "cin_plans.CINPlanStartDate", format="blank or late",
      trips=({"cin_plans": [{**PLAN, "CINPlanStartDate": "2026-04-01"}]},
             {"cin_plans": [{**PLAN, "CINPlanStartDate": ""}]}),
      passes=({"cin_plans": [{**PLAN, "CINPlanStartDate": "2026-03-31"}]},))

RULES("4011", "CIN Plan End Date earlier than Start Date", "cin_plans.CINPlanEndDate",
      format="order",
      trips=({"cin_plans": [{**PLAN, "CINPlanEndDate": "2025-06-30"}]},),
      passes=({"cin_plans": [{**PLAN, "CINPlanEndDate": "2025-07-01"}]},))

RULES("4012Q", "Please check and either amend or provide a reason: CIN Plan shown as starting "
               "and ending on the same day", "cin_plans.CINPlanStartDate",
      "cin_plans.CINPlanEndDate", severity=QUERY, where="CINPlanStartDate = CINPlanEndDate",
      trips=({"cin_plans": [{**PLAN, "CINPlanEndDate": "2025-07-01"}]},),
      passes=({"cin_plans": [{**PLAN, "CINPlanEndDate": "2025-07-02"}]},))

RULES("4013", "CIN Plan end date must fall within the census year", "cin_plans.CINPlanEndDate",
      format="late", where="CINPlanEndDate < {start}",
      trips=({"cin_plans": [{**PLAN, "CINPlanStartDate": "2025-01-01",
                             "CINPlanEndDate": "2025-03-31"}]},
             {"cin_plans": [{**PLAN, "CINPlanEndDate": "2026-04-01"}]}),
      passes=({"cin_plans": [{**PLAN, "CINPlanStartDate": "2025-01-01",
                              "CINPlanEndDate": "2025-04-01"}]},))

RULES("4014", "CIN Plan data contains overlapping dates", "cin_plans.CINPlanStartDate",
      "cin_plans.CINPlanEndDate",
      sql="""SELECT later._row FROM cin_plans AS later JOIN cin_plans AS earlier
               ON later.LAchildID = earlier.LAchildID AND later._row <> earlier._row
             WHERE later.CINPlanStartDate >= earlier.CINPlanStartDate
               AND later.CINPlanStartDate <= coalesce(earlier.CINPlanEndDate, {end})""",
      note="The plan that starts on or within another of the child's plans (its end day "
           "included, as the other tool reads DfE's 'within') is flagged.",
      trips=({"cin_plans": [ENDED, {**PLAN, "CINPlanStartDate": "2025-09-01"}]},),
      passes=({"cin_plans": [ENDED, {**PLAN, "CINPlanStartDate": "2025-09-02"}]},))

RULES("4015", "The CIN Plan start date cannot be before the referral date",
      "cin_plans.CINPlanStartDate", "cin_details.CINreferralDate",
      sql="""SELECT 'cin_plans' AS _table, plan._row
             FROM cin_plans AS plan JOIN cin_details AS referral USING (referral_id)
             WHERE plan.CINPlanStartDate < referral.CINreferralDate
             UNION ALL
             SELECT 'cin_details', referral._row
             FROM cin_plans AS plan JOIN cin_details AS referral USING (referral_id)
             WHERE plan.CINPlanStartDate < referral.CINreferralDate""",
      trips=({"cin_details": [REFERRAL],
              "cin_plans": [{**PLAN, "CINPlanStartDate": "2025-05-31"}]},),
      passes=({"cin_details": [REFERRAL],
               "cin_plans": [{**PLAN, "CINPlanStartDate": "2025-06-01"}]},))

RULES("4016", "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
      "cin_plans.CINPlanStartDate", "cin_cp_plans.CPPstartDate", "cin_cp_plans.CPPendDate",
      sql=both("plan.LAchildID = cp.LAchildID",
               "plan.CINPlanStartDate >= cp.CPPstartDate "
               "AND plan.CINPlanStartDate < coalesce(cp.CPPendDate, {end} + 1)"),
      note="A CIN plan may start the day a child protection plan ends.",
      trips=({"cin_plans": [{**PLAN, "CINPlanStartDate": "2025-10-01"}],
              "cin_cp_plans": [{**CP_PLAN, "CPPendDate": "2025-10-02"}]},),
      passes=({"cin_plans": [{**PLAN, "CINPlanStartDate": "2025-10-01"}],
               "cin_cp_plans": [{**CP_PLAN, "CPPendDate": "2025-10-01"}]},))

RULES("4017", "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
      "cin_plans.CINPlanStartDate", "cin_plans.CINPlanEndDate", "cin_cp_plans.CPPstartDate",
      sql=both("plan.LAchildID = cp.LAchildID",
               "cp.CPPstartDate >= plan.CINPlanStartDate "
               "AND cp.CPPstartDate < coalesce(plan.CINPlanEndDate, {end} + 1)"),
      note="A child protection plan may start the day a CIN plan ends.",
      trips=({"cin_plans": [{**PLAN, "CINPlanEndDate": "2025-09-02"}], "cin_cp_plans": [CP_PLAN]},),
      passes=({"cin_plans": [ENDED], "cin_cp_plans": [CP_PLAN]},))
