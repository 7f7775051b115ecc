"""Running DfE's validation rules over one return's checked tables, on DuckDB.

Each table of the return is handed to DuckDB as Arrow (no copy): its typed values, and
``_row``, the row's place in the table as read. Every rule that applies becomes one
query giving the rows it flags; all of them run as one statement, which DuckDB plans
once and runs in parallel. (Declaring the rules in Ibis was tried: compiling 300
expressions took longer than the whole check of a CIN census should.)

A rule cannot check a row whose fields it reads failed the format checks (a date that
is not a date, a blank that must be given): such rows are left out of its results and
counted as not checked, with the reason, in the rule's summary; so are rows not stored
(a duplicate, a blank key). A rule that needs something the batch lacks (the previous
year's return, the postcode directory) is skipped, and its summary says why.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from smeaton.analytics.checks import CheckedTable
from smeaton.analytics.formats.spec import ARROW_TYPES, Table
from smeaton.analytics.problems import Problem, cut
from smeaton.analytics.rules import NEEDS, Rule, rules_for
from smeaton.analytics.rules.macros import MACROS
from smeaton.analytics.source import Source

CHILD_COLUMN = {Source.SSDA903: "CHILD", Source.CIN: "LAchildID"}
EXAMPLES_SHOWN = 5  # rows named in a summary's "not checked" note


@dataclass
class RuleSummary:
    """What one rule found in one return."""

    rule: Rule
    year: int
    rows: int = 0  # rows it flagged
    children: int = 0  # children with a flagged row
    not_checked: int = 0  # rows it could not check
    why_not_checked: str = ""
    skipped: str = ""  # why it did not run at all

    @property
    def code(self) -> str:
        return self.rule.code

    def as_dict(self) -> dict:
        return {"year": self.year, "rule": self.rule.code, "message": self.rule.message,
                "severity": self.rule.severity, "rows": self.rows,
                "children": self.children, "not_checked": self.not_checked,
                "why_not_checked": self.why_not_checked, "skipped": self.skipped}


@dataclass
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    summaries: list[RuleSummary] = field(default_factory=list)


@dataclass
class Context:
    """What a return's rules run against, beyond its own tables."""

    year: int
    la_code: str | None = None
    previous: dict[str, pa.Table] | None = None  # the year before's tables, with _child
    child_key: object = None  # current child identifiers -> the previous tables' _child
    upn_key: object = None  # current UPNs -> the previous tables' UPN (tokens, UN codes kept)
    # Each earlier year held -> the children (as ``previous``'s ``_child``) with an
    # episode in its return: for rules that look further back than last year.
    in_care_before: dict[int, pa.Array] = field(default_factory=dict)
    extra: dict[str, pa.Table] = field(default_factory=dict)  # header, postcodes, ...
    available: frozenset[str] = frozenset()  # of NEEDS: what the batch can give

    def placeholders(self) -> dict[str, str]:
        start, end = date(self.year - 1, 4, 1), date(self.year, 3, 31)
        held_from = date(min(self.history(), default=self.year) - 1, 4, 1)
        return {"year": str(self.year), "start": f"DATE '{start}'", "end": f"DATE '{end}'",
                "la": "'" + (self.la_code or "").replace("'", "''") + "'",
                "held_from": f"DATE '{held_from}'"}

    def history(self) -> dict[int, pa.Array]:
        """``in_care_before``, or else last year's children in care, where given."""
        if self.in_care_before:
            return self.in_care_before
        last = (self.previous or {}).get("episodes")
        if last is None or not len(last):
            return {}
        child = "_child" if "_child" in last.column_names else "CHILD"
        return {self.year - 1: last[child].combine_chunks().cast(pa.string())}


CORES = max(1, min(4, len(os.sched_getaffinity(0))))  # cursors running the rules at once


def run(tables: dict[str, CheckedTable], specs: dict[str, Table], source: Source,
        context: Context, rules: list[Rule] | None = None) -> Outcome:
    """Every rule that applies to the return (or those given): problems with codes, and
    one summary per rule. Format problems already in ``tables`` gain the codes of the
    rules they carry."""
    rules = rules_for(source, context.year) if rules is None else rules
    outcome = Outcome()
    available = set(context.available) | ({"previous"} if context.previous else set())
    con, registered = _connect(tables, specs, source, context)
    runnable = []
    for rule in rules:
        summary = RuleSummary(rule, context.year)
        outcome.summaries.append(summary)
        missing = [NEEDS[need] for need in sorted(rule.needs - available)]
        if missing:
            summary.skipped = f"not run: needs {' and '.join(missing)}"
        elif rule.where or rule.sql:
            runnable.append((rule, summary))
    flagged = _flagged(con, registered, runnable, context)
    for rule, summary in runnable:
        outcome.problems.extend(_problems(rule, summary, flagged.get(rule.code, {}),
                                          tables, context.extra))
    _carry_codes(tables, [s for s in outcome.summaries if s.rule.format and not s.skipped],
                 context.year)
    con.close()
    return outcome


def combined(summaries: list[RuleSummary]) -> list[RuleSummary]:
    """One summary per code and year, for reports: a rule DfE gives once may be declared
    in two halves (the format checks' part, and SQL's). A child found by both halves is
    counted in each."""
    merged: dict[tuple[str, int], RuleSummary] = {}
    for summary in summaries:
        key = (summary.code, summary.year)
        if key not in merged:
            merged[key] = replace(summary)
            continue
        into = merged[key]
        into.rows += summary.rows
        into.children += summary.children
        into.not_checked += summary.not_checked
        into.why_not_checked = "; ".join(filter(None, (into.why_not_checked,
                                                       summary.why_not_checked)))
        into.skipped = into.skipped if into.skipped and summary.skipped else ""
    return list(merged.values())


def _connect(tables, specs, source, context) -> tuple[duckdb.DuckDBPyConnection,
                                                      dict[str, pa.Table]]:
    """A database with the rules' macros, and the tables its cursors see (each cursor
    registers them: DuckDB keeps a registration to the connection that made it)."""
    con = duckdb.connect()
    for macro in MACROS:
        con.execute(macro)
    return con, _tables(tables, specs, source, context)


def _tables(tables, specs, source, context) -> dict[str, pa.Table]:
    """Every table the rules read, by name, as Arrow (no copy)."""
    found: dict[str, pa.Table] = {}
    child = CHILD_COLUMN[source]
    for name, spec in specs.items():
        arrow = _arrow(tables.get(name), spec)
        if context.previous is not None:
            ids = arrow[child].combine_chunks()
            keys = ids if context.child_key is None else context.child_key(ids)
            arrow = arrow.append_column("_child", keys)
            if "UPN" in arrow.column_names:  # compared with last year's, which is a token
                upns = arrow["UPN"].combine_chunks()
                arrow = arrow.append_column(
                    "_upn", upns if context.upn_key is None else context.upn_key(upns))
        found[name] = arrow
        found[f"{name}_given"] = _given(tables.get(name), spec)
        last = (context.previous or {}).get(name)
        if last is None:
            last = _arrow(None, spec)
        if "_child" not in last.column_names:  # as stored: the child is a token already
            last = last.append_column("_child", last[child].cast(pa.string()))
        found[f"{name}_last"] = last
    found.update(context.extra)
    history = context.history()
    found["in_care_before"] = pa.table({
        "year": pa.array([year for year, children in history.items() for _ in children],
                         pa.int32()),
        "_child": pa.concat_arrays([c.cast(pa.string()) for c in history.values()])
        if history else pa.array([], pa.string())})
    return found


def _given(table: CheckedTable | None, spec: Table) -> pa.Table:
    """Every row the return gave, stored or not: its links and its child's identifier
    as given. Rules on something's absence read these: a row the format checks refused
    is not absent (a referral dated after the year is still the child's referral)."""
    child = CHILD_COLUMN[spec.source]
    raw = table.raw if table is not None else None
    columns = {link: pa.array(raw.links[link] if raw else [], pa.int64()) for link in spec.links}
    given = pa.array(raw.children if raw else [], pa.string())
    columns[child] = pc.utf8_trim_whitespace(given)
    return pa.table(columns)


def _cursor(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]):
    cursor = con.cursor()
    for name, table in tables.items():
        cursor.register(name, table)
    return cursor


def _arrow(table: CheckedTable | None, spec: Table) -> pa.Table:
    """A checked table's stored rows as DuckDB sees them: typed values and ``_row``."""
    if table is None:
        names = [*spec.links, *spec.names]
        types = [pa.int64()] * len(spec.links) + [
            ARROW_TYPES.get(column.type, pa.string()) for column in spec.columns]
        return pa.table({**{n: pa.array([], t) for n, t in zip(names, types, strict=True)},
                         "_row": pa.array([], pa.int64())})
    columns = {link: pa.array(table.raw.links[link], pa.int64()) for link in spec.links}
    columns.update({column.name: table.values[column.name] for column in spec.columns})
    columns["_row"] = pa.array(range(len(table.raw)), pa.int64())
    arrow = pa.table(columns)
    if any(table.rejected):
        arrow = arrow.filter(pa.array([not rejected for rejected in table.rejected]))
    return arrow


def as_previous(table: CheckedTable, spec: Table) -> pa.Table:
    """A checked return's table as the next year's rules see it: ``_child`` the child's
    identifier as given."""
    arrow = _arrow(table, spec)
    return arrow.append_column("_child", arrow[CHILD_COLUMN[spec.source]].cast(pa.string()))


def query(rule: Rule, context: Context, values: dict[str, str] | None = None) -> str:
    """A rule's query, giving ``_table`` and ``_row`` of each row it flags. The SQL is
    the rules' own, declared in code; the one value from a file, the LA code, is quoted
    (``Context.placeholders``, or ``values`` worked out from it)."""
    values = values or context.placeholders()
    if rule.where:
        table = rule.tables[0]
        judged = f" AND NOT coalesce(({rule.cannot_check[0]}), false)" if rule.cannot_check else ""
        inner = f"SELECT '{table}' AS _table, _row FROM {table} WHERE ({rule.where}){judged}"  # noqa: S608
    elif len(rule.tables) == 1:
        inner = f"SELECT '{rule.tables[0]}' AS _table, _row FROM ({rule.sql})"  # noqa: S608
    else:
        inner = f"SELECT _table, _row FROM ({rule.sql})"  # noqa: S608
    return _fill(inner, values)


def _fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: values.get(match[1], match[0]), text)


def _flagged(con, registered, runnable, context) -> dict[str, dict[str, set[int]]]:
    """code -> table -> rows flagged. Each rule is its own statement: one that fails on
    this return is reported, and the others still run. (One statement of all the rules,
    UNION ALL, was tried: DuckDB took longer over it than over the rules one by one.)
    The statements are shared among a cursor for each core: on a return of some
    thousand rows, most of a rule's time is DuckDB planning it, on one core."""
    values = context.placeholders()
    cores = max(1, min(CORES, len(runnable)))
    shares = [runnable[start::cores] for start in range(cores)]
    found: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    with ThreadPoolExecutor(cores) as pool:
        for rows in pool.map(lambda share: _run_share(_cursor(con, registered), share,
                                                      context, values), shares):
            for code, table, row in rows:
                found[code][table].add(row)
    return found


def _run_share(cursor, share, context: Context, values: dict[str, str]) -> list[tuple]:
    """(code, table, row) of each row the share of the rules flags; each rule's summary
    says if it could not run, and what it could not judge."""
    flagged = []
    for rule, summary in share:
        try:
            rows = cursor.execute(query(rule, context, values)).fetchall()
            if rule.cannot_check:
                summary.not_checked, summary.why_not_checked = _cannot_check(
                    cursor, rule, values)
        except duckdb.Error as error:
            summary.skipped = f"could not run: {cut(str(error).splitlines()[0], 200)}"
            continue
        flagged += [(rule.code, table, row) for table, row in rows if row is not None]
    cursor.close()
    return flagged


def _cannot_check(cursor, rule: Rule, values: dict[str, str]) -> tuple[int, str]:
    """How many stored rows the rule cannot judge, and why."""
    condition, why = rule.cannot_check
    count = cursor.execute(_fill(f"SELECT count(*) FROM {rule.tables[0]} "  # noqa: S608
                                 f"WHERE coalesce(({condition}), false)",
                                 values)).fetchone()[0]
    return count, (f"{count:,} {why}" if count else "")


def _problems(rule: Rule, summary: RuleSummary, flagged: dict[str, set[int]],
              tables: dict[str, CheckedTable], extra: dict[str, pa.Table]) -> list[Problem]:
    problems, children, unchecked = [], set(), defaultdict(int)
    for name in rule.tables:
        table = tables.get(name)
        if table is None:
            if name in extra:
                problems += _extra_problems(rule, name, extra[name], flagged.get(name, set()),
                                            summary.year)
            continue
        failed = _failed_rows(table, _reads(rule, name))
        for column, rows in failed.items():
            unchecked[f"{name} rows whose {column} failed the format checks"] += len(rows)
        not_stored = sum(table.rejected)
        if not_stored:
            unchecked[f"{name} rows not stored"] += not_stored
        skip = set().union(*failed.values())
        rows = sorted(flagged.get(name, set()) - skip)
        found = _problems_at(rule, table, rows, rule.fields_of(name), summary.year)
        problems += found
        children.update(problem.child for problem in found)
    summary.rows = len(problems)
    summary.children = len(children)
    summary.not_checked += sum(unchecked.values())  # beside any it could not judge
    summary.why_not_checked = "; ".join(filter(None, [summary.why_not_checked, *(
        f"{count:,} {why}" for why, count in unchecked.items())]))
    return problems


def _failed_rows(table: CheckedTable, reads: frozenset[str]) -> dict[str, list[int]]:
    """For each column a rule reads, the stored rows on which it failed."""
    failed: dict[str, list[int]] = {}
    for index, fields in enumerate(table.failed):
        if fields and not table.rejected[index]:
            for column in fields & reads:
                failed.setdefault(column, []).append(index)
    return dict(sorted(failed.items()))


def _problems_at(rule: Rule, table: CheckedTable, rows: list[int], fields: tuple[str, ...],
                 year: int) -> list[Problem]:
    """The problems of the rows a rule flags in a table, their cells taken together."""
    if not rows:
        return []
    raw, at = table.raw, pa.array(rows, pa.int64())
    cells = [[(cell or "").strip() for cell in raw.columns[name].take(at).to_pylist()]
             if name in raw.columns else [""] * len(rows) for name in fields]
    places, children = raw.rows.take(at).to_pylist(), raw.children.take(at).to_pylist()
    problems = []
    for position, place in enumerate(places):
        if len(fields) == 1:
            value = cells[0][position]
        else:
            value = "; ".join(f"{name} {column[position] or '(blank)'}"
                              for name, column in zip(fields, cells, strict=True))
        problems.append(Problem(raw.file, raw.spec.name, place, ", ".join(fields), value,
                                rule.message, rule.severity, children[position] or "",
                                rule.code, year))
    return problems


def _extra_problems(rule: Rule, name: str, table: pa.Table, flagged: set[int],
                    year: int) -> list[Problem]:
    """Problems in a table given beside the return's own (the CIN census's message
    header): its ``_file`` is the file, its ``_path`` the row, and its values as given."""
    records = {record.get("_row", index): record
               for index, record in enumerate(table.to_pylist())}
    fields = rule.fields_of(name)
    problems = []
    for index in sorted(flagged & records.keys()):
        record = records[index]
        cells = [str(record.get(field) or "") for field in fields]
        value = cells[0] if len(fields) == 1 else "; ".join(
            f"{field} {cell or '(blank)'}" for field, cell in zip(fields, cells, strict=True))
        problems.append(Problem(record.get("_file") or "", name,
                                record.get("_path") or f"{name} row {index + 1}",
                                ", ".join(fields), value, rule.message, rule.severity, "",
                                rule.code, year))
    return problems


def _reads(rule: Rule, table: str) -> frozenset[str]:
    judged = _columns_read(rule.cannot_check[0]) if rule.cannot_check else frozenset()
    return _columns_read(rule.where or rule.sql) | judged | frozenset(rule.fields_of(table))


# The names in a rule's SQL: its string literals taken out, then every word.
LITERAL = re.compile(r"'(?:[^']|'')*'")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@cache
def _columns_read(sql: str) -> frozenset[str]:
    """Every column a rule's SQL may read: each word of it (its tables, keywords and
    functions too, which name no column; a column of another table is a slight excess,
    which only matters for a row with that column failed)."""
    return frozenset(WORD.findall(LITERAL.sub(" ", sql)))


# The words each kind of format problem starts with (smeaton.analytics.checks), in the
# order tried: "before 1900" is a date that cannot be right, any other "before" an end
# before its start.
KIND_WORDS = (("a duplicate", "duplicate"), ("blank", "blank"), ("after the end of", "late"),
              ("before 1900", "invalid"), ("before ", "order"),
              ("overlaps the next episode", "overlap"), ("X1 says", "continuation"),
              ("a new period of care", "period"))


def _kind(problem: Problem) -> str:
    """Which kind of format problem it is, by the words the format checks use. An
    episode overlapping the next with no DEC at all was left open."""
    for start, kind in KIND_WORDS:
        if problem.reason.startswith(start):
            return "open" if kind == "overlap" and not problem.value else kind
    return "invalid"


FORMAT_KINDS = {"any": {"blank", "invalid"}, "blank or late": {"blank", "late"},
                "sequence": {"overlap", "open", "continuation", "period"}}


def _carry_codes(tables: dict[str, CheckedTable], summaries: list[RuleSummary],
                 year: int) -> None:
    """Give the format checks' problems the codes of the rules they carry out."""
    carried: dict[tuple[str, str], list[RuleSummary]] = defaultdict(list)
    for summary in summaries:
        for flag in summary.rule.flags:
            table, column = flag.split(".", 1)
            carried[(table, column)].append(summary)
    for name, table in tables.items():
        children: dict[str, set] = defaultdict(set)
        for position, problem in enumerate(table.problems):
            if problem.rule:
                continue
            column = problem.column
            if _kind(problem) == "duplicate":
                column = table.spec.key[-1]
            for summary in carried.get((name, column), ()):
                if _kind(problem) in FORMAT_KINDS.get(summary.rule.format,
                                                      {summary.rule.format}):
                    table.problems[position] = replace(problem, rule=summary.code, year=year)
                    summary.rows += 1
                    children[summary.code].add(problem.child)
                    break
        for summary in summaries:
            summary.children += len(children.get(summary.code, ()))
