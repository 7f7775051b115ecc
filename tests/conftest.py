import os

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import Role, User

PASSWORD = "correct-horse-battery"


@pytest.fixture
def make_user(db):
    """Make a person with a role; with ``password=True`` they can sign in for real."""
    count = 0

    def make(role=Role.VIEWER, password=False, **fields):
        nonlocal count
        count += 1
        fields.setdefault("username", f"{role}-{count}")
        fields.setdefault("first_name", role.label.split()[0])
        fields.setdefault("last_name", f"Person{count}")
        user = User(role=role, **fields)
        if password:
            user.set_password(PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
        return user

    return make


@pytest.fixture
def people(make_user):
    """One person in each role, keyed by role."""
    return {role: make_user(role) for role in Role}


def signed_in(client, user):
    """The client signed in as this person, past their second factor if their role needs
    one: as the two-factor page leaves a session once a code is right."""
    client.force_login(user)
    if two_factor.must_use(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_as(client):
    """A test client signed in as the given person (past any second factor)."""

    def sign_in(user):
        return signed_in(client, user)

    return sign_in


def clean_environment(**extra) -> dict[str, str]:
    """The environment of a person who has configured nothing, for a subprocess."""
    unset = ("SMEATON_", "DATABASE_URL", "DJANGO_")
    return {k: v for k, v in os.environ.items() if not k.startswith(unset)} | extra


def security_code(device, steps_on: int = 0) -> str:
    """The code an authenticator app with this device's secret shows now (or ``steps_on``
    30-second steps from now, which django-otp accepts one of), as a person types it."""
    from django_otp.oath import totp

    code = totp(device.bin_key, device.step, device.t0 - steps_on * device.step,
                device.digits, device.drift)
    return f"{code:06d}"
