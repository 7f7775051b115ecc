"""Two-factor authentication in a real browser: an administrator sets up an authenticator
app at first sign-in, saves recovery codes, and later signs in with each."""

import re
import time
from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from smeaton.web.accounts.models import Role
from tests.browser.conftest import menu_link
from tests.conftest import PASSWORD


def app_code(secret: str, steps_on: int = 0) -> str:
    """What an authenticator app shows for the secret typed from the page."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, t0=-steps_on * 30):06d}"


def password(page, username):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_administrator_sets_up_an_app_then_signs_in_with_it_and_a_recovery_code(
        page, person, accessible):
    person(Role.ADMINISTRATOR, "alex", "Alex")
    page.goto("/people/")
    password(page, "alex")  # from the sign-in page the /people/ visit led to
    page.goto("/people/")

    # Sent to set up an app, and nowhere else: the menu offers only signing out.
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_text("you cannot use Smeaton until you have")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link")).to_have_count(0)
    qr = page.get_by_role("img", name=re.compile("QR code for adding Smeaton"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("image => image.naturalWidth") > 0  # the browser drew it
    accessible(page)
    secret = page.locator(".smeaton-secret-key code").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)

    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The security code must be 6 numbers")
    expect(summary).to_be_focused()
    accessible(page)
    page.get_by_label("Security code").fill(app_code(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Your recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    accessible(page)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", name="People")).to_be_visible()

    # The next sign-in asks for the code the app shows.
    page.get_by_role("button", name="Sign out").click()
    password(page, "alex")
    expect(page.get_by_role("heading", name="Enter the security code from your "
                                              "authenticator app")).to_be_visible()
    accessible(page)
    page.get_by_label("Security code").fill(app_code(secret, steps_on=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Alex")).to_be_visible()

    # Without the app to hand, a recovery code does instead, once.
    page.get_by_role("button", name="Sign out").click()
    password(page, "alex")
    page.get_by_role("link", name="I cannot use my authenticator app").click()
    expect(page.get_by_role("heading", name="Enter a recovery code")).to_be_visible()
    accessible(page)
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a recovery code. You have 9 left.")).to_be_visible()
    accessible(page)

    page.get_by_role("button", name="Sign out").click()
    password(page, "alex")
    page.get_by_role("link", name="I cannot use my authenticator app").click()
    time.sleep(1.1)  # django-otp's wait after a wrong code is a second; here none is due
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The recovery code is not correct, or it has been used already")
    accessible(page)


def test_anyone_may_choose_two_factor_from_their_account(page, person, sign_in, accessible):
    person(Role.VIEWER, "chris", "Chris")
    sign_in(page, "chris")
    menu_link(page, "Your account").click()
    expect(page.get_by_text("You have not set up two-factor authentication")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Set up two-factor authentication").click()
    secret = page.locator(".smeaton-secret-key code").inner_text()
    expect(page.get_by_role("link", name="Back to your account")).to_be_visible()
    page.get_by_label("Security code").fill(app_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="I have saved my recovery codes").click()

    menu_link(page, "Your account").click()
    expect(page.get_by_text("You have 10 recovery codes left.")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Make new recovery codes").click()
    expect(page.get_by_text("Smeaton showed them once")).to_be_visible()
    accessible(page)
    # New codes need a code from the app: without one, a GOV.UK error.
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the security code")
    # The code used to set up the app cannot be used again: the app's next one.
    page.get_by_label("Security code").fill(app_code(secret, steps_on=1))
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
