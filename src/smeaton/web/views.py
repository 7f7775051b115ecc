"""The home page (a dashboard: dashboard.py) and the error pages, all in the service's own style.

Error pages say what happened and what to do next, and nothing about the record or
the failure behind them: no traceback, no record title, no hint it exists.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from smeaton.web import dashboard
from smeaton.web.accounts.models import ROLE_DESCRIPTIONS

log = logging.getLogger(__name__)


@require_safe
def home(request):
    return render(request, "home.html", {
        "role_description": ROLE_DESCRIPTIONS.get(request.user.role, ""),
        "panels": dashboard.panels_for(request.user),
    })


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("smeaton/favicon.svg"))


def _error(request, template, status):
    # A plain TemplateResponse renders with the request, so the page keeps its
    # navigation and the signed-in user's name where there is one.
    return TemplateResponse(request, template, status=status).render()


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    # A refusal is worth knowing about (someone probing, or a rule wrongly strict).
    user = getattr(request, "user", None)
    log.warning("Refused %s %s to %s", request.method, request.path,
                f"user {user.pk}" if user is not None and user.is_authenticated else
                "someone signed out")
    # A refusal that knows its reason (``PermissionDenied("...")``) says it; any other
    # gives the general words.
    reason = str(exception) if exception is not None else ""
    return TemplateResponse(request, "errors/403.html", {"reason": reason},
                            status=403).render()


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    # Rendered without the request's context: whatever broke may break it again.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    log.warning("Refused a form with a missing or wrong security token: %s", reason)
    return _error(request, "errors/csrf.html", 403)
