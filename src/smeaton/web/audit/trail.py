"""A record's history as people read it: who, when, what changed, before and after."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from smeaton.web.formats import govuk_date, govuk_datetime

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change]


def trail(record: models.Model) -> list[Entry]:
    """Every recorded change to the record, newest first."""
    history = list(record.history.select_related("history_user").order_by("history_date"))
    entries = []
    previous = None
    for version in history:
        entry = Entry(
            when=version.history_date,
            who=str(version.history_user) if version.history_user else "System",
            action=ACTIONS[version.history_type],
            reason=version.history_change_reason or "",
            changes=_changes(previous, version),
        )
        # A save that changed nothing the history keeps, and gave no reason, says nothing.
        if entry.changes or entry.reason or entry.action != "Changed":
            entries.append(entry)
        previous = version
    return entries[::-1]


def _changes(previous, version) -> list[Change]:
    fields = _tracked_fields(version)
    if previous is None:
        return [
            Change(f.verbose_name, "", _display(version, f))
            for f in fields
            if _display(version, f) != ""
        ]
    if version.history_type == "-":
        return []
    delta = version.diff_against(previous, foreign_keys_are_objs=False)
    changed = {change.field for change in delta.changes}
    return [
        Change(f.verbose_name, _display(previous, f), _display(version, f))
        for f in fields
        if f.name in changed
    ]


def _tracked_fields(version) -> list[models.Field]:
    """The record's own fields that its history keeps (some models exclude a few)."""
    kept = {f.attname for f in version._meta.fields}
    return [
        f
        for f in version.instance_type._meta.concrete_fields
        # Keys and slugs identify a record; they are not something people change.
        if not f.primary_key and f.attname in kept and not isinstance(f, models.SlugField)
    ]


def _display(version, field: models.Field) -> str:
    """The value as a person reads it: choice labels, related records' names, Yes/No."""
    value = getattr(version, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        try:
            return str(field.related_model._default_manager.get(pk=value))
        except ObjectDoesNotExist:
            return f"(deleted record {value})"
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return govuk_datetime(value)
    if isinstance(field, models.DateField):
        return govuk_date(value)
    return str(value)
