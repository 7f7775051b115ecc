"""The home page shows each person what matters now to their work."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from smeaton.web import demo
from smeaton.web.accounts.models import User
from smeaton.web.plan import queries
from smeaton.web.plan.models import Milestone, Plan
from tests.conftest import signed_in

TODAY = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module in a transaction rolled back at its end
    (loading takes half a minute); each test runs inside it and is rolled back too."""
    with (django_db_blocker.unblock(), time_machine.travel(TODAY, tick=True),
          transaction.atomic()):
        demo.load(TODAY.date())
        yield {user.username: user for user in User.objects.filter(username__startswith="demo-")}
        transaction.set_rollback(True)


@pytest.fixture
def demo_council(db, loaded_once):
    return loaded_once


def panels(client, user) -> list[str]:
    signed_in(client, user)
    page = client.get("/").content.decode()
    return re.findall(r'<h2 class="govuk-heading-m" id="panel-[a-z]+">([^<]+)</h2>', page)


def test_a_director_starts_with_the_plan_then_what_needs_attention(client, demo_council):
    assert panels(client, demo_council["demo-leader"]) == [
        "Your board actions", "The plan in 2026/27", "Needs attention",
        "Risks needing attention", "Update round",
        "The 2025/26 year-end review", "Indicators to watch"]
    page = client.get("/").content.decode()
    assert 'aria-label="Milestones for 2026/27 by RAG"' in page
    assert re.search(r"\d+ of \d+ milestones have an update", page)
    assert "Close the round" in page  # the Director runs rounds
    assert "Red" in page and "Amber" in page  # RAG in words, never colour alone


def test_an_owner_starts_with_the_milestones_they_must_update(client, demo_council):
    owner = demo_council["demo-owner"]
    assert panels(client, owner) == ["Your milestones", "Your risks due for review",
                                     "Your board actions", "Update round",
                                     "The plan in 2026/27"]
    page = client.get("/").content.decode()
    assert "asks you for" in page
    panel = page.split('id="panel-mine"')[1].split("</section>")[0]
    asked = Milestone.objects.filter(
        owner=owner, round_entries__round__state="open").exclude(
        round_entries__update__isnull=False, round_entries__update__returned_at=None)
    assert asked.exists()
    for milestone in asked:  # everything the round asks of them is in view
        assert milestone.title.replace("'", "&#x27;") in panel
    assert "Update returned" in page  # the demo returns one of the owner's updates
    assert "Close the round" not in page


def test_an_owner_of_board_actions_sees_them_the_overdue_first(client, demo_council):
    assert "Your board actions" in panels(client, demo_council["demo-owner"])
    page = client.get("/").content.decode()
    panel = page.split('id="panel-boards"')[1].split("</section>")[0]
    assert "3 overdue" in panel  # the demo gives the owner three, one on each board
    first = panel.split("<li>")[1]
    assert "Overdue" in first
    assert "Your board actions" not in panels(client, demo_council["demo-viewer"])


def test_a_priority_lead_starts_with_their_priorities(client, demo_council):
    shown = panels(client, demo_council["demo-lead"])
    assert shown[:2] == ["The priorities you lead", "Your milestones"]
    page = client.get("/").content.decode()
    assert "3. Children in care and placement sufficiency" in page


def test_the_review_in_progress_asks_the_office_and_the_leads_with_milestones_to_decide(
        client, demo_council):
    plan = Plan.objects.get()
    undecided = queries.undecided(plan, 2025)
    leads = {m.priority.lead for m in undecided}
    for lead in leads:
        assert "The 2025/26 year-end review" in panels(client, lead)
        mine = undecided.filter(priority__lead=lead).count()
        assert f"{mine} milestone{'s' if mine != 1 else ''} of your priorities" in client.get(
            "/").content.decode()
    others = User.objects.filter(role="priority_lead").exclude(pk__in=[u.pk for u in leads])
    for lead in others:
        assert "The 2025/26 year-end review" not in panels(client, lead)
    assert "The 2025/26 year-end review" not in panels(client, demo_council["demo-viewer"])


def test_an_analyst_starts_with_the_latest_loads(client, demo_council):
    assert panels(client, demo_council["demo-analyst"])[0] == "Latest data loaded"
    page = client.get("/").content.decode()
    assert "Rows used" in page and ".csv" in page


def test_a_councillor_sees_the_plan_and_the_indicators_but_not_the_loads(client,
                                                                         demo_council):
    shown = panels(client, demo_council["demo-viewer"])
    assert shown == ["The plan in 2026/27", "Indicators to watch", "Needs attention"]


def test_indicators_to_watch_are_red_or_worsening(client, demo_council):
    client.force_login(demo_council["demo-leader"])
    page = client.get("/").content.decode()
    watched = page.split('id="panel-indicators"')[1].split("</section>")[0]
    items = re.findall(r"<li>(.*?)</li>", watched, re.S)
    assert items
    assert all("Red" in item or "Worsening" in item for item in items)


def test_the_dashboard_counts_match_the_plan_page(client, demo_council):
    client.force_login(demo_council["demo-viewer"])
    home = client.get("/").context["panels"]
    plan_panel = next(values for template, values in home if template == "dashboard/plan.html")
    overview = client.get("/plan/").context["summary"]
    assert plan_panel["summary"].counts() == overview.counts()
    # This year's milestones, and earlier years' neither complete nor decided at a year end.
    assert sum(overview.counts()) == Milestone.objects.filter(
        plan_year__lte=2026, decision="").exclude(plan_year__lt=2026,
                                                  progress="complete").count()
