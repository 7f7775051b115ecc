
from smeaton.web import demo
from smeaton.web.plan import demo as plan_demo
from smeaton.web.rag import Rag
from smeaton.web.risks import demo as risks_demo
from smeaton.web.risks import queries
from smeaton.web.risks.models import Escalation, Issue, Level, Risk, RiskAction


def test_the_demo_has_a_register_across_levels_and_bands_in_every_state(db, today):
    demo.load_people()
    plan = plan_demo.load(today)
    risks_demo.load(plan, today)
    risks_demo.load(plan, today)  # the second time, nothing is duplicated
    assert Risk.objects.count() == len(risks_demo.RISKS) == 25
    assert not Risk.objects.filter(illustrative=False).exists()
    every = queries.register(queries.Filters(status="all"))
    assert {r.level for r in every} == set(Level)
    assert {r.current.band_name for r in every} == {"Low", "Medium", "High"}
    assert {r.direction for r in every} >= {queries.INCREASING, queries.DECREASING,
                                            queries.STABLE}
    assert Risk.objects.filter(status=Risk.Status.CLOSED).count() == 3
    assert Escalation.objects.count() == 3
    assert Issue.objects.filter(risk__isnull=False).count() == 3
    assert Issue.objects.filter(risk__isnull=True).count() == 3
    assert Issue.objects.filter(status=Issue.Status.RESOLVED).count() == 1
    assert not Issue.objects.filter(illustrative=False).exists()
    assert any(r.overdue for r in every)
    rags = {a.rag for a in queries.rate(RiskAction.objects.all())}
    assert rags == set(Rag)
    mine = queries.my_work(risks_demo.get_user_model().objects.get(username="demo-owner"))
    assert mine.risks and mine.actions and mine.actions[0].overdue
    # A closed risk's actions (R023's "Submit the registration application") are not on
    # their owner's list.
    assert all(a.treats.is_open for a in mine.actions)
    assert RiskAction.objects.filter(risk__status="closed", owner__username="demo-owner")\
        .exclude(progress="complete").exists()
