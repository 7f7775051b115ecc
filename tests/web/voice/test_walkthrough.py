"""Defects a walkthrough of the voice pages found: each test failed before its fix."""

import pytest


@pytest.mark.parametrize("address", [
    "/voice/you-said-we-did/?priority=²",
    "/voice/you-said-we-did/?priority=99999999999999999999",
    "/voice/feedback/?theme=²",
    "/voice/feedback/?theme=99999999999999999999",
    "/voice/feedback/?priority=99999999999999999999",
])
def test_a_bad_filter_is_ignored(client_as, participation, priority, address):
    assert client_as(participation).get(address).status_code == 200


def test_a_huge_number_responding_is_a_problem_not_a_500(client_as, participation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smeaton.web.voice import services
    from smeaton.web.voice.models import SurveyResult
    from tests.web.voice.conftest import csv_of

    survey = services.add_survey(participation, name="Your Life, Your Care")
    big = SimpleUploadedFile("big.csv", csv_of("Q,Yes,2025,All,99999999999999999999999,72,,"))
    response = client_as(participation).post(f"/voice/surveys/{survey.pk}/import/",
                                             {"file": big})
    assert response.status_code == 200
    assert "big.csv, row 2, column “number_responding”" in response.content.decode()
    assert not SurveyResult.objects.exists()


def test_the_results_export_quotes_cells_a_spreadsheet_would_run(client_as, participation):
    import csv
    import io

    from smeaton.web.voice import services
    from tests.web.voice.conftest import csv_of

    survey = services.add_survey(participation, name="Your Life, Your Care")
    services.import_results(survey, participation, file_name="r.csv", content=csv_of(
        '"=HYPERLINK(""http://x"")",+Yes,2025,@All,48,72,70,-National'))
    response = client_as(participation).get(f"/voice/surveys/{survey.pk}/results.csv?period=2025")
    [_, row] = list(csv.reader(io.StringIO(response.content.decode())))
    assert row[0] == "'=HYPERLINK(\"http://x\")" and row[1] == "'+Yes"
    assert row[3] == "'@All" and row[-1] == "'-National"
    assert row[4] == "48" and row[5] == "72.0"


def test_the_template_download_has_no_cell_a_spreadsheet_would_run(client_as, participation):
    from smeaton.analytics.spreadsheet import TRIGGERS

    page = client_as(participation).get("/voice/surveys/template.csv").content.decode()
    assert not any(cell.startswith(TRIGGERS) for line in page.splitlines()
                   for cell in line.split(","))


def dated(name, day, month, year):
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


@pytest.mark.parametrize(("day", "month", "year"), [(1, 1, 1066), (19, 11, 2015)])
def test_feedback_dated_too_long_ago_is_refused(client_as, participation, day, month, year):
    from smeaton.web.voice.models import Feedback

    # The conftest's day is 20 November 2025: the earliest date is 20 November 2015.
    response = client_as(participation).post("/voice/feedback/new/", {
        "kind": "complaint", "from_whom": "parent_or_carer", "source": "x", "summary": "x",
        **dated("received_on", day, month, year)})
    assert response.status_code == 200
    assert ("The date must be within the last 10 years, on or after 20 November 2015"
            in response.content.decode())
    assert not Feedback.objects.exists()


def test_feedback_dated_ten_years_ago_is_taken(client_as, participation):
    response = client_as(participation).post("/voice/feedback/new/", {
        "kind": "complaint", "from_whom": "parent_or_carer", "source": "x", "summary": "x",
        **dated("received_on", 20, 11, 2015)})
    assert response.status_code == 302


def test_choices_not_on_the_list_have_proper_messages(participation, priority):
    from smeaton.web.voice.forms import FeedbackForm, YouSaidForm

    form = YouSaidForm({"you_said": "x", "we_did": "y", "done_by": "z",
                        **dated("done_on", 1, 11, 2025), "feedback": ["424242"],
                        "milestones": ["424242"], "priorities": ["424242"]})
    assert not form.is_valid()
    assert form.errors["feedback"] == ["Select the feedback it answers from the list"]
    assert form.errors["milestones"] == ["Select the milestones from the list"]
    assert form.errors["priorities"] == ["Select the priorities from the list"]
    form = FeedbackForm({"themes": ["424242"], "priorities": ["424242"]})
    assert not form.is_valid()
    assert form.errors["themes"] == ["Select the themes from the list"]
    assert form.errors["priorities"] == ["Select the priorities it concerns from the list"]


def test_the_young_people_s_page_reads_plainly_in_the_demo(client, db, today, settings):
    from smeaton.web import demo
    from smeaton.web.plan import demo as plan_demo
    from smeaton.web.voice import demo as voice_demo

    settings.DEMO = True
    demo.load_people()
    voice_demo.load(plan_demo.load(today), today)
    page = client.get("/voice/young-people/").content.decode()
    assert "You said:</strong> You said" not in page
    assert "Two-factor" not in page
    assert "This is a demonstration: the council and everything on this page are made up." in page
    assert "Illustrative (made up for the demonstration)." in page
    assert "SEND (special educational needs and disabilities)" in page
    assert " 0 are done" not in page


def test_the_young_people_s_page_says_none_are_done_yet(client, participation, milestone,
                                                        priority):
    from smeaton.web.voice import services

    services.save_plain_words(priority, participation, seen_version=None,
                              title="A good home for you", summary="Homes near you.",
                              questions="")
    services.publish_page(participation, seen_version=None, published=True)
    page = client.get("/voice/young-people/").content.decode()
    assert "This year we planned 1 thing to do. None are done yet." in page
