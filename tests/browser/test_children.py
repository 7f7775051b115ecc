"""From a figure to the children behind it, in the browser: an analyst drills down,
downloads the list and re-identifies a child with a reason; an administrator then reads
the record of each step."""

import pytest
from playwright.sync_api import expect

from smeaton.web.accounts.models import Role
from tests.browser.conftest import menu_link
from tests.web.children.conftest import _homed, plymouth_home  # noqa: F401  a fixture

REASON = "Checking this child's placement moves for the March case review"


@pytest.fixture
def home(plymouth_home, monkeypatch):  # noqa: F811  the session's home, for this test
    _homed(monkeypatch, plymouth_home)


@pytest.mark.usefixtures("home")
def test_drill_down_download_reidentify_and_the_read_record(page, person, sign_in, accessible):
    person(Role.ANALYST, "analyst", "Kim", "Patel")
    person(Role.ADMINISTRATOR, "admin", "Sam", "Jones")
    sign_in(page, "analyst")
    menu_link(page, "Children behind figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The children behind a figure")
    accessible(page)

    # A choice left out is said, in GOV.UK's way.
    page.get_by_label("Indicator").select_option(label="Children in care with 3 or more "
                                                       "placements in the year")
    page.get_by_role("button", name="Show the children").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a period end")
    accessible(page)

    page.get_by_label("Period end").select_option("2025-03-31")
    page.get_by_label("Group (optional)").select_option("Sex: Female")
    page.get_by_role("button", name="Show the children").click()
    expect(page.get_by_text("Matches the list")).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Placements in the period")
    accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == "children-placement-moves-2025-03-31.csv"

    first = table.locator("tbody tr").first
    token = first.locator("td").first.inner_text()
    first.get_by_role("link", name="Re-identify").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-identify a child")
    page.get_by_role("button", name="Re-identify the child").click()  # no reason
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you need to know who this child is")
    accessible(page)
    page.get_by_label("Why do you need to know who this child is?").fill(REASON)
    page.get_by_role("button", name="Re-identify the child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The child's identifier")
    expect(page.get_by_text("The council's identifier")).to_be_visible()
    accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "admin")
    page.goto("/admin/accounts/childlevelread/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)  # viewed the list, downloaded it, re-identified
    expect(rows.nth(0)).to_contain_text("Re-identified a child behind")
    expect(rows.nth(1)).to_contain_text("Downloaded")
    expect(rows.nth(2)).to_contain_text("Viewed")
    assert token not in page.content()
