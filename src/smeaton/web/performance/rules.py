"""Who may read and change performance information. docs/people-and-permissions.md."""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import rule
from smeaton.web.performance.models import Indicator, PublishedLoad, Target

TARGET_SETTERS = (Role.LEADERSHIP, Role.ANALYST, Role.ADMINISTRATOR)


@rule(Indicator, "view", "list")
@rule(Target, "view")
def anyone_signed_in(user, _record):
    return True  # published statistics: everyone who may sign in may read them


@rule(Indicator, "set_target")
def sets_targets(user, indicator):
    targetable = indicator is None or indicator.definition.has_target
    return targetable and user.has_role(*TARGET_SETTERS)


@rule(Indicator, "set_dfe_tolerance")
def sets_dfe_tolerance(user, _indicator):
    """Any indicator, context ones too: a count differs from DfE's whether or not it has
    a better direction."""
    return user.has_role(*TARGET_SETTERS)


@rule(Target, "add", "change", "delete")
def changes_targets(user, target):
    return sets_targets(user, target and target.indicator)


@rule(Indicator, "link")
def links_to_plan(user, _indicator):
    return user.has_role(Role.LEADERSHIP, Role.ADMINISTRATOR)


@rule(Indicator, "view_history")
@rule(Target, "view_history")
@rule(PublishedLoad, "view")
def sees_history(user, _record):
    return user.has_role(*TARGET_SETTERS)
