"""Rules on the child's own details: ChildIdentifiers, ChildCharacteristics, Disabilities.

Rules DfE checks on the whole return rather than a child (a share of children with no
sex recorded, how many disability codes are used) flag the message header, which stands
for the return."""

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import Rules
from smeaton.analytics.rules.cin import CENSUS_YEAR_NOTE, REPEATED_CHILD_NOTE
from smeaton.analytics.source import Source

RULES = Rules(Source.CIN)

CHILD = {"LAchildID": "C1", "Sex": "M", "Ethnicity": "WBRI", "PersonBirthDate": "2015-05-01"}
REFERRAL = {"LAchildID": "C1", "referral_id": 1, "CINreferralDate": "2025-06-01",
            "ReferralSource": "1A", "ReferralNFA": "0", "PrimaryNeedCode": "N1"}
NFA = {**REFERRAL, "ReferralNFA": "1", "PrimaryNeedCode": ""}
# The check letter of a UPN: its remainder on division by 23 picks the letter; a
# temporary UPN's last letter counts as the number of that letter in this list.
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# Characters 2 to 4 of a UPN: the LA codes since April 1998, and DfE's pseudo LA codes.
UPN_LA_CODES = ("001-005,201-213,301-320,330-336,340-344,350-359,370-373,380-384,390-394,"
                "420,660-681,701-708,800-803,805-808,810-813,815-816,820-823,825-826,"
                "830-831,835-841,845-846,850-852,855-857,860-861,865-896,908-909,916,919,"
                "921,925-926,928-929,931,933,935-938,940-943")
# As one list of numbers: a list look-up per UPN, not fifty comparisons.
UPN_LA_LIST = ", ".join(
    str(code) for part in UPN_LA_CODES.split(",")
    for code in range(int(part.split("-")[0]), int(part.split("-")[-1]) + 1))

RULES("1510", "UPN invalid (wrong check letter at character 1)", "cin_children.UPN",
      where=f"""substr('{CHECK_LETTERS}', CAST(1 + list_sum(list_transform(range(2, 14), i -> i * (
                  CASE WHEN i = 13 AND substr(UPN, 13, 1) NOT BETWEEN '0' AND '9'
                       THEN instr('{CHECK_LETTERS}', substr(UPN, 13, 1)) - 1
                       ELSE TRY_CAST(substr(UPN, i, 1) AS INTEGER) END))) % 23 AS INTEGER), 1)
                <> substr(UPN, 1, 1)""",
      note="A temporary UPN (a letter at character 13) is checked too, that letter counting "
           "as its number in the check letter table, as DfE's UPN guide says; the other "
           "tool checks only UPNs whose last 12 characters are digits.",
      trips=({"cin_children": [{**CHILD, "UPN": "B207000016049"}]},
             {"cin_children": [{**CHILD, "UPN": "C20700001604B"}]}),
      passes=({"cin_children": [{**CHILD, "UPN": "P207000016049"}]},
              {"cin_children": [{**CHILD, "UPN": "B20700001604B"}]}))

RULES("1520", "More than one record with the same UPN.", "cin_children.UPN",
      sql="SELECT _row FROM (SELECT _row, UPN, count(*) OVER (PARTITION BY UPN) AS times "
          "FROM cin_children WHERE UPN IS NOT NULL) WHERE times > 1",
      note=REPEATED_CHILD_NOTE,
      trips=({"cin_children": [{**CHILD, "UPN": "P207000016049"},
                               {**CHILD, "LAchildID": "C2", "UPN": "P207000016049"}]},),
      passes=({"cin_children": [{**CHILD, "UPN": "P207000016049"},
                                {**CHILD, "LAchildID": "C2", "UPN": "B20700001604B"}]},))

RULES("1530", "UPN invalid (characters 2-4 not a recognised LA code)", "cin_children.UPN",
      first_year=2024,
      where=f"NOT list_contains([{UPN_LA_LIST}], TRY_CAST(substr(UPN, 2, 3) AS INTEGER))",
      note="DfE's list of LA and pseudo LA codes, with 942 and 943 as the other tool has "
           "them.",
      trips=({"cin_children": [{**CHILD, "UPN": "A999000016049"}]},),
      passes=({"cin_children": [{**CHILD, "UPN": "P207000016049"}]},
              {"cin_children": [{**CHILD, "UPN": "A001000016049"}]}))

RULES("1540", "UPN invalid (characters 5-12 not all numeric)", "cin_children.UPN",
      format="invalid",
      note="The format checks find any UPN that is not a letter, 11 digits, then a digit or "
           "letter (I, O and S not allowed): characters 5 to 12 not all digits, and any "
           "other malformed UPN (character 13 not valid, DfE's 1550, among them), carry "
           "this code.",
      trips=({"cin_children": [{**CHILD, "UPN": "Q2070000A6049"}]},),
      passes=({"cin_children": [{**CHILD, "UPN": "P207000016049"}]},))

RULES("1560Q", "Please check and either amend or provide a reason: Former UPN wrongly "
               "formatted", "cin_children.FormerUPN", format="invalid", severity=QUERY,
      note="A former UPN is checked as a UPN is (a letter, 11 digits, a digit or letter: a "
           "temporary UPN ends in a letter); the other tool wants 12 digits after the letter.",
      trips=({"cin_children": [{**CHILD, "FormerUPN": "Q2070"}]},),
      passes=({"cin_children": [{**CHILD, "FormerUPN": "B20700001604B"}]},))

RULES("1570", "LA Child ID must not be longer than 20 characters", "cin_children.LAchildID",
      first_year=2025, where="length(LAchildID) > 20",
      trips=({"cin_children": [{**CHILD, "LAchildID": "C" * 21}]},),
      passes=({"cin_children": [{**CHILD, "LAchildID": "C" * 20}]},))

RULES("1580", "LA Child ID must not contain any non-alphanumeric characters",
      "cin_children.LAchildID", first_year=2025,
      where="NOT regexp_full_match(LAchildID, '[A-Za-z0-9]+')",
      note="Letters and digits are those of ASCII; the other tool also lets through letters "
           "such as é.",
      trips=({"cin_children": [{**CHILD, "LAchildID": "C-1"}]},),
      passes=({"cin_children": [{**CHILD, "LAchildID": "C1x"}]},))

RULES("2886Q", "Please check and either amend or provide a reason: Percentage of children "
               "with no sex recorded is more than 2% (excluding unborns)",
      "cin_header.LEA", severity=QUERY, first_year=2025,
      sql="""SELECT _row FROM cin_header WHERE (
               SELECT count(*) FILTER (WHERE (Sex IS NULL OR Sex = 'U')
                                       AND ExpectedPersonBirthDate IS NULL)
                      > 0.02 * count(*) FROM cin_children)""",
      trips=({"cin_children": [{**CHILD, "Sex": "U"}, {**CHILD, "LAchildID": "C2"}]},),
      passes=({"cin_children": [{**CHILD, "Sex": "U", "PersonBirthDate": "",
                                 "ExpectedPersonBirthDate": "2026-05-01"},
                                {**CHILD, "LAchildID": "C2"}]},))

RULES("2887Q", "Please check and either amend or provide a reason: Less than 8 disability "
               "codes have been used in your return", "cin_header.LEA", severity=QUERY,
      sql="""SELECT _row FROM cin_header WHERE (
               SELECT count(DISTINCT Disability) FROM cin_disabilities
               WHERE Disability <> 'NONE') <= 7""",
      note="Counts the different codes other than NONE, as DfE says; the other tool counts "
           "the children recorded NONE.",
      trips=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "MOB"}]},),
      passes=({"cin_disabilities": [
          {"LAchildID": "C1", "Disability": code}
          for code in ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS")]},))

RULES("2888Q", "Please check and either amend or provide a reason: Only one disability code "
               "is recorded per child and multiple disabilities should be recorded where "
               "possible.", "cin_header.LEA", severity=QUERY,
      sql="""SELECT _row FROM cin_header WHERE EXISTS (
               SELECT 1 FROM cin_disabilities WHERE Disability <> 'NONE')
             AND NOT EXISTS (
               SELECT 1 FROM cin_disabilities WHERE Disability <> 'NONE'
               GROUP BY LAchildID HAVING count(*) > 1)""",
      trips=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "MOB"},
                                   {"LAchildID": "C2", "Disability": "HAND"}]},),
      passes=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "MOB"},
                                    {"LAchildID": "C1", "Disability": "HAND"}]},))

RULES("4180", "Sex must be provided and equal M, F, or U", "cin_children.Sex", format="any",
      first_year=2025,
      trips=({"cin_children": [{**CHILD, "Sex": "X"}]}, {"cin_children": [{**CHILD, "Sex": ""}]}),
      passes=({"cin_children": [{**CHILD, "Sex": "U"}]},))

RULES("4220", "Ethnicity is missing or invalid (see Ethnicity table)", "cin_children.Ethnicity",
      format="any",
      trips=({"cin_children": [{**CHILD, "Ethnicity": "WHITE"}]},
             {"cin_children": [{**CHILD, "Ethnicity": ""}]}),
      passes=({"cin_children": [{**CHILD, "Ethnicity": "NOBT"}]},))

RULES("8500", "LA Child ID missing", "cin_children.LAchildID", format="blank",
      trips=({"cin_children": [{**CHILD, "LAchildID": ""}]},),
      passes=({"cin_children": [CHILD]},))

RULES("8510", "More than one child record with the same LA Child ID", "cin_children.LAchildID",
      format="duplicate",
      note=REPEATED_CHILD_NOTE,
      trips=({"cin_children": [CHILD, CHILD]},),
      passes=({"cin_children": [CHILD, {**CHILD, "LAchildID": "C2"}]},))

RULES("8520", "Date of Birth is after data collection period (must be on or before the end of "
              "the census period)", "cin_children.PersonBirthDate", format="late",
      trips=({"cin_children": [{**CHILD, "PersonBirthDate": "2026-04-01"}]},),
      passes=({"cin_children": [{**CHILD, "PersonBirthDate": "2026-03-31"}]},))

RULES("8525Q", "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
      "cin_children.PersonBirthDate", "cin_children.ExpectedPersonBirthDate", severity=QUERY,
      where="(PersonBirthDate IS NULL) = (ExpectedPersonBirthDate IS NULL)",
      trips=({"cin_children": [{**CHILD, "ExpectedPersonBirthDate": "2026-05-01"}]},
             {"cin_children": [{**CHILD, "PersonBirthDate": ""}]}),
      passes=({"cin_children": [CHILD]},
              {"cin_children": [{**CHILD, "PersonBirthDate": "",
                                 "ExpectedPersonBirthDate": "2026-05-01"}]}))

RULES("8530Q", "Please check and either amend data or provide a reason: Expected Date of Birth "
               "is outside the expected range for this census (March to December of the "
               "Census Year end)", "cin_children.ExpectedPersonBirthDate", severity=QUERY,
      where="ExpectedPersonBirthDate < {end} - INTERVAL 30 DAY "
            "OR ExpectedPersonBirthDate > {end} + INTERVAL 9 MONTH",
      note="The two ends of the range (30 days before, 9 months after the reference date) "
           "are allowed, as DfE's 'between' says; the other tool queries them.",
      trips=({"cin_children": [{**CHILD, "PersonBirthDate": "",
                                "ExpectedPersonBirthDate": "2027-01-01"}]},
             {"cin_children": [{**CHILD, "PersonBirthDate": "",
                                "ExpectedPersonBirthDate": "2026-02-28"}]}),
      passes=({"cin_children": [{**CHILD, "PersonBirthDate": "",
                                 "ExpectedPersonBirthDate": "2026-12-31"}]},
              {"cin_children": [{**CHILD, "PersonBirthDate": "",
                                 "ExpectedPersonBirthDate": "2026-03-01"}]}))

RULES("8535Q", "Please check and either amend data or provide a reason: Child’s date of death "
               "should not be prior to the date of birth", "cin_children.PersonDeathDate",
      "cin_children.PersonBirthDate", severity=QUERY,
      where="PersonDeathDate < PersonBirthDate",
      trips=({"cin_children": [{**CHILD, "PersonDeathDate": "2015-04-30"}]},),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2015-05-01"}]},))

DISABILITY = "Child’s disability is missing or invalid (see Disability table)"

RULES("8540", DISABILITY, "cin_disabilities.Disability", format="invalid",
      note="A disability code that is not valid; one missing is the rule below.",
      trips=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "BLIND"}]},),
      passes=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "NONE"}]},))

RULES("8540", DISABILITY, "cin_children.PersonBirthDate",
      sql="""SELECT _row FROM cin_children AS child
             WHERE PersonBirthDate IS NOT NULL
               AND EXISTS (SELECT 1 FROM cin_details AS referral
                           WHERE referral.LAchildID = child.LAchildID
                             AND referral.ReferralNFA = '0')
               AND NOT EXISTS (SELECT 1 FROM cin_disabilities AS disability
                               WHERE disability.LAchildID = child.LAchildID)""",
      note="A child born, with a referral that went on to further action, and no disability "
           "recorded (not even NONE; a code not valid is not kept).",
      trips=({"cin_children": [CHILD], "cin_details": [REFERRAL]},
             {"cin_children": [CHILD], "cin_details": [REFERRAL],
              "cin_disabilities": [{"LAchildID": "C1", "Disability": "BLIND"}]}),
      passes=({"cin_children": [CHILD], "cin_details": [NFA]},
              {"cin_children": [CHILD], "cin_details": [REFERRAL],
               "cin_disabilities": [{"LAchildID": "C1", "Disability": "NONE"}]}))

RULES("8545Q", "Please check and either amend data or provide a reason: Child's date of death "
               "should be within the census year", "cin_children.PersonDeathDate",
      severity=QUERY, format="late", where="PersonDeathDate < {start}",
      note=CENSUS_YEAR_NOTE,
      trips=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-03-31"}]},
             {"cin_children": [{**CHILD, "PersonDeathDate": "2026-04-01"}]}),
      passes=({"cin_children": [{**CHILD, "PersonDeathDate": "2025-04-01"}]},))

RULES("8590", "Child does not have a recorded CIN episode.", "cin_children.LAchildID",
      where="LAchildID NOT IN (SELECT LAchildID FROM cin_details_given "
            "WHERE LAchildID IS NOT NULL)",
      trips=({"cin_children": [CHILD], "cin_details": [{**REFERRAL, "LAchildID": "C2"}]},),
      passes=({"cin_children": [CHILD], "cin_details": [REFERRAL]},
              # A referral the format checks refused (dated after the year) is still one.
              {"cin_children": [CHILD],
               "cin_details": [{**REFERRAL, "CINreferralDate": "2026-05-01"}]}))

RULES("8750", "Sex must equal U for an unborn child", "cin_children.Sex",
      "cin_children.PersonBirthDate", "cin_children.ExpectedPersonBirthDate", first_year=2025,
      where="PersonBirthDate IS NULL AND ExpectedPersonBirthDate IS NOT NULL "
            "AND Sex IS DISTINCT FROM 'U'",
      trips=({"cin_children": [{**CHILD, "PersonBirthDate": "",
                                "ExpectedPersonBirthDate": "2026-05-01"}]},),
      passes=({"cin_children": [{**CHILD, "Sex": "U", "PersonBirthDate": "",
                                 "ExpectedPersonBirthDate": "2026-05-01"}]},))

RULES("8770Q", "Please check and either amend data or provide a reason: UPN is missing or "
               "reason UPN is missing or is UN1 for a child who is of school age.",
      "cin_children.UPN", "cin_children.UPNunknown", severity=QUERY, first_year=2025,
      where="""UPN IS NULL AND (UPNunknown IS NULL OR UPNunknown = 'UN1')
               AND PersonBirthDate < make_date({year} - 6, 9, 1)
               AND LAchildID IN (SELECT LAchildID FROM cin_details WHERE ReferralNFA = '0')""",
      note="Of school age: born before 1 September six years before the census year ends, "
           "so in year 1 or above (the other tool's reading).",
      trips=({"cin_children": [{**CHILD, "UPNunknown": "UN1"}], "cin_details": [REFERRAL]},),
      passes=({"cin_children": [{**CHILD, "UPNunknown": "UN2"}], "cin_details": [REFERRAL]},
              {"cin_children": [{**CHILD, "PersonBirthDate": "2020-09-01"}],
               "cin_details": [REFERRAL]}))

RULES("8772", "UPN unknown reason is UN7 (Referral with no further action) but at least one "
              "CIN details is a referral going on to further action",
      "cin_children.UPNunknown", "cin_details.ReferralNFA",
      sql="""SELECT 'cin_children' AS _table, child._row FROM cin_children AS child
             WHERE UPNunknown = 'UN7' AND LAchildID IN (
               SELECT LAchildID FROM cin_details WHERE ReferralNFA = '0')
             UNION ALL
             SELECT 'cin_details', referral._row FROM cin_details AS referral
             WHERE ReferralNFA = '0' AND LAchildID IN (
               SELECT LAchildID FROM cin_children WHERE UPNunknown = 'UN7')""",
      trips=({"cin_children": [{**CHILD, "UPNunknown": "UN7"}],
              "cin_details": [NFA, {**REFERRAL, "referral_id": 2}]},),
      passes=({"cin_children": [{**CHILD, "UPNunknown": "UN7"}], "cin_details": [NFA]},))

RULES("8775Q", "Please check and either amend data or provide a reason: Child is over 25 years "
               "old", "cin_children.PersonBirthDate", "cin_details.CINclosureDate",
      severity=QUERY,
      sql="""SELECT 'cin_children' AS _table, child._row FROM cin_children AS child
             WHERE PersonBirthDate < {end} - INTERVAL 25 YEAR AND EXISTS (
               SELECT 1 FROM cin_details AS referral
               WHERE referral.LAchildID = child.LAchildID
                 AND (CINclosureDate IS NULL
                      OR CINclosureDate > child.PersonBirthDate + INTERVAL 25 YEAR))""",
      trips=({"cin_children": [{**CHILD, "PersonBirthDate": "2000-01-01"}],
              "cin_details": [REFERRAL]},),
      passes=({"cin_children": [{**CHILD, "PersonBirthDate": "2000-01-01"}],
               "cin_details": [{**REFERRAL, "CINclosureDate": "2025-01-01",
                                "CINreferralDate": "2024-06-01", "ReasonForClosure": "RC1"}]},
              {"cin_children": [{**CHILD, "PersonBirthDate": "2001-04-01"}],
               "cin_details": [REFERRAL]}))

RULES("8790", "Disability information includes both None and other values",
      "cin_disabilities.Disability",
      where="""LAchildID IN (SELECT LAchildID FROM cin_disabilities GROUP BY LAchildID
                             HAVING bool_or(Disability = 'NONE')
                                AND bool_or(Disability <> 'NONE'))""",
      note="Each of the child's disabilities is flagged, NONE too, since either may be "
           "the mistake; the other tool flags the codes other than NONE.",
      trips=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "NONE"},
                                   {"LAchildID": "C1", "Disability": "MOB"}]},),
      passes=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "NONE"},
                                    {"LAchildID": "C2", "Disability": "MOB"}]},))

RULES("8794", "Child has two or more disabilities with the same code",
      "cin_disabilities.Disability", format="duplicate",
      note=REPEATED_CHILD_NOTE,
      trips=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "MOB"},
                                   {"LAchildID": "C1", "Disability": "MOB"}]},),
      passes=({"cin_disabilities": [{"LAchildID": "C1", "Disability": "MOB"},
                                    {"LAchildID": "C1", "Disability": "HAND"}]},))
