"""The partnership plan: what the council and its partners (health, the police, schools
and trusts, the voluntary sector) have agreed to deliver together, reported to the
partnership board.

It has shared priorities, each mapped to the council's own priorities it serves, and
each shared priority has actions owned by a partner organisation (or by the council's
programme office). An action is delivered like a milestone: a due date, progress reported
in updates by the owning organisation's people, RAG by the same rules.

An action is owned by an organisation rather than by one person because partners'
people change and cover for each other: anyone at the organisation who signs in as a
partner may report on it. It may name a person there as its contact.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from smeaton.web.accounts.models import Organisation
from smeaton.web.audit.models import AuditedModel
from smeaton.web.plan.delivery import DeliveredLikeAMilestone, ProgressReport
from smeaton.web.plan.models import Plan, Priority


class PartnershipPlan(AuditedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="partnership_plans",
                             help_text="The council's plan whose priorities this one serves.")
    title = models.CharField(max_length=200)
    board = models.CharField("board", max_length=200,
                             help_text="The board it is reported to, such as the Children's "
                                       "Partnership Board.")
    illustrative = models.BooleanField(
        default=False, help_text="Made up for the demonstration, and labelled so on its pages.")

    class Meta:
        ordering = ["-pk"]

    def __str__(self):
        return self.title


class SharedPriority(models.Model):
    partnership_plan = models.ForeignKey(PartnershipPlan, on_delete=models.PROTECT,
                                         related_name="shared_priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    priorities = models.ManyToManyField(
        Priority, related_name="shared_priorities", blank=True,
        verbose_name="the council's priorities it serves")

    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["partnership_plan", "number"]
        verbose_name_plural = "shared priorities"
        constraints = [
            models.UniqueConstraint(fields=["partnership_plan", "number"],
                                    name="one_shared_priority_per_number",
                                    violation_error_message="The partnership plan already has "
                                                            "a shared priority with this number."),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class PartnerAction(DeliveredLikeAMilestone):
    """Due, progress, RAG and version as a milestone's (plan/delivery.py)."""

    shared_priority = models.ForeignKey(SharedPriority, on_delete=models.PROTECT,
                                        related_name="actions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="partner_actions",
                                     help_text="Its people post the action's updates.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="partner_actions_owned", help_text="Someone at the organisation.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    # Audited, less the bookkeeping of every update.
    history = HistoricalRecords(excluded_fields=["version", "last_update_at"])

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.owner_id and self.owner.organisation_id != self.organisation_id:
            raise ValidationError({"owner": "Choose someone who works for the organisation "
                                            "that owns the action"})


class PartnerActionUpdate(ProgressReport):
    """A partner's report of an action's progress (plan/delivery.py)."""

    action = models.ForeignKey(PartnerAction, on_delete=models.CASCADE, related_name="updates")

    class Meta(ProgressReport.Meta):
        pass
