"""The council's own figures in a real browser: an indicator's page with its months,
targets and groups, and the equalities page, on the demo with known figures kept."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from playwright.sync_api import expect

from smeaton.web.returns.models import Figure
from tests.browser.conftest import menu_link
from tests.browser.test_plan import sign_in_as

SLUG = "re-referrals"
LATEST = date(2025, 3, 31)


def month_ends(last: date, count: int) -> list[date]:
    ends = [last]
    while len(ends) < count:
        ends.append(ends[-1].replace(day=1) - timedelta(days=1))
    return ends[::-1]


def keep(period_end, breakdown, group, numerator, denominator, **fields):
    Figure.objects.create(
        la_code=settings.COUNCIL.la_code, indicator=SLUG, period_end=period_end,
        breakdown=breakdown, group=group, numerator=numerator, denominator=denominator,
        value=round(100 * numerator / denominator, 1),
        reporting_year=period_end.year if period_end.month == 3 else None, **fields)


@pytest.fixture
def demo_with_figures(demo_council):
    """The demo, its own figures replaced by known ones: 24 months of re-referrals and,
    in the latest, girls' figure lower than the whole's and boys' higher."""
    Figure.objects.all().delete()  # the demo's computed figures: these tests need known ones
    for step, end in enumerate(month_ends(LATEST, 24)):
        keep(end, "Total", "Total", 400 + 3 * step, 1600, lower=20.0, upper=29.0)
    Figure.objects.filter(period_end=LATEST, breakdown="Total").update(numerator=480,
                                                                        value=30.0)
    keep(LATEST, "Sex", "Male", 330, 800, lower=37.9, upper=44.7, differs="higher")
    keep(LATEST, "Sex", "Female", 140, 760, lower=15.8, upper=21.2, differs="lower")
    keep(LATEST, "Sex", "Not known", 10, 40, lower=14.1, upper=40.2)


def test_an_analyst_reads_the_councils_own_figures_on_an_indicator(
        page, demo_with_figures, accessible):
    sign_in_as(page, "demo-analyst")
    page.goto(f"/performance/indicators/{SLUG}/")
    expect(page.get_by_role("heading", name="Our figures from the returns")).to_be_visible()
    expect(page.get_by_role("img", name="Re-referrals within 12 months: the council's own "
                                        "figure")).to_be_visible()
    page.locator("summary", has_text="Our figures month by month").click()
    months = page.get_by_role("table", name="our figure for the 12 months to each month end")
    expect(months.get_by_role("row", name="31 March 2025")).to_contain_text("30.0%")
    groups = page.get_by_role("table", name="by sex, 12 months to 31 March 2025")
    expect(groups.get_by_role("row", name="Female")).to_contain_text("Lower than the whole")
    expect(groups.get_by_role("link", name="See the children behind this figure for Sex: "
                                            "Female")).to_be_visible()
    accessible(page)

    page.get_by_label("Show the 12 months to").select_option(label="28 February 2025")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("No groups are kept for the 12 months to 28 February 2025."))\
        .to_be_visible()
    accessible(page)

    page.goto(f"/performance/indicators/{SLUG}/?period=yesterday")
    expect(page.locator(".govuk-error-message")).to_contain_text(
        "Choose a month end from the list")
    accessible(page)


def test_a_viewer_reads_the_equalities_page(page, demo_with_figures, accessible):
    sign_in_as(page, "demo-viewer")
    menu_link(page, "Performance").click()
    page.get_by_role("link", name="Equalities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Equalities: groups that differ from the whole")
    table = page.get_by_role("table", name="Re-referrals within 12 months")
    expect(table.get_by_role("row", name="Sex: Female")).to_contain_text("Lower than the whole")
    expect(table.get_by_role("row", name="Sex: Male")).to_contain_text("Higher than the whole")
    expect(page.get_by_role("link", name="See the children behind this figure")).to_have_count(0)
    accessible(page)

    page.get_by_label("Show the 12 months to").select_option(label="28 February 2025")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("No group differs from the whole for the 12 months to "
                            "28 February 2025")).to_be_visible()
    accessible(page)
