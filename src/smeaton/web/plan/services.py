"""What people do to the plan, each as one atomic step that leaves nothing half-done.

Views call these after checking permission; these check the state of the records
(a closed round, a milestone someone else has just changed) and refuse with a
``PlanError`` whose message is written for the person who tried.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from smeaton.web.plan.models import (
    EvidenceLink,
    Milestone,
    MilestoneUpdate,
    Plan,
    Priority,
    RagSettings,
    RoundEntry,
    UpdateRound,
)
from smeaton.web.plan.rag import Progress


class PlanError(Exception):
    """A request the plan's state does not allow; the message says why and what to do."""


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str


def _lock_milestone(pk: int, seen_version: int | None) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("priority__plan").get(pk=pk)
    if seen_version is not None and milestone.version != seen_version:
        raise PlanError(
            "Someone else changed this milestone while you were working on it, so your "
            "change was not saved. Check the milestone as it is now, then make your change again."
        )
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
    entry = None
    if round_id is not None:
        update_round = UpdateRound.objects.select_for_update().get(pk=round_id)
        if not update_round.is_open:
            raise PlanError(
                f"The {update_round} update round has closed, so updates can no longer be "
                "added to it. Your update was not saved."
            )
        entry = RoundEntry.objects.filter(round=update_round, milestone=milestone).first()
    update = MilestoneUpdate.objects.create(
        milestone=milestone, author=author, progress=progress, forecast=forecast,
        commentary=commentary, round=entry.round if entry else None,
        posted_at=posted_at or timezone.now(),
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
    milestone._change_reason = f"Update posted by {author}"
    milestone.save()
    return update


@transaction.atomic
def override_rag(milestone: Milestone, by, *, rag: str, reason: str,
                 seen_version: int | None = None) -> Milestone:
    """Set (or, with rag="", remove) a priority lead's override of the rules' RAG."""
    milestone = _lock_milestone(milestone.pk, seen_version)
    if rag and not reason.strip():
        raise PlanError("Give the reason for overriding the RAG.")
    milestone.rag_override = rag
    milestone.override_reason = reason.strip() if rag else ""
    milestone._change_reason = (f"RAG overridden by {by}: {reason.strip()}" if rag
                                else f"RAG override removed by {by}")
    milestone.save()
    return milestone


def live_milestones(plan: Plan, plan_year: int):
    """The milestones of a plan year that are not yet complete."""
    return Milestone.objects.filter(priority__plan=plan, plan_year=plan_year).exclude(
        progress=Progress.COMPLETE
    )


@transaction.atomic
def open_round(plan: Plan, by, *, plan_year: int, quarter: int, deadline: date) -> UpdateRound:
    """Open a quarter's round, asking every live milestone of the year for an update."""
    if plan_year not in plan.year_starts:
        raise PlanError(f"Choose a year of the plan {plan.period}.")
    if UpdateRound.objects.filter(plan=plan, state=UpdateRound.State.OPEN).exists():
        raise PlanError("Another update round is open. Close it before opening a new one.")
    if UpdateRound.objects.filter(plan=plan, plan_year=plan_year, quarter=quarter).exists():
        raise PlanError("There has already been an update round for that quarter.")
    update_round = UpdateRound.objects.create(plan=plan, plan_year=plan_year, quarter=quarter,
                                              deadline=deadline, opened_by=by)
    RoundEntry.objects.bulk_create(
        RoundEntry(round=update_round, milestone=m) for m in live_milestones(plan, plan_year)
    )
    return update_round


@transaction.atomic
def return_update(update: MilestoneUpdate, by, *, challenge: str) -> MilestoneUpdate:
    """Send an update in an open round back to its owner with a challenge."""
    # Lock the update alone: its round may be empty, and PostgreSQL cannot lock the
    # empty side of an outer join.
    update = (MilestoneUpdate.objects.select_for_update(of=("self",)).select_related("round")
              .get(pk=update.pk))
    if not challenge.strip():
        raise PlanError("Say what the owner needs to add or change.")
    if update.round is None or not update.round.is_open:
        raise PlanError("Only an update in an open round can be returned.")
    if update.returned:
        raise PlanError("This update has already been returned.")
    if not RoundEntry.objects.filter(round=update.round, update=update).exists():
        raise PlanError("The owner has posted a newer update since; return that one instead.")
    update.challenge = challenge.strip()
    update.returned_by = by
    update.returned_at = timezone.now()
    update.save(update_fields=["challenge", "returned_by", "returned_at"])
    return update


@transaction.atomic
def close_round(update_round: UpdateRound, by) -> UpdateRound:
    """Close a round and freeze every milestone's position in its snapshot."""
    update_round = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
    if not update_round.is_open:
        raise PlanError("This round is already closed.")
    today = timezone.localdate()
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
    update_round.closed_at = timezone.now()
    update_round.closed_by = by
    update_round.save()
    return update_round


@transaction.atomic
def reassign(leaver, successor, by) -> tuple[int, int]:
    """Hand everything a person owns or leads to someone else; returns (milestones, priorities)."""
    if leaver == successor:
        raise PlanError("Choose someone other than the person leaving.")
    if not successor.is_active:
        raise PlanError(f"{successor} cannot sign in; choose someone whose account is active.")
    reason = f"Reassigned from {leaver} to {successor} by {by}"
    milestones = list(Milestone.objects.select_for_update().filter(owner=leaver))
    for milestone in milestones:
        milestone.owner = successor
        milestone._change_reason = reason
        milestone.save()
    priorities = list(Priority.objects.select_for_update().filter(lead=leaver))
    for priority in priorities:
        priority.lead = successor
        priority._change_reason = reason
        priority.save()
    return len(milestones), len(priorities)


def open_round_of(plan: Plan) -> UpdateRound | None:
    return plan.rounds.filter(state=UpdateRound.State.OPEN).first()


def awaiting_update(update_round: UpdateRound, owner=None):
    """Entries of an open round with no update yet, or whose update was returned."""
    unanswered = Q(update__isnull=True) | Q(update__returned_at__isnull=False)
    entries = update_round.entries.filter(unanswered)
    return entries.filter(milestone__owner=owner) if owner else entries
