"""The cells of published files: values with their symbols, and time periods.

EES open data marks a missing value with a symbol instead of a number (DOMAIN.md
section 5); LAIT uses "-". A symbol is kept, never turned into 0, so a page can say
why a figure is not there.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from smeaton.years import year_label

SYMBOLS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to 0 but is not 0",
    "k": "rounds to 0 but is not 0",
    "u": "low reliability",
    ":": "not available",
    "~": "rounds to 0 but is not 0",
    "-": "not published",
}


LARGEST = Decimal(10) ** 10  # no published figure is this large: a number gone wrong


class CellError(ValueError):
    """A cell that is neither a number nor a known symbol; the message says why."""


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    symbol: str = ""

    @property
    def reason(self) -> str:
        return SYMBOLS.get(self.symbol, "")


def parse_value(text: str | None) -> Cell:
    """A number (commas allowed) or one of the published symbols; blank means "x"."""
    raw = (text or "").strip()
    if raw == "" or raw.upper() == "NA":
        return Cell(None, "x")
    if raw.lower() in SYMBOLS:
        return Cell(None, raw.lower())
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise CellError(
            f"is neither a number nor a known symbol ({', '.join(SYMBOLS)})"
        ) from None
    if not value.is_finite():
        raise CellError("is not a finite number")
    if abs(value) >= LARGEST:
        raise CellError(f"is larger than any published figure (under {LARGEST:,})")
    return Cell(value)


@dataclass(frozen=True)
class Period:
    """A published time period: ``year`` is the year in which it ends."""

    year: int
    label: str


_FOUR = re.compile(r"(\d{4})")
_SIX = re.compile(r"(\d{4})(\d{2})")  # EES academic or financial year: 202425
_SPAN = re.compile(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})")  # LAIT: 2016-17, 2015/16, 2016/2017
_ROLLING = re.compile(r"(\d{4})(?:/\d{2})?\s*-\s*(\d{2})(?:/(\d{2}))?")  # 2014-16, 2013/14-15/16
_NOTE = re.compile(r"\s*\((?:OT|Rev|Final|Prov|Provisional|Revised)\)\s*$", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """Every form of period in EES and LAIT files, e.g. 2025, 202425, 2023/24, 2018 (Rev).

    A period is keyed on the year it ends in; pooled years (2014-16) on their last.
    """
    raw = _NOTE.sub("", (text or "").strip())
    if match := _FOUR.fullmatch(raw):
        return Period(int(match.group(1)), match.group(1))
    match = _SIX.fullmatch(raw) or _SPAN.fullmatch(raw)
    if match and (last := _end_year(match.group(1), match.group(2))) == int(match.group(1)) + 1:
        return Period(last, year_label(int(match.group(1))))
    if match := _ROLLING.fullmatch(raw):
        start = int(match.group(1))
        last = _end_year(match.group(1), match.group(3) or match.group(2))
        if start + 1 < last <= start + 4:
            return Period(last, raw)
    raise CellError("is not a time period this loader knows (for example 2025, 202425, 2024/25)")


def _end_year(start: str, end: str) -> int:
    """The year a span ends: 2023 and 24 -> 2024; 1999 and 00 -> 2000."""
    if len(end) == 4:
        return int(end)
    last = int(start) // 100 * 100 + int(end)
    return last + 100 if last <= int(start) else last
