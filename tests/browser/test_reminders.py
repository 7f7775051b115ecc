"""Email reminders in a real browser: a person chooses them, and a round opening sends
its emails, through the real task worker, to an SMTP server on this machine."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.plan import services
from smeaton.web.plan.models import UpdateRound
from smeaton.web.reminders import services as reminders
from smeaton.web.reminders.models import Email
from tests.browser.test_plan import sign_in_as
from tests.web.reminders.conftest import smtp_server  # noqa: F401
from tests.web.returns.conftest import run_worker_once


def test_a_person_chooses_their_email_reminders(page, demo_council, accessible):
    sign_in_as(page, "demo-lead")  # who chose two of the five in the demo
    page.goto("/account/")
    page.get_by_role("link", name="Choose which reminders you get by email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email reminders")
    accessible(page)
    weekly = page.get_by_label("A weekly summary", exact=False)
    expect(weekly).not_to_be_checked()
    expect(page.get_by_label("An update round opens", exact=False)).to_be_checked()
    weekly.check()
    page.get_by_label("An update round opens", exact=False).uncheck()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.get_by_text("Your email reminders have been saved.")).to_be_visible()
    accessible(page)
    chosen = reminders.preferences_of(demo.User.objects.get(username="demo-lead")).chosen
    assert chosen == ["update_returned", "weekly_digest"]


def test_opening_a_round_emails_its_owners(page, demo_council, smtp_server, accessible):  # noqa: F811
    leader = demo.User.objects.get(username="demo-leader")
    open_round = UpdateRound.objects.get(state=UpdateRound.State.OPEN)
    services.close_round(open_round, leader)
    sign_in_as(page, "demo-leader")
    page.goto("/plan/rounds/")
    expect(page.get_by_role("heading", name="Open a round")).to_be_visible()
    accessible(page)
    # The quarter after the demo's open round, which has not ended and had no round.
    year, quarter = ((open_round.plan_year, open_round.quarter + 1) if open_round.quarter < 4
                     else (open_round.plan_year + 1, 1))
    page.get_by_label("Plan year").select_option(str(year))
    page.get_by_label(f"Quarter {quarter}", exact=False).check()
    deadline = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Day", exact=True).fill(str(deadline.day))
    page.get_by_label("Month", exact=True).fill(str(deadline.month))
    page.get_by_label("Year", exact=True).fill(str(deadline.year))
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("update round is open")).to_be_visible()
    accessible(page)

    run_worker_once()

    queued = Email.objects.filter(kind="round_opened")
    assert queued.exists()
    assert {m["To"] for m in smtp_server.messages} == set(queued.values_list("to", flat=True))
    assert set(queued.values_list("status", flat=True)) == {Email.Status.SENT}
