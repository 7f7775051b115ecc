from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.web.accounts.models import Organisation, Role
from smeaton.web.boards import services
from smeaton.web.boards.models import Board
from smeaton.web.plan.models import Plan, Priority

LONDON = ZoneInfo("Europe/London")
# One fixed day, in the plan's second year (2025/26), as the plan's tests use.
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def office(make_user):
    return make_user(Role.LEADERSHIP, username="office")


@pytest.fixture
def owner(make_user):
    return make_user(Role.CONTRIBUTOR, username="owner", first_name="Sam", last_name="Taylor")


@pytest.fixture
def councillor(make_user):
    return make_user(Role.COUNCILLOR, username="cllr", first_name="Lesley",
                     last_name="Penrose")


@pytest.fixture
def partner(make_user):
    health = Organisation.objects.create(name="NHS Devon ICB", kind=Organisation.Kind.HEALTH)
    return make_user(Role.PARTNER, username="nurse", organisation=health)


@pytest.fixture
def board(office, councillor):
    return services.add_board(office, name="Improvement Board", purpose="Oversees the plan.",
                              chair=office, members=[councillor],
                              cadence=Board.Cadence.SIX_WEEKLY, action_log_name="Action log")


@pytest.fixture
def other_board(office):
    return services.add_board(office, name="Corporate Parenting Board", purpose="",
                              chair=None, cadence=Board.Cadence.QUARTERLY,
                              action_log_name="Action log")


def at(day: date, hour: int = 14, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def held(board, office):
    """A meeting a week ago, marked held."""
    meeting = services.add_meeting(board, office, starts_at=at(date(2025, 11, 13)),
                                   ends_at=at(date(2025, 11, 13), 16), location="Room 1")
    return services.mark_held(meeting, office)


@pytest.fixture
def scheduled(board, office):
    """A meeting next month, not yet held."""
    return services.add_meeting(board, office, starts_at=at(date(2025, 12, 18)),
                                ends_at=None, location="Council House")


@pytest.fixture
def make_action(held, office, owner):
    def make(**details):
        details = {"description": "Report on placement sufficiency", "owner": owner,
                   "due": date(2026, 1, 31), "agenda_item": None, **details}
        return services.add_action(held, office, **details)

    return make


@pytest.fixture
def action(make_action):
    return make_action()


@pytest.fixture
def priority(db, make_user):
    plan = Plan.objects.create(title="Achieving Excellence", first_year=2024)
    return Priority.objects.create(plan=plan, number=3, title="Children in care",
                                   lead=make_user(Role.PRIORITY_LEAD))

