"""Who may see and change people and reference data."""

from smeaton.web.accounts.models import Role, ServiceArea, User
from smeaton.web.accounts.permissions import rule, scope

MANAGERS = (Role.ADMINISTRATOR, Role.LEADERSHIP)


@rule(User, "list", "view_history")
def manager(user, _subject):
    return user.has_role(*MANAGERS)


@rule(User, "view")
def self_or_manager(user, person):
    return person.pk == user.pk or user.has_role(*MANAGERS)


@rule(User, "change")
@rule(ServiceArea, "change", "view_history")
def administrator(user, _subject):
    return user.has_role(Role.ADMINISTRATOR)


@rule(ServiceArea, "view", "list")
def anyone_signed_in(user, _subject):
    return True


@scope(User)
def people_visible(user, people):
    return people if user.has_role(*MANAGERS) else people.filter(pk=user.pk)


@scope(ServiceArea)
def service_areas_visible(user, service_areas):
    return service_areas
