"""Cells safe to open in a spreadsheet: the one guard against formula injection.

A CSV or Excel file Smeaton writes for people to open (problem reports, measures, the
scorecard) can hold text from outside: values and identifiers from a return, names
from the database. Excel, LibreOffice and Google Sheets take text that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) for a formula,
which can open links or run commands. As OWASP advises, such text is written with a
single quote in front, which the spreadsheet shows and does not run.

Only text is changed: numbers stay numbers, and so does text that is a plain number
(``-5``, ``-2.5``, ``-26.0%``), which no spreadsheet runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def safe(value: object) -> object:
    """A cell's value, with a quote before text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe(value) for value in values]
