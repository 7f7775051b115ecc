"""The voice pages: forms in GOV.UK's words, the young people's page published and not."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from smeaton.web.accounts.models import Role
from smeaton.web.voice import services
from smeaton.web.voice.models import Feedback, SurveyResult
from tests.web.voice.conftest import csv_of


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_recording_feedback(client_as, participation, priority, today):
    client = client_as(participation)
    page = client.get("/voice/feedback/new/").content.decode()
    assert "Do not write anyone&#x27;s name" in page or "Do not write anyone's name" in page
    response = client.post("/voice/feedback/new/", {
        "kind": "complaint", "from_whom": "parent_or_carer", "source": "Complaints team",
        "summary": "Nobody called back.", "new_themes": "Waiting times, Information",
        "priorities": [priority.pk], **date_fields("received_on", today)})
    feedback = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"] == \
        f"/voice/feedback/{feedback.pk}/"
    assert feedback.themes.count() == 2
    listed = client.get("/voice/feedback/?kind=complaint&from=parent_or_carer"
                        f"&priority={priority.pk}").content.decode()
    assert "Nobody called back." in listed
    assert "Nobody called back." not in client.get(
        "/voice/feedback/?kind=compliment").content.decode()
    since = (today + timedelta(days=1)).isoformat()
    assert "Nobody called back." not in client.get(
        f"/voice/feedback/?since={since}").content.decode()


def test_feedback_errors_name_the_field(client_as, participation, today):
    response = client_as(participation).post("/voice/feedback/new/", {
        "source": "x", "summary": "x", **date_fields("received_on", today + timedelta(1))})
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Select what kind of feedback it is", "Select who it is from",
                    "The date must be today or in the past"):
        assert message in page


def test_an_import_with_a_problem_names_row_column_and_value(client_as, participation):
    survey = services.add_survey(participation, name="Your Life, Your Care")
    client = client_as(participation)
    bad = SimpleUploadedFile("bad.csv", csv_of("Settled?,Yes,2025,All,48,87%,,"))
    page = client.post(f"/voice/surveys/{survey.pk}/import/", {"file": bad}).content.decode()
    assert "There is a problem" in page
    assert "bad.csv, row 2, column “percentage”: “87%” must be a number" in page
    assert not SurveyResult.objects.exists()
    good = SimpleUploadedFile("good.csv", csv_of("Settled?,Yes,2025,All,48,87,,",
                                                 "Settled?,Yes,2025,Boys,3,100,,"))
    response = client.post(f"/voice/surveys/{survey.pk}/import/", {"file": good})
    assert response.status_code == 302
    shown = client.get(f"/voice/surveys/{survey.pk}/").content.decode()
    assert "Fewer than 5 responded" in shown and "100.0%" not in shown


def test_a_file_that_is_not_csv_is_refused(client_as, participation):
    survey = services.add_survey(participation, name="Survey")
    upload = SimpleUploadedFile("results.xlsx", b"PK")
    page = client_as(participation).post(f"/voice/surveys/{survey.pk}/import/",
                                         {"file": upload}).content.decode()
    assert "The selected file must be a CSV file" in page


def test_the_young_people_s_page_published_and_not(client, client_as, people, participation,
                                                   priority, today):
    services.save_plain_words(priority, participation, seen_version=None,
                              title="A good home for you", summary="Homes near you.",
                              questions="How many new carers?")
    services.add_you_said(participation, you_said="We want to see our brothers",
                          we_did="Family days", done_by="Team", done_on=today,
                          for_young_people=True, priorities=[priority])
    assert client.get("/voice/young-people/").status_code == 404
    preview = client_as(people[Role.PARTNER]).get("/voice/young-people/").content.decode()
    assert "This page is not published" in preview and "A good home for you" in preview
    client.logout()
    services.publish_page(people[Role.ADMINISTRATOR], seen_version=None, published=True)
    page = client.get("/voice/young-people/").content.decode()
    assert "not published" not in page
    for text in ("A good home for you", "On track", "We want to see our brothers",
                 "How many new carers?"):
        assert text in page


def test_publishing_from_the_page(client_as, people):
    admin = client_as(people[Role.ADMINISTRATOR])
    assert admin.get("/voice/young-people/publish/").status_code == 200
    response = admin.post("/voice/young-people/publish/", {})
    assert response.status_code == 302
    from smeaton.web.voice.models import YoungPeoplesPage

    assert YoungPeoplesPage.the_page().published


def test_a_priority_page_shows_its_you_said_we_did(client_as, people, participation,
                                                   priority, today):
    services.add_you_said(participation, you_said="Reviews are about us, not with us",
                          we_did="You chair part of it", done_by="IROs", done_on=today,
                          priorities=[priority])
    page = client_as(people[Role.VIEWER]).get(f"/plan/priorities/{priority.pk}/")
    assert "Reviews are about us, not with us" in page.content.decode()


def test_a_tampered_priority_id_too_big_for_the_database_is_refused_in_words(
        client_as, participation, priority, today):
    entry = services.add_you_said(participation, you_said="Reviews", we_did="Changed",
                                  done_by="IROs", done_on=today)
    page = client_as(participation).post(f"/voice/you-said-we-did/{entry.pk}/edit/", {
        "version": entry.version, "you_said": "Reviews", "we_did": "Changed",
        "done_by": "IROs", **date_fields("done_on", today),
        "priorities": ["99999999999999999999"], "milestones": ["99999999999999999999"]})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Select the priorities from the list" in html
    assert "Select the milestones from the list" in html
