"""The store: idempotent, a newer return replaces the older whole, a batch all or nothing."""

import hashlib
import sqlite3

import duckdb
import pytest

from smeaton.analytics.problems import BatchRefused
from smeaton.analytics.store import Store

from .conftest import EPISODES, HEADER, cin_message, stored
from .test_cin import CHILD


def snapshot(store) -> dict:
    """Every file in the store and its bytes."""
    return {str(path.relative_to(store)): path.read_bytes()
            for path in sorted(store.rglob("*")) if path.is_file() and path.name != ".lock"}


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


def test_a_batch_that_fails_half_way_through_writing_leaves_the_store_as_it_was(
        write, load, store, home):
    load(write("2018/header.csv", HEADER, "C1,1,01/02/2010,WBRI,UN1,,"), la_code="879")
    # A file where the CIN return's folder must go: the SSDA903 return is moved into place
    # first, then this move fails, and the first must be undone.
    (store / "cin").mkdir()
    (store / "cin" / "la_code=879").write_text("in the way")
    before = snapshot(store)
    replacement = write("new/2018/header.csv", HEADER, "C9,1,01/02/2010,WBRI,UN1,,")
    with pytest.raises(BatchRefused, match="nothing from this batch was stored"):
        load(replacement, write("cin.xml", cin_message(CHILD)), la_code="879")
    assert snapshot(store) == before
    assert not (store / ".staging").exists()
    connection = sqlite3.connect(home / "reidentification.sqlite3")
    assert connection.execute("select count(*) from identities").fetchone() == (1,)
    connection.close()


def test_duckdb_reads_the_store_with_its_partitions(write, load, store):
    episode = "C1,01/05/2017,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1"
    load(write("2018/episodes.csv", EPISODES, episode), la_code="879")
    load(write("2019/episodes.csv", EPISODES, episode, episode.replace("C1", "C2")),
         la_code="879")
    files = f"{store}/ssda903/*/*/episodes.parquet"
    rows = duckdb.execute(
        "select la_code, year, count(*) from read_parquet(?, hive_partitioning = true,"
        " hive_types = {'la_code': varchar, 'year': integer}) group by all order by year",
        [files]).fetchall()
    assert rows == [("879", 2018, 1), ("879", 2019, 2)]
