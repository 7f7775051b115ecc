"""Who may read and change service plans. docs/people-and-permissions.md has the table.

Everyone signed in reads them. The programme office (administrators and leadership)
manages every service plan; a service plan's lead adds and edits its actions; an
action's owner (and the plan's lead) posts its updates. Nothing else is allowed.
"""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.rules import administrator
from smeaton.web.service_plans.models import ServiceAction, ServicePlan

PROGRAMME_OFFICE = (Role.ADMINISTRATOR, Role.LEADERSHIP)

# Service plans are set up (a service area, a year, a lead) in the admin site.
named_rule("service_plans", administrator)
rule(ServicePlan, "add", "change", "delete")(administrator)


@rule(ServicePlan, "view", "list")
@rule(ServiceAction, "view", "list")
def anyone_signed_in(user, _record):
    return True


def leads(user, service_plan: ServicePlan | None) -> bool:
    return service_plan is not None and service_plan.lead_id == user.pk


@rule(ServicePlan, "add_action")
def lead_or_programme_office(user, service_plan):
    return leads(user, service_plan) or user.has_role(*PROGRAMME_OFFICE)


@rule(ServiceAction, "change")
def action_editor(user, action):
    return lead_or_programme_office(user, action and action.service_plan)


@rule(ServiceAction, "post_update")
def owner_or_lead(user, action):
    return action is not None and (action.owner_id == user.pk
                                   or leads(user, action.service_plan))


@rule(ServicePlan, "view_history")
@rule(ServiceAction, "view_history")
def involved_or_programme_office(user, record):
    service_plan = record if isinstance(record, ServicePlan) else getattr(
        record, "service_plan", None)
    owner = getattr(record, "owner_id", None)
    return (user.has_role(*PROGRAMME_OFFICE) or leads(user, service_plan)
            or (owner is not None and owner == user.pk))


@scope(ServicePlan)
@scope(ServiceAction)
def all_service_plans(user, records):
    return records
