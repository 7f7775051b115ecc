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
    Decision,
    EvidenceLink,
    Milestone,
    MilestoneUpdate,
    Plan,
    Priority,
    PriorityVersion,
    RagSettings,
    RoundEntry,
    UpdateRound,
    YearEnd,
    YearEndPriority,
    in_the_future,
)
from smeaton.web.plan.queries import (
    Handover,
    handover,
    live_milestones,
    rate,
    undecided,
    why_review_cannot_begin,
)
from smeaton.web.plan.rag import Progress
from smeaton.web.plan.signals import round_opened, update_returned, year_end_opened
from smeaton.web.rag import Rag
from smeaton.years import first_day, last_day, year_label


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


def _check_year_open(plan: Plan, year: int) -> None:
    if year in plan.closed_years():
        raise PlanError(f"{year_label(year)} has been closed at its year-end review: choose a "
                        "later year", field="plan_year")


@transaction.atomic
def add_milestone(priority: Priority, by, **details) -> Milestone:
    _check_year_open(priority.plan, details["plan_year"])
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
    if problem := milestone.why_settled():
        raise PlanError(problem)
    if "plan_year" in details:
        _check_year_open(milestone.priority.plan, details["plan_year"])
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
    if problem := milestone.why_settled():
        raise PlanError(problem)
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
    if problem := milestone.why_settled():
        raise PlanError(problem)
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
    update_round.close(by, at)
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


# --- The year-end review ------------------------------------------------------------


@transaction.atomic
def open_year_end(plan: Plan, by, *, plan_year: int, at: datetime | None = None) -> YearEnd:
    """Begin a plan year's review, from its last quarter, once the year before is closed."""
    now = at is None
    at = at or timezone.now()
    if problem := why_review_cannot_begin(plan, plan_year, timezone.localtime(at).date()):
        raise PlanError(problem)
    year_end = YearEnd(plan=plan, plan_year=plan_year, opened_by=by, opened_at=at)
    attribute(year_end, by, at)
    year_end.save()
    _tell(year_end_opened, None if now else at, year_end=year_end)
    return year_end


def _open_review_for(milestone: Milestone) -> YearEnd:
    """The open review of the milestone's year, which decides it."""
    year_end = (milestone.priority.plan.year_ends.select_for_update()
                .filter(state=YearEnd.State.OPEN, plan_year=milestone.plan_year).first())
    if year_end is None:
        raise PlanError(f"No year-end review is open for {milestone.plan_year_label}, so "
                        "this milestone cannot be decided now")
    return year_end


@dataclass(frozen=True)
class Successor:
    """A new milestone in the next year: a carried-over copy, or one of those that
    supersede the original."""

    title: str
    due: date


@transaction.atomic
def decide(milestone: Milestone, by, *, decision: str, reason: str = "",
           successors: Iterable[Successor] = (), seen_version: int | None = None,
           at: datetime | None = None) -> list[Milestone]:
    """Decide a milestone not complete at its year's end: carry it over into the next
    year (one successor, linked to it), close it as not achieved, or supersede it by
    new milestones. Returns the next year's new milestones."""
    milestone = _lock_milestone(milestone.pk, seen_version)
    year_end = _open_review_for(milestone)
    successors = list(successors)
    _check_decision(milestone, year_end, Decision(decision), reason, successors)
    at = at or timezone.now()
    made = [_successor(milestone, s, by, at, decision) for s in successors]
    # No longer live: an open round no longer asks for its update.
    RoundEntry.objects.filter(milestone=milestone, round__state=UpdateRound.State.OPEN,
                              update__isnull=True).delete()
    milestone.decision = decision
    milestone.decision_reason = reason.strip()
    attribute(milestone, by, at, f"{Decision(decision).label} at the {year_end} by {by}"
              + (f": {reason.strip()}" if reason.strip() else ""))
    milestone.save()
    return made


def successors_of(milestone: Milestone) -> list[Milestone]:
    return [*milestone.carried_into.all(), *milestone.replaced_by.all()]


def why_not_withdrawable(milestone: Milestone) -> str | None:
    """Why a year-end decision cannot be withdrawn, if it cannot: only while its review
    is open, and only before anyone has reported on the milestones it made."""
    if not milestone.decision:
        return "This milestone has not been decided, so there is no decision to withdraw."
    if not milestone.priority.plan.year_ends.filter(
            plan_year=milestone.plan_year, state=YearEnd.State.OPEN).exists():
        return (f"The {milestone.plan_year_label} review has closed, so its decisions stand. "
                "Change the next year's milestones instead.")
    if any(s.updates.exists() for s in successors_of(milestone)):
        return ("A milestone this decision made has updates already, so the decision stands. "
                "Change that milestone instead.")
    return None


@transaction.atomic
def withdraw_decision(milestone: Milestone, by, at: datetime | None = None) -> Milestone:
    """Take back a year-end decision made in error while the review is open: the
    milestones it made for the next year are removed (their audit trail says why) and the
    milestone is undecided again."""
    milestone = _lock_milestone(milestone.pk, None)
    _open_review_for(milestone)  # locks the review, so it cannot close meanwhile
    if problem := why_not_withdrawable(milestone):
        raise PlanError(problem)
    at = at or timezone.now()
    for successor in successors_of(milestone):
        attribute(successor, by, at, f"Removed: {by} withdrew the decision on “{milestone}”")
        successor.delete()
    was = milestone.get_decision_display()
    milestone.decision, milestone.decision_reason = "", ""
    attribute(milestone, by, at, f"Decision ({was.lower()}) withdrawn by {by}")
    milestone.save()
    return milestone


def _check_decision(milestone, year_end, decision, reason, successors) -> None:
    if milestone.decision:
        raise PlanError("This milestone has already been decided: "
                        f"{milestone.get_decision_display()}")
    if milestone.progress == Progress.COMPLETE:
        raise PlanError("This milestone is complete, so there is nothing to decide")
    if decision != Decision.CARRIED_OVER and not reason.strip():
        raise PlanError("Enter the reason for the decision", field="reason")
    next_year = year_end.plan_year + 1
    plan = year_end.plan
    if decision == Decision.CLOSED:
        return
    if next_year not in plan.year_starts:
        raise PlanError(f"{year_end.label} is the plan's last year: close the milestone, "
                        "and take the work into the next plan", field="decision")
    if not successors:
        raise PlanError("Enter the new milestone for the next year", field="successors")
    if decision == Decision.CARRIED_OVER and len(successors) != 1:
        raise PlanError("A milestone carries over as one milestone", field="successors")
    for successor in successors:
        if not successor.title.strip():
            raise PlanError("Enter a title for each new milestone", field="successors")
        if not first_day(next_year) <= successor.due <= last_day(next_year):
            raise PlanError(f"Due date must be in {year_label(next_year)}: from "
                            f"{first_day(next_year):%-d %B %Y} to "
                            f"{last_day(next_year):%-d %B %Y}", field="due")


def _successor(original: Milestone, successor: Successor, by, at, decision) -> Milestone:
    carried = decision == Decision.CARRIED_OVER
    milestone = Milestone(
        priority=original.priority, plan_year=original.plan_year + 1,
        title=successor.title.strip(), description=original.description,
        owner=original.owner, due=successor.due, outcome=original.outcome, created_at=at,
        # Carried-over work goes on where it was; new milestones start afresh.
        progress=original.progress if carried else Progress.NOT_STARTED,
        carried_from=original if carried else None, replaces=None if carried else original)
    how = "Carried over from" if carried else "Supersedes"
    attribute(milestone, by, at, f"{how} “{original}” ({original.plan_year_label})")
    milestone.save()
    return milestone


@transaction.atomic
def close_year_end(year_end: YearEnd, by, at: datetime | None = None) -> YearEnd:
    """Close a review once nothing is left undecided, freezing each priority's year."""
    at = at or timezone.now()
    year_end = YearEnd.objects.select_for_update().select_related("plan").get(pk=year_end.pk)
    if not year_end.is_open:
        raise PlanError("This review is already closed")
    left = undecided(year_end.plan, year_end.plan_year).count()
    if left:
        raise PlanError(f"{left} milestone{'s' if left != 1 else ''} still need"
                        f"{'s' if left == 1 else ''} a decision: decide "
                        f"{'it' if left == 1 else 'each'} before closing the year")
    _freeze_summaries(year_end, timezone.localtime(at).date())
    year_end.close(by, at)
    return year_end


def _freeze_summaries(year_end: YearEnd, today: date) -> None:
    # The year's own milestones: earlier years' were decided by their own reviews,
    # which must close before this one opens.
    milestones = Milestone.objects.filter(priority__plan=year_end.plan,
                                          plan_year=year_end.plan_year)
    rated = rate(milestones, today)
    for priority in year_end.plan.priorities.all():
        YearEndPriority.objects.create(
            year_end=year_end, priority=priority, priority_label=str(priority),
            milestones=[{"title": m.title, "rag": str(m.rag), "decision": m.decision,
                         "reason": m.decision_reason}
                        for m in rated if m.priority_id == priority.pk])


@transaction.atomic
def agree_next_year(year_end: YearEnd, by, at: datetime | None = None) -> YearEnd:
    """Record that the next year's milestones, drafted in the review, are agreed."""
    year_end = YearEnd.objects.select_for_update().get(pk=year_end.pk)
    if year_end.is_open:
        raise PlanError("Close the review before agreeing the next year's milestones")
    if not year_end.has_next_year:
        raise PlanError(f"{year_end.label} is the plan's last year: there is no next year "
                        "to agree")
    if year_end.agreed_at:
        raise PlanError(f"The {year_end.next_label} milestones were agreed on "
                        f"{timezone.localtime(year_end.agreed_at):%-d %B %Y}")
    year_end.agreed_at = at or timezone.now()
    year_end.agreed_by = by
    attribute(year_end, by, year_end.agreed_at, f"{year_end.next_label} milestones agreed")
    year_end.save()
    return year_end


# --- Refocusing ------------------------------------------------------------------------


def refocus_problem(priority: Priority, takes_effect: date) -> str | None:
    """Why a priority's new wording cannot take effect on this day, if it cannot: after
    its present wording took effect, and within the plan."""
    held_from = priority.revised_on or priority.plan.starts
    if takes_effect <= held_from:
        return (f"The date the change takes effect must be after {held_from:%-d %B %Y}, "
                "when the present wording took effect")
    if takes_effect > priority.plan.ends:
        return (f"The date the change takes effect must be no later than "
                f"{priority.plan.ends:%-d %B %Y}, when the plan ends")
    return None


@transaction.atomic
def refocus_priority(priority: Priority, by, *, title: str, description: str, reason: str,
                     takes_effect: date, change_outcomes=lambda: None) -> PriorityVersion:
    """Revise a priority's wording and outcomes from ``takes_effect``, keeping the wording
    it replaces, with its dates and the reason, as a version. ``change_outcomes`` saves
    the outcomes' changes (a formset's save), after the old ones are kept."""
    priority = Priority.objects.select_for_update().select_related("plan").get(pk=priority.pk)
    if problem := refocus_problem(priority, takes_effect):
        raise PlanError(problem, field="takes_effect")
    version = PriorityVersion.objects.create(
        priority=priority, title=priority.title, description=priority.description,
        outcomes=[o.title for o in priority.outcomes.all()],
        held_from=priority.revised_on or priority.plan.starts,
        held_until=takes_effect - relativedelta(days=1), reason=reason.strip(), revised_by=by)
    change_outcomes()
    priority.title, priority.description, priority.revised_on = title, description, takes_effect
    attribute(priority, by, reason=f"Refocused by {by} from {takes_effect:%-d %B %Y}: "
                                   f"{reason.strip()}")
    priority.save()
    return version
