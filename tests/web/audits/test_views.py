"""The case-file audit pages, as people use them."""

import pytest

from smeaton.web.accounts.models import ChildLevelRead, Role
from smeaton.web.audits import services
from smeaton.web.audits.models import Audit, Grade, Moderation, Programme, Sample
from tests.web.audits.conftest import children, reader


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_qa_lead_makes_a_tool_edits_its_draft_and_publishes_it(client_as, qa):
    client = client_as(qa)
    response = client.post("/quality-assurance/tools/new/", {"name": "Neglect audit"})
    assert response.status_code == 302
    version_url = response["Location"]
    response = client.post(version_url + "sections/new/", {"title": "Recognition"})
    assert response.status_code == 302
    version = services.ToolVersion.objects.get(tool__name="Neglect audit")
    section = version.sections.get()
    assert client.post(f"/quality-assurance/sections/{section.pk}/questions/new/",
                       {"text": "Is neglect recognised?", "answer": "grade"}).status_code == 302
    assert "Is neglect recognised?" in page(client.get(version_url))
    assert client.post(version_url + "publish/", {}).status_code == 302
    version.refresh_from_db()
    assert not version.is_draft
    tool_page = page(client.get(f"/quality-assurance/tools/{version.tool_id}/"))
    assert "Make a new version" in tool_page and "Is neglect recognised?" in tool_page


def test_a_question_with_no_text_is_refused_naming_the_field(client_as, qa):
    tool = services.create_tool(qa, name="Neglect audit")
    section = services.add_section(tool.versions.get(), qa, title="Recognition")
    html = page(client_as(qa).post(f"/quality-assurance/sections/{section.pk}/questions/new/",
                                   {"answer": "grade"}))
    assert "There is a problem" in html and "Enter question" in html


def test_a_published_versions_questions_cannot_be_edited(client_as, qa, tool):
    section = tool.in_use.sections.first()
    response = client_as(qa).get(f"/quality-assurance/sections/{section.pk}/edit/")
    assert response.status_code == 403


def test_drawing_a_sample_from_the_page(client_as, qa, programme, monkeypatch, today):
    monkeypatch.setattr(services, "read_store", reader(children(8)))
    client = client_as(qa)
    day = {"month_day": today.day, "month_month": today.month, "month_year": today.year,
           "on_day": today.day, "on_month": today.month, "on_year": today.year}
    response = client.post(f"/quality-assurance/programmes/{programme.pk}/draw/", day)
    assert response.status_code == 302
    sample = Sample.objects.get()
    assert sample.audits.count() == 4
    html = page(client.post(f"/quality-assurance/programmes/{programme.pk}/draw/", day))
    assert "already been drawn for November 2025" in html


def test_an_empty_frame_is_refused_on_the_page(client_as, qa, programme, monkeypatch, today):
    monkeypatch.setattr(services, "read_store", reader(()))
    day = {"month_day": 1, "month_month": 11, "month_year": 2025,
           "on_day": 1, "on_month": 11, "on_year": 2025}
    html = page(client_as(qa).post(f"/quality-assurance/programmes/{programme.pk}/draw/", day))
    assert "No children are in the frame" in html and not Sample.objects.exists()


def test_setting_up_a_programme(client_as, qa, tool, auditor, moderator):
    response = client_as(qa).post("/quality-assurance/programmes/new/", {
        "name": "Thematic: second plans", "tool": tool.pk, "method": "thematic",
        "frame": "second-plan", "sample_size": 5, "moderated_share": 20,
        "days_to_complete": 15, "lead": qa.pk, "auditors": [auditor.pk],
        "moderators": [moderator.pk], "active": "on"})
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert list(programme.auditors.all()) == [auditor] and programme.frame == "second-plan"


def test_your_audits_lists_what_is_due_in_words(client_as, audit, auditor):
    html = page(client_as(auditor).get("/quality-assurance/"))
    assert "To audit" in html and "Due in 20 days" in html


def test_every_view_of_an_audit_is_recorded(client_as, audit, auditor):
    page(client_as(auditor).get(f"/quality-assurance/{audit.pk}/"))
    read = ChildLevelRead.objects.get(user=auditor)
    assert read.record == f"audits.audit:{audit.pk}"


def test_an_auditor_saves_a_draft_then_submits(client_as, audit, auditor):
    client = client_as(auditor)
    questions = services.questions_of(audit)
    form = {"version": audit.version, f"q{questions[0].pk}": "good",
            f"n{questions[0].pk}": "Seen alone twice", "action": "save"}
    assert client.post(f"/quality-assurance/{audit.pk}/edit/", form).status_code == 302
    audit.refresh_from_db()
    assert audit.status == Audit.Status.IN_PROGRESS
    form = {"version": audit.version, "action": "submit", f"q{questions[0].pk}": "good"}
    html = page(client.post(f"/quality-assurance/{audit.pk}/edit/", form))
    assert f'href="#id_q{questions[1].pk}_0"' in html  # the error names the question
    assert "<title>Error: Audit the case file –" in html  # once, from base.html
    form |= {f"q{questions[1].pk}": "yes", f"q{questions[2].pk}": "inadequate",
             "grade": "requires_improvement", "strengths": "Visits", "improvements": "Plans"}
    assert client.post(f"/quality-assurance/{audit.pk}/edit/", form).status_code == 302
    audit.refresh_from_db()
    assert audit.status in (Audit.Status.AWAITING_MODERATION, Audit.Status.COMPLETED)
    assert "Requires improvement" in page(client.get(f"/quality-assurance/{audit.pk}/"))


def test_a_save_over_someone_elses_keeps_what_was_typed(client_as, audit, auditor):
    client = client_as(auditor)
    services.save_audit(audit, auditor, seen_version=audit.version, answers={})
    html = page(client.post(f"/quality-assurance/{audit.pk}/edit/", {
        "version": 1, "action": "save", "strengths": "Typed just now"}))
    assert "Someone else saved this audit" in html and "Typed just now" in html


def submitted_for_moderation(sample):
    audit = sample.audits.exclude(moderator=None).first()
    answers = {q.pk: services.Given("good" if q.answer == "grade" else "yes")
               for q in services.questions_of(audit)}
    return services.save_audit(audit, audit.auditor, seen_version=audit.version,
                               answers=answers, grade=Grade.GOOD, strengths="a",
                               improvements="b", submit=True)


def test_a_moderator_changes_the_grade_only_with_a_reason(client_as, sample, moderator):
    audit = submitted_for_moderation(sample)
    client = client_as(moderator)
    url = f"/quality-assurance/{audit.pk}/moderate/"
    html = page(client.post(url, {"version": audit.version, "grade": "inadequate"}))
    assert "Enter why you changed the grade" in html
    assert "<title>Error: Moderate the audit –" in html
    assert client.post(url, {"version": audit.version, "grade": "inadequate",
                             "reason": "A risk was missed"}).status_code == 302
    moderation = Moderation.objects.get()
    assert (moderation.grade, moderation.auditor_grade) == ("inadequate", "good")
    html = page(client.get(f"/quality-assurance/{audit.pk}/"))
    assert "Inadequate (changed)" in html and "A risk was missed" in html


def test_finding_the_case_asks_a_reason_then_shows_the_identifier_once(
        client_as, audit, qa, monkeypatch):
    monkeypatch.setattr(services.privacy, "resolve", lambda token, who, why: "LA-77")
    client = client_as(qa)
    url = f"/quality-assurance/{audit.pk}/find-the-case/"
    html = page(client.post(url, {}))
    assert "Enter why you need" in html and "<title>Error: Find the case –" in html
    assert "LA-77" in page(client.post(url, {"reason": "To read the case file"}))


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COUNCILLOR, Role.PARTNER, Role.ANALYST,
                                  Role.CONTRIBUTOR])
def test_others_read_no_audit(client_as, make_user, audit, role):
    client = client_as(make_user(role))
    assert client.get(f"/quality-assurance/{audit.pk}/").status_code == 403
    assert client.get(f"/quality-assurance/samples/{audit.sample_id}/").status_code == 403
    assert client.get("/quality-assurance/").status_code == 403


def test_the_navigation_shows_quality_assurance_to_auditors_not_others(client_as, audit,
                                                                       auditor, make_user):
    assert "Quality assurance" in page(client_as(auditor).get("/"))
    assert "Quality assurance" not in page(client_as(make_user(Role.VIEWER)).get("/"))


def test_your_audits_marks_an_illustrative_audit(client_as, audit, auditor):
    Audit.objects.filter(pk=audit.pk).update(illustrative=True)
    html = page(client_as(auditor).get("/quality-assurance/"))
    assert "Illustrative</strong>" in html


@pytest.mark.parametrize("url", ["/quality-assurance/", "/quality-assurance/tools/",
                                 "/quality-assurance/tools/{tool}/",
                                 "/quality-assurance/programmes/",
                                 "/quality-assurance/programmes/{programme}/",
                                 "/quality-assurance/samples/{sample}/"])
def test_every_table_scrolls_in_its_own_box_not_the_page(client_as, qa, audit, url):
    sample = audit.sample
    html = page(client_as(qa).get(url.format(tool=sample.programme.tool.pk,
                                             programme=sample.programme.pk, sample=sample.pk)))
    tables = html.count("<table")
    assert tables and html.count(
        '<div class="smeaton-table-container" role="region"') == tables


def test_a_tampered_version_is_named_in_the_error_summary(client_as, audit, auditor):
    html = page(client_as(auditor).post(f"/quality-assurance/{audit.pk}/edit/",
                                        {"version": "abc", "action": "save"}))
    assert "This page is out of date: reload it and try again</a></li>" in html
