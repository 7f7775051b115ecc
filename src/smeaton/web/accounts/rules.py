"""Who may see and change people and reference data, and who reaches the admin site."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from smeaton.web.accounts.child_level import VIEW_CHILD_LEVEL
from smeaton.web.accounts.models import ChildLevelRead, Organisation, Role, ServiceArea, User
from smeaton.web.accounts.permissions import USE_ADMIN_SITE, named_rule, rule, scope

MANAGERS = (Role.ADMINISTRATOR, Role.LEADERSHIP)


@rule(User, "list", "view_history")
def manager(user, _subject):
    return user.has_role(*MANAGERS)


@rule(User, "view")
def self_or_manager(user, person):
    return user.has_role(*MANAGERS) or (person is not None and person.pk == user.pk)


@rule(User, "add", "change")
@rule(ServiceArea, "add", "change", "delete", "view_history")
def administrator(user, _subject=None):
    return user.has_role(Role.ADMINISTRATOR)


# Partner organisations: set up by an administrator. Nobody deletes one: its people and
# the actions it owns, with their history, refer to it.
rule(Organisation, "add", "change", "view_history")(administrator)


# Sign-in throttling's records: an administrator reads them, and unlocks an account
# by deleting its failed attempts.
rule(AccessAttempt, "view", "delete")(administrator)
rule(AccessFailureLog, "view", "delete")(administrator)
rule(AccessLog, "view")(administrator)

# The record of who saw child-level data: administrators read it; nobody changes it.
rule(ChildLevelRead, "view")(administrator)

for name in (USE_ADMIN_SITE, "accounts", "plan", "performance", "returns", "axes"):
    named_rule(name, administrator)


@rule(ServiceArea, "view", "list")
@rule(Organisation, "view", "list")
def anyone_signed_in(user, _subject):
    return True


@scope(User)
def people_visible(user, people):
    return people if user.has_role(*MANAGERS) else people.filter(pk=user.pk)


@scope(ServiceArea)
@scope(Organisation)
def reference_data(user, records):
    return records


def child_level_access(user, _subject=None):
    """By role (analysts), or given to the person by name (a leader)."""
    return user.sees_child_level


# Records about individual children: a return's cells, the children behind a figure.
named_rule(VIEW_CHILD_LEVEL, child_level_access)
