"""Every change to commentary: drafting, submitting, signing off and returning.

Each runs in one transaction that first locks the commentary's row, so two people
acting on the same commentary at once are taken one after the other, and each checks
that the version is still the one the person saw: a save over someone else's change is
refused, never lost. Every change is recorded in the version's audit trail.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from smeaton.web.commentary.models import OPEN_FOR_EDITING, Commentary, Status, Version
from smeaton.web.commentary.periods import Period
from smeaton.web.commentary.queries import latest_version
from smeaton.web.commentary.rules import DRAFTERS, why_cannot_decide


class CommentaryError(Exception):
    """A request the commentary's state does not allow, in a GOV.UK error message's
    words; ``field`` names the form field it is about, where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Seen:
    """The version a person's form was made from: its number (0 if there was none yet)
    and revision."""

    number: int = 0
    revision: int = 0


@dataclass(frozen=True)
class Parts:
    shows: str
    why: str
    action: str
    milestones: Iterable = ()


CHANGED_SINCE = ("Someone else changed this commentary while you were working on it, so "
                 "your change was not saved. Check the commentary as it is now, then make "
                 "your change again")


def _audit(record, by, at: datetime, reason: str) -> None:
    record._history_user = by
    record._history_date = at
    record._change_reason = reason


def _lock(indicator, period: Period, by, at: datetime, create: bool = False,
          illustrative: bool = False) -> Commentary | None:
    """The indicator's commentary for the period, locked until the change commits;
    made first if ``create`` and there is none (if two people make it at once, one
    makes it and both then lock it)."""
    lookup = {"indicator": indicator, "period_kind": period.kind, "period_end": period.end}
    if create and not Commentary.objects.filter(**lookup).exists():
        try:
            with transaction.atomic():
                commentary = Commentary(**lookup, created_at=at, illustrative=illustrative)
                _audit(commentary, by, at, f"Started by {by}")
                commentary.save()
        except IntegrityError:
            pass  # someone else made it a moment ago: lock theirs
    return Commentary.objects.select_for_update().filter(**lookup).first()


def _check_seen(current: Version | None, seen: Seen) -> None:
    now = Seen(current.number, current.revision) if current else Seen()
    if now != seen:
        raise CommentaryError(CHANGED_SINCE)


def _check_parts(parts: Parts) -> Parts:
    cleaned = Parts(parts.shows.strip(), parts.why.strip(), parts.action.strip(),
                    list(parts.milestones))
    for field, words in (("shows", "what the figure shows"), ("why", "why"),
                         ("action", "what is being done")):
        if not getattr(cleaned, field):
            raise CommentaryError(f"Enter {words}", field=field)
    return cleaned


@transaction.atomic
def save_draft(indicator, period: Period, by, parts: Parts, *, seen: Seen,
               at: datetime | None = None, illustrative: bool = False) -> Version:
    """Write the commentary's words: the first version, a change to a draft or returned
    version, or, when the latest is signed off, a new version that revises it.
    ``illustrative`` marks new commentary as the demonstration's."""
    at = at or timezone.now()
    if not by.has_role(*DRAFTERS):
        raise CommentaryError("Only analysts and leadership can draft commentary")
    parts = _check_parts(parts)
    commentary = _lock(indicator, period, by, at, create=True, illustrative=illustrative)
    current = latest_version(commentary)
    _check_seen(current, seen)
    if current is not None and current.status == Status.SUBMITTED:
        raise CommentaryError("This version is awaiting sign-off, so it cannot be changed "
                              "until its owner signs it off or returns it")
    if current is None or current.locked:
        version = Version(commentary=commentary, number=current.number + 1 if current else 1,
                          revises=current, drafted_by=by, drafted_at=at, edited_by=by,
                          edited_at=at)
        reason = (f"Version {version.number} started by {by}, revising the signed-off "
                  f"version {current.number}" if current else f"Drafted by {by}")
    else:
        version, reason = current, f"Changed by {by}"
        version.edited_by, version.edited_at = by, at
    version.shows, version.why, version.action = parts.shows, parts.why, parts.action
    version.milestone_titles = "; ".join(m.title for m in parts.milestones)
    _audit(version, by, at, reason)
    version.save()
    version.milestones.set(parts.milestones)
    version.authors.add(by)
    return version


def _current(indicator, period: Period, by, at, seen: Seen) -> Version:
    commentary = _lock(indicator, period, by, at)
    current = latest_version(commentary)
    if current is None:
        raise CommentaryError("There is no commentary for this period yet")
    _check_seen(current, seen)
    return current


@transaction.atomic
def submit(indicator, period: Period, by, *, seen: Seen, at: datetime | None = None) -> Version:
    """Send the latest version to the indicator's owner for sign-off."""
    at = at or timezone.now()
    if not by.has_role(*DRAFTERS):
        raise CommentaryError("Only analysts and leadership can send commentary for sign-off")
    version = _current(indicator, period, by, at, seen)
    if version.status not in OPEN_FOR_EDITING:
        raise CommentaryError(f"This version is {version.get_status_display().lower()}, so "
                              "it cannot be sent for sign-off")
    version.status = Status.SUBMITTED
    version.submitted_by, version.submitted_at = by, at
    _audit(version, by, at, f"Sent for sign-off by {by}")
    version.save()
    return version


def _decide(version: Version, by) -> None:
    if problem := why_cannot_decide(by, version):
        raise CommentaryError(problem)


@transaction.atomic
def sign_off(indicator, period: Period, by, *, seen: Seen,
             at: datetime | None = None) -> Version:
    """The owner's sign-off: the version is locked from now on."""
    at = at or timezone.now()
    version = _current(indicator, period, by, at, seen)
    _decide(version, by)
    version.status = Status.SIGNED_OFF
    version.decided_by, version.decided_at, version.return_comment = by, at, ""
    _audit(version, by, at, f"Signed off by {by}")
    version.save()
    return version


@transaction.atomic
def return_version(indicator, period: Period, by, *, comment: str, seen: Seen,
                   at: datetime | None = None) -> Version:
    """The owner sends the version back to be changed, saying what to change."""
    at = at or timezone.now()
    comment = comment.strip()
    if not comment:
        raise CommentaryError("Enter what needs to change", field="comment")
    version = _current(indicator, period, by, at, seen)
    _decide(version, by)
    version.status = Status.RETURNED
    version.decided_by, version.decided_at, version.return_comment = by, at, comment
    _audit(version, by, at, f"Returned by {by}: {comment}")
    version.save()
    return version
