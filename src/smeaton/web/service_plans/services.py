"""What people do to service plans, each as one atomic, audited step.

Views call these after checking permission; these check the state of the records (an
action someone else has just changed) and refuse with a ``ServicePlanError`` whose
message is written for the person who tried.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction

from smeaton.web.audit.models import attribute
from smeaton.web.plan.delivery import record_progress
from smeaton.web.plan.models import Priority
from smeaton.web.plan.rag import Progress
from smeaton.web.service_plans.models import ActionUpdate, ServiceAction, ServicePlan


class ServicePlanError(Exception):
    """A request the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# What editing an action may change: its progress changes only through updates.
ACTION_DETAILS = ("title", "description", "owner", "due")


def _lock_action(pk: int, seen_version: int | None) -> ServiceAction:
    """The action as it is now, locked until the change commits; refused if someone else
    changed it since the person saw ``seen_version``, so no one's change is lost."""
    action = ServiceAction.objects.select_for_update().select_related(
        "service_plan__plan").get(pk=pk)
    if seen_version is not None and action.version != seen_version:
        raise ServicePlanError(
            "Someone else changed this action while you were working on it, so your change "
            "was not saved. Check the action as it is now, then make your change again")
    return action


def _check_priorities(service_plan: ServicePlan, priorities: Iterable[Priority]) -> list:
    priorities = list(priorities)
    if not priorities:
        raise ServicePlanError("Select at least one priority the action serves",
                               field="priorities")
    if any(p.plan_id != service_plan.plan_id for p in priorities):
        raise ServicePlanError("Select priorities of the plan this service plan serves",
                               field="priorities")
    return priorities


@transaction.atomic
def add_action(service_plan: ServicePlan, by, *, priorities: Iterable[Priority],
               at: datetime | None = None, **details) -> ServiceAction:
    priorities = _check_priorities(service_plan, priorities)
    action = ServiceAction(service_plan=service_plan, **details)
    if at:
        action.created_at = at
    attribute(action, by, at, reason=f"Added by {by}")
    action.save()
    action.priorities.set(priorities)
    return action


@transaction.atomic
def change_action(action: ServiceAction, by, *, seen_version: int,
                  priorities: Iterable[Priority], **details) -> ServiceAction:
    """Change an action's details and priorities, writing only those: never a stale copy
    of the rest (an owner's update posted a moment earlier keeps its progress)."""
    if unknown := set(details) - set(ACTION_DETAILS):
        raise ValueError(f"Not an action's detail: {', '.join(sorted(unknown))}")
    action = _lock_action(action.pk, seen_version)
    priorities = _check_priorities(action.service_plan, priorities)
    for name, value in details.items():
        setattr(action, name, value)
    attribute(action, by)
    action.save(update_fields=[*details, "version"])
    if set(action.priorities.all()) != set(priorities):
        attribute(action, by, reason=f"Priorities changed by {by}")
        action.priorities.set(priorities)
    return action


@transaction.atomic
def post_update(action: ServiceAction, author, *, progress: Progress, commentary: str,
                forecast: date | None = None, seen_version: int | None = None,
                posted_at: datetime | None = None) -> ActionUpdate:
    """Record an owner's update. ``posted_at`` is for loading past updates (the demo)."""
    action = _lock_action(action.pk, seen_version)
    return record_progress(action, author, progress=progress, commentary=commentary,
                           forecast=forecast, posted_at=posted_at, refusal=ServicePlanError)
