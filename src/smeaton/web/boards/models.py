"""The boards that hold the service to account, their meetings, and their action logs.

A council configures its boards (the Improvement Board, Cabinet, the Scrutiny Panel, the
Corporate Parenting Board, a partnership board): who chairs each, who sits on it, how
often it meets. A meeting has an agenda, a record of who came and who sent apologies,
minutes, numbered decisions and the actions it raised. Each board keeps its actions in
one log (Scrutiny calls it "tracking decisions"); an action is delivered like a
milestone: a due date, an owner who reports progress, RAG by the plan's own rules.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from smeaton.web.audit.models import AuditedModel
from smeaton.web.formats import govuk_datetime, govuk_time
from smeaton.web.performance.models import Indicator
from smeaton.web.plan.delivery import DeliveredLikeAMilestone, ProgressReport
from smeaton.web.plan.models import Priority
from smeaton.web.plan.rag import Progress
from smeaton.web.risks.models import Risk


class Board(models.Model):
    class Cadence(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        SIX_WEEKLY = "six_weekly", "Every six weeks"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Every six months"
        ANNUAL = "annual", "Once a year"

    name = models.CharField(max_length=200, unique=True)
    purpose = models.TextField(blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="boards_chaired")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="boards",
        help_text="Councillors and partners read only the boards they are members of.")
    cadence = models.CharField("how often it meets", max_length=20, choices=Cadence.choices,
                               default=Cadence.QUARTERLY)
    action_log_name = models.CharField(
        "what its action log is called", max_length=100, default="Action log",
        help_text="Scrutiny calls its log “Tracking decisions”.")
    illustrative = models.BooleanField(
        default=False, help_text="Made up for the demonstration, and labelled so on its pages.")

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Meeting(AuditedModel):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SCHEDULED)
    cancelled_because = models.CharField("why it was cancelled", max_length=500, blank=True)
    # Minutes of the meeting as a whole (welcome, declarations of interest, any other
    # business); each agenda item keeps its own.
    minutes = models.TextField(blank=True)
    others_present = models.TextField(
        "others present", blank=True,
        help_text="Officers, guests and young people who are not members, one a line.")

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        when = timezone.localtime(self.starts_at)
        return f"{self.board} on {when:%-d %B %Y}"

    @property
    def held(self) -> bool:
        return self.state == self.State.HELD

    @property
    def started(self) -> bool:
        """Whether its start time has come: only then can it be marked held."""
        return self.starts_at <= timezone.now()

    @property
    def cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def when(self) -> str:
        """"8 July 2026 at 2:00pm to 4:00pm", as GOV.UK writes times."""
        starts = govuk_datetime(self.starts_at)
        return f"{starts} to {govuk_time(timezone.localtime(self.ends_at))}" if self.ends_at \
            else starts


class AgendaItem(AuditedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    number = models.PositiveSmallIntegerField("position on the agenda")
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True,
                                 help_text="Who presents it: a name, a job title, or both.")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="agenda_items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="agenda_items")
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="agenda_items")
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "number", "pk"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Attendance(AuditedModel):
    """Whether a member came to a meeting or sent apologies. Those not recorded are
    simply absent."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="meetings_attended")
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="one_attendance_per_person")]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class Decision(AuditedModel):
    """What the board decided, numbered within its meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="decisions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("decision")

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"],
                                               name="one_decision_per_number")]

    def __str__(self):
        return f"Decision {self.number}"


class BoardAction(DeliveredLikeAMilestone):
    """An entry in a board's action log: due, progress, RAG and version as a milestone's
    (plan/delivery.py). Numbered within its board, as logs are: "Action 14"."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions",
                                help_text="The meeting that raised it.")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="actions")
    number = models.PositiveIntegerField()
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="board_actions_owned",
                              help_text="They post the action's updates.")

    # Audited, less the bookkeeping of every update.
    history = HistoricalRecords(excluded_fields=["version", "last_update_at"])

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.UniqueConstraint(fields=["board", "number"],
                                               name="one_board_action_per_number")]

    def __str__(self):
        return f"Action {self.number}: {self.description}"

    def overdue(self, today) -> bool:
        """Past its due date and not complete."""
        return self.progress != Progress.COMPLETE and self.due < today


class BoardActionUpdate(ProgressReport):
    """An owner's report of a board action's progress (plan/delivery.py)."""

    action = models.ForeignKey(BoardAction, on_delete=models.CASCADE, related_name="updates")

    class Meta(ProgressReport.Meta):
        pass
