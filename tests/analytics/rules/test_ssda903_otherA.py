"""Which rows the subtler OC2, OC3, AD1 and PlacedAdoption rules flag."""

from smeaton.analytics.rules import registry
from smeaton.analytics.rules.examples import run_example
from smeaton.analytics.source import Source


def rule(code):
    (found,) = registry()[(Source.SSDA903, code)]
    return found


def flagged(code, example) -> set[tuple[str, int]]:
    """(table, line) of each row the rule flags; line 2 is a table's first row."""
    outcome = run_example(rule(code), example)
    return {(problem.table, problem.row) for problem in outcome.problems
            if problem.rule == code}


def summary(code, example):
    outcome = run_example(rule(code), example)
    return next(each for each in outcome.summaries if each.code == code)


def episode(decom, child="1", **fields) -> dict:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U1", **fields}


def decision(date_placed, ceased="", reason="", child="1") -> dict:
    return {"CHILD": child, "DOB": "2020-06-01", "DATE_PLACED": date_placed,
            "DATE_PLACED_CEASED": ceased, "REASON_PLACED_CEASED": reason}


def adoption(date_int="2025-01-10", child="1") -> dict:
    return {"CHILD": child, "DOB": "2020-06-01", "DATE_INT": date_int,
            "DATE_MATCH": "2025-05-01", "FOSTER_CARE": "0", "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}


LEAVER = {"DOB": "2006-06-01", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}


def test_the_twelve_months_cohort_is_in_care_from_1_april_without_a_break():
    """Rule 187 flags care leaver data for the children of the OC2 cohort only."""
    children = {"1": [episode("2024-06-01")],  # in care all year
                "2": [episode("2024-06-01", DEC="2025-07-01", REC="X1"),  # moved, no break
                      episode("2025-07-01", RNE="P", PLACE="K2")],
                "3": [episode("2025-04-02")],  # came into care after 1 April
                "4": [episode("2024-06-01", DEC="2025-07-01", REC="E4A"),  # went home,
                      episode("2025-09-01")],  # and came back
                "5": [episode("2024-06-01", LS="V3")],  # short breaks
                "6": [episode("2024-06-01", DEC="2026-03-31", REC="E11")]}  # left 31 March
    example = {"episodes": [row | {"CHILD": child} for child, rows in children.items()
                            for row in rows],
               "oc3": [{"CHILD": child, **LEAVER} for child in children]}
    assert flagged("187", example) == {("oc3", 2), ("oc3", 3)}


def test_a_child_of_the_cohort_without_oc2_is_flagged_on_their_first_episode():
    example = {"episodes": [episode("2023-06-01", DEC="2024-06-01", REC="X1"),
                            episode("2024-06-01", RNE="P", PLACE="K2"),
                            episode("2024-06-01", child="2")],
               "oc2": [{"CHILD": "2", "DOB": "2012-06-01", "IMMUNISATIONS": "1"}]}
    assert flagged("191", example) == {("episodes", 2), ("oc2", 2)}


def test_sdq1_is_wrong_for_a_child_who_is_16_at_the_end_of_the_year():
    example = {"episodes": [episode("2024-06-01", child=child) for child in "123"],
               "oc2": [{"CHILD": "1", "DOB": "2009-06-01", "SDQ_REASON": "SDQ1"},  # 15 to 16
                       {"CHILD": "2", "DOB": "2009-03-31", "SDQ_REASON": "SDQ1"},  # 17 on 31/3
                       {"CHILD": "3", "DOB": "2021-05-01", "SDQ_REASON": "SDQ1"}]}  # 3 at start
    assert flagged("157", example) == {("oc2", 2)}


def test_care_leaver_and_twelve_months_data_flags_both_rows():
    example = {"oc2": [{"CHILD": "1", "DOB": "2006-06-01", "CONVICTED": "0"}],
               "oc3": [{"CHILD": "1", **LEAVER}, {"CHILD": "2", **LEAVER}]}
    assert flagged("215", example) == {("oc2", 2), ("oc3", 2)}


def test_a_blank_leaving_care_item_is_153_and_a_wrong_one_131():
    example = {"oc3": [{"CHILD": "1", **LEAVER, "IN_TOUCH": ""},
                       {"CHILD": "2", **LEAVER, "IN_TOUCH": "MAYBE"}]}
    assert summary("153", example).rows == 1
    assert summary("131", example).rows == 1


def test_a_new_decision_overlapping_an_open_one_flags_the_new_one_and_queries_the_old():
    example = {"placed_adoption": [decision("2025-01-10"),
                                   decision("2024-03-01"),
                                   decision("2023-01-01", "2023-06-01", "RD1")]}
    assert flagged("579", example) == {("placed_adoption", 2)}
    assert flagged("583", example) == {("placed_adoption", 3)}
    assert rule("583").severity == "query"


def test_a_reversed_then_renewed_decision_matches_the_adoption():
    """An earlier decision reversed, then a new one that led to adoption: only the
    new one need agree with AD1, and the child may be adopted."""
    renewed = {"placed_adoption": [decision("2024-03-01", "2024-09-01", "RD1"),
                                   decision("2025-01-10")],
               "ad1": [adoption()]}
    assert flagged("523", renewed) == set()
    assert flagged("525", renewed) == set()
    mismatched = {**renewed, "ad1": [adoption("2025-01-11")]}
    assert flagged("523", mismatched) == {("ad1", 2), ("placed_adoption", 3)}
    reversed_last = {"placed_adoption": [decision("2024-03-01"),
                                         decision("2025-01-10", "2025-06-01", "RD2")],
                     "ad1": [adoption()]}
    assert flagged("525", reversed_last) == {("placed_adoption", 3), ("ad1", 2)}


def test_last_years_open_decision_must_be_carried_into_this_year():
    last = [{"CHILD": "1", "DOB": "2020-06-01", "DATE_PLACED": "2025-01-10"}]
    moved = {"placed_adoption": [decision("2025-02-01")], "placed_adoption_last": last}
    assert flagged("560", moved) == {("placed_adoption", 2)}
    carried = {"placed_adoption": [decision("2025-01-10", "2025-06-01", "RD1"),
                                   decision("2025-08-01")],
               "placed_adoption_last": last}
    assert flagged("560", carried) == set()
