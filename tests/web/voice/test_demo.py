
from smeaton.web import demo
from smeaton.web.plan import demo as plan_demo
from smeaton.web.voice import demo as voice_demo
from smeaton.web.voice import queries
from smeaton.web.voice.models import (
    Feedback,
    PlainWords,
    Survey,
    SurveyResult,
    YoungPeoplesPage,
    YouSaidWeDid,
)


def test_the_demo_has_the_voice_of_children_in_every_state(db, today):
    demo.load_people()
    plan = plan_demo.load(today)
    voice_demo.load(plan, today)
    voice_demo.load(plan, today)  # the second time, nothing is duplicated
    assert Feedback.objects.count() == len(voice_demo.FEEDBACK)
    assert {f.kind for f in Feedback.objects.all()} == set(Feedback.Kind)
    assert {f.from_whom for f in Feedback.objects.all()} == set(Feedback.From)
    assert all((today - f.received_on).days <= 183 for f in Feedback.objects.all())
    for model in (Feedback, Survey, YouSaidWeDid, PlainWords):
        assert not model.objects.filter(illustrative=False).exists(), model
    results = queries.latest_survey_results()
    assert (results.period, results.previous_period) == ("2025", "2024")
    assert results.any_suppressed and any(r.comparison for r in results.rows)
    assert any(r.previous_suppressed and not r.suppressed for r in results.rows)
    assert SurveyResult.objects.count() == 2 * sum(len(g) for _, _, g in voice_demo.RESULTS)
    assert YouSaidWeDid.objects.filter(for_young_people=True).exists()
    assert YouSaidWeDid.objects.filter(for_young_people=False).exists()
    assert all(e.priorities.exists() and e.milestones.exists() and e.feedback.exists()
               for e in YouSaidWeDid.objects.all())
    assert PlainWords.objects.count() == plan.priorities.count()
    assert YoungPeoplesPage.the_page().published
    view = queries.young_peoples_view(today)
    assert len(view.priorities) == plan.priorities.count()
    assert {p.progress for p in view.priorities} >= {queries.OFF_TRACK, queries.SOME_PROBLEMS}
