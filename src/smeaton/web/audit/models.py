"""Any model that inherits ``AuditedModel`` keeps a full history of its changes.

django-simple-history stores one row per save or delete, with the whole record as it
stood, the person who made the change (from the request) and, optionally, a reason.
For a model that cannot inherit (a third-party one), add
``history = HistoricalRecords()`` to it, or ``simple_history.register(Model)``.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class AuditedModel(models.Model):
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
