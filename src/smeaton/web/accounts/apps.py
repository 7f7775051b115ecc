from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, their roles, and the rules for who may do what to which record."""

    name = "smeaton.web.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self):
        from django.conf import settings
        from django.contrib.auth import models as auth_models
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from smeaton.web.accounts import rules  # noqa: F401  registers the rules

        # Record sign-in times without a history entry for each sign-in.
        user_logged_in.disconnect(auth_models.update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="smeaton_record_last_login")
        post_save.connect(end_sessions_of_closed_accounts, sender=settings.AUTH_USER_MODEL,
                          dispatch_uid="smeaton_end_sessions_of_closed_accounts")


def record_last_login(sender, user, request, **kwargs):
    import time

    from django.utils import timezone

    from smeaton.web.accounts.middleware import SIGNED_IN_AT

    # The session's absolute limit counts from here (accounts/middleware.py).
    request.session[SIGNED_IN_AT] = time.time()
    user.last_login = timezone.now()
    type(user).objects.filter(pk=user.pk).update(last_login=user.last_login)


def end_sessions_of_closed_accounts(sender, instance, **kwargs):
    """A closed account's sessions end at once, so that reopening it later does not bring
    them back."""
    if instance.is_active:
        return
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    closed = str(instance.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == closed:
            session.delete()
