"""Configuration from the environment: clear messages for every mistake."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from smeaton.web import config


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("SMEATON_DATA_DIR", str(tmp_path))
    for name in ["SMEATON_SECRET_KEY", "SMEATON_COUNCIL_NAME", "SMEATON_LA_CODE"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_secret_key_comes_from_the_environment(env):
    env.setenv("SMEATON_SECRET_KEY", "from-the-environment")
    assert config.secret_key(demo=False) == "from-the-environment"


def test_a_missing_secret_key_is_a_clear_error_outside_the_demo(env):
    with pytest.raises(ImproperlyConfigured, match="SMEATON_SECRET_KEY is not set"):
        config.secret_key(demo=False)


def test_the_demo_makes_its_own_key_once_and_keeps_it_private(env, tmp_path):
    first = config.secret_key(demo=True)
    assert len(first) >= 50
    assert config.secret_key(demo=True) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_council_is_named_in_configuration(env):
    env.setenv("SMEATON_COUNCIL_NAME", "Plymouth City Council")
    env.setenv("SMEATON_LA_CODE", "879")
    assert config.council() == config.Council("Plymouth City Council", "879")


@pytest.mark.parametrize("code", ["E06000026", "87", "8790", "abc"])
def test_an_la_code_that_is_not_three_digits_is_refused(env, code):
    env.setenv("SMEATON_COUNCIL_NAME", "Plymouth City Council")
    env.setenv("SMEATON_LA_CODE", code)
    with pytest.raises(ImproperlyConfigured, match="three-digit DfE LA code"):
        config.council()


def test_a_missing_council_is_a_clear_error(env):
    with pytest.raises(ImproperlyConfigured, match="SMEATON_COUNCIL_NAME and SMEATON_LA_CODE"):
        config.council()


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("Yes", True), ("0", False),
                                            ("off", False), ("", False)])
def test_flags_read_as_people_write_them(env, raw, value):
    env.setenv("SMEATON_DEBUG", raw)
    assert config.env_flag("SMEATON_DEBUG") is value


def test_a_flag_that_is_neither_true_nor_false_is_refused(env):
    env.setenv("SMEATON_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SMEATON_DEBUG='maybe': use true or false"):
        config.env_flag("SMEATON_DEBUG")


def test_numbers_must_be_whole_and_large_enough(env):
    env.setenv("SMEATON_SESSION_IDLE_MINUTES", "half an hour")
    with pytest.raises(ImproperlyConfigured, match="use a whole number"):
        config.env_int("SMEATON_SESSION_IDLE_MINUTES", 30, minimum=1)
    env.setenv("SMEATON_SESSION_IDLE_MINUTES", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        config.env_int("SMEATON_SESSION_IDLE_MINUTES", 30, minimum=1)


def test_the_tests_run_on_the_database_configured(db):
    """With DATABASE_URL set (as CI does for PostgreSQL), that database is the one used."""
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
