"""Who may do what with case-file audits. docs/quality-assurance.md has the table.

QA leads (and administrators) set the audit tools, run the programmes and draw the
monthly samples. An audit is about one child, so it is read only by those who run
quality assurance (QA leads, leadership, administrators) and by its own auditor and
moderator; other council staff read none of it, and partners, viewers and councillors
never read an audit, whatever else they are given. An audit's auditor edits it while it
is open; its moderator moderates it while it awaits moderation. Finding a child's case
(the council's own identifier) is for people with child-level access who may read the
audit, and is recorded twice (audits/services.py ``reidentify``).
"""

from django.db.models import Q

from smeaton.web.accounts.child_level import may_see
from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.roles import OUTSIDE_THE_COUNCIL
from smeaton.web.accounts.rules import administrator
from smeaton.web.audits.models import (
    Audit,
    ChildAction,
    Programme,
    Question,
    SafeguardingConcern,
    Sample,
    Section,
    Theme,
    Tool,
    ToolVersion,
)

QA_MANAGERS = (Role.ADMINISTRATOR, Role.QA_LEAD)
READ_EVERY_AUDIT = (Role.ADMINISTRATOR, Role.LEADERSHIP, Role.QA_LEAD)
# Never read an audit, even one they were (wrongly) named on.
NEVER_READ = (Role.PARTNER, Role.VIEWER, Role.COUNCILLOR)

# Whether someone sees the "Quality assurance" section at all.
USE_AUDITS = "audits.use_audits"

named_rule("audits", administrator)  # the admin site's section


def manages_quality_assurance(user, _record=None) -> bool:
    return user.has_role(*QA_MANAGERS)


def reads_every_audit(user, _record=None) -> bool:
    return user.has_role(*READ_EVERY_AUDIT)


def auditor_of(user, audit) -> bool:
    return audit is not None and audit.auditor_id == user.pk and user.role not in NEVER_READ


def moderator_of(user, audit) -> bool:
    return audit is not None and audit.moderator_id == user.pk and user.role not in NEVER_READ


def audits_anything(user, _record=None) -> bool:
    """Runs quality assurance, or has audits of their own to do or moderate."""
    return reads_every_audit(user) or (user.role not in NEVER_READ and (
        Audit.objects.filter(auditor=user).exists()
        or Audit.objects.filter(moderator=user).exists()))


named_rule(USE_AUDITS, audits_anything)

rule(Tool, "list", "view", "add", "change", "new_version")(manages_quality_assurance)
rule(ToolVersion, "view")(manages_quality_assurance)
rule(Section, "view")(manages_quality_assurance)
rule(Question, "view")(manages_quality_assurance)


@rule(ToolVersion, "change", "publish")
def manager_while_draft(user, version):
    return manages_quality_assurance(user) and (version is None or version.is_draft)


rule(Programme, "list", "view", "add", "change", "draw")(manages_quality_assurance)


@rule(Sample, "view")
def reads_the_sample(user, sample):
    """The month's page lists only the audits the person may read."""
    if reads_every_audit(user):
        return True
    if sample is None or user.role in NEVER_READ:
        return False
    return (sample.audits.filter(auditor=user).exists()
            or sample.audits.filter(moderator=user).exists())


@rule(Audit, "view")
def reads_the_audit(user, audit):
    return reads_every_audit(user) or auditor_of(user, audit) or moderator_of(user, audit)


rule(Audit, "list")(audits_anything)


@rule(Audit, "change")
def auditor_while_open(user, audit):
    return auditor_of(user, audit) and audit.is_open


@rule(Audit, "moderate")
def moderator_while_awaiting(user, audit):
    return moderator_of(user, audit) and audit.status == Audit.Status.AWAITING_MODERATION


@rule(Audit, "reidentify")
def child_level_reader_of_the_audit(user, audit):
    return may_see(user) and audit is not None and reads_the_audit(user, audit)


@rule(Audit, "view_history")
def runs_quality_assurance(user, _audit):
    return reads_every_audit(user)


@scope(Audit)
def audits_the_person_reads(user, audits):
    if reads_every_audit(user):
        return audits
    if user.role in NEVER_READ:
        return audits.none()
    return audits.filter(auditor=user) | audits.filter(moderator=user)


# --- Findings: actions for the child, safeguarding concerns, themes, the dashboard ------
#
# The dashboard's figures are aggregate (no child is named), so everyone at the council
# reads them, viewers and councillors included; partners do not (the council's own
# quality assurance). Small numbers are hidden from those without child-level access
# (queries.dashboard). What an audit found for one child is child-level: QA leads,
# leadership and administrators (who oversee the programme), the audit's auditor and
# moderator, and, for one action, its owner, and, for one concern, its named contacts
# (never a viewer, councillor or partner, whatever they were named on).

QA_DASHBOARD = "audits.view_qa_dashboard"
OVERSEE = READ_EVERY_AUDIT


def at_the_council(user, _record=None) -> bool:
    return user.role not in OUTSIDE_THE_COUNCIL


named_rule(QA_DASHBOARD, at_the_council)


def oversees(user) -> bool:
    return user.has_role(*OVERSEE)


def reads_children(user) -> bool:
    return user.role not in NEVER_READ


def audits_it(user, audit: Audit | None) -> bool:
    """The audit's auditor or moderator."""
    return auditor_of(user, audit) or moderator_of(user, audit)


def qa_lead(user, _record=None) -> bool:
    return user.has_role(Role.QA_LEAD)


# Recording a finding: the auditor or moderator, or a QA lead, at any stage of the audit
# (a concern or an action may be found in moderation, or after).
@rule(Audit, "add_child_action", "raise_concern", "tag")
def qa_lead_or_auditor(user, audit):
    return qa_lead(user) or audits_it(user, audit)


def owns(user, action) -> bool:
    return action is not None and reads_children(user) and action.owner_id == user.pk


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
    return (concern is not None and reads_children(user)
            and concern.contacts.filter(pk=user.pk).exists())


@rule(SafeguardingConcern, "view", "view_history")
def overseer_auditor_raiser_or_contact(user, concern):
    return oversees(user) or (concern is not None and (
        audits_it(user, concern.audit) or told(user, concern)
        or (reads_children(user) and concern.raised_by_id == user.pk)))


@rule(SafeguardingConcern, "acknowledge")
def a_named_contact_while_open(user, concern):
    return concern is not None and not concern.acknowledged and told(user, concern)


# The list of learning themes: a QA lead (or an administrator, as for tools and
# programmes) adds, renames and retires them.
rule(Theme, "list", "add", "change", "view_history")(manages_quality_assurance)


@scope(ChildAction)
def actions_visible(user, actions):
    if oversees(user):
        return actions
    if not reads_children(user):
        return actions.none()
    return actions.filter(Q(owner=user) | Q(audit__auditor=user) | Q(audit__moderator=user))


@scope(SafeguardingConcern)
def concerns_visible(user, concerns):
    if oversees(user):
        return concerns
    if not reads_children(user):
        return concerns.none()
    return concerns.filter(Q(contacts=user) | Q(raised_by=user) | Q(audit__auditor=user)
                           | Q(audit__moderator=user)).distinct()
