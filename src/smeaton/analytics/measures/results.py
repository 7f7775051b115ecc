"""Computing the registry's computed indicators into the tidy rows of MEASURES.md.

Each indicator with a computed part (``smeaton.analytics.indicators.COMPUTED``) is a
measure here, written under its slug. One query per measure counts its units for every
LA and period at once, grouped by all of its breakdowns together; the totals and each
breakdown are summed from that small result. A row is written for every LA and period a
stored return covers, and for every value of every breakdown, zeros included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ibis

from smeaton.analytics.indicators import BY_SLUG, COMPUTED, Indicator, Unit
from smeaton.analytics.measures import attendance, children_in_need, looked_after
from smeaton.analytics.measures.data import RECORDS, Data, failed
from smeaton.analytics.measures.periods import Period, periods_table
from smeaton.analytics.published.population import children as population
from smeaton.analytics.source import Source
from smeaton.analytics.store import Store

COLUMNS = ("measure_id", "la_code", "period_end", "time_period", "breakdown",
           "breakdown_value", "numerator", "denominator", "value", "excluded_rows", "note")
TOTAL = "Total"
# Where each source's expressions are: an indicator's is the function named after its slug.
EXPRESSIONS = {Source.SSDA903: looked_after, Source.CIN: children_in_need,
               Source.ATTENDANCE: attendance}


def expression(measure: Indicator) -> Callable:
    """The measure's Ibis expression: (Data, periods, needs) -> rows to sum."""
    return getattr(EXPRESSIONS[measure.computed.source], measure.slug.replace("-", "_"))


def units(measure: Indicator) -> Callable:
    """Each unit the measure counts, for listing the children behind a figure: its
    expression's rows, or where the expression counts a summary instead (attendance's
    millions of enrolments), the function named after the slug with ``_units``."""
    name = measure.slug.replace("-", "_") + "_units"
    return getattr(EXPRESSIONS[measure.computed.source], name, None) or expression(measure)


@dataclass
class Counts:
    """A measure's counts for one LA and period: the total and by each breakdown value."""

    numerator: int = 0
    denominator: int = 0
    by: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(
        lambda: [0, 0]))


def compute(store: Path, periods: list[Period], la_code: str | None = None,
            measures: Iterable[Indicator] = COMPUTED, breakdowns: bool = True) -> list[dict]:
    """The tidy rows of every measure asked, for every LA (or one) and period: with
    every breakdown, or (``breakdowns=False``) the totals alone."""
    # The state read is kept while it is read, whatever loads come meanwhile.
    with Store(store).reading():
        return _compute(store, periods, la_code, measures, breakdowns)


def _compute(store: Path, periods: list[Period], la_code: str | None,
             measures: Iterable[Indicator], breakdowns: bool) -> list[dict]:
    measures = list(measures)
    data = Data(store, la_code, {period.academic_year for period in periods},
                fields_read(COMPUTED), breakdowns)
    table = periods_table(periods)
    held = returns_held(data.folder, la_code)
    counted: dict[str, dict] = {}
    excluded_counts = count_excluded(data, measures, table)
    rows: list[dict] = []
    for measure in measures:
        base = BY_SLUG[measure.computed.rate_of] if measure.computed.rate_of else measure
        if base.slug not in counted:
            counted[base.slug] = count(base, data, table)
        excluded = excluded_rows(measure, excluded_counts)
        for la, period, note in covered(measure, held, periods):
            counts = counted[base.slug].get((la, period.end), Counts())
            common = {"measure_id": measure.slug, "la_code": la, "period_end": period.end,
                      "time_period": period.time_period,
                      "excluded_rows": excluded.get((la, period.end), 0), "note": note}
            if measure.unit == Unit.RATE:
                row = rate(la, period, counts.numerator)
                note = "; ".join(filter(None, (note, row.pop("note"))))
                rows.append({**common, **row, "note": note})
            else:
                rows.extend({**common, **row}
                            for row in breakdown_rows(measure, counts, data.breakdowns))
    return rows


def fields_read(measures: Iterable[Indicator]) -> dict[str, set[str]]:
    """The fields of each table that measures read: those they need to have passed."""
    fields: dict[str, set[str]] = defaultdict(set)
    for measure in measures:
        for table, needed in measure.computed.needs.items():
            fields[table] |= set(needed)
    return fields


def count(measure: Indicator, data: Data, periods: ibis.Table) -> dict[tuple, Counts]:
    """The measure's counts by LA and period end, from one query."""
    units = expression(measure)(data, periods, measure.computed.needs)
    breakdowns = measure.computed.breakdowns if data.breakdowns else ()
    columns = [breakdown.column for breakdown in breakdowns]
    grouped = units.group_by(["la_code", "period_end", *columns]).agg(
        numerator=units.numerator.sum(), denominator=units.denominator.sum())
    result: dict[tuple, Counts] = defaultdict(Counts)
    for row in data.con.to_pyarrow(grouped).to_pylist():
        counts = result[(row["la_code"], row["period_end"])]
        counts.numerator += row["numerator"]
        counts.denominator += row["denominator"]
        for breakdown in breakdowns:
            cell = counts.by[(breakdown.title, row[breakdown.column])]
            cell[0] += row["numerator"]
            cell[1] += row["denominator"]
    return result


def breakdown_rows(measure: Indicator, counts: Counts, breakdowns: bool = True) -> list[dict]:
    rows = [cell(measure, TOTAL, TOTAL, counts.numerator, counts.denominator)]
    for breakdown in measure.computed.breakdowns if breakdowns else ():
        for value in breakdown.values:
            numerator, denominator = counts.by.get((breakdown.title, value), (0, 0))
            rows.append(cell(measure, breakdown.title, value, numerator, denominator))
    return rows


def cell(measure: Indicator, breakdown: str, value: str, numerator: int,
         denominator: int) -> dict:
    if measure.unit != Unit.PERCENT:
        return {"breakdown": breakdown, "breakdown_value": value, "numerator": numerator,
                "denominator": None, "value": numerator}
    return {"breakdown": breakdown, "breakdown_value": value, "numerator": numerator,
            "denominator": denominator,
            "value": numerator / denominator * 100 if denominator else None}


def rate(la: str, period: Period, numerator: int) -> dict:
    """A count per 10,000 children aged 0 to 17, by the ONS mid-year estimate."""
    row = {"breakdown": TOTAL, "breakdown_value": TOTAL, "numerator": numerator}
    estimate = population(la, period.population_year)
    if estimate is None:
        return {**row, "denominator": None, "value": None,
                "note": f"no ONS population estimate for LA {la}"}
    children, year = estimate
    note = f"population: ONS mid-{year} estimate"
    if year != period.population_year:
        note += f" (mid-{period.population_year} is not published)"
    return {**row, "denominator": children, "value": numerator / children * 10_000,
            "note": note}


@dataclass
class Excluded:
    """One table's rows that measures could not count, by LA and period end."""

    # For each set of fields measures need of the table, the records that failed one.
    failed: dict[tuple[str, ...], dict[tuple, int]] = field(default_factory=dict)
    # The rows ingest refused: not stored, so no measure of the table can count them.
    refused: dict[tuple, int] = field(default_factory=dict)


def excluded_rows(measure: Indicator, counted: dict[str, Excluded]) -> dict[tuple, int]:
    """The rows of the returns covering each period (by LA and period) that the measure
    could not count: records whose latest return is one of them and that failed a field
    the measure needs, and the rows ingest refused from them in the tables it reads.
    ``counted`` holds each table's counts (``count_excluded``)."""
    totals: dict[tuple, int] = defaultdict(int)
    for name, fields in measure.computed.needs.items():
        for counts in (counted[name].failed[fields], counted[name].refused):
            for key, rows in counts.items():
                totals[key] += rows
    return totals


def count_excluded(data: Data, measures: Iterable[Indicator],
                   periods: ibis.Table) -> dict[str, Excluded]:
    """For each table the measures read, by LA and period end: for each set of fields
    they need of it, the records that failed one of them; and the rows ingest refused."""
    asked: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for measure in measures:
        for name, fields in measure.computed.needs.items():
            asked[name].add(fields)
    counted: dict[str, Excluded] = {name: Excluded() for name in asked}
    for name, field_sets in asked.items():
        field_sets = sorted(field_sets)
        rows = covering(data.records(name), RECORDS[name].source, periods)
        grouped = rows.group_by("la_code", "period_end").agg(**{
            f"fields_{index}": failed(rows, fields).cast("int64").sum()
            for index, fields in enumerate(field_sets)})
        counted[name].failed = {fields: {} for fields in field_sets}
        for row in data.con.to_pyarrow(grouped).to_pylist():
            for index, fields in enumerate(field_sets):
                counted[name].failed[fields][(row["la_code"], row["period_end"])] = row[
                    f"fields_{index}"]
    # A refused row may have no date to place it by (its date may be what was refused),
    # so, like a failed record, it counts for every period its return covers.
    refused = data.refused()
    for source in {RECORDS[name].source for name in asked}:
        rows = covering(refused, source, periods)
        rows = rows.filter(rows.table.isin([name for name in asked
                                            if RECORDS[name].source == source]))
        grouped = rows.group_by("table", "la_code", "period_end").agg(
            rows=rows.rows_rejected.sum())
        for row in data.con.to_pyarrow(grouped).to_pylist():
            counted[row["table"]].refused[(row["la_code"], row["period_end"])] = row["rows"]
    return counted


def covering(rows: ibis.Table, source: Source, periods: ibis.Table) -> ibis.Table:
    """Rows joined to each period their return covers (for attendance, the academic
    year measured)."""
    if source == Source.ATTENDANCE:
        return rows.join(periods, rows.year == periods.academic_year)
    return rows.join(periods, rows.year.between(periods.first_return, periods.last_return))


def returns_held(store: Path, la_code: str | None) -> dict[tuple[Source, str], set[int]]:
    """The collection years stored for each source and LA."""
    held: dict[tuple[Source, str], set[int]] = defaultdict(set)
    for source in Source:
        pattern = f"la_code={la_code or '*'}/year=*"
        for folder in (Path(store) / source).glob(pattern):
            la = folder.parent.name.split("=", 1)[1]
            held[(source, la)].add(int(folder.name.split("=", 1)[1]))
    return held


def covered(measure: Indicator, held: dict, periods: list[Period]):
    """Each LA and period a stored return of the measure's source covers, with a note
    when the returns cover only part of the period."""
    source = measure.computed.source
    for (held_source, la), years in sorted(held.items()):
        if held_source != source:
            continue
        for period in periods:
            if source == Source.ATTENDANCE:
                wanted = {period.academic_year}
            else:
                first, last = period.returns
                wanted = set(range(first, last + 1))
            if not wanted & years:
                continue
            missing = sorted(wanted - years)
            note = ""
            if missing:
                note = (f"no {source.in_sentence} return stored for "
                        f"{', '.join(map(str, missing))}: counts only what the stored returns "
                        "hold")
            yield la, period, note

