"""Drafting, changing and issuing reports: an issued report is frozen, byte for byte."""

import hashlib
import io
import re
import zipfile
from datetime import date

import docx
import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.plan import services as plan_services
from smeaton.web.plan.models import Milestone
from smeaton.web.plan.rag import Progress
from smeaton.web.reports import documents, services
from smeaton.web.reports.models import Report, ReportType

Q2_END = date(2025, 9, 30)


def test_a_draft_covers_the_period_its_kind_covers_and_starts_with_its_purpose(
        plan, quarterly, leader):
    report = services.draft(quarterly, leader, ends=Q2_END)
    assert (report.starts, report.ends) == (date(2025, 7, 1), Q2_END)
    assert report.purpose == "To report the plan's progress in the quarter."
    assert report.title == ("Improvement Board quarterly report: Quarter 2, 2025/26 "
                            "(July to September 2025)")
    assert report.history.latest().history_user == leader


def test_a_deep_dive_needs_its_priority(plan, board, leader):
    deep_dive = ReportType.objects.create(name="Deep dive", board=board, deep_dive=True,
                                          sections=["progress"])
    with pytest.raises(services.ReportError, match="Choose the priority"):
        services.draft(deep_dive, leader, ends=Q2_END)
    care = plan.priorities.get(number=3)
    report = services.draft(deep_dive, leader, ends=Q2_END, priority=care)
    headings = [b.text for b in documents.gather(report).sections[0].blocks
                if type(b).__name__ == "Heading"]
    assert headings == ["Priority 3: Children in care"]


def test_a_change_made_over_someone_elses_is_refused(plan, quarterly, leader):
    report = services.draft(quarterly, leader, ends=Q2_END)
    services.change(report, leader, seen_version=report.version, recommendations="Note it.")
    with pytest.raises(services.ReportError, match="Someone else changed this report"):
        services.change(report, leader, seen_version=1, recommendations="Agree it.")
    report.refresh_from_db()
    assert report.recommendations == "Note it."


def test_changing_the_period_moves_its_start(plan, quarterly, leader):
    report = services.draft(quarterly, leader, ends=Q2_END)
    services.change(report, leader, seen_version=report.version, ends=date(2025, 12, 31))
    report.refresh_from_db()
    assert report.starts == date(2025, 10, 1)


def test_issuing_freezes_the_report_and_its_files_byte_for_byte(plan, quarterly, leader):
    report = services.draft(quarterly, leader, ends=Q2_END, recommendations="Note progress.")
    services.issue(report, leader, seen_version=report.version)
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == leader
    kept = {f.format: (bytes(f.content), f.sha256) for f in report.files.all()}
    assert set(kept) == {"docx", "pdf", "xlsx"}
    for content, sha256 in kept.values():
        assert hashlib.sha256(content).hexdigest() == sha256

    # The plan changes: a milestone is renamed and another goes red.
    homes = Milestone.objects.get(title="Open two children's homes")
    homes.title = "Open three children's homes"
    homes.save()
    carers = Milestone.objects.get(title="Recruit twenty foster carers")
    plan_services.post_update(carers, carers.owner, progress=Progress.OFF_TRACK,
                              commentary="Fewer enquiries.")

    report.refresh_from_db()
    document = documents.document_of(report)
    assert "Open two children's homes" in str(document)
    assert "Open three children's homes" not in str(document)
    # Written again from its snapshot, each file is the same bytes as the one kept.
    for kind, (_content, sha256) in kept.items():
        again = documents.write(document, kind, report.word_template)
        assert hashlib.sha256(again).hexdigest() == sha256, kind
    # A draft, by contrast, shows the records as they are now.
    draft = services.draft(quarterly, leader, ends=Q2_END)
    assert "Open three children's homes" in str(documents.gather(draft))


def test_an_issued_report_cannot_change_or_be_issued_again(plan, quarterly, leader):
    report = services.draft(quarterly, leader, ends=Q2_END)
    services.issue(report, leader)
    with pytest.raises(services.ReportError, match="has been issued"):
        services.change(report, leader, seen_version=report.version, title="New")
    with pytest.raises(services.ReportError, match="has been issued"):
        services.issue(report, leader)
    assert report.files.count() == 3


def test_the_next_report_says_what_changed_since_the_last_issued(plan, quarterly, leader):
    first = services.draft(quarterly, leader, ends=Q2_END)
    services.issue(first, leader)
    carers = Milestone.objects.get(title="Recruit twenty foster carers")
    plan_services.post_update(carers, carers.owner, progress=Progress.OFF_TRACK,
                              commentary="Fewer enquiries.")
    second = services.draft(quarterly, leader, ends=date(2025, 12, 31))
    summary = documents.gather(second).sections[1]
    changes = next(b for b in summary.blocks if type(b).__name__ == "BulletList")
    assert changes.items == ["Recruit twenty foster carers (priority 3): Green to Red"]


def test_a_report_for_publication_leaves_out_restricted_sections(
        plan, quarterly, leader, monkeypatch):
    from smeaton.web.reports import sections

    restricted = sections.SectionKind("progress", "Progress by priority", "",
                                      sections.progress, restricted=True)
    monkeypatch.setitem(sections.BY_KEY, "progress", restricted)
    report = services.draft(quarterly, leader, ends=Q2_END,
                            audience=Report.Audience.PUBLICATION)
    progress = documents.gather(report).sections[2]
    assert [b.text for b in progress.blocks] == [
        "Left out of this report, which is for publication: this section is for the "
        "board's restricted papers."]


def word_template(styles=("Title", "Heading 1", "Heading 2", "Heading 3")) -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Plymouth City Council"
    document.add_paragraph("Example text the council left in its template.")
    for style in list(document.styles):
        if style.name.startswith("Heading") and style.name not in styles:
            style.element.getparent().remove(style.element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_report_is_written_into_the_councils_word_template(plan, quarterly, leader,
                                                             make_user):
    administrator = make_user(Role.ADMINISTRATOR, username="alex")
    services.upload_template("Council template.docx", word_template(), administrator)
    report = services.draft(quarterly, leader, ends=Q2_END)
    services.issue(report, leader)
    written = docx.Document(io.BytesIO(bytes(report.files.get(format="docx").content)))
    assert written.sections[0].header.paragraphs[0].text == "Plymouth City Council"
    texts = [p.text for p in written.paragraphs]
    assert "Example text the council left in its template." not in texts
    assert report.title in texts


@pytest.mark.parametrize(("content", "message"), [
    (b"not a zip at all", "is not a Word document (.docx) that opens"),
    (None, "has no style called Heading 3"),
])
def test_a_template_that_will_not_do_is_refused_saying_why(db, make_user, content, message):
    administrator = make_user(Role.ADMINISTRATOR, username="alex")
    content = content or word_template(styles=("Title", "Heading 1", "Heading 2"))
    with pytest.raises(services.ReportError, match=re.escape(message)):
        services.upload_template("Bad.docx", content, administrator)


def test_a_word_template_file_is_taken_as_its_document(plan, quarterly, leader, make_user):
    """Councils keep their house style as a .dotx: it is taken as the document it makes."""
    archive = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word_template())) as source, \
            zipfile.ZipFile(archive, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(entry, content)
    administrator = make_user(Role.ADMINISTRATOR, username="alex")
    template = services.upload_template("House style.dotx", archive.getvalue(), administrator)
    assert docx.Document(io.BytesIO(bytes(template.content))).sections[0].header.paragraphs[
        0].text == "Plymouth City Council"
