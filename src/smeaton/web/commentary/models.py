"""Commentary on an indicator for a period: what the figure shows, why, and what is
being done, drafted by an analyst and signed off by the indicator's owner.

Each version is a row. A version goes from draft to submitted (for sign-off), then is
signed off or returned with a comment; a returned version is changed and submitted
again. A signed-off version is locked: a change to it starts a new draft version that
revises it. Every version is kept, and every change to one is in its audit trail.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from smeaton.web.audit.models import AuditedModel
from smeaton.web.commentary.periods import Kind, Period

# Long enough for a paragraph or two; short enough to read in a scorecard paper.
PART_LENGTH = 1500
COMMENT_LENGTH = 1000


class Commentary(AuditedModel):
    """The commentary on one indicator for one period: its versions, newest last."""

    indicator = models.ForeignKey("performance.Indicator", on_delete=models.CASCADE,
                                  related_name="commentaries")
    period_kind = models.CharField(max_length=10, choices=Kind.choices)
    period_end = models.DateField(help_text="The last day of the period.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    illustrative = models.BooleanField(
        default=False, help_text="Written for the demonstration, and labelled so.")

    class Meta:
        verbose_name_plural = "commentaries"
        ordering = ["indicator", "-period_end", "period_kind"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period_kind", "period_end"],
                                               name="one_commentary_per_indicator_period")]

    def __str__(self):
        return f"{self.indicator}, {self.period}"

    @property
    def period(self) -> Period:
        return Period(self.period_end, Kind(self.period_kind))


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting sign-off"
    RETURNED = "returned", "Returned"
    SIGNED_OFF = "signed_off", "Signed off"


# Versions an analyst may still change: once submitted, only a decision moves it on.
OPEN_FOR_EDITING = (Status.DRAFT, Status.RETURNED)


class Version(models.Model):
    commentary = models.ForeignKey(Commentary, on_delete=models.CASCADE,
                                   related_name="versions")
    number = models.PositiveIntegerField()
    revises = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+",
                                help_text="The signed-off version this one changes.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    shows = models.TextField("what the figure shows")
    why = models.TextField("why")
    action = models.TextField("what is being done")
    milestones = models.ManyToManyField("plan.Milestone", blank=True, related_name="+",
                                        help_text="The plan's milestones the action is.")
    # The linked milestones' titles as saved: the audit trail shows each change of links
    # in words, as they were when the link was made.
    milestone_titles = models.TextField("milestones", blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="last edited by")
    edited_at = models.DateTimeField("last edited", default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="signed off or returned by")
    decided_at = models.DateTimeField("signed off or returned", null=True, blank=True)
    return_comment = models.TextField("comment on returning", blank=True)
    # Everyone who wrote any of this version's words: none of them may sign it off.
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                     editable=False)
    # Incremented on every save: a form saved over someone else's change is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["commentary", "number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["commentary", "number"],
                                               name="one_version_per_number")]

    def __str__(self):
        return f"Version {self.number} of the commentary on {self.commentary}"

    def save(self, *args, **kwargs):
        if self.pk:
            self.revision += 1
        super().save(*args, **kwargs)

    @property
    def locked(self) -> bool:
        return self.status == Status.SIGNED_OFF

    @property
    def editable(self) -> bool:
        return self.status in OPEN_FOR_EDITING

    def written_by(self, user) -> bool:
        """Did this person draft or edit this version? Then they cannot sign it off."""
        return (user.pk in (self.drafted_by_id, self.edited_by_id)
                or self.authors.filter(pk=user.pk).exists())
