"""Who may read and change the partnership plan. docs/people-and-permissions.md has the
table.

Everyone signed in reads it, partners included. An administrator sets up the partnership
plan and its shared priorities in the admin site; the programme office (administrators
and leadership) adds and edits the actions; the people of the organisation that owns an
action post its updates, and nobody else does. Nobody deletes any of it. A partnership
plan serving a council plan that its successor has replaced is kept read-only, as that
plan is.
"""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.rules import administrator
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan, SharedPriority
from smeaton.web.plan.rules import live

PROGRAMME_OFFICE = (Role.ADMINISTRATOR, Role.LEADERSHIP)

named_rule("partnership", administrator)
rule(PartnershipPlan, "add", "change")(administrator)
rule(SharedPriority, "add", "change")(administrator)


@rule(PartnershipPlan, "view", "list")
@rule(SharedPriority, "view", "list")
@rule(PartnerAction, "view", "list")
def anyone_signed_in(user, _record):
    return True


def programme_office(user, _record=None) -> bool:
    return user.has_role(*PROGRAMME_OFFICE)


rule(PartnershipPlan, "view_history")(programme_office)
rule(SharedPriority, "view_history")(programme_office)


def still_open(record: SharedPriority | PartnerAction | None) -> bool:
    """Whether the council plan the record serves may still change (plan/rules.py)."""
    if isinstance(record, PartnerAction):
        record = record.shared_priority
    return record is None or live(record.partnership_plan.plan)


@rule(SharedPriority, "add_action")
@rule(PartnerAction, "change")
def programme_office_while_open(user, record):
    return programme_office(user) and still_open(record)


def works_for_owner(user, action: PartnerAction | None) -> bool:
    """Whether this person works for the organisation that owns the action."""
    return (action is not None and user.organisation_id is not None
            and user.organisation_id == action.organisation_id)


@rule(PartnerAction, "post_update")
def owning_organisation(user, action):
    return works_for_owner(user, action) and still_open(action)


@rule(PartnerAction, "view_history")
def owning_organisation_or_programme_office(user, action):
    return programme_office(user) or works_for_owner(user, action)


@scope(PartnershipPlan)
@scope(SharedPriority)
@scope(PartnerAction)
def the_whole_partnership_plan(user, records):
    return records
