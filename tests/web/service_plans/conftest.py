from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.web.accounts.models import Role, ServiceArea
from smeaton.web.plan.models import Plan, Priority
from smeaton.web.service_plans.models import ServiceAction, ServicePlan

# One fixed day, in the plan's second year (2025/26), as the plan's tests use.
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def plan(db):
    return Plan.objects.create(title="Achieving Excellence", first_year=2024)


@pytest.fixture
def priority_lead(make_user):
    return make_user(Role.PRIORITY_LEAD, username="priya")


@pytest.fixture
def priorities(plan, priority_lead):
    return [Priority.objects.create(plan=plan, number=n, title=title, lead=priority_lead)
            for n, title in ((1, "Early help"), (2, "The front door"), (3, "Children in care"))]


@pytest.fixture
def service_lead(make_user):
    return make_user(Role.CONTRIBUTOR, username="sally", first_name="Sally", last_name="Lead")


@pytest.fixture
def owner(make_user):
    return make_user(Role.CONTRIBUTOR, username="sam", first_name="Sam", last_name="Owner")


@pytest.fixture
def fostering(db):
    return ServiceArea.objects.create(name="Fostering")


@pytest.fixture
def service_plan(plan, fostering, service_lead):
    return ServicePlan.objects.create(plan=plan, service_area=fostering, plan_year=2025,
                                      lead=service_lead)


@pytest.fixture
def make_action(service_plan, owner, priorities):
    def make(serves=(0,), **fields):
        fields = {"service_plan": service_plan, "title": "Recruit foster carers",
                  "owner": owner, "due": date(2026, 1, 31), **fields}
        action = ServiceAction.objects.create(**fields)
        action.priorities.set([priorities[i] for i in serves])
        return action

    return make


@pytest.fixture
def action(make_action):
    return make_action()
