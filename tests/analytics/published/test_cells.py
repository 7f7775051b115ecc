from decimal import Decimal

import pyarrow.parquet as pq
import pytest

from smeaton.analytics.published.cells import CellError, Period, parse_period, parse_value


@pytest.mark.parametrize("symbol", ["c", "x", "z", "low", "k", "u", ":", "~", "-"])
def test_every_published_symbol_is_kept_as_a_symbol_never_zero(symbol):
    cell = parse_value(symbol)
    assert cell.value is None
    assert cell.symbol == symbol
    assert cell.reason


def test_numbers_with_commas_and_blanks():
    assert parse_value("1,234.5").value == Decimal("1234.5")
    assert parse_value(" 26.0 ").value == Decimal("26.0")
    assert parse_value("0").value == Decimal("0")  # a real zero stays zero
    assert parse_value("").symbol == "x"


@pytest.mark.parametrize("text", ["n/a", "12%", "nan", "inf", "?"])
def test_anything_else_is_refused_with_a_reason(text):
    with pytest.raises(CellError, match="neither a number nor a known symbol|not a finite"):
        parse_value(text)


@pytest.mark.parametrize(("text", "period"), [
    ("2025", Period(2025, "2025")),
    ("202425", Period(2025, "2024/25")),
    ("2023/24", Period(2024, "2023/24")),
    ("2016-17", Period(2017, "2016/17")),
    ("2016-17 (OT)", Period(2017, "2016/17")),
    ("2018 (Rev)", Period(2018, "2018")),
    ("2020 (Final)", Period(2020, "2020")),
    ("1999/00", Period(2000, "1999/00")),
    ("2016/2017", Period(2017, "2016/17")),
    ("2014-16", Period(2016, "2014-16")),  # three years pooled
    ("2013/14-15/16", Period(2016, "2013/14-15/16")),
])
def test_every_form_of_time_period(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["202426", "2025Q1", "25", "", "2023/25", "0", "2014-24"])
def test_a_period_that_is_not_one_year_is_refused(text):
    with pytest.raises(CellError):
        parse_period(text)


def test_every_period_in_the_whole_of_lait_is_understood(real):
    years = set(pq.read_table(real / "lait/bds_long_0.parquet", columns=["Years"])
                .column("Years").to_pylist())
    assert len(years) > 40
    # One measure LAIT does not use in Smeaton has a period of "0", which is refused.
    for text in years - {"0"}:
        assert 2000 < parse_period(text).year < 2030, text
