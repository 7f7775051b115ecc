"""The children behind a figure: the rows a measure counted for one LA and period, by
the child's pseudonymous token, with the facts that put each in the numerator or the
denominator.

The rows come from the measure's own expression, the one that made the figure, so the
list always adds up to it: one row per unit counted (a child, a referral, a plan or a
pupil's enrolment, as the measure counts), what it adds to the ``numerator`` and the
``denominator`` (1 or 0 for most; sessions for overall absence),
the breakdown groups it fell in, and the columns the expression worked out on the way
(episode dates, placements in the period, a care leaver's activity). Nothing here
re-identifies a child: tokens stay tokens (privacy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from smeaton.analytics.indicators import BY_SLUG, Indicator
from smeaton.analytics.measures.data import RECORDS, Data
from smeaton.analytics.measures.periods import Period, periods_table
from smeaton.analytics.measures.results import units
from smeaton.analytics.store import Store

# Columns of the expression's rows that are workings, not facts about the child (the
# periods table's columns are too).
WORKINGS = frozenset({"la_code", "year", "failed_fields", "numerator", "denominator"})


@dataclass(frozen=True)
class Children:
    """The rows behind one figure, and what they add up to."""

    measure: Indicator
    la_code: str
    period: Period
    group: tuple[str, str] | None  # (breakdown title, group), or None for the total
    rows: list[dict]

    @property
    def numerator(self) -> int:
        return sum(row["numerator"] for row in self.rows)

    @property
    def denominator(self) -> int:
        return sum(row["denominator"] for row in self.rows)


def children_behind(store: Path, measure: Indicator, la_code: str, period: Period,
                    group: tuple[str, str] | None = None) -> Children:
    """The units ``measure`` counted for ``la_code`` in ``period``, or in one group of
    one of its breakdowns (``("Sex", "Female")``). A rate's are its count's."""
    rate_of = measure.computed.rate_of
    counted = BY_SLUG[rate_of] if rate_of else measure
    breakdown = None
    if group is not None:
        breakdown = next((b for b in counted.computed.breakdowns if b.title == group[0]),
                         None)
        if breakdown is None or group[1] not in breakdown.values:
            raise ValueError(f"{measure.slug} has no breakdown group {group[0]}: {group[1]}")
    with Store(store).reading():
        data = Data(store, la_code, {period.academic_year}, breakdowns=True)
        periods = periods_table([period])
        rows = units(counted)(data, periods, counted.computed.needs)
        rows = rows.filter(rows.la_code == la_code, rows.period_end == period.end,
                           (rows.numerator > 0) | (rows.denominator > 0))
        if breakdown is not None:
            rows = rows.filter(rows[breakdown.column] == group[1])
        table = data.con.to_pyarrow(rows)
    return Children(measure, la_code, period, group,
                    listed(table, counted, WORKINGS | set(periods.columns)))


def listed(table: pa.Table, measure: Indicator, workings: set[str]) -> list[dict]:
    """Each unit as a row a person can read: the token first, then what it adds to the
    numerator and the denominator, then the groups and the facts."""
    child = RECORDS[next(iter(measure.computed.needs))].child
    titles = {breakdown.column: breakdown.title for breakdown in measure.computed.breakdowns}
    rows = []
    for unit in table.to_pylist():
        row = {"child": unit[child], "numerator": unit["numerator"],
               "denominator": unit["denominator"]}
        row |= {titles[column]: unit[column] for column in titles if column in unit}
        row |= {column: value for column, value in unit.items()
                if column not in workings and column != child
                and not column.startswith("by_") and column not in row}
        rows.append(row)
    return sorted(rows, key=lambda row: (-row["numerator"], row["child"] or ""))
