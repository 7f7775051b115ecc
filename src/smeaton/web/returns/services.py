"""Loading returns from the browser, each change one atomic step, every one audited.

``submit`` keeps the uploaded files (a folder for the load in the Smeaton home, readable
by Smeaton's account only) and queues the load; the task worker then calls ``run``,
which reads, checks, pseudonymises and stores them with smeaton.analytics.ingest, as
``smeaton ingest`` does, and records what it stored and every problem.

The store is replaced all at once when a load completes, so until then it keeps serving
what it held; a rejected or failed load changes nothing stored.
"""

import hashlib
import logging
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from smeaton import config
from smeaton.analytics.formats import recognise
from smeaton.analytics.ingest import Result, ingest
from smeaton.analytics.privacy import KeyProblem
from smeaton.analytics.problems import (
    ERROR,
    QUERY,
    BatchRefused,
    FileProblem,
    cut,
    kind,
    one_line,
)
from smeaton.web.returns import archives, figures
from smeaton.web.returns.models import Load, LoadFile, LoadTable, Problem, RuleResult

logger = logging.getLogger(__name__)
BATCH = 2_000  # problems written to the database at a time
ARCHIVE = "ZIP of returns"  # an upload's kind when it is a ZIP holding returns


@dataclass(frozen=True)
class Upload:
    """A file someone chose, with the return it was recognised as."""

    file: UploadedFile
    kind: str


def _audit(record, by, reason: str) -> None:
    record._history_user = by
    record._history_date = timezone.now()
    record._change_reason = reason


def folder_of(load: Load) -> Path:
    return config.home().uploads / load.folder_name


@transaction.atomic
def submit(by, uploads: list[Upload], *, la_code: str = "", year: int | None = None) -> Load:
    """Keep the files and queue their load for the task worker, in one step: the load and
    its place in the queue are saved together or not at all."""
    from smeaton.web.returns.tasks import run_load

    load = receive(by, uploads, la_code=la_code, year=year)
    run_load.enqueue(load.pk)
    return load


@transaction.atomic
def receive(by, uploads: list[Upload], *, la_code: str = "", year: int | None = None,
            illustrative: bool = False) -> Load:
    """A queued load holding these files, kept in its own folder."""
    load = Load(uploaded_by=by, la_code=la_code, year=year, illustrative=illustrative)
    _audit(load, by, f"Uploaded by {by}")
    load.save()
    folder = folder_of(load)
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # A folder already there belongs to no load: one whose upload was rolled back.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    try:
        names: set[str] = set()
        for upload in uploads:
            if upload.kind == ARCHIVE:
                _keep_archive(load, upload.file, folder, names)
                continue
            name = _unique(get_valid_filename(Path(upload.file.name).name), names)
            size, sha256 = _keep(upload.file, folder / name)
            LoadFile.objects.create(load=load, name=name, kind=upload.kind, size=size,
                                    sha256=sha256)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # the load is rolled back with it
        raise
    return load


def _keep_archive(load: Load, file, folder: Path, names: set[str]) -> None:
    """Unpack a ZIP of returns into the load's folder, keeping its folders (a folder per
    year), each file recorded as if uploaded alone."""
    with zipfile.ZipFile(file) as archive:
        for member in archives.members(archive, settings.RETURNS_MAX_ARCHIVE_MB * 1024 * 1024):
            name = _unique(member.name, names)
            size, sha256 = archives.unpack(archive, archives.Member(member.info, name), folder)
            LoadFile.objects.create(load=load, name=name, kind=_kind(folder / name),
                                    size=size, sha256=sha256)


def _kind(path: Path) -> str:
    try:
        return recognise(path)
    except FileProblem:
        return "Not a return Smeaton reads"  # the load reports why


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}" if dot else f"{name}-{number}"
    taken.add(candidate.lower())
    return candidate


def _keep(upload: UploadedFile, path: Path) -> tuple[int, str]:
    """Write the file readable by its owner only, as the store's files are; its size and
    SHA-256."""
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            file.write(chunk)
    return size, digest.hexdigest()


def run(load_pk: int) -> Load:
    """Run a queued load (the task worker's job). A load not queued is left alone, so a
    load is run once however often it is asked for."""
    load = _claim(load_pk)
    if load is None:
        return Load.objects.get(pk=load_pk)
    try:
        result = ingest([folder_of(load)], config.home().store,
                        la_code=load.la_code or None, year=load.year,
                        council_la_code=config.la_code())
    except BatchRefused as refused:
        return _rejected(load, refused)
    except KeyProblem as problem:
        return _rejected(load, BatchRefused([str(problem)]))
    except BaseException as error:
        # A fault in Smeaton, or the worker stopped: the store commits a load whole, so
        # nothing was stored. The traceback goes to the worker's log.
        logger.exception("Load %s stopped on an error", load.pk)
        _failed(load, error)
        if not isinstance(error, Exception):
            raise
        return load
    rows, trouble = _figures()
    try:
        return _stored(load, result, rows, trouble)
    except Exception as error:
        logger.exception("Load %s was stored but its report could not be saved", load.pk)
        return _failed(load, error, stored_as=result.load_id)


def _figures() -> tuple[list[dict] | None, str]:
    """The council's figures from the store the load has just changed, or why there are
    none. The load stands whatever happens here: the pages keep the figures before."""
    try:
        return figures.computed(), ""
    except Exception as error:
        logger.exception("The figures could not be computed")
        return None, ("The returns were stored, but Smeaton stopped on an error it did not "
                      "expect while computing the figures from them "
                      f"({type(error).__name__}: {one_line(cut(str(error), 200))}), so the "
                      "pages show the figures computed before. This is a fault in Smeaton: "
                      "please report it.")


@transaction.atomic
def _claim(load_pk: int) -> Load | None:
    load = Load.objects.select_for_update().get(pk=load_pk)
    if load.status != Load.Status.QUEUED:
        return None
    load.status = Load.Status.RUNNING
    load.started_at = timezone.now()
    _audit(load, None, "Started by the task worker")
    load.save()
    return load


# The command's words for what a person gives on the upload page instead.
IN_THE_BROWSER = {
    "give --la with the three-digit LA code": "give the LA code when you upload the files",
    "give --year (the year ending 31 March)": "give the collection year when you upload "
                                              "the files",
    "Give --year, or keep each year's files in a folder named for it":
        "Give the collection year when you upload the files",
    "To store an empty return, give --allow-empty": "Upload the return with its rows",
}


def _in_the_browser(load: Load, text: str) -> str:
    """A message from the loader as the person who uploaded the files reads it: files by
    their names, not where Smeaton keeps them."""
    text = text.replace(f"{folder_of(load)}/", "").replace(str(folder_of(load)), "the upload")
    for command, browser in IN_THE_BROWSER.items():
        text = text.replace(command, browser)
    return text


@transaction.atomic
def _rejected(load: Load, refused: BatchRefused) -> Load:
    problems = []
    for position, problem in enumerate(refused.problems):
        if isinstance(problem, FileProblem):
            file, reason = Path(problem.path).name, problem.reason
        else:
            file, reason = "", _in_the_browser(load, str(problem))
        problems.append(Problem(load=load, position=position, file=file, reason=reason,
                                severity=ERROR, kind=kind(reason)))
    Problem.objects.bulk_create(problems, batch_size=BATCH)
    load.status = Load.Status.REJECTED
    load.errors, load.warnings = len(problems), 0
    load.message = "The batch was refused, so nothing was stored."
    return _finish(load, "Rejected: nothing stored")


@transaction.atomic
def _stored(load: Load, result: Result, rows: list[dict] | None, trouble: str) -> Load:
    """The load's report, and its figures, saved together: a load shown as stored has
    its figures on the pages."""
    LoadTable.objects.bulk_create(
        LoadTable(load=load, source=item.source.label, la_code=item.la_code, year=item.year,
                  files=item.files, table=item.table, rows_in=item.rows_in,
                  rows_stored=item.rows_stored, rows_rejected=item.rows_rejected,
                  errors=item.errors, warnings=item.warnings,
                  outcome=_in_the_browser(load, item.outcome))
        for item in result.summaries)
    Problem.objects.bulk_create((
        Problem(load=load, position=position, file=problem.file, table=problem.table,
                row=str(problem.row), column=problem.column, value=problem.value,
                reason=(reason := _in_the_browser(load, problem.reason)),
                severity=problem.severity, child=problem.child, kind=kind(reason),
                rule=problem.rule, year=problem.year)
        for position, problem in enumerate(result.problems)), batch_size=BATCH)
    RuleResult.objects.bulk_create((
        RuleResult(load=load, year=summary.year, rule=summary.code,
                   message=summary.rule.message, severity=summary.rule.severity,
                   rows=summary.rows, children=summary.children,
                   not_checked=summary.not_checked, why_not_checked=summary.why_not_checked,
                   skipped=summary.skipped)
        for summary in result.rules), batch_size=BATCH)
    load.status = Load.Status.STORED
    load.store_load_id = result.load_id
    load.rows_in = sum(item.rows_in for item in result.summaries)
    load.rows_stored = sum(item.rows_stored for item in result.summaries)
    load.rows_rejected = sum(item.rows_rejected for item in result.summaries)
    load.errors = sum(1 for problem in result.problems if problem.severity == ERROR)
    load.queries = sum(1 for problem in result.problems if problem.severity == QUERY)
    load.warnings = len(result.problems) - load.errors - load.queries
    load.message = "\n".join(filter(None, (
        *(_in_the_browser(load, notice) for notice in result.notices), trouble)))
    if rows is not None:
        figures.keep(rows, load)
    return _finish(load, "Stored")


def _failed(load: Load, error: BaseException, stored_as: str = "") -> Load:
    load.status = Load.Status.FAILED
    if stored_as:
        load.store_load_id = stored_as
        load.message = (f"The returns were stored (the store's load {stored_as}), but "
                        "Smeaton stopped before it had saved their report. This is a fault "
                        "in Smeaton: please report it.")
    elif isinstance(error, Exception):
        load.message = ("Smeaton stopped on an error it did not expect "
                        f"({type(error).__name__}: {one_line(cut(str(error), 200))}), so "
                        "nothing was stored. This is a fault in Smeaton: please report it.")
    else:
        load.message = "The task worker was stopped part way, so nothing was stored."
    with transaction.atomic():
        return _finish(load, "Failed")


def _finish(load: Load, reason: str) -> Load:
    load.finished_at = timezone.now()
    _audit(load, None, reason)
    load.save()
    return load
