"""The analytic store: pseudonymised child-level tables as Parquet, with a catalogue.

::

    STORE/
      store.json                 the pointer: the format, the pseudonym key's fingerprint,
                                 the current state and the one before it
      versions/20250612T093015-1a2b3c4d/   one whole state of the store, never changed
        catalogue.parquet        one row per load, file and table (docs/data-model.md)
        ssda903/la_code=879/year=2025/
          _return.json           which load and files this return came from
          header.parquet  episodes.parquet  ...
        cin/la_code=879/year=2025/...
        attendance/la_code=879/year=2024/attendance.parquet
      .staging/<load id>/        a state being written, or one a killed load left
      .lock  .readers            the writer's lock; readers' shared lock

A load commits in one atomic step. It writes a whole new state aside: its own returns,
hard links to the files of every return it leaves as it was, and the catalogue. Then,
with the re-identification table's entries sealed as pending (``ledger.seal``), it
replaces ``store.json`` with one naming the new state (``os.replace``). A reader reads
``store.json`` once and every file from the state it names, so it sees the old state or
the new, never a mix. Killed at any step before the switch, the store is as it was, and
the next load removes what was left (the staging folder, pending entries); killed after
it, the load is whole, and the next load (or ``privacy.resolve``) settles its entries.

A store written before states had folders of their own (format 1: the returns and the
catalogue at the top of the store) is read as it is; its first load links its files into
a state of their own and removes them once no reader needs them.

Everything the store writes is readable by its owner only: folders 0700, files 0600.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from smeaton.analytics.formats.spec import ARROW_TYPES, Table
from smeaton.analytics.source import Source

FORMAT = 2
POINTER = "store.json"
CATALOGUE = "catalogue.parquet"
VERSIONS = "versions"
STAGING = ".staging"
READERS = ".readers"
CATALOGUE_SCHEMA = pa.schema([
    ("load_id", pa.string()), ("loaded_at", pa.timestamp("ms", tz="UTC")),
    ("source", pa.string()), ("la_code", pa.string()), ("year", pa.int32()),
    ("file", pa.string()), ("path", pa.string()), ("sha256", pa.string()),
    ("table", pa.string()), ("rows_in", pa.int64()), ("rows_stored", pa.int64()),
    ("rows_rejected", pa.int64()), ("errors", pa.int64()), ("warnings", pa.int64()),
    ("outcome", pa.string()),
])

# The steps of a commit, in order. For tests only: with SMEATON_TEST_CRASH_AT set to one
# of them, a load stops dead at that step (os._exit), as a killed process would. A step
# added here is a step the crash test must cover: it runs once for every name.
CRASH_STEPS = (
    "tidied",  # what killed loads left is gone; nothing of this load is written yet
    "returns-written",  # the load's own returns, in its staging folder
    "catalogue-written",  # the whole new state: returns, links to the rest, catalogue
    "state-placed",  # the new state moved into versions/, not yet named
    "identities-sealed",  # the re-identification entries committed, as pending
    "pointer-switched",  # store.json names the new state: the load is stored
    "identities-settled",  # the pending entries are the table's own
    "old-states-removed",  # states no reader needs are gone; the load is done
)
CRASH_EXIT = 86


def crash_point(step: str) -> None:
    """Stop the process dead here when a test asks for this step (SMEATON_TEST_CRASH_AT)."""
    assert step in CRASH_STEPS, step
    if os.environ.get("SMEATON_TEST_CRASH_AT") == step:
        os._exit(CRASH_EXIT)


class StoreProblem(Exception):
    """The store cannot take this batch; it is exactly as it was."""


def arrow_schema(spec: Table) -> pa.Schema:
    """The stored schema of a table: links, the return's columns, then bookkeeping."""
    return pa.schema([
        *[(link, pa.int64()) for link in spec.links],
        *[(column.name, ARROW_TYPES.get(column.type, pa.string())) for column in spec.columns],
        ("source_row", pa.string()),
        ("failed_fields", pa.list_(pa.string())),
    ])


@dataclass
class StagedReturn:
    """One return, checked and pseudonymised, ready to replace what the store holds."""

    source: Source
    la_code: str
    year: int
    files: list[dict]  # {"file", "path", "sha256"}
    tables: dict[str, pa.Table]
    catalogue: list[dict] = field(default_factory=list)  # one entry per file and table

    @property
    def content(self) -> str:
        return ",".join(sorted(entry["sha256"] for entry in self.files))

    def relative(self) -> Path:
        return Path(self.source, f"la_code={self.la_code}", f"year={self.year}")


class Ledger(Protocol):
    """What the store asks of the re-identification table during a commit
    (``privacy.Ledger``): it never reads the identities, only says when to write them."""

    def tidy(self, committed: set[str]) -> None:
        """Settle the pending entries of loads the store holds; discard this store's
        others (loads killed before their switch)."""

    def seal(self) -> None:
        """Commit this load's entries, pending until the store names its state."""

    def settle(self) -> None:
        """Make this load's pending entries the table's own."""

    def discard(self) -> None:
        """Remove this load's pending entries: the store did not take it."""


class Store:
    """The store at ``root``. Each read follows ``store.json`` to the current state; a
    ``pinned()`` store reads one state only, whatever loads come after."""

    def __init__(self, root: Path, state: Path | None = None):
        self.root = Path(root)
        self._state = state

    # Reading -------------------------------------------------------------------------

    def pointer(self) -> dict:
        """``store.json``: empty for a store not yet written."""
        path = self.root / POINTER
        return json.loads(path.read_text()) if path.exists() else {}

    @property
    def folder(self) -> Path:
        """The folder of the state this store reads: the state ``store.json`` names, or
        for a format 1 store, the store itself."""
        if self._state is not None:
            return self._state
        return self.root / self.pointer().get("current", ".")

    def pinned(self) -> Store:
        """This store, reading the state that is current now and no other."""
        return Store(self.root, self.folder)

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The store pinned to its current state, which no load removes while the block
        runs (a shared lock on ``.readers``; a store that cannot be locked, on a
        read-only disk, is read without)."""
        lock = None
        with suppress(OSError):
            lock = os.open(self.root / READERS, os.O_RDONLY | os.O_CREAT, 0o600)
            fcntl.flock(lock, fcntl.LOCK_SH)
        try:
            yield self.pinned()
        finally:
            if lock is not None:
                os.close(lock)

    def return_dir(self, source: Source, la_code: str, year: int) -> Path:
        return self.folder / source / f"la_code={la_code}" / f"year={year}"

    def held(self, staged: StagedReturn) -> dict | None:
        """What the store says about the return it holds for this source, LA and year."""
        path = self.folder / staged.relative() / "_return.json"
        return json.loads(path.read_text()) if path.exists() else None

    def read(self, source: Source, table: str, la_code: str | None = None,
             year: int | None = None, columns: list[str] | None = None) -> pa.Table | None:
        """Every stored return's rows of one table (or of one LA's, one year's; only
        ``columns``, where given), with ``la_code`` and ``year``."""
        pattern = f"la_code={la_code or '*'}/year={year or '*'}/{table}.parquet"
        parts = []
        for path in sorted((self.folder / source).glob(pattern)):
            data = pq.read_table(path, columns=columns)
            la = path.parent.parent.name.split("=", 1)[1]
            year = int(path.parent.name.split("=", 1)[1])
            data = data.append_column("la_code", pa.array([la] * len(data), pa.string()))
            parts.append(data.append_column("year", pa.array([year] * len(data), pa.int32())))
        return pa.concat_tables(parts) if parts else None

    def catalogue(self) -> pa.Table:
        path = self.folder / CATALOGUE
        return pq.read_table(path) if path.exists() else CATALOGUE_SCHEMA.empty_table()

    def loads(self) -> set[str]:
        """The loads the store holds: every load its catalogue names, and the load whose
        state is current."""
        folder = self.folder
        loads = set(self.catalogue().column("load_id").to_pylist())
        return loads | ({folder.name} if folder.parent.name == VERSIONS else set())

    def check_key(self, fingerprint: str) -> None:
        """Refuse a pseudonym key other than the one the store's tokens were made with."""
        pointer = self.pointer()
        held = pointer.get("key_fingerprint")
        if pointer and held != fingerprint:
            raise StoreProblem(
                f"{self.root} was made with another pseudonym key (fingerprint {held}); "
                "with this key the same child would get a different token. Use the "
                "store's own key (SMEATON_PSEUDONYM_KEY).")

    # Writing -------------------------------------------------------------------------

    @contextmanager
    def locked(self):
        """The one writer: an exclusive lock, and everything made readable by its owner
        only (the store's folder 0700, whatever it was, and a umask of 077)."""
        with private():
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                with suppress(OSError):  # a store made before Smeaton kept it private
                    self.root.chmod(0o700)
                lock = (self.root / ".lock").open("w")
            except OSError as error:
                raise StoreProblem(f"could not write to {self.root}: {error}; nothing from "
                                   "this batch was stored") from error
            with lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def tidy(self, ledger: Ledger | None = None) -> None:
        """Remove what killed loads left (staging folders; pending re-identification
        entries) and states no reader needs, so that what the store says it holds is
        whole. Every load does this first; ``smeaton ingest`` does it before it compares
        its files with the returns held."""
        if self.root.is_dir():
            with self.locked():
                self._tidy(ledger)

    def commit(self, returns: list[StagedReturn], load: dict, fingerprint: str,
               ledger: Ledger | None = None) -> list[str]:
        """Store every return of a batch, or none of them, with the load's
        re-identification entries (``ledger``). Returns notices for the person loading."""
        load_id = load["load_id"]
        staging = self.root / STAGING / load_id
        version = Path(VERSIONS, load_id)
        with self.locked():
            try:
                self.check_key(fingerprint)
                self._tidy(ledger)
                crash_point("tidied")
                base = self.pinned()
                for staged in returns:
                    self._write(staging / staged.relative(), staged, load)
                crash_point("returns-written")
                self._link(base.folder, staging, {staged.relative() for staged in returns})
                self._write_catalogue(base, returns, load, staging)
                crash_point("catalogue-written")
                _sync_tree(staging)
                (self.root / VERSIONS).mkdir(exist_ok=True)
                os.rename(staging, self.root / version)
                _fsync(self.root / VERSIONS)
                crash_point("state-placed")
                if ledger is not None:
                    ledger.seal()
                crash_point("identities-sealed")
                previous = base.folder.relative_to(self.root).as_posix()
                self._write_json(self.root / POINTER, {
                    "format": FORMAT, "key_fingerprint": fingerprint,
                    "current": version.as_posix(), "previous": previous})
            except Exception as error:  # whatever went wrong, the store is as it was
                if ledger is not None:
                    with suppress(Exception):
                        ledger.discard()
                shutil.rmtree(staging, ignore_errors=True)
                shutil.rmtree(self.root / version, ignore_errors=True)
                with suppress(OSError):
                    staging.parent.rmdir()
                raise StoreProblem(f"could not write to {self.root}: {error}; nothing "
                                   "from this batch was stored") from error
            # The load is stored. What follows tidies; if it fails, the next load does it.
            with suppress(OSError):
                _fsync(self.root)
            crash_point("pointer-switched")
            notices = []
            if ledger is not None:
                try:
                    ledger.settle()
                except Exception as error:
                    notices.append(f"The load is stored, but its entries in the "
                                   f"re-identification table are still pending ({error}); "
                                   "the next load settles them.")
            crash_point("identities-settled")
            self._remove_old_states()
            with suppress(OSError):
                staging.parent.rmdir()
            crash_point("old-states-removed")
            return notices

    def _tidy(self, ledger: Ledger | None) -> None:
        # Under the lock no other load is writing, so every staging folder is a killed
        # load's.
        self._put_back_format_1_returns()
        shutil.rmtree(self.root / STAGING, ignore_errors=True)
        if ledger is not None:
            ledger.tidy(self.loads())
        self._remove_old_states()

    def _put_back_format_1_returns(self) -> None:
        """Smeaton before format 2 moved returns one by one, each old one aside into
        ``.staging/<load>/old``: one killed between two moves left a return there and
        nothing in its place. Put it back before the staging folder goes."""
        if "current" in self.pointer():
            return
        for aside in sorted((self.root / STAGING).glob("*/old/*/la_code=*/year=*")):
            target = self.root / aside.relative_to(aside.parents[2])
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(aside, target)

    def _remove_old_states(self) -> None:
        """Every state but the current one and the one before it (kept for anyone part
        way through reading it by hand), when no reader holds ``.readers``."""
        pointer = self.pointer()
        if "current" not in pointer:
            return
        keep = {pointer["current"], pointer.get("previous")}
        try:
            readers = os.open(self.root / READERS, os.O_RDONLY | os.O_CREAT, 0o600)
        except OSError:
            return
        try:
            try:
                fcntl.flock(readers, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # someone is reading: a later load removes them
            versions = self.root / VERSIONS
            for folder in sorted(versions.iterdir()) if versions.is_dir() else ():
                if f"{VERSIONS}/{folder.name}" not in keep:
                    shutil.rmtree(folder, ignore_errors=True)
            if "." not in keep:  # a format 1 store's returns and catalogue
                for source in Source:
                    shutil.rmtree(self.root / source, ignore_errors=True)
                with suppress(FileNotFoundError):
                    (self.root / CATALOGUE).unlink()
        finally:
            os.close(readers)

    def _write(self, folder: Path, staged: StagedReturn, load: dict) -> None:
        folder.mkdir(parents=True)
        for name, table in staged.tables.items():
            pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
        (folder / "_return.json").write_text(json.dumps({
            "load_id": load["load_id"], "loaded_at": load["loaded_at"].isoformat(),
            "source": staged.source, "la_code": staged.la_code, "year": staged.year,
            "files": staged.files, "content": staged.content,
        }, indent=2) + "\n")

    def _link(self, base: Path, staging: Path, replaced: set[Path]) -> None:
        """Every return of the state ``base`` that this load leaves as it was, linked
        into ``staging``: the same files, not copies (copied where links cannot be), made
        their owner's only (a format 1 store's were open to others)."""
        for source in Source:
            for folder in sorted((base / source).glob("la_code=*/year=*")):
                relative = folder.relative_to(base)
                if relative in replaced or not folder.is_dir():
                    continue
                (staging / relative).mkdir(parents=True)
                for path in folder.iterdir():
                    target = staging / relative / path.name
                    try:
                        os.link(path, target)
                    except OSError:
                        shutil.copyfile(path, target)
                    target.chmod(0o600)

    def _write_catalogue(self, base: Store, returns: list[StagedReturn], load: dict,
                         staging: Path) -> None:
        rows = [{**entry, "load_id": load["load_id"], "loaded_at": load["loaded_at"],
                 "source": staged.source, "la_code": staged.la_code, "year": staged.year}
                for staged in returns for entry in staged.catalogue]
        added = pa.Table.from_pylist(rows, schema=CATALOGUE_SCHEMA)
        table = pa.concat_tables([base.catalogue().cast(CATALOGUE_SCHEMA), added])
        staging.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, staging / CATALOGUE)

    @staticmethod
    def _write_json(path: Path, content: dict) -> None:
        """Written whole and on the disk, then put in place in one step."""
        temporary = path.with_name(f".{path.name}.new")
        with temporary.open("w") as file:
            file.write(json.dumps(content, indent=2) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)


@contextmanager
def private():
    """Files and folders made while the block runs are their owner's only (umask 077)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_tree(folder: Path) -> None:
    """Every file and folder under ``folder`` on the disk, before anything names it. A
    file with other links is an earlier state's, on the disk already."""
    for parent, _, files in os.walk(folder):
        for name in files:
            path = Path(parent, name)
            if path.stat().st_nlink == 1:
                _fsync(path)
        _fsync(Path(parent))
