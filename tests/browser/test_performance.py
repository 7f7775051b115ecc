"""The scorecard and indicator pages in a real browser, on the demo's published figures."""

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import menu_link
from tests.browser.test_plan import sign_in_as


def test_the_scorecard_filtered_by_priority_and_exported_to_excel(
        page, demo_council, accessible, tmp_path):
    sign_in_as(page, "demo-analyst")
    menu_link(page, "Performance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    table = page.get_by_role("table", name="All indicators")
    care = table.get_by_role("row", name="Children in care per 10,000")
    expect(care).to_contain_text("101")
    expect(care).to_contain_text("Context")
    expect(table.get_by_role("row", name="Re-referrals within 12 months")).to_contain_text("Red")
    accessible(page)

    page.get_by_label("Show the indicators of").select_option(
        label="3. Children in care and placement sufficiency")
    page.get_by_role("button", name="Show").click()
    filtered = page.get_by_role("table", name="Indicators for priority 3")
    expect(filtered.locator(":scope > tbody > tr")).to_have_count(3)
    expect(filtered).not_to_contain_text("Re-referrals")
    page.locator("summary", has_text="Trend data").first.click()
    expect(filtered.get_by_role("cell", name="2024").first).to_be_visible()
    accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.endswith("-priority-3.xlsx")
    sheet = load_workbook(path).active
    assert [sheet.cell(row, 1).value for row in range(5, sheet.max_row + 1)] == [
        "Children in care per 10,000", "Children in care with 3 or more placements in the year",
        "Long-term placement stability"]


def test_an_analyst_reads_an_indicator_and_sets_a_target(page, demo_council, accessible):
    sign_in_as(page, "demo-analyst")
    page.goto("/performance/")
    page.get_by_role("link", name="Re-referrals within 12 months").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-referrals within 12 months")
    expect(page.get_by_role("img", name="Re-referrals within 12 months: Plymouth")).to_be_visible()
    trend = page.get_by_role("table", name="Re-referrals within 12 months, by period")
    expect(trend.get_by_role("row", name="2024/25")).to_contain_text("26.0%")
    expect(trend.get_by_role("row", name="2024/25")).to_contain_text("22.6%")
    neighbours = page.get_by_role("table", name="neighbours, 2024/25")
    expect(neighbours).to_contain_text("Tameside")
    accessible(page)

    page.get_by_role("link", name="Set a target").click()
    page.get_by_label("Target", exact=True).fill("many")
    page.get_by_role("button", name="Save target").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Target must be a number, like 22.5")
    accessible(page)
    page.get_by_label("Target", exact=True).fill("27")
    page.get_by_label("Tolerance").fill("1")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("Target for 2024/25 saved.")).to_be_visible()
    # DfE's published 2024/25 against it (the council's own figures have their own row).
    against = page.locator(".govuk-summary-list__row", has_text="Against target").filter(
        has_text="Target 27.0%")
    expect(against).to_contain_text("Green")
    accessible(page)


def test_a_priority_page_lists_its_indicators(page, demo_council, accessible):
    sign_in_as(page, "demo-viewer")
    menu_link(page, "The plan").click()
    page.get_by_role("link", name="8. A stable, skilled workforce").click()
    indicators = page.get_by_role("table", name="Indicators for this priority")
    expect(indicators.get_by_role("row", name="Agency social workers")).to_contain_text("8.8%")
    accessible(page)


def test_an_analyst_reads_how_each_measure_is_counted(page, demo_council, accessible):
    sign_in_as(page, "demo-analyst")
    menu_link(page, "Performance").click()
    page.get_by_role("link", name="Measures from the council's own returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Measures from the council's returns")
    card = page.locator(".govuk-summary-card", has=page.get_by_role(
        "heading", name="Re-referrals within 12 months"))
    expect(card).to_contain_text("Lower is better")
    card.get_by_role("link", name="Re-referrals within 12 months").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-referrals within 12 months")
    page.go_back()
    accessible(page)


def test_the_whole_scorecard_fits_a_laptop_screen(page, demo_council, accessible):
    sign_in_as(page, "demo-viewer")
    page.goto("/performance/")
    table = page.get_by_role("table", name="All indicators")
    for heading in ["Neighbours' average", "Rank and quartile"]:
        box = table.get_by_role("columnheader", name=heading).bounding_box()
        assert box and box["x"] + box["width"] <= 1280, f"{heading} is off the screen"
    expect(page.locator(".smeaton-scroll-cue")).to_be_hidden()
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(page.locator(".smeaton-scroll-cue").first).to_be_visible()
    accessible(page)


def test_an_indicator_dfe_does_not_publish_says_it_has_no_figures_yet(
        page, demo_council, accessible):
    sign_in_as(page, "demo-analyst")
    page.goto("/performance/")
    row = page.get_by_role("table", name="All indicators").get_by_role(
        "row", name="Child protection plans ending after 2 years or more")
    expect(row).to_contain_text("see the council's own figures")  # the demo's returns
    expect(row).to_contain_text("Not published by DfE")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Child protection plans ending after 2 years or more")
    # The demo's returns give it the council's own figures, in place of "No figures yet".
    expect(page.get_by_role("heading", name="Our figures from the returns")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("No figures yet: this indicator")
    accessible(page)

    page.get_by_role("link", name="Set a target").click()
    page.get_by_label("Target", exact=True).fill("5")
    page.get_by_label("Tolerance").fill("1")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("saved.")).to_be_visible()
    targets = page.get_by_role("table", name="Targets for Plymouth")
    expect(targets).to_contain_text("5.0%")
    accessible(page)


def test_an_analyst_sets_the_tolerance_against_dfes_figure(page, demo_council, accessible):
    sign_in_as(page, "demo-analyst")
    page.goto("/performance/indicators/re-referrals/")
    page.get_by_role("link", name="Set the tolerance against DfE's figure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tolerance against DfE's figure")
    page.get_by_label("Tolerance").fill("-1")
    page.get_by_role("button", name="Save tolerance").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tolerance must be 0 or more")
    accessible(page)

    page.get_by_label("Tolerance").fill("0.5")
    page.get_by_role("button", name="Save tolerance").click()
    expect(page.get_by_text("Tolerance against DfE's figure saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Set the tolerance against DfE's figure")
           ).to_be_visible()
    accessible(page)
