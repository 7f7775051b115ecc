"""Commentary in a real browser, on the demo council: an analyst drafts it, a priority
lead signs it off, and the scorecard and the performance clinic show where it stands."""

from datetime import date

from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.commentary.models import Status, Version
from smeaton.web.commentary.periods import Kind, Period
from tests.browser.conftest import sign_in_with_password

INDICATOR = "long-term-stability"  # measures priority 3, which the demo lead leads


def sign_in_as(page, username):
    page.context.clear_cookies()
    sign_in_with_password(page, username, demo.PASSWORD)


def test_an_analyst_drafts_and_a_priority_lead_signs_off(page, demo_council, accessible):
    quarter = Period.containing(date.today(), Kind.QUARTER)
    sign_in_as(page, "demo-analyst")
    page.goto(f"/performance/indicators/{INDICATOR}/")
    page.get_by_role("link", name=f"Commentary for {quarter.label}").click()
    expect(page.get_by_text("Nobody has written commentary")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Write commentary").click()
    page.get_by_role("button", name="Save the draft").click()  # nothing written
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what the figure shows")
    expect(summary).to_contain_text("Enter why the figure is as it is")
    expect(summary).to_contain_text("Enter what is being done")
    accessible(page)

    page.get_by_label("What the figure shows").fill("Stability fell to 65%, below target.")
    expect(page.locator(".govuk-character-count__status").first).to_contain_text(
        "characters remaining")
    page.get_by_label("Why", exact=True).fill("Three long-term placements ended.")
    page.get_by_label("What is being done").fill("Stability meetings for every child at risk.")
    page.get_by_label("Reduce placement moves through stability meetings").check()
    accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Version 1 has been saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Version 1 has been sent for sign-off.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Awaiting sign-off")
    expect(page.get_by_role("link", name="Sign off or return")).to_have_count(0)
    accessible(page)

    sign_in_as(page, "demo-lead")
    page.goto(f"/performance/indicators/{INDICATOR}/commentary/?period={quarter.slug}")
    page.get_by_role("link", name="Sign off or return").click()
    expect(page.get_by_text("Stability fell to 65%, below target.")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()  # no decision
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether to sign it off or return it")
    accessible(page)
    page.get_by_label("Sign it off").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Version 1 has been signed off.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Signed off")
    expect(page.get_by_role("region", name="Changes to this record")).to_contain_text(
        "Signed off by Priya Shah")
    accessible(page)
    version = Version.objects.get(commentary__indicator__slug=INDICATOR,
                                  commentary__period_end=quarter.end)
    assert (version.status, version.drafted_by.username, version.decided_by.username) == (
        Status.SIGNED_OFF, "demo-analyst", "demo-lead")

    page.goto("/performance/")
    note = page.locator("details", has_text=f"Commentary, {quarter.label}")
    note.locator("summary").click()
    expect(note).to_contain_text("Stability fell to 65%, below target.")
    expect(note).to_contain_text("Signed off by Priya Shah")
    accessible(page)
    page.reload()  # folded again; printing unfolds every note, so paper shows it
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator("details.smeaton-note").first).to_have_attribute("open", "")


def test_the_clinic_shows_each_state_and_works_at_375_pixels(page, demo_council, accessible):
    sign_in_as(page, "demo-lead")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/performance/clinic/")
    expect(page.get_by_role("heading", name="Performance clinic")).to_be_visible()
    table = page.get_by_role("table")
    for state in ("No commentary", "Draft", "Awaiting sign-off", "Returned"):
        expect(table.get_by_text(state, exact=True).first).to_be_visible()
    expect(table).not_to_contain_text("Signed off")
    accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} pixels wide"
    table.get_by_role("link").first.click()
    expect(page.get_by_text("This commentary is illustrative")).to_be_visible()
    accessible(page)
