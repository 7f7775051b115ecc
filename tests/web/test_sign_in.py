"""Signing in and out: argon2 hashes, throttling, session rotation and idle timeout."""

import ipaddress
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from smeaton.web.accounts.middleware import LAST_SEEN
from smeaton.web.accounts.models import Role
from tests.conftest import PASSWORD

SIGN_IN = reverse("accounts:sign-in")


def sign_in(client, username, password=PASSWORD, next_url=""):
    return client.post(SIGN_IN, {"username": username, "password": password, "next": next_url})


@pytest.fixture
def owner(make_user):
    return make_user(Role.CONTRIBUTOR, password=True, username="sam")


def test_passwords_are_stored_as_argon2_hashes(owner):
    assert owner.password.startswith("argon2$argon2id$")


def test_every_page_needs_sign_in(client, db):
    response = client.get(reverse("accounts:people"))
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/people/"


def test_signing_in_goes_to_the_page_asked_for(client, owner):
    response = sign_in(client, "sam", next_url="/account/")
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/account/").context["user"] == owner


def test_signing_in_refuses_a_next_page_elsewhere(client, owner):
    response = sign_in(client, "sam", next_url="https://elsewhere.example/")
    assert response["Location"] == reverse("home")


def test_a_wrong_password_gets_a_clear_message_that_names_neither_field(client, owner):
    response = sign_in(client, "sam", password="wrong-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert response.context["user"].is_anonymous


def test_an_unknown_username_gets_the_same_message(client, owner):
    unknown = sign_in(client, "nobody", password="wrong-password").content.decode()
    assert "Enter a correct username and password" in unknown


def test_empty_fields_are_named(client, db):
    page = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in page
    assert "Enter your password" in page
    assert "<title>Error: Sign in" in page


def test_a_closed_account_cannot_sign_in(client, make_user):
    make_user(Role.VIEWER, password=True, username="gone", is_active=False)
    response = sign_in(client, "gone")
    assert response.status_code == 200
    assert response.context["user"].is_anonymous


def test_repeated_failures_lock_the_account_from_that_address(client, owner, make_user):
    warnings = []
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "sam", password="guess")
        assert response.status_code == 200
        warnings.append(next((e for e in response.context["form"].non_field_errors()
                              if "more attempt" in e), None))
    assert warnings == [
        None, None,
        "You have 2 more attempts before sign-in to this account is locked for 15 minutes.",
        "You have 1 more attempt before sign-in to this account is locked for 15 minutes."]
    locked = sign_in(client, "sam", password="guess")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many attempts to sign in" in page
    assert "for 15 minutes" in page
    # Even the right password is refused while the lock lasts...
    assert sign_in(client, "sam").status_code == 429
    # ...but someone else at the same address can still sign in.
    make_user(Role.VIEWER, password=True, username="kim")
    assert sign_in(client, "kim").status_code == 302


def test_the_session_id_changes_at_sign_in(client, owner):
    client.get(SIGN_IN)
    session = client.session
    session["visited"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client, "sam")
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def idle_for(client, minutes):
    """Make the signed-in session look as if it was last used some minutes ago."""
    session = client.session
    session[LAST_SEEN] = time.time() - minutes * 60
    session.save()


def test_activity_keeps_the_session_alive(client_as, owner):
    client = client_as(owner)
    idle_for(client, settings.SESSION_IDLE_MINUTES - 1)
    assert client.get("/account/").status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 5  # the activity was recorded
    assert client.get("/account/").status_code == 200


def test_an_idle_session_ends_and_signing_in_again_returns_to_the_page(client_as, owner):
    client = client_as(owner)
    idle_for(client, settings.SESSION_IDLE_MINUTES + 1)

    response = client.get("/people/?page=2")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/people/%3Fpage%3D2"

    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used Smeaton for 30 minutes" in page
    # Said once: reloading the sign-in page does not say it again.
    assert "You were signed out" not in client.get(SIGN_IN).content.decode()

    assert sign_in(client, "sam", next_url="/account/")["Location"] == "/account/"


def test_signing_out_is_not_mistaken_for_a_timeout(client_as, owner):
    client = client_as(owner)
    page = client.post(reverse("accounts:sign-out"), follow=True).content.decode()
    assert "You were signed out because" not in page


def test_sessions_have_an_absolute_limit_however_active(client, owner, settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    start = time.time()
    with time_machine.travel(start, tick=False):
        assert sign_in(client, "sam").status_code == 302
    # Busy all day: a page every 20 minutes keeps the session from idling out...
    for minutes in range(20, 10 * 60, 20):
        with time_machine.travel(start + minutes * 60, tick=False):
            assert client.get("/account/").status_code == 200, minutes
    # ...but 10 hours after signing in it ends.
    with time_machine.travel(start + 10 * 3600 + 60, tick=False):
        assert client.get("/account/")["Location"].startswith(SIGN_IN)


def test_closing_an_account_ends_its_sessions_for_good(client, owner):
    sign_in(client, "sam")
    assert client.get("/account/").status_code == 200
    owner.is_active = False
    owner.save()
    owner.is_active = True
    owner.save()  # reopened: the old session does not come back
    assert client.get("/account/")["Location"].startswith(SIGN_IN)


def test_signing_out_is_a_form_and_ends_the_session(client_as, owner):
    client = client_as(owner)
    confirm = client.get(reverse("accounts:sign-out"))
    assert confirm.status_code == 200
    assert client.get("/account/").status_code == 200  # opening the page signs no one out
    response = client.post(reverse("accounts:sign-out"), follow=True)
    assert "You have signed out" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_opening_sign_out_when_signed_out_goes_to_sign_in(client, db):
    assert client.get(reverse("accounts:sign-out"))["Location"] == reverse("accounts:sign-in")


def test_a_signed_in_person_visiting_sign_in_goes_home(client_as, owner):
    assert client_as(owner).get(SIGN_IN)["Location"] == reverse("home")


def test_password_change_errors_say_which_field_and_what_to_do(client_as, owner):
    client = client_as(owner)
    page = client.post("/account/password/", {}).content.decode()
    for message in ["Enter your current password", "Enter a new password",
                    "Confirm your new password"]:
        assert message in page
    page = client.post("/account/password/", {
        "old_password": "wrong", "new_password1": "a-long-new-passphrase",
        "new_password2": "a-long-new-passphrase"}).content.decode()
    assert "Your current password is not correct" in page
    page = client.post("/account/password/", {
        "old_password": PASSWORD, "new_password1": "a-long-new-passphrase",
        "new_password2": "another-long-passphrase"}).content.decode()
    assert "The new passwords do not match" in page


def sign_in_from(client, address, username, password=PASSWORD):
    """A sign-in through a proxy at 127.0.0.1 (the test client's address) that says the
    client is at ``address``."""
    return client.post(SIGN_IN, {"username": username, "password": password},
                       HTTP_X_FORWARDED_FOR=address)


def test_behind_a_trusted_proxy_a_guesser_locks_only_their_own_address(client, owner,
                                                                        settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, "203.0.113.5", "sam", password="guess")
    assert sign_in_from(client, "203.0.113.5", "sam").status_code == 429
    # Sam, at another address behind the same proxy, is not locked out.
    assert sign_in_from(client, "198.51.100.7", "sam").status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_not_believed(client, owner,
                                                                      settings):
    settings.TRUSTED_PROXIES = []
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # A guesser who writes a new address into the header each time gains nothing.
        sign_in_from(client, f"203.0.113.{attempt}", "sam", password="guess")
    assert sign_in_from(client, "198.51.100.7", "sam").status_code == 429


@pytest.mark.parametrize(("remote", "forwarded", "client_is"), [
    ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
    ("127.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the client's own claim ignored
    ("127.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # through two trusted proxies
    ("127.0.0.1", "", "127.0.0.1"),
    ("127.0.0.1", "not-an-address", "127.0.0.1"),
    ("192.0.2.9", "203.0.113.5", "192.0.2.9"),  # not through the proxy: header ignored
])
def test_the_clients_address_is_read_from_the_right(rf, settings, remote, forwarded,
                                                    client_is):
    from smeaton.web.accounts.addresses import client_address

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32"),
                                ipaddress.ip_network("10.0.0.0/8")]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client_is


def test_only_a_trusted_proxy_may_say_a_request_came_over_https(rf, settings):
    from smeaton.web.accounts.addresses import forwarded_only_from_trusted_proxies

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.5/32")]
    secure = forwarded_only_from_trusted_proxies(lambda request: request.is_secure())
    assert secure(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https"))
    assert not secure(rf.get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_PROTO="https"))
