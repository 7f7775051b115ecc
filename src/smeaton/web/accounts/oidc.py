"""Signing in through the council's identity provider, with OpenID Connect's
authorisation code flow (mozilla-django-oidc, with PKCE, a nonce and the state).

The provider is configured by SMEATON_OIDC_* (``settings.IDENTITY_PROVIDER``, see
smeaton.config): its endpoints come from its discovery document. Each sign-in:

- checks the ID token's signature (RS256, from the provider's published keys), issuer,
  audience, expiry and nonce;
- finds the person by the provider's subject (``sub``) and creates or updates their
  account: name, email and role, each change in the account's audit trail;
- takes the role from the groups claim, through SMEATON_OIDC_ROLE_GROUPS. Someone in
  none of the mapped groups is refused, with a page that says why: nobody is given a
  role by default.

Signing out ends the provider's session too (RP-initiated logout) when the provider
publishes an end_session_endpoint.
"""

import logging
import threading
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from smeaton.web.accounts.permissions import GrantsNothing
from smeaton.web.accounts.roles import Role

log = logging.getLogger(__name__)

SIGNING_ALGORITHM = "RS256"
TIMEOUT_SECONDS = 10
DISCOVERY_LIFETIME_SECONDS = 3600
ID_TOKEN = "oidc_id_token"  # noqa: S105  where mozilla-django-oidc keeps it in the session
REFUSAL = "smeaton_sign_in_refused"

# Why a sign-in through the provider was refused: the refusal page's words for each.
NO_ROLE, CLOSED, USERNAME_TAKEN, CANCELLED, FAILED = (
    "no-role", "closed", "username-taken", "cancelled", "failed")


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read, or was not the provider's."""


# --- The provider's discovery document ---------------------------------------------------

_discovered: dict[str, tuple[float, dict]] = {}
_discovery_lock = threading.Lock()


def discovery(provider) -> dict:
    """The provider's discovery document, read at first use and again after an hour."""
    with _discovery_lock:
        fetched = _discovered.get(provider.discovery_url)
        if fetched and time.monotonic() - fetched[0] < DISCOVERY_LIFETIME_SECONDS:
            return fetched[1]
        try:
            response = requests.get(provider.discovery_url, timeout=TIMEOUT_SECONDS)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(
                f"Could not read {provider.discovery_url}: {error}") from error
        if str(document.get("issuer", "")).rstrip("/") != provider.issuer.rstrip("/"):
            raise ProviderUnavailable(
                f"{provider.discovery_url} names the issuer {document.get('issuer')!r}, "
                f"not SMEATON_OIDC_ISSUER {provider.issuer!r}")
        _discovered[provider.discovery_url] = (time.monotonic(), document)
        return document


ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def provider_setting(attr, *default):
    """mozilla-django-oidc's settings, from SMEATON_OIDC_* and the discovery document
    rather than from one Django setting each."""
    provider = settings.IDENTITY_PROVIDER
    if provider is not None:
        if attr in ENDPOINTS:
            return discovery(provider).get(ENDPOINTS[attr])
        fixed = {
            "OIDC_RP_CLIENT_ID": provider.client_id,
            "OIDC_RP_CLIENT_SECRET": provider.client_secret,
            "OIDC_RP_SCOPES": provider.scopes,
            "OIDC_RP_SIGN_ALGO": SIGNING_ALGORITHM,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_USE_PKCE": True,
            "OIDC_USE_NONCE": True,
            "OIDC_STORE_ID_TOKEN": True,
            "OIDC_CREATE_USER": True,
            "OIDC_TIMEOUT": TIMEOUT_SECONDS,
            "OIDC_VERIFY_SSL": True,
            "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:provider-callback",
        }
        if attr in fixed:
            return fixed[attr]
    return import_from_settings(attr, *default)


def not_a_password(request, credentials) -> bool:
    """For sign-in throttling (AXES_WHITELIST_CALLABLE): a sign-in through the provider
    (a nonce, no username) is not a guess at a password, and its refusals (someone in no
    mapped group) must not lock everyone behind the council's address out. The provider
    throttles its own sign-ins."""
    return bool(credentials) and "nonce" in credentials and not credentials.get("username")


def refuse(request, reason: str) -> None:
    """Say on the refusal page why this sign-in was refused."""
    request.session[REFUSAL] = reason


# --- The authentication backend ----------------------------------------------------------


class ProviderBackend(GrantsNothing, OIDCAuthenticationBackend):
    """Signs in a person the provider vouches for. Answers no permission question."""

    get_settings = staticmethod(provider_setting)

    def __init__(self, *args, **kwargs):
        # The endpoints are read when someone signs in, not when Django loads backends:
        # an installation without a provider, or with one that is down, still starts.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        provider = settings.IDENTITY_PROVIDER
        # Only the callback's call (a nonce, no username) is for this backend.
        if provider is None or request is None or "nonce" not in kwargs:
            return None
        self.provider = provider
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = SIGNING_ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            document = discovery(provider)
            self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
            self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
            self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
            return super().authenticate(request, **kwargs)
        except (ProviderUnavailable, KeyError, requests.RequestException,
                SuspiciousOperation) as error:
            log.warning("Sign-in through %s failed: %s", provider.issuer, error)
            if REFUSAL not in request.session:
                refuse(request, FAILED)
            return None

    def get_user(self, user_id):
        # Django's own check, which mozilla-django-oidc's leaves out: a closed account's
        # session ends at its next request.
        return ModelBackend.get_user(self, user_id)

    def _verify_jws(self, payload, key):
        """The ID token's signature, and what mozilla-django-oidc does not check: that it
        is from this issuer, for this client, and not expired."""
        try:
            return jwt.decode(
                payload, key, algorithms=[SIGNING_ALGORITHM],
                audience=self.provider.client_id, issuer=self.provider.issuer,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]}, leeway=60)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The ID token is not valid: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's for any it lacks (Entra ID
        puts groups in the ID token only; other providers answer at userinfo)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about someone else")
            claims = {**info, **claims}
        return claims

    def verify_claims(self, claims):
        self.role = self.provider.role_for(groups(claims, self.provider.groups_claim))
        if self.role is None:
            log.warning("Sign-in through %s refused: %s is in no group mapped to a role",
                        self.provider.issuer, claims.get("sub"))
            refuse(self.request, NO_ROLE)
            return False
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(provider_subject=claims["sub"])

    def create_user(self, claims):
        username = (claims.get("preferred_username") or claims.get("email")
                    or claims["sub"])[:150]
        if self.UserModel.objects.filter(username__iexact=username).exists():
            refuse(self.request, USERNAME_TAKEN)
            raise SuspiciousOperation(f"A Smeaton account is already called {username!r}")
        user = self.UserModel(username=username, provider_subject=claims["sub"])
        user.set_unusable_password()
        person(user, claims, self.role)
        user._change_reason = f"First signed in through {self.provider.name}"[:100]
        user.save()
        return user

    def update_user(self, user, claims):
        if not user.is_active:
            refuse(self.request, CLOSED)
            raise SuspiciousOperation(f"The account {user.username!r} is closed")
        before = (user.first_name, user.last_name, user.email, user.role)
        person(user, claims, self.role)
        if (user.first_name, user.last_name, user.email, user.role) != before:
            user._change_reason = (
                f"Updated from {self.provider.name} at sign-in"
                if user.role == before[3] else
                f"Role from {self.provider.name}'s groups at sign-in")[:100]
            user.save()
        return user


def groups(claims: dict, claim: str) -> list[str]:
    value = claims.get(claim) or []
    return [value] if isinstance(value, str) else [str(group) for group in value]


def person(user, claims: dict, role: str) -> None:
    """Name, email and role from the provider's claims (a claim left out changes nothing)."""
    given, family = claims.get("given_name"), claims.get("family_name")
    if not (given or family) and claims.get("name"):
        given, _, family = claims["name"].partition(" ")
    user.first_name = (given or user.first_name)[:150]
    user.last_name = (family or user.last_name)[:150]
    user.email = claims.get("email") or user.email
    user.role = Role(role)
    user._history_user = user  # the change is theirs, through the provider


# --- The views ------------------------------------------------------------------------------


def configured():
    provider = settings.IDENTITY_PROVIDER
    if provider is None:
        raise Http404
    return provider


def unavailable(request, provider, error):
    log.error("Cannot sign in through %s: %s", provider.issuer, error)
    return render(request, "registration/provider_unavailable.html",
                  {"provider": provider}, status=503)


class ProviderSignIn(OIDCAuthenticationRequestView):
    """Send the person to the provider to sign in, with the state, a nonce and PKCE."""

    get_settings = staticmethod(provider_setting)

    def __init__(self, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request):
        provider = configured()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as error:
            return unavailable(request, provider, error)
        self.OIDC_RP_CLIENT_ID = provider.client_id
        return super().get(request)


class ProviderCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: sign them in, or say why not."""

    get_settings = staticmethod(provider_setting)

    def get(self, request):
        configured()
        return super().get(request)

    @property
    def failure_url(self):
        return reverse("accounts:sign-in-refused")

    def login_failure(self):
        if REFUSAL not in self.request.session:
            error = self.request.GET.get("error")
            refuse(self.request, CANCELLED if error == "access_denied" else FAILED)
        return HttpResponseRedirect(self.failure_url)


@require_safe
def refused(request):
    """Why signing in through the provider did not work, and what to do."""
    return render(request, "registration/sign_in_refused.html", {
        "reason": request.session.pop(REFUSAL, FAILED),
        "provider": settings.IDENTITY_PROVIDER,
    })


def end_session_url(request, id_token: str | None) -> str | None:
    """The provider's address for ending its session too, coming back to sign-in."""
    provider = settings.IDENTITY_PROVIDER
    if provider is None:
        return None
    try:
        endpoint = discovery(provider).get("end_session_endpoint")
    except ProviderUnavailable as error:
        log.warning("Signed out of Smeaton but not of %s: %s", provider.issuer, error)
        return None
    if not endpoint:
        return None
    query = {"client_id": provider.client_id,
             "post_logout_redirect_uri": request.build_absolute_uri(
                 reverse("accounts:sign-in"))}
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"
