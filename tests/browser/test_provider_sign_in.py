"""Signing in through the council's identity provider in a real browser: Smeaton's
sign-in page, the provider's (tests/oidc_provider, a real OpenID Connect provider in a
process of its own), and back to Smeaton signed in with the role its groups give."""

import pytest
from playwright.sync_api import expect

from smeaton.web.accounts import oidc
from smeaton.web.accounts.models import Role, User
from tests.browser.conftest import menu_link
from tests.oidc_provider.server import PASSWORD, Provider


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    running = Provider(tmp_path_factory.mktemp("provider"), [live_server.url]).start()
    yield running
    running.stop()


@pytest.fixture
def configured(transactional_db, settings, provider):
    settings.IDENTITY_PROVIDER = provider.settings()
    settings.CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {settings.IDENTITY_PROVIDER.origin}")
    provider.set_groups({})
    return provider


def sign_in_at_the_council(page, username):
    expect(page.get_by_role("heading", name="Sign in to the council")).to_be_visible()
    page.get_by_label("Council username").fill(username)
    page.get_by_label("Council password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the council").click()


def test_a_leader_signs_in_and_out_through_the_councils_provider(page, configured,
                                                                 accessible):
    configured.set_groups({"jo.hughes": ["sg-all-staff", "sg-smeaton-leaders"]})
    page.goto("/people/")
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Or sign in with a Smeaton username and "
                                            "password")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Sign in with your Plymouth account").click()

    sign_in_at_the_council(page, "jo.hughes")
    expect(page.get_by_role("heading", name="People")).to_be_visible()  # the page asked for
    accessible(page)
    menu_link(page, "Home").click()
    expect(page.get_by_role("heading", name="Welcome, Jo")).to_be_visible()
    expect(page.locator("main")).to_contain_text("You are signed in as leadership")
    assert User.objects.get(username="jo.hughes").role == Role.LEADERSHIP
    menu_link(page, "Your account").click()
    expect(page.get_by_text("You sign in with your Plymouth account.")).to_be_visible()
    accessible(page)

    # Signing out signs out at the provider too, and comes back to Smeaton.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert page.url == f"{page.url.split('/sign-in/')[0]}/sign-in/"
    accessible(page)
    page.get_by_role("button", name="Sign in with your Plymouth account").click()
    # The provider asks for the password again: its session ended with Smeaton's.
    sign_in_at_the_council(page, "jo.hughes")
    expect(page.get_by_role("heading", name="Welcome, Jo")).to_be_visible()


def test_the_role_changes_with_the_groups_and_no_group_is_refused(page, configured,
                                                                  accessible):
    configured.set_groups({"kim.patel": ["sg-smeaton-readers"]})
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with your Plymouth account").click()
    sign_in_at_the_council(page, "kim.patel")
    expect(page.locator("main")).to_contain_text("You are signed in as viewer")
    page.get_by_role("button", name="Sign out").click()

    # The council moves Kim to the performance team: her next sign-in makes her an analyst.
    configured.set_groups({"kim.patel": ["sg-smeaton-analysts"]})
    page.get_by_role("button", name="Sign in with your Plymouth account").click()
    sign_in_at_the_council(page, "kim.patel")
    expect(page.locator("main")).to_contain_text("You are signed in as performance analyst")
    page.get_by_role("button", name="Sign out").click()

    # Then out of every group that gives access to Smeaton: refused, and told why.
    configured.set_groups({"kim.patel": ["sg-all-staff"]})
    page.get_by_role("button", name="Sign in with your Plymouth account").click()
    sign_in_at_the_council(page, "kim.patel")
    expect(page.get_by_role("heading", name="You do not have access to Smeaton")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Go to the sign-in page").click()
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()


def test_a_provider_out_of_reach_is_said_plainly(page, configured, settings, accessible):
    oidc._discovered.clear()
    settings.IDENTITY_PROVIDER = configured.settings(issuer="http://127.0.0.1:9/nowhere")
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with your Plymouth account").click()
    expect(page.get_by_role("heading", name="Sorry, you cannot sign in with your Plymouth "
                                            "account at the moment")).to_be_visible()
    accessible(page)
