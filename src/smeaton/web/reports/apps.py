from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Board, Cabinet and Scrutiny reports, written from the plan, its performance and its
    governance, and frozen when issued."""

    name = "smeaton.web.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from smeaton.web.boards.extensions import Section, meeting_sections
        from smeaton.web.reports import (
            queries,
            rules,  # noqa: F401  registers the rules
        )

        # A meeting's page lists the reports issued for it (boards know nothing of
        # reports: dependencies run one way).
        meeting_sections.append(Section(
            "reports/includes/meeting_reports.html",
            lambda meeting: {"reports": queries.issued_for(meeting)}))
