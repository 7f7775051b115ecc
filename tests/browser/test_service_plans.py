"""Service plans in a real browser, on the demo council's data."""

from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.service_plans.models import ServicePlan
from tests.browser.conftest import menu_link, sign_in_with_password


def test_a_service_lead_adds_an_action_serving_two_priorities_and_sees_it_in_the_matrix(
        page, demo_council, accessible):
    service_plan = ServicePlan.objects.get(lead__username="demo-lead")
    sign_in_with_password(page, "demo-lead", demo.PASSWORD)
    menu_link(page, "Service plans").click()
    accessible(page)
    page.get_by_role("link", name=str(service_plan.service_area), exact=True).click()
    accessible(page)
    page.get_by_role("link", name="Add an action").click()

    page.get_by_role("button", name="Save the action").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one priority the action serves")
    accessible(page)

    page.get_by_label("Title").fill("Match siblings to carers who can keep them together")
    page.get_by_label("Owner").select_option(label="Sam Taylor (Contributor)")
    due = service_plan.plan_year + 1
    page.get_by_label("Day").fill("28")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill(str(due))
    page.get_by_label("Priority 3:").check()
    page.get_by_label("Priority 10:").check()
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("has been added")).to_be_visible()

    page.goto(f"/plan/service-plans/matrix/?year={service_plan.plan_year}")
    accessible(page)
    matrix = page.get_by_role("table")
    area = str(service_plan.service_area)
    for number in (3, 10):
        row = matrix.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=f"{number}. ", exact=False))
        cell = row.get_by_role("link", name=f"in {area} for priority {number}")
        cell.click()
        expect(page.get_by_role("link", name="Match siblings to carers who can keep them "
                                              "together")).to_be_visible()
        accessible(page)
        page.go_back()

    page.set_viewport_size({"width": 375, "height": 800})
    accessible(page)
