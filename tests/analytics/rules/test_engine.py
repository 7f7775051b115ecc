"""The rules engine: what it flags, what it could not check, and what it skipped."""

import pyarrow as pa

from smeaton.analytics.problems import ERROR, QUERY
from smeaton.analytics.rules import PREVIOUS, Rule, examples
from smeaton.analytics.rules import engine as engine_module
from smeaton.analytics.rules.examples import run_example
from smeaton.analytics.source import Source

SSDA903 = Source.SSDA903


def rule(**details) -> Rule:
    return Rule(source=SSDA903, **{"code": "T1", "message": "A test rule.", **details})


def run(test_rule: Rule, example: dict, year: int = 2026):
    """The outcome of ``test_rule`` alone on an example return."""
    return run_example(test_rule, example, year)


def test_a_flagged_row_is_a_problem_with_its_code_year_file_row_child_and_value():
    outcome = run(rule(flags=("header.ETHNIC",), where="ETHNIC = 'WOTH'",
                       severity=QUERY),
                  {"header": [{"CHILD": "A", "ETHNIC": "WBRI"},
                              {"CHILD": "B", "ETHNIC": "woth"}]})
    (problem,) = outcome.problems
    assert (problem.rule, problem.year, problem.file, problem.row, problem.child,
            problem.column, problem.value, problem.severity, problem.reason) == (
        "T1", 2026, "header.csv", 3, "B", "ETHNIC", "woth", QUERY, "A test rule.")
    (summary,) = outcome.summaries
    assert (summary.rows, summary.children, summary.not_checked) == (1, 1, 0)


def test_a_rule_flagging_several_fields_names_each_value():
    outcome = run(rule(flags=("header.SEX", "header.MOTHER"),
                       where="SEX = 'M' AND MOTHER = '1'"),
                  {"header": [{"CHILD": "A", "SEX": "M", "MOTHER": "1"}]})
    (problem,) = outcome.problems
    assert (problem.column, problem.value) == ("SEX, MOTHER", "SEX M; MOTHER 1")


def test_rows_whose_fields_failed_the_format_checks_are_counted_not_checked():
    """A blank date of birth cannot say how old the child is: the rule names the rows
    it could not check, and never flags or passes them silently."""
    outcome = run(rule(flags=("header.DOB",), where="age_on(DOB, {start}) > 25"),
                  {"header": [{"CHILD": "A", "DOB": "1990-01-01"},
                              {"CHILD": "B"}, {"CHILD": "C", "DOB": "2010-02-31"},
                              {"CHILD": "D", "DOB": "2010-01-01"}]})
    assert [problem.child for problem in outcome.problems] == ["A"]
    (summary,) = outcome.summaries
    assert summary.not_checked == 2
    assert summary.why_not_checked == "2 header rows whose DOB failed the format checks"


def test_rows_not_stored_are_counted_not_checked():
    outcome = run(rule(flags=("header.ETHNIC",), where="ETHNIC = 'WOTH'"),
                  {"header": [{"CHILD": "A", "ETHNIC": "WOTH"},
                              {"CHILD": "A", "ETHNIC": "WOTH"}]})
    (summary,) = outcome.summaries
    assert (summary.rows, summary.not_checked) == (1, 1)
    assert summary.why_not_checked == "1 header rows not stored"


def test_rows_a_rule_cannot_judge_are_counted_not_checked():
    outcome = run(rule(flags=("header.DOB",), where="age_on(DOB, {start}) > 10",
                       cannot_check=("DOB < DATE '2000-01-01'", "born before 2000")),
                  {"header": [{"CHILD": "A", "DOB": "1990-01-01"},
                              {"CHILD": "B", "DOB": "2001-01-01"},
                              {"CHILD": "C", "DOB": "2020-01-01"}]})
    assert [problem.child for problem in outcome.problems] == ["B"]
    (summary,) = outcome.summaries
    assert (summary.not_checked, summary.why_not_checked) == (1, "1 born before 2000")


def test_rules_read_every_earlier_year_held_from_the_first():
    """``in_care_before`` holds each earlier year's children in care; ``{held_from}`` is
    the first day of the earliest."""
    looks_back = rule(flags=("header.CHILD",), needs=frozenset({PREVIOUS}),
                      where="_child NOT IN (SELECT _child FROM in_care_before) "
                            "AND {held_from} = DATE '2021-04-01'")
    header = examples._checked(examples.specs_for(SSDA903)["header"],
                               [{"CHILD": "A"}, {"CHILD": "B"}, {"CHILD": "C"}], 2026)
    context = engine_module.Context(2026, "879", previous={"header": pa.table({
        "CHILD": ["A"], "SEX": ["M"]})}, in_care_before={
        2022: pa.array(["A"]), 2025: pa.array(["B"])})
    outcome = engine_module.run({"header": header}, examples.specs_for(SSDA903), SSDA903,
                                context, [looks_back])
    assert [problem.child for problem in outcome.problems] == ["C"]


def test_a_rule_across_tables_flags_rows_in_each():
    outcome = run(rule(flags=("header.CHILD", "episodes.DECOM"), sql="""
        SELECT 'header' AS _table, _row FROM header WHERE CHILD = 'A'
        UNION ALL SELECT 'episodes', _row FROM episodes WHERE CHILD = 'A'"""),
        {"header": [{"CHILD": "A"}, {"CHILD": "B"}],
         "episodes": [{"CHILD": "B", "DECOM": "2025-05-01"},
                      {"CHILD": "A", "DECOM": "2025-06-01"}]})
    assert sorted((p.table, p.row) for p in outcome.problems) == [
        ("episodes", 3), ("header", 2)]
    assert outcome.summaries[0].children == 1


def test_a_rule_that_needs_last_year_is_skipped_without_it():
    looks_back = rule(flags=("header.SEX",), needs=frozenset({PREVIOUS}),
                      where="SEX <> (SELECT SEX FROM header_last l WHERE l._child = _child)")
    outcome = run(looks_back, {"header": [{"CHILD": "A", "SEX": "M"}]})
    assert outcome.summaries[0].skipped == "not run: needs the previous year's return"
    assert not outcome.problems


def test_a_rule_compares_with_last_years_return():
    looks_back = rule(flags=("header.SEX",), needs=frozenset({PREVIOUS}), sql="""
        SELECT h._row FROM header h JOIN header_last l ON l._child = h._child
        WHERE h.SEX <> l.SEX""")
    outcome = run(looks_back, {"header": [{"CHILD": "A", "SEX": "M"},
                                          {"CHILD": "B", "SEX": "F"}],
                               "header_last": [{"CHILD": "A", "SEX": "F"},
                                               {"CHILD": "B", "SEX": "F"}]})
    assert [problem.child for problem in outcome.problems] == ["A"]


def test_a_rule_that_fails_to_run_is_reported_and_the_others_still_run():
    broken = rule(code="T2", flags=("header.SEX",), where="no_such_function(SEX)")
    working = rule(flags=("header.SEX",), where="SEX = 'M'")
    outcome = run_example(working, {"header": [{"CHILD": "A", "SEX": "M"}]},
                          rules=[broken, working])
    skipped, ran = outcome.summaries
    assert skipped.skipped.startswith("could not run: ")
    assert ran.rows == 1 and not ran.skipped


def test_a_format_rule_gives_its_code_to_the_format_checks_problem():
    carried = rule(flags=("header.ETHNIC",), format="any")
    outcome = run(carried, {"header": [{"CHILD": "A", "ETHNIC": "XXXX"}]})
    assert outcome.summaries[0].rows == 1 and not outcome.problems


def test_the_la_code_is_quoted_in_the_rules_sql():
    context = engine_module.Context(2026, la_code="8'79")
    assert context.placeholders()["la"] == "'8''79'"


def test_severity_must_be_error_or_query():
    for severity in (ERROR, QUERY):
        rule(flags=("header.SEX",), where="TRUE", severity=severity)
    try:
        rule(flags=("header.SEX",), where="TRUE", severity="warning")
    except ValueError as error:
        assert "severity" in str(error)
    else:
        raise AssertionError("a warning is not a DfE severity")


def test_a_rule_declared_in_two_halves_is_one_line_of_the_report():
    halves = [engine_module.RuleSummary(rule(flags=("header.SEX",), format="any"), 2026,
                                        rows=2, children=2, not_checked=1,
                                        why_not_checked="1 header rows not stored"),
              engine_module.RuleSummary(rule(flags=("header.SEX",), where="TRUE"), 2026,
                                        rows=3, children=1)]
    (one,) = engine_module.combined(halves)
    assert (one.code, one.rows, one.children, one.not_checked) == ("T1", 5, 3, 1)
    assert halves[0].rows == 2  # the halves themselves are left as they were


def test_rule_codes_sort_in_their_natural_order():
    from smeaton.analytics.rules import code_order

    codes = ["SW10STG2", "1000", "103", "EPI", "INT32", "SW02STG1", "8545Q", "INT01"]
    assert sorted(codes, key=code_order) == [
        "103", "1000", "8545Q", "EPI", "INT01", "INT32", "SW02STG1", "SW10STG2"]
