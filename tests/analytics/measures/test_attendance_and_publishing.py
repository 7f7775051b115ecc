"""Known answers for the attendance measures, for suppression, and for periods."""

from datetime import date

import pytest

from smeaton.analytics.measures import suppress
from smeaton.analytics.measures.periods import Period, minus


def test_absence_is_per_enrolment_over_its_terms(store):
    """E = 31 March 2025 uses 2023/24 (stored as 2024). Ages on 31/08/2023.

    P1 at school 1: AUT 100 possible, 5 absent; SPR 100, 6 absent  -> 11 of 200 (5.5%)
    P1 at school 2: SUM 100 possible, 10 absent (5 unauthorised)   -> 10 of 100 (10%:
       persistent, as 10% counts)
    P2: 100 possible, 60 absent                                    -> 60% (persistent, severe)
    P3: born 01/09/2018, 4 on 31/08/2023: too young               -> out
    P4: born 01/09/2007, 15 on 31/08/2023 (16 in the year): in     -> 0 of 100
    P5: 0 sessions possible                                        -> out
    P6: the 2024/25 year (stored as 2025)                          -> not this period
    P7: more absence than possible: failed its check              -> excluded_rows 1
    overall = (11 + 10 + 60 + 0) / (200 + 100 + 100 + 100) = 81 / 500 = 16.2%;
    persistent = 2 of 4 enrolments; severe = 1 of 4.
    """
    store.attendance(2024, "P1", 100, 5, urn="1", term="AUT")
    store.attendance(2024, "P1", 100, 6, urn="1", term="SPR")
    store.attendance(2024, "P1", 100, 5, unauthorised=5, urn="2", term="SUM")
    store.attendance(2024, "P2", 100, 60)
    store.attendance(2024, "P3", 100, 50, dob="2018-09-01")
    store.attendance(2024, "P4", 100, 0, dob="2007-09-01")
    store.attendance(2024, "P5", 0, 0)
    store.attendance(2025, "P6", 100, 90)
    store.attendance(2024, "P7", 10, 20, failed=["SessionsPossible"])
    overall = store.total("overall-absence", 2025)
    assert (overall["numerator"], overall["denominator"]) == (81, 500)
    assert overall["value"] == pytest.approx(16.2)
    persistent = store.total("persistent-absence", 2025)
    assert (persistent["numerator"], persistent["denominator"]) == (2, 4)
    assert persistent["excluded_rows"] == 1
    severe = store.total("severe-absence", 2025)
    assert (severe["numerator"], severe["denominator"]) == (1, 4)


def row(value: str, numerator, denominator=None) -> dict:
    return {"measure_id": "referrals", "la_code": "879", "period_end": date(2025, 3, 31),
            "breakdown": "Sex", "breakdown_value": value, "numerator": numerator,
            "denominator": denominator,
            "value": numerator / denominator * 100 if denominator else numerator}


def test_one_small_cell_takes_the_next_smallest_with_it():
    """Sex: Male 30, Female 3, Not known 12. Female (3) is suppressed; it is the only
    one, so the next smallest (Not known, 12) is suppressed too; Male stays."""
    published = suppress([row("Male", 30), row("Female", 3), row("Not known", 12)])
    assert [(r["numerator"], r["value"]) for r in published] == [
        ("30", "30"), ("c", "c"), ("c", "c")]


def test_two_small_cells_need_no_secondary_suppression_and_zeros_stay():
    """Male 2, Female 4: both suppressed; Not known 0 is shown (0 is not small)."""
    published = suppress([row("Male", 2), row("Female", 4), row("Not known", 0)])
    assert [r["numerator"] for r in published] == ["c", "c", "0"]


def test_a_small_denominator_suppresses_the_percentage_too():
    """Referrals re-referred: Male 1 of 3 (both small), Female 10 of 50, Not known 5 of 20.
    Male is the only suppressed cell: the next smallest numerator, Not known (5 of 20),
    is suppressed the same way, numerator and denominator, so neither of Male's can be
    worked back from the totals."""
    published = suppress([row("Male", 1, 3), row("Female", 10, 50), row("Not known", 5, 20)])
    assert [(r["numerator"], r["denominator"], r["value"]) for r in published] == [
        ("c", "c", "c"), ("10", "50", "20.0"), ("c", "c", "c")]


def test_a_cell_showing_a_denominator_of_0_is_not_the_one_hidden_beside_a_small_one():
    """Male 10 of 20, Female 3 of 20, Not known 0 of 0. Female's numerator (3) is hidden.
    Not known's numerator is the smallest, but its denominator 0 would show it is 0, so
    Female's would follow from the total (13): Male's numerator (10) is hidden instead."""
    published = suppress([row("Male", 10, 20), row("Female", 3, 20), row("Not known", 0, 0)])
    assert [(r["numerator"], r["denominator"]) for r in published] == [
        ("c", "20"), ("c", "20"), ("0", "0")]


def test_numerators_and_denominators_are_each_protected():
    """Male 2 of 50, Female 0 of 3, Not known 10 of 20 (totals 12 of 73). One numerator
    (Male's 2) and one denominator (Female's 3) are small. Numerators: the next smallest,
    Female's 0, is hidden, so Male + Female = 2 either way. Denominators: the next
    smallest, Not known's 20, is hidden, so Female + Not known = 23 either way."""
    published = suppress([row("Male", 2, 50), row("Female", 0, 3), row("Not known", 10, 20)])
    assert [(r["numerator"], r["denominator"], r["value"]) for r in published] == [
        ("c", "50", "c"), ("c", "c", "c"), ("10", "c", "c")]


@pytest.mark.parametrize("day, years, months, expected", [
    (date(2024, 2, 29), 1, 0, date(2023, 2, 28)),
    (date(2025, 3, 31), 0, 6, date(2024, 9, 30)),
    (date(2025, 3, 31), 2, 6, date(2022, 9, 30)),
    (date(2024, 3, 31), 1, 1, date(2023, 2, 28)),
])
def test_dates_minus_years_and_months_clamp_to_the_month_end(day, years, months, expected):
    assert minus(day, years=years, months=months) == expected


def test_a_period_knows_its_returns_and_academic_year():
    """30 September 2025: 1 October 2024 to 30 September 2025, covered by the 2025 and
    2026 returns; the reporting year ends 31 March 2026, so attendance is 2024/25."""
    period = Period(date(2025, 9, 30))
    assert period.returns == (2025, 2026)
    assert period.academic_year == 2025 and period.time_period is None


def test_measures_csv_neutralises_text_a_spreadsheet_would_run(tmp_path):
    from smeaton.analytics.measures import to_arrow, write

    row = {"measure_id": "children-in-care", "la_code": "879", "period_end": date(2025, 3, 31),
           "time_period": 2025, "breakdown": "Ethnicity", "breakdown_value": "=1+1",
           "numerator": -3, "denominator": None, "value": -3.0, "excluded_rows": 0,
           "note": "@SUM(A1)"}
    path = tmp_path / "measures.csv"
    write(to_arrow([row]), path)
    line = path.read_text().splitlines()[1]
    assert line == "children-in-care,879,2025-03-31,2025,Ethnicity,'=1+1,-3,,-3,0,'@SUM(A1)"
