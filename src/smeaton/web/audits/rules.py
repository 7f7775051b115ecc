"""Who may read and change case-file audits. docs/people-and-permissions.md has the table.
"""

from django.db.models import Q

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.roles import OUTSIDE_THE_COUNCIL
from smeaton.web.audits.models import Audit, ChildAction, SafeguardingConcern, Theme

# Findings: actions for the child, safeguarding concerns, learning themes, the quality
# assurance dashboard.
#
# The dashboard's figures are aggregate (no child is named), so everyone at the council
# reads them, viewers and councillors included; partners do not (the council's own
# quality assurance). Small numbers are hidden from those without child-level access
# (queries.dashboard). What an audit found for one child is child-level: QA leads,
# leadership and administrators (who oversee the programme), the audit's auditor and
# moderator, and, for one action, its owner, and, for one concern, its named contacts.

QA_DASHBOARD = "audits.view_qa_dashboard"
OVERSEE = (Role.QA_LEAD, Role.LEADERSHIP, Role.ADMINISTRATOR)


def at_the_council(user, _record=None) -> bool:
    return user.role not in OUTSIDE_THE_COUNCIL


named_rule(QA_DASHBOARD, at_the_council)


def oversees(user) -> bool:
    return user.has_role(*OVERSEE)


def audits_it(user, audit: Audit | None) -> bool:
    """The audit's auditor or moderator (never someone outside the council)."""
    return (audit is not None and at_the_council(user)
            and user.pk in (audit.auditor_id, audit.moderator_id))


def qa_lead(user, _record=None) -> bool:
    return user.has_role(Role.QA_LEAD)


@rule(Audit, "view_findings")
def overseer_or_auditor(user, audit):
    return oversees(user) or audits_it(user, audit)


# Recording a finding: the auditor or moderator, or a QA lead, at any stage of the audit
# (a concern or an action may be found in moderation, or after).
@rule(Audit, "add_child_action", "raise_concern", "tag")
def qa_lead_or_auditor(user, audit):
    return qa_lead(user) or audits_it(user, audit)


def owns(user, action) -> bool:
    return action is not None and at_the_council(user) and action.owner_id == user.pk


@rule(ChildAction, "view", "view_history")
def overseer_auditor_or_owner(user, action):
    return oversees(user) or owns(user, action) or (
        action is not None and audits_it(user, action.audit))


@rule(ChildAction, "complete")
def owner_auditor_or_qa_lead_while_open(user, action):
    return (action is None or action.status == ChildAction.Status.OPEN) and (
        qa_lead(user) or owns(user, action)
        or (action is not None and audits_it(user, action.audit)))


def told(user, concern) -> bool:
    return (concern is not None and at_the_council(user)
            and concern.contacts.filter(pk=user.pk).exists())


@rule(SafeguardingConcern, "view", "view_history")
def overseer_auditor_raiser_or_contact(user, concern):
    return oversees(user) or (concern is not None and (
        audits_it(user, concern.audit) or told(user, concern)
        or (at_the_council(user) and concern.raised_by_id == user.pk)))


@rule(SafeguardingConcern, "acknowledge")
def a_named_contact_while_open(user, concern):
    return concern is not None and not concern.acknowledged and told(user, concern)


# The list of learning themes: a QA lead adds, renames and retires them.
rule(Theme, "list", "add", "change", "view_history")(qa_lead)


@scope(ChildAction)
def actions_visible(user, actions):
    if oversees(user):
        return actions
    if not at_the_council(user):
        return actions.none()
    return actions.filter(Q(owner=user) | Q(audit__auditor=user) | Q(audit__moderator=user))


@scope(SafeguardingConcern)
def concerns_visible(user, concerns):
    if oversees(user):
        return concerns
    if not at_the_council(user):
        return concerns.none()
    return concerns.filter(Q(contacts=user) | Q(raised_by=user) | Q(audit__auditor=user)
                           | Q(audit__moderator=user)).distinct()
