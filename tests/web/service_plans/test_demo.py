from datetime import date

from smeaton.web import demo
from smeaton.web.plan import demo as plan_demo
from smeaton.web.rag import Rag
from smeaton.web.service_plans import demo as service_plans_demo
from smeaton.web.service_plans import queries
from smeaton.web.service_plans.models import ServiceAction, ServicePlan


def test_the_demo_has_four_service_plans_with_every_rag(db, today):
    for _ in range(2):  # the second time, nothing is duplicated
        demo.load_people()
        service_plans_demo.load(plan_demo.load(today), today)
    plans = ServicePlan.objects.select_related("plan")
    assert plans.count() == 4
    assert all(p.plan.illustrative for p in plans)
    actions = queries.rate(ServiceAction.objects.all())
    assert {a.rag for a in actions} == set(Rag)
    assert all(a.priorities.exists() for a in actions)
    assert ServicePlan.objects.filter(lead__username="demo-lead").exists()
    assert date(2025, 4, 1) <= min(a.due for a in actions)
