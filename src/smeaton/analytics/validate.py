"""A batch of returns checked as DfE will check it, and nothing stored.

Before a return goes to DfE, an analyst checks it: every cell (the format checks) and
every DfE validation rule, the rules that look back comparing with the previous year's
return, given in the batch or with ``previous``. Nothing is pseudonymised or stored,
and no keys are needed: this is the council's own data, on the analyst's machine.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from smeaton.analytics.ingest import (
    RULE_TABLES,
    Result,
    TableSummary,
    check_rules,
    check_tables,
    in_year,
    no_cycle_collection,
    read_batch,
)
from smeaton.analytics.returns import Return, group
from smeaton.analytics.rules.engine import as_previous, combined

CHECKED = "checked: nothing stored"


def validate(paths: list[Path], *, la_code: str | None = None, year: int | None = None,
             council_la_code: str | None = None, previous: list[Path] | None = None,
             progress=None) -> Result:
    """Every problem and rule summary of a batch, as ingest would report them."""
    with no_cycle_collection():
        raws, skipped = read_batch(paths, progress)
        returns = group(raws, la_code, year, council_la_code, allow_empty=True)
        earlier: dict[tuple, dict[str, pa.Table]] = {}
        if previous:
            before, _ = read_batch(previous, progress)
            for item in group(before, la_code, None, council_la_code, allow_empty=True):
                earlier[_key(item)] = _as_previous(item, check_tables(item))
        result = Result(f"check-{datetime.now(UTC):%Y%m%dT%H%M%S}", skipped=skipped)
        for item in sorted(returns, key=lambda item: item.year):
            checked = check_tables(item)
            outcome = check_rules(item, checked, earlier.get(
                (item.source, item.la_code, item.year - 1)),
                in_care_before=_in_care_before(item, earlier))
            earlier[_key(item)] = _as_previous(item, checked)
            for raw in item.raws:
                result.problems.extend(in_year(raw.problems, item.year))
            for name, done in checked.items():
                result.problems.extend(in_year(done.problems, item.year))
                result.summaries.append(_summary(item, name, done))
            result.problems.extend(outcome.problems)
            result.rules.extend(combined(outcome.summaries))
        return result


def _key(item: Return) -> tuple:
    return (item.source, item.la_code, item.year)


def _in_care_before(item: Return, earlier: dict[tuple, dict[str, pa.Table]]
                    ) -> dict[int, pa.Array]:
    """Each earlier year's children in care, from the returns given."""
    return {year: tables["episodes"]["_child"].combine_chunks()
            for (source, la_code, year), tables in earlier.items()
            if (source, la_code) == (item.source, item.la_code) and year < item.year
            and "episodes" in tables}


def _as_previous(item: Return, checked) -> dict[str, pa.Table]:
    if item.source not in RULE_TABLES:
        return {}
    specs = RULE_TABLES[item.source]()
    return {name: as_previous(table, specs[name]) for name, table in checked.items()}


def _summary(item: Return, name: str, done) -> TableSummary:
    errors = sum(1 for problem in done.problems if problem.severity == "error")
    return TableSummary(item.source, item.la_code, item.year, done.raw.file, name,
                        done.rows_in, done.rows_stored, done.rows_rejected,
                        errors + done.raw.unreadable, len(done.problems) - errors, CHECKED)
