"""Returns in from the browser: an analyst uploads returns, the real task worker loads
them while the page watches, and the problem report is read and filtered."""

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from smeaton.web.accounts.models import ChildLevelRead, Role
from tests.analytics.conftest import data_path
from tests.browser.conftest import menu_link
from tests.web.returns.conftest import worker_environment

CIN_2024 = data_path("conformance", "d2i-cin", "CIN_Census_2024.xml")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A Smeaton home of the test's own (store, keys, uploads), shared with the worker."""
    monkeypatch.setenv("SMEATON_HOME", str(tmp_path / "home"))
    for variable in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def task_worker(home, transactional_db):
    """``smeaton worker``, running beside the live server on the test database."""
    process = subprocess.Popen([sys.executable, "-m", "smeaton.cli", "worker"],
                               env=worker_environment())
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_an_analyst_uploads_returns_watches_the_load_and_reads_its_problems(
        page, person, sign_in, accessible, task_worker, tmp_path):
    person(Role.ANALYST, "analyst", "Kim", "Patel")
    sign_in(page, "analyst")
    menu_link(page, "Returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returns")
    accessible(page)

    page.get_by_role("button", name="Upload returns").click()
    page.get_by_role("button", name="Upload and load").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the returns to upload")
    accessible(page)
    not_a_return = tmp_path / "staff.csv"
    not_a_return.write_text("Name,Team\nA,B\n")
    page.get_by_label("Returns").set_input_files([str(not_a_return)])
    page.get_by_role("button", name="Upload and load").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "staff.csv is not a return Smeaton can read")

    page.get_by_label("Returns").set_input_files([str(CIN_2024)])
    page.get_by_role("button", name="Upload and load").click()
    # Its number follows earlier loads (the demo's, other tests'): whichever, a load.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Load \d+$"))
    accessible(page)
    # The page looks again by itself until the worker has stored the load.
    # A generous wait: the worker shares the machine with the browser and the server.
    expect(page.get_by_text("Load stored")).to_be_visible(timeout=180_000)
    accessible(page)

    page.get_by_role("link", name="Read the problem report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem report")
    accessible(page)
    # What DfE's rules found, most rows first; sorted again by code; one rule's problems.
    rules = page.get_by_role("table", name=re.compile("^What each rule found"))
    expect(rules).to_be_visible()
    expect(rules.locator("th[aria-sort=descending]")).to_have_text("Rows")
    rules.get_by_role("link", name="Rule", exact=True).click()
    rules = page.get_by_role("table", name=re.compile("^What each rule found"))
    expect(rules.locator("th[aria-sort=ascending]")).to_have_text("Rule")
    accessible(page)
    first = rules.locator("tbody tr").first.get_by_role("link")
    code = first.inner_text().removeprefix("Problems found by rule ").strip()
    first.click()
    expect(page.get_by_label("DfE rule", exact=True)).to_have_value(code)
    found = page.get_by_role("table", name="Problems", exact=True).locator("tbody tr")
    expect(found.first).to_contain_text(code)
    page.get_by_role("link", name="Clear the filters").click()
    every = page.get_by_role("table", name="Problems", exact=True)
    total = every.locator("tbody tr").count()
    page.get_by_label("Severity").select_option("warning")
    page.get_by_role("button", name="Filter").click()
    warnings = page.get_by_role("table", name="Problems", exact=True).locator("tbody tr")
    expect(warnings.first).to_contain_text("Warning")
    assert warnings.count() < total
    accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Excel").click()
    assert re.fullmatch(r"problems-load-\d+\.xlsx", download.value.suggested_filename)
    # Each page of the report read, and the download: the report, sorted, one rule's
    # problems, the filters cleared, the warnings, and the Excel.
    assert ChildLevelRead.objects.filter(user__username="analyst").count() == 6

    page.set_viewport_size({"width": 375, "height": 800})
    accessible(page)
