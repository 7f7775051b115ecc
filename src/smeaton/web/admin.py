"""The admin site, where administrators manage people and reference data.

It asks the same rules as every other page: the site itself, each app's section and
each record's view, add, change, delete and history (accounts/permissions.py).
"""

from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLResolver, reverse, reverse_lazy
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from smeaton.web.accounts.permissions import USE_ADMIN_SITE, can
from smeaton.web.forms import whole_number


class SmeatonAdminSite(admin.AdminSite):
    site_header = "Smeaton administration"
    site_title = "Smeaton administration"
    index_title = "People and reference data"
    site_url = "/"

    def has_permission(self, request):
        return request.user.has_perm(USE_ADMIN_SITE)

    def get_urls(self):
        # Signed-out visitors go straight to Smeaton's sign-in page, not by way of the
        # admin site's own (which sends them there anyway).
        urls = super().get_urls()
        for pattern in _patterns(urls):
            if hasattr(pattern.callback, "login_url"):
                pattern.callback.login_url = reverse_lazy(settings.LOGIN_URL)
        return urls

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def refuse_non_administrators(request, *args, **kwargs):
            # Signed out: straight to Smeaton's sign-in page. A signed-in person who is
            # not an administrator is refused outright, rather than sent to a sign-in
            # page they have already passed.
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_non_administrators, inner)

    def login(self, request, extra_context=None):
        """Everyone signs in through Smeaton's own sign-in page, throttled and audited."""
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))


def _patterns(urls):
    for entry in urls:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns)
        else:
            yield entry


class AuditedAdmin(ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    """A model's admin pages, with each record's rules and its history, read-only.

    History is a record of what happened: it is read, never restored from, so a past
    version's page offers no "Revert" and refuses a form sent to it.
    """

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return can(request.user, "view_history", obj if obj is not None else self.model)

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_unreadable_id(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._refuse_unreadable_id(object_id)
        if whole_number(str(version_id)) is None:
            raise Http404
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _refuse_unreadable_id(self, object_id) -> None:
        # A hand-typed address ("abc", "1/change") names no record: not found, not a 500.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
