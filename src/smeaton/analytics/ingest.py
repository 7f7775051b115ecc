"""Statutory returns in: read, check, pseudonymise and store a batch of files.

A batch is every file named (folders are searched). Files are grouped into returns,
one per source, LA and collection year: the SSDA903 CSV tables in one folder make one
return; a CIN census or SSDA903 XML file is a return by itself. Then:

1. every file is read; if any cannot be, the batch stops and nothing is stored;
2. every cell and row is checked (smeaton.analytics.checks);
3. identifiers, dates of birth and postcodes are pseudonymised (smeaton.analytics.privacy);
4. the returns are stored together, or not at all (smeaton.analytics.store).

Rows in = rows stored + rows rejected, per table, and every problem is reported.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from smeaton.analytics import checks, privacy
from smeaton.analytics.formats import RawReturn, read
from smeaton.analytics.formats.spec import ATTENDANCE, CIN, SSDA903
from smeaton.analytics.problems import ERROR, FIELDS, WARNING, FileProblem, Problem
from smeaton.analytics.store import StagedReturn, Store, StoreProblem, arrow_schema

READABLE = {".csv", ".xml", ".txt"}
LA_FOLDER = re.compile(r"^(?:la_code=|la=)?(\d{3})$")
YEAR_FOLDER = re.compile(r"^(?:year=)?(20\d{2})$")
SOURCE_TITLES = {SSDA903: "SSDA903", CIN: "CIN census", ATTENDANCE: "Attendance"}


class BatchRefused(Exception):
    """The batch could not be read or stored: the store is exactly as it was."""

    def __init__(self, problems: list[FileProblem | str]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class TableSummary:
    source: str
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
    notices: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        """Whether anything was rejected: a row not stored, or a field failed."""
        return any(problem.severity == ERROR for problem in self.problems)


@dataclass
class Return:
    """The files of one return while they are checked."""

    source: str
    la_code: str
    year: int
    raws: list[RawReturn]
    paths: list[Path]


def files_in(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files to read, and what was passed over in folders (not a return)."""
    found, skipped = [], []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in READABLE:
                    found.append(child)
                elif child.is_file():
                    skipped.append(str(child))
        else:
            found.append(path)
    return found, skipped


def ingest(paths: list[Path], store_root: Path, *, la_code: str | None = None,
           year: int | None = None, progress=None) -> Result:
    """Load a batch of files into the store, all or nothing. See the module's docstring."""
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
    returns = group(raws, la_code, year)
    notices: list[str] = []
    keys = privacy.Keys.load(notices)
    store = Store(store_root)
    try:
        store.check_key(keys.fingerprint)
    except StoreProblem as problem:
        raise BatchRefused([str(problem), *notices]) from None
    loaded_at = datetime.now(UTC).replace(microsecond=0)
    load = {"load_id": f"{loaded_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
            "loaded_at": loaded_at}
    result = Result(load["load_id"], notices=notices, skipped=skipped)
    prepared = [prepare(item, keys) for item in returns]
    check_care_leavers(prepared, store)
    staged, identities = [], defaultdict(dict)
    for item in prepared:
        ready = stage(item, result)
        held = store.held(ready)
        if held and held.get("content") == ready.content:
            _summarise(result, ready, f"unchanged: already stored by load {held['load_id']}")
            continue
        _summarise(result, ready, "replaces the return stored before" if held else "stored")
        staged.append(ready)
        identities[item.item.la_code].update(item.identities)
    if staged:
        try:
            # Identities are sealed in a transaction that commits only once the store has
            # taken the batch, so a batch that fails leaves no trace in either.
            with privacy.sealing(privacy.reidentification_path(),
                                 keys.reidentification) as seal:
                for la, found in identities.items():
                    seal(la, found)
                store.commit(staged, load, keys.fingerprint)
        except (StoreProblem, privacy.KeyProblem) as problem:
            raise BatchRefused([str(problem)]) from None
    return result


def group(raws: list[tuple[Path, RawReturn]], la_code: str | None,
          year: int | None) -> list[Return]:
    """Sort files into returns, each with the LA and year it is for."""
    problems: list[str] = []
    by_key: dict[tuple, Return] = {}
    for path, raw in raws:
        # SSDA903 CSV tables in one folder are one return; any other file is its own.
        csv_table = raw.source == SSDA903 and path.suffix.lower() != ".xml"
        unit = str(path.parent) if csv_table else str(path)
        la = raw.la_code or la_code or _from_folders(path, LA_FOLDER) or os.environ.get(
            "SMEATON_LA_CODE", "").strip() or None
        if raw.la_code and la_code and raw.la_code != la_code:
            raw.problems.append(Problem(raw.file, "", 1, "LA", raw.la_code, f"the file says "
                                        f"LA {raw.la_code}, not {la_code} as asked; the "
                                        "file's own LA is used", WARNING))
        if la and not (la.isdigit() and len(la) == 3):
            problems.append(f"{path}: {la!r} is not a three-digit DfE LA code")
        returned_year = raw.year or year or _year_from_folders(path)
        key = (raw.source, unit)
        item = by_key.setdefault(key, Return(raw.source, la, returned_year, [], []))
        item.raws.append(raw)
        item.paths.append(path)
    for item in by_key.values():
        names = [table.spec.name for raw in item.raws for table in raw.tables]
        doubled = {name for name in names if names.count(name) > 1}
        if doubled and item.source == SSDA903:
            problems.append(f"{item.paths[0].parent}: more than one file holds the SSDA903 "
                            f"{', '.join(sorted(doubled))} table; a return has one file per "
                            "table, so load the others from another folder")
        if item.year is None and item.source == SSDA903:
            item.year = infer_year(item)
            if item.year:
                item.raws[0].problems.append(Problem(
                    item.raws[0].file, "", 1, "", "", f"the return does not say its year; "
                    f"{item.year} was worked out from its latest episode date. Give --year, "
                    "or keep each year's files in a folder named for it", WARNING))
        if not item.la_code:
            problems.append(f"{', '.join(p.name for p in item.paths)}: the file does not say "
                            "which LA it is for; give --la with the three-digit LA code")
        if not item.year:
            problems.append(f"{', '.join(p.name for p in item.paths)}: cannot tell the "
                            "collection year; give --year (the year ending 31 March)")
    claimed: dict[tuple, Return] = {}
    for item in by_key.values():
        other = claimed.setdefault((item.source, item.la_code, item.year), item)
        if other is not item:
            problems.append(
                f"{other.paths[0]} and {item.paths[0]} are both the "
                f"{SOURCE_TITLES[item.source]} return for LA {item.la_code}, {item.year}; "
                "a batch holds one return per LA and year, so load one of them")
    if problems:
        raise BatchRefused(problems)
    return list(by_key.values())


def _from_folders(path: Path, pattern: re.Pattern) -> str | None:
    for part in reversed(path.parent.parts):
        match = pattern.match(part)
        if match:
            return match[1]
    return None


def _year_from_folders(path: Path) -> int | None:
    found = _from_folders(path, YEAR_FOLDER)
    return int(found) if found else None


def infer_year(item: Return) -> int | None:
    """The collection year holding the latest episode date that is not in the future."""
    today = date.today()
    latest = None
    for raw in item.raws:
        for table in raw.tables:
            if table.spec.name != "episodes":
                continue
            for name in ("DECOM", "DEC"):
                for text in table.columns[name]:
                    try:
                        day = datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
                    except ValueError:
                        continue
                    if day <= today and (latest is None or day > latest):
                        latest = day
    if latest is None:
        return None
    return latest.year if latest <= date(latest.year, 3, 31) else latest.year + 1


@dataclass
class Prepared:
    """One return, checked and pseudonymised, with the identities behind its tokens."""

    item: Return
    checked: dict[str, checks.CheckedTable]
    tables: dict[str, pa.Table]
    identities: dict[str, str]


def prepare(item: Return, keys: privacy.Keys) -> Prepared:
    """Check and pseudonymise one return's tables."""
    pseudonymiser = privacy.Pseudonymiser(keys.pseudonym, item.la_code)
    checked: dict[str, checks.CheckedTable] = {}
    for raw in item.raws:
        for table in raw.tables:
            done = checks.check(table, item.year)
            if item.source == ATTENDANCE:
                checks.check_attendance(done, item.la_code, item.year)
            checks.check_structure(done)
            checked[table.spec.name] = done
    tables = {}
    for name, done in checked.items():
        tables[name] = to_arrow(done, pseudonymiser)
        if name != "oc3":  # the care leavers' check still needs the cells
            done.release()
    return Prepared(item, checked, tables, pseudonymiser.identities)


def stage(prepared: Prepared, result: Result) -> StagedReturn:
    """The return as the store takes it, with a catalogue entry for each file and table."""
    item = prepared.item
    files = {path.name: {"file": path.name, "path": str(path.resolve()),
                         "sha256": _sha256(path)} for path in item.paths}
    staged = StagedReturn(item.source, item.la_code, item.year, list(files.values()),
                          prepared.tables)
    for raw in item.raws:
        result.problems.extend(raw.problems)
    for name, done in prepared.checked.items():
        result.problems.extend(done.problems)
        errors = sum(1 for problem in done.problems if problem.severity == ERROR)
        staged.catalogue.append({
            **files[done.raw.file], "table": name, "rows_in": done.rows_in,
            "rows_stored": done.rows_stored, "rows_rejected": done.rows_rejected,
            "errors": errors + done.raw.unreadable,
            "warnings": len(done.problems) - errors, "outcome": "",
        })
    return staged


def to_arrow(done: checks.CheckedTable, pseudonymiser: privacy.Pseudonymiser) -> pa.Table:
    """The stored form of a checked table: rejected rows out, privacy rules applied."""
    keep = [index for index, rejected in enumerate(done.rejected) if not rejected]
    everything = len(keep) == len(done.rejected)
    schema = arrow_schema(done.spec)

    def kept(values: list) -> list:
        return values if everything else [values[index] for index in keep]

    arrays = {link: kept(done.raw.links[link]) for link in done.spec.links}
    for column in done.spec.columns:
        arrays[column.name] = pseudonymiser.column(column.privacy,
                                                   kept(done.values[column.name]))
    arrays["source_row"] = [str(row) for row in kept(done.raw.rows)]
    arrays["failed_fields"] = [sorted(failed) if failed else None
                               for failed in kept(done.failed)]
    return pa.Table.from_pydict(arrays, schema=schema)


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
            stored = store.read(SSDA903, "episodes", la_code)
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


def summary(result: Result, reports: tuple[Path, Path], shown: int = 10) -> str:
    """What a person at the terminal needs: per table, rows in, stored and rejected."""
    lines = [f"Load {result.load_id}", *result.notices]
    header = f"  {'table':<24}{'rows in':>10}{'stored':>10}{'rejected':>10}{'errors':>9}" \
             f"{'warnings':>10}  file"
    current = None
    for item in result.summaries:
        heading = (f"{SOURCE_TITLES[item.source]} for LA {item.la_code}, {item.year}: "
                   f"{item.outcome}")
        if heading != current:
            lines += ["", heading, header]
            current = heading
        lines.append(f"  {item.table:<24}{item.rows_in:>10,}{item.rows_stored:>10,}"
                     f"{item.rows_rejected:>10,}{item.errors:>9,}{item.warnings:>10,}"
                     f"  {item.files}")
    errors = sum(1 for problem in result.problems if problem.severity == ERROR)
    warnings = len(result.problems) - errors
    lines += ["", f"{errors:,} error{'s' * (errors != 1)} and {warnings:,} "
                  f"warning{'s' * (warnings != 1)}."]
    if result.problems:
        lines.append(f"The first {min(shown, len(result.problems))}:")
        lines += [f"  {problem}" for problem in result.problems[:shown]]
    if result.skipped:
        lines.append(f"Passed over {len(result.skipped)} file(s) that are not CSV or XML.")
    lines.append(f"Every problem: {reports[0]} and {reports[1]}")
    return "\n".join(lines)


# --- Reports -------------------------------------------------------------------------------


def write_reports(result: Result, folder: Path) -> tuple[Path, Path]:
    """problems.csv (one row per problem) and problems.json (summary and problems)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    csv_path, json_path = folder / "problems.csv", folder / "problems.json"
    with _private(csv_path) as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(problem.as_dict() for problem in result.problems)
    with _private(json_path) as file:
        json.dump({
            "load_id": result.load_id,
            "summary": [summary.__dict__ for summary in result.summaries],
            "problems": [problem.as_dict() for problem in result.problems],
        }, file, indent=1, default=str)
    return csv_path, json_path


def _private(path: Path):
    """A file readable by its owner only: reports quote cells, identifiers included."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(descriptor, "w", newline="", encoding="utf-8")
