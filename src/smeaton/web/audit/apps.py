from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail: who changed which record, when, and what it was before and after."""

    name = "smeaton.web.audit"
    label = "audit"
    verbose_name = "Audit trail"
