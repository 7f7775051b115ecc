"""Service plans: each service area's plan for a plan year, with its actions.

A service plan belongs to one service area (configured by an administrator) and one
year of the council's plan. Its actions are delivered like milestones (an owner, a due
date, progress reported in updates, RAG by the same rules) and each serves one or more
of the plan's priorities, which is what the matrix of priorities by service area counts.

The service plan names its lead: the person who adds and edits its actions. A named
person per plan and year, rather than "whoever works in the service area with some
role", because a service area has several managers, leads change from year to year,
and the audit trail then says who was accountable for the plan when.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from smeaton.web.accounts.models import ServiceArea
from smeaton.web.audit.models import AuditedModel
from smeaton.web.plan.delivery import DeliveredLikeAMilestone, ProgressReport
from smeaton.web.plan.models import PLAN_YEARS, Plan, Priority
from smeaton.years import year_label


class ServicePlan(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="service_plans")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT,
                                     related_name="service_plans")
    plan_year = models.PositiveIntegerField(choices=PLAN_YEARS)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_plans_led",
        help_text="Adds and edits the plan's actions.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-plan_year", "service_area__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "service_area", "plan_year"],
                                    name="one_service_plan_per_area_and_year",
                                    violation_error_message="This service area already has "
                                                            "a service plan for this year."),
        ]

    def __str__(self):
        return f"{self.service_area} {self.plan_year_label}"

    @property
    def plan_year_label(self) -> str:
        return year_label(self.plan_year)

    def clean(self):
        if self.plan_id and self.plan_year not in self.plan.year_starts:
            raise ValidationError({"plan_year": f"Choose a year of the plan {self.plan.period}."})


class ServiceAction(DeliveredLikeAMilestone):
    """Due, progress, RAG and version as a milestone's (plan/delivery.py)."""

    service_plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE,
                                     related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="service_actions_owned")
    priorities = models.ManyToManyField(Priority, related_name="service_actions")

    # Audited with the priorities it serves, less the bookkeeping of every update.
    history = HistoricalRecords(excluded_fields=["version", "last_update_at"],
                                m2m_fields=[priorities])

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self):
        return self.title


class ActionUpdate(ProgressReport):
    """An owner's report of a service action's progress (plan/delivery.py)."""

    action = models.ForeignKey(ServiceAction, on_delete=models.CASCADE, related_name="updates")

    class Meta(ProgressReport.Meta):
        pass
