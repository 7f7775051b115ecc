from django.apps import AppConfig


class CommentaryConfig(AppConfig):
    """Commentary on indicators by period, drafted by analysts and signed off by owners."""

    name = "smeaton.web.commentary"
    label = "commentary"
    verbose_name = "Commentary"

    def ready(self):
        from smeaton.web.commentary import (
            rules,  # noqa: F401  registers the rules
            sections,
        )
        from smeaton.web.performance.extensions import indicator_sections, notes
        from smeaton.web.plan.extensions import Section

        indicator_sections.append(Section("commentary/includes/indicator.html",
                                          sections.indicator_section))
        notes.append(sections.notes)
