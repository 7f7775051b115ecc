"""The admin site, where administrators manage people and reference data."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse


class SmeatonAdminSite(admin.AdminSite):
    site_header = "Smeaton administration"
    site_title = "Smeaton administration"
    index_title = "People and reference data"
    site_url = "/"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def refuse_non_administrators(request, *args, **kwargs):
            # A signed-in person who is not an administrator is refused outright,
            # rather than sent to a sign-in page they have already passed.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_non_administrators, inner)

    def login(self, request, extra_context=None):
        """Everyone signs in through Smeaton's own sign-in page, throttled and audited."""
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))
