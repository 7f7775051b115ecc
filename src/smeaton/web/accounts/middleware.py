"""Sign people out after a period without activity."""

import time

from django.conf import settings
from django.contrib.auth import logout

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
