"""Who may load returns and read their problem reports. docs/people-and-permissions.md
has the table.

A load's own record (who, when, files and counts) holds nothing about a child; its
problem report quotes the returns' cells and identifiers, so it needs child-level access.
"""

from django_tasks_db.models import DBTaskResult

from smeaton.web.accounts.child_level import may_see
from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.rules import administrator
from smeaton.web.returns.models import Load

# Those who see the record of every load: the analysts who run them, the programme
# office and administrators, who answer for the installation.
OVERSIGHT = (Role.ANALYST, Role.ADMINISTRATOR, Role.LEADERSHIP)


@rule(Load, "list", "view", "view_history")
def oversight(user, _load):
    return user.has_role(*OVERSIGHT)


@rule(Load, "add", "view_problems")
def analyst_or_given_child_level_access_by_name(user, _load):
    """Loading returns is the analysts' work. A leader given child-level access by name
    may too; a quality assurance lead, whose role sees children for case-file audits,
    does not load the council's returns."""
    return user.has_role(Role.ANALYST) or (may_see(user) and user.child_level_access)


@scope(Load)
def every_load(user, loads):
    return loads if user.has_role(*OVERSIGHT) else loads.none()


# The task queue, in the admin site: administrators see what the worker has run and is
# to run (a load's own page says how it went); nobody changes it there.
rule(DBTaskResult, "view")(administrator)
named_rule("django_tasks_database", administrator)
