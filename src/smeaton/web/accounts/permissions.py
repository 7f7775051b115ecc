"""Who may do what to which record: checked on the server, per record, by every view.

Each app declares its rules in its own ``rules.py``::

    @rule(Milestone, "change")
    def lead_changes_milestone(user, milestone):
        return milestone.priority.lead_id == user.pk

and its views ask before they act::

    milestone = get_object_or_403(request.user, Milestone, "change", pk=pk)

A rule answers for one record (an instance) or for a kind of record (the model class,
for actions such as "list" or "add"). An action with no rule is refused: nothing is
allowed by accident. Inactive and signed-out users may do nothing.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

Rule = Callable[[Any, Any], bool]
Scope = Callable[[Any, QuerySet], QuerySet]

_rules: dict[tuple[type, str], Rule] = {}
_scopes: dict[type, Scope] = {}


def rule(model: type[Model], *actions: str):
    """Register the function that decides whether a user may do these actions."""

    def register(check: Rule) -> Rule:
        for action in actions:
            key = (model, action)
            if key in _rules:
                raise ValueError(f"Two rules for {action!r} on {model.__name__}.")
            _rules[key] = check
        return check

    return register


def scope(model: type[Model]):
    """Register the function that narrows a list of records to those a user may see."""

    def register(narrow: Scope) -> Scope:
        _scopes[model] = narrow
        return narrow

    return register


def can(user, action: str, subject: Model | type[Model]) -> bool:
    """May this user do this action to this record (or to this kind of record)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    model = subject if isinstance(subject, type) else type(subject)
    check = _rules.get((model, action))
    return bool(check and check(user, subject))


def require(user, action: str, subject: Model | type[Model]) -> None:
    """Refuse the request (403) unless the user may do this."""
    if not can(user, action, subject):
        raise PermissionDenied


def get_object_or_403(user, model_or_queryset, action: str = "view", **lookup):
    """The record, if it exists (else 404) and the user may do the action (else 403)."""
    record = get_object_or_404(model_or_queryset, **lookup)
    require(user, action, record)
    return record


def visible(user, queryset: QuerySet) -> QuerySet:
    """The records of a list that this user may see; none if no scope is declared."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    narrow = _scopes.get(queryset.model)
    return narrow(user, queryset) if narrow else queryset.none()
