"""The frame's pages in a real browser: refused records, error pages, people, the admin."""

import pytest
from playwright.sync_api import expect

from smeaton.web.accounts.models import Role
from tests.browser.conftest import menu_link


@pytest.fixture
def leader(person):
    return person(Role.LEADERSHIP, "jo", "Josephine", "Quartermain")


def test_a_refused_record_shows_the_403_page_and_nothing_of_the_record(page, person, leader,
                                                                       sign_in, accessible):
    person(Role.VIEWER, "chris", "Chris")
    sign_in(page, "chris")
    response = page.goto(f"/people/{leader.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Quartermain")
    accessible(page)


def test_a_missing_page_shows_the_404_page(page, leader, sign_in, accessible):
    sign_in(page, "jo")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    accessible(page)


@pytest.mark.urls("tests.web.test_error_pages")
def test_a_failure_shows_the_500_page(page, leader, sign_in, accessible):
    sign_in(page, "jo")
    response = page.goto("/broken/")
    assert response.status == 500
    expect(page.get_by_role("heading", name="Sorry, there is a problem with the service")
           ).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("RuntimeError")
    accessible(page)


def test_a_stale_form_shows_the_form_expired_page(page, leader, accessible):
    page.goto("/sign-in/")
    page.context.clear_cookies()  # as if the security cookie had expired
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your form could not be sent")).to_be_visible()
    accessible(page)


def test_leadership_reads_a_persons_page_and_its_audit_trail(page, leader, person, sign_in,
                                                             accessible):
    owner = person(Role.CONTRIBUTOR, "sam", "Sam", "Taylor")
    owner.job_title = "Service Manager, Fostering"
    owner.save()
    sign_in(page, "jo")
    menu_link(page, "People").click()
    accessible(page)
    page.get_by_role("link", name="Sam Taylor").click()
    expect(page.get_by_role("heading", name="Sam Taylor")).to_be_visible()
    trail = page.get_by_role("region", name="Audit trail")
    expect(trail).to_contain_text("Service Manager, Fostering")
    accessible(page)


def test_changing_a_password(page, person, sign_in, accessible):
    person(Role.CONTRIBUTOR, "sam", "Sam")
    sign_in(page, "sam")
    menu_link(page, "Your account").click()
    page.get_by_role("link", name="Change your password").click()
    page.get_by_role("button", name="Change password").click()
    summary = page.locator(".govuk-error-summary")
    for message in ["Enter your current password", "Enter a new password",
                    "Confirm your new password"]:
        expect(summary).to_contain_text(message)
    page.get_by_label("Current password").fill("correct-horse-battery")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm new password").fill("short")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your new password must be 12 characters or more")
    accessible(page)
    page.get_by_label("Current password").fill("correct-horse-battery")
    page.get_by_label("New password", exact=True).fill("a-much-longer-passphrase")
    page.get_by_label("Confirm new password").fill("a-much-longer-passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    accessible(page)
    # Still signed in: changing the password kept this session.
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def test_an_administrator_manages_people_in_the_admin_site(page, person, sign_in):
    person(Role.ADMINISTRATOR, "alex", "Alex")
    sign_in(page, "alex")
    menu_link(page, "Administration").click()
    expect(page.get_by_role("heading", name="People and reference data")).to_be_visible()
    page.get_by_role("link", name="Service areas").click()
    page.get_by_role("link", name="Add service area").click()
    page.get_by_label("Name:").fill("Youth justice")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
