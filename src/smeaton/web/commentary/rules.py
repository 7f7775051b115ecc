"""Who may draft, read and sign off commentary. docs/people-and-permissions.md.

Analysts and leadership draft. The indicator's owner signs off: the lead of any priority
the indicator measures, or anyone in leadership. Nobody signs off words they wrote.
"""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import rule
from smeaton.web.commentary.models import Commentary, Status, Version

DRAFTERS = (Role.ANALYST, Role.LEADERSHIP)
# Who works on commentary: they read drafts, the clinic and the audit trail.
WORKERS = (Role.ANALYST, Role.LEADERSHIP, Role.ADMINISTRATOR, Role.PRIORITY_LEAD)


def owns(user, indicator) -> bool:
    """Is this person the indicator's owner, who signs its commentary off?"""
    return user.has_role(Role.LEADERSHIP) or (
        user.is_active and indicator.priorities.filter(lead=user).exists())


def works_on(user, indicator=None) -> bool:
    if user.has_role(*WORKERS):
        return True
    if indicator is None:
        return user.is_active and user.priorities_led.exists()
    return owns(user, indicator)


@rule(Commentary, "view", "list")
def works_on_commentary(user, commentary):
    return works_on(user, commentary and commentary.indicator)


@rule(Version, "view", "view_history")
def reads_versions(user, version):
    return works_on(user, version and version.commentary.indicator)


@rule(Commentary, "draft")
def drafts(user, _commentary):
    return user.has_role(*DRAFTERS)


@rule(Version, "change")
def changes(user, version):
    """A draft or returned version is changed in place; a signed-off one is revised
    (a new version); one awaiting sign-off waits for its owner's decision."""
    return user.has_role(*DRAFTERS) and (version is None or version.status != Status.SUBMITTED)


@rule(Version, "submit")
def submits(user, version):
    return user.has_role(*DRAFTERS) and (version is None or version.editable)


def why_cannot_decide(user, version: Version) -> str | None:
    """Why this person cannot sign off (or return) this version, if they cannot; the
    service asks the same, so the refusal holds whatever the page showed."""
    if version.status != Status.SUBMITTED:
        return f"This version is {version.get_status_display().lower()}, not awaiting sign-off"
    if not owns(user, version.commentary.indicator):
        return ("Only the indicator's owner can sign it off: the lead of a priority it "
                "measures, or leadership")
    if version.written_by(user):
        return "You wrote this version, so someone else must sign it off"
    return None


@rule(Version, "sign_off", "return")
def decides(user, version):
    if version is None:
        return user.has_role(Role.LEADERSHIP) or user.priorities_led.exists()
    return why_cannot_decide(user, version) is None
