from django.apps import AppConfig


class RisksConfig(AppConfig):
    """The risk and issues log: risks scored on the council's matrix, reviewed,
    escalated and closed; issues; the actions that treat both."""

    name = "smeaton.web.risks"
    label = "risks"
    verbose_name = "Risks and issues"

    def ready(self):
        from smeaton.web.risks import rules  # noqa: F401  registers the rules
