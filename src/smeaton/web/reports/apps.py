from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Board, Cabinet and Scrutiny reports, written from the plan, its performance and its
    governance, and frozen when issued."""

    name = "smeaton.web.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from smeaton.web.reports import rules  # noqa: F401  registers the rules
