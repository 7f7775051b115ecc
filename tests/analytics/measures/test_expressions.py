"""Every computed indicator's expression: there, giving the columns its breakdowns need,
and portable to other engines' SQL."""

import ibis
import pytest

from smeaton.analytics.indicators import COMPUTED
from smeaton.analytics.measures.data import Data
from smeaton.analytics.measures.periods import periods_table, reporting_year
from smeaton.analytics.measures.results import expression

EXPRESSIONS = [indicator for indicator in COMPUTED if not indicator.computed.rate_of]


@pytest.fixture(scope="module")
def expressions(tmp_path_factory):
    """Every expression over an empty store."""
    data = Data(tmp_path_factory.mktemp("empty"))
    periods = periods_table([reporting_year(2025)])
    return {indicator.slug: expression(indicator)(data, periods, indicator.computed.needs)
            for indicator in EXPRESSIONS}


@pytest.mark.parametrize("indicator", EXPRESSIONS, ids=lambda indicator: indicator.slug)
def test_each_expression_gives_a_row_per_unit_with_its_breakdowns(expressions, indicator):
    columns = set(expressions[indicator.slug].columns)
    assert {"la_code", "period_end", "numerator", "denominator"} <= columns
    assert {breakdown.column for breakdown in indicator.computed.breakdowns} <= columns


@pytest.mark.parametrize("dialect", ["postgres", "trino", "pyspark"])
def test_the_expressions_compile_for_other_engines(expressions, dialect):
    """No DuckDB-only SQL: another engine could run them."""
    for slug, compiled in expressions.items():
        assert ibis.to_sql(compiled, dialect=dialect), slug
