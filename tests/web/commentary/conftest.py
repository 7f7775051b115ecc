from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.web.accounts.models import Role
from smeaton.web.commentary.periods import Kind, Period
from smeaton.web.commentary.services import Parts
from smeaton.web.performance.models import Indicator
from smeaton.web.plan.models import Plan, Priority

TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
QUARTER = Period(date(2025, 9, 30), Kind.QUARTER)  # the latest quarter ended by TODAY


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def analyst(make_user):
    return make_user(Role.ANALYST, username="kim", first_name="Kim", last_name="Patel")


@pytest.fixture
def lead(make_user):
    return make_user(Role.PRIORITY_LEAD, username="priya", first_name="Priya", last_name="Shah")


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADERSHIP, username="jo", first_name="Jo", last_name="Hughes")


@pytest.fixture
def priority(db, lead):
    plan = Plan.objects.create(title="Achieving Excellence", first_year=2024)
    return Priority.objects.create(plan=plan, number=3, title="Children in care", lead=lead)


@pytest.fixture
def indicator(db, priority):
    """An indicator its priority's lead owns: they sign its commentary off."""
    indicator, _ = Indicator.objects.get_or_create(
        slug="placement-moves",
        defaults={"title": "Children in care with 3 or more placements in the year"})
    indicator.priorities.add(priority)
    return indicator


def parts(n: int = 1, **changes) -> Parts:
    words = {"shows": f"The figure rose to 12% ({n}).", "why": "Two homes closed.",
             "action": "Recruiting foster carers."} | changes
    return Parts(**words)
