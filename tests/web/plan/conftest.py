from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.web.accounts.models import Role
from smeaton.web.plan.models import Milestone, Outcome, Plan, Priority

# The plan's rules depend on today (a deadline must be in the future, a forecast cannot
# be past): these tests happen on one fixed day, in the plan's second year.
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def plan(db):
    return Plan.objects.create(title="Achieving Excellence", first_year=2024)


@pytest.fixture
def lead(make_user):
    return make_user(Role.PRIORITY_LEAD, username="priya", first_name="Priya", last_name="Shah")


@pytest.fixture
def owner(make_user):
    return make_user(Role.CONTRIBUTOR, username="sam", first_name="Sam", last_name="Taylor")


@pytest.fixture
def priority(plan, lead):
    return Priority.objects.create(plan=plan, number=3, title="Children in care", lead=lead)


@pytest.fixture
def outcome(priority):
    return Outcome.objects.create(priority=priority, title="More children live within the city")


@pytest.fixture
def make_milestone(priority, owner):
    def make(**fields):
        fields = {"priority": priority, "plan_year": 2025, "title": "Open two children's homes",
                  "owner": owner, "due": date(2025, 12, 31), **fields}
        return Milestone.objects.create(**fields)

    return make


@pytest.fixture
def milestone(make_milestone):
    return make_milestone()
