from django.apps import AppConfig


class AuditsConfig(AppConfig):
    """Case-file audits: the tools auditors grade a child's case file with, the monthly
    samples of children drawn from the store, moderation, and what audits find."""

    name = "smeaton.web.audits"
    label = "audits"
    verbose_name = "Case-file audits"
