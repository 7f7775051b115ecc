"""Two-factor authentication for password sign-in: setting up an authenticator app,
security codes, recovery codes, throttling, and who is asked."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from smeaton import config
from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import Role
from smeaton.web.accounts.roles import CHILD_LEVEL_ACCESS, SECOND_FACTOR_REQUIRED
from smeaton.web.audit.trail import trail
from tests.conftest import PASSWORD, security_code

SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:two-factor")
RECOVERY = reverse("accounts:recovery-code")
SET_UP = reverse("accounts:two-factor-setup")
CODES = reverse("accounts:recovery-codes")


def sign_in(client, username, next_url=""):
    return client.post(SIGN_IN, {"username": username, "password": PASSWORD, "next": next_url})


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMINISTRATOR, password=True, username="alex")


def set_up(client, user) -> list[str]:
    """Sign in with the password and set up an authenticator app; the recovery codes."""
    sign_in(client, user.username)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(SET_UP, {"code": security_code(device)})
    page = client.get(CODES).content.decode()
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page)


def test_administrators_and_everyone_with_child_level_access_must_use_it():
    assert {Role.ANALYST, Role.QA_LEAD} == CHILD_LEVEL_ACCESS
    assert {Role.ADMINISTRATOR, Role.ANALYST, Role.QA_LEAD} == SECOND_FACTOR_REQUIRED


def test_an_administrator_without_an_app_sets_one_up_before_anything_else(client, admin):
    response = sign_in(client, "alex", next_url="/people/")
    assert response["Location"] == "/people/"
    held = client.get("/people/")
    assert held["Location"] == f"{SET_UP}?next=/people/"

    page = client.get(held["Location"]).content.decode()
    assert "you cannot use Smeaton until you have" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, an image: no inline script
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    secret = two_factor.secret_in_text(device)
    assert secret in page and len(secret.replace(" ", "")) == 32
    assert "otpauth" not in page  # the secret is only in the QR code and in words
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    # The menu offers nothing but signing out.
    assert 'href="/people/"' not in page and "Sign out" in page

    # A mistake keeps the same secret, so the app's entry still works.
    page = client.post(SET_UP, {"code": "12345"}).content.decode()
    assert "The security code must be 6 numbers" in page
    assert two_factor.secret_in_text(device) in page

    confirmed = client.post(f"{SET_UP}?next=/people/", {"code": security_code(device),
                                                       "next": "/people/"})
    assert confirmed["Location"] == f"{CODES}?next=/people/"
    page = client.get(confirmed["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code) for code in codes)
    assert 'href="/people/"' in page  # on to the page asked for
    assert client.get("/people/").status_code == 200

    # The codes are shown once, and kept only as hashes.
    again = client.get(CODES).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 recovery codes left" in again
    kept = set(StaticToken.objects.values_list("token", flat=True))
    assert not kept & {code.replace("-", "") for code in codes}
    assert trail(admin)[0].reason == "Two-factor authentication set up"


def test_a_wrong_first_code_is_said_in_govuk_words(client, admin):
    sign_in(client, "alex")
    page = client.post(SET_UP, {"code": ""}).content.decode()
    assert "Enter the security code" in page
    assert "<title>Error: Set up two-factor authentication" in page
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    wrong = f"{(int(security_code(device)) + 1) % 1_000_000:06d}"
    page = client.post(SET_UP, {"code": wrong}).content.decode()
    assert "The security code is not correct or has expired" in page
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_the_next_sign_in_asks_for_the_code_and_a_code_works_once(client, admin):
    set_up(client, admin)
    client.post(reverse("accounts:sign-out"))
    device = TOTPDevice.objects.get(user=admin)

    sign_in(client, "alex", next_url="/account/")
    response = client.get("/account/")
    assert response["Location"] == f"{CODE}?next=/account/"
    page = client.get(response["Location"]).content.decode()
    assert "Enter the security code from your authenticator app" in page
    assert "I cannot use my authenticator app" in page

    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        code = security_code(device)
        response = client.post(CODE, {"code": code, "next": "/account/"})
        assert response["Location"] == "/account/"
        assert client.get("/account/").status_code == 200
        # The same code, a moment later in another session, is refused: it has been used.
        client.post(reverse("accounts:sign-out"))
        sign_in(client, "alex")
    with time_machine.travel(timezone.now() + timedelta(seconds=62)):
        page = client.post(CODE, {"code": code}).content.decode()
    assert "The security code is not correct or has expired" in page


def test_a_recovery_code_works_once(client, admin):
    codes = set_up(client, admin)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "alex")
    response = client.post(RECOVERY, {"code": codes[3].upper().replace("-", " "),
                                      "next": "/people/"})
    assert response["Location"] == "/people/"
    page = client.get("/people/").content.decode()
    assert "You used a recovery code. You have 9 left." in page

    client.post(reverse("accounts:sign-out"))
    sign_in(client, "alex")
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        page = client.post(RECOVERY, {"code": codes[3]}).content.decode()
    assert "The recovery code is not correct, or it has been used already" in page
    assert client.get("/people/")["Location"].startswith(CODE)


def test_new_recovery_codes_replace_the_old(client, admin):
    old = set_up(client, admin)
    device = TOTPDevice.objects.get(user=admin)
    # A signed-in session alone cannot make new codes: it takes a code from the app.
    for code in ("", "000000"):
        page = client.post(CODES, {"code": code}).content.decode()
        assert "There is a problem" in page
    assert two_factor.recovery_codes_left(admin) == 10
    # After django-otp's wait for the wrong code, and in a new 30-second step:
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = client.post(CODES, {"code": security_code(device)})
    assert response["Location"] == CODES
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", client.get(CODES).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.recovery_codes_left(admin) == 10
    assert trail(admin)[0].reason == "New recovery codes made"


def test_wrong_codes_lock_the_account_from_that_address_like_wrong_passwords(
        client, admin, settings):
    set_up(client, admin)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "alex")
    now = timezone.now()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Each wrong code doubles django-otp's wait before the next: wait it out.
        with time_machine.travel(now + timedelta(minutes=attempt + 1)):
            response = client.post(CODE, {"code": "000000"})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert AccessAttempt.objects.filter(username="alex (security code)").exists()
    # Signed out; signing in again with the password does not clear the count.
    assert client.get("/account/")["Location"].startswith(SIGN_IN)
    with time_machine.travel(now + timedelta(minutes=7)):
        assert sign_in(client, "alex").status_code == 302
        device = TOTPDevice.objects.get(user=admin)
        assert client.post(CODE, {"code": security_code(device)}).status_code == 429
    # After the lock's 15 minutes, the right code works.
    with time_machine.travel(now + timedelta(minutes=25)):
        sign_in(client, "alex")
        response = client.post(CODE, {"code": security_code(device), "next": "/account/"})
        assert response["Location"] == "/account/"


def test_a_second_wrong_code_waits_before_the_next(client, admin):
    set_up(client, admin)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "alex")
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        client.post(CODE, {"code": "000000"})
        page = client.post(CODE, {"code": "000001"}).content.decode()
    assert "Wait 1 second, then enter the code again: each wrong code makes the wait longer" in (
        page)


def test_others_are_not_asked_but_may_choose_to_use_it(client, make_user):
    viewer = make_user(Role.VIEWER, password=True, username="chris")
    assert sign_in(client, "chris", next_url="/account/")["Location"] == "/account/"
    page = client.get("/account/").content.decode()
    assert "You have not set up two-factor authentication" in page
    set_up(client, viewer)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "chris")
    assert client.get("/account/")["Location"].startswith(CODE)


def test_the_demo_asks_nobody(client, admin, settings):
    settings.SECOND_FACTOR_ROLES = frozenset()
    sign_in(client, "alex")
    assert client.get("/people/").status_code == 200


def provider(**changes):
    return config.IdentityProvider(
        issuer="https://login.example.org/tenant/v2.0", client_id="smeaton",
        client_secret="s", role_groups=(("administrator", "admins"),), **changes)


@pytest.mark.parametrize(("trusted", "asked"), [(True, False), (False, True)])
def test_those_signed_in_through_the_provider_are_asked_only_if_it_is_not_trusted(
        client, admin, settings, trusted, asked):
    settings.IDENTITY_PROVIDER = provider(trusts_provider_mfa=trusted)
    client.force_login(admin, backend=two_factor.PROVIDER_BACKEND)
    assert client.session[BACKEND_SESSION_KEY] == two_factor.PROVIDER_BACKEND
    response = client.get("/people/")
    assert (response.status_code == 302) == asked


def test_an_administrator_resets_a_lost_phone(client, admin, make_user):
    set_up(client, admin)  # the administrator, signed in past their own second factor
    analyst = make_user(Role.ANALYST, password=True, username="kim")
    TOTPDevice.objects.create(user=analyst, name="Phone", confirmed=True)
    two_factor.make_recovery_codes(analyst)
    response = client.post("/admin/accounts/user/", {
        "action": "reset_two_factor", "_selected_action": [analyst.pk]}, follow=True)
    assert "Two-factor authentication reset for 1 person" in response.content.decode()
    assert two_factor.authenticator(analyst) is None
    assert two_factor.recovery_device(analyst) is None
    entry = trail(analyst)[0]
    assert entry.reason == "Two-factor authentication reset" and entry.who == str(admin)

    client.post(reverse("accounts:sign-out"))
    sign_in(client, "kim")
    assert client.get("/")["Location"].startswith(SET_UP)


def test_the_admin_site_shows_how_a_person_signs_in_and_never_their_secrets(
        client_as, admin, make_user):
    analyst = make_user(Role.ANALYST, username="kim")
    device = TOTPDevice.objects.create(user=analyst, name="Phone", confirmed=True)
    page = client_as(admin).get(f"/admin/accounts/user/{analyst.pk}/change/").content.decode()
    assert "Authenticator app set up on" in page
    assert "A Smeaton username and password" in page
    assert device.key not in page
    assert client_as(admin).get("/admin/otp_totp/totpdevice/").status_code == 404


def test_replacing_the_app_takes_a_code_from_the_app_being_replaced(client, admin):
    set_up(client, admin)
    old = TOTPDevice.objects.get(user=admin, confirmed=True)
    client.get(SET_UP)
    new = TOTPDevice.objects.get(user=admin, confirmed=False)
    page = client.post(SET_UP, {"code": security_code(new), "current-code": "000000"})
    assert "The security code from the app you are replacing is not correct" in (
        page.content.decode())
    assert TOTPDevice.objects.get(user=admin, confirmed=True) == old
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = client.post(SET_UP, {"code": security_code(new),
                                        "current-code": security_code(old)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=admin, confirmed=True) == new


def test_recovery_codes_are_kept_under_a_key_a_database_copy_does_not_hold(client, admin):
    import hashlib

    codes = set_up(client, admin)
    kept = set(StaticToken.objects.values_list("token", flat=True))
    plain = {hashlib.sha256(code.replace("-", "").encode()).hexdigest()[:16] for code in codes}
    assert len(kept) == 10 and not kept & plain


def test_a_failed_code_is_not_kept_in_the_record_of_the_attempt(client, admin, settings):
    set_up(client, admin)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "alex")
    now = timezone.now()
    for attempt in range(2):
        with time_machine.travel(now + timedelta(minutes=attempt + 1)):
            client.post(CODE, {"code": "123456"})
    for attempt in AccessAttempt.objects.all():
        assert "123456" not in attempt.post_data
        assert "csrfmiddlewaretoken=" not in attempt.post_data or \
            "csrfmiddlewaretoken=********************" in attempt.post_data
