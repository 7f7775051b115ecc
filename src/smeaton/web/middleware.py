"""Response headers Django's SecurityMiddleware does not set."""

from django.conf import settings


def security_headers(get_response):
    policy = settings.CONTENT_SECURITY_POLICY
    permissions = settings.PERMISSIONS_POLICY

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", permissions)
        return response

    return middleware
