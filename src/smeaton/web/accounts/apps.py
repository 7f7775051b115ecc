from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, their roles, and the rules for who may do what to which record."""

    name = "smeaton.web.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self):
        from django.contrib.auth import models as auth_models
        from django.contrib.auth.signals import user_logged_in

        from smeaton.web.accounts import rules  # noqa: F401  registers the rules

        # Record sign-in times without a history entry for each sign-in.
        user_logged_in.disconnect(auth_models.update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="smeaton_record_last_login")


def record_last_login(sender, user, **kwargs):
    from django.utils import timezone

    user.last_login = timezone.now()
    type(user).objects.filter(pk=user.pk).update(last_login=user.last_login)
