"""The report pages, as each person uses them."""

import hashlib
from datetime import date

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.reports import services
from smeaton.web.reports.models import Report

Q2_END = date(2025, 9, 30)


def form(report_type=None, ends=Q2_END, **fields):
    data = {"ends_day": ends.day, "ends_month": ends.month, "ends_year": ends.year,
            "audience": "restricted", "title": "", "purpose": "", "recommendations": ""}
    if report_type is not None:
        data["report_type"] = report_type.pk
    return data | fields


def test_the_programme_office_drafts_a_report_and_reads_it_on_screen(
        plan, quarterly, leader, client_as):
    client = client_as(leader)
    response = client.post("/reports/new/", form(quarterly, recommendations="Note it.\nAgree."))
    report = Report.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Draft: it shows the records as they are now" in page
    assert "Open two children&#x27;s homes" in page
    assert "<li>Note it.</li>" in page and "<li>Agree.</li>" in page
    assert "Issue the report" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"ends_day": "15"}, "The period must end on the last day of a month, like 30 9 2025"),
    ({"ends_month": "13"}, "must be a real date"),
    ({"report_type": ""}, "Choose the kind of report"),
    ({"audience": "everyone"}, "Select who is it for from the list"),
    ({"ends_day": "31", "ends_month": "8"}, "ends on the last day of June, September, "
                                            "December or March"),
])
def test_bad_input_gets_a_govuk_error_message(plan, quarterly, leader, client_as, fields,
                                              message):
    response = client_as(leader).post("/reports/new/", form(quarterly) | fields)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert not Report.objects.exists()


def test_leadership_issues_and_the_download_is_the_kept_file(plan, quarterly, leader,
                                                             client_as):
    report = services.draft(quarterly, leader, ends=Q2_END)
    client = client_as(leader)
    confirm = client.get(f"/reports/{report.pk}/issue/").content.decode()
    assert "cannot be edited again" in confirm
    assert "has not ended" not in confirm  # the quarter ended in September
    response = client.post(f"/reports/{report.pk}/issue/", {"version": report.version})
    assert response.status_code == 302
    page = client.get(f"/reports/{report.pk}/").content.decode()
    kept = report.files.get(format="pdf")
    assert kept.sha256 in page and "Issue the report" not in page
    download = client.get(f"/reports/{report.pk}/pdf/")
    assert hashlib.sha256(download.content).hexdigest() == kept.sha256
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


def test_issuing_twice_says_it_is_already_issued(plan, quarterly, leader, client_as):
    report = services.draft(quarterly, leader, ends=Q2_END)
    services.issue(report, leader)
    client = client_as(leader)
    assert client.post(f"/reports/{report.pk}/issue/", {"version": 1}).status_code == 403


def test_a_draft_downloads_as_a_draft(plan, quarterly, leader, client_as):
    report = services.draft(quarterly, leader, ends=Q2_END)
    response = client_as(leader).get(f"/reports/{report.pk}/docx/")
    assert response.status_code == 200
    assert "(draft).docx" in response["Content-Disposition"]
    assert client_as(leader).get(f"/reports/{report.pk}/odt/").status_code == 404


def test_a_councillor_reads_only_the_reports_of_boards_they_sit_on(
        plan, quarterly, board, leader, make_user, client_as):
    restricted = services.draft(quarterly, leader, ends=Q2_END)
    councillor = make_user(Role.COUNCILLOR, username="cllr")
    client = client_as(councillor)
    assert client.get(f"/reports/{restricted.pk}/").status_code == 403
    assert restricted.title not in client.get("/reports/").content.decode()
    board.members.add(councillor)
    assert client.get(f"/reports/{restricted.pk}/").status_code == 200
    assert restricted.title in client.get("/reports/").content.decode()


def test_an_issued_report_for_publication_is_read_by_anyone_signed_in(
        plan, quarterly, leader, make_user, client_as):
    public = services.draft(quarterly, leader, ends=Q2_END, audience="publication")
    partner = client_as(make_user(Role.PARTNER, username="nurse"))
    assert partner.get(f"/reports/{public.pk}/").status_code == 403  # a draft is not public
    services.issue(public, leader)
    assert partner.get(f"/reports/{public.pk}/").status_code == 200
    assert public.title in partner.get("/reports/").content.decode()


def test_an_administrator_uploads_the_councils_word_template(db, make_user, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.reports.test_services import word_template

    client = client_as(make_user(Role.ADMINISTRATOR, username="alex"))
    bad = client.post("/reports/word-template/",
                      {"template": SimpleUploadedFile("notes.txt", b"hello")})
    assert "The template must be a Word document (.docx)" in bad.content.decode()
    good = client.post("/reports/word-template/",
                       {"template": SimpleUploadedFile("Council.docx", word_template())})
    assert good.status_code == 302
    assert "Reports use “Council.docx”" in client.get("/reports/word-template/").content.decode()


def test_a_meeting_lists_the_reports_issued_for_it(plan, quarterly, board, leader, client_as):
    from datetime import datetime

    from smeaton.web.boards import services as board_services
    from tests.web.reports.conftest import LONDON

    meeting = board_services.add_meeting(board, leader, starts_at=datetime(
        2025, 10, 20, 10, tzinfo=LONDON), ends_at=None, location="")
    report = services.draft(quarterly, leader, ends=Q2_END, meeting=meeting)
    client = client_as(leader)
    assert "No report has been issued for this meeting." in client.get(
        f"/boards/meetings/{meeting.pk}/").content.decode()
    services.issue(report, leader)
    page = client.get(f"/boards/meetings/{meeting.pk}/").content.decode()
    assert f'<a class="govuk-link" href="/reports/{report.pk}/">{report.title}</a>' in page


def test_issuing_before_the_period_ends_is_warned(plan, quarterly, leader, client_as):
    report = services.draft(quarterly, leader, ends=date(2025, 12, 31))
    confirm = client_as(leader).get(f"/reports/{report.pk}/issue/").content.decode()
    assert "The period it covers has not ended: it ends on 31 December 2025" in confirm


def test_a_six_monthly_report_ends_in_september_or_march(plan, board, leader):
    from smeaton.web.reports.models import ReportType

    scrutiny = ReportType.objects.create(name="Six-monthly", board=board, covers=6,
                                         sections=["summary"])
    with pytest.raises(services.ReportError, match="Half a year of the council's year ends"):
        services.draft(scrutiny, leader, ends=date(2025, 11, 30))
    report = services.draft(scrutiny, leader, ends=date(2026, 3, 31))
    assert report.starts == date(2025, 10, 1)
    assert report.title == "Six-monthly: Second half of 2025/26 (October 2025 to March 2026)"
