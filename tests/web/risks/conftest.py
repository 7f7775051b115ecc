from datetime import date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from smeaton.web.accounts.models import Role
from smeaton.web.plan.models import Milestone, Plan, Priority
from smeaton.web.risks import services
from smeaton.web.risks.models import Category

# One fixed day, in the plan's second year (2025/26), as the plan's tests use.
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def the_default_matrix(request):
    """The matrix and categories the data migration seeds, for the tests that use the
    database: a test that empties it (the access matrix's, flushing its world) would
    otherwise take them from the tests that run after it."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    default_matrix = import_module("smeaton.web.risks.migrations.0002_the_default_matrix")
    default_matrix.seed(apps, None)


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
def milestone(priority, make_user):
    return Milestone.objects.create(priority=priority, plan_year=2025, title="Open two homes",
                                    owner=priority.lead, due=date(2026, 1, 31))


@pytest.fixture
def category(db):
    return Category.objects.get_or_create(name="Sufficiency", defaults={"appetite": 12})[0]


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADERSHIP, username="jo", first_name="Jo", last_name="Hughes")


@pytest.fixture
def owner(make_user):
    return make_user(Role.CONTRIBUTOR, username="sam", first_name="Sam", last_name="Taylor")


SCORES = {"inherent_likelihood": 5, "inherent_impact": 4, "current_likelihood": 4,
          "current_impact": 4, "target_likelihood": 2, "target_impact": 4}


def score(details, kind):
    return details[f"{kind}_likelihood"] * details[f"{kind}_impact"]


def fit_scores(details, given):
    """A test that sets a current score above the usual inherent (or below the usual
    target) means a risk whose other scores fit: the highest inherent, the lowest target,
    unless it set those too (then a refusal is what it is testing)."""
    if score(details, "current") > score(details, "inherent") and not any(
            name.startswith("inherent") for name in given):
        details.update(inherent_likelihood=5, inherent_impact=5)
    if score(details, "target") > score(details, "current") and not any(
            name.startswith("target") for name in given):
        details.update(target_likelihood=1, target_impact=1)


@pytest.fixture
def make_risk(leader, owner, category, today):
    def make(**fields):
        details = {"title": "Not enough homes for children in care",
                   "cause": "Because fewer foster carers are approved than leave",
                   "event": "there is a risk that children are placed far from home",
                   "consequence": "which would harm their outcomes and cost more",
                   "category": category, "owner": owner,
                   "next_review": today + timedelta(days=30), **SCORES, **fields}
        fit_scores(details, given=fields)
        return services.raise_risk(leader, **details)

    return make


@pytest.fixture
def risk(make_risk):
    return make_risk()


@pytest.fixture
def risk_action(risk, leader, owner):
    return services.add_action(risk, leader, title="Recruit 20 more foster carers",
                               description="", owner=owner, due=date(2026, 1, 31))
