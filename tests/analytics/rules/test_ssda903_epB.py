"""Which rows the SSDA903 rules across episodes, tables and years flag, where the rule's
meaning is subtle: the chain of episodes, the adoption decisions, missing periods against
periods of care, care leavers' ages and care, and last year's open episode."""

import pyarrow as pa
import pytest

from smeaton.analytics import checks
from smeaton.analytics.rules import Rule, registry
from smeaton.analytics.rules import engine as engine_module
from smeaton.analytics.rules.examples import _checked, run_example, specs_for
from smeaton.analytics.rules.ssda903.episodes_across import (
    OC3,
    decision,
    episode,
    missing,
    permanence,
)
from smeaton.analytics.source import Source


def rule_of(code: str, year: int = 2026) -> Rule:
    return next(rule for rule in registry()[(Source.SSDA903, code)] if rule.applies_in(year))


def flagged(code: str, example: dict, year: int = 2026) -> list[tuple]:
    """(table, line) of each row the rule flags, alone, in an example return."""
    rule = rule_of(code, year)
    outcome = run_example(rule, example, year)
    return sorted((problem.table, problem.row) for problem in outcome.problems)


def test_a_new_period_of_care_not_starting_with_s_carries_432_not_the_code_list_rule(
        monkeypatch):
    """The check of the episodes' chain finds what rule 432 asks; a rule of RNE's code
    list (format "any") must not take that problem, which is about a valid code."""
    tables = {}
    real = checks.check_return

    def keep(given):
        real(given)
        tables.update(given)

    monkeypatch.setattr(checks, "check_return", keep)
    code_list = Rule(source=Source.SSDA903, code="143", message="Not a valid RNE.",
                     flags=("episodes.RNE",), format="any")
    ceased = rule_of("432")
    run_example(ceased, {"episodes": [
        episode(DEC="2025-09-01", REC="E13"), episode(decom="2025-09-01", RNE="P"),
        episode("2", RNE="Q")]}, rules=[code_list, ceased])
    coded = {(problem.row, problem.rule) for problem in tables["episodes"].problems
             if problem.column == "RNE"}
    assert coded == {(3, "432"), (4, "143")}


def test_433_flags_a_continuation_that_overlaps_and_leaves_a_gap_to_432():
    overlap = {"episodes": [episode(DEC="2025-09-03", REC="X1"),
                            episode(decom="2025-09-01", RNE="P")]}
    gap = {"episodes": [episode(DEC="2025-09-01", REC="X1"),
                        episode(decom="2025-09-05", RNE="P")]}
    assert flagged("433", overlap) == [("episodes", 3)]
    assert flagged("433", gap) == []  # the chain's check has it, as 432


def test_501_flags_the_episode_that_starts_too_soon():
    example = {"episodes": [episode(DEC="2025-09-03", REC="X1"),
                            episode(decom="2025-09-01", RNE="P", DEC="2025-10-01", REC="X1"),
                            episode(decom="2025-10-01", RNE="P")]}
    assert flagged("501", example) == [("episodes", 3)]


def test_552_compares_the_first_placement_with_the_first_decision():
    placed = [episode(decom="2025-06-01", PLACE="A6", LS="E1", DEC="2025-08-01", REC="X1"),
              episode(decom="2025-08-01", RNE="P", PLACE="U4", LS="E1",
                      DEC="2025-11-01", REC="X1"),
              episode(decom="2025-11-01", RNE="P", PLACE="A4", LS="E1")]
    again = {"episodes": placed, "placed_adoption": [
        decision(date_placed="2025-05-01", DATE_PLACED_CEASED="2025-08-01",
                 REASON_PLACED_CEASED="RD1"),
        decision(date_placed="2025-10-01")]}
    late = {"episodes": placed, "placed_adoption": [decision(date_placed="2025-07-01")]}
    assert flagged("552", again) == []
    assert flagged("552", late) == [("episodes", 2), ("placed_adoption", 2)]


def test_553_flags_an_order_with_no_decision_and_a_current_order_whose_decision_ceased():
    order = episode(decom="2025-06-01", LS="E1")
    example = {"episodes": [order, {**order, "CHILD": "2"}],
               "placed_adoption": [decision("2", DATE_PLACED_CEASED="2025-07-01",
                                            REASON_PLACED_CEASED="RD2")]}
    assert flagged("553", example) == [("episodes", 2), ("placed_adoption", 2)]


@pytest.mark.parametrize(("mis_start", "mis_end", "codes"), [
    ("2025-04-20", "2025-04-25", {"581"}),  # before care began
    ("2025-06-01", "2025-06-02", set()),  # in care
    ("2025-06-01", "", {"575", "577"}),  # in care, never ended, and care has ended
    ("2025-09-01", "2025-09-02", set()),  # on the day care ended
    ("2025-09-10", "2025-09-12", {"578"}),  # after care ended: 578 alone
])
def test_missing_periods_against_the_period_of_care(mis_start, mis_end, codes):
    example = {"episodes": [episode(decom="2025-05-01", DEC="2025-09-01", REC="E13")],
               "missing": [missing(mis_start=mis_start, MIS_END=mis_end)]}
    found = {code for code in ("575", "577", "578", "581")
             if flagged(code, example)}
    assert found == codes


def test_577_does_not_flag_a_missing_period_in_a_period_of_care_still_open():
    example = {"episodes": [episode(decom="2025-05-01", DEC="2025-07-01", REC="X1"),
                            episode(decom="2025-07-01", RNE="P")],
               "missing": [missing(mis_start="2025-06-01")]}
    assert flagged("577", example) == []
    assert flagged("575", example) == [("missing", 2)]  # its placement ended


def test_a_child_whose_care_ended_on_31_march_was_not_looked_after_all_year():
    oc2 = [{"CHILD": "1", "DOB": "2012-01-01"}]
    all_year = {"episodes": [episode(decom="2024-01-01")], "oc2": oc2}
    ended = {"episodes": [episode(decom="2024-01-01", DEC="2026-03-31", REC="E13")],
             "oc2": oc2}
    assert flagged("543", all_year) == [("oc2", 2)]
    assert flagged("543", ended) == []


@pytest.mark.parametrize(("care", "flags"), [
    (("2023-04-01", "2023-07-31"), True),  # 121 days since 14, none after 16
    (("2023-05-03", "2023-08-02"), False),  # 91 days since 14, one of them after 16
    (("2023-05-04", "2023-08-02"), True),  # 90 days
])
def test_1001_asks_for_13_weeks_of_care_since_14_and_some_after_16(care, flags):
    young_person = {**OC3, "DOB": "2007-08-01"}  # 16 on 1 August 2023
    start, end = care
    example = {"oc3": [young_person],
               "episodes_last": [episode(decom=start, DEC=end, REC="E13")]}
    assert bool(flagged("1001", example)) is flags


def test_1001_does_not_count_days_when_care_began_before_last_year():
    """The first episode in view carries on earlier care (RNE P): its days cannot be
    counted, so too few of them says nothing; an adoption still does."""
    carried = episode(decom="2024-03-11", RNE="P", DEC="2024-05-28", REC="E5")
    example = {"oc3": [OC3], "episodes_last": [carried]}
    adopted = {"oc3": [OC3], "episodes_last": [{**carried, "REC": "E11"}]}
    assert flagged("1001", example) == []
    assert flagged("1001", adopted) == [("oc3", 2)]


def test_1001_leaves_out_short_breaks():
    example = {"oc3": [OC3], "episodes_last": [episode(decom="2023-05-01", DEC="2024-06-01",
                                                       REC="E13", LS="V3")]}
    assert flagged("1001", example) == [("oc3", 2)]


def test_1000_reads_this_year_alone_when_there_is_no_last_year():
    died = episode(decom="2025-05-01", DEC="2025-09-01", REC="E2")
    assert flagged("1000", {"oc3": [OC3], "episodes": [died]}) == [("oc3", 2)]


@pytest.mark.parametrize(("dob", "episode_end", "codes"), [
    ("2008-06-01", None, {"1007"}),  # 17, still looked after
    ("2008-06-01", "2025-06-01", {"1016"}),  # 17, ceased on the birthday
    ("2008-06-01", "2025-05-31", set()),  # ceased the day before
    ("2007-06-01", "2025-07-01", {"1007", "1016"}),  # 18, looked after on the birthday
    ("2006-06-01", None, set()),  # 19
])
def test_care_leavers_aged_17_or_18_looked_after_on_or_after_the_birthday(
        dob, episode_end, codes):
    ended = {"DEC": episode_end, "REC": "E13"} if episode_end else {}
    example = {"oc3": [{**OC3, "DOB": dob}],
               "episodes": [episode(decom="2025-01-01", **ended)]}
    found = {code for code in ("1007", "1016") if flagged(code, example)}
    assert found == codes


def test_503d_lets_z1_carry_on_as_z11_to_z14_in_2026_only():
    example = {"episodes_last": [episode(decom="2024-06-01", PLACE="Z1")],
               "episodes": [episode(decom="2024-06-01", PLACE="Z12")]}
    assert flagged("503D", example, 2026) == []
    assert flagged("503D", example, 2027) == [("episodes", 2)]


def test_last_years_final_episode_with_a_reason_ceased_is_not_open():
    """A date ceased that failed last year's checks is stored blank; its reason says the
    episode ended, so the child's first episode this year is not compared with it."""
    example = {"episodes_last": [episode(decom="2024-06-01", REC="E13")],
               "episodes": [episode(decom="2025-06-01", LS="C1")]}
    assert flagged("503B", example) == []


def test_630_asks_for_the_order_s_council_and_date_with_p1_to_p3():
    started = [episode()]
    complete = {"episodes": started, "prev_perm": [permanence()]}
    no_date = {"episodes": started, "prev_perm": [permanence(PREV_PERM="P2", DATE_PERM="")]}
    none_before = {"episodes": started, "prev_perm": [permanence(PREV_PERM="Z1", LA_PERM="",
                                                                 DATE_PERM="")]}
    assert flagged("630", complete) == []
    assert flagged("630", no_date) == [("episodes", 2)]
    assert flagged("630", none_before) == []


def test_a_care_leaver_is_looked_for_in_every_earlier_year_held():
    """Rule 1002 reads each earlier return held, not only last year's; a young person who
    turned 16 before the earliest is not judged (they may have left care before it)."""
    rule = rule_of("1002")
    specs = specs_for(Source.SSDA903)
    leavers = [{**OC3, "CHILD": child, "DOB": born} for child, born in (
        ("1", "2006-05-01"), ("2", "2006-05-01"), ("3", "2004-05-01"))]
    context = engine_module.Context(2026, "879", previous={"episodes": pa.table({
        "CHILD": ["9"]})}, in_care_before={2023: pa.array(["1"]), 2025: pa.array(["9"])})
    outcome = engine_module.run({"oc3": _checked(specs["oc3"], leavers, 2026)}, specs,
                                Source.SSDA903, context, [rule])
    assert [problem.child for problem in outcome.problems] == ["2"]
    (summary,) = outcome.summaries
    assert (summary.not_checked, summary.why_not_checked) == (
        1, "1 young people who turned 16 before the earliest return held")
