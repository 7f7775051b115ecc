"""The plan in a real browser, on the demo council's data."""

import pytest
from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.plan.models import Milestone
from tests.browser.conftest import menu_link


@pytest.fixture
def demo_plan(transactional_db):
    demo.load()


def sign_in_as(page, username):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_owner_posts_an_update_in_the_open_round(page, demo_plan, accessible):
    sign_in_as(page, "demo-owner")
    menu_link(page, "Your milestones").click()
    accessible(page)
    needs_update = page.get_by_role("table", name="Need an update in this round")
    first = needs_update.get_by_role("link").first
    title = first.inner_text()
    first.click()
    accessible(page)
    page.get_by_role("link", name="Post an update").click()

    page.get_by_role("button", name="Post the update").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what has happened since the last update")
    accessible(page)

    page.get_by_label("Off track").check()
    page.get_by_label("What has happened since the last update?").fill(
        "The provider has withdrawn; we are re-tendering.")
    page.get_by_role("button", name="Post the update").click()
    expect(page.get_by_text("Your update has been posted.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    rag = page.locator(".govuk-summary-list__row", has_text="RAG")
    expect(rag).to_contain_text("Red")
    expect(rag).to_contain_text("Reported off track.")
    latest = page.locator(".smeaton-timeline-entry").first
    expect(latest).to_contain_text("The provider has withdrawn; we are re-tendering.")
    expect(latest).to_contain_text("round")
    accessible(page)


def test_a_lead_overrides_a_rag_with_a_reason(page, demo_plan, accessible):
    milestone = Milestone.objects.filter(priority__lead__username="demo-lead").first()
    sign_in_as(page, "demo-lead")
    page.goto(f"/plan/milestones/{milestone.pk}/")
    page.get_by_role("link", name="Override the RAG").click()
    page.get_by_label("Amber", exact=True).check()
    page.get_by_role("button", name="Save the RAG").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for overriding the RAG")
    accessible(page)
    page.get_by_label("Reason").fill("The board has not yet agreed the funding.")
    page.get_by_role("button", name="Save the RAG").click()
    rag = page.locator(".govuk-summary-list__row", has_text="RAG")
    expect(rag).to_contain_text("Amber")
    expect(rag).to_contain_text("overridden")
    expect(rag).to_contain_text("The board has not yet agreed the funding.")
    expect(page.get_by_role("region", name="Audit trail")).to_contain_text("RAG overridden by")
    accessible(page)


def test_a_viewer_reads_but_cannot_edit(page, demo_plan, accessible):
    milestone = Milestone.objects.first()
    sign_in_as(page, "demo-viewer")
    menu_link(page, "The plan").click()
    expect(page.get_by_role("heading", name="Achieving Excellence")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="1. Early help and Family Hubs").click()
    expect(page.get_by_role("link", name="Add a milestone")).to_have_count(0)
    accessible(page)
    page.goto(f"/plan/milestones/{milestone.pk}/")
    for name in ["Post an update", "Override the RAG", "Edit the milestone"]:
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    response = page.goto(f"/plan/milestones/{milestone.pk}/update/")
    assert response.status == 403


def test_the_programme_office_closes_a_round(page, demo_plan, accessible):
    sign_in_as(page, "demo-leader")
    menu_link(page, "The plan").click()
    page.get_by_role("link", name="round", exact=False).first.click()
    expect(page.get_by_role("table", name="Milestones asked for an update")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_text("round is closed and its snapshot kept")).to_be_visible()
    expect(page.get_by_role("table", name="Snapshot at the close")).to_be_visible()
    expect(page.get_by_role("button", name="Close the round")).to_have_count(0)
    accessible(page)
    page.get_by_role("link", name="All update rounds").click()
    expect(page.get_by_role("heading", name="Open a round")).to_be_visible()
    accessible(page)


def test_the_programme_office_hands_over_a_leavers_work(page, demo_plan, accessible):
    sign_in_as(page, "demo-leader")
    menu_link(page, "The plan").click()
    page.get_by_role("link", name="Hand over a leaver's work").click()
    page.get_by_role("button", name="Hand over").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who takes over")
    accessible(page)
    page.get_by_label("Person leaving").select_option(label="Sam Taylor")
    successor = page.get_by_label("Hand their milestones and priorities to")
    successor.select_option(label="Ellie Hocking")
    page.get_by_role("button", name="Hand over").click()
    expect(page.get_by_text("moved from Sam Taylor to Ellie Hocking")).to_be_visible()
    accessible(page)


def test_no_page_scrolls_sideways_on_a_phone(page, demo_plan, accessible):
    sign_in_as(page, "demo-leader")
    page.set_viewport_size({"width": 375, "height": 800})
    milestone = Milestone.objects.filter(updates__isnull=False).first()
    for url in ["/plan/", f"/plan/priorities/{milestone.priority_id}/",
                f"/plan/milestones/{milestone.pk}/", "/plan/rounds/", "/people/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than the screen"
        accessible(page)


def test_a_lead_adds_an_intended_outcome(page, demo_plan, accessible):
    priority = Milestone.objects.filter(priority__lead__username="demo-lead").first().priority
    sign_in_as(page, "demo-lead")
    page.goto(f"/plan/priorities/{priority.pk}/")
    page.get_by_role("link", name="Edit the priority").click()
    accessible(page)
    page.get_by_label("Intended outcome").nth(2).fill("Brothers and sisters live together")
    page.get_by_role("button", name="Save the priority").click()
    expect(page.get_by_text("The priority has been saved.")).to_be_visible()
    expect(page.get_by_role("list").filter(has_text="Brothers and sisters")).to_be_visible()
    accessible(page)
