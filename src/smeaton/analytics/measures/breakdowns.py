"""The breakdowns of MEASURES.md as Ibis expressions: sex, ethnicity, age band.

Each gives the label of a breakdown the registry declares (``indicators.SEX`` and the
rest: their columns and every label they can take). A field that failed its check, or
is blank, is counted under "Not known" rather than dropped: the headline does not need
it.
"""

from __future__ import annotations

import ibis

from smeaton.analytics.indicators import NOT_KNOWN

ETHNIC_GROUPS = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black", "O": "Other"}


def sex(code: ibis.Value) -> ibis.Value:
    """SSDA903 SEX 1/2 (M/F/U from 2025); CIN Sex or GenderCurrent 1/2, 0 or 9."""
    return ibis.cases((code.isin(("1", "M")), "Male"), (code.isin(("2", "F")), "Female"),
                      else_=NOT_KNOWN)


def ethnicity(code: ibis.Value) -> ibis.Value:
    """The major group, by the code's first letter; CHNE is Other."""
    first = code.substr(0, 1)
    return ibis.cases(
        (code.isin(("REFU", "NOBT")), "Refused or not obtained"),
        (code == "CHNE", "Other"),
        *((first == letter, group) for letter, group in ETHNIC_GROUPS.items()),
        else_=NOT_KNOWN)


def age(birth: ibis.Value, on: ibis.Value) -> ibis.Value:
    """Age in whole years on a date: the difference in years, less one when the birthday
    (as month and day, MMDD) has not come yet that year (29 February turns on 1 March)."""
    not_yet = _month_day(on) < _month_day(birth)
    return on.year() - birth.year() - not_yet.cast("int32")


def age_band(birth: ibis.Value, on: ibis.Value) -> ibis.Value:
    return band(age(birth, on))


def band(years: ibis.Value) -> ibis.Value:
    """The age band of an age in whole years."""
    return ibis.cases((years.isnull(), NOT_KNOWN), (years < 1, "Under 1"), (years < 5, "1-4"),
                      (years < 10, "5-9"), (years < 16, "10-15"), else_="16 and over")


def _month_day(day: ibis.Value) -> ibis.Value:
    return day.month() * 100 + day.day()
