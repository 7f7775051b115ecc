"""The year-end review in a real browser: a leader decides every unfinished milestone
(carried over, closed, superseded), closes the year, reads its summary and agrees the
next year's milestones."""

from datetime import date

import pytest
from playwright.sync_api import expect

from smeaton.web.accounts.models import Role
from smeaton.web.plan.models import Milestone, Plan, Priority
from smeaton.web.plan.rag import Progress
from smeaton.years import last_day, year_label, year_of
from tests.browser.conftest import sign_in_with_password

# The year just ended, whenever the tests run, and the one now running.
ENDED = year_of(date.today()) - 1  # noqa: DTZ011  the server's today
NEXT = ENDED + 1


@pytest.fixture
def ended_year(person):
    leader = person(Role.LEADERSHIP, "jo", "Jo", "Hughes")
    lead = person(Role.PRIORITY_LEAD, "priya", "Priya", "Shah")
    plan = Plan.objects.create(title="Achieving Excellence", first_year=ENDED)
    priority = Priority.objects.create(plan=plan, number=3, title="Children in care", lead=lead)
    for title, progress in [("Open two children's homes", Progress.AT_RISK),
                            ("Commission a regional framework", Progress.OFF_TRACK),
                            ("Refresh the sufficiency strategy", Progress.NOT_STARTED),
                            ("Launch the fostering campaign", Progress.COMPLETE)]:
        Milestone.objects.create(priority=priority, plan_year=ENDED, title=title, owner=lead,
                                 due=last_day(ENDED), progress=progress)
    return leader


def decide(page, title, decision, reason="", successors=None, due=None):
    page.get_by_role("link", name=f"Decide “{title}”").click()
    page.get_by_label(decision).check()
    if reason:
        page.get_by_label("Reason").fill(reason)
    if successors is not None:
        page.get_by_label("The next year's milestones").fill(successors)
    if due:
        group = page.get_by_role("group", name="Due date of the next year's milestones")
        for box, value in (("Day", due.day), ("Month", due.month), ("Year", due.year)):
            group.get_by_label(box).fill(str(value))
    page.get_by_role("button", name="Save the decision").click()


def test_a_leader_closes_a_year_with_every_milestone_decided(page, ended_year, accessible):
    sign_in_with_password(page, "jo")
    page.goto("/plan/")
    page.get_by_role("link", name="Year-end reviews").click()
    accessible(page)
    page.get_by_role("button", name=f"Start the {year_label(ENDED)} review").click()
    expect(page.get_by_text("3 milestones still need a decision")).to_be_visible()
    accessible(page)

    # Closing too soon is refused, and says why.
    page.get_by_role("link", name="Close the year").click()
    page.get_by_role("button", name="Close the year").click()
    expect(page.locator(".govuk-notification-banner, .govuk-error-summary")).to_contain_text(
        "3 milestones still need a decision")

    # A decision without its reason is refused with a GOV.UK error.
    decide(page, "Commission a regional framework", "Closed, not achieved")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for the decision")
    accessible(page)
    page.get_by_label("Reason").fill("The need is met through the regional framework.")
    page.get_by_role("button", name="Save the decision").click()

    decide(page, "Open two children's homes", "Carried over",
           successors="Open two children's homes", due=last_day(NEXT))
    decide(page, "Refresh the sufficiency strategy", "Superseded",
           reason="Split in two, each with one owner.",
           successors="Consult on the sufficiency strategy\nPublish the sufficiency strategy",
           due=last_day(NEXT))
    expect(page.get_by_text("Every milestone not complete has been decided")).to_be_visible()
    decided = page.get_by_role("table", name=f"Decisions on {year_label(ENDED)} milestones")
    for word in ("Carried over", "Closed, not achieved", "Superseded"):
        expect(decided).to_contain_text(word)
    expect(decided).to_contain_text("Publish the sufficiency strategy")

    page.get_by_role("link", name="Close the year").click()
    accessible(page)
    page.get_by_role("button", name="Close the year").click()
    expect(page.get_by_text(f"{year_label(ENDED)} is closed and its summary kept.")).to_be_visible()
    summary = page.get_by_role(
        "table", name=f"{year_label(ENDED)} milestones by RAG at the year's close, and decisions")
    # Red (the three unfinished, months past due), Amber, Green, Not started, Complete;
    # then carried over, closed, superseded.
    expect(summary.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["3", "0", "0", "0", "1", "1", "1", "1"])
    expect(page.get_by_role("term").get_by_text("Achieved", exact=True)).to_be_visible()
    expect(page.get_by_text("Launch the fostering campaign")).to_be_visible()
    expect(page.get_by_text(f"The {year_label(NEXT)} milestones are drafts")).to_be_visible()
    accessible(page)

    page.get_by_role("link", name=f"Agree the {year_label(NEXT)} milestones").click()
    expect(page.get_by_text("3 milestones are planned for")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Agree the milestones").click()
    expect(page.get_by_text(f"The {year_label(NEXT)} milestones are agreed.")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    accessible(page)

    # The next year has the carried-over milestone, linked to the original.
    page.goto(f"/plan/priorities/{Priority.objects.get().pk}/")
    next_year = page.get_by_role("table", name=f"Milestones for {year_label(NEXT)}")
    expect(next_year.get_by_role("row")).to_have_count(4)  # a header and three
    next_year.get_by_role("link", name="Open two children's homes").click()
    expect(page.get_by_role("term").get_by_text("Carried over from")).to_be_visible()
