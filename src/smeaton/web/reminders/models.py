"""Who wants which reminders, and every email Smeaton has queued, sent or failed to send."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from smeaton.web.audit.models import AuditedModel
from smeaton.web.reminders.kinds import BY_KIND, CHOOSABLE, REMINDERS, Kind


def _choice(kind: Kind) -> models.BooleanField:
    reminder = BY_KIND[kind]
    return models.BooleanField(reminder.label, default=reminder.on_by_default)


class Preferences(AuditedModel):
    """A person's choice of reminders. Without a row, the defaults hold."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="reminder_preferences")
    round_opened = _choice(Kind.ROUND_OPENED)
    round_due_soon = _choice(Kind.ROUND_DUE_SOON)
    update_overdue = _choice(Kind.UPDATE_OVERDUE)
    update_returned = _choice(Kind.UPDATE_RETURNED)
    weekly_digest = _choice(Kind.WEEKLY_DIGEST)
    action_due_soon = _choice(Kind.ACTION_DUE_SOON)
    review_opened = _choice(Kind.REVIEW_OPENED)
    risk_review_due = _choice(Kind.RISK_REVIEW_DUE)

    class Meta:
        verbose_name = "reminder preferences"
        verbose_name_plural = "reminder preferences"

    def __str__(self):
        return f"Reminders for {self.person}"

    def wants(self, kind: Kind) -> bool:
        reminder = BY_KIND[kind]
        return not reminder.can_turn_off or getattr(self, reminder.preference)

    @property
    def chosen(self) -> list[str]:
        """The reminders the person has chosen (not those always sent)."""
        return [r.kind.value for r in CHOOSABLE if self.wants(r.kind)]


class Email(models.Model):
    """One email to one person: written when it is due, then sent by the task worker.

    ``key`` says what the email is for (kind, person, record, day), so the same reminder
    is never queued twice, however often the daily command or a receiver runs.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(max_length=30, choices=[(r.kind.value, r.label) for r in REMINDERS])
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    to = models.EmailField("sent to")
    about = models.CharField(max_length=200, help_text="The record the email is about.")
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "reminder email"
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.subject} to {self.to}"
