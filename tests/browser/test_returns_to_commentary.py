"""The whole journey in a real browser, with the real task worker: an analyst uploads a
year of the council's returns, watches the load finish and reads its problem report;
the new monthly figure is on the scorecard; the analyst drills down from it to the
children behind it and re-identifies one with a reason; commentary is drafted by the
analyst and signed off by the priority lead; and an administrator reads the record of
every child-level step."""

import re
import subprocess
import sys
from datetime import date

import pytest
from playwright.sync_api import expect

from smeaton.analytics.synth import synthesise
from smeaton.web import demo
from smeaton.web.commentary.models import Status, Version
from smeaton.web.commentary.periods import Kind, Period
from smeaton.web.performance import demo as performance_demo
from smeaton.web.plan import demo as plan_demo
from tests.browser.conftest import menu_link, sign_in_with_password
from tests.web.returns.conftest import worker_environment

INDICATOR = "long-term-stability"  # computed and published; measures the lead's priority
TITLE = "Long-term placement stability"
REASON = "Checking this child's placement history before the stability meeting"


@pytest.fixture
def council(tmp_path, monkeypatch, transactional_db):
    """The demo council's people, plan and published figures, with no returns stored yet:
    a home of the test's own, shared with the task worker."""
    monkeypatch.setenv("SMEATON_HOME", str(tmp_path / "home"))
    for variable in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY"):
        monkeypatch.delenv(variable, raising=False)
    demo.load_people()
    plan_demo.load()
    performance_demo.load()
    worker = subprocess.Popen([sys.executable, "-m", "smeaton.cli", "worker"],
                              env=worker_environment())
    yield
    worker.terminate()
    worker.wait(timeout=30)


@pytest.fixture
def returns_2025(tmp_path) -> list[str]:
    """A year of Plymouth's synthetic returns with a share of faulty rows; attendance
    left out to keep the load quick."""
    year = synthesise("879", 2025, 1, 2, tmp_path / "returns", errors=0.01).folder / "2025"
    return [str(path) for path in sorted(year.iterdir()) if path.name != "attendance.csv"]


def sign_in_as(page, username):
    page.context.clear_cookies()
    sign_in_with_password(page, username, demo.PASSWORD)


def test_from_uploaded_returns_to_signed_off_commentary(page, council, returns_2025,
                                                       accessible):
    sign_in_as(page, "demo-analyst")
    page.goto(f"/performance/indicators/{INDICATOR}/")
    expect(page.get_by_role("heading", name="Our figures from the returns")).to_have_count(0)

    # Upload, and watch the worker load it.
    menu_link(page, "Returns").click()
    page.get_by_role("button", name="Upload returns").click()
    page.get_by_label("Returns").set_input_files(returns_2025)
    page.get_by_label("Collection year (optional)").fill("2025")
    page.get_by_role("button", name="Upload and load").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Load \d+$"))
    expect(page.get_by_text("Load stored")).to_be_visible(timeout=240_000)
    accessible(page)
    page.get_by_role("link", name="Read the problem report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem report")
    expect(page.get_by_role("table", name=re.compile(r"^Problems in Load \d+ by kind$"))
           ).to_contain_text("not a real date")

    # The new monthly figure is on the scorecard.
    page.goto("/performance/")
    row = page.get_by_role("table", name="All indicators").get_by_role("row").filter(
        has=page.get_by_role("link", name=TITLE))
    expect(row).to_contain_text("12 months to 31 Mar 2025")
    accessible(page)

    # From the figure to the children behind it, and one child re-identified.
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="Our figures from the returns")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="See the children behind this figure").first.click()
    expect(page.get_by_text("Matches the list")).to_be_visible()
    table = page.get_by_role("table")
    first = table.locator("tbody tr").first
    token = first.locator("td").first.inner_text()
    first.get_by_role("link", name="Re-identify").click()
    page.get_by_label("Why do you need to know who this child is?").fill(REASON)
    page.get_by_role("button", name="Re-identify the child").click()
    expect(page.get_by_text("The council's identifier")).to_be_visible()

    # Commentary, drafted by the analyst and signed off by the priority lead.
    quarter = Period.containing(date.today(), Kind.QUARTER)
    page.goto(f"/performance/indicators/{INDICATOR}/")
    page.get_by_role("link", name=f"Commentary for {quarter.label}").click()
    page.get_by_role("link", name="Write commentary").click()
    page.get_by_label("What the figure shows").fill("Stability held at the year end.")
    page.get_by_label("Why", exact=True).fill("Fewer long-term placements ended.")
    page.get_by_label("What is being done").fill("Stability meetings continue.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_role("link", name="Sign off or return")).to_have_count(0)
    sign_in_as(page, "demo-lead")
    page.goto(f"/performance/indicators/{INDICATOR}/commentary/?period={quarter.slug}")
    page.get_by_role("link", name="Sign off or return").click()
    page.get_by_label("Sign it off").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Version 1 has been signed off.")).to_be_visible()
    version = Version.objects.get(commentary__indicator__slug=INDICATOR)
    assert (version.status, version.drafted_by.username, version.decided_by.username) == (
        Status.SIGNED_OFF, "demo-analyst", "demo-lead")

    # The record of every child-level step: the problem report, the list, the child.
    sign_in_as(page, "demo-admin")
    page.goto("/admin/accounts/childlevelread/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Re-identified a child behind")
    expect(rows.nth(1)).to_contain_text(TITLE)
    expect(rows.nth(2)).to_contain_text("Problem report")
    assert token not in page.content()
