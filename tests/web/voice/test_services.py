from datetime import timedelta

import pytest

from smeaton.web.voice import services
from smeaton.web.voice.models import (
    Feedback,
    PlainWords,
    SurveyResult,
    Theme,
    YoungPeoplesPage,
    YouSaidWeDid,
)
from tests.web.voice.conftest import csv_of


def feedback_of(by, priority, **extra):
    details = {"kind": Feedback.Kind.COMPLAINT, "from_whom": Feedback.From.CARE_LEAVER,
               "source": "Complaints team", "received_on": by.date_joined.date(),
               "summary": "Waited too long for a reply."} | extra
    return services.record_feedback(by, priorities=[priority], **details)


def test_feedback_is_recorded_with_its_themes_and_audited(participation, priority, today):
    existing = Theme.objects.create(name="Housing")
    feedback = feedback_of(participation, priority, received_on=today, themes=[existing],
                           new_themes=["Money", "housing", " Money "])
    assert sorted(t.name for t in feedback.themes.all()) == ["Housing", "Money"]
    assert list(feedback.priorities.all()) == [priority]
    assert feedback.history.latest().history_user == participation
    assert Theme.objects.count() == 2


def test_feedback_from_the_future_is_refused(participation, priority, today):
    with pytest.raises(services.VoiceError) as refused:
        feedback_of(participation, priority, received_on=today + timedelta(days=1))
    assert refused.value.field == "received_on"
    assert not Feedback.objects.exists()


def test_a_change_over_someone_else_s_is_refused(participation, priority, today):
    feedback = feedback_of(participation, priority, received_on=today)
    seen = feedback.version
    services.change_feedback(feedback, participation, seen_version=seen, summary="First.")
    with pytest.raises(services.VoiceError, match="Someone else changed this feedback"):
        services.change_feedback(feedback, participation, seen_version=seen, summary="Second.")
    feedback.refresh_from_db()
    assert feedback.summary == "First."


def test_an_import_stores_every_row_or_none(participation, make_user):
    survey = services.add_survey(participation, name="Your Life, Your Care")
    good = "Settled?,Yes,2025,All,48,87.5,84.0,National average"
    with pytest.raises(services.ImportRefused) as refused:
        services.import_results(survey, participation, file_name="bad.csv",
                                content=csv_of(good, "Settled?,Yes,2025,Boys,4,lots,,"))
    assert [str(p) for p in refused.value.problems] == [
        "bad.csv, row 3, column “percentage”: “lots” is not a number: write a percentage "
        "from 0 to 100, such as 72.5"]
    assert not SurveyResult.objects.exists() and not survey.imports.exists()
    imported = services.import_results(survey, participation, file_name="good.csv",
                                       content=csv_of(good))
    assert imported.rows == 1 and survey.results.get().history.latest().history_user == \
        participation
    with pytest.raises(services.ImportRefused):  # the same figure again
        services.import_results(survey, participation, file_name="again.csv",
                                content=csv_of(good))
    assert survey.results.count() == 1


def test_two_surveys_may_not_share_a_name(participation):
    services.add_survey(participation, name="Your Life, Your Care")
    with pytest.raises(services.VoiceError) as refused:
        services.add_survey(participation, name="your life, your care")
    assert refused.value.field == "name"


def test_you_said_we_did_links_to_the_plan_and_feedback(participation, priority, milestone,
                                                       today):
    feedback = feedback_of(participation, priority, received_on=today)
    entry = services.add_you_said(
        participation, you_said="Reviews feel like meetings about us.",
        we_did="You can chair part of your review.", done_by="IROs", done_on=today,
        for_young_people=True, priorities=[priority], milestones=[milestone],
        feedback=[feedback])
    assert list(entry.milestones.all()) == [milestone]
    assert list(feedback.you_said_we_did.all()) == [entry]
    changed = services.change_you_said(entry, participation, seen_version=entry.version,
                                       links={"milestones": []}, done_by="Reviewing team")
    assert changed.done_by == "Reviewing team" and not changed.milestones.exists()
    assert YouSaidWeDid.history.filter(id=entry.pk).count() >= 2


def test_plain_words_first_and_then_changed(participation, priority):
    words = services.save_plain_words(priority, participation, seen_version=None,
                                      title="A good home", summary="Homes near you.",
                                      questions="Why?\n\nHow?")
    assert words.question_list == ["Why?", "How?"]
    with pytest.raises(services.VoiceError):  # written meanwhile: the first words are kept
        services.save_plain_words(priority, participation, seen_version=None,
                                  title="Other", summary="Other", questions="")
    services.save_plain_words(priority, participation, seen_version=words.version,
                              title="A good home for you", summary="Homes.", questions="")
    assert PlainWords.objects.get().title == "A good home for you"


def test_publishing_the_page(participation, people):
    from smeaton.web.accounts.models import Role

    admin = people[Role.ADMINISTRATOR]
    assert not YoungPeoplesPage.the_page().published
    services.change_page(participation, seen_version=None, introduction="Our plan.")
    page = services.publish_page(admin, seen_version=YoungPeoplesPage.the_page().version,
                                 published=True)
    assert page.published and page.published_at and page.introduction == "Our plan."
    with pytest.raises(services.VoiceError, match="already published"):
        services.publish_page(admin, seen_version=None, published=True)
    page = services.publish_page(admin, seen_version=None, published=False)
    assert not page.published and page.published_at is None
    assert YoungPeoplesPage.objects.count() == 1
    assert page.history.latest().history_change_reason.startswith("Unpublished")
