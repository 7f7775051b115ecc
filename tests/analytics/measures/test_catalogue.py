"""The catalogue holds together: every measure complete, its fields real, its expression
giving the columns its breakdowns need, and portable to other engines' SQL."""

import ibis
import pytest

from smeaton.analytics.formats.spec import all_tables
from smeaton.analytics.measures import CATALOGUE
from smeaton.analytics.measures.catalogue import BY_ID, COUNT, PERCENT, RATE
from smeaton.analytics.measures.data import RECORDS, Data
from smeaton.analytics.measures.periods import periods_table, reporting_year
from smeaton.analytics.published.indicators import BY_SLUG, CONTEXT, HIGHER, LOWER

COLUMNS = {spec.name: set(spec.names) for spec in all_tables()}
EXPRESSIONS = [measure for measure in CATALOGUE if not measure.rate_of]


def test_every_measure_in_the_definitions_is_declared_once():
    ids = [measure.id for measure in CATALOGUE]
    assert len(ids) == len(set(ids)) == 19
    assert set(ids) == {
        "cla_at_end", "cla_rate", "cla_starts", "cla_ceased", "placements_3plus",
        "long_term_stability", "care_leavers_eet", "care_leavers_suitable", "referrals",
        "rereferral_12m", "assessments_45wd", "cpp_2yrs_ended", "cpp_2yrs_open",
        "cpp_subsequent", "cpp_at_end", "cpp_rate", "absence_overall",
        "absence_persistent", "absence_severe"}


@pytest.mark.parametrize("measure", CATALOGUE, ids=lambda measure: measure.id)
def test_each_measure_says_everything_a_reader_needs(measure):
    assert measure.title and measure.definition and measure.numerator and measure.outcome
    assert measure.unit in (COUNT, PERCENT, RATE)
    assert bool(measure.denominator) == (measure.unit != COUNT)
    assert measure.polarity in (HIGHER, LOWER, CONTEXT)
    assert measure.published == "" or measure.published in BY_SLUG
    for table, fields in measure.needs.items():
        assert set(fields) <= COLUMNS[table], (table, fields)
    if measure.rate_of:
        assert measure.unit == RATE and BY_ID[measure.rate_of].unit == COUNT
        assert measure.needs == BY_ID[measure.rate_of].needs
    else:
        assert measure.expression is not None


@pytest.fixture(scope="module")
def expressions(tmp_path_factory):
    """Every measure's expression over an empty store."""
    data = Data(tmp_path_factory.mktemp("empty"))
    periods = periods_table([reporting_year(2025)])
    return {measure.id: measure.expression(data, periods, measure.needs)
            for measure in EXPRESSIONS}


@pytest.mark.parametrize("measure", EXPRESSIONS, ids=lambda measure: measure.id)
def test_each_expression_gives_a_row_per_unit_with_its_breakdowns(expressions, measure):
    columns = set(expressions[measure.id].columns)
    assert {"la_code", "period_end", "numerator", "denominator"} <= columns
    assert {breakdown.column for breakdown in measure.breakdowns} <= columns
    assert {RECORDS[table].source for table in measure.needs} == {
        RECORDS[next(iter(measure.needs))].source}


@pytest.mark.parametrize("dialect", ["postgres", "trino", "pyspark"])
def test_the_expressions_compile_for_other_engines(expressions, dialect):
    """No DuckDB-only SQL: another engine could run the catalogue."""
    for measure_id, expression in expressions.items():
        assert ibis.to_sql(expression, dialect=dialect), measure_id
