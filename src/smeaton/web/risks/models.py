"""The risk and issues log.

A risk is written as cause, event and consequence, scored on the council's 5x5 matrix
(likelihood x impact) three times: inherent (with no controls), current (with the
controls in place) and target (once the further actions are done). Its owner reviews it
on a cycle; each review records the scores at that date, so the risk has a score history
and a direction of travel. It sits on one register (programme, directorate or corporate)
and is escalated or de-escalated between them with a reason. An issue is a problem now,
often a risk that has happened. Actions treat both and are delivered like a milestone.

The matrix's words, bands and appetite are set by an administrator in the admin site.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from smeaton.web.audit.models import AuditedModel, Versioned
from smeaton.web.performance.models import Indicator
from smeaton.web.plan.delivery import DeliveredLikeAMilestone, ProgressReport
from smeaton.web.plan.models import Milestone, Priority
from smeaton.web.risks import matrix

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


def one_to_five(verbose_name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(verbose_name, validators=ONE_TO_FIVE)


class RiskMatrix(AuditedModel):
    """The council's matrix: one, set up with the defaults (matrix.py) on first use."""

    appetite = models.PositiveSmallIntegerField(
        "risk appetite", default=matrix.DEFAULT_APPETITE, validators=[MaxValueValidator(25)],
        help_text="The highest current score the council accepts: a risk above it is "
                  "outside appetite, unless its category sets its own.")

    class Meta:
        verbose_name = "risk matrix"
        verbose_name_plural = "risk matrix"

    def __str__(self):
        return "The council's risk matrix"


class LikelihoodLevel(AuditedModel):
    risk_matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE,
                                    related_name="likelihood_levels")
    level = one_to_five("level")
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True,
                                   help_text="How likely, as a chance or how often.")

    class Meta:
        ordering = ["level"]
        constraints = [models.UniqueConstraint(fields=["risk_matrix", "level"],
                                               name="one_likelihood_per_level")]

    def __str__(self):
        return f"{self.level} {self.name}"


class ImpactLevel(AuditedModel):
    risk_matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE,
                                    related_name="impact_levels")
    level = one_to_five("level")
    name = models.CharField(max_length=60)
    finance = models.CharField("money", max_length=300, blank=True)
    service = models.CharField("service", max_length=300, blank=True)
    people = models.CharField("people and safeguarding", max_length=300, blank=True)
    reputation = models.CharField("reputation", max_length=300, blank=True)

    class Meta:
        ordering = ["level"]
        constraints = [models.UniqueConstraint(fields=["risk_matrix", "level"],
                                               name="one_impact_per_level")]

    def __str__(self):
        return f"{self.level} {self.name}"


class ScoreBand(AuditedModel):
    class Colour(models.TextChoices):
        GREEN = "green", "Green"
        YELLOW = "yellow", "Yellow"
        ORANGE = "orange", "Orange"
        RED = "red", "Red"

    risk_matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(max_length=40)
    lowest = models.PositiveSmallIntegerField("lowest score", validators=[MinValueValidator(1)])
    highest = models.PositiveSmallIntegerField("highest score",
                                               validators=[MaxValueValidator(25)])
    colour = models.CharField(max_length=10, choices=Colour.choices)
    meaning = models.CharField(max_length=300, blank=True,
                               help_text="What the council does about a risk in the band.")

    class Meta:
        ordering = ["lowest"]
        constraints = [models.CheckConstraint(
            condition=Q(lowest__lte=models.F("highest")), name="band_lowest_not_above_highest",
            violation_error_message="The lowest score must not be above the highest")]

    def __str__(self):
        return f"{self.name} ({self.lowest} to {self.highest})"


class Category(AuditedModel):
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    appetite = models.PositiveSmallIntegerField(
        "risk appetite", null=True, blank=True, validators=[MaxValueValidator(25)],
        help_text="The highest current score accepted for risks of this kind; blank for "
                  "the matrix's.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    """The registers, lowest first: a risk is escalated up them."""

    PROGRAMME = "programme", "Programme"
    DIRECTORATE = "directorate", "Directorate"
    CORPORATE = "corporate", "Corporate"


LEVEL_ORDER = list(Level)


class Response(models.TextChoices):
    TREAT = "treat", "Treat"
    TOLERATE = "tolerate", "Tolerate"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


class Proximity(models.TextChoices):
    """When the risk could happen, for sorting the register's attention."""

    NOW = "now", "Now, or within 3 months"
    SOON = "soon", "In 3 to 12 months"
    LATER = "later", "In more than a year"


class ReviewEvery(models.IntegerChoices):
    """How often the owner reviews the risk, in months."""

    MONTH = 1, "Monthly"
    TWO_MONTHS = 2, "Every two months"
    QUARTER = 3, "Quarterly"
    HALF_YEAR = 6, "Every six months"


class Risk(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=10, unique=True, editable=False)
    title = models.CharField(max_length=200)
    cause = models.TextField(help_text="Because of ...")
    event = models.TextField(help_text="there is a risk that ...")
    consequence = models.TextField(help_text="which would lead to ...")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="risks")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="risks_owned")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="risks")
    milestones = models.ManyToManyField(Milestone, blank=True, related_name="risks")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="risks")
    inherent_likelihood = one_to_five("inherent likelihood")
    inherent_impact = one_to_five("inherent impact")
    current_likelihood = one_to_five("current likelihood")
    current_impact = one_to_five("current impact")
    target_likelihood = one_to_five("target likelihood")
    target_impact = one_to_five("target impact")
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.TREAT)
    proximity = models.CharField(max_length=10, choices=Proximity.choices,
                                 default=Proximity.SOON)
    review_every = models.PositiveSmallIntegerField("review frequency",
                                                    choices=ReviewEvery.choices,
                                                    default=ReviewEvery.QUARTER)
    next_review = models.DateField("next review")
    level = models.CharField("register", max_length=12, choices=Level.choices,
                             default=Level.PROGRAMME)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.TextField("reason for closing", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    raised_at = models.DateTimeField(default=timezone.now, editable=False)
    illustrative = models.BooleanField(
        default=False, help_text="Made up for the demonstration, and labelled so on its pages.")

    # Audited, with its links, less the version's bookkeeping.
    history = HistoricalRecords(excluded_fields=["version"],
                                m2m_fields=[priorities, milestones, indicators])

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(closed_reason=""),
                name="a_closed_risk_has_a_reason"),
        ] + [models.CheckConstraint(condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                                    name=f"risk_{name}_1_to_5")
             for name in ("inherent_likelihood", "inherent_impact", "current_likelihood",
                          "current_impact", "target_likelihood", "target_impact")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def review_overdue(self, today: date | None = None) -> bool:
        """Past its review date and still open, as a milestone's update falls overdue."""
        return self.is_open and self.next_review < (today or timezone.localdate())


class Control(AuditedModel):
    """Something already in place that lowers the risk (a policy, a panel, a contract),
    kept apart from the further actions that are still to be done."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.TextField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    # A control that lapses (a panel stood down, a contract ended) is kept, dated, so the
    # risk's history shows what protected it when.
    ended_at = models.DateTimeField("no longer in place from", null=True, blank=True)
    end_reason = models.TextField("why it is no longer in place", blank=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.description[:80]

    @property
    def in_place(self) -> bool:
        return self.ended_at is None


class Review(models.Model):
    """The owner's review of a risk: its scores at that date, so the risk has a history.
    Never edited; raising a risk records its first."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now, editable=False)
    current_likelihood = one_to_five("current likelihood")
    current_impact = one_to_five("current impact")
    target_likelihood = one_to_five("target likelihood")
    target_impact = one_to_five("target impact")
    note = models.TextField(blank=True)
    next_review = models.DateField("next review")

    class Meta:
        ordering = ["reviewed_at", "pk"]

    def __str__(self):
        return f"{self.risk.reference} reviewed {self.reviewed_at:%Y-%m-%d}"

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact


class Escalation(models.Model):
    """A move between registers, up or down, with who moved it and why. Never edited."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.CharField("from", max_length=12, choices=Level.choices)
    to_level = models.CharField("to", max_length=12, choices=Level.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.risk.reference}: {self.get_from_level_display()} to " \
               f"{self.get_to_level_display()}"

    @property
    def upward(self) -> bool:
        return LEVEL_ORDER.index(self.to_level) > LEVEL_ORDER.index(self.from_level)


class Issue(Versioned):
    class Urgency(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    reference = models.CharField(max_length=10, unique=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField()
    impact = models.TextField(help_text="What it is doing to children, services or money.")
    priority = models.CharField(max_length=10, choices=Urgency.choices,
                                default=Urgency.MEDIUM)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="issues_owned")
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="issues", help_text="The risk it came from, if any.")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="issues")
    milestones = models.ManyToManyField(Milestone, blank=True, related_name="issues")
    raised_on = models.DateField("raised")
    target_date = models.DateField("to be resolved by")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Made up for the demonstration, and labelled so on its pages.")

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[priorities, milestones])

    class Meta:
        ordering = ["reference"]
        constraints = [models.CheckConstraint(
            condition=Q(status="open") | ~Q(resolution=""), name="a_resolved_issue_says_how")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.target_date < (today or timezone.localdate())


class RiskActionQuerySet(models.QuerySet):
    def still_treating(self):
        """Actions on an open risk or an unresolved issue. Those of a closed risk or a
        resolved issue are kept on its page, but leave owners' lists and reminders."""
        return self.filter(Q(risk__status=Risk.Status.OPEN) | Q(issue__status=Issue.Status.OPEN))


class RiskAction(DeliveredLikeAMilestone):
    """A further action treating a risk, or an action resolving an issue: one or the
    other, never both. Due, progress, RAG and version as a milestone's."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="actions")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="risk_actions_owned")

    objects = RiskActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "last_update_at"])

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.CheckConstraint(
            condition=(Q(risk__isnull=False, issue__isnull=True)
                       | Q(risk__isnull=True, issue__isnull=False)),
            name="an_action_treats_a_risk_or_an_issue")]

    def __str__(self):
        return self.title

    @property
    def treats(self) -> Risk | Issue:
        return self.risk if self.risk_id else self.issue


class RiskActionUpdate(ProgressReport):
    action = models.ForeignKey(RiskAction, on_delete=models.CASCADE, related_name="updates")

    class Meta(ProgressReport.Meta):
        pass
