"""Measures: the plan's indicators, computed from the stored child-level returns.

The definitions are Smeaton's (docs/measures.md); the indicator registry
(``smeaton.analytics.indicators``) declares each one once, and its Ibis expression is
here, in the module of its source. ``results.compute`` runs them on DuckDB, embedded, for
every LA and period asked, and ``write`` saves the tidy rows as CSV or Parquet, after
``publish.suppress`` when they are to be published.

The expressions are portable Ibis: reading the Parquet store (``data``) is the only
part that knows which engine runs them.
"""

from __future__ import annotations

import csv
import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from smeaton.analytics.measures.periods import Period, month_ends, reporting_year
from smeaton.analytics.measures.publish import suppress
from smeaton.analytics.measures.results import COLUMNS, compute
from smeaton.analytics.spreadsheet import safe

__all__ = ["Period", "compute", "month_ends", "reporting_year", "suppress", "to_arrow",
           "write"]

NUMBERS = {"numerator": pa.int64(), "denominator": pa.int64(), "value": pa.float64()}
SCHEMA = pa.schema([
    ("measure_id", pa.string()), ("la_code", pa.string()), ("period_end", pa.date32()),
    ("time_period", pa.int32()), ("breakdown", pa.string()), ("breakdown_value", pa.string()),
    *NUMBERS.items(), ("excluded_rows", pa.int64()), ("note", pa.string()),
])
# Published rows carry "c" for suppressed numbers, so every number is written as text.
PUBLISHED_SCHEMA = pa.schema([pa.field(field.name, pa.string())
                              if field.name in NUMBERS else field for field in SCHEMA])
FORMATS = (".csv", ".parquet")


def to_arrow(rows: list[dict], published: bool = False) -> pa.Table:
    schema = PUBLISHED_SCHEMA if published else SCHEMA
    return pa.Table.from_pylist([{name: row[name] for name in COLUMNS} for row in rows],
                                schema=schema)


def write(table: pa.Table, path: Path) -> None:
    """Write the results as CSV or Parquet (by the file's suffix), whole or not at all."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        if path.suffix.lower() == ".parquet":
            pq.write_table(table, temporary, compression="zstd")
        else:
            with temporary.open("w", newline="", encoding="utf-8") as handle:
                output = csv.writer(handle)
                output.writerow(table.column_names)
                for row in table.to_pylist():
                    output.writerow(_text(row, name) for name in table.column_names)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _text(row: dict, name: str) -> object:
    """A cell as CSV text: blank for none, a count's value as the whole number it is, and
    text a spreadsheet would run as a formula neutralised."""
    value = row[name]
    if value is None:
        return ""
    if name == "value" and row["denominator"] is None and isinstance(value, float) \
            and value.is_integer():
        return int(value)
    return safe(value)
