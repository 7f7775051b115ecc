"""Which rows the Header and UASC rules flag, where that is not plain from their examples."""

import pyarrow as pa

from smeaton.analytics import checks
from smeaton.analytics.rules import registry
from smeaton.analytics.rules.engine import Context, run
from smeaton.analytics.rules.examples import _checked, _typed, run_example, specs_for
from smeaton.analytics.source import Source

CHILD = {"CHILD": "1", "SEX": "F", "DOB": "2010-06-15", "ETHNIC": "WBRI",
         "UPN": "A123456789012"}
EPISODE = {"CHILD": "1", "RNE": "S", "LS": "C2", "PLACE": "U1"}


def rules(code: str):
    return registry()[(Source.SSDA903, code)]


def flagged(code: str, example: dict) -> set[tuple[str, int]]:
    """(table, CSV line) of each row the code's SQL rule flags."""
    rule = next(rule for rule in rules(code) if not rule.format)
    outcome = run_example(rule, example)
    return {(problem.table, problem.row) for problem in outcome.problems
            if problem.rule == code}


def summary(code: str, example: dict, *, format: bool):
    rule = next(rule for rule in rules(code) if bool(rule.format) == format)
    outcome = run_example(rule, example)
    return next(each for each in outcome.summaries if each.rule is rule)


def test_un4_flags_the_header_and_the_open_episode_of_a_child_in_care_all_month():
    example = {"header": [{**CHILD, "UPN": "UN4"}],
               "episodes": [{**EPISODE, "DECOM": "2025-06-01", "DEC": "2026-03-01",
                             "REC": "X1"},
                            {**EPISODE, "RNE": "P", "DECOM": "2026-03-01"}]}
    assert flagged("210", example) == {("header", 2), ("episodes", 3)}


def test_un4_is_right_for_a_child_whose_care_began_in_the_last_week_of_march():
    example = {"header": [{**CHILD, "UPN": "UN4"}],
               "episodes": [{**EPISODE, "DECOM": "2025-06-01", "DEC": "2025-07-01",
                             "REC": "E13"},
                            {**EPISODE, "DECOM": "2026-03-25"}]}
    assert flagged("210", example) == set()


def test_only_the_first_episode_before_birth_is_flagged():
    example = {"header": [{**CHILD, "DOB": "2025-08-01"}],
               "episodes": [{**EPISODE, "DECOM": "2025-06-01", "DEC": "2025-07-01",
                             "REC": "X1"},
                            {**EPISODE, "RNE": "P", "DECOM": "2025-07-01"}]}
    assert flagged("302", example) == {("header", 2), ("episodes", 2)}


def test_every_child_sharing_a_upn_is_flagged_but_not_those_unknown():
    example = {"header": [CHILD, {**CHILD, "CHILD": "2"}, {**CHILD, "CHILD": "3"},
                          {**CHILD, "CHILD": "4", "UPN": "UN2"},
                          {**CHILD, "CHILD": "5", "UPN": "UN2"}]}
    assert flagged("444", example) == {("header", 2), ("header", 3), ("header", 4)}


def test_a_mother_status_that_is_not_0_or_1_is_the_format_checks_and_not_read_again():
    example = {"header": [{**CHILD, "MOTHER": "Y"}],
               "episodes": [{**EPISODE, "DECOM": "2025-06-01"}]}
    assert summary("165", example, format=True).rows == 1
    sql = summary("165", example, format=False)
    assert sql.rows == 0 and sql.not_checked == 1


def test_a_care_leaver_without_an_episode_this_year_need_not_give_mother_status():
    leaver = {"CHILD": "1", "DOB": "2007-06-15", "IN_TOUCH": "YES", "ACTIV": "F1",
              "ACCOM": "T1"}
    earlier = {**EPISODE, "DECOM": "2023-06-01", "DEC": "2024-06-01", "REC": "E13"}
    example = {"header": [{**CHILD, "DOB": "2007-06-15"}], "episodes": [earlier],
               "oc3": [leaver]}
    assert flagged("165", example) == set()
    del example["oc3"]
    assert flagged("165", example) == {("header", 2)}


def test_a_uasc_status_that_ceased_before_the_year_is_flagged_and_a_bad_date_carried():
    rows = [{"CHILD": "1", "SEX": "M", "DOB": "2008-01-01", "DUC": "2025-03-31"},
            {"CHILD": "2", "SEX": "M", "DOB": "2008-01-01", "DUC": "31/31/2026"},
            {"CHILD": "3", "SEX": "M", "DOB": "2008-01-01", "DUC": "2026-01-01"}]
    assert flagged("104", {"uasc": rows}) == {("uasc", 2)}
    assert summary("104", {"uasc": rows}, format=True).rows == 1


def test_last_years_upn_token_is_compared_with_this_years_upn_keyed_alike():
    """The store keeps last year's UPN as a token: this year's is keyed to match."""
    rule = rules("208")[0]
    specs = specs_for(Source.SSDA903)
    header = _checked(specs["header"], [CHILD, {**CHILD, "CHILD": "2",
                                                 "UPN": "B123456789012"}], 2026)
    tables = {"header": header}
    checks.check_return(tables)
    last = _typed(specs["header"], [{"CHILD": "1", "UPN": "token-A123456789012"},
                                    {"CHILD": "2", "UPN": "token-C123456789012"}],
                  Source.SSDA903)
    context = Context(2026, "879", previous={"header": last},
                      upn_key=_token)
    outcome = run(tables, specs, Source.SSDA903, context)
    assert {(p.rule, p.child) for p in outcome.problems if p.rule == rule.code} == {
        ("208", "2")}


def _token(upns: pa.Array) -> pa.Array:
    return pa.array([None if upn is None else f"token-{upn}" for upn in upns.to_pylist()])


def test_last_years_dates_of_birth_are_compared_by_month():
    last = {"CHILD": "1", "SEX": "F", "DOB": "2010-06-01", "MOTHER": "1",
            "MC_DOB": "2025-01-01"}
    same = {"header": [{**CHILD, "MOTHER": "1", "MC_DOB": "2025-01-20"}],
            "header_last": [last]}
    assert flagged("203", same) == set() and flagged("624", same) == set()
    moved = {"header": [{**CHILD, "DOB": "2010-05-31", "MOTHER": "1", "MC_DOB": "2025-02-01"}],
             "header_last": [last]}
    assert flagged("203", moved) == {("header", 2)} == flagged("624", moved)


def test_last_years_return_given_whole_compares_by_month_too():
    last = {"CHILD": "1", "SEX": "F", "DOB": "2010-06-15", "MOTHER": "1",
            "MC_DOB": "2025-01-20"}
    same = {"header": [{**CHILD, "MOTHER": "1", "MC_DOB": "2025-01-20"}],
            "header_last": [last]}
    assert flagged("203", same) == set() and flagged("624", same) == set()
    uasc = {"CHILD": "1", "SEX": "M", "DOB": "2009-06-15", "DUC": "2027-06-15"}
    assert flagged("205B", {"uasc": [uasc], "uasc_last": [uasc]}) == set()


def test_sex_coded_1_and_2_before_2025_is_read_as_male_and_female():
    def in_2024(code: str, example: dict) -> set[int]:
        rule = next(rule for rule in rules(code) if not rule.format)
        outcome = run_example(rule, example, year=2024)
        assert not [p for p in outcome.problems  # 1 and 2 are valid codes to 2024
                    if p.column == "SEX" and p.rule != code]
        return {problem.row for problem in outcome.problems if problem.rule == code}

    girl, boy = {**CHILD, "SEX": "2", "MOTHER": "0"}, {**CHILD, "CHILD": "2", "SEX": "1"}
    in_care = [{**EPISODE, "DECOM": "2023-06-01"}, {**EPISODE, "CHILD": "2",
                                                    "DECOM": "2023-06-01"}]
    assert in_2024("165", {"header": [girl, boy], "episodes": in_care}) == set()
    assert in_2024("165", {"header": [{**girl, "MOTHER": ""}, {**boy, "MOTHER": "0"}],
                           "episodes": in_care}) == {2, 3}
    last = [{**girl, "_child": "1"}, {**boy, "_child": "2", "SEX": "2"}]
    assert in_2024("202", {"header": [girl, boy], "header_last": last}) == {3}
