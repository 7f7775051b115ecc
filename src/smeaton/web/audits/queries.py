"""Reads for the case-file audit pages, and the figures the QA dashboard uses."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from smeaton.analytics import sampling
from smeaton.analytics.measures.publish import SMALL
from smeaton.web.accounts.child_level import may_see
from smeaton.web.accounts.permissions import visible
from smeaton.web.audits.models import (
    Answer,
    Audit,
    Moderation,
    Programme,
    Question,
    Sample,
    Section,
    Tool,
    ToolVersion,
)

AUDIT_RECORDS = Audit.objects.select_related(
    "sample__programme", "tool_version__tool", "auditor", "moderator", "moderation__moderator")


def tools() -> QuerySet:
    return Tool.objects.prefetch_related("versions").annotate(
        programmes_using=Count("programmes", distinct=True))


def versions_of(tool: Tool) -> QuerySet:
    return tool.versions.annotate(audits_graded=Count("audits")).order_by("-number")


def draft_of(tool: Tool) -> ToolVersion | None:
    return tool.versions.filter(status=ToolVersion.Status.DRAFT).first()


def sections_of(version: ToolVersion) -> QuerySet:
    return version.sections.order_by("position", "pk").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position", "pk")))


def programmes() -> QuerySet:
    return Programme.objects.select_related("tool", "lead").annotate(
        months=Count("samples", distinct=True))


def samples_of(programme: Programme) -> QuerySet:
    return programme.samples.annotate(
        audits_drawn=Count("audits"),
        audits_done=Count("audits", filter=Q(audits__status=Audit.Status.COMPLETED)))


def shown_count(count: int, user) -> str:
    """A count of children in the store, as this person may see it: a small number (1 to
    4) is suppressed for anyone without child-level access."""
    if count in SMALL and not may_see(user):
        return "Fewer than 5 (suppressed)"
    return f"{count:,}"


def samples_shown(programme: Programme, user) -> list[Sample]:
    """The programme's samples, each with ``frame_size_shown`` for this person."""
    samples = list(samples_of(programme))
    for sample in samples:
        sample.frame_size_shown = shown_count(sample.frame_size, user)
    return samples


def frame_choices() -> list[tuple[str, str]]:
    return [(frame.slug, frame.title) for frame in sampling.FRAMES.values()]


# --- Audits, as people see them ---------------------------------------------------------


def due_in_words(audit: Audit, today: date | None = None) -> str:
    """"Overdue by 3 days", "Due today", "Due in 5 days"; blank once submitted."""
    if not audit.is_open:
        return ""
    days = (audit.due - (today or timezone.localdate())).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


@dataclass(frozen=True)
class Listed:
    audit: Audit
    due_words: str
    overdue: bool


def listed(audits, today: date | None = None) -> list[Listed]:
    today = today or timezone.localdate()
    return [Listed(audit, due_in_words(audit, today), audit.overdue(today)) for audit in audits]


def audits_in(sample: Sample, user) -> list[Listed]:
    """The sample's audits the person may read, soonest due first."""
    return listed(visible(user, AUDIT_RECORDS.filter(sample=sample)).order_by("due", "pk"))


@dataclass(frozen=True)
class MyAudits:
    to_do: list[Listed]
    to_moderate: list[Listed]
    done: list[Listed]


def my_audits(person, today: date | None = None) -> MyAudits:
    mine = AUDIT_RECORDS.filter(auditor=person)
    return MyAudits(
        to_do=listed(mine.filter(status__in=[Audit.Status.ASSIGNED, Audit.Status.IN_PROGRESS])
                     .order_by("due", "pk"), today),
        to_moderate=listed(AUDIT_RECORDS.filter(
            moderator=person, status=Audit.Status.AWAITING_MODERATION).order_by("due", "pk"),
            today),
        done=listed(mine.filter(status__in=[Audit.Status.AWAITING_MODERATION,
                                            Audit.Status.COMPLETED])
                    .order_by("-submitted_at", "-pk")[:20], today))


@dataclass(frozen=True)
class Item:
    question: Question
    answer: Answer | None


@dataclass(frozen=True)
class Part:
    section: Section
    items: list[Item]


def answered(audit: Audit) -> list[Part]:
    """The audit's sections and questions in order, each with its answer, if any."""
    answers = {answer.question_id: answer for answer in audit.answers.all()}
    return [Part(section, [Item(question, answers.get(question.pk))
                           for question in section.questions.all()])
            for section in sections_of(audit.tool_version)]


# --- For the dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    moderated: int
    agreed: int

    @property
    def changed(self) -> int:
        return self.moderated - self.agreed

    @property
    def rate(self) -> float | None:
        """Agreed as a share of those moderated (0 to 1); None when none were."""
        return self.agreed / self.moderated if self.moderated else None


def moderation_agreement(since: date | datetime | None = None,
                         until: date | datetime | None = None) -> Agreement:
    """How often moderators agreed the auditor's grade, of the audits moderated from
    ``since`` up to and including ``until`` (either open-ended if None)."""
    moderations = Moderation.objects.all()
    if since is not None:
        moderations = moderations.filter(moderated_at__date__gte=_day(since))
    if until is not None:
        moderations = moderations.filter(moderated_at__date__lte=_day(until))
    moderated = moderations.count()
    agreed = sum(1 for grade, auditor_grade in moderations.values_list("grade", "auditor_grade")
                 if grade == auditor_grade)
    return Agreement(moderated, agreed)


def _day(value: date | datetime) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value
