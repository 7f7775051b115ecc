"""The returns pages: uploading (and its GOV.UK errors), progress, the problem report and
its downloads, and the record of every read of it."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from smeaton.analytics.rules import code_order
from smeaton.web.accounts.models import ChildLevelRead, Role
from smeaton.web.returns import services, views
from smeaton.web.returns.models import Load
from tests.web.returns.conftest import CIN_2024, EPISODES, upload_of


def sent_file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def stored(db, analyst):
    return services.run(services.receive(analyst, [upload_of(CIN_2024)]).pk)


def test_an_analyst_uploads_returns_and_is_shown_their_progress(client_as, analyst):
    client = client_as(analyst)
    with CIN_2024.open("rb") as file:
        response = client.post("/returns/upload/", {"files": [file], "year": "2024"})
    load = Load.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/returns/loads/{load.pk}/"
    assert (load.status, load.year, load.uploaded_by) == (Load.Status.QUEUED, 2024, analyst)

    page = client.get(response["Location"])
    assert b"Waiting for the task worker" in page.content
    assert b'http-equiv="refresh"' in page.content  # without JavaScript it refreshes itself
    assert b'hx-trigger="every 3s"' in page.content
    panel = client.get(response["Location"], headers={"HX-Request": "true"})
    assert b"<html" not in panel.content and b'id="progress"' in panel.content


@pytest.mark.parametrize(("files", "message"), [
    ([], "Select the returns to upload"),
    ([("report.pdf", b"%PDF-1.4")], "report.pdf must be a CSV, XML or ZIP file"),
    ([("staff.csv", b"Name,Team\nA,B\n")],
     "staff.csv is not a return Smeaton can read: unknown table"),
    ([("census.xml", b"<note>hello</note>")],
     "census.xml is not a return Smeaton can read: an XML file whose root is &lt;note&gt;"),
    ([("empty.csv", b"")], "empty.csv is empty"),
])
def test_bad_uploads_are_refused_with_govuk_messages(client_as, analyst, files, message):
    response = client_as(analyst).post(
        "/returns/upload/", {"files": [sent_file(name, content) for name, content in files]})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert 'class="govuk-error-message"' in response.text
    assert not Load.objects.exists()


def test_an_oversize_file_is_refused(client_as, analyst, settings):
    settings.RETURNS_MAX_FILE_MB = 1
    big = (EPISODES + "\n").encode() + b"x" * (1024 * 1024)
    response = client_as(analyst).post("/returns/upload/",
                                       {"files": [sent_file("episodes.csv", big)]})
    assert "episodes.csv must be smaller than 1 MB" in response.text
    assert not Load.objects.exists()


def test_a_wrong_la_code_or_year_is_said(client_as, analyst):
    with CIN_2024.open("rb") as file:
        response = client_as(analyst).post("/returns/upload/", {
            "files": [file], "la_code": "87", "year": "1999"})
    assert "LA code must be 3 digits, like 879" in response.text
    assert "Collection year must be 2000 or more" in response.text


def test_the_problem_report_lists_filters_and_records_each_read(client_as, analyst, stored):
    client = client_as(analyst)
    kind = stored.problems.order_by("position").first().kind

    everything = client.get(f"/returns/loads/{stored.pk}/problems/")
    narrowed = client.get(f"/returns/loads/{stored.pk}/problems/", {"kind": kind})

    assert f"Every problem: {stored.problems_count} problem" in everything.text
    count = stored.problems.filter(kind=kind).count()
    assert f"{count} problem" in narrowed.text
    reads = list(ChildLevelRead.objects.order_by("at"))
    assert [(read.user, read.action, read.record, read.filters) for read in reads] == [
        (analyst, "viewed", f"returns.load:{stored.pk}", {}),
        (analyst, "viewed", f"returns.load:{stored.pk}", {"kind": kind}),
    ]
    assert everything["Cache-Control"].count("no-store") == 1


def test_the_problem_report_downloads_as_csv_and_excel(client_as, analyst, stored):
    client = client_as(analyst)
    response = client.get(f"/returns/loads/{stored.pk}/problems.csv", {"severity": "error"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:9] == ["Year", "File", "Table", "Row or XML path", "Column", "Value",
                           "Rule", "Reason", "Severity"]
    assert len(rows) - 1 == stored.errors
    assert {row[8] for row in rows[1:]} == {"error"}

    workbook = client.get(f"/returns/loads/{stored.pk}/problems.xlsx")
    book = load_workbook(io.BytesIO(workbook.content))
    sheet = book["Problems"]
    assert sheet.max_row - 3 == stored.problems_count
    assert sheet["A2"].value == "Every problem"
    rules = list(book["Rules"].iter_rows(min_row=2, values_only=True))
    assert rules[0][:4] == ("Year", "Rule", "Message", "Severity")
    assert len(rules) - 1 == stored.rule_results.count() > 0
    reads = ChildLevelRead.objects.order_by("at")
    assert [(read.file_format, read.filters) for read in reads] == [
        ("csv", {"severity": "error"}), ("xlsx", {})]


def test_the_problem_report_summarises_dfes_rules_sorted_as_asked(client_as, analyst,
                                                                  stored):
    client = client_as(analyst)
    found = stored.rule_results.filter(rows__gt=0).order_by("-rows")
    assert found, "the fixture's return breaks some of DfE's rules"
    page = client.get(f"/returns/loads/{stored.pk}/problems/")
    assert "Problems by DfE rule" in page.text
    assert 'aria-sort="descending"' in page.text
    codes = re.findall(r"Problems found by rule </span>([^<]+)</a>", page.text)
    assert stored.rule_results.filter(rule=codes[0]).first().rows == found[0].rows
    by_code = client.get(f"/returns/loads/{stored.pk}/problems/", {"sort": "rule"})
    listed = re.findall(r"Problems found by rule </span>([^<]+)</a>", by_code.text)
    assert listed == sorted(listed, key=code_order)
    assert 'aria-sort="ascending"' in by_code.text
    one_rule = client.get(f"/returns/loads/{stored.pk}/problems/",
                          {"rule": found[0].rule, "year": found[0].year})
    assert f"{found[0].rows} problem" in one_rule.text


def test_the_rules_sort_is_kept_when_paging_and_filtering(client_as, analyst, stored,
                                                          monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 1)
    client = client_as(analyst)
    page = client.get(f"/returns/loads/{stored.pk}/problems/",
                      {"sort": "rule", "severity": "error"})
    assert '<input type="hidden" name="sort" value="rule">' in page.text
    assert 'href="?severity=error&amp;sort=children' in page.text  # a heading: filters kept
    assert "?sort=rule&amp;severity=error&amp;page=2#problems" in page.text  # both kept
    clear = re.search(r'href="([^"]+)">Clear the filters', page.text)[1]
    assert clear.endswith("?sort=rule#problems")
    assert re.search(r'\?rule=[^"]+&amp;sort=rule#problems"', page.text)  # a rule's problems


def test_a_filter_not_on_the_list_says_so_in_govuk_words(client_as, analyst, stored):
    page = client_as(analyst).get(f"/returns/loads/{stored.pk}/problems/", {"rule": "XYZ"})
    assert "Select DfE rule from the list" in page.text


def test_values_that_look_like_formulas_are_neutralised_in_downloads(client_as, analyst,
                                                                      stored):
    problem = stored.problems.first()
    problem.value = "=HYPERLINK(\"http://example.com\")"
    problem.save()
    response = client_as(analyst).get(f"/returns/loads/{stored.pk}/problems.csv")
    assert "'=HYPERLINK" in response.content.decode()


def test_a_rejected_load_says_nothing_was_stored(client_as, analyst, tmp_path):
    path = tmp_path / "episodes.csv"
    path.write_text(EPISODES + "\n")
    load = services.run(services.receive(analyst, [upload_of(path)], year=2024).pk)
    page = client_as(analyst).get(f"/returns/loads/{load.pk}/")
    assert "The batch was rejected. Nothing was stored" in page.text
    report = client_as(analyst).get(f"/returns/loads/{load.pk}/problems/")
    assert "no rows, only a header" in report.text


def test_the_returns_section_is_in_the_navigation_for_those_allowed(client_as, make_user):
    for role, shown in [(Role.ANALYST, True), (Role.LEADERSHIP, True), (Role.VIEWER, False),
                        (Role.CONTRIBUTOR, False)]:
        page = client_as(make_user(role)).get("/")
        assert ('href="/returns/"' in page.text) == shown, role
