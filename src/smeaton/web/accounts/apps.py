from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, their roles, and the rules for who may do what to which record."""

    name = "smeaton.web.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self):
        from smeaton.web.accounts import rules  # noqa: F401  registers the rules
