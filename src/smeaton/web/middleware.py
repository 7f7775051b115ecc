"""Middleware of Smeaton's own: security headers, and a page for a refused method."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        # Read for each response: the policy names the identity provider's origin.
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A signed-in page may show children's or staff's details: no browser or
            # proxy keeps a copy (the back button after signing out shows nothing).
            add_never_cache_headers(response)
        return response

    return middleware


def method_not_allowed_page(get_response):
    """Give an empty 405 (a link or bookmark to a form's action) a page with a way on."""

    def middleware(request):
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            page = TemplateResponse(request, "errors/405.html", status=405).render()
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    return middleware
