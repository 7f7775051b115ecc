"""Reports to the boards, and the kinds of report an administrator sets up.

A report type (the Improvement Board's quarterly report, the Scrutiny Panel's six-monthly
report, Cabinet's annual review, a priority deep dive) says which board it goes to, how
long a period it covers, and which sections it holds in which order (sections.py).

A report is drafted for a period, read and checked on screen, then issued. Issuing keeps
what its sections gathered (``snapshot``) and the files written from it, each with its
SHA-256 (``ReportFile``): from then on nothing changes it, whatever happens to the
records it was written from.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from smeaton.web.audit.models import AuditedModel, Versioned
from smeaton.web.boards.models import Board, Meeting
from smeaton.web.plan.models import Priority
from smeaton.web.reports.sections import BY_KEY


class ReportType(AuditedModel):
    class Covers(models.IntegerChoices):
        QUARTER = 3, "A quarter"
        HALF_YEAR = 6, "Six months"
        YEAR = 12, "A year"

    name = models.CharField(max_length=200, unique=True,
                            help_text="Such as “Improvement Board quarterly report”.")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="report_types")
    covers = models.PositiveSmallIntegerField("period covered", choices=Covers.choices,
                                              default=Covers.QUARTER)
    sections = models.JSONField(
        default=list, help_text="The sections it holds, in order, by their keys.")
    deep_dive = models.BooleanField(
        default=False, help_text="About one priority, chosen for each report.")
    purpose = models.TextField(
        blank=True, help_text="What a report of this kind is for: each report starts with it.")

    class Meta:
        ordering = ["board__name", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not isinstance(self.sections, list) or not self.sections:
            raise ValidationError({"sections": "Choose at least one section"})
        unknown = [key for key in self.sections if key not in BY_KEY]
        if unknown:
            raise ValidationError({"sections": f"Not a section: {', '.join(map(str, unknown))}. "
                                               f"Choose from {', '.join(BY_KEY)}"})
        if len(set(self.sections)) != len(self.sections):
            raise ValidationError({"sections": "Choose each section once"})


class Report(Versioned, AuditedModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    class Audience(models.TextChoices):
        RESTRICTED = "restricted", "Restricted"
        PUBLICATION = "publication", "For publication"

    report_type = models.ForeignKey(ReportType, on_delete=models.PROTECT,
                                    related_name="reports")
    title = models.CharField(max_length=300)
    starts = models.DateField("period starts")
    ends = models.DateField("period ends")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", help_text="A deep dive's priority.")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="reports", help_text="The meeting it goes to.")
    audience = models.CharField(max_length=20, choices=Audience.choices,
                                default=Audience.RESTRICTED)
    purpose = models.TextField()
    recommendations = models.TextField(blank=True, help_text="One on each line.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    word_template = models.ForeignKey(
        "WordTemplate", on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", help_text="The council's template it was issued in, if any.")
    illustrative = models.BooleanField(
        default=False, help_text="Made up for the demonstration, and labelled so.")

    class Meta:
        ordering = ["-ends", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts__lte=models.F("ends")),
                                   name="report_period_in_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def board(self) -> Board:
        return self.report_type.board

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED

    @property
    def recommendation_list(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]


class ReportFile(models.Model):
    """An issued report's file, kept as written: downloading it gives these bytes."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["report", "format"]
        constraints = [models.UniqueConstraint(fields=["report", "format"],
                                               name="one_file_of_each_format")]

    def __str__(self):
        return f"{self.report} ({self.get_format_display()})"


class WordTemplate(AuditedModel):
    """The council's own Word template: reports are written into its styles, header,
    footer and logo. The latest uploaded is used."""

    name = models.CharField(max_length=200)
    content = models.BinaryField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.name
