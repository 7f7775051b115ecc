"""Which reminders are due, and to whom: on what happens in the plan (a round opens, an
update is returned) and, for those that come with the calendar, on each day
(``smeaton manage send_reminders``, run daily)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from smeaton.web.audits.models import SafeguardingConcern
from smeaton.web.boards.models import BoardAction
from smeaton.web.partnership.models import PartnerAction
from smeaton.web.plan.models import Milestone, RoundEntry, UpdateRound, YearEnd
from smeaton.web.plan.queries import awaiting_update, rate, undecided
from smeaton.web.plan.rag import Progress
from smeaton.web.reminders.kinds import DUE_SOON_DAYS, Kind
from smeaton.web.reminders.models import Email
from smeaton.web.reminders.services import Due, link, queue
from smeaton.web.risks.models import Risk, RiskAction
from smeaton.web.service_plans.models import ServiceAction

# The day of the week the weekly summary goes: Monday, to plan the week.
DIGEST_WEEKDAY = 0


def _by_owner(entries) -> dict:
    milestones = defaultdict(list)
    for entry in entries.select_related("milestone__owner", "milestone__priority"):
        milestones[entry.milestone.owner].append(entry.milestone)
    return milestones


def _round_emails(kind: Kind, update_round: UpdateRound, entries, on: date) -> list[Email]:
    """One email to each owner of the entries, listing their milestones."""
    round_link = link(reverse("plan:round", args=[update_round.pk]))
    return [email for owner, milestones in _by_owner(entries).items()
            if (email := queue(Due(kind, owner, update_round, on, {
                "round": update_round, "milestones": milestones, "round_link": round_link,
                "mine_link": link(reverse("plan:mine"))})))]


def round_opened(update_round: UpdateRound) -> list[Email]:
    return _round_emails(Kind.ROUND_OPENED, update_round, update_round.entries.all(),
                         timezone.localtime(update_round.opened_at).date())


def update_returned(update) -> list[Email]:
    milestone = update.milestone
    return [email for email in [queue(Due(
        Kind.UPDATE_RETURNED, milestone.owner, update,
        timezone.localtime(update.returned_at).date(),
        {"update": update, "milestone": milestone, "round": update.round,
         "update_link": link(reverse("plan:milestone-update", args=[milestone.pk]))}))]
        if email]


def review_opened(year_end: YearEnd) -> list[Email]:
    """To each priority lead: their priorities' milestones the review must decide."""
    by_lead = defaultdict(list)
    for milestone in undecided(year_end.plan, year_end.plan_year).select_related(
            "priority__lead"):
        by_lead[milestone.priority.lead].append(milestone)
    review_link = link(reverse("plan:year-end", args=[year_end.plan_year]))
    return [email for lead, milestones in by_lead.items()
            if (email := queue(Due(Kind.REVIEW_OPENED, lead, year_end,
                                   timezone.localtime(year_end.opened_at).date(), {
                                       "year_end": year_end, "milestones": milestones,
                                       "review_link": review_link})))]


def safeguarding_concern(concern: SafeguardingConcern) -> list[Email]:
    """To each of the concern's named contacts, at once: that a concern is raised and
    where to read it. The email says nothing about the child or the concern (email leaves
    the council's systems); the concern's page, for those it is for, says it all."""
    audit = concern.audit
    concern_link = link(reverse("audits:concern", args=[concern.pk]))
    on = timezone.localtime(concern.raised_at).date()
    return [email for contact in concern.contacts.all()
            if (email := queue(Due(Kind.SAFEGUARDING_CONCERN, contact, concern, on, {
                "concern": concern, "audit": audit, "programme": audit.sample.programme,
                "concern_link": concern_link})))]


@dataclass(frozen=True)
class ActionDue:
    """An action falling due, as a reminder lists it: whose plan it is in, and where."""

    where: str  # the service area, the partner organisation, or the board
    title: str
    link: str


def _actions_due(due: date) -> dict:
    """Actions not complete and due that day, service plans', partners' and boards', by
    owner."""
    by_owner = defaultdict(list)
    for action in (ServiceAction.objects.filter(due=due).exclude(progress=Progress.COMPLETE)
                   .select_related("owner", "service_plan__service_area")):
        by_owner[action.owner].append(ActionDue(
            str(action.service_plan.service_area), action.title,
            link(reverse("service_plans:action", args=[action.pk]))))
    for action in (PartnerAction.objects.filter(due=due, owner__isnull=False)
                   .exclude(progress=Progress.COMPLETE).select_related("owner", "organisation")):
        by_owner[action.owner].append(ActionDue(
            str(action.organisation), action.title,
            link(reverse("partnership:action", args=[action.pk]))))
    for action in (BoardAction.objects.filter(due=due).exclude(progress=Progress.COMPLETE)
                   .select_related("owner", "board")):
        by_owner[action.owner].append(ActionDue(
            str(action.board), action.description,
            link(reverse("boards:action", args=[action.pk]))))
    for action in (RiskAction.objects.still_treating().filter(due=due)
                   .exclude(progress=Progress.COMPLETE)
                   .select_related("owner", "risk", "issue")):
        by_owner[action.owner].append(ActionDue(
            str(action.treats), action.title,
            link(reverse("risks:action", args=[action.pk]))))
    return by_owner


def action_due_soon(today: date) -> list[Email]:
    """To owners of actions not complete and due in a week: one email each."""
    due = today + timedelta(days=DUE_SOON_DAYS)
    return [email for owner, actions in _actions_due(due).items()
            if (email := queue(Due(Kind.ACTION_DUE_SOON, owner, owner, today,
                                   {"actions": actions, "due": due})))]


def risk_review_due(today: date) -> list[Email]:
    """To owners of open risks whose review is a week away, or was due yesterday and has
    not been done (a review moves the date on): one email each."""
    soon, overdue = today + timedelta(days=DUE_SOON_DAYS), today - timedelta(days=1)
    by_owner = defaultdict(lambda: {"soon": [], "overdue": []})
    for risk in (Risk.objects.filter(status=Risk.Status.OPEN, next_review__in=[soon, overdue])
                 .select_related("owner").order_by("reference")):
        risk.link = link(reverse("risks:risk-review", args=[risk.pk]))
        by_owner[risk.owner]["soon" if risk.next_review == soon else "overdue"].append(risk)
    return [email for owner, risks in by_owner.items()
            if (email := queue(Due(Kind.RISK_REVIEW_DUE, owner, owner, today, {
                **risks, "due": soon, "mine_link": link(reverse("risks:mine"))})))]


def round_due_soon(today: date) -> list[Email]:
    """To owners still to update, when an open round's deadline is a week away."""
    emails = []
    for update_round in UpdateRound.objects.filter(
            state=UpdateRound.State.OPEN, deadline=today + timedelta(days=DUE_SOON_DAYS)):
        emails += _round_emails(Kind.ROUND_DUE_SOON, update_round,
                                awaiting_update(update_round), update_round.deadline)
    return emails


def update_overdue(today: date) -> list[Email]:
    """To owners who did not update by an open round's deadline: once, after it passed."""
    emails = []
    for update_round in UpdateRound.objects.filter(state=UpdateRound.State.OPEN,
                                                   deadline__lt=today):
        emails += _round_emails(Kind.UPDATE_OVERDUE, update_round,
                                awaiting_update(update_round), update_round.deadline)
    return emails


def weekly_digest(today: date) -> list[Email]:
    """On Mondays, to each person who asked for it: their unfinished milestones."""
    if today.weekday() != DIGEST_WEEKDAY:
        return []
    emails = []
    for person in get_user_model().objects.filter(
            is_active=True, reminder_preferences__weekly_digest=True):
        milestones = rate(Milestone.objects.filter(owner=person)
                          .exclude(progress=Progress.COMPLETE)
                          .select_related("priority"), today)
        waiting = RoundEntry.objects.filter(
            milestone__owner=person, round__state=UpdateRound.State.OPEN,
            update__isnull=True).select_related("round", "milestone")
        email = queue(Due(Kind.WEEKLY_DIGEST, person, person, today, {
            "milestones": milestones, "waiting": list(waiting), "today": today,
            "mine_link": link(reverse("plan:mine"))}))
        if email:
            emails.append(email)
    return emails


CALENDAR = (round_due_soon, update_overdue, action_due_soon, risk_review_due, weekly_digest)


@transaction.atomic
def queue_due_on(today: date | None = None) -> list[Email]:
    """Every reminder the calendar makes due today, queued once however often this runs."""
    today = today or timezone.localdate()
    return [email for due_today in CALENDAR for email in due_today(today)]


