"""Returns loaded from the browser: each load, its files, what it stored and every
problem found, kept so that the problem report can be filtered quickly however many
problems a load has.

A load is queued when its files are uploaded, running while the task worker reads and
stores them, then stored (some rows may have been rejected), rejected (the batch was
refused: nothing stored) or failed (Smeaton stopped on an error: nothing stored).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from smeaton.web.audit.models import AuditedModel


class Load(AuditedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        STORED = "stored", "Stored"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    FINISHED = (Status.STORED, Status.REJECTED, Status.FAILED)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="returns_loads")
    uploaded_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    la_code = models.CharField("LA code given", max_length=3, blank=True)
    year = models.PositiveSmallIntegerField("collection year given", null=True, blank=True)
    # The store's own name for the load (smeaton ingest prints it), once stored.
    store_load_id = models.CharField("store's load id", max_length=40, blank=True)
    rows_in = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0, help_text="DfE's validation rules' queries.")
    # Why a batch was refused, or what stopped Smeaton; the notices of a stored load.
    message = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False,
                                       help_text="Shown as illustrative, for demonstrations.")

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"Load {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def problems_count(self) -> int:
        return self.errors + self.queries + self.warnings

    @property
    def folder_name(self) -> str:
        # Never a bare number: a folder named with three digits would be read as an LA.
        return f"load-{self.pk}"


class LoadFile(models.Model):
    load = models.ForeignKey(Load, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    kind = models.CharField("return", max_length=80)
    size = models.PositiveBigIntegerField("size in bytes")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class LoadTable(models.Model):
    """One table of one return in a load: rows in, stored and rejected, and what
    became of it (stored, unchanged, or replacing the return held before)."""

    load = models.ForeignKey(Load, on_delete=models.CASCADE, related_name="tables")
    source = models.CharField(max_length=40)
    la_code = models.CharField("LA code", max_length=3)
    year = models.PositiveSmallIntegerField()
    files = models.CharField(max_length=255)
    table = models.CharField(max_length=60)
    rows_in = models.PositiveIntegerField()
    rows_stored = models.PositiveIntegerField()
    rows_rejected = models.PositiveIntegerField()
    errors = models.PositiveIntegerField()
    warnings = models.PositiveIntegerField()
    outcome = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.source} {self.table}, LA {self.la_code}, {self.year}"


class Problem(models.Model):
    """One problem a load found, as smeaton ingest reports it, with its kind (the reason
    without its particulars) to count and filter by."""

    class Severity(models.TextChoices):
        ERROR = "error", "Error"
        WARNING = "warning", "Warning"
        QUERY = "query", "Query"

    load = models.ForeignKey(Load, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveIntegerField()  # the order the load reported it in
    file = models.CharField(max_length=255)
    table = models.CharField(max_length=60, blank=True)
    row = models.TextField(blank=True)  # a CSV line number or an XML path
    column = models.CharField(max_length=255, blank=True)
    value = models.TextField(blank=True)
    reason = models.TextField()
    severity = models.CharField(max_length=10, choices=Severity.choices)
    child = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=255)
    rule = models.CharField(max_length=20, blank=True, help_text="DfE's rule code, if any.")
    year = models.PositiveSmallIntegerField(null=True, blank=True,
                                            help_text="The collection year of its return.")

    class Meta:
        ordering = ["load", "position"]
        indexes = [
            models.Index(fields=["load", "rule", "position"]),
            models.Index(fields=["load", "position"]),
            models.Index(fields=["load", "severity", "position"]),
            models.Index(fields=["load", "file", "position"]),
            models.Index(fields=["load", "table", "position"]),
            models.Index(fields=["load", "kind", "position"]),
        ]

    def __str__(self):
        return f"{self.file}, {self.row}: {self.reason}"


class RuleResult(models.Model):
    """What one of DfE's validation rules found in one return of a load: rows and
    children it flagged, rows it could not check and why, or why it did not run."""

    load = models.ForeignKey(Load, on_delete=models.CASCADE, related_name="rule_results")
    year = models.PositiveSmallIntegerField()
    rule = models.CharField(max_length=20)
    message = models.TextField()
    severity = models.CharField(max_length=10, choices=Problem.Severity.choices)
    rows = models.PositiveIntegerField()
    children = models.PositiveIntegerField()
    not_checked = models.PositiveIntegerField()
    why_not_checked = models.TextField(blank=True)
    skipped = models.TextField(blank=True, help_text="Why the rule did not run, if it did not.")

    class Meta:
        ordering = ["load", "year", "pk"]

    def __str__(self):
        return f"Rule {self.rule} ({self.year}): {self.rows} rows"


class Figure(models.Model):
    """One of the council's own figures, computed from the returns stored, as
    smeaton.analytics.measures.series gives it: an indicator's value for the 12 months
    to a month end (or a reporting year), for everyone or one group, with its 95%
    interval and whether the group differs from the whole.

    The council's figures are replaced together after each load that stores returns
    (figures.refresh), so the pages read them here rather than from the store.
    """

    TOTAL = "Total"

    load = models.ForeignKey(Load, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="figures",
                             help_text="The load after which it was computed.")
    computed_at = models.DateTimeField(default=timezone.now)
    la_code = models.CharField("LA code", max_length=3)
    indicator = models.SlugField(max_length=60, help_text="The registry's slug.")
    period_end = models.DateField()
    reporting_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Set when the period is a whole reporting year.")
    breakdown = models.CharField(max_length=40)
    group = models.CharField(max_length=60)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)
    differs = models.CharField(max_length=10, blank=True,
                               help_text="higher or lower than the whole, beyond its interval")
    excluded_rows = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "period_end", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["la_code", "indicator", "period_end", "breakdown", "group"],
            name="one_figure_per_indicator_period_group")]
        indexes = [models.Index(fields=["la_code", "breakdown", "indicator", "period_end"])]

    def __str__(self):
        who = "" if self.breakdown == self.TOTAL else f", {self.breakdown}: {self.group}"
        return f"{self.indicator}, 12 months to {self.period_end}{who}: {self.value}"

    @property
    def is_total(self) -> bool:
        return self.breakdown == self.TOTAL
