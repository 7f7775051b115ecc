"""Signing in through the council's identity provider: a real OpenID Connect provider
(tests/oidc_provider) in a process of its own, the person's browser played by the test
client on Smeaton's side and a requests session on the provider's."""

import re
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from smeaton.web.accounts import oidc, two_factor
from smeaton.web.accounts.models import Role, User
from smeaton.web.audit.trail import trail
from tests.conftest import PASSWORD
from tests.oidc_provider.server import PASSWORD as COUNCIL_PASSWORD
from tests.oidc_provider.server import Provider

SMEATON = "http://testserver"  # the test client's address for Smeaton


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = Provider(tmp_path_factory.mktemp("provider"), [SMEATON]).start()
    yield running
    running.stop()


@pytest.fixture
def configured(db, settings, provider):
    """Smeaton configured for the provider, as SMEATON_OIDC_* would configure it."""
    settings.IDENTITY_PROVIDER = provider.settings()
    settings.CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {settings.IDENTITY_PROVIDER.origin}")
    provider.set_groups({})
    return provider


class Person:
    """Someone signing in: the test client at Smeaton, a browser's session at the provider."""

    def __init__(self, client, username):
        self.client, self.username = client, username
        self.at_provider = requests.Session()

    def sign_in(self, next_url="/"):
        """Smeaton's "Sign in with ..." button, the provider's sign-in page if the provider
        does not know them yet, and back to Smeaton: Smeaton's last response."""
        start = self.client.get(f"/sign-in/provider/?next={next_url}")
        assert start.status_code == 302, start.content
        response = self.at_provider.get(start["Location"], allow_redirects=False)
        if "/login/" in response.headers.get("Location", ""):
            response = self.sign_in_at_provider(urljoin(start["Location"],
                                                        response.headers["Location"]))
        back = response.headers["Location"]
        assert back.startswith(f"{SMEATON}/sign-in/provider/callback/?"), back
        return self.client.get(back.removeprefix(SMEATON))

    def sign_in_at_provider(self, login_url):
        issuer = urlsplit(login_url)
        base = f"{issuer.scheme}://{issuer.netloc}"
        page = self.at_provider.get(login_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        next_url = parse_qs(urlsplit(page.url).query)["next"][0]
        signed_in = self.at_provider.post(f"{base}/login/", allow_redirects=False, data={
            "csrfmiddlewaretoken": token, "username": self.username,
            "password": COUNCIL_PASSWORD, "next": next_url}, headers={"Referer": page.url})
        assert signed_in.status_code == 302, "the provider refused the password"
        return self.at_provider.get(base + signed_in.headers["Location"],
                                    allow_redirects=False)

    def sign_out(self):
        """Smeaton's sign-out button, then the provider's end of it: the last response."""
        response = self.client.post(reverse("accounts:sign-out"))
        if response["Location"].startswith(SMEATON) or response["Location"].startswith("/"):
            return response
        return self.at_provider.get(response["Location"], allow_redirects=False)


def test_the_sign_in_page_offers_the_provider_beside_passwords(client, configured):
    page = client.get("/sign-in/?next=/people/").content.decode()
    assert "Sign in with your Plymouth account" in page
    assert 'href="/sign-in/provider/?next=/people/"' in page
    assert "Or sign in with a Smeaton username and password" in page


def test_a_first_sign_in_makes_the_account_with_the_role_from_the_groups(client, configured):
    configured.set_groups({"jo.hughes": ["sg-all-staff", "sg-smeaton-leaders"]})
    response = Person(client, "jo.hughes").sign_in(next_url="/people/")
    assert response["Location"] == "/people/"
    assert client.get("/people/").status_code == 200

    jo = User.objects.get(username="jo.hughes")
    assert (jo.first_name, jo.last_name, jo.email, jo.role) == (
        "Jo", "Hughes", "jo.hughes@plymouth.example", Role.LEADERSHIP)
    assert jo.signs_in_through_provider and not jo.has_usable_password()
    assert client.session[BACKEND_SESSION_KEY] == two_factor.PROVIDER_BACKEND
    entry = trail(jo)[0]
    assert entry.reason == "First signed in through your Plymouth account"
    assert entry.who == "Jo Hughes"
    page = client.get("/account/").content.decode()
    assert "You sign in with your Plymouth account" in page
    assert "Change your password" not in page and "Two-factor authentication" not in page


def test_the_role_follows_the_groups_at_each_sign_in(client, configured):
    configured.set_groups({"kim.patel": ["sg-smeaton-readers"]})
    kim = Person(client, "kim.patel")
    kim.sign_in()
    assert User.objects.get(username="kim.patel").role == Role.VIEWER
    assert client.get("/admin/").status_code == 403
    kim.sign_out()

    # The council moves Kim to the analysts and the administrators: the first group
    # mapped, in SMEATON_OIDC_ROLE_GROUPS's order, gives the role.
    configured.set_groups({"kim.patel": ["sg-smeaton-analysts", "sg-smeaton-admins"]})
    kim.sign_in()
    person = User.objects.get(username="kim.patel")
    assert person.role == Role.ADMINISTRATOR
    entry = trail(person)[0]
    assert entry.reason == "Role from your Plymouth account's groups at sign-in"
    assert [(c.field, c.before, c.after) for c in entry.changes] == [
        ("role", "Viewer", "Administrator")]
    # The provider asked for its own second factor: Smeaton does not ask again.
    assert client.get("/admin/").status_code == 200
    # A sign-in that changes nothing adds nothing to the audit trail.
    kim.sign_out()
    kim.sign_in()
    assert len(trail(person)) == 2


def test_someone_in_no_mapped_group_is_refused_and_told_why(client, configured):
    configured.set_groups({"jo.hughes": ["sg-all-staff"]})
    response = Person(client, "jo.hughes").sign_in()
    assert response["Location"] == reverse("accounts:sign-in-refused")
    page = client.get(response["Location"]).content.decode()
    assert "You do not have access to Smeaton" in page
    assert "is not in any of the groups that give people access to Smeaton" in page
    assert not User.objects.filter(username="jo.hughes").exists()
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_someone_removed_from_every_group_loses_access_at_their_next_sign_in(
        client, configured):
    configured.set_groups({"jo.hughes": ["sg-smeaton-leaders"]})
    jo = Person(client, "jo.hughes")
    jo.sign_in()
    jo.sign_out()
    configured.set_groups({"jo.hughes": []})
    assert jo.sign_in()["Location"] == reverse("accounts:sign-in-refused")
    assert User.objects.get(username="jo.hughes").role == Role.LEADERSHIP  # kept, unused
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_a_closed_account_is_refused(client, configured):
    configured.set_groups({"jo.hughes": ["sg-smeaton-leaders"]})
    jo = Person(client, "jo.hughes")
    jo.sign_in()
    jo.sign_out()
    User.objects.filter(username="jo.hughes").update(is_active=False)
    assert jo.sign_in()["Location"] == reverse("accounts:sign-in-refused")
    assert "Your Smeaton account is closed" in client.get(
        reverse("accounts:sign-in-refused")).content.decode()


def test_a_closed_accounts_session_ends(client, configured):
    configured.set_groups({"jo.hughes": ["sg-smeaton-leaders"]})
    Person(client, "jo.hughes").sign_in()
    User.objects.filter(username="jo.hughes").update(is_active=False)
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_a_username_already_used_by_a_password_account_is_not_taken_over(
        client, configured, make_user):
    local = make_user(Role.VIEWER, password=True, username="jo.hughes")
    configured.set_groups({"jo.hughes": ["sg-smeaton-admins"]})
    response = Person(client, "jo.hughes").sign_in()
    assert response["Location"] == reverse("accounts:sign-in-refused")
    assert "Your account needs your Smeaton administrator" in client.get(
        response["Location"]).content.decode()
    local.refresh_from_db()
    assert (local.role, local.provider_subject) == (Role.VIEWER, None)


def test_signing_out_ends_the_providers_session_too(client, configured):
    configured.set_groups({"jo.hughes": ["sg-smeaton-leaders"]})
    jo = Person(client, "jo.hughes")
    jo.sign_in()
    id_token = client.session[oidc.ID_TOKEN]

    response = client.post(reverse("accounts:sign-out"))
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}/o/logout/" == (
        f"{configured.issuer}/logout/")
    query = parse_qs(end_session.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{SMEATON}/sign-in/"]
    assert client.get("/account/")["Location"].startswith("/sign-in/")  # out of Smeaton

    back = jo.at_provider.get(response["Location"], allow_redirects=False)
    assert back.headers["Location"] == f"{SMEATON}/sign-in/"
    assert "You have signed out" in client.get("/sign-in/").content.decode()
    # The provider asks for the password again: its session has ended too.
    start = client.get("/sign-in/provider/")
    assert "/login/" in jo.at_provider.get(start["Location"],
                                           allow_redirects=False).headers["Location"]


def test_without_the_providers_mfa_trusted_smeaton_asks_for_its_own(client, configured,
                                                                    settings):
    settings.IDENTITY_PROVIDER = configured.settings(trusts_provider_mfa=False)
    configured.set_groups({"jo.hughes": ["sg-smeaton-admins"]})
    Person(client, "jo.hughes").sign_in(next_url="/admin/")
    assert client.get("/admin/")["Location"] == "/account/two-factor/?next=/admin/"


def test_cancelling_at_the_provider_says_so(client, configured):
    start = client.get("/sign-in/provider/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(f"/sign-in/provider/callback/?error=access_denied&state={state}")
    assert response["Location"] == reverse("accounts:sign-in-refused")
    assert "You did not finish signing in" in client.get(response["Location"]).content.decode()


def test_a_provider_that_cannot_be_reached_gets_a_page_saying_so(client, db, settings,
                                                                 configured):
    oidc._discovered.clear()
    settings.IDENTITY_PROVIDER = configured.settings(issuer="http://127.0.0.1:9/nowhere")
    response = client.get("/sign-in/provider/")
    assert response.status_code == 503
    assert "Sorry, you cannot sign in with your Plymouth account at the moment" in (
        response.content.decode())


def test_a_discovery_document_for_another_issuer_is_not_trusted(client, db, settings,
                                                                configured):
    # The provider's own document, asked for at another address that claims to be it.
    settings.IDENTITY_PROVIDER = configured.settings(
        issuer=configured.issuer.replace("127.0.0.1", "localhost"))
    with pytest.raises(oidc.ProviderUnavailable, match="names the issuer"):
        oidc.discovery(settings.IDENTITY_PROVIDER)


def test_password_sign_in_may_be_turned_off(client, configured, settings, make_user):
    make_user(Role.VIEWER, password=True, username="sam")
    settings.LOCAL_SIGN_IN = False
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with your Plymouth account" in page
    assert 'name="password"' not in page
    response = client.post("/sign-in/", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 405
    assert client.get("/account/")["Location"].startswith("/sign-in/")


# --- The ID token's checks, with tokens signed as a provider would sign them -------------

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def id_token(**claims):
    now = int(time.time())
    claims = {"iss": "https://login.example.org/t/v2.0", "aud": "smeaton", "sub": "abc",
              "iat": now, "exp": now + 300} | claims
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, KEY,
                      algorithm="RS256")


@pytest.fixture
def backend(configured):
    checker = oidc.ProviderBackend()
    checker.provider = configured.settings(issuer="https://login.example.org/t/v2.0")
    return checker


def test_a_good_id_token_is_accepted(backend):
    assert backend._verify_jws(id_token(), KEY.public_key())["sub"] == "abc"


@pytest.mark.parametrize(("claims", "why"), [
    ({"aud": "another-service"}, "audience"),
    ({"iss": "https://login.example.org/another-tenant/v2.0"}, "issuer"),
    ({"exp": int(time.time()) - 3600}, "expired"),
    ({"exp": None}, "exp"),
])
def test_an_id_token_for_elsewhere_or_out_of_date_is_refused(backend, claims, why):
    with pytest.raises(SuspiciousOperation, match=f"(?i){why}"):
        backend._verify_jws(id_token(**claims), KEY.public_key())


def test_an_id_token_signed_with_another_key_is_refused(backend):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SuspiciousOperation, match="Signature"):
        backend._verify_jws(id_token(), other.public_key())


def test_refusals_do_not_lock_others_at_the_same_address_out(client, configured, settings):
    configured.set_groups({"jo.hughes": [], "kim.patel": ["sg-smeaton-readers"]})
    jo = Person(client, "jo.hughes")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert jo.sign_in()["Location"] == reverse("accounts:sign-in-refused")
    assert Person(client, "kim.patel").sign_in()["Location"] == "/"
