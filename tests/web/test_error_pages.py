"""Error pages in the service's style; no traceback, ever; forged forms refused."""

import pytest
from django.test import Client, override_settings
from django.urls import include, path

from smeaton.web.accounts.models import Role
from tests.conftest import PASSWORD


def broken_view(request):
    raise RuntimeError("database password is hunter2")


# Smeaton's own URLs and error handlers, plus one view that fails.
urlpatterns = [path("broken/", broken_view), path("", include("smeaton.web.urls"))]
handler500 = "smeaton.web.views.server_error"


@pytest.fixture
def viewer(make_user):
    return make_user(Role.VIEWER, password=True, username="chris")


def test_a_missing_page_gets_the_404_page(client_as, viewer):
    response = client_as(viewer).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-generic-header" in page


def test_a_bad_request_gets_the_400_page(client_as, viewer):
    # A Host header Smeaton is not configured for is a bad request.
    response = client_as(viewer).get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


@pytest.mark.urls("tests.web.test_error_pages")
def test_a_failure_gets_the_500_page_and_no_traceback(viewer, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(viewer)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    for leak in ["Traceback", "RuntimeError", "hunter2", "broken_view"]:
        assert leak not in page


def test_debug_is_off_unless_switched_on(settings):
    assert settings.DEBUG is False


@override_settings(CSRF_COOKIE_NAME="smeaton_csrf")
def test_a_forged_form_is_refused_with_a_clear_page(viewer):
    client = Client(enforce_csrf_checks=True)
    client.get("/sign-in/")
    response = client.post(
        "/sign-in/",
        {"username": "chris", "password": PASSWORD, "csrfmiddlewaretoken": "forged" * 8},
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be sent" in page
    assert "Nothing was saved" in page
    assert client.get("/account/").status_code == 302  # still signed out


def test_a_form_with_a_genuine_token_is_accepted(viewer):
    client = Client(enforce_csrf_checks=True)
    token = client.get("/sign-in/").context["csrf_token"]
    response = client.post(
        "/sign-in/", {"username": "chris", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_method_a_page_refuses_gets_a_page_with_a_way_on(client_as, viewer):
    response = client_as(viewer).put("/sign-out/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, OPTIONS"
    page = response.content.decode()
    assert "This page cannot be opened directly" in page
    assert "Nothing has been changed" in page


def test_the_favicon_is_found_without_signing_in(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
