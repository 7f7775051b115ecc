from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """Published indicators: benchmarks against England, the region and neighbours, targets."""

    name = "smeaton.web.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self):
        from smeaton.web.performance import (
            rules,  # noqa: F401  registers the rules
            scorecard,
        )
        from smeaton.web.plan.extensions import Section, priority_sections

        priority_sections.append(Section(
            "performance/includes/indicator_table.html",
            lambda priority: {"rows": scorecard.for_priority(priority),
                              "caption": "Indicators for this priority"}))
