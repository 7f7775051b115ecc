from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Email reminders: each person chooses which; the task worker sends them."""

    name = "smeaton.web.reminders"
    label = "reminders"
    verbose_name = "Email reminders"

    def ready(self):
        from smeaton.web.reminders import receivers, rules  # noqa: F401  connects, registers
