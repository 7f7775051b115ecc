"""The partnership plan in a real browser, on the demo council's data."""

from playwright.sync_api import expect

from smeaton.web import demo
from smeaton.web.partnership import demo as partnership_demo
from smeaton.web.partnership.models import PartnerAction
from tests.browser.conftest import menu_link, sign_in_with_password

OURS = "Agree a shared threshold document for the partnership"


def test_a_partner_updates_their_organisations_action_and_is_refused_the_polices(
        page, demo_council, accessible):
    police_action = PartnerAction.objects.filter(organisation__name=partnership_demo.POLICE,
                                                 ).first()
    sign_in_with_password(page, "demo-partner", demo.PASSWORD)
    menu_link(page, "Partnership plan").click()
    expect(page.get_by_role("heading", name="Your organisation's actions")).to_be_visible()
    accessible(page)
    ours = page.get_by_role("table", name=f"Actions {partnership_demo.HEALTH} owns")
    ours.get_by_role("link", name=OURS).click()
    accessible(page)
    page.get_by_role("link", name="Post an update").click()

    page.get_by_role("button", name="Post the update").click()  # nothing written
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what has happened since the last update")
    expect(page.locator(".govuk-error-message").first).to_be_visible()
    accessible(page)

    page.get_by_label("On track").check()
    page.get_by_label("What has happened since the last update?").fill(
        "Draft agreed by the safeguarding leads of all four partners.")
    page.get_by_role("button", name="Post the update").click()
    expect(page.get_by_text("Your update has been posted")).to_be_visible()
    expect(page.get_by_text("Draft agreed by the safeguarding leads")).to_be_visible()
    rag = page.locator(".govuk-summary-list__row").filter(has_text="RAG")
    expect(rag.locator(".govuk-tag").first).to_have_text("Green")
    accessible(page)

    # The police's action: readable, with nothing to press, and refused if asked for.
    page.goto(f"/partnership/actions/{police_action.pk}/")
    expect(page.get_by_role("heading", name=police_action.title)).to_be_visible()
    expect(page.get_by_role("link", name="Post an update")).to_have_count(0)
    response = page.goto(f"/partnership/actions/{police_action.pk}/update/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission")).to_be_visible()
    accessible(page)
    assert not police_action.updates.filter(author__username="demo-partner").exists()


def test_the_partnership_plan_at_375_pixels(page, demo_council, accessible):
    sign_in_with_password(page, "demo-partner", demo.PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/partnership/")
    expect(page.get_by_role("table", name="Actions by organisation and RAG")).to_be_visible()
    accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
