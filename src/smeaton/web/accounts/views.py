from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from smeaton.web.accounts import oidc, two_factor
from smeaton.web.accounts.forms import (
    ChangePasswordForm,
    RecoveryCodeForm,
    SecurityCodeForm,
    SignInForm,
)
from smeaton.web.accounts.middleware import TIMED_OUT
from smeaton.web.accounts.models import User
from smeaton.web.accounts.permissions import can, get_object_or_403, require, visible
from smeaton.web.forms import sent
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

    def post(self, request, *args, **kwargs):
        # With password sign-in turned off, the page has no form to send.
        if not settings.LOCAL_SIGN_IN:
            return HttpResponseNotAllowed(["GET"])
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        timed_out = self.request.session.pop(TIMED_OUT, False)
        return super().get_context_data(
            timed_out=timed_out, idle_minutes=settings.SESSION_IDLE_MINUTES,
            provider=settings.IDENTITY_PROVIDER, local_sign_in=settings.LOCAL_SIGN_IN,
            **kwargs,
        )


class SignOutView(auth_views.LogoutView):
    # Signing out changes state, so it is a form; opening the address shows that form.
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        return render(request, "registration/sign_out.html")

    def post(self, request, *args, **kwargs):
        # Someone who signed in through the identity provider signs out there too.
        through_provider = two_factor.signed_in_through_provider(request)
        id_token = request.session.get(oidc.ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        if through_provider and (provider_sign_out := oidc.end_session_url(request, id_token)):
            return redirect(provider_sign_out)
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
    return render(request, "accounts/account.html", {
        "provider": settings.IDENTITY_PROVIDER,
        "offers_two_factor": two_factor.offered_to(request.user),
        "authenticator": two_factor.authenticator(request.user),
        "recovery_codes_left": two_factor.recovery_codes_left(request.user),
    })


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


# --- Two-factor authentication ------------------------------------------------------------


def next_page(request) -> str:
    """Where to go once the second factor is passed: the page asked for, if it is here."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def code_attempts(user) -> dict:
    """The name sign-in throttling counts wrong codes under: the person's username
    with a suffix, so that signing in again with the password does not clear them."""
    return {"username": f"{user.get_username()} (security code)"}


def locked_out(request):
    """Too many wrong codes from this address: sign the person out and say so, as for
    too many wrong passwords."""
    logout(request)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_timedelta": settings.AXES_COOLOFF_TIME,
    }, status=settings.AXES_HTTP_RESPONSE_CODE)


def check_code(request, form, check) -> HttpResponse | None:
    """Check a code with ``check(request, code)``, throttled like signing in: wrong codes
    count towards the same lock (5 from one address locks the account there for 15
    minutes), and each wrong code makes django-otp wait twice as long before the next.
    Returns the response to a locked-out person, or None (the form has any error)."""
    user = request.user
    credentials = code_attempts(user)
    if AxesProxyHandler.is_locked(request, credentials):
        return locked_out(request)
    if not form.is_valid():
        return None
    wait = two_factor.wait_before_trying(user)
    if wait:
        form.add_error("code", f"Wait {wait} second{'s' if wait != 1 else ''}, then enter "
                               "the code again: each wrong code makes the wait longer")
        return None
    if check(request, form.cleaned_data["code"]):
        AxesProxyHandler.reset_attempts(username=credentials["username"],
                                        ip_address=request.axes_ip_address)
        return None
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if AxesProxyHandler.is_locked(request, credentials):
        return locked_out(request)
    form.add_error("code", form.wrong_code)
    return None


def two_factor_code(request):
    """Enter the code from the authenticator app, after the password."""
    if two_factor.passed(request):
        return redirect(next_page(request))
    form = SecurityCodeForm(sent(request),
                            hint="The 6-digit code your authenticator app shows now")
    form.wrong_code = ("The security code is not correct or has expired: enter the code "
                       "your app shows now")
    if request.method == "POST":
        refused = check_code(request, form, two_factor.verify)
        if refused:
            return refused
        if request.user.is_verified():
            return redirect(next_page(request))
    return render(request, "accounts/two_factor_code.html",
                  {"form": form, "next": next_page(request)})


def recovery_code(request):
    """Enter a recovery code, when the authenticator app is not to hand."""
    if two_factor.passed(request):
        return redirect(next_page(request))
    form = RecoveryCodeForm(sent(request))
    form.wrong_code = "The recovery code is not correct, or it has been used already"
    if request.method == "POST":
        refused = check_code(request, form, two_factor.use_recovery_code)
        if refused:
            return refused
        if request.user.is_verified():
            left = two_factor.recovery_codes_left(request.user)
            messages.warning(request, (
                f"You used a recovery code. You have {left} left. If you no longer have "
                "your authenticator app, set up a new one under Your account."))
            return redirect(next_page(request))
    return render(request, "accounts/recovery_code.html",
                  {"form": form, "next": next_page(request)})


def two_factor_setup(request):
    """Set up an authenticator app: scan a QR code or type the secret, then enter the
    first code to show it works. Recovery codes follow."""
    device = two_factor.pending_authenticator(request.user)
    form = SecurityCodeForm(
        sent(request), hint="The 6-digit code your authenticator app shows for Smeaton")
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            request.session[two_factor.NEW_RECOVERY_CODES] = codes
            return redirect_to_login(next_page(request), reverse("accounts:recovery-codes"))
        form.add_error("code", "The security code is not correct or has expired: enter "
                               "the code your app shows now")
    return render(request, "accounts/two_factor_setup.html", {
        "form": form,
        "next": next_page(request),
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_in_text(device),
        "replacing": two_factor.authenticator(request.user) is not None,
        "held": not two_factor.passed(request),
        "required": two_factor.must_use(request.user),
    })


def recovery_codes(request):
    """New recovery codes, shown once; or, after that, how many are left and a way to
    make new ones."""
    if two_factor.authenticator(request.user) is None:
        return redirect("accounts:two-factor-setup")
    if request.method == "POST":
        request.session[two_factor.NEW_RECOVERY_CODES] = two_factor.make_recovery_codes(
            request.user)
        two_factor.record(request.user, "New recovery codes made")
        return redirect("accounts:recovery-codes")
    codes = request.session.pop(two_factor.NEW_RECOVERY_CODES, None)
    return render(request, "accounts/recovery_codes.html", {
        "codes": codes,
        "left": two_factor.recovery_codes_left(request.user),
        "next": next_page(request),
    })
