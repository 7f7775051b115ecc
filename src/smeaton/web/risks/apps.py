from django.apps import AppConfig


class RisksConfig(AppConfig):
    """The risk and issues log: risks scored on the council's matrix, reviewed,
    escalated and closed; issues; the actions that treat both."""

    name = "smeaton.web.risks"
    label = "risks"
    verbose_name = "Risks and issues"

    def ready(self):
        from smeaton.web.plan.extensions import Section, priority_sections
        from smeaton.web.risks import (
            queries,
            rules,  # noqa: F401  registers the rules
        )

        # A priority's page lists the open risks to it, for those who may read the
        # register (the plan itself knows nothing of risks: dependencies run one way).
        priority_sections.append(Section(
            "risks/includes/priority_risks.html",
            lambda priority: {"risks": queries.risks_to(priority), "priority": priority}))
