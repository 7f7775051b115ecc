from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """Statutory returns in from the browser: uploads, loads run by the task worker,
    and their problem reports."""

    name = "smeaton.web.returns"
    label = "returns"
    verbose_name = "Returns loaded"

    def ready(self):
        from smeaton.web.returns import rules  # noqa: F401  registers the rules
