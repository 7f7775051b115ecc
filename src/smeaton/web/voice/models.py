"""The voice of children and families.

Feedback (compliments, complaints, participation events, direct work) is recorded with
who it came from, never by name; survey results are imported as aggregate figures by
question, period and group; "you said, we did" says what changed because of what was
said; and the young people's page tells the plan in plain words, each priority's text
written by the participation lead. Nothing here identifies a child.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from smeaton.web.audit.models import AuditedModel, Versioned
from smeaton.web.plan.models import Milestone, Priority

# Groups smaller than this are never shown: "fewer than 5 responded".
SMALLEST_GROUP_SHOWN = 5

ILLUSTRATIVE_HELP = "Made up for the demonstration, and labelled so on its pages."


class Theme(AuditedModel):
    """What feedback is about (placements, contact with family, being listened to): added
    as feedback is recorded, so that feedback can be filtered by it."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Feedback(Versioned):
    class Kind(models.TextChoices):
        COMPLIMENT = "compliment", "Compliment"
        COMPLAINT = "complaint", "Complaint"
        PARTICIPATION = "participation", "Participation event"
        DIRECT_WORK = "direct_work", "Direct work"

    class From(models.TextChoices):
        CHILD = "child", "Child"
        YOUNG_PERSON = "young_person", "Young person"
        PARENT_OR_CARER = "parent_or_carer", "Parent or carer"
        CARE_LEAVER = "care_leaver", "Care leaver"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField(
        max_length=200, help_text="Where it came from: a team, a forum, a survey, a letter.")
    received_on = models.DateField("date")
    from_whom = models.CharField("from", max_length=20, choices=From.choices)
    summary = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="feedback")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="feedback")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[themes, priorities])

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.get_kind_display()} from a {self.get_from_whom_display().lower()}, " \
               f"{self.received_on:%-d %B %Y}"


class Survey(AuditedModel):
    """A survey the council runs or takes part in, such as Bright Spots' "Your Life, Your
    Care"; its results are imported period by period."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SurveyImport(models.Model):
    """One file of results, imported whole: who, when, and the file's name. Never
    edited; its results are its rows."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.rows} rows)"


class SurveyResult(AuditedModel):
    """One figure: the share of a group answering a question a way, in one period."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    imported = models.ForeignKey(SurveyImport, on_delete=models.CASCADE,
                                 related_name="results")
    period = models.CharField(max_length=7, help_text="2025, 2025-26 or 2025-11.")
    question = models.CharField(max_length=500)
    measure = models.CharField("answer or measure", max_length=300)
    group = models.CharField(max_length=200)
    responding = models.PositiveIntegerField("number responding")
    percentage = models.DecimalField(max_digits=4, decimal_places=1,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    comparison = models.DecimalField("comparison figure", max_digits=4, decimal_places=1,
                                     null=True, blank=True)
    comparison_name = models.CharField("what the comparison is", max_length=200, blank=True)

    class Meta:
        ordering = ["survey", "period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "period", "question", "measure", "group"],
                                    name="one_result_per_question_measure_group_and_period"),
            models.CheckConstraint(condition=Q(percentage__gte=0, percentage__lte=100),
                                   name="survey_percentage_0_to_100"),
        ]

    def __str__(self):
        return f"{self.period} {self.question}: {self.measure} ({self.group})"

    @property
    def suppressed(self) -> bool:
        return self.responding < SMALLEST_GROUP_SHOWN


class YouSaidWeDid(Versioned):
    you_said = models.TextField("what children or families said")
    we_did = models.TextField("what was done")
    done_by = models.CharField("who did it", max_length=200,
                               help_text="A team or a role, such as the fostering team.")
    done_on = models.DateField("when it was done")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="you_said_we_did")
    milestones = models.ManyToManyField(Milestone, blank=True, related_name="you_said_we_did")
    feedback = models.ManyToManyField(Feedback, blank=True, related_name="you_said_we_did")
    for_young_people = models.BooleanField(
        "show on the young people's page", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)

    history = HistoricalRecords(excluded_fields=["version"],
                                m2m_fields=[priorities, milestones, feedback])

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = "you said, we did entry"
        verbose_name_plural = "you said, we did entries"

    def __str__(self):
        return self.you_said[:80]


class PlainWords(Versioned):
    """A priority told for children and young people, by the participation lead; a
    priority without one is not on the young people's page."""

    priority = models.OneToOneField(Priority, on_delete=models.CASCADE,
                                    related_name="plain_words")
    title = models.CharField(max_length=120)
    summary = models.TextField()
    questions = models.TextField("questions you could ask", blank=True,
                                 help_text="One question a line.")
    illustrative = models.BooleanField(default=False, help_text=ILLUSTRATIVE_HELP)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["priority__number"]
        verbose_name = "plain words for a priority"
        verbose_name_plural = "plain words for priorities"

    def __str__(self):
        return self.title

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class YoungPeoplesPage(Versioned):
    """The young people's page's settings: one, saved on first change. Published, anyone may read it
    without signing in."""

    published = models.BooleanField(default=False)
    introduction = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "young people's page"
        verbose_name_plural = "young people's page"

    def __str__(self):
        return "The young people's page"

    @classmethod
    def the_page(cls) -> "YoungPeoplesPage":
        """The page's settings; unsaved (and unpublished) until first changed."""
        return cls.objects.filter(pk=1).first() or cls(pk=None)
