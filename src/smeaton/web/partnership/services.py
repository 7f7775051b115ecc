"""What people do to the partnership plan, each as one atomic, audited step.

Views call these after checking permission; these check the state of the records (an
action someone else has just changed, a contact who does not work for the organisation)
and refuse with a ``PartnershipError`` whose message is written for the person who tried.
"""

from datetime import date, datetime

from django.db import transaction

from smeaton.web.audit.models import attribute
from smeaton.web.partnership.models import PartnerAction, PartnerActionUpdate, SharedPriority
from smeaton.web.plan.delivery import record_progress
from smeaton.web.plan.rag import Progress


class PartnershipError(Exception):
    """A request the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# What editing an action may change: its progress changes only through updates.
ACTION_DETAILS = ("title", "description", "organisation", "owner", "due")


def _lock_action(pk: int, seen_version: int | None) -> PartnerAction:
    """The action as it is now, locked until the change commits; refused if someone else
    changed it since the person saw ``seen_version``, so no one's change is lost."""
    action = PartnerAction.objects.select_for_update().get(pk=pk)
    if seen_version is not None and action.version != seen_version:
        raise PartnershipError(
            "Someone else changed this action while you were working on it, so your change "
            "was not saved. Check the action as it is now, then make your change again")
    return action


def _check_owner(action: PartnerAction) -> None:
    if action.owner_id and action.owner.organisation_id != action.organisation_id:
        raise PartnershipError(
            f"Choose someone who works for {action.organisation}, or no one", field="owner")


@transaction.atomic
def add_action(shared_priority: SharedPriority, by, *, at: datetime | None = None,
               **details) -> PartnerAction:
    action = PartnerAction(shared_priority=shared_priority, **details)
    _check_owner(action)
    if at:
        action.created_at = at
    attribute(action, by, at, reason=f"Added by {by}")
    action.save()
    return action


@transaction.atomic
def change_action(action: PartnerAction, by, *, seen_version: int, **details) -> PartnerAction:
    """Change an action's details, writing only those: never a stale copy of the rest (a
    partner's update posted a moment earlier keeps its progress)."""
    if unknown := set(details) - set(ACTION_DETAILS):
        raise ValueError(f"Not an action's detail: {', '.join(sorted(unknown))}")
    action = _lock_action(action.pk, seen_version)
    for name, value in details.items():
        setattr(action, name, value)
    _check_owner(action)
    attribute(action, by)
    action.save(update_fields=[*details, "version"])
    return action


@transaction.atomic
def post_update(action: PartnerAction, author, *, progress: Progress, commentary: str,
                forecast: date | None = None, seen_version: int | None = None,
                posted_at: datetime | None = None) -> PartnerActionUpdate:
    """Record a partner's update. ``posted_at`` is for loading past updates (the demo)."""
    action = _lock_action(action.pk, seen_version)
    return record_progress(action, author, progress=progress, commentary=commentary,
                           forecast=forecast, posted_at=posted_at, refusal=PartnershipError)
