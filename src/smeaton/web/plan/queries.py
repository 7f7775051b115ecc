"""What the plan's pages read: milestones with their RAG worked out, a year's work,
update rounds' progress. Changes live in services.py; these never change a record.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from smeaton.web.plan.models import (
    Milestone,
    MilestoneUpdate,
    Plan,
    RagSettings,
    RoundEntry,
    UpdateRound,
    YearEnd,
)
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag
from smeaton.years import year_label, year_of

# The order RAG columns and counts are shown in: the worst first.
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_STARTED, Rag.COMPLETE]


class Rated:
    """A milestone with its RAG worked out once, for a page to show."""

    def __init__(self, milestone: Milestone, today, policy, year: int | None = None):
        self.milestone = milestone
        self.assessment = milestone.assessment(today, policy)
        self.rag = milestone.rag(assessment=self.assessment)
        # Work from an earlier plan year that is not yet complete, seen from ``year``.
        self.carried_forward = (year is not None and milestone.plan_year < year
                                and not milestone.decision
                                and milestone.progress != Progress.COMPLETE)

    def __getattr__(self, name):
        return getattr(self.milestone, name)

    @property
    def needs_attention(self) -> bool:
        return self.rag == Rag.RED or self.assessment.update_overdue


def rate(milestones, today=None, policy=None, year: int | None = None) -> list[Rated]:
    today = today or timezone.localdate()
    policy = policy or RagSettings.policy()
    return [Rated(m, today, policy, year) for m in milestones]


def plan_in_force(today: date | None = None) -> Plan | None:
    """The plan in force: the latest to have started, else the first still to come. A
    council starting its next plan keeps the last one, read-only, until the next starts."""
    year = year_of(today or timezone.localdate())
    return (Plan.objects.filter(first_year__lte=year).order_by("-first_year").first()
            or Plan.objects.order_by("first_year").first())


def current_plan() -> Plan:
    plan = plan_in_force()
    if plan is None:
        raise Http404("No plan has been set up yet.")
    return plan


def year_work(plan: Plan, year: int) -> QuerySet[Milestone]:
    """A plan year's milestones, and every milestone of an earlier year not yet complete.

    Until a year-end review decides what becomes of unfinished work, it is carried
    forward: counted, shown as needing attention and asked about in update rounds. Once
    decided, it is done with: its carried-over copy or its successors count instead.
    """
    carried = Q(plan_year__lt=year, decision="") & ~Q(progress=Progress.COMPLETE)
    return Milestone.objects.filter(Q(plan_year=year) | carried, priority__plan=plan)


def live_milestones(plan: Plan, year: int) -> QuerySet[Milestone]:
    """The milestones a round in this plan year asks for an update: those not complete
    nor decided by a year-end review."""
    return year_work(plan, year).exclude(progress=Progress.COMPLETE).filter(decision="")


def undecided(plan: Plan, year: int) -> QuerySet[Milestone]:
    """What a year's review must still decide: its milestones not complete and not yet
    decided (earlier years' were decided by their own reviews, closed before it)."""
    return (live_milestones(plan, year).filter(plan_year=year)
            .select_related("priority", "owner"))


@dataclass(frozen=True)
class Review:
    """A plan year's review as its page shows it: what is left to decide, what has been
    decided, and, once closed, the summary by priority."""

    plan: Plan
    year: int
    year_end: YearEnd | None
    undecided: list[Rated]
    decided: list[Milestone]

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def next_label(self) -> str:
        return year_label(self.year + 1)

    @property
    def previous_label(self) -> str:
        return year_label(self.year - 1)

    @property
    def opens(self) -> date:
        return review_opens(self.year)

    @property
    def summaries(self):
        return self.year_end.priorities.all() if self.year_end else []


def review(plan: Plan, year: int) -> Review:
    year_end = plan.year_ends.filter(plan_year=year).first()
    decided = (Milestone.objects.filter(priority__plan=plan, plan_year=year)
               .exclude(decision="").select_related("priority", "owner")
               .prefetch_related("carried_into", "replaced_by"))
    return Review(plan, year, year_end, rate(undecided(plan, year)), list(decided))


@dataclass(frozen=True)
class ReviewYear:
    """A plan year on the year-end page: its review, if one has begun, and whether one
    can begin now."""

    year: int
    label: str
    year_end: YearEnd | None
    can_start: bool


def why_review_cannot_begin(plan: Plan, year: int, today: date | None = None) -> str | None:
    """Why a plan year's review cannot begin today, if it cannot: it begins once, from the
    year's last quarter, once the year before has been closed."""
    if year not in plan.year_starts:
        return f"Choose a year of the plan {plan.period}"
    if plan.year_ends.filter(plan_year=year).exists():
        return f"The {year_label(year)} review has already begun"
    earlier = plan.year_ends.filter(plan_year=year - 1).first()
    if year > plan.first_year and (earlier is None or earlier.is_open):
        return f"Close the {year_label(year - 1)} review first"
    opens = review_opens(year)
    if (today or timezone.localdate()) < opens:
        return (f"The {year_label(year)} review can begin from {opens:%-d %B %Y}, in the "
                "year's last quarter")
    return None


def review_years(plan: Plan, today=None) -> list[ReviewYear]:
    """Each year of the plan with its review, and whether one can begin now."""
    reviews = {y.plan_year: y for y in plan.year_ends.all()}
    return [ReviewYear(year, label, reviews.get(year),
                       can_start=why_review_cannot_begin(plan, year, today) is None)
            for year, label in plan.year_choices()]


def why_not_decidable(milestone: Milestone) -> str | None:
    """Why the open review of its year cannot decide this milestone now, if it cannot."""
    if milestone.decision:
        return f"This milestone has already been decided: {milestone.get_decision_display()}."
    if milestone.progress == Progress.COMPLETE:
        return "This milestone is complete, so there is nothing to decide."
    if not milestone.priority.plan.year_ends.filter(
            plan_year=milestone.plan_year, state=YearEnd.State.OPEN).exists():
        return (f"No year-end review of {milestone.plan_year_label} is open, so this "
                "milestone cannot be decided now.")
    return None


@dataclass(frozen=True)
class Wording:
    """A priority as it was worded over a span of days, for a report of that time."""

    title: str
    description: str
    outcomes: list[str]


def wording_on(priority, day: date) -> Wording:
    """The priority's wording that held on ``day``: its present one, or the version that
    held then if it has been refocused since."""
    if priority.revised_on is None or day >= priority.revised_on:
        return Wording(priority.title, priority.description,
                       [o.title for o in priority.outcomes.all()])
    held = priority.versions.filter(held_from__lte=day, held_until__gte=day).first()
    held = held or priority.versions.order_by("held_from").first()  # before the plan began
    return Wording(held.title, held.description, held.outcomes)


def decidable(milestone: Milestone) -> bool:
    return why_not_decidable(milestone) is None


def review_opens(year: int) -> date:
    """The first day a plan year's review may begin: 1 January, its last quarter."""
    return date(year + 1, 1, 1)


def drafting(plan: Plan, year: int) -> bool:
    """Whether a plan year's milestones are still drafts: the review of the year before
    has closed, and the next year's milestones have not been agreed yet."""
    return plan.year_ends.filter(plan_year=year - 1, agreed_at__isnull=True).exists()


@dataclass(frozen=True)
class YearSummary:
    """A plan year's milestones by priority and RAG, and those needing attention."""

    plan: Plan
    year: int
    milestones: list[Rated]

    @property
    def label(self) -> str:
        return year_label(self.year)

    def counts(self, milestones=None) -> list[int]:
        counted = Counter(m.rag for m in (self.milestones if milestones is None else milestones))
        return [counted[rag] for rag in RAG_ORDER]

    @property
    def counted(self) -> list[tuple[Rag, int]]:
        return list(zip(RAG_ORDER, self.counts(), strict=True))

    @property
    def by_priority(self) -> list[dict]:
        return [{"priority": priority,
                 "counts": self.counts([m for m in self.milestones
                                        if m.priority_id == priority.pk])}
                for priority in self.plan.priorities.select_related("lead")]

    @property
    def attention(self) -> list[Rated]:
        return [m for m in self.milestones if m.needs_attention]

    @property
    def carried_forward(self) -> int:
        return sum(m.carried_forward for m in self.milestones)


def year_summary(plan: Plan, year: int | None = None, owner=None) -> YearSummary:
    year = plan.current_year() if year is None else year
    milestones = year_work(plan, year).select_related("priority", "owner")
    if owner is not None:
        milestones = milestones.filter(owner=owner)
    return YearSummary(plan, year, rate(milestones, year=year))


def open_round_of(plan: Plan) -> UpdateRound | None:
    return plan.rounds.filter(state=UpdateRound.State.OPEN).first()


def awaiting_update(update_round: UpdateRound, owner=None) -> QuerySet[RoundEntry]:
    """Entries of an open round with no update yet, or whose update was returned."""
    unanswered = Q(update__isnull=True) | Q(update__returned_at__isnull=False)
    entries = update_round.entries.filter(unanswered)
    return entries.filter(milestone__owner=owner) if owner else entries


@dataclass(frozen=True)
class RoundProgress:
    asked: int
    waiting: int
    returned: int

    @property
    def answered(self) -> int:
        return self.asked - self.waiting


def round_progress(update_round: UpdateRound) -> RoundProgress:
    entries = update_round.entries
    return RoundProgress(
        asked=entries.count(), waiting=awaiting_update(update_round).count(),
        returned=entries.filter(update__returned_at__isnull=False).count())


def latest_updates(plan: Plan, count: int = 6) -> QuerySet[MilestoneUpdate]:
    return (MilestoneUpdate.objects.filter(milestone__priority__plan=plan)
            .select_related("milestone", "author")[:count])


@dataclass(frozen=True)
class Handover:
    """What a leaver owns and leads: what a handover to their successor would move."""

    milestones: list[Milestone]
    priorities: list

    @property
    def is_empty(self) -> bool:
        return not (self.milestones or self.priorities)


def handover(leaver) -> Handover:
    return Handover(
        milestones=list(Milestone.objects.filter(owner=leaver).select_related("priority")),
        priorities=list(leaver.priorities_led.all()),
    )
