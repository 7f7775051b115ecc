"""Findings on a case-file audit in a real browser: an auditor flags a safeguarding
concern, and it reaches its named contact, on their home page and by email (through the
real task worker, to an SMTP server on this machine); a moderator changes a grade, and
the quality assurance dashboard's figures change with it."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from smeaton.web.audits import queries
from smeaton.web.audits.models import Audit, ChildAction, SafeguardingConcern
from smeaton.web.reminders.models import Email
from tests.browser.test_plan import sign_in_as
from tests.web.reminders.conftest import smtp_server  # noqa: F401
from tests.web.returns.conftest import run_worker_once


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_an_auditors_safeguarding_concern_reaches_its_named_contact(
        page, demo_council, smtp_server, accessible):  # noqa: F811
    audit = Audit.objects.filter(auditor__username="demo-owner", illustrative=True).first()
    sign_in_as(page, "demo-owner")
    page.goto(f"/quality-assurance/{audit.pk}/")
    expect(page.get_by_role("heading", name="Safeguarding concerns")).to_be_visible()
    expect(page.get_by_text("Illustrative").first).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Raise a safeguarding concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding concern")
    expect(page.locator("#contacts")).to_contain_text("Jo Hughes")
    accessible(page)
    page.get_by_role("button", name="Raise the concern").click()  # empty: refused
    expect(page.get_by_role("alert")).to_contain_text("Enter the concern for the child's safety")
    accessible(page)
    page.get_by_label("The concern for the child's safety").fill(
        "Mother's new partner has a conviction for violence; no check was made.")
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.get_by_text("The safeguarding concern has been raised")).to_be_visible()
    accessible(page)
    concern = SafeguardingConcern.objects.get(description__startswith="Mother's new partner")

    # The named contacts' emails are queued with the concern, and the worker sends them.
    run_worker_once()
    [email] = smtp_server.to("demo-leader@example.org")
    assert email["Subject"].startswith("A safeguarding concern needs your attention now")
    assert f"/quality-assurance/concerns/{concern.pk}/" in email.get_body(
        ("plain",)).get_content()
    assert Email.objects.get(kind="safeguarding_concern",
                             to="demo-leader@example.org").status == Email.Status.SENT

    # First on the named contact's home page, until one of them records what was done.
    sign_out(page)
    sign_in_as(page, "demo-leader")
    page.goto("/")
    first_panel = page.locator("main section.smeaton-panel").first
    expect(first_panel.get_by_role("heading")).to_have_text("Safeguarding concerns for you")
    accessible(page)
    first_panel.locator(f"a[href='/quality-assurance/concerns/{concern.pk}/']").click()
    expect(page.locator("#description")).to_contain_text("conviction for violence")
    accessible(page)
    page.get_by_role("link", name="Record what was done").click()
    page.get_by_label("What was done").fill("Police check requested; the family's social "
                                            "worker visited today and the child is safe.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#acknowledged")).to_contain_text("Jo Hughes")
    accessible(page)
    page.goto("/")
    expect(page.locator(f"a[href='/quality-assurance/concerns/{concern.pk}/']")).to_have_count(0)


def test_the_dashboard_changes_when_a_moderator_changes_a_grade(page, demo_council,
                                                                 accessible):
    audit = (Audit.objects.filter(status=Audit.Status.AWAITING_MODERATION, grade="good",
                                  illustrative=True).select_related("moderator").first())
    moderator = audit.moderator.username
    since, until = queries.period_of("12")
    before = queries.dashboard(since, until, suppress_small=True).overall
    sign_in_as(page, moderator)
    page.goto("/quality-assurance/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality assurance")
    expect(page.locator("#overall-share")).to_have_text(before.words)
    accessible(page)

    page.goto(f"/quality-assurance/{audit.pk}/moderate/")
    page.get_by_label("Requires improvement").check()
    page.get_by_label("Why you changed the grade").fill("No evidence the plan was reviewed.")
    page.get_by_role("button", name="Record the moderation").click()
    expect(page.get_by_text("Your moderation has been recorded.")).to_be_visible()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="QA dashboard").click()
    after = queries.dashboard(since, until, suppress_small=True).overall
    # One more audit completed, and not Good or better: the share falls.
    assert (after.good, after.of) == (before.good, before.of + 1)
    expect(page.locator("#overall-share")).to_have_text(after.words)
    assert after.words != before.words
    page.get_by_label("Period").select_option("6")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.locator("#period-shown")).to_contain_text("all programmes")
    accessible(page)


def test_a_qa_lead_keeps_the_themes_and_records_an_action_its_owner_completes(
        page, demo_council, accessible):
    sign_in_as(page, "demo-qa")
    page.goto("/quality-assurance/themes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning themes")
    accessible(page)
    page.get_by_role("link", name="Add a theme").click()
    page.get_by_label("Name").fill("voice of the child")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_role("alert")).to_contain_text("There is already a theme called")
    accessible(page)
    page.get_by_label("Name").fill("Neglect")
    page.get_by_role("button", name="Add the theme").click()
    page.get_by_role("link", name="Rename or retire Neglect").click()
    page.get_by_label("Name").fill("Neglect and its impact")
    page.get_by_label("Offer this theme when tagging audits").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#themes")).to_contain_text("Neglect and its impact")
    accessible(page)

    audit = Audit.objects.filter(status=Audit.Status.COMPLETED, illustrative=True).last()
    page.goto(f"/quality-assurance/{audit.pk}/")
    page.get_by_role("link", name="Change the themes and priorities").click()
    expect(page.get_by_label("Neglect and its impact")).to_have_count(0)  # retired
    page.get_by_label("Recording").check()
    accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#themes")).to_contain_text("Recording")
    page.get_by_role("link", name="Add an action for the child").click()
    page.get_by_role("button", name="Add the action").click()  # empty: refused
    expect(page.get_by_role("alert")).to_contain_text("Enter what needs to be done")
    accessible(page)
    page.get_by_label("What needs to be done for the child").fill("Book a life-story session.")
    page.get_by_label("Owner").select_option(label="Sam Taylor (Contributor)")
    due = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#status")).to_contain_text("Due in 10 days")
    accessible(page)

    sign_out(page)
    sign_in_as(page, "demo-owner")
    action = ChildAction.objects.get(description="Book a life-story session.")
    page.goto(f"/quality-assurance/child-actions/{action.pk}/")
    page.get_by_role("link", name="Record that it is done").click()
    page.get_by_label("What was done").fill("Session booked with the child's carer.")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#status")).to_contain_text("Done")
    accessible(page)
