"""What the pages and reports read: survey results with change and comparison, small
groups suppressed everywhere; a priority's progress in young people's words."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from smeaton.web.plan.models import Milestone
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag
from smeaton.web.voice import queries, services
from smeaton.web.voice.queries import DONE, OFF_TRACK, ON_TRACK, SOME_PROBLEMS
from tests.web.voice.conftest import csv_of

EARLIER = csv_of("Settled?,Yes,2024,Aged 11 to 18,61,78.7,84.0,National average",
                 "Settled?,Yes,2024,With family,4,75.0,,",
                 "Settled?,Yes,2024,Aged 8 to 10,26,84.6,,",
                 "Trust?,Mostly,2024,Aged 8 to 10,3,50.0,,")
LATER = csv_of("Settled?,Yes,2025,Aged 11 to 18,66,81.8,84.0,National average",
               "Settled?,Yes,2025,With family,6,83.3,,",
               "Settled?,Yes,2025,Aged 8 to 10,26,84.6,,",
               "Trust?,Mostly,2025,Aged 8 to 10,2,100.0,90.0,National average")


@pytest.fixture
def survey(participation):
    survey = services.add_survey(participation, name="Your Life, Your Care")
    services.import_results(survey, participation, file_name="2024.csv", content=EARLIER)
    services.import_results(survey, participation, file_name="2025.csv", content=LATER)
    return survey


def test_change_since_the_last_survey_and_against_the_comparison(survey):
    results = queries.latest_survey_results()
    assert (results.period, results.previous_period) == ("2025", "2024")
    older, family, same, trust = results.rows
    assert older.change == Decimal("3.1") and older.against_comparison == Decimal("-2.2")
    assert queries.change_in_words(older) == "up 3.1 points"
    assert queries.comparison_in_words(older) == \
        "2.2 points below the National average (84.0%)"
    assert queries.change_in_words(same) == "no change"
    assert queries.comparison_in_words(same) == "no comparison"


def test_a_group_under_5_is_never_shown(survey):
    results = queries.survey_results(survey, "2025")
    trust = results.rows[3]
    assert trust.suppressed and trust.shown == "fewer than 5 responded"
    assert (trust.responding, trust.percentage, trust.change, trust.comparison,
            trust.against_comparison) == (None, None, None, None, None)
    assert queries.change_in_words(trust) == queries.comparison_in_words(trust) == \
        "fewer than 5 responded"


def test_a_change_from_a_group_under_5_is_not_shown(survey):
    family = queries.survey_results(survey, "2025").rows[1]
    assert not family.suppressed and family.percentage == Decimal("83.3")
    assert family.previous is None and family.change is None
    assert queries.change_in_words(family) == "not shown: fewer than 5 responded in 2024"


def test_the_first_period_has_no_change(survey):
    results = queries.survey_results(survey, "2024")
    assert results.previous_period is None
    assert queries.change_in_words(results.rows[0]) == "no earlier figure"
    assert results.rows[1].suppressed and results.rows[1].percentage is None


def test_the_export_suppresses_small_groups(survey, client_as, participation):
    response = client_as(participation).get(f"/voice/surveys/{survey.pk}/results.csv")
    text = response.content.decode()
    assert "fewer than 5 responded" in text
    assert "100.0" not in text and ",2,1" not in text  # the small group's figures
    assert "83.3" in text


def test_no_survey_no_latest_results(db):
    assert queries.latest_survey_results() is None


def test_entries_in_a_date_range(participation, priority, today):
    for days in (40, 20, 5):
        services.add_you_said(participation, you_said=f"{days}", we_did="Done",
                              done_by="Team", done_on=today - timedelta(days=days),
                              priorities=[priority])
    entries = queries.you_said_we_did_between(today - timedelta(days=30), today)
    assert [e.you_said for e in entries] == ["5", "20"]
    assert entries[0].priorities == [str(priority)]


@pytest.mark.parametrize(("complete", "rags", "words"), [
    (True, [Rag.COMPLETE], DONE),
    (False, [Rag.GREEN, Rag.RED, Rag.AMBER], OFF_TRACK),
    (False, [Rag.GREEN, Rag.AMBER, Rag.COMPLETE], SOME_PROBLEMS),
    (False, [Rag.GREEN, Rag.NOT_STARTED, Rag.COMPLETE], ON_TRACK),
    (False, [], ON_TRACK),
])
def test_progress_in_young_people_s_words(complete, rags, words):
    assert queries.progress_in_words(complete, rags) == words


def test_the_young_people_s_view(participation, priority, milestone, today):
    services.save_plain_words(priority, participation, seen_version=None,
                              title="A good home", summary="Homes near you.", questions="")
    Milestone.objects.create(priority=priority, plan_year=2025, title="Recruit carers",
                             owner=priority.lead, due=date(2025, 6, 30),
                             progress=Progress.OFF_TRACK)
    shown = services.add_you_said(participation, you_said="Said", we_did="Did",
                                  done_by="Team", done_on=today, for_young_people=True,
                                  priorities=[priority])
    services.add_you_said(participation, you_said="Not for the page", we_did="Did",
                          done_by="Team", done_on=today, priorities=[priority])
    elsewhere = services.add_you_said(participation, you_said="About everything",
                                      we_did="Did", done_by="Team", done_on=today,
                                      for_young_people=True)
    view = queries.young_peoples_view()
    [item] = view.priorities
    assert (item.progress, item.planned, item.done) == (OFF_TRACK, 2, 0)
    assert item.entries == [shown]
    assert view.other_entries == [elsewhere]
