"""Playwright driving Debian's chromium against a live Smeaton, with axe-core checks.

Every page a test visits can be checked with ``accessible(page)``: a serious or
critical axe violation fails the test. Every test also fails if the browser refused
anything under the Content Security Policy.
"""

import json
import os
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from smeaton import config
from smeaton.web import demo
from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import Role, User
from tests.conftest import PASSWORD, security_code

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's synchronous API runs an event loop in this thread; the tests still
    # talk to the database synchronously, which is safe here and only here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                          "height": 900})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert not refused, f"The browser refused content under the CSP: {refused}"


@pytest.fixture
def accessible():
    """Check the page with axe-core; serious or critical violations fail the test."""
    source = AXE.read_text()

    def check(page):
        # Evaluated through the DevTools protocol, so the page's CSP does not apply.
        page.evaluate(source)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                               WCAG_TAGS)
        failures = [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "where": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert not failures, f"axe on {page.url}:\n{json.dumps(failures, indent=2)}"
        return result

    return check


# What the demo writes beside the database: the analytic store, the problem reports, the
# uploads, and the keys and table that re-identify a child.
DEMO_FILES = ("data", "reports", "uploads", "keys", "reidentification.sqlite3")


@pytest.fixture(scope="session")
def demo_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once per run and copied, database and files: loading it takes
    half a minute, putting the copy back well under a second. The browser tests run on
    SQLite, whose backup API copies a database that other connections have open."""
    copy = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock():
        demo.load()
        connection.ensure_connection()
        with closing(sqlite3.connect(copy / "database.sqlite3")) as database:
            connection.connection.backup(database)
    home = config.home().path
    for name in DEMO_FILES:
        _copy(home / name, copy / name)
    return copy


@pytest.fixture
def demo_council(transactional_db, demo_copy):
    """The whole demo, as ``smeaton demo`` prepares it today."""
    connection.ensure_connection()
    with closing(sqlite3.connect(demo_copy / "database.sqlite3")) as database:
        database.backup(connection.connection)
    home = config.home().path
    for name in DEMO_FILES:
        _copy(demo_copy / name, home / name)


def _copy(source: Path, target: Path) -> None:
    """Make target what source is, a folder or a file, or nothing if source is absent."""
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink(missing_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
    elif source.exists():
        shutil.copy2(source, target)


@pytest.fixture
def person(transactional_db):
    """Make a person who can sign in with the test password."""

    def make(role: Role, username: str, first_name: str = "", last_name: str = "") -> User:
        user = User(role=role, username=username, first_name=first_name, last_name=last_name)
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


def sign_in_with_password(page, username, password=PASSWORD):
    """Sign in as a person would, typing the code from their authenticator app after the
    password when Smeaton asks for one. Someone whose role needs a second factor has an
    app set up already (tests/browser/test_two_factor.py sets one up from the start)."""
    user = User.objects.get(username=username)
    device = two_factor.authenticator(user)
    if device is None and two_factor.must_use(user):
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.get_by_label("Security code").fill(unused_code(device))
        page.get_by_role("button", name="Continue").click()


def unused_code(device) -> str:
    """The app's code now, or, if that was used in the last 30 seconds (signing in twice
    in one test), the next one, which django-otp also accepts."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step)
    ahead = max(0, device.last_t + 1 - now)
    if ahead > 1:
        time.sleep(device.step)
        return unused_code(device)
    return security_code(device, steps_on=ahead)


@pytest.fixture
def sign_in():
    return sign_in_with_password


def menu_link(page, name: str):
    """A link in the service navigation (the home page repeats some of them)."""
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True)
