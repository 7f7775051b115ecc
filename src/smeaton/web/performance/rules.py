"""Who may read and change performance information. docs/people-and-permissions.md."""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import rule
from smeaton.web.performance.models import Indicator


@rule(Indicator, "view", "list")
def anyone_signed_in(user, _record):
    return True  # published statistics: everyone who may sign in may read them


@rule(Indicator, "set_target")
def sets_targets(user, indicator):
    targetable = isinstance(indicator, type) or indicator.definition.has_target
    return targetable and user.has_role(Role.LEADERSHIP, Role.ANALYST, Role.ADMINISTRATOR)


@rule(Indicator, "link")
def links_to_plan(user, _indicator):
    return user.has_role(Role.LEADERSHIP, Role.ADMINISTRATOR)


@rule(Indicator, "view_history")
def sees_history(user, _indicator):
    return user.has_role(Role.LEADERSHIP, Role.ANALYST, Role.ADMINISTRATOR)
