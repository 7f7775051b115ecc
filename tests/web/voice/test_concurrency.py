"""Two people saving the same record at once: exactly one wins, nothing is lost.

Real concurrent writers: threads, each with its own database connection, released
together, against a database that commits.
"""

from functools import partial

import pytest
from django.test import Client

from smeaton.web.accounts.models import Role
from smeaton.web.voice import services
from smeaton.web.voice.models import Feedback, PlainWords, SurveyResult
from tests.web.plan.test_concurrency import at_once
from tests.web.voice.conftest import csv_of


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def keepers(transactional_db, make_user):
    return [make_user(Role.PARTICIPATION_LEAD), make_user(Role.LEADERSHIP)]


def test_two_edits_of_the_same_feedback_exactly_one_is_saved(keepers, today):
    feedback = services.record_feedback(
        keepers[0], kind="complaint", from_whom="child", source="Team", received_on=today,
        summary="As it was.")
    form = {"kind": "complaint", "from_whom": "child", "source": "Team",
            "received_on_day": today.day, "received_on_month": today.month,
            "received_on_year": today.year, "version": feedback.version}
    responses = at_once(*[partial(client_of(person).post, f"/voice/feedback/{feedback.pk}/edit/",
                                  form | {"summary": f"By {n}"})
                          for n, person in enumerate(keepers)])
    saved = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200
               and "Someone else changed this feedback" in r.content.decode()]
    assert (len(saved), len(refused)) == (1, 1), responses
    assert Feedback.objects.get().summary in ("By 0", "By 1")


def test_two_first_words_for_a_priority_exactly_one_is_kept(keepers, priority):
    form = {"title": "A home", "summary": "Near you.", "questions": ""}
    responses = at_once(*[partial(client_of(person).post,
                                  f"/voice/young-people/words/{priority.pk}/",
                                  form | {"title": f"Title {n}"})
                          for n, person in enumerate(keepers)])
    assert sorted(r.status_code for r in responses) == [200, 302], responses
    assert PlainWords.objects.count() == 1


def test_the_same_file_imported_twice_at_once_is_stored_once(keepers):
    survey = services.add_survey(keepers[0], name="Your Life, Your Care")
    content = csv_of("Settled?,Yes,2025,All,48,87,,")

    def upload(person):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client_of(person).post(f"/voice/surveys/{survey.pk}/import/",
                                      {"file": SimpleUploadedFile("r.csv", content)})

    responses = at_once(*[partial(upload, person) for person in keepers])
    assert sorted(r.status_code for r in responses) == [200, 302], responses
    assert SurveyResult.objects.count() == 1
