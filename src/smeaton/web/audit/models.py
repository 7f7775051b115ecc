"""Any model that inherits ``AuditedModel`` keeps a full history of its changes.

django-simple-history stores one row per save or delete, with the whole record as it
stood, the person who made the change (from the request) and, optionally, a reason.
For a model that cannot inherit (a third-party one), add
``history = HistoricalRecords()`` to it, or ``simple_history.register(Model)``.
"""

from datetime import datetime

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AuditedModel(models.Model):
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """``version`` goes up on every save: a change made from a page someone else has
    since changed is refused (services compare it with the version the person saw)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


def attribute(record, by, at: datetime | None = None, reason: str | None = None) -> None:
    """Who the next save of ``record`` is by, when, and why, for its audit trail. ``at``
    is for loading past events (the demo, an import): people act now."""
    record._history_user = by
    record._history_date = at or timezone.now()
    if reason:
        record._change_reason = reason
