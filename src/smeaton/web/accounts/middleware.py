"""Sign people out after a period without activity; hold back those who have yet to pass
their second factor."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

LAST_SEEN = "smeaton_last_seen"
TIMED_OUT = "smeaton_timed_out"
# Record activity at most once a minute: a session write on every request buys nothing.
RESOLUTION_SECONDS = 60


def idle_timeout(get_response):
    limit = settings.SESSION_IDLE_MINUTES * 60

    def middleware(request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > limit:
                logout(request)
                # The new, signed-out session remembers why, for the sign-in page.
                request.session[TIMED_OUT] = True
            elif now - last_seen >= RESOLUTION_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return get_response(request)

    return middleware


# Where a person who has signed in with a password, but not yet passed their second
# factor, may go: to set up an authenticator app if they have none, to enter a code if
# they have, and to sign out. Nowhere else.
SETTING_UP = {"accounts:two-factor-setup", "accounts:sign-out"}
ENTERING_A_CODE = {"accounts:two-factor", "accounts:recovery-code", "accounts:sign-out"}


class SecondFactorMiddleware:
    """Keep a signed-in person who must pass a second factor (accounts/two_factor.py) to
    the pages that let them, until they have."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from smeaton.web.accounts import two_factor

        if two_factor.passed(request):
            return None
        set_up = two_factor.authenticator(request.user) is not None
        allowed = ENTERING_A_CODE if set_up else SETTING_UP
        if request.resolver_match.view_name in allowed:
            return None
        target = reverse("accounts:two-factor" if set_up else "accounts:two-factor-setup")
        return redirect_to_login(request.get_full_path(), target)
