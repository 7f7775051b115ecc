"""The store: idempotent, a newer return replaces the older whole, a batch all or nothing."""

import hashlib
import json
import os
import shutil
import sqlite3
import threading

import duckdb
import pyarrow.parquet as pq
import pytest

from smeaton.analytics import privacy
from smeaton.analytics import store as store_module
from smeaton.analytics.problems import BatchRefused
from smeaton.analytics.store import Store

from .conftest import EPISODES, HEADER, cin_message, stored
from .test_cin import CHILD


def snapshot(store) -> dict:
    """Every file in the store and its bytes."""
    return {str(path.relative_to(store)): path.read_bytes()
            for path in sorted(store.rglob("*"))
            if path.is_file() and path.name not in (".lock", ".readers")}


def test_loading_the_same_files_again_changes_nothing(write, load, store):
    folder = write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,").parent
    first = load(folder, la_code="879")
    before = snapshot(store)
    again = load(folder, la_code="879")
    assert snapshot(store) == before
    assert again.summaries[0].outcome == f"unchanged: already stored by load {first.load_id}"


def test_a_newer_return_replaces_the_older_one_whole(write, load, store):
    write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,", "C2,1,01/02/2010,WBRI,UN1,,")
    old = write("2018/uasc.csv", "CHILD,SEX,DOB,DUC", "C1,1,01/02/2010,").parent
    load(old, la_code="879")
    new = write("new/2018/header.csv", HEADER, "C3,2,01/02/2011,WBRI,UN1,,")
    result = load(new, la_code="879")
    assert result.summaries[0].outcome == "replaces the return stored before"
    folder = Store(store).return_dir("ssda903", "879", 2018)
    assert sorted(path.name for path in folder.iterdir()) == ["_return.json", "header.parquet"]
    assert len(stored(store, "ssda903", "header", "879", 2018)) == 1
    catalogue = Store(store).catalogue().to_pylist()
    assert [(row["table"], row["outcome"]) for row in catalogue] == [
        ("header", "stored"), ("uasc", "stored"), ("header", "replaces the return stored before")]


def test_the_catalogue_records_when_which_file_its_hash_and_counts(write, load, store):
    path = write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,",
                 "C1,1,01/02/2010,WBRI,UN1,,")
    result = load(path, la_code="879")
    (row,) = Store(store).catalogue().to_pylist()
    assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (row["load_id"], row["file"], row["la_code"], row["year"]) == (
        result.load_id, "header.csv", "879", 2018)
    assert (row["rows_in"], row["rows_stored"], row["rows_rejected"], row["errors"]) == (2, 1, 1, 1)


def test_a_batch_with_an_unreadable_file_stores_nothing(write, load, store):
    load(write("2017/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    before = snapshot(store)
    good = write("2018/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,")
    cin = write("cin.xml", cin_message(CHILD))
    bad = write("2019/episodes.csv", "CHILD,DECOM", "C1,01/01/2018")
    with pytest.raises(BatchRefused, match="Episodes table but has no"):
        load(good, cin, bad, la_code="879")
    assert snapshot(store) == before


@pytest.mark.parametrize("failing", ["writing", "sealing"])
def test_a_batch_that_fails_half_way_through_writing_leaves_the_store_as_it_was(
        failing, write, load, store, home, monkeypatch):
    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    before = snapshot(store)
    if failing == "writing":  # the disk fills as the second table is written
        written = []

        def write_table(table, where, **options):
            written.append(where)
            if len(written) == 2:
                raise OSError(28, "No space left on device")
            return pq.write_table(table, where, **options)

        monkeypatch.setattr(store_module.pq, "write_table", write_table)
    else:  # or as the re-identification entries are, once the new state is in place

        def seal(ledger):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(privacy.Ledger, "seal", seal)
    replacement = write("new/2018/header.csv", HEADER, "C9,1,01/02/2010,WBRI,UN1,,")
    with pytest.raises(BatchRefused, match="nothing from this batch was stored"):
        load(replacement, write("cin.xml", cin_message(CHILD)), la_code="879")
    assert snapshot(store) == before
    assert not (store / ".staging").exists()
    connection = sqlite3.connect(home / "reidentification.sqlite3")
    assert connection.execute("select count(*) from identities").fetchone() == (1,)
    assert connection.execute("select count(*) from pending").fetchone() == (0,)
    connection.close()


def test_duckdb_reads_the_store_with_its_partitions(write, load, store):
    episode = "C1,01/05/2017,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1"
    load(write("2018/episodes.csv", EPISODES, episode), la_code="879")
    load(write("2019/episodes.csv", EPISODES, episode, episode.replace("C1", "C2")),
         la_code="879")
    # As docs/data-model.md says: the current state from store.json, then its files.
    connection = duckdb.connect()
    connection.execute("set variable state = ? || (select current from read_json(?))",
                       [f"{store}/", str(store / "store.json")])
    rows = connection.execute(
        "select la_code, year, count(*) from read_parquet(getvariable('state') || "
        "'/ssda903/*/*/episodes.parquet', hive_partitioning = true,"
        " hive_types = {'la_code': varchar, 'year': integer}) group by all order by year"
        ).fetchall()
    assert rows == [("879", 2018, 1), ("879", 2019, 2)]


def test_a_load_commits_by_switching_store_json_to_a_whole_new_state(write, load, store):
    first = load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    second = load(write("2019/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,"),
                  la_code="879")
    pointer = json.loads((store / "store.json").read_text())
    assert (pointer["format"], pointer["current"], pointer["previous"]) == (
        2, f"versions/{second.load_id}", f"versions/{first.load_id}")
    state = store / pointer["current"]
    assert sorted(str(path.relative_to(state)) for path in state.rglob("*.*")) == [
        "catalogue.parquet",
        "ssda903/la_code=879/year=2018/_return.json",
        "ssda903/la_code=879/year=2018/header.parquet",
        "ssda903/la_code=879/year=2019/_return.json",
        "ssda903/la_code=879/year=2019/header.parquet"]
    # The return the second load left as it was is the first state's files, linked.
    kept = "ssda903/la_code=879/year=2018/header.parquet"
    assert (state / kept).samefile(store / pointer["previous"] / kept)
    third = load(write("2020/header.csv", HEADER, "C3,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    assert {path.name for path in (store / "versions").iterdir()} == {
        second.load_id, third.load_id}


def test_a_reader_sees_the_state_it_began_with_and_keeps_it_while_reading(write, load, store):
    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    with Store(store).reading() as reader:
        before = reader.folder
        for year in (2019, 2020, 2021):
            load(write(f"{year}/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,"),
                 la_code="879")
        assert len(reader.read("ssda903", "header")) == 1
        assert len(Store(store).read("ssda903", "header")) == 4
        assert before.exists()  # two loads on, but a reader holds it
    load(write("2022/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    assert not before.exists()


def test_a_store_of_format_1_is_read_as_it_is_and_moved_into_a_state_by_its_next_loads(
        write, load, store):
    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    state = Store(store).folder
    for path in state.iterdir():  # as Smeaton wrote it before states had folders
        path.rename(store / path.name)
    shutil.rmtree(store / "versions")
    pointer = json.loads((store / "store.json").read_text())
    (store / "store.json").write_text(json.dumps(
        {"format": 1, "key_fingerprint": pointer["key_fingerprint"]}))
    assert Store(store).folder == store
    assert len(Store(store).read("ssda903", "header")) == 1
    load(write("2019/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    assert Store(store).pointer()["previous"] == "."  # kept for a reader part way through
    assert (store / "ssda903").exists() and (store / "catalogue.parquet").exists()
    assert len(Store(store).read("ssda903", "header")) == 2
    load(write("2020/header.csv", HEADER, "C3,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    assert sorted(path.name for path in store.iterdir()) == [
        ".lock", ".readers", "store.json", "versions"]
    assert len(Store(store).read("ssda903", "header")) == 3
    assert len(Store(store).catalogue()) == 3


def test_a_return_a_format_1_load_left_aside_is_put_back_not_removed(write, load, store):
    """Smeaton before format 2, killed between two of its moves, left a return in
    .staging/<load>/old and nothing in its place."""
    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    state = Store(store).folder
    aside = store / ".staging" / "20250101T000000-killed0" / "old"
    aside.mkdir(parents=True)
    (state / "ssda903").rename(aside / "ssda903")
    (state / "catalogue.parquet").rename(store / "catalogue.parquet")
    shutil.rmtree(store / "versions")
    pointer = json.loads((store / "store.json").read_text())
    (store / "store.json").write_text(json.dumps(
        {"format": 1, "key_fingerprint": pointer["key_fingerprint"]}))
    load(write("2019/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    assert not (store / ".staging").exists()
    assert sorted(Store(store).read("ssda903", "header")["year"].to_pylist()) == [2018, 2019]


def test_a_killed_loads_staging_is_removed_only_once_no_load_is_writing(write, load, store):
    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    writing = store / ".staging" / "20250101T000000-writing"
    writing.mkdir(parents=True)
    done = threading.Event()
    with Store(store).locked():  # a load part way through writing holds the lock
        thread = threading.Thread(target=lambda: (Store(store).tidy(), done.set()))
        thread.start()
        assert not done.wait(0.5)
        assert writing.exists()
    thread.join(10)
    assert done.is_set() and not (store / ".staging").exists()


def test_measures_read_one_state_whatever_loads_come_meanwhile(write, load, store):
    from smeaton.analytics.measures.data import Data

    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    data = Data(store)
    load(write("2019/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    assert data.records("header").count().to_pyarrow().as_py() == 1
    assert Data(store).records("header").count().to_pyarrow().as_py() == 2


def modes(store) -> dict[str, int]:
    return {str(path.relative_to(store)): path.stat().st_mode & 0o777
            for path in [store, *store.rglob("*")]}


def test_the_store_is_readable_by_its_owner_only(write, load, store):
    umask = os.umask(0o022)  # as most accounts have it
    try:
        load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
        load(write("cin.xml", cin_message(CHILD)))
        assert os.umask(0o022) == 0o022  # and the process's is as it was
    finally:
        os.umask(umask)
    found = modes(store)
    assert len(found) > 10
    assert {path: mode for path, mode in found.items()
            if mode != (0o700 if (store / path).is_dir() else 0o600)} == {}


def test_a_store_made_open_to_others_is_closed_by_its_next_load(write, load, store):
    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    for path in [store, *store.rglob("*")]:  # as Smeaton made it before
        path.chmod(0o755 if path.is_dir() else 0o644)
    load(write("2019/header.csv", HEADER, "C2,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    found = modes(store)
    assert found["."] == 0o700  # nobody else can reach anything in it
    state = Store(store).folder
    assert {path: mode for path, mode in modes(state).items()
            if mode != (0o700 if (state / path).is_dir() else 0o600)} == {}


def test_a_store_it_cannot_write_to_stores_nothing_and_says_why(write, load, store):
    folder = write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,").parent
    load(folder, la_code="879")
    (store / ".lock").unlink()
    (store / ".lock").mkdir()  # in the way of the lock, as a read-only disk would be
    with pytest.raises(BatchRefused, match="could not write to .*nothing from this batch"):
        load(folder, la_code="879")
