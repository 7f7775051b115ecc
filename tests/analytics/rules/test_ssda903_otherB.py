"""Which rows the rules on reviews, missing periods, social worker episodes and DoLOs
flag, where that is more than "some row"."""

from smeaton.analytics.rules import registry
from smeaton.analytics.rules.examples import run_example
from smeaton.analytics.rules.ssda903.dolo import order
from smeaton.analytics.rules.ssda903.missing import period
from smeaton.analytics.rules.ssda903.social_worker import episode, sw
from smeaton.analytics.source import Source


def flagged(code: str, example: dict, year: int | None = None) -> list[tuple[str, int]]:
    """(table, row in file) of each row the code's SQL rules flag."""
    found = []
    for rule in registry()[(Source.SSDA903, code)]:
        outcome = run_example(rule, example, year)
        found += [(problem.table, problem.row) for problem in outcome.problems
                  if problem.rule == code]
    return sorted(set(found))


def format_rows(code: str, example: dict) -> int:
    """How many of the format checks' problems carry the code."""
    return sum(summary.rows for rule in registry()[(Source.SSDA903, code)] if rule.format
               for summary in run_example(rule, example).summaries if summary.rule is rule)


def test_a_new_social_worker_is_compared_with_the_episode_before_only():
    episodes = [sw("1", "2025-04-01", "2025-09-01"), sw("1", "2025-09-20"),
                sw("2", "2025-04-01"), sw("2", "2025-09-01", reason="FCONTA"),
                sw("3", "2025-04-01", "2025-06-01"), sw("3", "2025-06-05", "2025-10-01"),
                sw("3", "2025-10-02")]
    example = {"social_worker": episodes}
    assert flagged("SW10aSTG2", example) == [("social_worker", 3)]
    assert flagged("SW10bSTG2", example) == [("social_worker", 5)]
    assert flagged("SW08STG2", example) == [("social_worker", 4)]


def test_a_period_inside_a_long_one_is_flagged_though_another_lies_between():
    example = {"missing": [period("1", "2025-06-01", "2025-06-30"),
                           period("1", "2025-06-05", "2025-06-06"),
                           period("1", "2025-06-10", "2025-06-12"),
                           period("1", "2025-07-01", "2025-07-02")]}
    assert flagged("574", example) == [("missing", 3), ("missing", 4)]


def test_an_end_before_or_after_the_year_carries_571_either_way():
    example = {"missing": [period("1", "2025-03-01", "2025-03-31"),
                           period("2", "2026-03-01", "2026-04-01"),
                           period("3", "2026-03-01", "2026-03-31")]}
    assert flagged("571", example) == [("missing", 2)]
    assert format_rows("571", example) == 1


def test_an_open_period_last_year_flags_the_first_this_year_or_the_child():
    example = {"header": [{"CHILD": "2", "SEX": "F", "DOB": "2011-01-01"}],
               "missing": [period("1", "2025-06-01"), period("1", "2025-05-01")],
               "missing_last": [period("1", "2025-03-01"), period("2", "2025-02-01")]}
    assert flagged("576", example) == [("header", 2), ("missing", 3)]


def test_a_child_in_care_since_before_april_needs_a_social_worker_from_april():
    example = {"episodes": [episode("1", "2024-06-01", "2025-08-01", rec="X1"),
                            episode("1", "2025-08-01", rne="P")],
               "social_worker": [sw("1", "2025-04-02")]}
    assert flagged("SW12STG2", example) == [("episodes", 2)]


def test_a_dolo_in_the_wrong_placement_flags_the_dolo_and_the_episode():
    example = {"dolo": [order("1", "2026-06-01", "2026-08-01")],
               "episodes": [episode("1", "2026-05-01", "2026-06-15", rec="X1", place="K2"),
                            episode("1", "2026-06-15", "2026-09-01", rne="P", place="K1",
                                    rec="X1"),
                            episode("1", "2026-09-01", rne="P", place="P1")]}
    assert flagged("710", example, 2027) == [("dolo", 2), ("episodes", 3)]
    assert flagged("709", example, 2027) == [("dolo", 2), ("episodes", 3)]
