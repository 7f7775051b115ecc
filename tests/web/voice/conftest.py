from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.web.accounts.models import Role
from smeaton.web.plan.models import Milestone, Plan, Priority

# One fixed day, in the plan's second year (2025/26), as the plan's tests use.
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))

HEADER = ("question,measure,period,group,number_responding,percentage,comparison,"
          "comparison_name\r\n")


def csv_of(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\r\n" for row in rows)).encode()


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def plan(db):
    return Plan.objects.create(title="Achieving Excellence", first_year=2024)


@pytest.fixture
def priority(plan, make_user):
    return Priority.objects.create(plan=plan, number=3, title="Children in care",
                                   lead=make_user(Role.PRIORITY_LEAD, username="priya"))


@pytest.fixture
def milestone(priority):
    return Milestone.objects.create(priority=priority, plan_year=2025, title="Open two homes",
                                    owner=priority.lead, due=date(2026, 1, 31))


@pytest.fixture
def participation(make_user):
    return make_user(Role.PARTICIPATION_LEAD, username="tamsin", first_name="Tamsin",
                     last_name="Rowe")
