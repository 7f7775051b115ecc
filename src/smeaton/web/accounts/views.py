from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_safe

from smeaton.web.accounts.forms import ChangePasswordForm, SignInForm
from smeaton.web.accounts.middleware import TIMED_OUT
from smeaton.web.accounts.models import User
from smeaton.web.accounts.permissions import can, get_object_or_403, require, visible
from smeaton.web.templatetags.smeaton import duration_in_words


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        username = form.data.get("username", "")
        if username:
            failures = AxesProxyHandler.get_failures(self.request, {"username": username})
            left = settings.AXES_FAILURE_LIMIT - failures
            if 0 < left <= 2:
                lock = duration_in_words(settings.AXES_COOLOFF_TIME)
                form.add_error(None, (
                    f"You have {left} more attempt{'s' if left > 1 else ''} before sign-in "
                    f"to this account is locked for {lock}."))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        timed_out = self.request.session.pop(TIMED_OUT, False)
        return super().get_context_data(
            timed_out=timed_out, idle_minutes=settings.SESSION_IDLE_MINUTES, **kwargs
        )


class SignOutView(auth_views.LogoutView):
    # Signing out changes state, so it is a form; opening the address shows that form.
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        return render(request, "registration/sign_out.html")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


@require_safe
def account(request):
    return render(request, "accounts/account.html")


@require_safe
def people(request):
    require(request.user, "list", User)
    everyone = visible(request.user, User.objects.select_related("service_area"))
    return render(request, "accounts/people.html", {"people": everyone})


@require_safe
def person(request, pk):
    record = get_object_or_403(request.user, User.objects.select_related("service_area"), pk=pk)
    can_list_people = can(request.user, "list", User)
    return render(
        request, "accounts/person.html", {"person": record, "can_list_people": can_list_people}
    )
