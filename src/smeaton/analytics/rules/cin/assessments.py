"""Rules on Assessments and the factors identified at assessment. Assessments join their
referral on ``referral_id``, and their factors on ``assessment_id``."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.rules.cin import REFUSED_ROW_NOTE
from smeaton.analytics.source import Source

RULES = Rules(Source.CIN)

REFERRAL = {"LAchildID": "C1", "referral_id": 1, "CINreferralDate": "2025-06-01",
            "ReferralSource": "1A", "ReferralNFA": "0", "PrimaryNeedCode": "N1"}
ASSESSMENT = {"LAchildID": "C1", "referral_id": 1, "assessment_id": 1,
              "AssessmentActualStartDate": "2025-06-02",
              "AssessmentAuthorisationDate": "2025-07-01"}
OPEN = {**ASSESSMENT, "AssessmentAuthorisationDate": ""}
SECOND = {**ASSESSMENT, "assessment_id": 2}


def factors(*codes: str, assessment: int = 1) -> list[dict]:
    return [{"LAchildID": "C1", "referral_id": 1, "assessment_id": assessment,
             "AssessmentFactors": code} for code in codes]


RULES("1103", "The assessment start date cannot be before the referral date",
      "cin_assessments.AssessmentActualStartDate", "cin_details.CINreferralDate",
      sql="""SELECT 'cin_assessments' AS _table, assessment._row
             FROM cin_assessments AS assessment JOIN cin_details AS referral USING (referral_id)
             WHERE AssessmentActualStartDate < CINreferralDate
             UNION ALL
             SELECT 'cin_details', referral._row
             FROM cin_assessments AS assessment JOIN cin_details AS referral USING (referral_id)
             WHERE AssessmentActualStartDate < CINreferralDate""",
      note=REFUSED_ROW_NOTE,
      trips=({"cin_details": [REFERRAL],
              "cin_assessments": [{**ASSESSMENT, "AssessmentActualStartDate": "2025-05-31"}]},),
      passes=({"cin_details": [REFERRAL],
               "cin_assessments": [{**ASSESSMENT, "AssessmentActualStartDate": "2025-06-01"}]},))

RULES("8608", "Assessment Start Date cannot be later than its End Date",
      "cin_assessments.AssessmentAuthorisationDate", format="order",
      note=REFUSED_ROW_NOTE,
      trips=({"cin_assessments": [{**ASSESSMENT, "AssessmentAuthorisationDate": "2025-06-01"}]},),
      passes=({"cin_assessments": [{**ASSESSMENT, "AssessmentAuthorisationDate": "2025-06-02"}]},))

RULES("8614", "Parental or child factors at assessment should only be present for a completed "
              "assessment.", "cin_assessments.AssessmentAuthorisationDate",
      "cin_assessment_factors.AssessmentFactors",
      sql="""SELECT 'cin_assessments' AS _table, _row FROM cin_assessments
             WHERE AssessmentAuthorisationDate IS NULL
               AND assessment_id IN (SELECT assessment_id FROM cin_assessment_factors)
             UNION ALL
             SELECT 'cin_assessment_factors', _row FROM cin_assessment_factors
             WHERE assessment_id IN (SELECT assessment_id FROM cin_assessments
                                     WHERE AssessmentAuthorisationDate IS NULL)""",
      trips=({"cin_assessments": [OPEN], "cin_assessment_factors": factors("1A")},),
      passes=({"cin_assessments": [ASSESSMENT], "cin_assessment_factors": factors("1A")},
              {"cin_assessments": [OPEN]}))

RULES("8670Q", "Please check and either amend data or provide a reason: Assessment started "
               "more than 45 working days before the end of the census year. However, there is "
               "no Assessment end date.",
      "cin_assessments.AssessmentActualStartDate", severity=QUERY,
      where="AssessmentAuthorisationDate IS NULL "
            "AND AssessmentActualStartDate < working_days_before({end}, 45)",
      note="45 working days before 31 March (England's bank holidays not counted) may still be "
           "open; the other tool counts one working day fewer.",
      trips=({"cin_assessments": [{**OPEN, "AssessmentActualStartDate": "2026-01-26"}]},),
      passes=({"cin_assessments": [{**OPEN, "AssessmentActualStartDate": "2026-01-27"}]},
              {"cin_assessments": [{**ASSESSMENT, "AssessmentActualStartDate": "2026-01-02",
                                    "AssessmentAuthorisationDate": "2026-03-30"}]}))

RULES("8696", "Assessment end date must fall within the census year",
      "cin_assessments.AssessmentAuthorisationDate", format="late",
      where="AssessmentAuthorisationDate < {start}",
      note=REFUSED_ROW_NOTE,
      trips=({"cin_assessments": [{**ASSESSMENT, "AssessmentActualStartDate": "2025-03-01",
                                   "AssessmentAuthorisationDate": "2025-03-31"}]},
             {"cin_assessments": [{**ASSESSMENT, "AssessmentAuthorisationDate": "2026-04-01"}]}),
      passes=({"cin_assessments": [{**ASSESSMENT, "AssessmentActualStartDate": "2025-03-01",
                                    "AssessmentAuthorisationDate": "2025-04-01"}]},))

RULES("8736", "For an Assessment that has not been completed, the start date must fall within "
              "the census year", "cin_assessments.AssessmentActualStartDate", format="late",
      where="AssessmentAuthorisationDate IS NULL AND AssessmentActualStartDate < {start}",
      note="A start after the census year is found by the format checks, completed or not.",
      trips=({"cin_assessments": [{**OPEN, "AssessmentActualStartDate": "2025-03-31"}]},
             {"cin_assessments": [{**OPEN, "AssessmentActualStartDate": "2026-04-01"}]}),
      passes=({"cin_assessments": [{**OPEN, "AssessmentActualStartDate": "2025-04-01"}]},
              {"cin_assessments": [{**ASSESSMENT, "AssessmentActualStartDate": "2025-03-31"}]}))

RULES("8863Q", "An Assessment is shown as starting when there is another Assessment ongoing.",
      "cin_assessments.AssessmentActualStartDate",
      "cin_assessments.AssessmentAuthorisationDate", severity=QUERY,
      sql="""SELECT later._row FROM cin_assessments AS later
             JOIN cin_assessments AS earlier
               ON later.referral_id = earlier.referral_id
              AND later.assessment_id <> earlier.assessment_id
             WHERE later.AssessmentActualStartDate >= earlier.AssessmentActualStartDate
               AND later.AssessmentActualStartDate
                   <= coalesce(earlier.AssessmentAuthorisationDate, {end})
               AND NOT (later.AssessmentActualStartDate = earlier.AssessmentActualStartDate
                        AND later.AssessmentAuthorisationDate
                            IS NOT DISTINCT FROM earlier.AssessmentAuthorisationDate)""",
      note="Within a referral. The same assessment given twice (the same start and end) is "
           "left to other checks, as the other tool does.",
      trips=({"cin_assessments": [ASSESSMENT, {**SECOND,
                                               "AssessmentActualStartDate": "2025-07-01",
                                               "AssessmentAuthorisationDate": "2025-08-01"}]},),
      passes=({"cin_assessments": [ASSESSMENT, {**SECOND,
                                                "AssessmentActualStartDate": "2025-07-02",
                                                "AssessmentAuthorisationDate": "2025-08-01"}]},))

RULES("8869", "The assessment factors code “21” cannot be used in conjunction with any other "
              "assessment factors.", "cin_assessment_factors.AssessmentFactors",
      where="""assessment_id IN (SELECT assessment_id FROM cin_assessment_factors
                                 GROUP BY assessment_id
                                 HAVING bool_or(AssessmentFactors = '21')
                                    AND bool_or(AssessmentFactors <> '21'))""",
      trips=({"cin_assessment_factors": factors("21", "1A")},),
      passes=({"cin_assessment_factors": factors("21") + factors("1A", assessment=2)},))

RULES("8873Q", "Please check and either amend data or provide a reason: When there is only one "
               "assessment on the episode and the factors code “21 No factors identified” has "
               "been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' "
               "should be used.", "cin_assessment_factors.AssessmentFactors",
      "cin_details.ReasonForClosure", severity=QUERY,
      sql="""WITH lone AS (
               SELECT referral_id FROM cin_details
               WHERE ReasonForClosure IS DISTINCT FROM 'RC8'
                 AND ReasonForClosure IS DISTINCT FROM 'RC9'
                 AND referral_id IN (SELECT referral_id FROM cin_assessments
                                     GROUP BY referral_id HAVING count(*) = 1))
             SELECT 'cin_assessment_factors' AS _table, _row FROM cin_assessment_factors
             WHERE AssessmentFactors = '21' AND referral_id IN (SELECT referral_id FROM lone)
             UNION ALL
             SELECT 'cin_details', _row FROM cin_details
             WHERE referral_id IN (SELECT referral_id FROM lone) AND referral_id IN (
               SELECT referral_id FROM cin_assessment_factors WHERE AssessmentFactors = '21')""",
      note="RC8 or RC9, as DfE's rule says; an open episode (no reason yet) is queried too, as "
           "the other tool does.",
      trips=({"cin_details": [REFERRAL], "cin_assessments": [ASSESSMENT],
              "cin_assessment_factors": factors("21")},),
      passes=({"cin_details": [{**REFERRAL, "CINclosureDate": "2025-07-01",
                                "ReasonForClosure": "RC9"}],
               "cin_assessments": [ASSESSMENT], "cin_assessment_factors": factors("21")},
              {"cin_details": [REFERRAL], "cin_assessments": [ASSESSMENT, SECOND],
               "cin_assessment_factors": factors("21")}))

RULES("8896", "Within one CINDetails group there are 2 or more open Assessments groups",
      "cin_assessments.AssessmentAuthorisationDate",
      sql="""SELECT _row FROM (
               SELECT _row, count(*) OVER (PARTITION BY referral_id) AS open
               FROM cin_assessments WHERE AssessmentAuthorisationDate IS NULL) WHERE open > 1""",
      trips=({"cin_assessments": [OPEN, {**OPEN, "assessment_id": 2,
                                         "AssessmentActualStartDate": "2025-07-01"}]},),
      passes=({"cin_assessments": [OPEN, {**SECOND, "AssessmentActualStartDate": "2025-07-01"}]},))

RULES("8897Q", "Parental or child factors at assessment information is missing from a completed "
               "assessment", "cin_assessments.AssessmentAuthorisationDate", severity=QUERY,
      where="""AssessmentAuthorisationDate >= {start}
               AND assessment_id NOT IN (SELECT assessment_id FROM cin_assessment_factors)""",
      note="A factor whose code is not valid is not kept (the format checks report it), so "
           "an assessment with only such factors is queried too, as DfE says.",
      trips=({"cin_assessments": [ASSESSMENT]},
             {"cin_assessments": [ASSESSMENT], "cin_assessment_factors": factors("99Z")}),
      passes=({"cin_assessments": [ASSESSMENT], "cin_assessment_factors": factors("21")},
              {"cin_assessments": [{**ASSESSMENT, "AssessmentActualStartDate": "2025-03-01",
                                    "AssessmentAuthorisationDate": "2025-03-31"}]}))

RULES("8898", "The assessment has more than one parental or child factors with the same code",
      "cin_assessment_factors.AssessmentFactors",
      sql="""SELECT _row FROM (
               SELECT _row, row_number() OVER (PARTITION BY assessment_id, AssessmentFactors
                                               ORDER BY _row) AS nth
               FROM cin_assessment_factors) WHERE nth > 1""",
      note="The repeats after the first are flagged.",
      trips=({"cin_assessment_factors": factors("1A", "1A")},),
      passes=({"cin_assessment_factors": factors("1A", "1B") + factors("1A", assessment=2)},))

RULES("8945Q", "Please check and either amend data or provide a reason: the assessment factors "
               "code '18A' should not be used ('18B' or '18C' should be used instead)",
      "cin_assessment_factors.AssessmentFactors", severity=QUERY, first_year=2025,
      where="AssessmentFactors = '18A'",
      trips=({"cin_assessment_factors": factors("18A")},),
      passes=({"cin_assessment_factors": factors("18B")},))

RULES("8950Q", "Please check and either amend data or provide a reason: the assessment factors "
               "code '19A' should not be used ('19B' or '19C' should be used instead)",
      "cin_assessment_factors.AssessmentFactors", severity=QUERY, first_year=2025,
      where="AssessmentFactors = '19A'",
      trips=({"cin_assessment_factors": factors("19A")},),
      passes=({"cin_assessment_factors": factors("19C")},))
