"""Known answers for the CIN census measures, each worked out by hand in its docstring."""

from tests.analytics.measures.conftest import ending


def test_referrals_in_the_period_and_re_referrals_within_a_year(store):
    """Year to 31 March 2025 (1 April 2024 to 31 March 2025).

    A: referred 01/04/2024 (in) and 15/06/2023 (the 2024 return): 15/06/2023 is within
       a year before 01/04/2024 (on or after 01/04/2023)              -> re-referral
    B: referred 31/03/2024 (out: before the period) and 31/03/2025 (E: in); 31/03/2024
       is on the day one year before 31/03/2025                       -> re-referral
    C: referred 30/03/2024 and 31/03/2025: a year and a day apart     -> not
    D: referred twice on 10/10/2024: both count as referrals, and neither is a
       re-referral of the other                                       -> 2 referrals, 0
    E: referred 01/04/2025 (after E)                                   -> out
    referrals = A, B, C, D, D = 5; re-referrals = A, B = 2 of 5.
    """
    store.referral(2024, "A", "2023-06-15")
    store.referral(2025, "A", "2024-04-01")
    store.referral(2024, "B", "2024-03-31")
    store.referral(2025, "B", "2025-03-31")
    store.referral(2024, "C", "2024-03-30")
    store.referral(2025, "C", "2025-03-31")
    store.referral(2025, "D", "2024-10-10")
    store.referral(2025, "D", "2024-10-10")
    store.referral(2026, "E", "2025-04-01")
    assert store.total("referrals", 2025)["numerator"] == 5
    row = store.total("re-referrals", 2025)
    assert (row["numerator"], row["denominator"]) == (2, 5)
    assert row["value"] == 40.0


def test_a_re_referral_reaching_back_from_29_february(store):
    """Referred 28/02/2023 and 29/02/2024: one year before 29/02/2024 is 28/02/2023
    (clamped), so the second is a re-referral. In the year to 31 March 2024 only
    29/02/2024 is a referral (28/02/2023 is in the year before): 1 of 1."""
    store.referral(2023, "A", "2023-02-28")
    store.referral(2024, "A", "2024-02-29")
    row = store.total("re-referrals", 2024)
    assert (row["numerator"], row["denominator"]) == (1, 1)


def test_assessments_within_45_working_days_skip_bank_holidays(store):
    """Started Friday 1 March 2024. Working days after it: March 4-28 (19; Good Friday
    29 March is a bank holiday), April 2-30 (21; Easter Monday 1 April is one): 40, then
    May 1-3: 43, Monday 6 May a bank holiday, 7 May: 44, Wednesday 8 May: 45.

    A: authorised Wed 08/05/2024 (45 working days)               -> within
    B: authorised Thu 09/05/2024 (46)                            -> not
    C: started and authorised 01/06/2024 (0 working days)        -> within
    D: started 01/01/2025, no authorisation yet                  -> not in the denominator
    E: authorisation before start: failed its check               -> excluded_rows 1
    assessments-45-days = 2 of 3.
    """
    store.assessment(2025, "A", "2024-03-01", "2024-05-08")
    store.assessment(2025, "B", "2024-03-01", "2024-05-09")
    store.assessment(2025, "C", "2024-06-01", "2024-06-01")
    store.assessment(2025, "D", "2025-01-01")
    store.assessment(2025, "E", "2024-07-01", "2024-06-01",
                     failed=["AssessmentAuthorisationDate"])
    row = store.total("assessments-45-days", 2025)
    assert (row["numerator"], row["denominator"], row["excluded_rows"]) == (2, 3, 1)


def test_plans_ending_after_two_years_including_exactly_two(store):
    """Year to 31 March 2025.

    A: 01/06/2022 to 01/06/2024: ends exactly on start + 2 years         -> 2 years
    B: 02/06/2022 to 01/06/2024: a day short                             -> not
    C: 29/02/2020 to 28/02/2022: start + 2 years is 28/02/2022 (clamped),
       but it ended before the period                                    -> out
    D: 28/02/2023 to 28/02/2025 (in)                                     -> 2 years
    cp-two-years-ended = 2 of 3 (A, D of A, B, D).
    """
    store.plan(2025, "A", "2022-06-01", "2024-06-01")
    store.plan(2025, "B", "2022-06-02", "2024-06-01")
    store.plan(2022, "C", "2020-02-29", "2022-02-28")
    store.plan(2025, "D", "2023-02-28", "2025-02-28")
    row = store.total("cp-two-years-ended", 2025)
    assert (row["numerator"], row["denominator"]) == (2, 3)


def test_plans_from_29_february_last_two_years_on_28_february(store):
    """29/02/2020 + 2 years = 28/02/2022 (clamped). A ended 28/02/2022 -> 2 years;
    in the year to 31 March 2022: 1 of 1."""
    store.plan(2022, "A", "2020-02-29", "2022-02-28")
    row = store.total("cp-two-years-ended", 2022)
    assert (row["numerator"], row["denominator"]) == (1, 1)


def test_plans_open_at_e_and_for_two_years(store):
    """E = 31 March 2025, E - 2 years = 31 March 2023.

    A: from 31/03/2023, open           -> open, 2 years (on E - 2 years)
    B: from 01/04/2023, open           -> open, not 2 years
    C: 01/01/2022 to 31/03/2025        -> ended on E: not open
    D: from 01/01/2025, ends 01/04/2025 -> open at E
    D also has a second plan open (01/02/2025): one child, counted once in children-on-cp-plan
    cp-two-years = 1 of 4 plans; children-on-cp-plan = A, B, D = 3 children.
    """
    store.plan(2025, "A", "2023-03-31")
    store.plan(2025, "B", "2023-04-01")
    store.plan(2025, "C", "2022-01-01", "2025-03-31")
    store.plan(2026, "D", "2025-01-01", "2025-04-01")
    store.plan(2025, "D", "2025-02-01")
    row = store.total("cp-two-years", 2025)
    assert (row["numerator"], row["denominator"]) == (1, 4)
    assert store.total("children-on-cp-plan", 2025)["numerator"] == 3


def test_subsequent_plans_by_the_count_or_an_earlier_plan_in_any_return(store):
    """Plans started in the year to 31 March 2025.

    A: NumberOfPreviousCPP 1                                     -> subsequent
    B: NumberOfPreviousCPP 0, but a plan from 2019 in the 2020 return -> subsequent
    C: NumberOfPreviousCPP 0, no earlier plan                    -> first
    D: NumberOfPreviousCPP failed its check                      -> excluded_rows 1
    cp-second-plan = 2 of 3.
    """
    store.plan(2025, "A", "2024-05-01", previous=1)
    store.plan(2020, "B", "2019-05-01", "2019-12-01")
    store.plan(2025, "B", "2024-05-01")
    store.plan(2025, "C", "2024-05-01")
    store.plan(2025, "D", "2024-05-01", previous=None, failed=["NumberOfPreviousCPP"])
    row = store.total("cp-second-plan", 2025)
    assert (row["numerator"], row["denominator"], row["excluded_rows"]) == (2, 3, 1)


def test_cin_breakdowns_use_the_latest_child_row_and_its_disabilities(store):
    """A referred 01/06/2024: the 2024 return says not disabled, the 2025 return says
    disabled (LD) and girl (Sex F): disabled, female. B referred 01/07/2024, born
    01/07/2024 (under 1 at referral), NONE: not disabled, male (GenderCurrent 1).
    """
    store.referral(2025, "A", "2024-06-01")
    store.referral(2025, "B", "2024-07-01")
    store.cin_child(2024, "A", sex="1", disabilities=("NONE",))
    store.cin_child(2025, "A", sex="F", disabilities=("LD",))
    store.cin_child(2024, "B", dob="2024-07-01", sex="1")
    disability = store.cells("referrals", 2025, "Disability")
    assert disability == {"Disabled": (1, None), "Not disabled": (1, None)}
    sex = store.cells("referrals", 2025, "Sex")
    assert (sex["Male"], sex["Female"]) == ((1, None), (1, None))
    assert store.cells("referrals", 2025, "Age band")["Under 1"] == (1, None)


def test_a_monthly_series_is_twelve_rolling_periods(store):
    """Month ends from 30/04/2024 to 31/03/2025. A plan open 15/04/2024 to 15/06/2024
    is open at 30 April and 31 May only; the series has a row for each month end."""
    store.plan(2025, "A", "2024-04-15", "2024-06-15")
    from smeaton.analytics.indicators import BY_SLUG
    from smeaton.analytics.measures import compute, month_ends

    periods = month_ends(ending("2024-04-30").end, ending("2025-03-31").end)
    rows = [row for row in compute(store.write(), periods,
                                   measures=[BY_SLUG["children-on-cp-plan"]])
            if row["breakdown"] == "Total"]
    assert [str(row["period_end"]) for row in rows][:3] == [
        "2024-04-30", "2024-05-31", "2024-06-30"]
    assert len(rows) == 12
    assert [row["numerator"] for row in rows] == [1, 1] + [0] * 10
