"""Reports in a real browser, on the demo council's data: read the issued quarterly
report, check and issue the draft of the next, and download what was kept."""

import hashlib

from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.reports.models import Report
from tests.browser.conftest import menu_link, sign_in_with_password


def test_leadership_checks_a_draft_fixes_bad_input_and_issues_it(page, demo_council, accessible):
    draft = Report.objects.get(state=Report.State.DRAFT)
    sign_in_with_password(page, "demo-leader", demo.PASSWORD)
    menu_link(page, "Reports").click()
    expect(page.get_by_role("heading", name="Improvement Board")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name=draft.title).click()
    expect(page.get_by_text("Draft: it shows the records as they are now")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Purpose and recommendations")).to_be_visible()
    expect(page.get_by_role("img", name="A bar for each priority")).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("Day").fill("15")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The period must end on the last day of a month")
    accessible(page)
    page.get_by_label("Day").fill(str(draft.ends.day))
    page.get_by_label("Recommendations").fill("Note the progress.\nAgree the actions.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The report has been saved")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Agree the actions.")).to_be_visible()

    page.get_by_role("link", name="Issue the report").click()
    expect(page.get_by_text("cannot be edited again")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Issue the report").click()
    expect(page.get_by_text("has been issued")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the draft")).to_have_count(0)
    files = page.get_by_role("table", name="The issued files")
    expect(files).to_be_visible()
    accessible(page)

    kept = Report.objects.get(pk=draft.pk).files.get(format="docx")
    with page.expect_download() as download:
        files.get_by_role("link", name="Word").click()
    path = download.value.path()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == kept.sha256
    expect(files).to_contain_text(kept.sha256)


def test_a_councillor_reads_the_scrutiny_report_at_375_pixels_and_printed(
        page, demo_council, accessible):
    public = Report.objects.get(audience=Report.Audience.PUBLICATION)
    sign_in_with_password(page, "demo-councillor", demo.PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/reports/")
    page.get_by_role("link", name=public.title).click()
    expect(page.get_by_role("heading", name="Issued")).to_be_visible()
    accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="2. Summary")).to_be_visible()
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    # The Improvement Board's restricted report is not the Scrutiny Panel's member's.
    restricted = Report.objects.filter(audience=Report.Audience.RESTRICTED).first()
    assert page.goto(f"/reports/{restricted.pk}/").status == 403
