"""Indicators as the web room keeps them: areas, published values, targets and links.

What each indicator is, published or computed from the council's own returns or both,
is declared once in the registry (smeaton.analytics.indicators); every one has an
``Indicator`` row (``sync_indicators``, after every migrate) so that targets and links
to the plan can refer to it. Published values come only from published files, through
``loading.load_files``; people set targets and links.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from smeaton.analytics import indicators as registry
from smeaton.web.audit.models import AuditedModel


class Area(models.Model):
    """England, a region or an LA, keyed as DfE's files key them (see areas.py)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    level = models.CharField(max_length=20)
    region = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="authorities")
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Neighbour(models.Model):
    """One of an LA's ten statistical neighbours in one model (2021 or 2025)."""

    model = models.CharField(max_length=4)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["model", "area", "position"]
        constraints = [models.UniqueConstraint(fields=["model", "area", "position"],
                                               name="one_neighbour_per_position")]

    def __str__(self):
        return f"{self.neighbour} ({self.position} of {self.area}'s, {self.model} model)"


class Indicator(models.Model):
    """An indicator of the registry, which says what it is; people add targets and links."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    priorities = models.ManyToManyField("plan.Priority", blank=True, related_name="indicators")
    outcomes = models.ManyToManyField("plan.Outcome", blank=True, related_name="indicators")
    dfe_tolerance = models.DecimalField(
        "tolerance against DfE's figure", max_digits=10, decimal_places=2, null=True,
        blank=True,
        help_text="How far the council's own figure for a year may be from DfE's published "
                  "figure before it is flagged, in the indicator's unit")
    history = HistoricalRecords(m2m_fields=[priorities, outcomes])

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title

    @property
    def definition(self) -> registry.Indicator:
        return registry.BY_SLUG[self.slug]


class PublishedLoad(models.Model):
    """One published file loaded: when, by whom, what it was and what it changed."""

    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL)
    file_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=60)
    sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    rows_used = models.PositiveIntegerField()
    added = models.PositiveIntegerField()
    changed = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"{self.file_name}, loaded {self.loaded_at:%Y-%m-%d %H:%M}"


class Observation(models.Model):
    """An indicator's published value for an area and year, or the symbol given instead."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField(help_text="The year in which the period ends.")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    symbol = models.CharField(max_length=4, blank=True)
    count = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    load = models.ForeignKey(PublishedLoad, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["indicator", "area", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area", "year"],
                                               name="one_value_per_indicator_area_year")]

    def __str__(self):
        return f"{self.indicator_id} {self.area_id} {self.year}: {self.value or self.symbol}"


class Target(AuditedModel):
    """The council's target for an indicator's value in a year, with its tolerance."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(help_text="The year in which the period ends.")
    value = models.DecimalField("target", max_digits=10, decimal_places=2)
    tolerance = models.DecimalField(
        max_digits=10, decimal_places=2, default=0,
        help_text="How far short of the target is still amber, in the indicator's unit.")
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"],
                                               name="one_target_per_indicator_year")]

    def __str__(self):
        return f"{self.indicator}: {self.value} in {self.year}"
