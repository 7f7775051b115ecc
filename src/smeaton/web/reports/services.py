"""What people do to reports, each as one atomic, audited step: draft one, change a
draft, issue it, upload the council's Word template.

Views call these after checking permission; these check the state of the records (a
report already issued, a draft someone else has just changed) and refuse with a
``ReportError`` whose message is written for the person who tried.
"""

import hashlib
import io
import zipfile
from datetime import date, datetime

import docx
from django.db import transaction
from django.utils import timezone

from smeaton.web.audit.models import attribute
from smeaton.web.reports import documents
from smeaton.web.reports.models import Report, ReportFile, ReportType, WordTemplate

# What changing a draft may change; the rest is fixed when it is drafted or issued.
DRAFT_DETAILS = ("title", "ends", "priority", "meeting", "audience", "purpose",
                 "recommendations")
# Styles a Word template must have: the report's title, its headings and its tables.
TEMPLATE_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
TEMPLATE_LIMIT = 5 * 1024 * 1024  # bytes: a template with a logo is well under this


class ReportError(Exception):
    """A request the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _lock(pk: int, seen_version: int | None) -> Report:
    report = Report.objects.select_for_update().get(pk=pk)
    if report.is_issued:
        raise ReportError("This report has been issued, so it cannot change. Draft a new "
                          "report for the next period instead")
    if seen_version is not None and report.version != seen_version:
        raise ReportError("Someone else changed this report while you were working on it, "
                          "so your change was not saved. Check the report as it is now, "
                          "then make your change again")
    return report


def _check(report: Report) -> None:
    if problem := documents.period_problem(report.ends, report.report_type.covers):
        raise ReportError(problem, field="ends")
    if report.report_type.deep_dive and report.priority is None:
        raise ReportError("Choose the priority the deep dive is about", field="priority")
    if report.meeting_id and report.meeting.board_id != report.report_type.board_id:
        raise ReportError(f"Choose a meeting of {report.report_type.board}", field="meeting")


@transaction.atomic
def draft(report_type: ReportType, by, *, ends: date, at: datetime | None = None,
          **details) -> Report:
    """A new draft for the period ending ``ends``, starting with the type's purpose."""
    details.setdefault("purpose", report_type.purpose)
    details.setdefault("title", documents.default_title(report_type, ends))
    report = Report(report_type=report_type, ends=ends, drafted_by=by,
                    starts=documents.period_start(ends, report_type.covers), **details)
    if at:
        report.drafted_at = at
    _check(report)
    attribute(report, by, at, reason=f"Drafted by {by}")
    report.save()
    return report


@transaction.atomic
def change(report: Report, by, *, seen_version: int, **details) -> Report:
    if unknown := set(details) - set(DRAFT_DETAILS):
        raise ValueError(f"Not a report's detail: {', '.join(sorted(unknown))}")
    report = _lock(report.pk, seen_version)
    for name, value in details.items():
        setattr(report, name, value)
    report.starts = documents.period_start(report.ends, report.report_type.covers)
    _check(report)
    attribute(report, by)
    report.save(update_fields=[*details, "starts", "version"])
    return report


@transaction.atomic
def issue(report: Report, by, *, seen_version: int | None = None,
          at: datetime | None = None) -> Report:
    """Freeze the report: keep what its sections gather now, and its files written from
    that, with their SHA-256. ``at`` is for loading past reports (the demo)."""
    report = _lock(report.pk, seen_version)
    at = at or timezone.now()
    template = WordTemplate.objects.first()
    document = documents.gather(report, as_at=timezone.localtime(at).date(), issued_at=at)
    report.snapshot = documents.store(document)
    report.word_template = template
    for kind, content in documents.write_all(document, template).items():
        ReportFile.objects.create(report=report, format=kind, content=content,
                                  sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    report.state, report.issued_by, report.issued_at = Report.State.ISSUED, by, at
    attribute(report, by, at, reason=f"Issued by {by}")
    report.save()
    return report


@transaction.atomic
def upload_template(name: str, content: bytes, by) -> WordTemplate:
    """The council's Word template, checked: a Word document (not one with macros) that
    opens, under the size limit, with the styles reports use."""
    content = _as_document(content)
    _check_template(name, content)
    template = WordTemplate(name=name, content=content, uploaded_by=by,
                            sha256=hashlib.sha256(content).hexdigest())
    attribute(template, by, reason=f"Uploaded by {by}")
    template.save()
    return template


WORD_TEMPLATE = b"wordprocessingml.template.main+xml"
WORD_DOCUMENT = b"wordprocessingml.document.main+xml"


def _as_document(content: bytes) -> bytes:
    """A Word template (.dotx) as the document it makes: the same parts, but for the
    type its contents are declared as, which is all that python-docx opens."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            types = source.read("[Content_Types].xml")
            if WORD_TEMPLATE not in types:
                return content
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for entry in source.infolist():
                    part = source.read(entry.filename)
                    if entry.filename == "[Content_Types].xml":
                        part = part.replace(WORD_TEMPLATE, WORD_DOCUMENT)
                    target.writestr(entry, part)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError):
        return content  # not a Word file at all: the check says so


def _check_template(name: str, content: bytes) -> None:
    if len(content) > TEMPLATE_LIMIT:
        raise ReportError(f"{name} is {len(content) / 1024 / 1024:.1f} MB: the template "
                          "must be smaller than 5 MB", field="template")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
        word = docx.Document(io.BytesIO(content))
    except Exception as error:  # any failure to open is the same problem to the person
        raise ReportError(f"{name} is not a Word document (.docx) that opens: save it from "
                          "Word as a Word Document (.docx) or Word Template (.dotx)",
                          field="template") from error
    if "word/vbaProject.bin" in names:
        raise ReportError(f"{name} contains macros: save it as a Word Document (.docx) "
                          "without macros", field="template")
    present = {style.name for style in word.styles}
    if missing := [style for style in TEMPLATE_STYLES if style not in present]:
        raise ReportError(f"{name} has no style called {', '.join(missing)}: reports use "
                          "these for their title and headings", field="template")

