from django.apps import AppConfig


class ServicePlansConfig(AppConfig):
    """Each service area's plan for a year: actions aligned to the plan's priorities."""

    name = "smeaton.web.service_plans"
    label = "service_plans"
    verbose_name = "Service plans"

    def ready(self):
        from smeaton.web.plan.extensions import Section, priority_sections
        from smeaton.web.service_plans import (
            queries,
            rules,  # noqa: F401  registers the rules
        )

        # A priority's page lists the service actions that serve it (the plan itself
        # knows nothing of service plans: dependencies run one way).
        priority_sections.append(Section(
            "service_plans/includes/priority_actions.html",
            lambda priority: {"actions": queries.actions_serving(priority)}))
