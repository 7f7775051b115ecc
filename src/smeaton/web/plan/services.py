"""What people do to the plan, each as one atomic step that leaves nothing half-done.

Views call these after checking permission; these check the state of the records
(a closed round, a milestone someone else has just changed) and refuse with a
``PlanError`` whose message is written for the person who tried.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from smeaton.web.audit.models import attribute
from smeaton.web.plan.models import (
    EvidenceLink,
    Milestone,
    MilestoneUpdate,
    Plan,
    Priority,
    RagSettings,
    RoundEntry,
    UpdateRound,
    in_the_future,
)
from smeaton.web.plan.queries import Handover, handover, live_milestones
from smeaton.web.plan.rag import Progress
from smeaton.web.plan.signals import round_opened, update_returned
from smeaton.web.rag import Rag
from smeaton.years import first_day, year_label


class PlanError(Exception):
    """A request the plan's state does not allow; the message says why and what to do,
    in the words of a GOV.UK error message, and ``field`` names the form field it is
    about, where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str


def _lock_milestone(pk: int, seen_version: int | None) -> Milestone:
    """The milestone as it is now, locked until the change commits; refused if someone
    else changed it since the person saw ``seen_version``. Every change to a milestone
    goes through here, so of two people saving the same version exactly one wins."""
    milestone = Milestone.objects.select_for_update().select_related("priority__plan").get(pk=pk)
    if seen_version is not None and milestone.version != seen_version:
        raise PlanError(
            "Someone else changed this milestone while you were working on it, so your "
            "change was not saved. Check the milestone as it is now, then make your change again"
        )
    return milestone


# What editing a milestone may change: its progress changes only through updates.
MILESTONE_DETAILS = ("title", "description", "plan_year", "owner", "due", "outcome")


@transaction.atomic
def add_milestone(priority: Priority, by, **details) -> Milestone:
    milestone = Milestone(priority=priority, **details)
    attribute(milestone, by, reason=f"Added by {by}")
    milestone.save()
    return milestone


@transaction.atomic
def change_milestone(milestone: Milestone, by, *, seen_version: int, **details) -> Milestone:
    """Change a milestone's details, writing only those: never a stale copy of the rest
    (an owner's update posted a moment earlier keeps its progress and RAG)."""
    if unknown := set(details) - set(MILESTONE_DETAILS):
        raise ValueError(f"Not a milestone's detail: {', '.join(sorted(unknown))}")
    milestone = _lock_milestone(milestone.pk, seen_version)
    for name, value in details.items():
        setattr(milestone, name, value)
    attribute(milestone, by)
    milestone.save(update_fields=[*details, "version"])
    return milestone


@transaction.atomic
def post_update(milestone: Milestone, author, *, progress: Progress, commentary: str,
                forecast: date | None = None, evidence: Iterable[Evidence] = (),
                seen_version: int | None = None, round_id: int | None = None,
                posted_at: datetime | None = None) -> MilestoneUpdate:
    """Record an owner's update; in an open round it answers the round's request.

    ``posted_at`` is for loading past updates (the demo, an import); people's updates
    are posted now.
    """
    milestone = _lock_milestone(milestone.pk, seen_version)
    posted_at = posted_at or timezone.now()
    if problem := milestone.forecast_problem(progress, forecast,
                                             timezone.localtime(posted_at).date()):
        raise PlanError(problem, field="forecast")
    if progress == Progress.COMPLETE:
        forecast = None  # nothing is expected of finished work
    entry = None
    if round_id is not None:
        update_round = UpdateRound.objects.select_for_update().filter(pk=round_id).first()
        if update_round is None:  # a form from before the round was removed, or altered
            raise PlanError("The update round this form was for cannot be found, so your "
                            "update was not saved. Post it again")
        if not update_round.is_open:
            raise PlanError(
                f"The {update_round} update round closed while you were writing, so your "
                "update was not saved. Post it again to record it outside the round")
        entry = RoundEntry.objects.filter(round=update_round, milestone=milestone).first()
    update = MilestoneUpdate.objects.create(
        milestone=milestone, author=author, progress=progress, forecast=forecast,
        commentary=commentary, round=entry.round if entry else None, posted_at=posted_at,
    )
    EvidenceLink.objects.bulk_create(
        EvidenceLink(update=update, title=e.title, url=e.url) for e in evidence
    )
    if entry:
        entry.update = update
        entry.save(update_fields=["update"])
    milestone.progress = progress
    milestone.forecast = forecast
    milestone.last_update_at = update.posted_at
    attribute(milestone, author, posted_at, f"Update posted by {author}")
    milestone.save()
    return update


@transaction.atomic
def override_rag(milestone: Milestone, by, *, rag: str, reason: str,
                 seen_version: int | None = None) -> Milestone:
    """Set (or, with rag="", remove) a priority lead's override of the rules' RAG."""
    milestone = _lock_milestone(milestone.pk, seen_version)
    if not rag and not milestone.rag_override:
        return milestone  # the rules' rating already stands: nothing to record
    if rag and not reason.strip():
        raise PlanError("Enter the reason for overriding the RAG", field="reason")
    if rag and rag == milestone.assessment().rag:
        raise PlanError(f"The rules already give {Rag(rag).label}: choose a different RAG, "
                        "or use the rules", field="rag")
    milestone.rag_override = rag
    milestone.override_reason = reason.strip() if rag else ""
    attribute(milestone, by, reason=(f"RAG overridden by {by}: {reason.strip()}" if rag
                                  else f"RAG override removed by {by}"))
    milestone.save()
    return milestone


def _tell(signal, at: datetime | None, **record) -> None:
    """Send ``signal`` inside the change's transaction, if a person is acting now, so
    what a receiver records (the emails to send) commits with the change or not at all."""
    if at is None:
        signal.send(sender=None, **record)


def _check_deadline(deadline: date, today: date | None = None) -> None:
    try:
        in_the_future(deadline, today)
    except ValidationError as refusal:
        raise PlanError(refusal.messages[0], field="deadline") from None


@transaction.atomic
def open_round(plan: Plan, by, *, plan_year: int, quarter: int, deadline: date,
               at: datetime | None = None) -> UpdateRound:
    """Open a quarter's round, asking for an update on every milestone of the year not
    yet complete, and on earlier years' work carried forward."""
    now = at is None
    at = at or timezone.now()
    if plan_year not in plan.year_starts:
        raise PlanError(f"Choose a year of the plan {plan.period}", field="plan_year")
    _check_deadline(deadline, timezone.localtime(at).date())
    if UpdateRound.objects.filter(plan=plan, state=UpdateRound.State.OPEN).exists():
        raise PlanError("Another update round is open: close it before opening a new one")
    if UpdateRound.objects.filter(plan=plan, plan_year=plan_year, quarter=quarter).exists():
        raise PlanError(f"There has already been an update round for {year_label(plan_year)} "
                        f"quarter {quarter}", field="quarter")
    quarter_ends = first_day(plan_year) + relativedelta(months=3 * quarter, days=-1)
    if quarter_ends < timezone.localtime(at).date():
        raise PlanError(f"{year_label(plan_year)} quarter {quarter} ended on "
                        f"{quarter_ends:%-d %B %Y}: choose this quarter or a later one",
                        field="quarter")
    update_round = UpdateRound(plan=plan, plan_year=plan_year, quarter=quarter,
                               deadline=deadline, opened_by=by, opened_at=at)
    attribute(update_round, by, at)
    update_round.save()
    RoundEntry.objects.bulk_create(
        RoundEntry(round=update_round, milestone=m) for m in live_milestones(plan, plan_year)
    )
    _tell(round_opened, None if now else at, update_round=update_round)
    return update_round


@transaction.atomic
def change_deadline(update_round: UpdateRound, by, *, deadline: date) -> UpdateRound:
    """Move an open round's deadline, to a day after today."""
    update_round = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
    if not update_round.is_open:
        raise PlanError("This round has closed, so its deadline can no longer change")
    _check_deadline(deadline)
    if deadline != update_round.deadline:
        attribute(update_round, by, reason=f"Deadline changed by {by}")
        update_round.deadline = deadline
        update_round.save()
    return update_round


def why_not_returnable(update: MilestoneUpdate) -> str | None:
    """Why the programme office cannot return this update with a challenge, if it cannot."""
    if update.round is None:
        return "This update was not posted in an update round, so it cannot be returned."
    if not update.round.is_open:
        return (f"The {update.round} round has closed, so its updates can no longer be "
                "returned.")
    if update.returned:
        return "This update has already been returned."
    if not RoundEntry.objects.filter(round=update.round, update=update).exists():
        return "The owner has posted a newer update since; return that one instead."
    return None


@transaction.atomic
def return_update(update: MilestoneUpdate, by, *, challenge: str,
                  at: datetime | None = None) -> MilestoneUpdate:
    """Send an update in an open round back to its owner with a challenge."""
    # Lock the update alone: its round may be empty, and PostgreSQL cannot lock the
    # empty side of an outer join.
    update = (MilestoneUpdate.objects.select_for_update(of=("self",)).select_related("round")
              .get(pk=update.pk))
    if not challenge.strip():
        raise PlanError("Enter what the owner needs to add or change", field="challenge")
    if problem := why_not_returnable(update):
        raise PlanError(problem)
    update.challenge = challenge.strip()
    update.returned_by = by
    update.returned_at = at or timezone.now()
    update.save(update_fields=["challenge", "returned_by", "returned_at"])
    _tell(update_returned, at, update=update)
    return update


@transaction.atomic
def close_round(update_round: UpdateRound, by, at: datetime | None = None) -> UpdateRound:
    """Close a round and freeze every milestone's position in its snapshot."""
    at = at or timezone.now()
    update_round = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
    if not update_round.is_open:
        raise PlanError("This round is already closed")
    today = timezone.localtime(at).date()
    policy = RagSettings.policy()
    entries = update_round.entries.select_related(
        "milestone__priority", "milestone__owner", "update"
    )
    for entry in entries:
        milestone = entry.milestone
        assessment = milestone.assessment(today, policy)
        entry.priority_label = str(milestone.priority)
        entry.milestone_title = milestone.title
        entry.owner_name = str(milestone.owner)
        entry.due = milestone.due
        entry.progress = milestone.progress
        entry.forecast = milestone.forecast
        entry.rag = milestone.rag(assessment=assessment)
        entry.rag_reason = (f"Overridden: {milestone.override_reason}" if milestone.rag_override
                            else assessment.reason)
        entry.update_overdue = assessment.update_overdue
        entry.commentary = entry.update.commentary if entry.update else ""
        entry.update_posted_at = entry.update.posted_at if entry.update else None
    RoundEntry.objects.bulk_update(entries, [
        "priority_label", "milestone_title", "owner_name", "due", "progress", "forecast", "rag",
        "rag_reason", "update_overdue", "commentary", "update_posted_at",
    ])
    update_round.state = UpdateRound.State.CLOSED
    update_round.closed_at = at
    update_round.closed_by = by
    attribute(update_round, by, at)
    update_round.save()
    return update_round


def check_reassign(leaver, successor) -> Handover:
    """What would move from the leaver to the successor; refused if it cannot, or if
    there is nothing to move."""
    if leaver == successor:
        raise PlanError("Choose someone other than the person leaving", field="successor")
    if not successor.is_active:
        raise PlanError(f"{successor} cannot sign in: choose someone whose account is active",
                        field="successor")
    moving = handover(leaver)
    if moving.is_empty:
        raise PlanError(f"{leaver} owns no milestones and leads no priorities, so there is "
                        "nothing to hand over", field="leaver")
    return moving


@transaction.atomic
def reassign(leaver, successor, by) -> Handover:
    """Hand everything a person owns or leads to someone else; returns what moved."""
    # Locked first, so what moves is what was checked.
    list(Milestone.objects.select_for_update().filter(owner=leaver))
    list(Priority.objects.select_for_update().filter(lead=leaver))
    moving = check_reassign(leaver, successor)
    reason = f"Reassigned from {leaver} to {successor} by {by}"
    for milestone in moving.milestones:
        milestone.owner = successor
        attribute(milestone, by, reason=reason)
        milestone.save()
    for priority in moving.priorities:
        priority.lead = successor
        attribute(priority, by, reason=reason)
        priority.save()
    return moving
