"""Case-file audits, the quality assurance pillar of the plan.

A QA lead sets up audit **tools**: sections of questions, each answered with one of
Ofsted's four grades or yes, no or not applicable, with notes, and an overall grade. A
tool changes by a new **version**; a version in use is never changed, so every audit
keeps the questions it was graded on.

An audit **programme** draws a **sample** of children from the store each month (by
their pseudonymous token: at random, stratified by service, or from a theme such as
children on a second child protection plan) and assigns each child's **audit** to an
auditor with a due date. A share of audits is **moderated**: a moderator agrees the
grade or changes it with a reason. Audits record **findings**: actions for the child,
safeguarding concerns (flagged at once to the programme's named people), learning
themes, and the priorities of the plan they bear on.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from smeaton.web.audit.models import AuditedModel, Versioned
from smeaton.web.plan.models import Priority


class Grade(models.TextChoices):
    """Ofsted's judgements, best first."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GOOD_OR_BETTER = frozenset({Grade.OUTSTANDING, Grade.GOOD})
GRADE_ORDER = list(Grade)  # best first


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Service(models.TextChoices):
    """Where the child's case sits on the day the sample is drawn: the stratum a
    stratified sample is drawn by, and how the dashboard breaks grades down."""

    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    LOOKED_AFTER = "looked_after", "Child looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"


class Theme(AuditedModel):
    """A learning theme audits are tagged with (for example "Voice of the child",
    "Management oversight"), set by a QA lead."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    in_use = models.BooleanField(default=True, help_text="Offered when tagging new audits.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tool(AuditedModel):
    """An audit tool, such as "Case-file audit" or "Thematic audit: neglect". Its
    questions are its versions'."""

    name = models.CharField(max_length=200, unique=True)
    purpose = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def in_use(self) -> "ToolVersion | None":
        """The version new audits are graded with: the latest published."""
        return (self.versions.filter(status=ToolVersion.Status.PUBLISHED)
                .order_by("-number").first())


class ToolVersion(AuditedModel):
    """One version of a tool's questions. A draft is edited; once published it is
    frozen (audits refer to it), and a change is made in a new draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    change_note = models.TextField("what changed", blank=True)

    class Meta:
        ordering = ["tool", "number"]
        constraints = [models.UniqueConstraint(fields=["tool", "number"],
                                               name="one_tool_version_per_number")]

    def __str__(self):
        return f"{self.tool}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Section(AuditedModel):
    version = models.ForeignKey(ToolVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]

    def __str__(self):
        return self.title


class Question(AuditedModel):
    class Answer(models.TextChoices):
        GRADE = "grade", "A grade (Outstanding to Inadequate)"
        YES_NO = "yes_no", "Yes, no or not applicable"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True,
                                help_text="What good looks like, for the auditor.")
    answer = models.CharField("answered with", max_length=10, choices=Answer.choices,
                              default=Answer.GRADE)

    class Meta:
        ordering = ["section", "position"]

    def __str__(self):
        return self.text


class Programme(models.Model):
    """A rolling audit programme: each month a sample of children, audited with a tool,
    a share of them moderated."""

    class Method(models.TextChoices):
        RANDOM = "random", "At random"
        STRATIFIED = "stratified", "Stratified by service"
        THEMATIC = "thematic", "Thematic"

    name = models.CharField(max_length=200, unique=True)
    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="programmes")
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.STRATIFIED)
    frame = models.CharField(
        "children sampled from", max_length=40,
        help_text="Which children a sample is drawn from (analytics/sampling.py's frames).")
    sample_size = models.PositiveSmallIntegerField(
        "children a month", validators=[MinValueValidator(1), MaxValueValidator(200)])
    moderated_share = models.PositiveSmallIntegerField(
        "share moderated (%)", default=20, validators=[MaxValueValidator(100)])
    days_to_complete = models.PositiveSmallIntegerField(
        "days to complete an audit", default=20, validators=[MinValueValidator(1)])
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="audit_programmes_led")
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                      help_text="Audits are shared among them in turn.")
    moderators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    safeguarding_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name="named safeguarding contacts",
        help_text="Told at once when an auditor flags a safeguarding concern.")
    active = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)

    history = HistoricalRecords(m2m_fields=[auditors, moderators, safeguarding_contacts])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Sample(AuditedModel):
    """One month's draw of children for a programme, reproducible from its seed and the
    store's state it was drawn from."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="samples")
    month = models.DateField(help_text="The first day of the month audited.")
    drawn_at = models.DateTimeField(default=timezone.now, editable=False)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    method = models.CharField(max_length=12, choices=Programme.Method.choices)
    frame = models.CharField(max_length=40)
    on = models.DateField("open to services on",
                          help_text="The day the children were open to services.")
    seed = models.BigIntegerField()
    frame_size = models.PositiveIntegerField("children to choose from")
    store_state = models.CharField(max_length=100, blank=True,
                                   help_text="The store's state the sample was drawn from.")
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["-month", "programme"]
        constraints = [models.UniqueConstraint(fields=["programme", "month"],
                                               name="one_sample_a_month_per_programme")]

    def __str__(self):
        return f"{self.programme}, {self.month:%B %Y}"


class Audit(Versioned):
    """One child's case file, audited with one version of a tool."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_MODERATION = "awaiting_moderation", "Awaiting moderation"
        COMPLETED = "completed", "Completed"

    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="audits")
    tool_version = models.ForeignKey(ToolVersion, on_delete=models.PROTECT,
                                     related_name="audits")
    child = models.CharField("child's token", max_length=64)
    service = models.CharField(max_length=20, choices=Service.choices)
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="audits")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="audits_moderated",
                                  help_text="Set when the audit is one of those moderated.")
    due = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    grade = models.CharField("overall grade", max_length=20, choices=Grade.choices,
                             blank=True, help_text="The auditor's.")
    strengths = models.TextField("what is working well", blank=True)
    improvements = models.TextField("what needs to change", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="audits")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="audits")
    illustrative = models.BooleanField(default=False)

    # Audited, with its themes and priorities, less the version's bookkeeping.
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[themes, priorities])

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "child"], name="a_child_once_a_sample"),
            models.CheckConstraint(
                condition=Q(status__in=["assigned", "in_progress"]) | ~Q(grade=""),
                name="a_submitted_audit_has_a_grade"),
        ]

    def __str__(self):
        return f"Audit {self.pk} ({self.get_service_display()}, {self.sample.month:%B %Y})"

    @property
    def final_grade(self) -> str:
        """The grade that counts: the moderator's, once moderated; else the auditor's."""
        moderation = getattr(self, "moderation", None)
        return moderation.grade if moderation is not None else self.grade

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ASSIGNED, self.Status.IN_PROGRESS)

    def overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due < (today or timezone.localdate())


class Answer(AuditedModel):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    yes_no = models.CharField(max_length=20, choices=YesNo.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["question__section__position", "question__position"]
        constraints = [models.UniqueConstraint(fields=["audit", "question"],
                                               name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.get_grade_display() or self.get_yes_no_display()}"


class Moderation(AuditedModel):
    """A moderator's view of an audit's grade: agreed, or changed with a reason."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="moderation")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    auditor_grade = models.CharField(max_length=20, choices=Grade.choices)
    grade = models.CharField("moderated grade", max_length=20, choices=Grade.choices)
    reason = models.TextField(blank=True)
    moderated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=Q(grade=models.F("auditor_grade")) | ~Q(reason=""),
            name="a_changed_grade_has_a_reason")]

    def __str__(self):
        return f"Moderation of {self.audit}"

    @property
    def agreed(self) -> bool:
        return self.grade == self.auditor_grade


class ChildAction(Versioned):
    """Something to be done for the child the audit found: owned, with a due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="child_actions")
    due = models.DateField("due date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField("what was done", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self):
        return f"Action for the child of {self.audit}"

    def overdue(self, today: date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due < (today or timezone.localdate())


class SafeguardingConcern(models.Model):
    """A concern for the child's safety found while auditing: the programme's named
    safeguarding contacts are told at once, and one of them records what was done."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="concerns")
    description = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    contacts = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="concerns_told",
                                      help_text="The named people told.")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("what was done", blank=True)

    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self):
        return f"Safeguarding concern from {self.audit}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None
