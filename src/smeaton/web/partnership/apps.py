from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    """The partnership plan: shared priorities, mapped to the council's, with actions owned
    by the partner organisations and reported to the partnership board."""

    name = "smeaton.web.partnership"
    label = "partnership"
    verbose_name = "Partnership plan"

    def ready(self):
        from smeaton.web.partnership import (
            queries,
            rules,  # noqa: F401  registers the rules
        )
        from smeaton.web.plan.extensions import Section, priority_sections

        # A council priority's page lists the partnership actions serving it (the plan
        # itself knows nothing of the partnership plan: dependencies run one way).
        priority_sections.append(Section(
            "partnership/includes/priority_actions.html",
            lambda priority: {"actions": queries.actions_serving(priority)}))
