"""What people do to case-file audits, each change one atomic, audited step.

Views call these after checking permission; these check the state of the records and
refuse with an error whose message is written for the person who tried.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from smeaton.web.audit.models import attribute
from smeaton.web.audits import signals
from smeaton.web.audits.models import Audit, ChildAction, SafeguardingConcern, Theme

# Findings: actions for the child, safeguarding concerns, learning themes and the
# priorities an audit bears on.


class FindingError(Exception):
    """A finding the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


FINDING_CHANGED_ELSEWHERE = (
    "Someone else changed this {kind} while you were working on it, so your change was not "
    "saved. Check the {kind} as it is now, then make your change again")


def _required(text: str, message: str, field: str) -> str:
    if not (text or "").strip():
        raise FindingError(message, field=field)
    return text.strip()


@transaction.atomic
def add_child_action(audit: Audit, by, *, description: str, owner, due: date,
                     at: datetime | None = None) -> ChildAction:
    """Record something to be done for the child, owned and with a due date. ``at`` is
    for loading past findings (the demo)."""
    at = at or timezone.now()
    description = _required(description, "Enter what needs to be done for the child",
                            "description")
    if not owner.is_active:
        raise FindingError("Choose someone whose account is open", field="owner")
    if due < timezone.localtime(at).date():
        raise FindingError("The due date must be today or in the future", field="due")
    action = ChildAction(audit=audit, description=description, owner=owner, due=due,
                         created_at=at)
    attribute(action, by, at, reason=f"Added by {by} from audit {audit.pk}")
    action.save()
    return action


@transaction.atomic
def complete_child_action(action: ChildAction, by, *, done_note: str, done_on: date | None = None,
                          seen_version: int | None = None,
                          at: datetime | None = None) -> ChildAction:
    """Record that an action for the child is done, and what was done."""
    at = at or timezone.now()
    action = ChildAction.objects.select_for_update().get(pk=action.pk)
    if action.status == ChildAction.Status.DONE:
        raise FindingError(f"This action was already recorded as done on "
                           f"{action.done_on:%-d %B %Y}")
    if seen_version is not None and action.version != seen_version:
        raise FindingError(FINDING_CHANGED_ELSEWHERE.format(kind="action"))
    done_note = _required(done_note, "Enter what was done", "done_note")
    today = timezone.localtime(at).date()
    done_on = done_on or today
    if done_on > today:
        raise FindingError("The date it was done must be today or in the past",
                           field="done_on")
    if done_on < timezone.localtime(action.created_at).date():
        raise FindingError("The date it was done must be on or after the day the action "
                           "was added", field="done_on")
    action.status, action.done_on, action.done_note = ChildAction.Status.DONE, done_on, done_note
    attribute(action, by, at, reason=f"Done: recorded by {by}")
    action.save(update_fields=["status", "done_on", "done_note"])
    return action


def contacts_for(audit: Audit) -> list:
    """Who is told of a concern on this audit: its programme's named safeguarding contacts
    whose accounts are open; if it has none, the programme's lead, so that a concern
    always reaches someone."""
    programme = audit.sample.programme
    contacts = list(programme.safeguarding_contacts.filter(is_active=True)
                    .order_by("first_name", "last_name", "pk"))
    return contacts or [programme.lead]


@transaction.atomic
def raise_concern(audit: Audit, by, *, description: str,
                  at: datetime | None = None) -> SafeguardingConcern:
    """Record a safeguarding concern and tell its named contacts at once (by the
    ``concern_raised`` signal: reminders emails each, and it is on their home page until
    one of them acknowledges it). Loading a past concern (``at``, the demo) tells nobody."""
    description = _required(description, "Enter the concern for the child's safety",
                            "description")
    concern = SafeguardingConcern(audit=audit, description=description, raised_by=by,
                                  raised_at=at or timezone.now())
    attribute(concern, by, at, reason=f"Raised by {by} from audit {audit.pk}")
    concern.save()
    attribute(concern, by, at)
    concern.contacts.set(contacts_for(audit))
    if at is None:
        signals.concern_raised.send(sender=SafeguardingConcern, concern=concern)
    return concern


@transaction.atomic
def acknowledge_concern(concern: SafeguardingConcern, by, *, response: str,
                        at: datetime | None = None) -> SafeguardingConcern:
    """One of the named contacts records what was done; the concern leaves every named
    contact's home page."""
    at = at or timezone.now()
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    if concern.acknowledged:
        raise FindingError(f"{concern.acknowledged_by} already recorded what was done, on "
                           f"{timezone.localtime(concern.acknowledged_at):%-d %B %Y at %-I:%M%p}")
    response = _required(response, "Enter what was done about the concern", "response")
    concern.acknowledged_by, concern.acknowledged_at, concern.response = by, at, response
    attribute(concern, by, at, reason=f"Acknowledged by {by}")
    concern.save(update_fields=["acknowledged_by", "acknowledged_at", "response"])
    return concern


def _unique_theme_name(name: str, theme: Theme | None = None) -> str:
    name = _required(name, "Enter the theme's name", "name")
    taken = Theme.objects.annotate(lower=Lower("name")).filter(lower=name.lower())
    if theme is not None:
        taken = taken.exclude(pk=theme.pk)
    if taken.exists():
        raise FindingError(f"There is already a theme called “{taken.first().name}”",
                           field="name")
    return name


@transaction.atomic
def add_theme(by, *, name: str, description: str = "") -> Theme:
    theme = Theme(name=_unique_theme_name(name), description=description.strip())
    attribute(theme, by, reason=f"Added by {by}")
    theme.save()
    return theme


@transaction.atomic
def change_theme(theme: Theme, by, *, name: str, description: str = "",
                 in_use: bool = True) -> Theme:
    """Rename a theme (audits tagged with it keep it, under its new name), or retire it
    (no longer offered for tagging; audits tagged with it keep it, and the dashboard still
    counts it), or bring it back."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    was = (theme.name, theme.in_use)
    theme.name, theme.description, theme.in_use = (_unique_theme_name(name, theme),
                                                   description.strip(), in_use)
    reason = ("Retired" if was[1] and not in_use else "Brought back" if in_use and not was[1]
              else "Renamed" if was[0] != theme.name else "Changed")
    attribute(theme, by, reason=f"{reason} by {by}")
    theme.save()
    return theme


@transaction.atomic
def tag_audit(audit: Audit, by, *, themes, priorities, seen_version: int | None = None,
              at: datetime | None = None) -> Audit:
    """Set an audit's learning themes and the plan's priorities it bears on. A retired
    theme already tagged stays; one not tagged cannot be added."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if seen_version is not None and audit.version != seen_version:
        raise FindingError(FINDING_CHANGED_ELSEWHERE.format(kind="audit"))
    themes, priorities = list(themes), list(priorities)
    already = set(audit.themes.values_list("pk", flat=True))
    if retired := [t.name for t in themes if not t.in_use and t.pk not in already]:
        raise FindingError(f"“{retired[0]}” is retired: choose a theme in use", field="themes")
    attribute(audit, by, at, reason=f"Themes and priorities tagged by {by}")
    audit.save(update_fields=[])
    audit.__dict__.pop("_change_reason", None)
    audit.themes.set(themes)
    audit.priorities.set(priorities)
    return audit
