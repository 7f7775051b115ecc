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

from smeaton.web.accounts.child_level import may_see
from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.rules import administrator
from smeaton.web.audits.models import (
    Audit,
    Programme,
    Question,
    Sample,
    Section,
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
