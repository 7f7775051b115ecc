"""Work delivered like a milestone, outside the plan itself: a service plan's actions, the
partnership plan's actions. Each has a due date and an owner's latest reported progress,
and is rated by the plan's own RAG rules (docs/rag-rules.md).

The apps built on the plan share these pieces rather than each keeping a copy.
"""

from collections import Counter
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from smeaton.web.audit.models import Versioned, attribute
from smeaton.web.formats import govuk_date
from smeaton.web.plan.models import RagSettings, forecast_problem
from smeaton.web.plan.queries import RAG_ORDER
from smeaton.web.plan.rag import Assessment, Progress, RagPolicy, assess
from smeaton.web.rag import Rag


class DeliveredLikeAMilestone(Versioned):
    """An action's due date and latest reported position, and its RAG by the plan's rules.
    Versioned: a form saved over someone else's change is refused."""

    due = models.DateField("due date")
    # The latest reported position, kept with the action so lists need no joins.
    progress = models.CharField(max_length=20, choices=Progress.choices,
                                default=Progress.NOT_STARTED)
    forecast = models.DateField("expected completion", null=True, blank=True)
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def forecast_problem(self, progress: str, forecast: date | None,
                         today: date | None = None) -> str | None:
        return forecast_problem(self.due, progress, forecast, today)

    def assessment(self, today: date | None = None,
                   policy: RagPolicy | None = None) -> Assessment:
        """The RAG by the plan's own rules for milestones (docs/rag-rules.md)."""
        today = today or timezone.localdate()
        last = self.last_update_at or self.created_at
        return assess(self.progress, self.due, today, self.forecast,
                      timezone.localtime(last).date() if last else None,
                      policy or RagSettings.policy())

    def rag(self, today=None, policy=None) -> Rag:
        return self.assessment(today, policy).rag


class ProgressReport(models.Model):
    """An owner's report of an action's progress. Never edited: a correction is a new
    one. Each app adds the ``action`` it reports on."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    posted_at = models.DateTimeField(default=timezone.now, editable=False)
    progress = models.CharField(max_length=20, choices=Progress.choices)
    forecast = models.DateField("expected completion", null=True, blank=True)
    commentary = models.TextField()

    class Meta:
        abstract = True
        ordering = ["-posted_at", "-pk"]

    def __str__(self):
        return f"{self.action} at {self.posted_at:%Y-%m-%d %H:%M}"


def record_progress(action: DeliveredLikeAMilestone, author, *, progress: str,
                    commentary: str, forecast: date | None, posted_at: datetime | None,
                    refusal: type[Exception]) -> ProgressReport:
    """Record an update on an action the caller has locked, and keep its latest position
    with it; refused with ``refusal(message, field=...)`` when the expected completion
    cannot be right. ``posted_at`` is for loading past updates (the demo)."""
    posted_at = posted_at or timezone.now()
    if problem := action.forecast_problem(progress, forecast,
                                          timezone.localtime(posted_at).date()):
        raise refusal(problem, field="forecast")
    if progress == Progress.COMPLETE:
        forecast = None  # nothing is expected of finished work
    update = action.updates.create(author=author, progress=progress, forecast=forecast,
                                   commentary=commentary, posted_at=posted_at)
    action.progress, action.forecast, action.last_update_at = (progress, forecast,
                                                               update.posted_at)
    attribute(action, author, posted_at, f"Update posted by {author}")
    action.save()
    return update


class RatedAction:
    """An action with its RAG worked out once, for a page to show."""

    def __init__(self, action, today, policy):
        self.action = action
        self.today = today
        self.assessment = action.assessment(today, policy)
        self.rag = self.assessment.rag

    @property
    def expected_completion(self) -> str:
        """When the action is expected to be done, in words that agree with its RAG: an
        action past its due date with no forecast is not "by the due date"."""
        if self.action.progress == Progress.COMPLETE:
            return "Reported complete"
        if self.action.forecast:
            return govuk_date(self.action.forecast)
        if self.action.due < self.today:
            return "Not yet reported: the due date has passed"
        return "By the due date"

    def __getattr__(self, name):
        return getattr(self.action, name)


def rate(actions, today=None, policy=None) -> list[RatedAction]:
    today = today or timezone.localdate()
    policy = policy or RagSettings.policy()
    return [RatedAction(a, today, policy) for a in actions]


def rag_counts(actions: list[RatedAction]) -> list[tuple[Rag, int]]:
    """How many actions are at each RAG, the worst first, leaving out those with none."""
    counted = Counter(a.rag for a in actions)
    return [(rag, counted[rag]) for rag in RAG_ORDER if counted[rag]]
