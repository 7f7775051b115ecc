"""The council's own figures as the web app keeps them after each load: every measure for
each of the last 36 month ends the returns reach (each the rolling 12 months to it),
and for every reporting year the returns hold, with breakdowns, rows left out, and each
figure's interval and difference from the whole (equalities.py).

Month ends run up to the last the returns reach: the end of the latest collection year
held, or the last month end before ``today`` if that is sooner (a return of the year so
far). Only months whose 12 months the stored returns cover wholly are kept: a figure
counting part of a year would look like a fall where there was none. (``smeaton
measures`` writes such a month with a note instead.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

from smeaton.analytics.measures.equalities import assess
from smeaton.analytics.measures.periods import Period, month_ends, reporting_year
from smeaton.analytics.measures.results import compute, returns_held
from smeaton.analytics.source import Source
from smeaton.analytics.store import Store
from smeaton.years import collection_end

MONTHS = 36


def periods_kept(store: Path, la_code: str, today: date) -> list[Period]:
    """The month ends and reporting years to keep for ``la_code``, oldest first."""
    years = set()
    with Store(store).reading() as pinned:
        held_now = returns_held(pinned.folder, la_code)
    for (source, la), held in held_now.items():
        if la == la_code and source != Source.ATTENDANCE:
            years |= held
    if not years:
        return []
    before_today = today - relativedelta(days=today.day)  # the last month end before it
    last = min(collection_end(max(years)), before_today)
    months = month_ends(last - relativedelta(months=MONTHS - 1), last)
    ends = {period.end: period for period in months}
    ends |= {collection_end(year): reporting_year(year) for year in years
             if collection_end(year) <= last}
    return [ends[end] for end in sorted(ends) if _covered(ends[end], years)]


def _covered(period: Period, years: set[int]) -> bool:
    """Whether returns are held for every collection year the period's months fall in."""
    first, last = period.returns
    return all(year in years for year in range(first, last + 1))


def series(store: Path, la_code: str, today: date) -> list[dict]:
    """Every measure's rows for the periods kept (``periods_kept``), with intervals."""
    periods = periods_kept(store, la_code, today)
    if not periods:
        return []
    return assess(compute(store, periods, la_code=la_code))
