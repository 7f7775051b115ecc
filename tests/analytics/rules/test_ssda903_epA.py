"""The Episodes rules whose meaning is subtle: which rows each one flags."""

import re

import pytest

from smeaton.analytics.rules import registry
from smeaton.analytics.rules.examples import run_example
from smeaton.analytics.rules.ssda903.episodes import (
    RULES,
    adoption,
    chain,
    child,
    episode,
    placed,
)
from smeaton.analytics.source import Source


def rule(code: str):
    (found,) = registry()[(Source.SSDA903, code)]
    return found


def flagged(code: str, example: dict, year: int | None = None) -> list[tuple[str, int]]:
    """(table, CSV line) of each row the rule flags by SQL."""
    outcome = run_example(rule(code), example, year)
    return sorted((problem.table, problem.row) for problem in outcome.problems
                  if problem.rule == code)


def summary(code: str, example: dict, year: int | None = None):
    outcome = run_example(rule(code), example, year)
    return next(each for each in outcome.summaries if each.rule.code == code)


def test_a_police_protection_spell_is_its_episodes_end_to_end():
    """Two L1 episodes of two days each, one after the other, are four days of police
    protection: both are flagged. A third after a break starts a spell of its own."""
    episodes = [episode(LS="L1", DEC="2025-05-03", REC="X1"),
                episode(decom="2025-05-03", LS="L1", RNE="P", DEC="2025-05-05", REC="X1"),
                episode(decom="2025-05-05", LS="C2", RNE="L", DEC="2025-06-01", REC="X1"),
                episode(decom="2025-06-01", LS="L1", RNE="L", DEC="2025-06-03", REC="E13")]
    assert flagged("361", {"episodes": episodes}) == [("episodes", 2), ("episodes", 3)]


def test_an_open_spell_runs_to_the_end_of_the_year():
    assert flagged("362", {"episodes": [episode(LS="L2", decom="2026-03-01")]}) == [
        ("episodes", 2)]


def test_only_the_third_holiday_placement_within_twelve_months_is_flagged():
    episodes = chain("U1", "T3", "U1", "T3", "U1", "T3", "U1", "T3")
    assert flagged("377", {"episodes": episodes}) == [("episodes", 7), ("episodes", 9)]


def test_an_episode_left_open_before_the_next_carries_142_and_a_missing_rec_is_found_too():
    left_open = {"episodes": [episode(), episode(decom="2025-07-01", RNE="P")]}
    assert summary("142", left_open).rows == 1
    no_reason = {"episodes": [episode(DEC="2025-07-01"), episode(decom="2025-07-01", RNE="P")]}
    assert flagged("142", no_reason) == [("episodes", 2)]


def test_rec_x1_with_nothing_after_and_another_reason_with_an_episode_after_are_388():
    assert summary("388", {"episodes": [episode(DEC="2025-07-01", REC="X1")]}).rows == 1
    ended = {"episodes": [episode(DEC="2025-07-01", REC="E13"), episode(decom="2025-07-01")]}
    assert flagged("388", ended) == [("episodes", 2)]


def test_a_dec_before_decom_is_356_not_an_invalid_date():
    example = {"episodes": [episode(DEC="2025-04-30", REC="E13")]}
    assert summary("356", example).rows == 1
    assert summary("147", example).rows == 0


def test_z1_is_a_placement_type_to_2025_only():
    example = {"episodes": [episode(PLACE="Z1")]}
    assert summary("146", example, 2025).rows == 0
    assert summary("146", example, 2026).rows == 1


def test_custody_under_ten_flags_the_episode_with_the_reason_and_the_childs_header():
    episodes = chain("U1", "R5", "U2")
    episodes[0]["REASON_PLACE_CHANGE"] = "CUSTOD"
    example = {"header": [child("2015-07-02")], "episodes": episodes}
    assert flagged("234", example) == [("episodes", 2), ("header", 2)]


def test_a_decision_after_the_child_left_care_flags_the_last_episode_and_the_decision():
    example = {
        "episodes": [episode(DEC="2025-06-01", REC="X1"),
                     episode(decom="2025-06-01", RNE="T", PLACE="A3", DEC="2025-09-01",
                             REC="E11")],
        "placed_adoption": [placed(DATE_PLACED="2025-05-01", DATE_PLACED_CEASED="2025-10-01",
                                   REASON_PLACED_CEASED="RD1")]}
    assert flagged("117", example) == [("episodes", 3), ("placed_adoption", 2)]


def test_a_decision_to_place_before_the_latest_period_of_care_began():
    example = {"episodes": [episode(decom="2024-05-01", DEC="2024-09-01", REC="E13"),
                            episode(decom="2025-05-01")],
               "ad1": [adoption(DATE_INT="2024-10-01")]}
    assert flagged("334", example) == [("ad1", 2), ("episodes", 3)]


def test_respite_only_children_flag_their_episodes_header_and_reviews():
    reviews = [{"CHILD": "1", "DOB": "2012-01-01", "REVIEW": "2025-06-01",
                "REVIEW_CODE": "PN1"}]
    respite = {"header": [child("2012-01-01", SEX="F", MOTHER="0")],
               "episodes": [episode(LS="V3", DEC="2025-05-10", REC="E13"),
                            episode(decom="2025-07-01", LS="V4")],
               "reviews": reviews}
    assert flagged("399", respite) == [("episodes", 2), ("episodes", 3), ("header", 2),
                                       ("reviews", 2)]
    also_in_care = {**respite, "episodes": [*respite["episodes"],
                                            episode(decom="2025-09-01", LS="C2")]}
    assert flagged("399", also_in_care) == []


def test_a_child_who_left_care_and_came_back_is_not_looked_after_continuously():
    """An SDQ score for a child whose period of care ended in the year, and a new one
    began, is 185; a child looked after all year with no score or reason is 186."""
    oc2 = [{"CHILD": "1", "DOB": "2015-01-01", "SDQ_SCORE": "12"},
           {"CHILD": "2", "DOB": "2015-01-01"}]
    episodes = [episode(decom="2024-01-01", DEC="2025-06-01", REC="E13"),
                episode(decom="2025-07-01"), episode("2", decom="2024-01-01")]
    example = {"episodes": episodes, "oc2": oc2}
    assert flagged("185", example) == [("oc2", 2)]
    assert flagged("186", example) == [("oc2", 3)]


def test_an_earlier_adoption_in_the_previous_year_flags_this_years_episodes():
    example = {"episodes": [episode(decom="2025-05-01"), episode("2", decom="2025-05-01")],
               "episodes_last": [{"CHILD": "1", "DECOM": "2023-01-01", "DEC": "2023-06-01",
                                  "REC": "E12", "PLACE": "A4"}]}
    assert flagged("199", example) == [("episodes", 2)]


# Rules on fixed dates (an episode before 14 October 1991; A3 and A5 from April 2015),
# whose examples do not move with the year.
FIXED_DATES = {"353", "217"}


def _a_year_later(example: dict) -> dict:
    def moved(value):
        found = re.match(r"^(\d{4})(-\d{2}-\d{2})$", value) if isinstance(value, str) else None
        return f"{int(found[1]) + 1}{found[2]}" if found else value

    return {table: [{name: moved(value) for name, value in row.items()} for row in rows]
            for table, rows in example.items()}


@pytest.mark.parametrize("episodes_rule", [each for each in RULES.declared
                                           if each.code not in FIXED_DATES
                                           and each.applies_in(2027)],
                         ids=lambda each: each.code)
def test_each_rules_examples_a_year_later_hold_in_2027(episodes_rule):
    for examples, trips in ((episodes_rule.trips, True), (episodes_rule.passes, False)):
        for example in examples:
            outcome = run_example(episodes_rule, _a_year_later(example), 2027)
            found = next(each for each in outcome.summaries if each.rule is episodes_rule)
            assert bool(found.rows) == trips, example
