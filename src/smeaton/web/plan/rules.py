"""Who may read and change the plan. docs/people-and-permissions.md has the table.

A rule given ``None`` answers for a kind of record (the admin site's lists): only the
programme office's part of a rule can answer that.
"""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import rule, scope
from smeaton.web.accounts.rules import administrator
from smeaton.web.plan.models import (
    Milestone,
    MilestoneUpdate,
    Plan,
    Priority,
    RagSettings,
    UpdateRound,
    YearEnd,
)

PROGRAMME_OFFICE = (Role.ADMINISTRATOR, Role.LEADERSHIP)


@rule(Plan, "view")
@rule(Priority, "view")
@rule(Milestone, "view")
@rule(UpdateRound, "view", "list")
@rule(YearEnd, "view")
def anyone_signed_in(user, _record):
    return True


# Plans, priorities and the RAG settings are set up in the admin site. Nobody deletes
# a plan or a priority: their milestones, updates and history would go with them.
rule(Plan, "add", "change")(administrator)
rule(Priority, "add")(administrator)
rule(RagSettings, "view", "add", "change", "view_history")(administrator)


def live(record) -> bool:
    """Whether the record's plan may still change: a plan its successor has replaced is
    kept read-only, with its history."""
    if record is None:
        return True
    if isinstance(record, MilestoneUpdate):
        record = record.milestone
    if isinstance(record, Milestone):
        record = record.priority
    plan = record if isinstance(record, Plan) else record.plan
    return not plan.is_past


@rule(Plan, "run_rounds", "reassign", "review_year")
@rule(UpdateRound, "run", "change")
@rule(MilestoneUpdate, "return")
def programme_office(user, record):
    return user.has_role(*PROGRAMME_OFFICE) and live(record)


def leads(user, priority: Priority | None) -> bool:
    return priority is not None and priority.lead_id == user.pk


@rule(Priority, "change", "add_milestone")
def priority_lead_or_programme_office(user, priority):
    return (leads(user, priority) or user.has_role(*PROGRAMME_OFFICE)) and live(priority)


def unsettled(milestone) -> bool:
    """Neither decided at a year end nor of a closed year: still work in hand."""
    return milestone is None or milestone.why_settled() is None


@rule(Milestone, "decide")
def milestone_lead_or_office(user, milestone):
    return priority_lead_or_programme_office(user, milestone and milestone.priority)


@rule(Milestone, "change")
def milestone_editor(user, milestone):
    return milestone_lead_or_office(user, milestone) and unsettled(milestone)


@rule(Milestone, "override")
def milestone_lead_or_leadership(user, milestone):
    return ((leads(user, milestone and milestone.priority) or user.has_role(Role.LEADERSHIP))
            and live(milestone) and unsettled(milestone))


@rule(Milestone, "post_update")
def owner_or_lead(user, milestone):
    return milestone is not None and live(milestone) and unsettled(milestone) and (
        milestone.owner_id == user.pk or leads(user, milestone.priority))


@rule(Milestone, "view_history")
@rule(Priority, "view_history")
@rule(YearEnd, "view_history")
@rule(Plan, "view_history")
@rule(UpdateRound, "view_history")
def involved_or_programme_office(user, record):
    priority = record if isinstance(record, Priority) else getattr(record, "priority", None)
    owner = getattr(record, "owner_id", None)
    return (user.has_role(*PROGRAMME_OFFICE) or leads(user, priority)
            or (owner is not None and owner == user.pk))


@scope(Milestone)
@scope(Priority)
@scope(UpdateRound)
def whole_plan(user, records):
    return records
