"""Who may read and change the plan. docs/people-and-permissions.md has the table."""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import rule, scope
from smeaton.web.plan.models import Milestone, MilestoneUpdate, Plan, Priority, UpdateRound

PROGRAMME_OFFICE = (Role.ADMINISTRATOR, Role.LEADERSHIP)


@rule(Plan, "view")
@rule(Priority, "view")
@rule(Milestone, "view")
@rule(UpdateRound, "view", "list")
def anyone_signed_in(user, _record):
    return True


@rule(Plan, "run_rounds", "reassign")
@rule(UpdateRound, "run")
@rule(MilestoneUpdate, "return")
def programme_office(user, _record):
    return user.has_role(*PROGRAMME_OFFICE)


def leads(user, priority: Priority) -> bool:
    return priority.lead_id == user.pk


@rule(Priority, "change", "add_milestone")
def priority_lead_or_programme_office(user, priority):
    return leads(user, priority) or user.has_role(*PROGRAMME_OFFICE)


@rule(Milestone, "change")
def milestone_editor(user, milestone):
    return priority_lead_or_programme_office(user, milestone.priority)


@rule(Milestone, "override")
def milestone_lead_or_leadership(user, milestone):
    return leads(user, milestone.priority) or user.has_role(Role.LEADERSHIP)


@rule(Milestone, "post_update")
def owner_or_lead(user, milestone):
    return milestone.owner_id == user.pk or leads(user, milestone.priority)


@rule(Milestone, "view_history")
@rule(Priority, "view_history")
def involved_or_programme_office(user, record):
    priority = record if isinstance(record, Priority) else record.priority
    owner = getattr(record, "owner_id", None)
    return (owner == user.pk or leads(user, priority)
            or user.has_role(*PROGRAMME_OFFICE))


@scope(Milestone)
@scope(Priority)
@scope(UpdateRound)
def whole_plan(user, records):
    return records
