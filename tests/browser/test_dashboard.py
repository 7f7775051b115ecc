"""The home page as each demo role sees it, on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_plan import sign_in_as

# Whatever their role, people see first the work they own: the director owns board actions,
# and before all else a safeguarding concern waiting for them as a named contact (the
# demo's open concern names the director).
FIRST_PANEL = {
    "demo-leader": "Safeguarding concerns for you",
    "demo-owner": "Your milestones",
    "demo-lead": "The priorities you lead",
    "demo-analyst": "Latest data loaded",
    "demo-viewer": "The plan in",
    "demo-admin": "Update round",
    "demo-partner": "Your organisation's actions",
    "demo-councillor": "The plan in",
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("username", FIRST_PANEL)
def test_each_role_starts_with_what_matters_to_it(page, demo_council, accessible, username,
                                                  width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    first = page.locator(".smeaton-panel h2").first
    expect(first).to_contain_text(FIRST_PANEL[username])
    accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the home page is {overflow}px wider than the screen"


def test_a_director_follows_the_dashboard_to_what_needs_attention(page, demo_council,
                                                                 accessible):
    sign_in_as(page, "demo-leader")
    attention = page.get_by_role("region", name="Needs attention")
    link = attention.get_by_role("link").first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    rag = page.locator(".govuk-summary-list__row", has_text="RAG")
    expect(rag).to_contain_text(re.compile("Red|Update overdue"))
    accessible(page)
