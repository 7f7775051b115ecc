"""The risk and issues log in a real browser, on the demo council's data."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.risks.models import Risk
from tests.browser.conftest import menu_link, sign_in_with_password

TITLE = "Foster carers leave faster than they are approved"


def fill_date(page, legend: str, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def score(page, legend: str, choice: str):
    page.get_by_role("group", name=legend).get_by_label(choice, exact=True).check()


def error_says(page, message: str):
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.locator(".govuk-error-message").first).to_be_visible()


def review(page, likelihood: str, note: str, next_review):
    page.get_by_role("link", name="Review the risk").click()
    score(page, "Current likelihood", likelihood)
    page.get_by_label("What has changed since the last review?").fill(note)
    fill_date(page, "Next review", next_review)
    page.get_by_role("button", name="Record the review").click()


def test_raise_review_escalate_and_treat_a_risk(page, demo_council, accessible):
    today = timezone.localdate()
    sign_in_with_password(page, "demo-leader", demo.PASSWORD)
    menu_link(page, "Risks").click()
    expect(page.get_by_role("heading", name="Risk register")).to_be_visible()
    accessible(page)

    # Raise a risk: a likelihood of 6 (sent by a tampered form) is refused in GOV.UK's words.
    page.get_by_role("link", name="Raise a risk").click()
    accessible(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Cause").fill("Because carers are retiring and allowances lag behind")
    page.get_by_label("Event").fill("there is a risk that we run out of foster homes")
    page.get_by_label("Consequence").fill("which would place children far from home")
    page.get_by_label("Category").select_option(label="Sufficiency")
    page.get_by_label("Owner").select_option(label="Jo Hughes (Leadership)")
    for legend, choice in [("Inherent likelihood", "5 Almost certain"),
                           ("Inherent impact", "4 Major"), ("Current likelihood", "4 Likely"),
                           ("Current impact", "4 Major"), ("Target likelihood", "2 Unlikely"),
                           ("Target impact", "4 Major")]:
        score(page, legend, choice)
    fill_date(page, "Next review", today + timedelta(days=30))
    page.get_by_role("group", name="Current likelihood").get_by_label(
        "5 Almost certain").evaluate("radio => { radio.value = '6'; radio.checked = true; }")
    page.get_by_role("button", name="Raise the risk").click()
    error_says(page, "Select the current likelihood, from 1 to 5")
    accessible(page)
    score(page, "Current likelihood", "4 Likely")
    page.get_by_role("button", name="Raise the risk").click()
    expect(page.get_by_text("The risk has been raised")).to_be_visible()
    expect(page.locator("#current-score")).to_contain_text("16 High")
    accessible(page)

    # Reviewed twice: a date in the past is refused; the history shows both changes.
    review(page, "3 Possible", "Allowances raised.", today - timedelta(days=1))
    error_says(page, "The next review date must be today or in the future")
    accessible(page)
    fill_date(page, "Next review", today + timedelta(days=90))
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator("#current-score")).to_contain_text("12 Medium")
    review(page, "2 Unlikely", "Twelve new carers approved.", today + timedelta(days=90))
    expect(page.locator("#current-score")).to_contain_text("8 Medium")
    expect(page.locator("#direction")).to_contain_text("Decreasing")
    reviews = page.get_by_role("table", name="Reviews")
    expect(reviews.locator("tbody tr")).to_have_count(3)
    expect(reviews).to_contain_text("Twelve new carers approved.")
    expect(page.get_by_role("img", name="Current and target scores at each review")
           ).to_be_visible()
    accessible(page)

    # Escalated with a reason.
    page.get_by_role("link", name="Escalate or de-escalate").click()
    page.get_by_label("Corporate").check()
    page.get_by_role("button", name="Move the risk").click()
    error_says(page, "Enter why the risk is moving to another register")
    page.get_by_label("Why is it moving?").fill("Affects the council's whole budget.")
    page.get_by_role("button", name="Move the risk").click()
    expect(page.locator("#level")).to_have_text("Corporate")
    expect(page.locator("#escalations")).to_contain_text("Escalated from programme to "
                                                         "corporate by Jo Hughes")

    # An issue raised from it in one step, the form filled in from the risk.
    page.get_by_role("link", name="Raise an issue from this risk").click()
    expect(page.get_by_label("Description")).to_have_value(
        "there is a risk that we run out of foster homes")
    accessible(page)
    fill_date(page, "To be resolved by", today + timedelta(days=20))
    page.get_by_role("button", name="Raise the issue").click()
    expect(page.get_by_text("The issue has been raised")).to_be_visible()
    expect(page.locator("#from-risk")).to_contain_text(TITLE)
    accessible(page)

    # A further action on the risk.
    page.locator("#from-risk").get_by_role("link").click()
    page.get_by_role("link", name="Add a further action").click()
    page.get_by_label("Title").fill("Raise fostering allowances to the regional rate")
    page.get_by_label("Owner").select_option(label="Sam Taylor (Contributor)")
    fill_date(page, "Due date", today + timedelta(days=60))
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action has been added")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("table", name="Further actions")).to_contain_text(
        "Raise fostering allowances to the regional rate")

    # Closing needs a reason.
    page.get_by_role("link", name="Close the risk").click()
    page.get_by_role("button", name="Close the risk").click()
    error_says(page, "Enter why the risk is being closed")
    accessible(page)
    assert Risk.objects.get(title=TITLE).is_open


def test_the_heat_maps_table_agrees_with_the_register(page, demo_council, accessible):
    sign_in_with_password(page, "demo-viewer", demo.PASSWORD)
    page.goto("/risks/heat-map/")
    accessible(page)
    total = int(re.match(r"\d+", page.locator("#heat-map-total").inner_text())[0])
    page.goto("/risks/")
    expect(page.locator("#risk-count")).to_contain_text(f"{total} risks")
    page.goto("/risks/heat-map/")
    cells = page.locator("#heat-map-table td[data-count]")
    counts = [int(cells.nth(n).get_attribute("data-count")) for n in range(cells.count())]
    assert sum(counts) == total and len(counts) == 25
    for n in [n for n, count in enumerate(counts) if count][:4]:
        page.goto("/risks/heat-map/")
        cell = page.locator("#heat-map-table td[data-count]").nth(n)
        cell.get_by_role("link").click()
        expect(page.locator("#register tbody tr")).to_have_count(counts[n])
    accessible(page)
    # By inherent scores: the same risks, in other cells.
    page.goto("/risks/heat-map/")
    page.get_by_label("Scores").select_option(label="Inherent")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#heat-map-total")).to_contain_text(f"{total} open risks on the map, by "
                                                            "their inherent scores")
    cells = page.locator("#heat-map-table td[data-count]")
    inherent = [int(cells.nth(n).get_attribute("data-count")) for n in range(cells.count())]
    assert sum(inherent) == total and inherent != counts
    accessible(page)
    # A viewer reads the register and has nothing to press.
    expect(page.get_by_role("link", name="Raise a risk")).to_have_count(0)


def test_the_owner_sees_their_overdue_action_first(page, demo_council, accessible):
    sign_in_with_password(page, "demo-owner", demo.PASSWORD)
    page.goto("/risks/mine/")
    expect(page.get_by_role("heading", name="Your risks and actions")).to_be_visible()
    actions = page.get_by_role("table", name="Your actions not yet complete, overdue first")
    expect(actions.locator("tbody tr").first).to_contain_text("Overdue")
    accessible(page)


def test_the_register_and_heat_map_at_375_pixels(page, demo_council, accessible):
    sign_in_with_password(page, "demo-councillor", demo.PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    for url in ("/risks/", "/risks/heat-map/"):
        page.goto(url)
        accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} scrolls sideways: {width}px"
    # The heat map's whole grid is seen at once: it scales to the width, not scrolls.
    cells = page.locator(".smeaton-heat-map rect")
    assert cells.count() == 25
    for n in range(25):
        box = cells.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (n, box)
