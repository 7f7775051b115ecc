"""A rule's examples, run as a return would be: through the format checks, then the rule.

An example is a small return: table name -> rows, each a dict of field -> value as a
file gives it, with dates written YYYY-MM-DD (SSDA903's are turned into DD/MM/YYYY).
A table named ``<table>_last`` is the previous year's; any other name that is not a
table of the return (``postcodes``, ``header``) is handed to the rules as it is, but for
a CIN census's ``cin_header`` (its one row typed as ingest types it; by default the
example year's reference date, 31 March).
"""

from __future__ import annotations

import re
from datetime import date

import pyarrow as pa

from smeaton.analytics import checks
from smeaton.analytics.formats.cin import header_table
from smeaton.analytics.formats.raw import RawTable
from smeaton.analytics.formats.spec import ARROW_TYPES, Table, cin_tables, ssda903_tables
from smeaton.analytics.rules import PREVIOUS, Example, Rule
from smeaton.analytics.rules.engine import CHILD_COLUMN, Context, Outcome, run
from smeaton.analytics.source import Source

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DEFAULT_YEAR = 2026


def specs_for(source: Source) -> dict[str, Table]:
    return ssda903_tables() if source == Source.SSDA903 else cin_tables()


def example_year(rule: Rule) -> int:
    return min(max(DEFAULT_YEAR, rule.first_year or 0), rule.last_year or 9999)


def run_example(rule: Rule, example: Example, year: int | None = None,
                rules: list[Rule] | None = None) -> Outcome:
    """The outcome of the rule's checks (or of ``rules``') on one example return."""
    year = year or example_year(rule)
    specs = specs_for(rule.source)
    tables, previous, extra = {}, {}, {}
    if rule.source == Source.CIN:
        extra["cin_header"] = header_table({"ReferenceDate": f"{year}-03-31", "Year": str(year)},
                                           "example.xml")
    for name, rows in example.items():
        if name in specs:
            tables[name] = _checked(specs[name], rows, year)
        elif name.endswith("_last") and name[:-5] in specs:
            previous[name[:-5]] = _typed(specs[name[:-5]], rows, rule.source)
        elif name == "cin_header":
            extra[name] = header_table(rows[0], "example.xml")
        else:
            extra[name] = pa.Table.from_pylist(rows)
    checks.check_return(tables)
    # The example gives what the rule needs, but for the previous year: only its
    # ``<table>_last`` tables do.
    context = Context(year, la_code="879", previous=previous or None, extra=extra,
                      available=frozenset(rule.needs - {PREVIOUS}))
    return run(tables, specs, rule.source, context, [rule] if rules is None else rules)


def _text(value, source: Source) -> str:
    if value is None:
        return ""
    text = str(value)
    found = ISO_DATE.match(text)
    if found and source == Source.SSDA903:
        return f"{found[3]}/{found[2]}/{found[1]}"
    return text


def _checked(spec: Table, rows: list[dict], year: int) -> checks.CheckedTable:
    child = CHILD_COLUMN[spec.source]
    raw = RawTable(
        spec, f"{spec.name}.csv",
        {column: [_text(row.get(column), spec.source) for row in rows]
         for column in spec.names},
        list(range(2, len(rows) + 2)), [str(row.get(child) or "") for row in rows],
        {link: [row.get(link) or 0 for row in rows] for link in spec.links},
    ).arrow()
    return checks.check(raw, year)


def _typed(spec: Table, rows: list[dict], source: Source) -> pa.Table:
    """A previous year's table as the store holds it, keyed on ``_child``."""
    child = CHILD_COLUMN[source]
    columns = {}
    for column in spec.columns:
        kind = ARROW_TYPES.get(column.type, pa.string())
        values = [row.get(column.name) for row in rows]
        if kind == pa.date32():
            values = [date.fromisoformat(v) if isinstance(v, str) else v for v in values]
        columns[column.name] = pa.array(values, kind)
    columns["_child"] = pa.array([row.get(child) for row in rows], pa.string())
    return pa.table(columns)
