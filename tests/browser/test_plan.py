"""The plan in a real browser, on the demo council's data."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.plan.models import Milestone, MilestoneUpdate, Plan
from tests.browser.conftest import menu_link, sign_in_with_password


def this_years():
    """The demo's milestones of the year now running: work in hand, which can change
    (earlier years' are decided or closed)."""
    return Milestone.objects.filter(plan_year=Plan.objects.get().current_year())


def sign_in_as(page, username):
    sign_in_with_password(page, username, demo.PASSWORD)


def test_an_owner_posts_an_update_in_the_open_round(page, demo_council, accessible):
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


def test_a_lead_overrides_a_rag_with_a_reason(page, demo_council, accessible):
    milestone = this_years().filter(priority__lead__username="demo-lead").first()
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


def test_a_viewer_reads_but_cannot_edit(page, demo_council, accessible):
    milestone = this_years().first()
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


def test_the_programme_office_closes_a_round(page, demo_council, accessible):
    sign_in_as(page, "demo-leader")
    menu_link(page, "The plan").click()
    page.get_by_role("link", name="round", exact=False).first.click()
    expect(page.get_by_role("table", name="Milestones asked for an update")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Close the round").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Are you sure you want to close the")
    expect(page.locator(".govuk-warning-text")).to_contain_text("still waiting for an update")
    accessible(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("table", name="Milestones asked for an update")).to_be_visible()
    page.get_by_role("link", name="Close the round").click()
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_text("round is closed and its snapshot kept")).to_be_visible()
    expect(page.get_by_role("table", name="Snapshot at the close")).to_be_visible()
    expect(page.get_by_role("link", name="Close the round")).to_have_count(0)
    accessible(page)
    page.get_by_role("link", name="All update rounds").click()
    expect(page.get_by_role("heading", name="Open a round")).to_be_visible()
    accessible(page)
    # An update in the closed round can no longer be returned: said before any typing.
    update = MilestoneUpdate.objects.filter(round__state="closed", returned_at=None).first()
    page.goto(f"/plan/updates/{update.pk}/return/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This update cannot be returned")
    expect(page.get_by_role("textbox")).to_have_count(0)
    accessible(page)


def test_the_programme_office_hands_over_a_leavers_work(page, demo_council, accessible):
    sign_in_as(page, "demo-leader")
    menu_link(page, "The plan").click()
    page.get_by_role("link", name="Hand over a leaver's work").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who takes over")
    accessible(page)
    page.get_by_label("Person leaving").select_option(label="Chris Evans (Viewer)")  # owns nothing
    page.get_by_label("Hand their milestones and priorities to").select_option(
        label="Ellie Hocking (Contributor)")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("nothing to hand over")
    page.get_by_label("Person leaving").select_option(label="Sam Taylor (Contributor)")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check what will move from Sam Taylor to Ellie Hocking")
    owned = Milestone.objects.filter(owner__username="demo-owner").count()
    expect(page.get_by_role("heading", name=f"{owned} milestones Sam Taylor owns")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Hand over").click()
    expect(page.get_by_text("moved from Sam Taylor to Ellie Hocking")).to_be_visible()
    assert not Milestone.objects.filter(owner__username="demo-owner").exists()
    accessible(page)


def test_no_page_scrolls_sideways_on_a_phone(page, demo_council, accessible):
    sign_in_as(page, "demo-leader")
    page.set_viewport_size({"width": 375, "height": 800})
    milestone = Milestone.objects.filter(updates__isnull=False).first()
    for url in ["/plan/", f"/plan/priorities/{milestone.priority_id}/",
                f"/plan/milestones/{milestone.pk}/", "/plan/rounds/", "/people/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than the screen"
        accessible(page)


def test_a_lead_adds_an_intended_outcome(page, demo_council, accessible):
    priority = Milestone.objects.filter(priority__lead__username="demo-lead").first().priority
    sign_in_as(page, "demo-lead")
    page.goto(f"/plan/priorities/{priority.pk}/")
    page.get_by_role("link", name="Edit the priority").click()
    accessible(page)
    page.get_by_label("Intended outcome").nth(2).fill("Brothers and sisters live together")
    page.get_by_label("Why is the priority changing?").fill("Agreed at the Improvement Board.")
    takes_effect = min(date.today(), priority.plan.ends)  # noqa: DTZ011  the server's today
    when = page.get_by_role("group", name="When does the change take effect?")
    for box, value in (("Day", takes_effect.day), ("Month", takes_effect.month),
                       ("Year", takes_effect.year)):
        when.get_by_label(box).fill(str(value))
    page.get_by_role("button", name="Save the priority").click()
    expect(page.get_by_text("The priority has been saved.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(
        has_text=re.compile(r"^Brothers and sisters live together$"))).to_be_visible()
    accessible(page)


def test_the_programme_office_moves_a_rounds_deadline_but_not_into_the_past(page, demo_council,
                                                                            accessible):
    sign_in_as(page, "demo-leader")
    page.goto("/plan/rounds/")
    page.get_by_role("link", name="round", exact=False).first.click()
    page.get_by_role("link", name="Change the deadline").click()
    accessible(page)
    for box, value in (("Day", "1"), ("Month", "1"), ("Year", "2020")):
        page.get_by_label(box).fill(value)
    page.get_by_role("button", name="Save the deadline").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The deadline must be in the future")
    accessible(page)
    later = date.today() + timedelta(days=40)  # noqa: DTZ011  the live server's today
    for box, value in (("Day", later.day), ("Month", later.month), ("Year", later.year)):
        page.get_by_label(box).fill(str(value))
    page.get_by_role("button", name="Save the deadline").click()
    expect(page.get_by_text(f"now due by {later.day} {later:%B %Y}")).to_be_visible()
    expect(page.get_by_role("region", name="Audit trail")).to_contain_text("Deadline changed by")


LONG_WORD = "Re-tendering" * 40
LONG_LINK = "https://www.example.org/" + "a-very-long-path-segment/" * 20


@pytest.mark.parametrize("width", [1280, 375])
def test_long_words_and_links_wrap_rather_than_widen_the_page(page, demo_council, width):
    milestone = Milestone.objects.filter(owner__username="demo-owner",
                                         round_entries__round__state="open").first()
    sign_in_as(page, "demo-owner")
    page.goto(f"/plan/milestones/{milestone.pk}/update/")
    page.get_by_label("On track").check()
    page.get_by_label("What has happened since the last update?").fill(
        f"{LONG_WORD} and see {LONG_LINK}")
    page.get_by_label("Evidence: title").fill(LONG_WORD)
    page.get_by_label("Evidence: link").fill(LONG_LINK)
    page.get_by_role("button", name="Post the update").click()
    expect(page.get_by_text("Your update has been posted.")).to_be_visible()
    page.set_viewport_size({"width": width, "height": 900})
    page.context.clear_cookies()
    sign_in_as(page, "demo-leader")
    for url in [f"/plan/milestones/{milestone.pk}/", "/plan/", "/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than the screen at {width}px"
    round_page = "/plan/rounds/{}/".format(milestone.round_entries.get(round__state="open")
                                           .round_id)
    page.goto(round_page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_an_owners_list_on_a_phone_shows_every_rag_and_flags_a_returned_update(
        page, demo_council, accessible):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in_as(page, "demo-owner")
    page.goto("/plan/mine/")
    accessible(page)
    table = page.get_by_role("table", name="Need an update in this round")
    expect(table).to_contain_text("Update returned")
    for tag in table.locator(".govuk-tag").all():
        box = tag.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, tag.inner_text()


# The width inside 15 mm margins on A4, at 96 pixels an inch: portrait, and landscape
# for the scorecard's eleven columns (its table asks for a landscape page).
PORTRAIT, LANDSCAPE = 680, 1009
LANDSCAPE_BOX = b"/MediaBox [0 0 841.91998 594.95996]"


def test_pages_print_cleanly_on_a4(page, demo_council):
    milestone = this_years().filter(updates__isnull=False).first()
    sign_in_as(page, "demo-leader")
    page.emulate_media(media="print")
    for url, width in [("/plan/", PORTRAIT), ("/performance/", LANDSCAPE),
                       (f"/plan/priorities/{milestone.priority_id}/", PORTRAIT),
                       (f"/plan/milestones/{milestone.pk}/", PORTRAIT)]:
        page.set_viewport_size({"width": width, "height": 960})
        page.goto(url)
        expect(page.get_by_role("navigation", name="Menu")).to_be_hidden()
        expect(page.locator(".govuk-footer")).to_be_hidden()
        after = page.evaluate("getComputedStyle(document.querySelector('main a[href]'), "
                              "'::after').content")
        assert after in ("none", "normal"), f"{url} prints link addresses: {after}"
        for table in page.locator("main table").all():
            if table.is_visible():
                hidden = table.evaluate("t => t.scrollWidth - t.parentElement.clientWidth")
                assert hidden <= 1, f"{url}: a table loses {hidden}px of columns on paper"
        wider = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert not wider, f"{url} is wider than the paper: {wider}"
        pdf = page.pdf(prefer_css_page_size=True, tagged=True)
        assert pdf.startswith(b"%PDF")
        assert (LANDSCAPE_BOX in pdf) == (width == LANDSCAPE), url
