"""Security headers on every response, and cookie settings for production."""

import subprocess
import sys

import pytest

from tests.conftest import clean_environment


@pytest.mark.parametrize("url", ["/sign-in/", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, db, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script_or_style(client_as, make_user):
    from smeaton.web.accounts.models import Role

    page = client_as(make_user(Role.ADMINISTRATOR)).get("/").content.decode()
    assert "<script>" not in page
    assert "<style" not in page
    assert " style=" not in page
    assert " onclick=" not in page


def test_the_session_and_csrf_cookies_are_http_only(client, make_user):
    from smeaton.web.accounts.models import Role
    from tests.conftest import PASSWORD

    make_user(Role.VIEWER, password=True, username="chris")
    client.get("/sign-in/")
    client.post("/sign-in/", {"username": "chris", "password": PASSWORD})
    assert client.cookies["smeaton_session"]["httponly"]
    assert client.cookies["smeaton_csrf"]["httponly"]


def deploy_check(**env) -> subprocess.CompletedProcess:
    environment = clean_environment(
        SMEATON_SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        SMEATON_COUNCIL_NAME="Plymouth City Council",
        SMEATON_LA_CODE="879",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "smeaton.cli", "manage", "check", "--deploy", "--fail-level",
         "WARNING"],
        env=environment, capture_output=True, text=True, timeout=120,
    )


def test_production_settings_pass_djangos_deployment_checks(tmp_path):
    result = deploy_check(SMEATON_HTTPS="true", SMEATON_HOME=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_https_the_deployment_check_warns(tmp_path):
    result = deploy_check(SMEATON_HOME=str(tmp_path))
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


@pytest.mark.parametrize("url", ["/", "/plan/", "/account/", "/no-such-page/",
                                 "/performance/scorecard.csv"])
def test_no_signed_in_page_is_kept_by_a_browser_or_proxy(client_as, make_user, url):
    from smeaton.web.accounts.models import Role

    response = client_as(make_user(Role.LEADERSHIP)).get(url)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
