from decimal import Decimal as D

from smeaton.analytics.published.benchmarks import (
    Standing,
    average,
    direction,
    quartile,
    standings,
    target_rag,
)


def test_rank_1_is_the_best_end_by_polarity():
    values = {"a": D(10), "b": D(30), "c": D(20)}
    assert standings(values, "higher")["b"] == Standing(1, 3, 1)
    assert standings(values, "lower")["a"] == Standing(1, 3, 1)
    assert standings(values, "lower")["b"].rank == 3


def test_a_context_indicator_ranks_from_low_to_high():
    values = {"a": D(10), "b": D(30), "c": D(20)}
    assert {k: s.rank for k, s in standings(values, "context").items()} == {"a": 1, "c": 2, "b": 3}


def test_ties_share_the_better_rank_and_the_next_rank_is_skipped():
    values = {"a": D(5), "b": D(7), "c": D(7), "d": D(9)}
    ranks = {k: s.rank for k, s in standings(values, "higher").items()}
    assert ranks == {"d": 1, "b": 2, "c": 2, "a": 4}


def test_missing_and_suppressed_values_are_not_ranked_and_do_not_count():
    values = {"a": D(5), "b": None, "c": D(0)}
    ranked = standings(values, "higher")
    assert "b" not in ranked
    assert ranked["c"] == Standing(2, 2, 3)  # a real 0 is ranked; None is not


def test_quartiles_of_153_las():
    assert [quartile(r, 153) for r in (1, 39, 40, 77, 78, 115, 116, 153)] == [
        1, 1, 2, 2, 3, 3, 4, 4]
    assert quartile(1, 1) == 1


def test_neighbours_average_uses_the_values_there_are_and_says_how_many():
    result = average([D(10), None, D(20), None])
    assert result.value == D(15)
    assert (result.used, result.of) == (2, 4)
    assert average([None, None]).value is None


def test_direction_of_travel_follows_polarity():
    assert direction(D(26), D(20), "lower") == "worsening"
    assert direction(D(26), D(20), "higher") == "improving"
    assert direction(D(20), D(26), "lower") == "improving"
    assert direction(D(20), D(20), "lower") == "no change"
    assert direction(D(101), D(98), "context") == "up"
    assert direction(D(90), D(98), "context") == "down"
    assert direction(None, D(20), "lower") is None
    assert direction(D(20), None, "lower") is None


def test_rag_against_target_and_tolerance_when_higher_is_better():
    assert target_rag(D(80), D(80), D(2), "higher") == "green"  # exactly on target
    assert target_rag(D(85), D(80), D(2), "higher") == "green"
    assert target_rag(D(78), D(80), D(2), "higher") == "amber"  # exactly at tolerance
    assert target_rag(D("77.9"), D(80), D(2), "higher") == "red"


def test_rag_against_target_and_tolerance_when_lower_is_better():
    assert target_rag(D(22), D(22), D(2), "lower") == "green"
    assert target_rag(D(24), D(22), D(2), "lower") == "amber"
    assert target_rag(D("26.0"), D(22), D(2), "lower") == "red"
    assert target_rag(D(23), D(22), D(0), "lower") == "red"  # no tolerance: no amber


def test_no_rag_without_a_value_a_target_or_a_direction():
    assert target_rag(None, D(22), D(2), "lower") is None  # suppressed, never treated as 0
    assert target_rag(D(22), None, D(2), "lower") is None
    assert target_rag(D(22), D(22), D(2), "context") is None
