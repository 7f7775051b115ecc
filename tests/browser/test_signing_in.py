"""A person signs in, makes a mistake, is timed out, and signs out, in a real browser."""

import time

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from smeaton.web.accounts.middleware import LAST_SEEN
from smeaton.web.accounts.models import Role
from tests.browser.conftest import menu_link


def test_signing_in_after_a_mistake(page, person, accessible):
    person(Role.CONTRIBUTOR, "sam", "Sam", "Taylor")
    page.goto("/")
    assert page.url.endswith("/sign-in/?next=/")
    page.keyboard.press("Tab")  # the first Tab reaches the skip link: nothing was focused
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    accessible(page)

    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(summary).to_be_focused()  # GOV.UK Frontend's script moved focus to it
    expect(page).to_have_title("Error: Sign in – Smeaton – Plymouth City Council")
    accessible(page)

    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Sam")).to_be_visible()
    expect(page.locator("main")).to_contain_text("You are signed in as contributor")
    # htmx is loaded, and every htmx request will carry the form-security token.
    assert page.evaluate("typeof htmx") == "object"
    assert "X-CSRFToken" in page.locator("body").get_attribute("hx-headers:inherited")
    accessible(page)


def test_signing_out(page, person, sign_in, accessible):
    person(Role.VIEWER, "chris", "Chris")
    sign_in(page, "chris")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    accessible(page)
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_timed_out_session_returns_to_the_page_after_signing_in(page, person, sign_in,
                                                                 accessible):
    person(Role.LEADERSHIP, "jo", "Jo")
    sign_in(page, "jo")
    for stored in Session.objects.all():  # Jo leaves her desk for 31 minutes
        session = SessionStore(session_key=stored.session_key)
        session[LAST_SEEN] = time.time() - 31 * 60
        session.save()

    menu_link(page, "People").click()
    expect(page.get_by_text("You were signed out because you had not used Smeaton")).to_be_visible()
    accessible(page)
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    accessible(page)


def test_the_menu_collapses_on_a_phone(page, person, sign_in):
    person(Role.ADMINISTRATOR, "alex", "Alex")
    page.set_viewport_size({"width": 375, "height": 700})
    sign_in(page, "alex")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()  # shown only once GOV.UK Frontend's script has run
    people = menu_link(page, "People")
    expect(people).to_be_hidden()
    menu.click()
    expect(people).to_be_visible()
