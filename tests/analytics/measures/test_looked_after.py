"""Known answers for the SSDA903 measures, each worked out by hand in its docstring."""

from tests.analytics.measures.conftest import ending


def test_a_child_is_looked_after_at_e_when_decom_is_on_or_before_e_and_dec_after_it(store):
    """E = 31 March 2025.

    A: DECOM 31/03/2025, open            -> open at E (DECOM <= E)
    B: DECOM 01/01/2025, DEC 31/03/2025  -> not open (it ended on E: DEC must be after E)
    C: DECOM 01/01/2025, DEC 01/04/2025  -> open at E
    D: DECOM 01/04/2025                  -> not yet
    E: DECOM 01/01/2025, open, LS V3     -> a short break: never counted
    F: two episodes open at E? No: DECOM 01/01/2025 DEC 01/02/2025 REC X1, then
       DECOM 01/02/2025 open            -> counted once
    children-in-care = A, C, F = 3.
    """
    store.episode(2025, "A", "2025-03-31")
    store.episode(2025, "B", "2025-01-01", "2025-03-31")
    store.episode(2026, "C", "2025-01-01", "2025-04-01")
    store.episode(2026, "D", "2025-04-01")
    store.episode(2025, "E", "2025-01-01", ls="V3")
    store.episode(2025, "F", "2025-01-01", "2025-02-01", rec="X1")
    store.episode(2025, "F", "2025-02-01", rne="L")
    row = store.total("children-in-care", 2025)
    assert (row["numerator"], row["denominator"], row["value"]) == (3, None, 3)
    assert row["time_period"] == 2025 and str(row["period_end"]) == "2025-03-31"


def test_starts_and_ceases_count_children_once_and_x1_is_not_a_cease(store):
    """Year to 31 March 2025 (1 April 2024 to 31 March 2025).

    A starts 01/04/2024 (in), ceases 01/06/2024 (in), starts again 01/09/2024 (in: the
      same child, counted once), still looked after.
    B starts 31/03/2024 (the day before the period: out); episode ends 10/05/2024 with
      REC X1 and a new episode (RNE P) follows: not a cease.
    C starts 31/03/2025 (E: in); D's only episode is V4 (short breaks: never counted).
    children-starting-care = A, C = 2; children-ceasing-care = A = 1.
    """
    store.episode(2025, "A", "2024-04-01", "2024-06-01")
    store.episode(2025, "A", "2024-09-01")
    store.episode(2025, "B", "2024-03-31", "2024-05-10", rec="X1")
    store.episode(2025, "B", "2024-05-10", rne="P")
    store.episode(2025, "C", "2025-03-31")
    store.episode(2025, "D", "2024-06-01", "2024-06-03", ls="V4")
    assert store.total("children-starting-care", 2025)["numerator"] == 2
    assert store.total("children-ceasing-care", 2025)["numerator"] == 1


def test_the_latest_return_wins_and_a_failed_field_leaves_the_row_out(store):
    """A's episode is open in the 2024 return; the 2025 return closes it on 01/02/2025.
    The 2025 row wins, so A is not looked after at 31 March 2025.
    B's 2025 episode failed its DEC check: left out, and counted in excluded_rows.
    C is looked after. children-in-care = 1 (C), excluded_rows = 1.
    """
    store.episode(2024, "A", "2023-06-01")
    store.episode(2025, "A", "2023-06-01", "2025-02-01")
    store.episode(2025, "B", "2024-06-01", "2024-05-01", failed=["DEC"])
    store.episode(2025, "C", "2024-06-01")
    row = store.total("children-in-care", 2025)
    assert (row["numerator"], row["excluded_rows"]) == (1, 1)


def test_episodes_that_overlap_across_returns_keep_the_later_starting_one(store):
    """The 2024 return has X's episode from 01/06/2023, open. The 2025 return corrects
    its start to 03/06/2023 and ends it 01/12/2024. Each is its return's latest row (the
    keys differ), but they overlap: the earlier-starting one is flagged (its DEC), as
    ingest flags overlaps within a return, so X is not looked after at 31 March 2025.
    Y's episodes follow one another (DEC = the next DECOM): no overlap, Y counts.
    children-in-care = 1.
    """
    store.episode(2024, "X", "2023-06-01")
    store.episode(2025, "X", "2023-06-03", "2024-12-01")
    store.episode(2025, "Y", "2023-06-01", "2024-06-01", rec="X1")
    store.episode(2025, "Y", "2024-06-01", rne="P")
    assert store.total("children-in-care", 2025)["numerator"] == 1


def test_placements_leave_out_temporary_and_under_24_hours_and_count_t_and_u(store):
    """Year to 31 March 2025; every child is looked after at E.

    A: S 01/01/2024 (overlaps: 1), T 01/05/2024 (same carer, new placement: 2),
       P 01/08/2024 in a T1 temporary placement (left out), P 02/08/2024 (3)   -> 3
    B: S 01/01/2024 (1), P 01/05/2024 ending the same day (under 24 hours: left out),
       L 02/05/2024 (legal status only: no new placement), U 01/09/2024 (2)    -> 2
    C: S 01/06/2023 ended 01/01/2024 (before the period: not overlapping),
       S 01/02/2024, P 01/07/2024, P 01/10/2024 -> 3
    D: two periods of care in the year: S 01/05/2024 to 01/07/2024, then back in care
       S 01/09/2024 (a new placement: 2), P 01/12/2024 (3)                     -> 3
    placement-moves = 3 of 4 (A, C and D).
    """
    store.episode(2025, "A", "2024-01-01", "2024-05-01", rec="X1")
    store.episode(2025, "A", "2024-05-01", "2024-08-01", rne="T", rec="X1")
    store.episode(2025, "A", "2024-08-01", "2024-08-02", rne="P", place="T1", rec="X1")
    store.episode(2025, "A", "2024-08-02", rne="P")
    store.episode(2025, "B", "2024-01-01", "2024-05-01", rec="X1")
    store.episode(2025, "B", "2024-05-01", "2024-05-01", rne="P", rec="X1")
    store.episode(2025, "B", "2024-05-02", "2024-09-01", rne="L", rec="X1")
    store.episode(2025, "B", "2024-09-01", rne="U")
    store.episode(2024, "C", "2023-06-01", "2024-01-01")
    store.episode(2025, "C", "2024-02-01", "2024-07-01", rec="X1")
    store.episode(2025, "C", "2024-07-01", "2024-10-01", rne="P", rec="X1")
    store.episode(2025, "C", "2024-10-01", rne="P")
    store.episode(2025, "D", "2024-05-01", "2024-07-01")
    store.episode(2025, "D", "2024-09-01", "2024-12-01", rec="X1")
    store.episode(2025, "D", "2024-12-01", rne="P")
    row = store.total("placement-moves", 2025)
    assert (row["numerator"], row["denominator"]) == (3, 4)
    assert row["value"] == 75.0


def test_long_term_stability_follows_the_current_period_and_carer(store):
    """E = 31 March 2025: E - 2 years 6 months = 30/09/2022, E - 2 years = 31/03/2023.
    Everyone is under 16 (born 2015) unless said.

    A: in care since 01/06/2021 (the 2022 return; the period runs on in later returns),
       T 01/03/2024 (same carer): carer since 01/06/2021 <= 31/03/2023     -> yes
    B: in care since 01/06/2021, P 01/04/2023 (new carer after 31/03/2023)  -> no
    C: foster carer since 01/01/2022 (P), placed for adoption with them (P, A3)
       01/01/2025: the carer start is the foster episode's, 01/01/2022       -> yes
    D: two periods of care: 2020-2021, then S 01/10/2022 (after 30/09/2022): not in
       the denominator
    E: since 01/06/2021 but born 01/03/2009, 16 on 01/03/2025: not under 16
    F: S 30/09/2022 exactly, no change: period start on E - 2y6m (in), carer too -> yes
    long-term-stability = 3 of 4 (A, C, F of A, B, C, F).
    """
    store.episode(2022, "A", "2021-06-01")
    store.episode(2024, "A", "2021-06-01", "2024-03-01", rec="X1")
    store.episode(2025, "A", "2024-03-01", rne="T")
    store.episode(2025, "B", "2021-06-01", "2023-04-01", rec="X1")
    store.episode(2025, "B", "2023-04-01", rne="P")
    store.episode(2025, "C", "2021-06-01", "2022-01-01", rec="X1")
    store.episode(2025, "C", "2022-01-01", "2025-01-01", rne="P", rec="X1")
    store.episode(2025, "C", "2025-01-01", rne="P", place="A3")
    store.episode(2025, "D", "2020-01-01", "2021-01-01")
    store.episode(2025, "D", "2022-10-01")
    store.episode(2025, "E", "2021-06-01")
    store.episode(2025, "F", "2022-09-30")
    for child in "ABCDF":
        store.header(2025, child, dob="2015-01-01")
    store.header(2025, "E", dob="2009-03-01")
    row = store.total("long-term-stability", 2025)
    assert (row["numerator"], row["denominator"]) == (3, 4)


def test_care_leavers_are_those_turning_19_to_21_in_the_period(store):
    """Year to 31 March 2025; OC3 rows are read from the return covering the birthday.

    A: born 01/05/2005, 19 on 01/05/2024 (2025 return): ACTIV F2, ACCOM B1    -> EET, suitable
    B: born 01/03/2004, 21 on 01/03/2025: ACTIV G4 (NEET), ACCOM C2          -> neither
    C: born 01/07/2004, 20 on 01/07/2024: IN_TOUCH DIED                       -> left out
    D: born 01/08/2003, 21 on 01/08/2024: IN_TOUCH RHOM                       -> left out
    E: born 01/04/2006, 19 on 01/04/2025: after E                             -> not yet
    F: born 01/06/2005, 19 on 01/06/2024: ACTIV 0, ACCOM 0 (no information)  -> in the
       denominator, in neither numerator
    G: born 01/05/2005 like A, but only in the 2024 return (its 18th birthday): not counted
    eet = 1 of 3 (A of A, B, F); suitable = 1 of 3.
    """
    store.oc3(2025, "A", "2005-05-01", activ="F2", accom="B1")
    store.oc3(2025, "B", "2004-03-01", activ="G4", accom="C2")
    store.oc3(2025, "C", "2004-07-01", in_touch="DIED", activ="0", accom="0")
    store.oc3(2025, "D", "2003-08-01", in_touch="RHOM", activ="0", accom="0")
    store.oc3(2026, "E", "2006-04-01")
    store.oc3(2025, "F", "2005-06-01", activ="0", accom="0")
    store.oc3(2024, "G", "2005-05-01")
    eet = store.total("care-leavers-eet", 2025)
    suitable = store.total("care-leavers-accommodation", 2025)
    assert (eet["numerator"], eet["denominator"]) == (1, 3)
    assert (suitable["numerator"], suitable["denominator"]) == (1, 3)


def test_the_rate_divides_by_the_mid_year_population_before_the_reporting_year(store):
    """Plymouth (879): 52,113 children aged 0-17 at mid-2024 (ONS). Two children looked
    after at 31 March 2025: 2 / 52,113 x 10,000 = 0.38378...
    """
    store.episode(2025, "A", "2024-06-01")
    store.episode(2025, "B", "2024-07-01")
    row = store.total("children-in-care-rate", 2025)
    assert (row["numerator"], row["denominator"]) == (2, 52_113)
    assert abs(row["value"] - 2 / 52_113 * 10_000) < 1e-12
    assert row["note"] == "population: ONS mid-2024 estimate"


def test_breakdowns_by_sex_ethnicity_and_age_band_at_e(store):
    """At 31 March 2025: A boy (1) White British born 01/04/2024 (under 1);
    B girl (2) Black African born 01/03/2021 (4: 1-4); C SEX M (from 2025) Asian born
    01/03/2009 (16: 16 and over); D has no header row: not known."""
    for child in "ABCD":
        store.episode(2025, child, "2025-01-01")
    store.header(2025, "A", dob="2024-04-01", sex="1", ethnic="WBRI")
    store.header(2025, "B", dob="2021-03-01", sex="2", ethnic="BAFR")
    store.header(2025, "C", dob="2009-03-01", sex="M", ethnic="AIND")
    sex = store.cells("children-in-care", 2025, "Sex")
    assert sex == {"Male": (2, None), "Female": (1, None), "Not known": (1, None)}
    ethnicity = store.cells("children-in-care", 2025, "Ethnicity")
    assert {k: v[0] for k, v in ethnicity.items() if v[0]} == {
        "White": 1, "Black": 1, "Asian": 1, "Not known": 1}
    age = store.cells("children-in-care", 2025, "Age band")
    assert {k: v[0] for k, v in age.items() if v[0]} == {
        "Under 1": 1, "1-4": 1, "16 and over": 1, "Not known": 1}
    assert list(age) == ["Under 1", "1-4", "5-9", "10-15", "16 and over", "Not known"]


def test_a_period_ending_on_29_february_starts_after_28_february(store):
    """E = 29 February 2024: E - 1 year is 28 February 2023, so the period is
    1 March 2023 to 29 February 2024. A starts 28/02/2023 (out), B 01/03/2023 (in),
    C 29/02/2024 (in). children-starting-care = 2; not a reporting year, so no time_period."""
    store.episode(2023, "A", "2023-02-28")
    store.episode(2024, "B", "2023-03-01")
    store.episode(2024, "C", "2024-02-29")
    row = store.total("children-starting-care", ending("2024-02-29"))
    assert row["numerator"] == 2 and row["time_period"] is None
