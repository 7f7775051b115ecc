"""The web room's settings: files in the Smeaton home, the database configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from smeaton import config
from tests.conftest import clean_environment

ROOT = Path(__file__).resolve().parents[2]


def test_the_static_files_are_in_the_smeaton_home():
    """And the SQLite database: tests/test_cli.py finds the demo's there."""
    home = config.home()
    assert (home, home.static) == (settings.HOME, settings.STATIC_ROOT)


def test_the_tests_run_on_the_database_configured(db):
    """With DATABASE_URL set (as CI does for PostgreSQL), that database is the one used."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def settings_with(tmp_path, **environment) -> subprocess.CompletedProcess:
    """The installation's settings, read afresh in a process with this environment."""
    code = ("import json; from django.conf import settings as s; print(json.dumps({"
            "'csp': s.CONTENT_SECURITY_POLICY, 'local': s.LOCAL_SIGN_IN, "
            "'second_factor': sorted(s.SECOND_FACTOR_ROLES)}))")
    environment = clean_environment(
        SMEATON_SECRET_KEY="k", SMEATON_COUNCIL_NAME="Plymouth City Council",
        SMEATON_LA_CODE="879", SMEATON_HOME=str(tmp_path),
        DJANGO_SETTINGS_MODULE="smeaton.web.settings", **environment)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, cwd=ROOT)


def test_an_installation_asks_administrators_and_those_who_see_children_for_a_second_factor(
        tmp_path):
    result = settings_with(tmp_path)
    assert json.loads(result.stdout)["second_factor"] == ["administrator", "analyst", "qa_lead"]


def test_the_demo_asks_nobody_for_a_second_factor(tmp_path):
    result = settings_with(tmp_path, SMEATON_DEMO="true")
    assert json.loads(result.stdout)["second_factor"] == [], result.stderr


def test_forms_may_send_people_to_the_identity_provider_to_sign_out(tmp_path):
    plain = json.loads(settings_with(tmp_path).stdout)["csp"]
    assert "form-action 'self';" in plain
    result = settings_with(tmp_path, **PROVIDER)
    assert "form-action 'self' https://login.microsoftonline.com;" in json.loads(
        result.stdout)["csp"], result.stderr


def test_password_sign_in_may_be_turned_off_only_with_a_provider(tmp_path):
    result = settings_with(tmp_path, SMEATON_LOCAL_SIGN_IN="false")
    assert result.returncode != 0
    assert "SMEATON_LOCAL_SIGN_IN=false leaves nobody a way to sign in" in result.stderr
    result = settings_with(tmp_path, SMEATON_LOCAL_SIGN_IN="false", **PROVIDER)
    assert json.loads(result.stdout)["local"] is False, result.stderr


PROVIDER = {
    "SMEATON_OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0",
    "SMEATON_OIDC_CLIENT_ID": "smeaton", "SMEATON_OIDC_CLIENT_SECRET": "secret",
    "SMEATON_OIDC_ROLE_GROUPS": "administrator=sg-admins",
}
