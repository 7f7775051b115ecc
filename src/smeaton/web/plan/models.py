"""The council's strategic plan and how it is delivered, year by year.

A plan runs for three years (2024-27), April to March. Each priority has intended
outcomes and milestones by plan year; owners report progress in updates, and the
programme office runs quarterly update rounds whose snapshots are frozen at close.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from smeaton.web.audit.models import AuditedModel, attribute
from smeaton.web.plan.rag import Progress, RagPolicy, assess
from smeaton.web.rag import Rag
from smeaton.years import first_day, last_day, period_label, year_label, year_of

# Every plan year a council could use, labelled as councils write them.
PLAN_YEARS = [(year, year_label(year)) for year in range(2000, 2100)]


class Plan(AuditedModel):
    title = models.CharField(max_length=200)
    vision = models.TextField(blank=True)
    first_year = models.PositiveIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2099)],
        help_text="The plan's first year starts on 1 April of this year, e.g. 2024.")
    years = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="How many years the plan runs for (1 to 10).")
    illustrative = models.BooleanField(
        default=False, help_text="Shown as illustrative, for demonstrations.")

    class Meta:
        ordering = ["-first_year"]

    def __str__(self):
        return f"{self.title} {self.period}"

    @property
    def period(self) -> str:
        return period_label(self.first_year, self.first_year + self.years)

    @property
    def starts(self) -> date:
        return first_day(self.first_year)

    @property
    def ends(self) -> date:
        return last_day(self.first_year + self.years - 1)

    @property
    def year_starts(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))

    def year_choices(self) -> list[tuple[int, str]]:
        return [(year, year_label(year)) for year in self.year_starts]

    @property
    def is_past(self) -> bool:
        """A plan its successor has replaced: kept, read-only, with its history."""
        year = year_of(timezone.localdate())
        return Plan.objects.filter(first_year__gt=self.first_year, first_year__lte=year).exists()

    def closed_years(self) -> set[int]:
        """The plan years whose year-end review has closed: kept as they were."""
        return set(self.year_ends.filter(state="closed").values_list("plan_year", flat=True))

    def current_year(self, today: date | None = None) -> int:
        """The plan year today is in, kept within the plan's years."""
        year = year_of(today or timezone.localdate())
        return min(max(year, self.first_year), self.first_year + self.years - 1)


class RagSettings(AuditedModel):
    """The council's numbers for the RAG rules (docs/rag-rules.md). One row."""

    # At 0 every milestone would be Red or overdue the day it was due or updated.
    red_delay_months = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="A milestone expected this many months late, or more, is Red (1 to 24).")
    update_overdue_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(7), MaxValueValidator(366)],
        help_text="A milestone with no update for longer than this is flagged (7 to 366 days).")

    class Meta:
        verbose_name = "RAG settings"
        verbose_name_plural = "RAG settings"

    def __str__(self):
        return "RAG settings"

    @classmethod
    def policy(cls) -> RagPolicy:
        row = cls.objects.first()
        if row is None:
            return RagPolicy()
        return RagPolicy(row.red_delay_months, row.update_overdue_days)


class Priority(AuditedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="priorities_led"
    )
    # When the wording above took effect: empty until the priority is first refocused
    # (it then held from the plan's start); earlier wordings are its versions.
    revised_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_priority_per_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Outcome(AuditedModel):
    """An intended outcome of a priority: what will be better for children and families."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self):
        return self.title


class PriorityVersion(models.Model):
    """A priority as it was worded before it was refocused, with the outcomes it then
    had, the dates it held, and why it changed. Written once, when the change is made."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    outcomes = models.JSONField(default=list)  # the outcomes' titles, in order
    held_from = models.DateField()
    held_until = models.DateField(help_text="The last day this wording held.")
    reason = models.TextField(help_text="Why the priority was refocused.")
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    revised_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["priority", "-held_until", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.held_from:%-d %B %Y} to {self.held_until:%-d %B %Y})"


class Decision(models.TextChoices):
    """What a year-end review decides for a milestone not complete at the year's end."""

    CARRIED_OVER = "carried_over", "Carried over"
    CLOSED = "closed", "Closed, not achieved"
    SUPERSEDED = "superseded", "Superseded"


# An owner may expect to finish late, but not beyond this: the plan itself is three years.
FORECAST_YEARS_AFTER_DUE = 3


def forecast_problem(due: date, progress: str, forecast: date | None,
                     today: date | None = None) -> str | None:
    """Why an owner's expected completion cannot be right, if it cannot: work not yet
    done cannot finish in the past, nor years after its due date. For milestones and
    for anything delivered like them (a service plan's actions)."""
    if forecast is None or progress == Progress.COMPLETE:
        return None
    today = today or timezone.localdate()
    if forecast < today:
        return "Expected completion must be today or in the future"
    latest = due + relativedelta(years=FORECAST_YEARS_AFTER_DUE)
    if forecast > latest:
        return (f"Expected completion must be no later than {latest:%-d %B %Y}, "
                f"{FORECAST_YEARS_AFTER_DUE} years after the due date")
    return None


def forecast_to_offer(forecast: date | None) -> date | None:
    """The last expected completion, to fill in an update form again, unless it has
    passed: the form would refuse it, and the owner must give a new one."""
    return forecast if forecast and forecast >= timezone.localdate() else None


class Milestone(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="milestones")
    plan_year = models.PositiveIntegerField(choices=PLAN_YEARS)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="milestones_owned"
    )
    due = models.DateField("due date")
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones",
        help_text="The intended outcome this milestone serves.",
    )
    # The latest reported position, kept with the milestone so lists need no joins.
    progress = models.CharField(max_length=20, choices=Progress.choices,
                                default=Progress.NOT_STARTED)
    forecast = models.DateField("expected completion", null=True, blank=True)
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A priority lead's judgement over the rules, always with a reason.
    rag_override = models.CharField("RAG override", max_length=20, choices=Rag.choices,
                                    blank=True)
    override_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Incremented on every save: a form saved over someone else's change is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The year-end review's decision on work not complete at its year's end.
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True,
                                editable=False)
    decision_reason = models.TextField(blank=True, editable=False)
    # The milestone this one continues, carried over from an earlier year, or replaces.
    carried_from = models.ForeignKey("self", null=True, blank=True, editable=False,
                                     on_delete=models.PROTECT, related_name="carried_into")
    replaces = models.ForeignKey("self", null=True, blank=True, editable=False,
                                 on_delete=models.PROTECT, related_name="replaced_by")

    # Audited, less the bookkeeping that changes with every update.
    history = HistoricalRecords(excluded_fields=["version", "last_update_at"])

    class Meta:
        ordering = ["priority__number", "plan_year", "due", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk:
            self.version += 1
        super().save(*args, **kwargs)

    @property
    def plan_year_label(self) -> str:
        return year_label(self.plan_year)

    def clean(self):
        plan = self.priority.plan if self.priority_id else None
        if plan and self.plan_year not in plan.year_starts:
            raise ValidationError({"plan_year": f"Choose a year of the plan {plan.period}."})
        if plan and self.due and self.plan_year in plan.year_starts:
            starts, ends = first_day(self.plan_year), last_day(self.plan_year)
            if not starts <= self.due <= ends:
                raise ValidationError({"due": (
                    f"Due date must be in {year_label(self.plan_year)}, the "
                    f"milestone's plan year: from {starts:%-d %B %Y} to {ends:%-d %B %Y}")})
        if self.outcome_id and self.priority_id and self.outcome.priority_id != self.priority_id:
            raise ValidationError({"outcome": "Choose an outcome of this milestone's priority."})
        if self.rag_override and not self.override_reason.strip():
            raise ValidationError({"override_reason": "Give the reason for overriding the RAG."})

    def forecast_problem(self, progress: str, forecast: date | None,
                         today: date | None = None) -> str | None:
        return forecast_problem(self.due, progress, forecast, today)

    def why_settled(self) -> str | None:
        """Why this milestone can no longer change, if it cannot: decided at a year end,
        or of a year whose review has closed (the reports quote it as it stood)."""
        if self.decision:
            return (f"This milestone was decided at the {self.plan_year_label} year-end review "
                    f"({self.get_decision_display().lower()}), so it can no longer change. "
                    "Work on what replaced it, if anything did")
        if self.plan_year in self.priority.plan.closed_years():
            return (f"{self.plan_year_label} has been closed at its year-end review, so its "
                    "milestones can no longer change")
        return None

    def assessment(self, today: date | None = None, policy: RagPolicy | None = None):
        """The RAG by the rules (before any override), with its reason and overdue flag."""
        today = today or timezone.localdate()
        last = self.last_update_at or self.created_at
        return assess(self.progress, self.due, today, self.forecast,
                      timezone.localtime(last).date() if last else None,
                      policy or RagSettings.policy())

    def rag(self, today=None, policy=None, assessment=None) -> Rag:
        """The RAG shown: the lead's override if there is one, else the rules' rating
        (from ``assessment`` when the caller has already worked it out)."""
        if self.rag_override:
            return Rag(self.rag_override)
        return (assessment or self.assessment(today, policy)).rag


class EvidenceLink(models.Model):
    """A document or page that shows a milestone's progress (a link, not a copy)."""

    update = models.ForeignKey("MilestoneUpdate", on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    url = models.URLField("link", max_length=500)

    def __str__(self):
        return self.title


# A round's deadline is weeks away, not years: later than this is a mistyped year.
DEADLINE_MONTHS_AHEAD = 6


def in_the_future(day: date, today: date | None = None) -> None:
    """A round's deadline, when set or changed, is after today, and within months."""
    today = today or timezone.localdate()
    if day <= today:
        raise ValidationError("The deadline must be in the future", code="not_in_future")
    latest = today + relativedelta(months=DEADLINE_MONTHS_AHEAD)
    if day > latest:
        raise ValidationError(
            f"The deadline must be no later than {latest:%-d %B %Y}, "
            f"{DEADLINE_MONTHS_AHEAD} months from today", code="too_far")


class OpenedThenClosed(AuditedModel):
    """A piece of the programme office's work that is opened, then closed for good (an
    update round, a year-end review): who did each, and when."""

    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def close(self, by, at) -> None:
        """Record the close, by whom and when, in the record and its audit trail."""
        self.state, self.closed_at, self.closed_by = "closed", at, by
        attribute(self, by, at)
        self.save()


class UpdateRound(OpenedThenClosed):
    """A quarter's call for updates: opened, answered, challenged, closed and frozen."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    plan_year = models.PositiveIntegerField(choices=PLAN_YEARS)
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Quarter {q}") for q in (1, 2, 3, 4)])
    deadline = models.DateField(help_text="The date updates are due by.",
                                validators=[in_the_future])
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)

    class Meta:
        ordering = ["-plan_year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "plan_year", "quarter"],
                                    name="one_round_per_quarter"),
            models.UniqueConstraint(fields=["plan"], condition=models.Q(state="open"),
                                    name="one_open_round_per_plan"),
        ]

    def __str__(self):
        return f"{year_label(self.plan_year)} quarter {self.quarter}"


class MilestoneUpdate(models.Model):
    """An owner's report of progress. Never edited: a correction is a new update."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    round = models.ForeignKey(UpdateRound, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    posted_at = models.DateTimeField(default=timezone.now, editable=False)
    progress = models.CharField(max_length=20, choices=Progress.choices)
    forecast = models.DateField("expected completion", null=True, blank=True)
    commentary = models.TextField()
    # The programme office may return an update in a round with a challenge.
    challenge = models.TextField(blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    returned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        get_latest_by = "posted_at"

    def __str__(self):
        return f"{self.milestone} at {self.posted_at:%Y-%m-%d %H:%M}"

    @property
    def returned(self) -> bool:
        return self.returned_at is not None


class RoundEntry(models.Model):
    """A milestone asked for an update in a round, and, once closed, its frozen snapshot.

    The snapshot fields copy what the milestone and its update said at the close, so
    later edits to the milestone, its owner or its priority cannot change them.
    """

    round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="entries")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="round_entries")
    update = models.ForeignKey(MilestoneUpdate, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    # The snapshot, written once when the round closes.
    priority_label = models.CharField(max_length=220, blank=True)
    milestone_title = models.CharField(max_length=300, blank=True)
    owner_name = models.CharField(max_length=300, blank=True)
    due = models.DateField(null=True, blank=True)
    progress = models.CharField(max_length=20, choices=Progress.choices, blank=True)
    forecast = models.DateField(null=True, blank=True)
    rag = models.CharField(max_length=20, choices=Rag.choices, blank=True)
    rag_reason = models.TextField(blank=True)
    update_overdue = models.BooleanField(default=False)
    commentary = models.TextField(blank=True)
    update_posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["milestone__priority__number", "milestone__due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "milestone"], name="one_entry_per_milestone")
        ]

    def __str__(self):
        return f"{self.milestone} in {self.round}"


class YearEnd(OpenedThenClosed):
    """A plan year's review: every milestone not complete is decided, then the year is
    closed, its summary frozen, and the next year's milestones agreed."""

    class State(models.TextChoices):
        OPEN = "open", "In review"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="year_ends")
    plan_year = models.PositiveIntegerField(choices=PLAN_YEARS)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    # The next year's milestones, drafted during the review, agreed after it closes.
    agreed_at = models.DateTimeField(null=True, blank=True, editable=False)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["plan", "-plan_year"]
        constraints = [models.UniqueConstraint(fields=["plan", "plan_year"],
                                               name="one_review_per_year")]

    def __str__(self):
        return f"{year_label(self.plan_year)} year-end review"

    @property
    def label(self) -> str:
        return year_label(self.plan_year)

    @property
    def next_label(self) -> str:
        return year_label(self.plan_year + 1)

    @property
    def has_next_year(self) -> bool:
        """Whether the plan runs on past this year (its last year's review agrees none)."""
        return self.plan_year + 1 in self.plan.year_starts


class YearEndPriority(models.Model):
    """A priority's year at its close, frozen for the reports: each milestone of the
    year (and earlier work decided then) with its RAG at the close and its decision."""

    year_end = models.ForeignKey(YearEnd, on_delete=models.CASCADE, related_name="priorities")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="+")
    priority_label = models.CharField(max_length=220)
    # [{"title", "rag", "decision", "reason"}], in the order shown.
    milestones = models.JSONField(default=list)

    class Meta:
        ordering = ["year_end", "priority__number"]
        constraints = [models.UniqueConstraint(fields=["year_end", "priority"],
                                               name="one_summary_per_priority")]

    def __str__(self):
        return f"{self.priority_label}, {self.year_end}"

    def rag_counts(self) -> dict[str, int]:
        return {rag: sum(m["rag"] == rag for m in self.milestones) for rag in Rag.values}

    def titles(self, decision: str = "", rag: str = "") -> list[str]:
        return [m["title"] for m in self.milestones
                if (not decision or m["decision"] == decision) and (not rag or m["rag"] == rag)]

    @property
    def achieved(self) -> list[str]:
        return self.titles(rag=Rag.COMPLETE)

    @property
    def carried_over(self) -> list[str]:
        return self.titles(Decision.CARRIED_OVER)

    @property
    def closed(self) -> list[str]:
        return self.titles(Decision.CLOSED)

    @property
    def superseded(self) -> list[str]:
        return self.titles(Decision.SUPERSEDED)
