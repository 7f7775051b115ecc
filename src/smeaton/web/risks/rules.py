"""Who may read and change the risk and issues log. docs/people-and-permissions.md has
the table.

Everyone at the council reads the register, the issues and their actions, viewers and
councillors included; partners, who work for other organisations, do not see the
council's own risks. The programme office (administrators and leadership) raises, edits,
escalates and closes risks, and raises and resolves issues. A risk's owner reviews it and
adds its controls and actions (the programme office may too); an issue's owner adds its
actions. An action's owner posts its updates, and nobody else does. A closed risk or a
resolved issue is kept as it was. An administrator sets the matrix and the categories
in the admin site. The audit trail is for the programme office and the owner.
"""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.roles import OUTSIDE_THE_COUNCIL
from smeaton.web.accounts.rules import administrator
from smeaton.web.risks.models import (
    Category,
    Control,
    ImpactLevel,
    Issue,
    LikelihoodLevel,
    Risk,
    RiskAction,
    RiskMatrix,
    ScoreBand,
)

PROGRAMME_OFFICE = (Role.ADMINISTRATOR, Role.LEADERSHIP)

# The matrix and categories: an administrator, in the admin site. There is one matrix,
# with five levels of each kind: none is added or deleted, only reworded.
named_rule("risks", administrator)
rule(RiskMatrix, "view", "change", "view_history")(administrator)
rule(LikelihoodLevel, "view", "change", "view_history")(administrator)
rule(ImpactLevel, "view", "change", "view_history")(administrator)
rule(ScoreBand, "view", "add", "change", "delete", "view_history")(administrator)
rule(Category, "view", "add", "change", "view_history")(administrator)


def at_the_council(user, _record=None) -> bool:
    return user.role not in OUTSIDE_THE_COUNCIL


rule(Risk, "view", "list")(at_the_council)
rule(Issue, "view", "list")(at_the_council)
rule(RiskAction, "view", "list")(at_the_council)


def programme_office(user, _record=None) -> bool:
    return user.has_role(*PROGRAMME_OFFICE)


rule(Risk, "add")(programme_office)
rule(Issue, "add")(programme_office)


def owns(user, record) -> bool:
    return record is not None and record.owner_id == user.pk


@rule(Risk, "change", "escalate", "close", "raise_issue")
def programme_office_while_open(user, risk):
    return programme_office(user) and (risk is None or risk.is_open)


@rule(Risk, "review", "add_control", "add_action")
def owner_or_programme_office_while_open(user, risk):
    return (programme_office(user) or owns(user, risk)) and (risk is None or risk.is_open)


@rule(Control, "end")
def risk_owner_or_programme_office_while_in_place(user, control):
    return (control is not None and control.in_place
            and owner_or_programme_office_while_open(user, control.risk))


@rule(Issue, "change", "resolve")
def programme_office_while_unresolved(user, issue):
    return programme_office(user) and (issue is None or issue.is_open)


@rule(Issue, "add_action")
def issue_owner_or_programme_office(user, issue):
    return (programme_office(user) or owns(user, issue)) and (issue is None or issue.is_open)


@rule(Risk, "view_history")
@rule(Issue, "view_history")
def owner_or_programme_office(user, record):
    return programme_office(user) or owns(user, record)


def still_open(action: RiskAction) -> bool:
    return action.treats.is_open


@rule(RiskAction, "change")
def programme_office_while_treated_is_open(user, action):
    return programme_office(user) and (action is None or still_open(action))


@rule(RiskAction, "post_update")
def action_owner(user, action):
    return owns(user, action) and still_open(action)


@rule(RiskAction, "view_history")
def action_or_its_risks_owner_or_programme_office(user, action):
    return programme_office(user) or owns(user, action) or (
        action is not None and owns(user, action.treats))


@scope(Risk)
@scope(Issue)
@scope(RiskAction)
def the_whole_register_at_the_council(user, records):
    return records if at_the_council(user) else records.none()
