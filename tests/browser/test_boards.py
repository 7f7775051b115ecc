"""Boards in a real browser, on the demo council's data: the programme office records a
meeting after it was held, and the action it raised shows, overdue, on its owner's list
and on the board's page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.boards.models import BoardAction, Meeting
from tests.browser.conftest import menu_link, sign_in_with_password

BOARD = "Improvement Board"
ACTION = "Check every child placed out of area has a visit this month"


def fill_date(page, group: str, day) -> None:
    dates = page.get_by_role("group", name=group)
    for box, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        dates.get_by_label(box, exact=True).fill(str(value))


def errors(page):
    return page.locator(".govuk-error-summary")


def test_the_office_holds_a_meeting_and_the_owner_sees_its_overdue_action(
        page, demo_council, accessible):
    today = timezone.localdate()
    last_week = today - timedelta(days=7)
    sign_in_with_password(page, "demo-leader", demo.PASSWORD)
    menu_link(page, "Boards").click()
    expect(page.get_by_role("heading", name="Boards", exact=True)).to_be_visible()
    accessible(page)
    page.get_by_role("link", name=BOARD, exact=True).click()
    expect(page.get_by_text("This board is illustrative")).to_be_visible()
    accessible(page)

    # A meeting with no date is refused in GOV.UK's words.
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Save the meeting").click()
    expect(errors(page)).to_contain_text("Enter the date of the meeting")
    accessible(page)
    fill_date(page, "Date", last_week)
    page.get_by_label("End time (optional)").fill("12:00")
    page.get_by_label("Location").fill("Council House, Committee Room 1")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("The meeting has been arranged")).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Children placed out of area")
    page.get_by_label("Presenter (optional)").fill("Head of Service, Children in Care")
    page.get_by_role("button", name="Save the item").click()
    meeting = Meeting.objects.filter(board__name=BOARD).order_by("-pk").first()

    # Minutes wait for the meeting to be held.
    page.goto(f"/boards/meetings/{meeting.pk}/minutes/")
    page.get_by_label("Minutes of the meeting as a whole (optional)").fill("Too soon.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(errors(page)).to_contain_text(
        "Minutes can be recorded only once the meeting has been held")
    accessible(page)
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Mark as held").click()
    accessible(page)
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("The meeting has been marked as held")).to_be_visible()

    page.get_by_role("link", name="Record attendance").click()
    for member, status in (("Jo Hughes", "Present"), ("Priya Shah", "Present"),
                           ("Alex Morgan", "Sent apologies")):
        page.get_by_role("group", name=member).get_by_label(status).check()
    page.get_by_label("Others present (optional)").fill("Two young inspectors")
    accessible(page)
    # No one is recorded absent by default: each member left unanswered is asked for.
    page.get_by_role("button", name="Save attendance").click()
    expect(errors(page)).to_contain_text("was present, sent apologies or was absent")
    accessible(page)
    for group in page.locator("fieldset").all():
        if group.locator("input[type=radio]:checked").count() == 0:
            group.get_by_label("Absent").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance has been recorded")).to_be_visible()

    page.get_by_role("link", name="Write the minutes").click()
    page.get_by_label("Item 1. Children placed out of area").fill(
        "The board heard that 41 children live more than 20 miles from home.")
    page.get_by_role("button", name="Save the minutes").click()

    page.get_by_role("link", name="Record a decision").click()
    page.get_by_role("button", name="Save the decision").click()
    expect(errors(page)).to_contain_text("Enter what the board decided")
    page.get_by_label("What did the board decide?").fill(
        "Agreed to open two homes within the county.")
    page.get_by_role("button", name="Save the decision").click()

    # An action due before the meeting that raised it is refused.
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What is to be done?").fill(ACTION)
    page.get_by_label("Owner").select_option(label="Sam Taylor (Service Manager, Fostering)")
    fill_date(page, "Due date", last_week - timedelta(days=1))
    page.get_by_role("button", name="Save the action").click()
    expect(errors(page)).to_contain_text(
        "The due date must be on or after the meeting that raised it")
    accessible(page)
    fill_date(page, "Due date", today - timedelta(days=1))
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("has been added")).to_be_visible()

    for text in ("Two young inspectors", "41 children live more than 20 miles",
                 "Decision 1", "Agreed to open two homes", ACTION, "Sent apologies"):
        expect(page.get_by_text(text).first).to_be_visible()
    accessible(page)
    action = BoardAction.objects.get(description=ACTION)
    assert action.meeting == meeting and action.owner.username == "demo-owner"

    # The owner sees it, overdue, on their own list; and it is on the board's page.
    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, "demo-owner", demo.PASSWORD)
    expect(page.get_by_role("heading", name="Your board actions")).to_be_visible()
    menu_link(page, "Boards").click()
    mine = page.get_by_role("table", name="Board actions you own, not yet complete")
    row = mine.get_by_role("row").filter(has_text=ACTION)
    expect(row).to_contain_text("Overdue")
    expect(row).to_contain_text("Amber")  # RAG in words: late by under three months
    accessible(page)
    page.get_by_role("link", name=BOARD, exact=True).click()
    page.get_by_label("Overdue").check()
    page.get_by_role("button", name="Filter the actions").click()
    log = page.get_by_role("table", name="Action log: overdue actions")
    expect(log.get_by_role("row").filter(has_text=ACTION)).to_contain_text("Overdue")
    accessible(page)
    log.get_by_role("link", name=f"{action.number}. {ACTION}").click()
    page.get_by_role("link", name="Post an update").click()
    page.get_by_label("At risk").check()
    page.get_by_label("What has happened since the last update?").fill(
        "Visits booked for all but three children.")
    page.get_by_role("button", name="Post the update").click()
    expect(page.get_by_text("Your update has been posted")).to_be_visible()
    accessible(page)


def test_a_councillor_reads_their_panels_tracking_decisions_and_not_cabinets(
        page, demo_council, accessible):
    sign_in_with_password(page, "demo-councillor", demo.PASSWORD)
    menu_link(page, "Boards").click()
    expect(page.get_by_role("link", name="Children and Young People Scrutiny Panel")
           ).to_be_visible()
    expect(page.get_by_role("link", name="Cabinet", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Children and Young People Scrutiny Panel").click()
    expect(page.get_by_role("heading", name="Tracking decisions")).to_be_visible()
    expect(page.get_by_role("link", name="Arrange a meeting")).to_have_count(0)
    accessible(page)
    page.locator("a[href*='/boards/meetings/']").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to your calendar").click()
    assert download.value.suggested_filename.endswith(".ics")
    accessible(page)


def test_a_boards_page_at_375_pixels(page, demo_council, accessible):
    sign_in_with_password(page, "demo-councillor", demo.PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/boards/")
    page.get_by_role("link", name="Children and Young People Scrutiny Panel").click()
    page.get_by_label("All").check()
    page.get_by_role("button", name="Filter the actions").click()
    expect(page.get_by_role("table", name="Tracking decisions: every action")).to_be_visible()
    accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
