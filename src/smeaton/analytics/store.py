"""The analytic store: pseudonymised child-level tables as Parquet, with a catalogue.

::

    STORE/
      store.json                 the store's format and its pseudonym key's fingerprint
      catalogue.parquet          one row per load, file and table (docs/data-model.md)
      ssda903/la_code=879/year=2025/
        _return.json             which load and files this return came from
        header.parquet  episodes.parquet  ...
      cin/la_code=879/year=2025/...
      attendance/la_code=879/year=2024/attendance.parquet

A return (one source, LA and year) is written whole into a staging folder, then moved
into place with a rename, so a reader sees the old return or the new one, never a mix.
A batch of returns is all or nothing: if any move fails, those already made are undone
and the catalogue is left as it was. Loading the same files again changes nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from smeaton.analytics.formats.spec import ARROW_TYPES, Table
from smeaton.analytics.source import Source

FORMAT = 1
CATALOGUE = "catalogue.parquet"
CATALOGUE_SCHEMA = pa.schema([
    ("load_id", pa.string()), ("loaded_at", pa.timestamp("ms", tz="UTC")),
    ("source", pa.string()), ("la_code", pa.string()), ("year", pa.int32()),
    ("file", pa.string()), ("path", pa.string()), ("sha256", pa.string()),
    ("table", pa.string()), ("rows_in", pa.int64()), ("rows_stored", pa.int64()),
    ("rows_rejected", pa.int64()), ("errors", pa.int64()), ("warnings", pa.int64()),
    ("outcome", pa.string()),
])


# Named steps of a commit, in order. For tests only: with SMEATON_TEST_CRASH_AT set to one
# of them, a load stops dead at that step (os._exit), as a killed process would. A step
# added here is a step the crash test must cover: it runs once for every name.
CRASH_STEPS = ("returns-written", "one-return-moved", "returns-moved", "catalogue-written")
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


class Store:
    def __init__(self, root: Path):
        self.root = Path(root)

    # Reading -------------------------------------------------------------------------

    def return_dir(self, source: Source, la_code: str, year: int) -> Path:
        return self.root / source / f"la_code={la_code}" / f"year={year}"

    def held(self, staged: StagedReturn) -> dict | None:
        """What the store says about the return it holds for this source, LA and year."""
        path = self.root / staged.relative() / "_return.json"
        return json.loads(path.read_text()) if path.exists() else None

    def read(self, source: Source, table: str, la_code: str | None = None) -> pa.Table | None:
        """Every stored return's rows of one table, with ``la_code`` and ``year``."""
        pattern = f"la_code={la_code or '*'}/year=*/{table}.parquet"
        parts = []
        for path in sorted((self.root / source).glob(pattern)):
            data = pq.read_table(path)
            la = path.parent.parent.name.split("=", 1)[1]
            year = int(path.parent.name.split("=", 1)[1])
            data = data.append_column("la_code", pa.array([la] * len(data), pa.string()))
            parts.append(data.append_column("year", pa.array([year] * len(data), pa.int32())))
        return pa.concat_tables(parts) if parts else None

    def catalogue(self) -> pa.Table:
        path = self.root / CATALOGUE
        return pq.read_table(path) if path.exists() else CATALOGUE_SCHEMA.empty_table()

    def check_key(self, fingerprint: str) -> None:
        """Refuse a pseudonym key other than the one the store's tokens were made with."""
        path = self.root / "store.json"
        if path.exists():
            held = json.loads(path.read_text()).get("key_fingerprint")
            if held != fingerprint:
                raise StoreProblem(
                    f"{self.root} was made with another pseudonym key (fingerprint {held}); "
                    "with this key the same child would get a different token. Use the "
                    "store's own key (SMEATON_PSEUDONYM_KEY).")

    # Writing -------------------------------------------------------------------------

    @contextmanager
    def locked(self):
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def commit(self, returns: list[StagedReturn], load: dict, fingerprint: str) -> None:
        """Store every return of a batch, or none of them."""
        with self.locked():
            self.check_key(fingerprint)
            staging = self.root / ".staging" / load["load_id"]
            try:
                for staged in returns:
                    self._write(staging / "new" / staged.relative(), staged, load)
                crash_point("returns-written")
                moved = self._swap(returns, staging)
                crash_point("returns-moved")
                try:
                    self._write_catalogue(returns, load)
                    self._write_json(self.root / "store.json",
                                     {"format": FORMAT, "key_fingerprint": fingerprint})
                    crash_point("catalogue-written")
                except BaseException:
                    self._undo(moved, staging)
                    raise
            except Exception as error:  # whatever went wrong, the store is as it was
                raise StoreProblem(f"could not write to {self.root}: {error}; nothing "
                                   "from this batch was stored") from error
            finally:
                shutil.rmtree(staging, ignore_errors=True)
                with suppress(OSError):
                    staging.parent.rmdir()  # only when no other load is staged

    def _write(self, folder: Path, staged: StagedReturn, load: dict) -> None:
        folder.mkdir(parents=True)
        for name, table in staged.tables.items():
            pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
        self._write_json(folder / "_return.json", {
            "load_id": load["load_id"], "loaded_at": load["loaded_at"].isoformat(),
            "source": staged.source, "la_code": staged.la_code, "year": staged.year,
            "files": staged.files, "content": staged.content,
        })

    def _swap(self, returns: list[StagedReturn], staging: Path) -> list[tuple[Path, bool]]:
        moved: list[tuple[Path, bool]] = []
        try:
            for staged in returns:
                target = self.root / staged.relative()
                had_old = target.exists()
                if had_old:
                    old = staging / "old" / staged.relative()
                    old.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(target, old)
                target.parent.mkdir(parents=True, exist_ok=True)
                moved.append((staged.relative(), had_old))
                os.replace(staging / "new" / staged.relative(), target)
                if len(moved) == 1:
                    crash_point("one-return-moved")
        except BaseException:
            self._undo(moved, staging)
            raise
        return moved

    def _undo(self, moved: list[tuple[Path, bool]], staging: Path) -> None:
        for relative, had_old in reversed(moved):
            target = self.root / relative
            if target.exists():
                shutil.rmtree(target)
            if had_old:
                os.replace(staging / "old" / relative, target)

    def _write_catalogue(self, returns: list[StagedReturn], load: dict) -> None:
        rows = [{**entry, "load_id": load["load_id"], "loaded_at": load["loaded_at"],
                 "source": staged.source, "la_code": staged.la_code, "year": staged.year}
                for staged in returns for entry in staged.catalogue]
        added = pa.Table.from_pylist(rows, schema=CATALOGUE_SCHEMA)
        table = pa.concat_tables([self.catalogue().cast(CATALOGUE_SCHEMA), added])
        temporary = self.root / f".{CATALOGUE}.{uuid.uuid4().hex}"
        pq.write_table(table, temporary)
        os.replace(temporary, self.root / CATALOGUE)

    @staticmethod
    def _write_json(path: Path, content: dict) -> None:
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        temporary.write_text(json.dumps(content, indent=2) + "\n")
        os.replace(temporary, path)
