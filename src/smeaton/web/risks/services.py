"""What people do to the risk and issues log, each as one atomic, audited step.

Views call these after checking permission; these check the state of the records (a risk
someone else has just changed, a review date in the past, a closing with no reason) and
refuse with a ``RiskError`` whose message is written for the person who tried.
"""

import re
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from smeaton.web.audit.models import attribute
from smeaton.web.plan.delivery import record_progress
from smeaton.web.plan.rag import Progress
from smeaton.web.risks.models import (
    Control,
    Escalation,
    Issue,
    Level,
    Review,
    Risk,
    RiskAction,
    RiskActionUpdate,
)


class RiskError(Exception):
    """A request the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# What editing a risk may change. Its current and target scores change only by a review
# (so that every change of score is in its history), its register only by escalation and
# its status only by closing.
RISK_DETAILS = ("title", "cause", "event", "consequence", "category", "owner",
                "inherent_likelihood", "inherent_impact", "response", "proximity",
                "review_every", "illustrative")
RISK_LINKS = ("priorities", "milestones", "indicators")
SCORES = ("current_likelihood", "current_impact", "target_likelihood", "target_impact")
ISSUE_DETAILS = ("title", "description", "impact", "priority", "owner", "raised_on",
                 "target_date", "illustrative")
ISSUE_LINKS = ("priorities", "milestones")
ACTION_DETAILS = ("title", "description", "owner", "due")

CHANGED_ELSEWHERE = ("Someone else changed this {kind} while you were working on it, so your "
                     "change was not saved. Check the {kind} as it is now, then make your "
                     "change again")


def _lock(model: type[Model], pk: int, seen_version: int | None):
    """The record as it is now, locked until the change commits; refused if someone else
    changed it since the person saw ``seen_version``, so no one's change is lost."""
    record = model.objects.select_for_update().get(pk=pk)
    if seen_version is not None and record.version != seen_version:
        kind = "risk" if model is Risk else "issue" if model is Issue else "action"
        raise RiskError(CHANGED_ELSEWHERE.format(kind=kind))
    return record


def _next_reference(model: type[Risk] | type[Issue], prefix: str) -> str:
    """R001, R002 ...: one more than the highest so far, never reused."""
    numbers = [int(match.group(1)) for ref in model.objects.values_list("reference", flat=True)
               if (match := re.fullmatch(rf"{prefix}(\d+)", ref))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


REFERENCE_TRIES = 5


def _save_with_next_reference(record: Risk | Issue, prefix: str) -> None:
    """Save a new risk or issue with the next reference. Two people raising one at the
    same moment would take the same number: the second is refused by the database's
    unique reference, and takes the next one."""
    for attempt in range(REFERENCE_TRIES):
        record.reference = _next_reference(type(record), prefix)
        try:
            with transaction.atomic():
                record.save()
            return
        except IntegrityError:
            taken = type(record).objects.filter(reference=record.reference).exists()
            if attempt == REFERENCE_TRIES - 1 or not taken:
                raise  # not the reference: something else is wrong


def _check_next_review(next_review: date, on: date) -> None:
    if next_review < on:
        raise RiskError("The next review date must be today or in the future",
                        field="next_review")


CURRENT_ABOVE_INHERENT = ("The current score must not be higher than the inherent score: "
                          "controls in place do not make a risk worse")
INHERENT_BELOW_CURRENT = ("The inherent score must not be lower than the risk's current "
                          "score, {}: controls in place do not make a risk worse")
TARGET_ABOVE_CURRENT = "The target score must not be higher than the current score"


def score_refusals(*, inherent: int, current: int, target: int) -> list[tuple[str, str]]:
    """What is wrong with a risk's scores, each as (field, message): the current score
    may not be above the inherent, nor the target above the current."""
    refusals = []
    if current > inherent:
        refusals.append(("current_likelihood", CURRENT_ABOVE_INHERENT))
    if target > current:
        refusals.append(("target_likelihood", TARGET_ABOVE_CURRENT))
    return refusals


def _check_scores(*, editing: bool = False, **scores) -> None:
    """Refuse scores that make no sense (``score_refusals``), naming the first field. An
    edit changes only the inherent scores, so its refusal names those."""
    s = {kind: scores[f"{kind}_likelihood"] * scores[f"{kind}_impact"]
         for kind in ("inherent", "current", "target")}
    if refusals := score_refusals(**s):
        field, message = refusals[0]
        if editing:
            field, message = "inherent_likelihood", INHERENT_BELOW_CURRENT.format(s["current"])
        raise RiskError(message, field=field)


def _set_links(record: Model, links: dict) -> None:
    """Set a record's links to the plan. Their history is kept as a version of the record
    of its own; the reason is the save's, given once, so the trail does not repeat it."""
    record.__dict__.pop("_change_reason", None)
    for name, values in links.items():
        if values is not None:
            getattr(record, name).set(values)


@transaction.atomic
def raise_risk(by, *, current_likelihood: int, current_impact: int, target_likelihood: int,
               target_impact: int, next_review: date, level: str = Level.PROGRAMME,
               priorities=(), milestones=(), indicators=(), at: datetime | None = None,
               **details) -> Risk:
    """Add a risk to a register, with its first scores recorded as its first review.
    ``at`` is for loading past risks (the demo)."""
    at = at or timezone.now()
    _check_next_review(next_review, timezone.localtime(at).date())
    scores = {"current_likelihood": current_likelihood, "current_impact": current_impact,
              "target_likelihood": target_likelihood, "target_impact": target_impact}
    _check_scores(**scores, inherent_likelihood=details.get("inherent_likelihood"),
                  inherent_impact=details.get("inherent_impact"))
    risk = Risk(level=level, next_review=next_review, raised_at=at, **scores, **details)
    attribute(risk, by, at, reason=f"Raised by {by}")
    _save_with_next_reference(risk, "R")
    _set_links(risk, {"priorities": priorities, "milestones": milestones,
                      "indicators": indicators})
    Review.objects.create(risk=risk, reviewer=by, reviewed_at=at, next_review=next_review,
                          note="Scored when the risk was raised.", **scores)
    return risk


@transaction.atomic
def change_risk(risk: Risk, by, *, seen_version: int, links: dict | None = None,
                **details) -> Risk:
    """Change a risk's details, writing only those: never a stale copy of the rest (a
    review saved a moment earlier keeps its scores)."""
    if unknown := set(details) - set(RISK_DETAILS):
        raise ValueError(f"Not a risk's detail: {', '.join(sorted(unknown))}")
    risk = _lock(Risk, risk.pk, seen_version)
    for name, value in details.items():
        setattr(risk, name, value)
    _check_scores(editing=True, **{name: getattr(risk, name) for name in (
        "inherent_likelihood", "inherent_impact", *SCORES)})
    attribute(risk, by)
    risk.save(update_fields=list(details))
    _set_links(risk, links or {})
    return risk


@transaction.atomic
def review_risk(risk: Risk, by, *, seen_version: int | None, next_review: date, note: str = "",
                at: datetime | None = None, **scores) -> Review:
    """Record the owner's review: the scores now, and when the risk is next reviewed."""
    if set(scores) != set(SCORES):
        raise ValueError(f"A review scores {', '.join(SCORES)}")
    at = at or timezone.now()
    risk = _lock(Risk, risk.pk, seen_version)
    if not risk.is_open:
        raise RiskError("This risk is closed, so it is no longer reviewed")
    _check_next_review(next_review, timezone.localtime(at).date())
    _check_scores(inherent_likelihood=risk.inherent_likelihood,
                  inherent_impact=risk.inherent_impact, **scores)
    review = Review.objects.create(risk=risk, reviewer=by, reviewed_at=at, note=note,
                                   next_review=next_review, **scores)
    for name, value in scores.items():
        setattr(risk, name, value)
    risk.next_review = next_review
    attribute(risk, by, at, reason=f"Reviewed by {by}")
    risk.save(update_fields=[*SCORES, "next_review"])
    return review


@transaction.atomic
def escalate(risk: Risk, by, *, to_level: str, reason: str, seen_version: int | None,
             at: datetime | None = None) -> Escalation:
    """Move a risk to another register, up or down, saying why."""
    at = at or timezone.now()
    risk = _lock(Risk, risk.pk, seen_version)
    if not risk.is_open:
        raise RiskError("This risk is closed, so it stays on the register it closed on")
    if to_level == risk.level:
        raise RiskError(f"The risk is already on the {risk.get_level_display().lower()} "
                        "register: choose another", field="to_level")
    if not reason.strip():
        raise RiskError("Enter why the risk is moving to another register", field="reason")
    move = Escalation.objects.create(risk=risk, from_level=risk.level, to_level=to_level,
                                     by=by, at=at, reason=reason.strip())
    risk.level = to_level
    verb = "Escalated" if move.upward else "De-escalated"
    attribute(risk, by, at, reason=f"{verb} by {by}: {move.reason}")
    risk.save(update_fields=["level"])
    return move


@transaction.atomic
def close_risk(risk: Risk, by, *, reason: str, seen_version: int | None,
               at: datetime | None = None) -> Risk:
    at = at or timezone.now()
    risk = _lock(Risk, risk.pk, seen_version)
    if not risk.is_open:
        raise RiskError("This risk is already closed")
    if not reason.strip():
        raise RiskError("Enter why the risk is being closed", field="reason")
    risk.status, risk.closed_reason, risk.closed_at = Risk.Status.CLOSED, reason.strip(), at
    attribute(risk, by, at, reason=f"Closed by {by}")
    risk.save(update_fields=["status", "closed_reason", "closed_at"])
    return risk


@transaction.atomic
def add_control(risk: Risk, by, *, description: str, at: datetime | None = None) -> Control:
    at = at or timezone.now()
    if not Risk.objects.select_for_update().get(pk=risk.pk).is_open:
        raise RiskError("This risk is closed, so it takes no more controls")
    control = Control(risk=risk, description=description, added_by=by, added_at=at)
    attribute(control, by, at, reason=f"Added by {by}")
    control.save()
    return control


@transaction.atomic
def end_control(control: Control, by, *, reason: str, at: datetime | None = None) -> Control:
    """Record that a control is no longer in place, and why; it stays on the risk's page."""
    at = at or timezone.now()
    control = Control.objects.select_for_update().select_related("risk").get(pk=control.pk)
    if not control.risk.is_open:
        raise RiskError("This risk is closed, so its controls are kept as they were")
    if not control.in_place:
        raise RiskError("This control was already recorded as no longer in place")
    if not reason.strip():
        raise RiskError("Enter why the control is no longer in place", field="reason")
    control.ended_at, control.end_reason = at, reason.strip()
    attribute(control, by, at, reason=f"Ended by {by}")
    control.save(update_fields=["ended_at", "end_reason"])
    return control


@transaction.atomic
def add_action(treats: Risk | Issue, by, *, at: datetime | None = None,
               **details) -> RiskAction:
    """A further action on a risk, or an action resolving an issue."""
    if not type(treats).objects.select_for_update().get(pk=treats.pk).is_open:
        state = "risk is closed" if isinstance(treats, Risk) else "issue is resolved"
        raise RiskError(f"This {state}, so it takes no more actions")
    on = timezone.localtime(at).date() if at else timezone.localdate()
    if details.get("due") and details["due"] < on:
        raise RiskError("The due date must be today or in the future", field="due")
    action = RiskAction(**{"risk" if isinstance(treats, Risk) else "issue": treats}, **details)
    if at:
        action.created_at = at
    attribute(action, by, at, reason=f"Added by {by}")
    action.save()
    return action


@transaction.atomic
def change_action(action: RiskAction, by, *, seen_version: int, **details) -> RiskAction:
    """Change an action's details; its progress changes only through updates."""
    if unknown := set(details) - set(ACTION_DETAILS):
        raise ValueError(f"Not an action's detail: {', '.join(sorted(unknown))}")
    action = _lock(RiskAction, action.pk, seen_version)
    for name, value in details.items():
        setattr(action, name, value)
    attribute(action, by)
    action.save(update_fields=[*details, "version"])
    return action


@transaction.atomic
def post_update(action: RiskAction, author, *, progress: Progress, commentary: str,
                forecast: date | None = None, seen_version: int | None = None,
                posted_at: datetime | None = None) -> RiskActionUpdate:
    """Record the owner's update. ``posted_at`` is for loading past updates (the demo)."""
    action = _lock(RiskAction, action.pk, seen_version)
    return record_progress(action, author, progress=progress, commentary=commentary,
                           forecast=forecast, posted_at=posted_at, refusal=RiskError)


@transaction.atomic
def raise_issue(by, *, risk: Risk | None = None, priorities=(), milestones=(),
                at: datetime | None = None, **details) -> Issue:
    """Raise an issue, from the risk that has happened if there is one."""
    at = at or timezone.now()
    issue = Issue(risk=risk, **details)
    attribute(issue, by, at, reason=f"Raised by {by}" + (f" from {risk.reference}" if risk
                                                         else ""))
    _save_with_next_reference(issue, "I")
    _set_links(issue, {"priorities": priorities, "milestones": milestones})
    return issue


@transaction.atomic
def change_issue(issue: Issue, by, *, seen_version: int, links: dict | None = None,
                 **details) -> Issue:
    if unknown := set(details) - set(ISSUE_DETAILS):
        raise ValueError(f"Not an issue's detail: {', '.join(sorted(unknown))}")
    issue = _lock(Issue, issue.pk, seen_version)
    for name, value in details.items():
        setattr(issue, name, value)
    attribute(issue, by)
    issue.save(update_fields=list(details))
    _set_links(issue, links or {})
    return issue


@transaction.atomic
def resolve_issue(issue: Issue, by, *, resolution: str, seen_version: int | None,
                  at: datetime | None = None) -> Issue:
    at = at or timezone.now()
    issue = _lock(Issue, issue.pk, seen_version)
    if not issue.is_open:
        raise RiskError("This issue is already resolved")
    if not resolution.strip():
        raise RiskError("Enter how the issue was resolved", field="resolution")
    issue.status, issue.resolution, issue.resolved_at = (Issue.Status.RESOLVED,
                                                         resolution.strip(), at)
    attribute(issue, by, at, reason=f"Resolved by {by}")
    issue.save(update_fields=["status", "resolution", "resolved_at"])
    return issue
