"""Who may do what to which record: one authority, Django's own ``user.has_perm``.

Each app declares its rules in its own ``rules.py``::

    @rule(Milestone, "change")
    def lead_changes_milestone(user, milestone):
        return milestone is not None and milestone.priority.lead_id == user.pk

``rule`` registers the permission ``plan.change_milestone`` with django-rules, whose
backend is the only one in ``AUTHENTICATION_BACKENDS`` that answers permission
questions. So views (``can``, ``require``, ``get_object_or_403``), templates (``{% can %}``
and ``perms``) and the admin site (``ModelAdmin.has_change_permission`` and the rest)
all ask the same rules.

A rule answers for one record, or, given ``None``, for a kind of record (actions such
as "list" or "add", and the admin site's lists). A permission with no rule is refused:
nothing is allowed by accident. Inactive and signed-out users may do nothing.
"""

from collections.abc import Callable
from typing import Any

import rules
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

Check = Callable[[Any, Any], bool]
Scope = Callable[[Any, QuerySet], QuerySet]

# The admin site's own permission; each app's section of it is named by its app label.
USE_ADMIN_SITE = "web.use_admin_site"

# Only a signed-in person whose account is open may do anything at all.
signed_in = rules.is_authenticated & rules.is_active

_scopes: dict[type, Scope] = {}


def permission_name(action: str, model: type[Model] | Model) -> str:
    """Django's name for an action on a kind of record: ``plan.change_milestone``."""
    meta = model._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def rule(model: type[Model], *actions: str):
    """Register the function that decides whether a user may do these actions."""

    def register(check: Check) -> Check:
        for action in actions:
            name = permission_name(action, model)
            if rules.perm_exists(name):
                raise ValueError(f"Two rules for {action!r} on {model.__name__}.")
            rules.add_perm(name, signed_in & rules.predicate(check, name=check.__name__))
        return check

    return register


def named_rule(name: str, check: Check) -> None:
    """Register a permission that is not an action on a record: an app's section of the
    admin site (named by its app label, asked by ``user.has_module_perms``), or the
    admin site itself."""
    rules.add_perm(name, signed_in & rules.predicate(check, name=check.__name__))


def can(user, action: str, subject: Model | type[Model]) -> bool:
    """May this user do this action to this record (or to this kind of record)?"""
    record = None if isinstance(subject, type) else subject
    return user.has_perm(permission_name(action, subject), record)


def require(user, action: str, subject: Model | type[Model]) -> None:
    """Refuse the request (403) unless the user may do this."""
    if not can(user, action, subject):
        raise PermissionDenied


def get_object_or_403(user, model_or_queryset, action: str = "view", **lookup):
    """The record, if it exists (else 404) and the user may do the action (else 403)."""
    record = get_object_or_404(model_or_queryset, **lookup)
    require(user, action, record)
    return record


def scope(model: type[Model]):
    """Register the function that narrows a list of records to those a user may see."""

    def register(narrow: Scope) -> Scope:
        _scopes[model] = narrow
        return narrow

    return register


def visible(user, queryset: QuerySet) -> QuerySet:
    """The records of a list that this user may see; none if no scope is declared."""
    if not signed_in.test(user):
        return queryset.none()
    narrow = _scopes.get(queryset.model)
    return narrow(user, queryset) if narrow else queryset.none()


class GrantsNothing:
    """For an authentication backend: it answers no permission question. Smeaton's
    rules, not Django's permission tables, decide what a person may do."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


class PasswordBackend(GrantsNothing, ModelBackend):
    """Checks a username and password, and nothing else; refuses everyone when the
    operator has turned signing in with a password off (SMEATON_LOCAL_SIGN_IN)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from django.conf import settings

        if not settings.LOCAL_SIGN_IN:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        from django.conf import settings

        # Turning password sign-in off ends the sessions begun with a password too.
        return super().get_user(user_id) if settings.LOCAL_SIGN_IN else None
