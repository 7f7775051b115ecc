"""Configuration from the environment, in one place for both rooms: clear messages for
every mistake, and one home for everything an installation keeps."""

import sys
from pathlib import Path

import pytest

from smeaton import config
from smeaton.config import ConfigurationError


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("SMEATON_HOME", str(tmp_path))
    for name in ["SMEATON_SECRET_KEY", "SMEATON_COUNCIL_NAME", "SMEATON_LA_CODE",
                 "SMEATON_DATA_DIR"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_home_holds_everything_an_installation_keeps(env, tmp_path):
    home = config.home()
    assert home.path == tmp_path.resolve()
    assert [home.database, home.secret_key, home.static, home.store, home.keys,
            home.reidentification, home.reports] == [
        tmp_path / "smeaton.sqlite3", tmp_path / "secret_key", tmp_path / "static",
        tmp_path / "data", tmp_path / "keys", tmp_path / "reidentification.sqlite3",
        tmp_path / "reports"]


def test_without_smeaton_home_the_home_is_dot_smeaton_in_the_accounts_home(env):
    env.delenv("SMEATON_HOME")
    assert config.home().path == (Path.home() / ".smeaton").resolve()
    env.setenv("SMEATON_HOME", "~/elsewhere")
    assert config.home().path == (Path.home() / "elsewhere").resolve()


def test_a_home_made_here_is_readable_by_its_owner_only(env, tmp_path):
    env.setenv("SMEATON_HOME", str(tmp_path / "new" / "home"))
    home = config.home().made()
    assert home.path.is_dir() and home.path.stat().st_mode & 0o077 == 0
    assert config.home().made() == home  # and made again, nothing changes


def test_the_retired_data_dir_is_refused_with_what_to_do_instead(env, tmp_path):
    env.setenv("SMEATON_DATA_DIR", str(tmp_path))
    with pytest.raises(ConfigurationError, match="SMEATON_DATA_DIR is no longer read") as told:
        config.home()
    assert "SMEATON_HOME" in str(told.value) and "unset SMEATON_DATA_DIR" in str(told.value)


def test_the_secret_key_comes_from_the_environment(env):
    env.setenv("SMEATON_SECRET_KEY", "from-the-environment")
    assert config.secret_key(demo=False) == "from-the-environment"


def test_a_missing_secret_key_is_a_clear_error_outside_the_demo(env):
    with pytest.raises(ConfigurationError, match="SMEATON_SECRET_KEY is not set"):
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
    assert config.la_code() == "879"


def test_the_councils_la_code_alone_may_be_unset_for_the_command(env):
    assert config.la_code() is None


@pytest.mark.parametrize("code", ["E06000026", "87", "8790", "abc"])
def test_an_la_code_that_is_not_three_digits_is_refused(env, code):
    env.setenv("SMEATON_COUNCIL_NAME", "Plymouth City Council")
    env.setenv("SMEATON_LA_CODE", code)
    with pytest.raises(ConfigurationError, match="three-digit DfE LA code"):
        config.council()
    with pytest.raises(ConfigurationError, match="three-digit DfE LA code"):
        config.la_code()


def test_a_missing_council_is_a_clear_error(env):
    with pytest.raises(ConfigurationError, match="SMEATON_COUNCIL_NAME and SMEATON_LA_CODE"):
        config.council()


def test_the_neighbour_model_is_2025_unless_set_to_2021(env):
    assert config.neighbour_model() == "2025"
    env.setenv("SMEATON_NEIGHBOUR_MODEL", "2021")
    assert config.neighbour_model() == "2021"
    env.setenv("SMEATON_NEIGHBOUR_MODEL", "2019")
    with pytest.raises(ConfigurationError, match="use 2025"):
        config.neighbour_model()


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("Yes", True), ("0", False),
                                            ("off", False), ("", False)])
def test_flags_read_as_people_write_them(env, raw, value):
    env.setenv("SMEATON_DEBUG", raw)
    assert config.env_flag("SMEATON_DEBUG") is value


def test_a_flag_that_is_neither_true_nor_false_is_refused(env):
    env.setenv("SMEATON_DEBUG", "maybe")
    with pytest.raises(ConfigurationError, match="SMEATON_DEBUG='maybe': use true or false"):
        config.env_flag("SMEATON_DEBUG")


def test_numbers_must_be_whole_and_large_enough(env):
    env.setenv("SMEATON_SESSION_IDLE_MINUTES", "half an hour")
    with pytest.raises(ConfigurationError, match="use a whole number"):
        config.env_int("SMEATON_SESSION_IDLE_MINUTES", 30, minimum=1)
    env.setenv("SMEATON_SESSION_IDLE_MINUTES", "0")
    with pytest.raises(ConfigurationError, match="at least 1"):
        config.env_int("SMEATON_SESSION_IDLE_MINUTES", 30, minimum=1)


def test_lists_are_comma_separated(env):
    env.setenv("SMEATON_ALLOWED_HOSTS", " smeaton.council.gov.uk, ,127.0.0.1")
    assert config.env_list("SMEATON_ALLOWED_HOSTS", []) == ["smeaton.council.gov.uk",
                                                            "127.0.0.1"]


def test_the_configuration_module_loads_no_django():
    import subprocess
    import sys

    code = "import sys, smeaton.config; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# --- Signing in ---------------------------------------------------------------------------

ROLES = ["administrator", "leadership", "priority_lead", "contributor", "viewer", "analyst"]


@pytest.fixture
def provider_env(env):
    env.setenv("SMEATON_OIDC_ISSUER", "https://login.microsoftonline.com/tenant-id/v2.0")
    env.setenv("SMEATON_OIDC_CLIENT_ID", "smeaton-client")
    env.setenv("SMEATON_OIDC_CLIENT_SECRET", "a-secret")
    env.setenv("SMEATON_OIDC_ROLE_GROUPS", "administrator=sg-admins,viewer=sg-all-staff")
    return env


def test_no_identity_provider_unless_configured(env):
    assert config.identity_provider(ROLES) is None
    assert config.local_sign_in() is True


def test_the_identity_provider_from_the_environment(provider_env):
    provider = config.identity_provider(ROLES)
    assert provider.issuer == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert provider.discovery_url == (
        "https://login.microsoftonline.com/tenant-id/v2.0/.well-known/openid-configuration")
    assert provider.origin == "https://login.microsoftonline.com"
    assert (provider.client_id, provider.client_secret) == ("smeaton-client", "a-secret")
    assert provider.scopes == "openid profile email"
    assert provider.groups_claim == "groups"
    assert provider.name == "your council account"
    assert provider.trusts_provider_mfa is True
    assert "a-secret" not in repr(provider)  # never in a log or a traceback


def test_the_provider_may_be_named_by_its_discovery_document(provider_env):
    provider_env.setenv("SMEATON_OIDC_ISSUER", "https://id.council.gov.uk/realms/staff/"
                                               ".well-known/openid-configuration")
    provider_env.setenv("SMEATON_OIDC_PROVIDER_NAME", "Plymouth staff account")
    provider_env.setenv("SMEATON_OIDC_GROUPS_CLAIM", "roles")
    provider_env.setenv("SMEATON_OIDC_TRUST_PROVIDER_MFA", "false")
    provider = config.identity_provider(ROLES)
    assert provider.issuer == "https://id.council.gov.uk/realms/staff"
    assert (provider.name, provider.groups_claim) == ("Plymouth staff account", "roles")
    assert provider.trusts_provider_mfa is False


def test_the_first_mapped_group_a_person_is_in_gives_their_role(provider_env):
    provider_env.setenv("SMEATON_OIDC_ROLE_GROUPS",
                        "administrator=sg-admins, leadership=CN=DCS Team,OU=Groups,DC=council,"
                        "viewer=sg-all-staff,viewer=sg-councillors")
    provider = config.identity_provider(ROLES)
    assert provider.role_groups == (("administrator", "sg-admins"),
                                    ("leadership", "CN=DCS Team,OU=Groups,DC=council"),
                                    ("viewer", "sg-all-staff"), ("viewer", "sg-councillors"))
    assert provider.role_for(["sg-all-staff", "sg-admins"]) == "administrator"
    assert provider.role_for(["sg-councillors"]) == "viewer"
    assert provider.role_for(["sg-finance"]) is None
    assert provider.role_for([]) is None


@pytest.mark.parametrize(("mapping", "message"), [
    ("admin=sg-admins", "'admin' is not a role"),
    ("administrator=sg-admins,leadrship=sg-dcs", "'leadrship' is not a role"),
    ("administrator=", "give administrator a group"),
    ("sg-admins", "'sg-admins' is not a role"),
])
def test_a_mapping_that_is_not_role_group_pairs_is_refused(provider_env, mapping, message):
    provider_env.setenv("SMEATON_OIDC_ROLE_GROUPS", mapping)
    with pytest.raises(ConfigurationError, match=message):
        config.identity_provider(ROLES)


def test_a_provider_half_configured_is_refused(provider_env):
    provider_env.delenv("SMEATON_OIDC_CLIENT_SECRET")
    with pytest.raises(ConfigurationError, match="Set SMEATON_OIDC_CLIENT_SECRET too"):
        config.identity_provider(ROLES)


def test_a_provider_over_plain_http_is_refused_except_on_this_machine(provider_env):
    provider_env.setenv("SMEATON_OIDC_ISSUER", "http://login.council.gov.uk/")
    with pytest.raises(ConfigurationError, match="use the provider's https address"):
        config.identity_provider(ROLES)
    provider_env.setenv("SMEATON_OIDC_ISSUER", "http://127.0.0.1:9000/o")
    assert config.identity_provider(ROLES).origin == "http://127.0.0.1:9000"


def test_scopes_must_include_openid(provider_env):
    provider_env.setenv("SMEATON_OIDC_SCOPES", "profile email")
    with pytest.raises(ConfigurationError, match="include openid"):
        config.identity_provider(ROLES)


def test_trusted_proxies_are_addresses_or_networks(monkeypatch):
    import ipaddress

    from smeaton import config

    monkeypatch.setenv("SMEATON_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16")
    assert config.trusted_proxies() == [ipaddress.ip_network("10.0.0.5/32"),
                                        ipaddress.ip_network("10.1.0.0/16")]
    monkeypatch.setenv("SMEATON_TRUSTED_PROXIES", "the proxy")
    with pytest.raises(config.ConfigurationError, match="'the proxy' is not an IP address"):
        config.trusted_proxies()
    monkeypatch.delenv("SMEATON_TRUSTED_PROXIES")
    assert config.trusted_proxies() == []


def test_behind_a_proxy_the_proxy_must_be_named(tmp_path):
    """Otherwise any client could say its connection was HTTPS (accounts/addresses.py)."""
    import subprocess

    from tests.conftest import clean_environment

    env = clean_environment(SMEATON_HOME=str(tmp_path), SMEATON_SECRET_KEY="x" * 50,
                            SMEATON_COUNCIL_NAME="Plymouth", SMEATON_LA_CODE="879",
                            SMEATON_BEHIND_PROXY="true")
    result = subprocess.run([sys.executable, "-c", "import smeaton.web.settings"],
                            capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "SMEATON_BEHIND_PROXY is set but SMEATON_TRUSTED_PROXIES is not" in result.stderr
    env["SMEATON_TRUSTED_PROXIES"] = "127.0.0.1"
    result = subprocess.run([sys.executable, "-c", "import smeaton.web.settings"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def mail_env(env):
    for name in ["SMEATON_EMAIL_HOST", "SMEATON_EMAIL_PORT", "SMEATON_EMAIL_USER",
                 "SMEATON_EMAIL_PASSWORD", "SMEATON_EMAIL_USE_TLS", "SMEATON_EMAIL_USE_SSL",
                 "SMEATON_EMAIL_FROM", "SMEATON_BASE_URL"]:
        env.delenv(name, raising=False)
    return env


def test_without_a_mail_server_emails_are_not_sent(mail_env):
    assert config.mail_server() is None
    assert config.base_url(required=False) == "http://localhost:8000"


def test_the_mail_server_comes_from_the_environment_with_its_password_unshown(mail_env):
    mail_env.setenv("SMEATON_EMAIL_HOST", "smtp.plymouth.gov.uk")
    mail_env.setenv("SMEATON_EMAIL_USER", "smeaton")
    mail_env.setenv("SMEATON_EMAIL_PASSWORD", "not-to-be-shown")
    server = config.mail_server()
    assert (server.host, server.port, server.use_tls, server.use_ssl) == (
        "smtp.plymouth.gov.uk", 587, True, False)
    assert "not-to-be-shown" not in repr(server)
    mail_env.setenv("SMEATON_EMAIL_USE_TLS", "false")
    mail_env.setenv("SMEATON_EMAIL_USE_SSL", "true")
    assert config.mail_server().port == 465


def test_tls_and_ssl_together_are_refused(mail_env):
    mail_env.setenv("SMEATON_EMAIL_HOST", "smtp.plymouth.gov.uk")
    mail_env.setenv("SMEATON_EMAIL_USE_SSL", "true")
    with pytest.raises(ConfigurationError, match="not both"):
        config.mail_server()


def test_sending_email_needs_the_address_its_links_lead_to(mail_env):
    with pytest.raises(ConfigurationError, match="SMEATON_BASE_URL is not set"):
        config.base_url(required=True)
    mail_env.setenv("SMEATON_BASE_URL", "smeaton.plymouth.gov.uk")
    with pytest.raises(ConfigurationError, match="full address"):
        config.base_url(required=True)
    mail_env.setenv("SMEATON_BASE_URL", "https://smeaton.plymouth.gov.uk/")
    assert config.base_url(required=True) == "https://smeaton.plymouth.gov.uk"


def test_the_sender_must_be_an_address(mail_env):
    assert config.email_from() == "smeaton@localhost"
    mail_env.setenv("SMEATON_EMAIL_FROM", "Smeaton")
    with pytest.raises(ConfigurationError, match="email address"):
        config.email_from()
