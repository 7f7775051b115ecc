"""Case-file audits in a real browser, on the demo council's data: a QA lead draws a
month's sample from the store, an auditor completes an audit, and a moderator changes
its grade with a reason."""

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.audits import demo as audits_demo
from smeaton.web.audits import services
from smeaton.web.audits.models import Audit, Sample
from tests.browser.conftest import menu_link, sign_in_with_password


def fill_date(page, legend: str, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def error_says(page, message: str):
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)


def test_draw_a_sample_complete_an_audit_and_moderate_it(page, demo_council, accessible):
    next_month = timezone.localdate().replace(day=1) + relativedelta(months=1)

    # The QA lead draws next month's sample from the demo's store.
    sign_in_with_password(page, "demo-qa", demo.PASSWORD)
    menu_link(page, "Quality assurance").click()
    expect(page.get_by_role("heading", name="Your audits")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Audit tools").click()
    accessible(page)
    page.get_by_role("link", name=audits_demo.TOOL).click()
    expect(page.get_by_role("table", name="Versions")).to_contain_text("Retired")
    accessible(page)
    page.get_by_role("link", name="Version 1").click()
    accessible(page)
    menu_link(page, "Quality assurance").click()
    page.get_by_role("link", name="Audit programmes and monthly samples").click()
    accessible(page)
    page.get_by_role("link", name=audits_demo.PROGRAMME).click()
    expect(page.get_by_text("Illustrative")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Draw this month's sample").click()
    accessible(page)
    fill_date(page, "Month audited", next_month - relativedelta(months=1))
    fill_date(page, "Children open to services on", audits_demo.STORE_COVERS_TO)
    page.get_by_role("button", name="Draw the sample").click()
    error_says(page, "A sample has already been drawn for")
    accessible(page)
    fill_date(page, "Month audited", next_month)
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_role("heading", name=f"Audits for {next_month:%B %Y}")).to_be_visible()
    accessible(page)
    sample = Sample.objects.get(month=next_month)
    assert sample.audits.count() == audits_demo.SAMPLE_SIZE and sample.frame_size > 100
    audit = sample.audits.exclude(moderator=None).select_related("auditor", "moderator")\
        .first()

    # Its auditor completes an audit: submitting half-done names what is missing.
    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, audit.auditor.username, demo.PASSWORD)
    menu_link(page, "Quality assurance").click()
    expect(page.get_by_role("table", name="To audit")).to_contain_text("Due in")
    page.goto(f"/quality-assurance/{audit.pk}/")
    accessible(page)
    page.get_by_role("link", name="Start the audit").click()
    accessible(page)
    questions = services.questions_of(audit)
    first = page.get_by_role("group", name=questions[0].text, exact=True)
    first.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Submit the audit").click()
    error_says(page, f"Answer \"{questions[1].text}\" before submitting the audit")
    accessible(page)
    for question in questions[1:]:
        choice = "Good" if question.answer == "grade" else "Yes"
        page.get_by_role("group", name=question.text, exact=True).get_by_label(
            choice, exact=True).check()
    page.get_by_role("group", name="Overall grade").get_by_label("Good", exact=True).check()
    page.get_by_label("What is working well").fill("The child is seen alone every visit.")
    page.get_by_label("What needs to change").fill("The plan needs timescales.")
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted")
    expect(page.get_by_text("Awaiting moderation").first).to_be_visible()

    # The moderator changes the grade, with a reason.
    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, audit.moderator.username, demo.PASSWORD)
    menu_link(page, "Quality assurance").click()
    expect(page.get_by_role("table", name="To moderate")).to_contain_text("Awaiting moderation")
    page.goto(f"/quality-assurance/{audit.pk}/")
    page.get_by_role("link", name="Moderate the audit").click()
    accessible(page)
    page.get_by_role("group", name="Moderated grade").get_by_label(
        "Requires improvement", exact=True).check()
    page.get_by_role("button", name="Record the moderation").click()
    error_says(page, "Enter why you changed the grade")
    accessible(page)
    page.get_by_label("Why you changed the grade").fill("No contingency plan is recorded.")
    page.get_by_role("button", name="Record the moderation").click()
    expect(page.get_by_text("Requires improvement (changed)")).to_be_visible()
    expect(page.get_by_text("No contingency plan is recorded.")).to_be_visible()
    accessible(page)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.COMPLETED and audit.final_grade == \
        "requires_improvement"
