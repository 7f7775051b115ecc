"""Which rows the CIN census rules flag, where that is more than "some row"; the message
header they check; the working days they count."""

from datetime import date

import duckdb
import pytest

from smeaton.analytics import checks
from smeaton.analytics.rules import registry
from smeaton.analytics.rules.cin import child, details, plans, protection
from smeaton.analytics.rules.engine import Context, run
from smeaton.analytics.rules.examples import _checked, run_example, specs_for
from smeaton.analytics.rules.macros import MACROS
from smeaton.analytics.source import Source

CHILD = child.CHILD
REFERRAL = details.REFERRAL
CLOSED = details.CLOSED


def flagged(code: str, example: dict) -> list[tuple[str, int | str]]:
    """(table, row) of each row the code's rules flag, by SQL or the format checks."""
    found = []
    for rule in registry()[(Source.CIN, code)]:
        outcome = run_example(rule, example)
        found += [(problem.table, problem.row) for problem in outcome.problems
                  if problem.rule == code]
        found += [(problem.table, problem.row) for name in example
                  for problem in _format_problems(rule, example, name) if problem.rule == code]
    return sorted(set(found), key=str)


def _format_problems(rule, example, name):
    """The format checks' problems of one table of an example, with the codes they carry."""
    if not rule.format:
        return []
    specs = specs_for(Source.CIN)
    tables = {table: _checked(specs[table], rows, 2026) for table, rows in example.items()
              if table in specs}
    checks.check_return(tables)
    run(tables, specs, Source.CIN, Context(2026, available=frozenset(rule.needs)))
    return tables[name].problems if name in tables else []


def test_every_rule_of_both_years_is_declared():
    codes = {code for (source, code) in registry() if source == Source.CIN}
    assert len(codes) == 108  # 1550 is found by the format checks, as 1540


def test_the_check_letter_counts_a_temporary_upns_last_letter():
    example = {"cin_children": [{**CHILD, "UPN": "B20700001604B"},
                                {**CHILD, "LAchildID": "C2", "UPN": "C20700001604B"},
                                {**CHILD, "LAchildID": "C3", "UPN": "P207000016049"},
                                {**CHILD, "LAchildID": "C4", "UPN": "Q207000016049"}]}
    assert flagged("1510", example) == [("cin_children", 3), ("cin_children", 5)]


def test_the_episode_that_starts_within_another_is_flagged_not_the_other():
    example = {"cin_details": [CLOSED, {**CLOSED, "referral_id": 2,
                                        "CINreferralDate": "2025-08-01",
                                        "CINclosureDate": "2025-10-01"}]}
    assert flagged("8820", example) == [("cin_details", 3)]


def test_an_episode_may_start_the_day_the_one_before_closed():
    example = {"cin_details": [CLOSED, {**CLOSED, "referral_id": 2,
                                        "CINreferralDate": "2025-09-01",
                                        "CINclosureDate": "2025-10-01"}]}
    assert flagged("8820", example) == []


def test_only_the_open_episode_that_is_not_the_latest_is_flagged():
    example = {"cin_details": [REFERRAL,
                               {**CLOSED, "referral_id": 2, "CINreferralDate": "2025-08-01",
                                "CINclosureDate": "2025-09-01"},
                               {**details.NFA, "referral_id": 3, "CINreferralDate": "2025-05-01",
                                "CINclosureDate": "", "ReasonForClosure": ""}]}
    assert flagged("8816", example) == [("cin_details", 2)]


def test_activity_after_closure_is_looked_for_within_the_referral_only():
    example = {"cin_details": [CLOSED, {**REFERRAL, "referral_id": 2,
                                        "CINreferralDate": "2025-09-02"}],
               "cin_plans": [{**plans.PLAN, "referral_id": 2, "CINPlanStartDate": "2025-09-10"}]}
    assert flagged("8565", example) == []
    example["cin_plans"].append({**plans.PLAN, "CINPlanStartDate": "2025-08-01",
                                 "CINPlanEndDate": "2025-09-02"})
    assert flagged("8565", example) == [("cin_details", 2)]


def test_a_plan_starting_after_the_enquirys_conference_is_flagged_on_the_plan():
    example = {"cin_details": [REFERRAL], "cin_section47": [protection.SECTION47],
               "cin_cp_plans": [protection.CP_PLAN,
                                {**protection.CP_PLAN, "cp_plan_id": 2,
                                 "CPPstartDate": "2025-10-01", "CPPendDate": ""}]}
    assert flagged("2885", example) == [("cin_cp_plans", 3)]


def test_a_cin_plan_and_a_child_protection_plan_open_together_are_both_flagged():
    example = {"cin_plans": [{**plans.PLAN, "CINPlanStartDate": "2025-10-01"}],
               "cin_cp_plans": [{**plans.CP_PLAN, "CPPendDate": "2025-10-02"}]}
    assert flagged("4016", example) == [("cin_cp_plans", 2), ("cin_plans", 2)]


def test_a_disability_missing_is_flagged_on_the_child_and_one_not_valid_on_itself():
    example = {"cin_children": [CHILD, {**CHILD, "LAchildID": "C2"}],
               "cin_details": [REFERRAL, {**REFERRAL, "LAchildID": "C2", "referral_id": 2}],
               "cin_disabilities": [{"LAchildID": "C2", "Disability": "MOB"},
                                    {"LAchildID": "C2", "Disability": "BLIND"}]}
    assert flagged("8540", example) == [("cin_children", 2), ("cin_disabilities", 3)]


def test_a_date_before_the_year_is_flagged_by_sql_and_one_after_it_by_the_format_checks():
    example = {"cin_cp_plans": [
        {**protection.CP_PLAN, "CPPstartDate": "2025-01-01", "CPPendDate": "2025-03-31"},
        {**protection.CP_PLAN, "cp_plan_id": 2, "CPPstartDate": "2025-05-01",
         "CPPendDate": "2026-04-01"},
        {**protection.CP_PLAN, "cp_plan_id": 3, "CPPstartDate": "2025-06-01",
         "CPPendDate": "2025-07-01"}]}
    assert flagged("8930", example) == [("cin_cp_plans", 2), ("cin_cp_plans", 3)]


def test_an_end_before_its_start_carries_the_code_but_a_date_that_is_no_date_does_not():
    example = {"cin_details": [{**CLOSED, "CINclosureDate": "2025-05-01"},
                               {**CLOSED, "referral_id": 2, "CINreferralDate": "2024-01-01",
                                "CINclosureDate": "2025-02-30"}]}
    assert flagged("8630", example) == [("cin_details", 2)]


def test_the_header_is_flagged_at_its_place_in_the_file():
    rule, = registry()[(Source.CIN, "100")]
    outcome = run_example(rule, {"cin_header": [{"ReferenceDate": "2026-03-30",
                                                 "Year": "2026"}]})
    problem, = [problem for problem in outcome.problems if problem.rule == "100"]
    assert (problem.table, problem.row, problem.column, problem.value) == (
        "cin_header", "/Message/Header", "ReferenceDate", "2026-03-30")


def test_return_level_queries_flag_the_header_once():
    example = {"cin_children": [CHILD], "cin_disabilities": [
        {"LAchildID": "C1", "Disability": "MOB"}]}
    assert flagged("2887Q", example) == [("cin_header", "/Message/Header")]


@pytest.mark.parametrize(("day", "count", "expected"), [
    (date(2026, 3, 31), 1, date(2026, 3, 30)),
    (date(2025, 4, 1), 1, date(2025, 3, 31)),
    (date(2025, 4, 22), 1, date(2025, 4, 17)),  # Good Friday and Easter Monday
    (date(2026, 3, 31), 15, date(2026, 3, 10)),
    (date(2026, 3, 31), 45, date(2026, 1, 27)),
])
def test_working_days_are_counted_back_without_weekends_or_bank_holidays(day, count, expected):
    con = duckdb.connect()
    for macro in MACROS:
        con.execute(macro)
    assert con.execute("SELECT working_days_before(?, ?)", [day, count]).fetchone()[0] \
        == expected
