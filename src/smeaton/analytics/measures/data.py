"""The analytic store's tables as Ibis expressions, ready for measures.

Reading is the one place that knows the store is Parquet on disk read by DuckDB
(docs/data-model.md). Everything after it is a portable Ibis expression.

Two rules of MEASURES.md are applied here, once, for every measure:

- the same record from several returns: the row from the latest return wins;
- a row that failed a check on a field a measure needs is left out of that measure,
  and counted (``failed``); so is a row ingest refused, which is not stored at all: the
  catalogue says how many of each table every return had (``refused``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from smeaton.analytics.formats.spec import all_tables
from smeaton.analytics.source import Source
from smeaton.analytics.store import Store, arrow_schema


@dataclass(frozen=True)
class Record:
    """What one row of a stored table is, for measures."""

    source: Source
    child: str  # the child's (or pupil's) token column
    key: tuple[str, ...] | None  # the record's key across returns; None: every row counts
    # Worked out once and kept: tables several measures read. The others are read
    # only to make something that is kept (the children's characteristics), or, for
    # attendance, are too large to keep.
    kept: bool = True


RECORDS = {
    "header": Record(Source.SSDA903, "CHILD", ("CHILD",), kept=False),
    "episodes": Record(Source.SSDA903, "CHILD", ("CHILD", "DECOM")),
    # One row per young person per return, about the birthday that return covers.
    "oc3": Record(Source.SSDA903, "CHILD", None),
    "cin_children": Record(Source.CIN, "LAchildID", ("LAchildID",), kept=False),
    # A child's disabilities are read from the return their child row comes from.
    "cin_disabilities": Record(Source.CIN, "LAchildID", None, kept=False),
    "cin_details": Record(Source.CIN, "LAchildID", ("LAchildID", "CINreferralDate")),
    "cin_assessments": Record(Source.CIN, "LAchildID", ("LAchildID", "AssessmentActualStartDate")),
    "cin_cp_plans": Record(Source.CIN, "LAchildID", ("LAchildID", "CPPstartDate")),
    "attendance": Record(Source.ATTENDANCE, "PupilID", None, kept=False),
}


class Data:
    """The store's tables for one LA, or every LA, through one DuckDB connection.

    Every table is read from the one state of the store that was current when the Data
    was made (``Store.pinned``), whatever loads come after.

    The records several measures share are worked out once and kept in the connection
    as temporary tables. Attendance, by far the largest, is read only for the academic
    years asked (``attendance_years``).
    """

    def __init__(self, store: Path, la_code: str | None = None,
                 attendance_years: set[int] | None = None,
                 fields: dict[str, set[str]] | None = None, breakdowns: bool = True,
                 con: ibis.BaseBackend | None = None):
        self.store = Path(store)
        self.snapshot = Store(self.store).pinned()
        self.folder = self.snapshot.folder  # the state's folder, laid out as in the docs
        self.la_code = la_code
        self.attendance_years = attendance_years
        self.fields = fields  # by table, the fields measures read; None: every column
        self.breakdowns = breakdowns  # False: totals only, no characteristics needed
        self.con = con or ibis.duckdb.connect()
        self._kept: dict[object, ibis.Table] = {}
        self._specs = {spec.name: spec for spec in all_tables()}

    def keep(self, key: object, build) -> ibis.Table:
        """The table ``build()`` makes, made once and kept for the connection's life."""
        if key not in self._kept:
            # A named temporary table rather than Ibis's cache(), whose clean-up at exit
            # fails on DuckDB 1.5.
            table = build()  # first: it may keep tables of its own
            name = f"smeaton_kept_{len(self._kept)}"
            self._kept[key] = self.con.create_table(name, table, temp=True)
        return self._kept[key]

    def records(self, name: str) -> ibis.Table:
        """One row per record: where returns repeat a record, the latest return's row."""
        if not RECORDS[name].kept:
            return self._records(name)
        return self.keep(("records", name), lambda: self._narrow(name, self._records(name)))

    def usable(self, name: str, needs: dict[str, tuple[str, ...]]) -> ibis.Table:
        """The records whose fields a measure needs (by table) all passed their checks."""
        records = self.records(name)
        return records.filter(~failed(records, needs.get(name, ())))

    def refused(self) -> ibis.Table:
        """The rows ingest refused (not stored), by LA, collection year and table, for
        each return the store holds: the catalogue's ``rows_rejected`` for the load that
        stored it, which its ``_return.json`` names. A store without a catalogue (made by
        hand) says none."""
        returns = []
        for source in {record.source for record in RECORDS.values()}:
            la = f"la_code={self.la_code}" if self.la_code else "la_code=*"
            for path in sorted((self.folder / source).glob(f"{la}/year=*/_return.json")):
                returns.append({"load_id": json.loads(path.read_text())["load_id"],
                                "source": source,
                                "la_code": path.parent.parent.name.split("=", 1)[1],
                                "year": int(path.parent.name.split("=", 1)[1])})
        keys = ["load_id", "source", "la_code", "year"]
        held = pa.Table.from_pylist(returns, schema=pa.schema([
            ("load_id", pa.string()), ("source", pa.string()), ("la_code", pa.string()),
            ("year", pa.int32())]))
        catalogue = self.snapshot.catalogue().select([*keys, "table", "rows_rejected"])
        rows = catalogue.join(held, keys, join_type="inner", use_threads=False)
        rows = rows.filter(pc.greater(rows["rows_rejected"], 0))
        rows = rows.group_by(["la_code", "year", "table"], use_threads=False).aggregate(
            [("rows_rejected", "sum")]).rename_columns(
            ["la_code", "year", "table", "rows_rejected"])
        return ibis.memtable(rows)

    def _records(self, name: str) -> ibis.Table:
        record = RECORDS[name]
        table = self._read(name)
        # A row without a child identifier is never counted: ingest rejects it, as the
        # identifier is part of every table's key, so none is stored to filter out here.
        if record.key is None:
            return table
        # Every row of the latest return holding the key: two rows of one return that
        # share a key (two referrals of a child on one day) are both kept.
        latest = table.year.max().over(group_by=["la_code", *record.key])
        table = table.filter(table.year == latest)
        return flag_overlaps(table) if name == "episodes" else table

    def _narrow(self, name: str, table: ibis.Table) -> ibis.Table:
        """Only the columns measures read: a kept table is copied, and copying is the
        cost."""
        if self.fields is None:
            return table
        record = RECORDS[name]
        wanted = {"la_code", "year", "failed_fields", record.child, *(record.key or ()),
                  *self.fields.get(name, ())}
        return table.select(*(column for column in table.columns if column in wanted))

    def _read(self, name: str) -> ibis.Table:
        """Every stored return's rows of a table, with ``la_code`` and ``year``."""
        source = RECORDS[name].source
        la = f"la_code={self.la_code}" if self.la_code else "la_code=*"
        paths = sorted((self.folder / source).glob(f"{la}/year=*/{name}.parquet"))
        if source == Source.ATTENDANCE and self.attendance_years is not None:
            paths = [path for path in paths
                     if int(path.parent.name.split("=", 1)[1]) in self.attendance_years]
        if paths:
            # Folder names read as text: an LA code is a code, not a number.
            table = self.con.read_parquet([str(path) for path in paths],
                                          hive_partitioning=True, hive_types_autocast=False)
            return table.mutate(year=table.year.cast("int32"))
        schema = arrow_schema(self._specs[name])
        schema = schema.append(pa.field("la_code", pa.string()))
        return ibis.memtable(schema.append(pa.field("year", pa.int32())).empty_table())


def flag_overlaps(episodes: ibis.Table) -> ibis.Table:
    """Episodes from different returns can overlap once each return's latest rows are
    put together (an older return's open episode, whose start a later return
    corrected). As within a return, the later-starting episode is kept and the earlier
    one's DEC is named as failed."""
    order = ibis.window(group_by=["la_code", "CHILD"], order_by="DECOM")
    following = episodes.DECOM.lead().over(order)
    overlaps = following.notnull() & (episodes.DEC.isnull() | (episodes.DEC > following))
    named = episodes.failed_fields.fill_null(ibis.literal([], "array<string>"))
    return episodes.mutate(failed_fields=ibis.ifelse(
        overlaps & ~failed(episodes, ("DEC",)),
        named.concat(ibis.literal(["DEC"], "array<string>")), episodes.failed_fields))


def failed(table: ibis.Table, needs: tuple[str, ...]) -> ibis.Value:
    """Whether a row's ``failed_fields`` names any of the fields needed."""
    if not needs:
        return ibis.literal(False)
    names = table.failed_fields
    return ibis.or_(*(names.contains(field) for field in needs)).fill_null(False)


def checked(table: ibis.Table, column: str) -> ibis.Value:
    """A column's value where it passed its check, else null (for labels, which fall to
    "Not known" instead of leaving the row out)."""
    value = table[column]
    return ibis.ifelse(failed(table, (column,)), ibis.null().cast(value.type()), value)


def attach(rows: ibis.Table, other: ibis.Table, keys: list[str]) -> ibis.Table:
    """``rows`` with the columns of ``other`` that match on ``keys`` (a left join)."""
    joined = rows.left_join(other, keys)
    return joined.drop(*(f"{key}_right" for key in keys if f"{key}_right" in joined.columns))


def counted(rows: ibis.Table, numerator: ibis.Value | bool = True) -> ibis.Table:
    """One row per unit: in the denominator once, and in the numerator when it counts."""
    return rows.mutate(numerator=ibis.literal(numerator).cast("int64")
                       if isinstance(numerator, bool) else numerator.cast("int64"),
                       denominator=ibis.literal(1, "int64"))
