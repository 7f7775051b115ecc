"""Rules on the Reviews table: each looked-after child's reviews, and how the child took
part in them (PN0 for a child under four)."""

from smeaton.analytics.rules import Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

# The participation codes for a child aged four or over at the review.
OLDER = "PN1,PN2,PN3,PN4,PN5,PN6,PN7"


def review(child: str, day: str, code: str | None = "PN1", dob: str = "2015-06-10") -> dict:
    """A review as an example gives it."""
    return {"CHILD": child, "DOB": dob, "REVIEW": day, "REVIEW_CODE": code}


RULES("166", "Date of review is invalid or blank.", "reviews.REVIEW", format="any",
      trips=({"reviews": [review("1", "2025-09-31")]}, {"reviews": [review("1", "")]}),
      passes=({"reviews": [review("1", "2025-09-30")]},))

RULES("167", "Data entry for participation is invalid or blank.", "reviews.REVIEW_CODE",
      format="any",
      trips=({"reviews": [review("1", "2025-09-30", "PN8")]},
             {"reviews": [review("1", "2025-09-30", None)]}),
      passes=({"reviews": [review("1", "2025-09-30", "PN7")]},))

RULES("440", "Participation method indicates child was under 4 years old at the time of the "
             "review, but date of birth and review date indicates the child was 4 years old "
             "or over.", "reviews.DOB", "reviews.REVIEW", "reviews.REVIEW_CODE",
      where="REVIEW_CODE = 'PN0' AND age_on(DOB, REVIEW) >= 4",
      note="A review on the child's fourth birthday is of a child aged four; the other tool "
           "flags PN0 only after that day.",
      trips=({"reviews": [review("1", "2025-06-10", "PN0", dob="2021-06-10")]},),
      passes=({"reviews": [review("1", "2025-06-09", "PN0", dob="2021-06-10")]},))

RULES("441", "Participation method indicates child was 4 years old or over at the time of "
             "the review, but the date of birth and review date indicates the child was "
             "under 4 years old.", "reviews.DOB", "reviews.REVIEW", "reviews.REVIEW_CODE",
      where=f"is_code(REVIEW_CODE, '{OLDER}') AND age_on(DOB, REVIEW) < 4",
      trips=({"reviews": [review("1", "2025-06-09", "PN3", dob="2021-06-10")]},),
      passes=({"reviews": [review("1", "2025-06-10", "PN3", dob="2021-06-10")]},))

# Rule 542 reads the OC2 table (outcomes for children looked after for a year); it is
# declared here, beside the other rules on a child's age at a date.
RULES("542", "A child aged under 10 at 31 March should not have conviction information "
             "completed.", "oc2.CONVICTED",
      where="CONVICTED IS NOT NULL AND age_on(DOB, {end}) < 10",
      trips=({"oc2": [{"CHILD": "1", "DOB": "2016-04-01", "CONVICTED": "0"}]},),
      passes=({"oc2": [{"CHILD": "1", "DOB": "2016-03-31", "CONVICTED": "0"},
                       {"CHILD": "2", "DOB": "2016-04-01"}]},))
