from django.apps import AppConfig


class PlanConfig(AppConfig):
    """The plan: priorities, outcomes, milestones, progress updates, RAG and update rounds."""

    name = "smeaton.web.plan"
    label = "plan"
    verbose_name = "The plan"

    def ready(self):
        from smeaton.web.plan import rules  # noqa: F401  registers the rules
