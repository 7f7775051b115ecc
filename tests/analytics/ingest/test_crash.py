"""A load killed at any step of its commit leaves the store as it was or as the load makes
it, never a mix; the re-identification table resolves every token the store holds and
none it does not; and loading the same files again completes the load.

``smeaton ingest`` runs as a process of its own and is stopped dead at each named step
(SMEATON_TEST_CRASH_AT; store.CRASH_STEPS names them all), as a killed process would be.
"""

import base64
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from smeaton.analytics import privacy
from smeaton.analytics.ingest import ingest
from smeaton.analytics.store import CATALOGUE, CRASH_EXIT, CRASH_STEPS, Store

from .conftest import HEADER

ROOT = Path(__file__).resolve().parents[3]
YEARS = range(2018, 2024)  # six returns in each load
OLD = {year: [f"O{year}-{n}" for n in range(3)] for year in YEARS}
# Fifty new children, in six returns that replace the six stored before.
NEW = {year: [f"N{year}-{n}" for n in range(9 if year < 2020 else 8)] for year in YEARS}


def returns(folder: Path, children: dict[int, list[str]]) -> Path:
    for year, ids in children.items():
        (folder / str(year)).mkdir(parents=True)
        (folder / str(year) / "header.csv").write_text("\n".join(
            [HEADER, *(f"{child},1,01/02/2010,WBRI,UN1,," for child in ids)]) + "\n")
    return folder


def view(store: Path) -> dict:
    """What a reader sees: each return's children and files, and the catalogue's rows
    (without the load ids and times, which differ from store to store)."""
    reader = Store(store)
    header = reader.read("ssda903", "header", "879")
    seen: dict = {"catalogue": sorted(
        (row["year"], row["file"], row["sha256"], row["table"], row["rows_stored"],
         row["outcome"]) for row in reader.catalogue().to_pylist())}
    for year in YEARS:
        tokens = [token for token, held in zip(header["CHILD"].to_pylist(),
                                               header["year"].to_pylist(), strict=True)
                  if held == year] if header is not None else []
        folder = reader.return_dir("ssda903", "879", year)
        seen[year] = (sorted(tokens), json.loads((folder / "_return.json").read_text())["content"])
    return seen


def tokens_of(children: dict[int, list[str]]) -> dict[str, str]:
    pseudonymiser = privacy.Pseudonymiser(privacy.Keys.load().pseudonym, "879")
    return {pseudonymiser.token(privacy.KEYED_CHILD, child): child
            for ids in children.values() for child in ids}


def resolved(tokens) -> dict[str, str | None]:
    return {token: privacy.resolve(token, who="test", why="crash test") for token in tokens}


@pytest.fixture
def keys(monkeypatch):
    for variable in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY"):
        monkeypatch.setenv(variable,
                           base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())


@pytest.fixture
def loads(tmp_path, keys):
    """The two loads' files, and what a reader sees before and after the second, from a
    store of their own with a home of its own."""
    old, new = returns(tmp_path / "old", OLD), returns(tmp_path / "new", NEW)
    reference = tmp_path / "reference"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMEATON_HOME", str(tmp_path / "reference-home"))
        ingest([old], reference, la_code="879")
        before = view(reference)
        ingest([new], reference, la_code="879")
        after = view(reference)
    assert before != after
    return old, new, before, after


def legacy(store: Path) -> None:
    """The store as Smeaton wrote it before states had folders (format 1): the returns
    and catalogue at its top, open to everyone."""
    state = Store(store).folder
    for path in state.iterdir():
        path.rename(store / path.name)
    shutil.rmtree(store / "versions")
    fingerprint = Store(store).pointer()["key_fingerprint"]
    (store / "store.json").write_text(json.dumps({"format": 1, "key_fingerprint": fingerprint}))
    for path in store.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert Store(store).folder == store


def kill(step: str, paths: list[Path], store: Path) -> None:
    """smeaton ingest, stopped dead at ``step``."""
    killed = subprocess.run(
        [sys.executable, "-m", "smeaton.cli", "ingest", *map(str, paths), "--la", "879",
         "--store", str(store)],
        env={**os.environ, "SMEATON_TEST_CRASH_AT": step}, capture_output=True, text=True,
        cwd=ROOT, timeout=120)
    assert killed.returncode == CRASH_EXIT, killed.stderr  # it got as far as the step


def entries(home: Path, table: str) -> list[tuple]:
    with closing(sqlite3.connect(home / "reidentification.sqlite3")) as connection:
        return connection.execute(f"select load_id, la_code from {table}").fetchall()  # noqa: S608


def test_every_step_is_a_crash_test():
    assert len(set(CRASH_STEPS)) == len(CRASH_STEPS) >= 8


@pytest.mark.parametrize("layout", ["states", "format 1"])
@pytest.mark.parametrize("step", CRASH_STEPS)
def test_a_load_killed_at_any_step_is_all_there_or_not_there_and_a_rerun_completes_it(
        step, layout, loads, load, store, home):
    old, new, before, after = loads
    load(old, la_code="879")
    if layout == "format 1":
        legacy(store)
    assert view(store) == before
    kill(step, [new], store)

    now = view(store)
    assert now in (before, after), "the store holds a mix of the old and new returns"
    old_tokens, new_tokens = tokens_of(OLD), tokens_of(NEW)
    killed = Store(store).folder.name
    if now == after:  # the load is there, and so are its children, if only pending
        assert [*entries(home, "identities"), *entries(home, "pending")].count(
            (killed, "879")) == 1
    else:  # the load is not there, and neither are its children
        assert resolved(new_tokens) == dict.fromkeys(new_tokens)
        assert resolved(old_tokens) == old_tokens

    again = load(new, la_code="879")
    outcomes = {summary.outcome.split(":")[0] for summary in again.summaries}
    assert outcomes == ({"unchanged"} if now == after else {"replaces the return stored before"})
    assert view(store) == after
    assert resolved(new_tokens) == new_tokens
    assert entries(home, "pending") == []
    assert not (store / ".staging").exists(), "a killed load's folder is left"
    pointer = Store(store).pointer()
    assert sorted(path.name for path in (store / "versions").iterdir()) == sorted(
        Path(pointer[name]).name for name in ("current", "previous")
        if pointer[name] != ".")
    state = Store(store).folder
    assert {path.stat().st_mode & 0o777 for path in state.rglob("*")} == {0o700, 0o600}
    top = {path.name for path in store.iterdir()}  # a format 1 store's files, while needed
    assert top - {"ssda903", CATALOGUE} == {".lock", ".readers", "store.json", "versions"}
    assert ("ssda903" in top) == (pointer["previous"] == ".")


def test_a_load_killed_once_it_is_stored_can_be_resolved_at_once(loads, load, store, home):
    old, new, before, after = loads
    load(old, la_code="879")
    kill("pointer-switched", [new], store)
    assert view(store) == after
    assert entries(home, "pending")  # not settled: the load was killed first
    new_tokens = tokens_of(NEW)
    assert resolved(new_tokens) == new_tokens
    assert entries(home, "pending") == []  # resolving settled them


def test_a_return_whose_children_cannot_be_resolved(
        loads, load, store, home):
    """A store killed by the defect of issue 16 before the fix holds a load whose
    re-identification never committed: loading the same files again must mend it."""
    old, new, before, after = loads
    load(old, la_code="879")
    first = load(new, la_code="879")
    connection = sqlite3.connect(home / "reidentification.sqlite3")
    with connection:
        connection.execute("delete from identities where load_id = ?", (first.load_id,))
    connection.close()
    new_tokens = tokens_of(NEW)
    assert resolved(new_tokens) == dict.fromkeys(new_tokens)

    again = load(new, la_code="879")
    returns_now = {key: value for key, value in view(store).items() if key != "catalogue"}
    assert returns_now == {key: value for key, value in after.items() if key != "catalogue"}
    assert resolved(new_tokens) == new_tokens
    assert {summary.outcome for summary in again.summaries} == {
        "replaces the return stored before"}
    assert any("cannot resolve the children load" in notice for notice in again.notices)
