"""Statutory returns in: read, check, pseudonymise and store a batch of files.

A batch is every file named (folders are searched). Files are grouped into returns,
one per source, LA and collection year: the SSDA903 CSV tables in one folder make one
return; a CIN census or SSDA903 XML file is a return by itself. Then:

1. every file is read; if any cannot be, the batch stops and nothing is stored;
2. every cell and row is checked (smeaton.analytics.checks), then every return against
   DfE's validation rules (smeaton.analytics.rules), with the previous year's return
   from the batch or the store for the rules that look back;
3. identifiers, dates of birth and postcodes are pseudonymised (smeaton.analytics.privacy);
4. the returns are stored together, or not at all (smeaton.analytics.store).

Rows in = rows stored + rows rejected, per table, and every problem is reported.
"""

from __future__ import annotations

import gc
import hashlib
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from smeaton import config
from smeaton.analytics import checks, privacy
from smeaton.analytics.formats import read
from smeaton.analytics.formats.cin import header_table
from smeaton.analytics.formats.spec import KEYED_CHILD, KEYED_UPN, cin_tables, ssda903_tables
from smeaton.analytics.problems import ERROR, WARNING, BatchRefused, FileProblem, Problem
from smeaton.analytics.returns import Return, files_in, group
from smeaton.analytics.rules import engine as rules
from smeaton.analytics.rules import places
from smeaton.analytics.source import Source
from smeaton.analytics.store import StagedReturn, Store, StoreProblem, arrow_schema


@dataclass
class TableSummary:
    source: Source
    la_code: str
    year: int
    files: str
    table: str
    rows_in: int
    rows_stored: int
    rows_rejected: int
    errors: int
    warnings: int
    outcome: str


@dataclass
class Result:
    load_id: str
    summaries: list[TableSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rules: list[rules.RuleSummary] = field(default_factory=list)  # per return and rule
    notices: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        """Whether anything was rejected: a row not stored, or a field failed. (DfE's
        rules reject nothing: what they find is stored as given, to be put right.)"""
        return any(item.rows_rejected or item.errors for item in self.summaries)


def ingest(paths: list[Path], store_root: Path, *, la_code: str | None = None,
           year: int | None = None, council_la_code: str | None = None,
           progress=None, allow_empty: bool = False) -> Result:
    """Load a batch of files into the store, all or nothing. See the module's docstring.

    ``la_code`` and ``year`` are for files that do not say theirs; ``council_la_code``,
    the council the installation serves, is the LA of a file nothing else names. A
    return with no rows is refused unless ``allow_empty``.
    """
    with no_cycle_collection():
        return _ingest(paths, store_root, la_code, year, council_la_code, progress,
                       allow_empty)


@contextmanager
def no_cycle_collection():
    """Python's cycle collector, paused. A national file makes millions of small objects
    (cells, rows) that live until the batch is stored and form no cycles; the collector
    would scan them again and again, for nothing (a sixth of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ingest(paths: list[Path], store_root: Path, la_code: str | None, year: int | None,
            council_la_code: str | None, progress, allow_empty: bool = False) -> Result:
    raws, skipped = read_batch(paths, progress)
    returns = group(raws, la_code, year, council_la_code, allow_empty)
    notices: list[str] = []
    keys = privacy.Keys.load(notices)
    store = Store(store_root)
    loaded_at = datetime.now(UTC).replace(microsecond=0)
    load = {"load_id": f"{loaded_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
            "loaded_at": loaded_at}
    ledger = privacy.Ledger(config.home().reidentification, keys.reidentification,
                            load["load_id"], store.root)
    try:
        store.check_key(keys.fingerprint)
        store.tidy(ledger)  # what a killed load left, so that what is held is whole
    except (StoreProblem, privacy.KeyProblem) as problem:
        raise BatchRefused([str(problem), *notices]) from None
    result = Result(load["load_id"], notices=notices, skipped=skipped)
    prepared: list[Prepared] = []
    for item in sorted(returns, key=lambda item: item.year):  # a year before the next
        prepared.append(prepare(item, keys, _previous(item, prepared, store),
                                _in_care_before(item, prepared, store)))
    check_care_leavers(prepared, store)
    staged = []
    for item in prepared:
        ready = stage(item, result)
        held = store.held(ready)
        if held and held.get("content") == ready.content:
            if ledger.holds(held["load_id"], ready.la_code):
                _summarise(result, ready,
                           f"unchanged: already stored by load {held['load_id']}")
                continue
            result.notices.append(
                f"{ready.source.label} for LA {ready.la_code}, {ready.year}: the "
                f"re-identification table cannot resolve the children load "
                f"{held['load_id']} stored (a load stopped part way, or a table older "
                "than the store), so the return is stored again.")
        if held and not allow_empty and not any(len(t) for t in ready.tables.values()):
            raise BatchRefused([_emptied(ready, result)])
        _summarise(result, ready, "replaces the return stored before" if held else "stored")
        staged.append(ready)
        ledger.add(item.item.la_code, item.identities)
    if staged:
        try:
            # The identities are sealed in the store's commit: a batch that fails leaves
            # no trace in either, and one that is stored can be resolved.
            result.notices.extend(store.commit(staged, load, keys.fingerprint, ledger))
        except (StoreProblem, privacy.KeyProblem) as problem:
            raise BatchRefused([str(problem)]) from None
    return result


def read_batch(paths: list[Path], progress=None) -> tuple[list, list[str]]:
    """Every file of a batch read, or the batch refused; and what was passed over."""
    files, skipped = files_in(paths)
    if not files:
        raise BatchRefused(["no CSV or XML files found in " +
                            ", ".join(str(path) for path in paths)])
    raws, refused = [], []
    for path in files:
        try:
            raws.append((path, read(path, progress)))
        except FileProblem as problem:
            refused.append(problem)
    if refused:
        raise BatchRefused(refused)
    return raws, skipped


@dataclass
class Prepared:
    """One return, checked and pseudonymised, with the identities behind its tokens."""

    item: Return
    checked: dict[str, checks.CheckedTable]
    tables: dict[str, pa.Table]
    identities: dict[str, str]
    rules: rules.Outcome = field(default_factory=rules.Outcome)


POSTCODE_FIELDS = ("HOME_POST", "PL_POST")
RULE_TABLES = {Source.SSDA903: ssda903_tables, Source.CIN: cin_tables}


def prepare(item: Return, keys: privacy.Keys, previous: dict[str, pa.Table] | None = None,
            in_care_before: dict[int, pa.Array] | None = None) -> Prepared:
    """Check one return's tables, against DfE's rules too, and pseudonymise them.
    ``previous`` is the year before's return as stored (children as tokens), and
    ``in_care_before`` each earlier year's children in care (``rules.Context``)."""
    pseudonymiser = privacy.Pseudonymiser(keys.pseudonym, item.la_code)
    checked = check_tables(item)
    outcome = check_rules(item, checked, previous,
                          lambda ids: pseudonymiser.column(KEYED_CHILD, ids),
                          lambda upns: pseudonymiser.column(KEYED_UPN, upns), in_care_before)
    tables = {}
    for name, done in checked.items():
        tables[name] = to_arrow(done, pseudonymiser)
        if name != "oc3":  # the care leavers' check still needs the cells
            done.release()
    return Prepared(item, checked, tables, pseudonymiser.identities, outcome)


def check_tables(item: Return) -> dict[str, checks.CheckedTable]:
    """Every cell and row of a return's tables checked."""
    checked: dict[str, checks.CheckedTable] = {}
    for raw in item.raws:
        for table in raw.tables:
            done = checks.check(table, item.year)
            if item.source == Source.ATTENDANCE:
                checks.check_attendance(done, item.la_code, item.year)
            checked[table.spec.name] = done
    checks.check_return(checked)
    return checked


def check_rules(item: Return, checked: dict[str, checks.CheckedTable],
                previous: dict[str, pa.Table] | None, child_key=None,
                upn_key=None, in_care_before: dict[int, pa.Array] | None = None
                ) -> rules.Outcome:
    """DfE's validation rules on a checked return (none for attendance). ``child_key``
    turns the return's child identifiers into those of ``previous``'s ``_child``, and
    ``upn_key`` its UPNs into those of ``previous``'s UPN."""
    if item.source not in RULE_TABLES:
        return rules.Outcome()
    extra, available = _places(item.source, checked.get("episodes"), previous)
    context = rules.Context(item.year, item.la_code, previous=previous,
                            child_key=child_key, upn_key=upn_key,
                            in_care_before=in_care_before or {},
                            extra=extra | _cin_header(item), available=available)
    return rules.run(checked, RULE_TABLES[item.source](), item.source, context)


def _places(source: Source, episodes: checks.CheckedTable | None,
            previous: dict[str, pa.Table] | None) -> tuple[dict[str, pa.Table], frozenset[str]]:
    """The postcode directory (its part the return and last year's return name) and
    Ofsted's providers lists, for the placement rules of SSDA903 returns (no CIN rule
    reads them)."""
    if source != Source.SSDA903:
        return {}, frozenset()
    given = tuple(episodes.values[name] for name in POSTCODE_FIELDS) if episodes else ()
    last = (previous or {}).get("episodes")
    sectors = tuple(last[name] for name in POSTCODE_FIELDS) if last is not None else ()
    return places.for_rules(config.home().providers, given, sectors)


def _cin_header(item: Return) -> dict[str, pa.Table]:
    """The CIN census's message header, for its rules (its fields blank when the file
    has none, which rule 100 reports)."""
    if item.source != Source.CIN or not item.raws:
        return {}
    raw = next((raw for raw in item.raws if raw.header), item.raws[0])
    return {"cin_header": header_table(raw.header, raw.file)}


def _previous(item: Return, prepared: list[Prepared], store: Store) -> dict | None:
    """The same LA's return for the year before, from this batch or else the store."""
    if item.source not in RULE_TABLES:
        return None
    for earlier in prepared:
        if (earlier.item.source, earlier.item.la_code, earlier.item.year) == (
                item.source, item.la_code, item.year - 1):
            return earlier.tables
    found = {}
    for name in RULE_TABLES[item.source]():
        stored = store.read(item.source, name, item.la_code, item.year - 1)
        if stored is not None:
            found[name] = stored
    return found if any(len(table) for table in found.values()) else None


def _emptied(ready: StagedReturn, result: Result) -> str:
    """Why a return none of whose rows could be stored is refused when one is held."""
    first = next((problem for problem in result.problems if problem.year == ready.year
                  and problem.severity == ERROR), None)
    return (f"{ready.source.label} for LA {ready.la_code}, {ready.year}: every row was "
            f"refused by the format checks{f' (the first: {first})' if first else ''}; "
            "stored, it would replace the return held with an empty one. Put the rows "
            "right and load it again")


def _in_care_before(item: Return, prepared: list[Prepared], store: Store
                    ) -> dict[int, pa.Array]:
    """Each earlier year's children in care (tokens), from this batch or else the store."""
    if item.source != Source.SSDA903:
        return {}
    found = {}
    stored = store.read(item.source, "episodes", item.la_code, columns=["CHILD"])
    for year in pc.unique(stored["year"]).to_pylist() if stored is not None else ():
        if year < item.year:
            found[year] = stored.filter(pc.equal(stored["year"], year))["CHILD"]
    for earlier in prepared:
        if (earlier.item.source, earlier.item.la_code) == (item.source, item.la_code) and (
                earlier.item.year < item.year and "episodes" in earlier.tables):
            found[earlier.item.year] = earlier.tables["episodes"]["CHILD"]
    return {year: column.combine_chunks() for year, column in found.items()}


def stage(prepared: Prepared, result: Result) -> StagedReturn:
    """The return as the store takes it, with a catalogue entry for each file and table."""
    item = prepared.item
    files = {path.name: {"file": path.name, "path": str(path.resolve()),
                         "sha256": _sha256(path)} for path in item.paths}
    staged = StagedReturn(item.source, item.la_code, item.year, list(files.values()),
                          prepared.tables)
    for raw in item.raws:
        result.problems.extend(in_year(raw.problems, item.year))
    for name, done in prepared.checked.items():
        result.problems.extend(in_year(done.problems, item.year))
        errors = sum(1 for problem in done.problems if problem.severity == ERROR)
        staged.catalogue.append({
            **files[done.raw.file], "table": name, "rows_in": done.rows_in,
            "rows_stored": done.rows_stored, "rows_rejected": done.rows_rejected,
            "errors": errors + done.raw.unreadable,
            "warnings": len(done.problems) - errors, "outcome": "",
        })
    result.problems.extend(prepared.rules.problems)
    result.rules.extend(rules.combined(prepared.rules.summaries))
    return staged


def in_year(problems: list[Problem], year: int) -> list[Problem]:
    """Problems that name their return's year, for a batch that holds several."""
    return [problem if problem.year == year else replace(problem, year=year)
            for problem in problems]


def to_arrow(done: checks.CheckedTable, pseudonymiser: privacy.Pseudonymiser) -> pa.Table:
    """The stored form of a checked table: rejected rows out, privacy rules applied."""
    keep = pc.invert(pa.array(done.rejected, pa.bool_())) if any(done.rejected) else None
    schema = arrow_schema(done.spec)

    def kept(values) -> pa.Array:
        array = values if isinstance(values, pa.Array) else pa.array(values)
        return array if keep is None else array.filter(keep)

    arrays = {link: kept(done.raw.links[link]) for link in done.spec.links}
    for column in done.spec.columns:
        arrays[column.name] = pseudonymiser.column(column.privacy,
                                                   kept(done.values[column.name]))
    arrays["source_row"] = kept(done.raw.rows.cast(pa.string()))
    arrays["failed_fields"] = kept(pa.array(
        [sorted(failed) if failed else None for failed in done.failed],
        pa.list_(pa.string())))
    return pa.Table.from_arrays([arrays[name] for name in schema.names], schema=schema)


def check_care_leavers(prepared: list[Prepared], store: Store) -> None:
    """A care leaver in OC3 must have been looked after: an episode in any return of
    this batch or any stored for the LA."""
    by_la: dict[str, set] = {}
    for item in prepared:
        la_code = item.item.la_code
        if "oc3" not in item.checked:
            continue
        if la_code not in by_la:
            by_la[la_code] = set()
            stored = store.read(Source.SSDA903, "episodes", la_code)
            if stored is not None:
                by_la[la_code].update(stored.column("CHILD").to_pylist())
            for other in prepared:
                if other.item.la_code == la_code and "episodes" in other.tables:
                    by_la[la_code].update(other.tables["episodes"].column("CHILD").to_pylist())
        oc3 = item.checked["oc3"]
        kept = [index for index, rejected in enumerate(oc3.rejected) if not rejected]
        tokens = item.tables["oc3"].column("CHILD").to_pylist()
        for index, token in zip(kept, tokens, strict=True):
            if token not in by_la[la_code]:
                oc3.fail(index, "CHILD", "a care leaver with no episode of care in this "
                         "batch or any return stored for the LA", WARNING)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _summarise(result: Result, staged: StagedReturn, outcome: str) -> None:
    for entry in staged.catalogue:
        entry["outcome"] = outcome.split(":")[0]
        result.summaries.append(TableSummary(
            staged.source, staged.la_code, staged.year, entry["file"], entry["table"],
            entry["rows_in"], entry["rows_stored"], entry["rows_rejected"],
            entry["errors"], entry["warnings"], outcome))


