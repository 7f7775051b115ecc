"""Known answers for the intervals and the disparity flags (measures/equalities.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from smeaton.analytics.measures.equalities import (
    FEWEST_TO_FLAG,
    Difference,
    assess,
    percentage_interval,
    poisson_exact,
    rate_interval,
    wilson,
)

# Newcombe, "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17 (1998) 857-872, table II, method 3 (Wilson's
# score interval without continuity correction).
NEWCOMBE = [((81, 263), (0.2553, 0.3662)), ((15, 148), (0.0624, 0.1605)),
            ((0, 20), (0.0000, 0.1611)), ((1, 29), (0.0061, 0.1718))]

# The exact (Garwood) 95% limits for a Poisson count, as tabulated (for example in
# Ulm, American Journal of Epidemiology 131 (1990), and in every table of them).
GARWOOD = [(0, (0.0, 3.689)), (1, (0.0253, 5.572)), (5, (1.6235, 11.668)),
           (10, (4.7954, 18.390))]


@pytest.mark.parametrize(("observed", "limits"), NEWCOMBE, ids=str)
def test_wilson_gives_newcombes_intervals(observed, limits):
    low, high = wilson(*observed)
    assert (round(float(low), 4), round(float(high), 4)) == limits


@pytest.mark.parametrize(("count", "limits"), GARWOOD, ids=str)
def test_the_exact_poisson_interval_gives_the_tabulated_limits(count, limits):
    low, high = poisson_exact(count)
    assert float(low) == pytest.approx(limits[0], abs=5e-4)
    assert float(high) == pytest.approx(limits[1], abs=5e-3)


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_agrees_with_scipys_binomial_test_and_holds_the_figure(observed):
    successes, trials = observed
    low, high = wilson(successes, trials)
    expected = binomtest(successes, trials).proportion_ci(method="wilson")
    assert float(low) == pytest.approx(expected.low, abs=1e-9)
    assert float(high) == pytest.approx(expected.high, abs=1e-9)
    assert 0 <= low <= successes / trials <= high <= 1


def test_intervals_come_in_the_figures_unit():
    interval = percentage_interval(81, 263)
    assert (round(interval.low, 2), round(interval.high, 2)) == (25.53, 36.62)
    # 10 children in care among 50,000: 2 per 10,000, between 0.96 and 3.68.
    rate = rate_interval(10, 50_000)
    assert (round(rate.low, 2), round(rate.high, 2)) == (0.96, 3.68)
    assert percentage_interval(0, 0) is None and rate_interval(3, 0) is None


PERCENTAGE, COUNT = "re-referrals", "children-in-care"  # a percentage and a count


def row(value, numerator, denominator, breakdown="Sex", group="Female", measure=PERCENTAGE):
    return {"measure_id": measure, "la_code": "879", "period_end": "2026-03-31",
            "breakdown": breakdown, "breakdown_value": group, "numerator": numerator,
            "denominator": denominator, "value": value}


def total(numerator, denominator, measure=PERCENTAGE):
    return row(numerator / denominator * 100, numerator, denominator, "Total", "Total",
               measure)


def flags(*groups):
    rows = [total(200, 1000), *groups]
    assessed = assess(rows)
    return [assessed_row["differs"] for assessed_row in assessed[1:]]


def test_a_group_is_flagged_when_the_whole_lies_outside_its_interval():
    # The whole is 20%. 30 of 100 girls (30%, interval 21.9% to 39.6%): higher.
    # 10 of 100 boys (10%, 5.5% to 17.4%): lower. 25 of 100 (17.5% to 34.3%): not.
    assert flags(row(30.0, 30, 100), row(10.0, 10, 100, group="Male"),
                 row(25.0, 25, 100, group="Mixed", breakdown="Ethnicity")) == [
        Difference.HIGHER, Difference.LOWER, Difference.NONE]


def test_a_group_too_small_to_say_is_never_flagged():
    # 15 of 19 (79%) is far above 20% and its interval (56.7% to 91.5%) shows it,
    # but 19 children are too few to say.
    assert FEWEST_TO_FLAG == 20
    assert flags(row(15 / 19 * 100, 15, 19), row(16 / 20 * 100, 16, 20)) == [
        Difference.NONE, Difference.HIGHER]


def test_groups_whose_characteristic_is_not_known_are_never_flagged():
    assert flags(row(50.0, 50, 100, group="Not known"),
                 row(50.0, 50, 100, breakdown="Ethnicity",
                     group="Refused or not obtained")) == [Difference.NONE] * 2


def test_a_counts_groups_are_parts_of_it_and_never_flagged():
    rows = [row(100, 100, None, "Total", "Total", COUNT), row(90, 90, None, measure=COUNT)]
    assessed = assess(rows)
    assert [r["differs"] for r in assessed] == [Difference.NONE] * 2
    # Each count still has its exact interval: 90 lies between 72.4 and 110.6.
    assert (round(assessed[1]["lower"], 1), round(assessed[1]["upper"], 1)) == (72.4, 110.6)


def test_a_group_with_no_children_has_no_interval_and_no_flag():
    [assessed] = assess([total(200, 1000), row(None, 0, 0)])[1:]
    assert (assessed["lower"], assessed["upper"], assessed["differs"]) == (
        None, None, Difference.NONE)


def test_a_figure_of_school_sessions_has_no_interval_and_no_flag():
    """One pupil makes hundreds of sessions: millions of them give an interval a hair
    wide, which would flag 7.6% against 7.5% as a difference."""
    sessions = "overall-absence"
    rows = [total(750_000, 10_000_000, sessions),
            row(7.6, 380_000, 5_000_000, measure=sessions)]
    assessed = assess(rows)
    assert [(r["lower"], r["upper"], r["differs"]) for r in assessed] == [
        (None, None, Difference.NONE)] * 2
    # The same counts as children would be flagged.
    assert assess([total(750_000, 10_000_000), row(7.6, 380_000, 5_000_000)])[1][
        "differs"] == Difference.HIGHER
