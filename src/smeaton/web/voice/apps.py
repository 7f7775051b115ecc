from django.apps import AppConfig


class VoiceConfig(AppConfig):
    """The voice of children and families: feedback, survey results, "you said, we did"
    and the plan told plainly for children and young people."""

    name = "smeaton.web.voice"
    label = "voice"
    verbose_name = "Voice of children and families"

    def ready(self):
        from smeaton.web.plan.extensions import Section, priority_sections
        from smeaton.web.voice import (
            queries,
            rules,  # noqa: F401  registers the rules
        )

        # A priority's page lists what was done because of what children and families
        # said about it (the plan knows nothing of the voice app: dependencies run one way).
        priority_sections.append(Section(
            "voice/includes/priority_you_said.html",
            lambda priority: {"entries": queries.you_said_for(priority), "priority": priority}))
