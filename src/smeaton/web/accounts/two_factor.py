"""Two-factor authentication for people who sign in with a password: a time-based code
from an authenticator app (django-otp's TOTP device) and single-use recovery codes
(its static device, keeping only each code's hash).

Who must use it is declared once, in ``roles.SECOND_FACTOR_REQUIRED`` (the settings'
``SECOND_FACTOR_ROLES``); anyone else with a password may choose to. People who sign in
through the council's identity provider are not asked, unless the operator says so: the
provider asks for its own second factor.
"""

import math
import secrets
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PROVIDER_BACKEND = "smeaton.web.accounts.oidc.ProviderBackend"
RECOVERY_CODES = 10
NEW_RECOVERY_CODES = "smeaton_new_recovery_codes"  # in the session until shown, once
# Recovery codes: 10 characters from an alphabet with no 0/o or 1/l to confuse, 50 bits.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
RECOVERY_CODE_KEY = "smeaton.accounts.recovery-code"


def signed_in_through_provider(request) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == PROVIDER_BACKEND


def must_use(user) -> bool:
    """Whether this person's role, or child-level access given to them by name, requires
    a second factor (roles.SECOND_FACTOR_REQUIRED; the demo asks it of nobody)."""
    return user.role in settings.SECOND_FACTOR_ROLES or (
        user.child_level_access and settings.SECOND_FACTOR_FOR_CHILD_LEVEL)


def authenticator(user) -> TOTPDevice | None:
    """The person's authenticator app, once they have set it up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def asked_of(request) -> bool:
    """Whether this signed-in session must pass a second factor: the person's role
    requires one, or they chose to set one up. Not when they signed in through the
    identity provider and the provider is trusted to ask for its own."""
    user = request.user
    if not user.is_authenticated:
        return False
    if signed_in_through_provider(request):
        provider = settings.IDENTITY_PROVIDER
        if provider is None or provider.trusts_provider_mfa:
            return False
    return must_use(user) or authenticator(user) is not None


def offered_to(user) -> bool:
    """Whether this person may set up Smeaton's second factor: not when they sign in
    through the identity provider and it is trusted to ask for its own."""
    provider = settings.IDENTITY_PROVIDER
    return not (user.signs_in_through_provider
                and (provider is None or provider.trusts_provider_mfa))


def passed(request) -> bool:
    """Whether this session has passed its second factor, or needs none."""
    return not asked_of(request) or request.user.is_verified()


# --- Setting up an authenticator app ---------------------------------------------------


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: a new secret, kept until its first code confirms
    it (so the QR code stays the same if the person makes a mistake)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app",
                                               confirmed=False)


def secret_in_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app, in groups of four: "ABCD EFGH ..."."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The authenticator's settings as a QR code, an SVG in a data: URI for an <img>
    (the Content Security Policy allows no inline script or style, and images from data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


def confirm(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a pending authenticator with its first code: it replaces any earlier one,
    the session counts as having passed, and new recovery codes are made and returned."""
    if not device.verify_token(normalised(code)):
        return None
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = make_recovery_codes(user)
        record(user, "Two-factor authentication set up")
    django_otp.login(request, device)
    return codes


# --- Recovery codes ---------------------------------------------------------------------


def code_hash(code: str) -> str:
    """What is kept of a recovery code: a keyed hash (an HMAC with a key derived from
    the installation's secret key, which is not in the database), cut to fit
    django-otp's token field. A copy of the database alone therefore cannot be searched
    for the codes, as a plain hash of 50 random bits could be. Changing the secret key
    ends every recovery code: people make new ones under "Your account"."""
    return salted_hmac(RECOVERY_CODE_KEY, normalised(code), algorithm="sha256").hexdigest()[:16]


def normalised(code: str) -> str:
    """A code as typed, without spaces or hyphens, in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def make_recovery_codes(user) -> list[str]:
    """New recovery codes, replacing any the person had; returned to be shown once."""
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
             for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code_hash(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def use_recovery_code(request, code: str) -> bool:
    """Pass the second factor with a recovery code, which can then never be used again."""
    device = recovery_device(request.user)
    if device is None or not device.verify_token(code_hash(code)):
        return False
    django_otp.login(request, device)
    return True


def proves_current_authenticator(user, code: str) -> bool:
    """Whether ``code`` comes from the person's authenticator app now: asked before the
    app is replaced or new recovery codes are made, so that a signed-in session alone
    (a borrowed laptop) cannot take over the second factor."""
    device = authenticator(user)
    return device is not None and device.verify_token(normalised(code))


def verify(request, code: str) -> bool:
    """Pass the second factor with the code the authenticator app shows now."""
    device = authenticator(request.user)
    if device is None or not device.verify_token(normalised(code)):
        return False
    django_otp.login(request, device)
    return True


def wait_before_trying(user) -> int:
    """Seconds before django-otp will check another code, after wrong ones: each wrong
    code doubles the wait, whatever the address they come from."""
    from django.utils import timezone

    waits = []
    for device in (authenticator(user), recovery_device(user)):
        if device is None:
            continue
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            waits.append((details["locked_until"] - timezone.now()).total_seconds())
    return max(0, math.ceil(max(waits, default=0)))


def reset(user, by=None) -> None:
    """Remove a person's authenticator and recovery codes (they lost their phone): they
    set up a new one at their next sign-in if their role requires it."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(user, "Two-factor authentication reset", by=by)


def record(user, reason: str, by=None) -> None:
    """Put a change to a person's sign-in in their audit trail."""
    user._change_reason = reason
    user._history_user = by or user
    # A save of a field the history does not keep: the entry carries only its reason.
    user.save(update_fields=["last_login"])
