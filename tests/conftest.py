import os

import pytest

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


@pytest.fixture
def client_as(client):
    """A test client signed in as the given person."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def clean_environment(**extra) -> dict[str, str]:
    """The environment of a person who has configured nothing, for a subprocess."""
    unset = ("SMEATON_", "DATABASE_URL", "DJANGO_")
    return {k: v for k, v in os.environ.items() if not k.startswith(unset)} | extra
