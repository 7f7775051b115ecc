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
