from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.web.accounts.models import Role
from smeaton.web.plan import services
from smeaton.web.plan.models import Milestone, Plan, Priority
from smeaton.web.plan.rag import Progress

# One fixed day, in the plan's second year (2025/26), as the plan's tests use.
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def plan(db, make_user):
    """A plan in its second year: two priorities; milestones complete (in the quarter),
    off track, on track, and not started."""
    plan = Plan.objects.create(title="Achieving Excellence", first_year=2024)
    lead = make_user(Role.PRIORITY_LEAD, username="priya", first_name="Priya",
                     last_name="Shah")
    owner = make_user(Role.CONTRIBUTOR, username="sam", first_name="Sam", last_name="Taylor")
    early = Priority.objects.create(plan=plan, number=1, title="Early help", lead=lead)
    care = Priority.objects.create(plan=plan, number=3, title="Children in care", lead=lead)
    for priority, title, due, progress, posted in [
        (early, "Open two Family Hubs", date(2025, 9, 1), Progress.COMPLETE,
         datetime(2025, 9, 10, 12, tzinfo=LONDON)),
        (care, "Open two children's homes", date(2026, 1, 31), Progress.OFF_TRACK,
         datetime(2025, 9, 20, 12, tzinfo=LONDON)),
        (care, "Recruit twenty foster carers", date(2026, 3, 31), Progress.ON_TRACK,
         datetime(2025, 11, 1, 12, tzinfo=LONDON)),
        (care, "Review every placement out of the city", date(2026, 3, 1), None, None),
    ]:
        milestone = Milestone.objects.create(priority=priority, plan_year=2025, title=title,
                                             owner=owner, due=due)
        if progress:
            services.post_update(milestone, owner, progress=progress,
                                 commentary=f"{title}: {progress.label}.", posted_at=posted)
    return plan


@pytest.fixture
def board(db):
    from smeaton.web.boards.models import Board

    return Board.objects.create(name="Improvement Board", purpose="Holds the plan to account.")


@pytest.fixture
def quarterly(board):
    from smeaton.web.reports.models import ReportType

    return ReportType.objects.create(
        name="Improvement Board quarterly report", board=board, covers=3,
        sections=["cover", "summary", "progress", "scorecard", "exceptions"],
        purpose="To report the plan's progress in the quarter.")


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADERSHIP, username="jo", first_name="Jo", last_name="Hughes")
