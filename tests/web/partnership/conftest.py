from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.web.accounts.models import Organisation, Role
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan, SharedPriority
from smeaton.web.plan.models import Plan, Priority

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
def priorities(plan, make_user):
    lead = make_user(Role.PRIORITY_LEAD, username="priya")
    return [Priority.objects.create(plan=plan, number=n, title=title, lead=lead)
            for n, title in ((1, "Early help"), (2, "The front door"), (3, "Children in care"))]


@pytest.fixture
def health(db):
    return Organisation.objects.create(name="NHS Devon ICB", kind=Organisation.Kind.HEALTH)


@pytest.fixture
def police(db):
    return Organisation.objects.create(name="Devon and Cornwall Police",
                                       kind=Organisation.Kind.POLICE)


@pytest.fixture
def nurse(make_user, health):
    return make_user(Role.PARTNER, username="nurse", first_name="Nia", last_name="Nurse",
                     organisation=health)


@pytest.fixture
def officer(make_user, police):
    return make_user(Role.PARTNER, username="officer", first_name="Olly", last_name="Officer",
                     organisation=police)


@pytest.fixture
def partnership_plan(plan):
    return PartnershipPlan.objects.create(plan=plan, title="Children's Partnership Plan",
                                          board="Children's Partnership Board")


@pytest.fixture
def shared_priority(partnership_plan, priorities):
    shared = SharedPriority.objects.create(partnership_plan=partnership_plan, number=1,
                                           title="Keeping children safe from exploitation")
    shared.priorities.set(priorities[1:])
    return shared


@pytest.fixture
def make_action(shared_priority, health):
    def make(**fields):
        fields = {"shared_priority": shared_priority, "organisation": health,
                  "title": "Screen for exploitation in the emergency department",
                  "due": date(2026, 1, 31), **fields}
        return PartnerAction.objects.create(**fields)

    return make


@pytest.fixture
def health_action(make_action, nurse):
    return make_action(owner=nurse)


@pytest.fixture
def police_action(make_action, police):
    return make_action(organisation=police, title="Run a weekly exploitation meeting")
