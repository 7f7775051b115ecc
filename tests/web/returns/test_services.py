"""Loads from the browser: kept, queued, run by the real task worker, stored or rejected."""

import hashlib
import stat

from django_tasks_db.models import DBTaskResult

from smeaton import config
from smeaton.analytics.problems import ERROR
from smeaton.web.returns import queries, services
from smeaton.web.returns.models import Load
from tests.web.returns.conftest import (
    CIN_2024,
    EPISODES,
    run_worker_once,
    upload_of,
    written,
)


def store_state(root) -> dict:
    """Every file in the store, with its contents' digest: what a reader would see."""
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_an_upload_is_kept_privately_and_queued_for_the_worker(transactional_db, analyst):
    load = services.submit(analyst, [upload_of(CIN_2024)])

    assert load.status == Load.Status.QUEUED
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "smeaton.web.returns.tasks.run_load"
    assert task.args_kwargs["args"] == [load.pk]
    folder = config.home().uploads / f"load-{load.pk}"
    kept = folder / CIN_2024.name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    (file,) = load.files.all()
    assert file.sha256 == hashlib.sha256(CIN_2024.read_bytes()).hexdigest()
    assert (file.size, file.kind) == (CIN_2024.stat().st_size, "CIN census")
    assert load.history.latest().history_user == analyst


def test_the_real_worker_runs_the_load_and_records_every_problem(transactional_db, analyst):
    load = services.submit(analyst, [upload_of(CIN_2024)])

    run_worker_once()

    load.refresh_from_db()
    assert load.status == Load.Status.STORED, load.message
    assert load.store_load_id
    assert load.rows_in == sum(table.rows_in for table in load.tables.all()) > 0
    assert load.rows_stored + load.rows_rejected == load.rows_in
    assert load.problems.count() == load.errors + load.warnings + load.queries > 0
    assert load.errors == load.problems.filter(severity=ERROR).count()
    # The store holds the return, under the load's id.
    assert [path for path in config.home().store.rglob("*.parquet") if "cin" in str(path)]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [entry.history_change_reason for entry in load.history.order_by("history_date")] \
        == ["Uploaded by " + str(analyst), "Started by the task worker", "Stored"]


def test_a_rejected_batch_changes_nothing_stored_and_says_so(db, analyst, tmp_path):
    services.run(services.receive(analyst, [upload_of(CIN_2024)]).pk)
    before = store_state(config.home().store)
    empty = [written(tmp_path, "episodes.csv", EPISODES), written(tmp_path, "header.csv",
                                                                   "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB")]

    load = services.run(services.receive(analyst, [upload_of(path) for path in empty],
                                         year=2024).pk)

    assert load.status == Load.Status.REJECTED
    assert "nothing was stored" in load.message
    (problem,) = load.problems.all()
    assert problem.severity == ERROR
    assert "episodes.csv, header.csv: no rows, only a header" in problem.reason
    assert "uploads" not in problem.reason  # files by their names, not where they are kept
    assert store_state(config.home().store) == before


def test_a_file_refused_names_the_file_and_why(db, analyst, tmp_path):
    broken = written(tmp_path, "census.xml", "<Message><Header>")  # cut short
    upload = services.Upload(upload_of(CIN_2024).file, "CIN census")
    upload.file.name = "census.xml"
    upload.file.file.seek(0)
    upload.file.file.truncate()
    upload.file.file.write(broken.read_bytes())
    upload.file.size = broken.stat().st_size

    load = services.run(services.receive(analyst, [upload]).pk)

    assert load.status == Load.Status.REJECTED
    (problem,) = load.problems.all()
    assert problem.file == "census.xml"
    assert "not well-formed XML" in problem.reason


def test_a_load_runs_once_however_often_it_is_asked(db, analyst):
    load = services.run(services.receive(analyst, [upload_of(CIN_2024)]).pk)
    problems = load.problems.count()

    again = services.run(load.pk)

    assert again.status == Load.Status.STORED
    assert again.finished_at == load.finished_at
    assert again.problems.count() == problems


def test_two_files_of_one_name_are_both_kept(db, analyst):
    load = services.receive(analyst, [upload_of(CIN_2024, "census.xml"),
                                      upload_of(CIN_2024, "census.xml")])
    assert sorted(file.name for file in load.files.all()) == ["census-2.xml", "census.xml"]


def test_problems_are_counted_and_filtered_by_kind_file_table_and_severity(db, analyst):
    load = services.run(services.receive(analyst, [upload_of(CIN_2024)]).pk)
    problems = list(load.problems.all())

    counted = queries.by_kind(load)
    assert sum(count.total for count in counted) == len(problems)
    assert [count.total for count in counted] == sorted(
        (count.total for count in counted), reverse=True)
    first = counted[0]
    assert queries.problems(load, {"kind": first.kind}).count() == first.total
    assert queries.problems(load, {"severity": "warning"}).count() == load.warnings
    table = next(problem.table for problem in problems if problem.table)
    assert set(queries.problems(load, {"table": table}).values_list("table", flat=True)) \
        == {table}
    assert queries.choices(load).file == ["CIN_Census_2024.xml"]
    assert list(queries.problems(load, {})) == sorted(problems, key=lambda p: p.position)
