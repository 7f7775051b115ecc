"""Reads for the case-file audit pages, and the figures the QA dashboard uses."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from smeaton.analytics import sampling
from smeaton.analytics.measures.publish import SMALL
from smeaton.web.accounts.child_level import may_see
from smeaton.web.accounts.permissions import visible
from smeaton.web.audits.models import (
    GOOD_OR_BETTER,
    Answer,
    Audit,
    ChildAction,
    Grade,
    Moderation,
    Programme,
    Question,
    SafeguardingConcern,
    Sample,
    Section,
    Service,
    Theme,
    Tool,
    ToolVersion,
)
from smeaton.years import year_label

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


# --- Findings: what an audit found, the concerns waiting for a named person, and the
# quality assurance dashboard's figures -------------------------------------------------


def action_due_in_words(due: date, today: date | None = None) -> str:
    """How an open action's due date stands, in words: "Overdue by 3 days", "Due today",
    "Due in 5 days"."""
    days = (due - (today or timezone.localdate())).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def actions_of(audit: Audit, today: date | None = None) -> list[ChildAction]:
    """An audit's actions for the child, open first (overdue first), then done."""
    today = today or timezone.localdate()
    actions = list(audit.actions.select_related("owner"))
    for action in actions:
        action.is_overdue = action.overdue(today)
        action.due_words = action_due_in_words(action.due, today) if action.status == "open" else ""
    return sorted(actions, key=lambda a: (a.status != ChildAction.Status.OPEN,
                                          not a.is_overdue, a.due, a.pk))


def concerns_of(audit: Audit) -> list[SafeguardingConcern]:
    return list(audit.concerns.select_related("raised_by", "acknowledged_by")
                .prefetch_related("contacts"))


CONCERN_RECORDS = SafeguardingConcern.objects.select_related(
    "audit__sample__programme", "raised_by", "acknowledged_by").prefetch_related("contacts")


def concerns_for(person) -> list[SafeguardingConcern]:
    """The concerns waiting for this person as a named contact: none has yet recorded
    what was done. The oldest first."""
    return list(CONCERN_RECORDS.filter(contacts=person, acknowledged_at__isnull=True)
                .order_by("raised_at", "pk"))


def themes_in_use():
    return Theme.objects.filter(in_use=True)


# The quality assurance dashboard. Every figure comes from completed audits' final
# grades (the moderator's if moderated, else the auditor's), counted by the month the
# audit's sample was drawn for (the month audited), or from the records as they stand
# today (audits, actions and concerns open). A group of 1 to 4 is shown as "fewer than
# 5" to those without child-level access (``suppress_small``).

SMALL_GROUP = 5  # groups smaller than this (but not empty) are suppressed
FEWER_THAN = f"Fewer than {SMALL_GROUP}"


def _percent(part: int, whole: int) -> int:
    """A share in whole percent, rounded half up (2 of 3 is 67%)."""
    return (200 * part + whole) // (2 * whole)


def _suppressed(count: int, suppress_small: bool) -> bool:
    return suppress_small and 0 < count < SMALL_GROUP


@dataclass(frozen=True)
class Share:
    """How many of a group of completed audits were graded Good or better."""

    label: str
    good: int
    of: int
    suppressed: bool = False

    @property
    def percent(self) -> int | None:
        """Rounded half up; None for no audits or a suppressed group."""
        if self.of == 0 or self.suppressed:
            return None
        return _percent(self.good, self.of)

    @property
    def words(self) -> str:
        if self.of == 0:
            return "No completed audits"
        if self.suppressed:
            return f"{FEWER_THAN} audits"
        return f"{self.percent}% Good or better ({self.good} of {self.of})"


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    suppressed: bool = False

    @property
    def words(self) -> str:
        return FEWER_THAN if self.suppressed else str(self.value)


@dataclass(frozen=True)
class AgreementFigure:
    """How many moderated audits' grades the moderator agreed."""

    agreed: int
    of: int
    suppressed: bool = False

    @property
    def percent(self) -> int | None:
        if self.of == 0 or self.suppressed:
            return None
        return _percent(self.agreed, self.of)

    @property
    def words(self) -> str:
        if self.of == 0:
            return "No moderated audits"
        if self.suppressed:
            return f"{FEWER_THAN} moderated audits"
        return f"{self.percent}% agreed ({self.agreed} of {self.of})"


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    retired: bool
    counts: list[Figure]  # one a quarter, as Dashboard.quarters
    total: Figure


@dataclass(frozen=True)
class Bar:
    share: Share
    x: float
    y: float
    height: float
    label_x: float


@dataclass(frozen=True)
class Chart:
    """Share Good or better by month, 0 to 100%, a bar a month; a month with no audits,
    or too few to show, has no bar (the table says which)."""

    width: int
    height: int
    bar_width: float
    bars: list[Bar]
    gridlines: list[tuple[float, int]]  # y, percent
    baseline: float


CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_TOP, CHART_BOTTOM = 640, 260, 50, 20, 40


def chart_of(months: list[Share]) -> Chart | None:
    if not any(m.percent is not None for m in months):
        return None
    inner_w = CHART_WIDTH - CHART_LEFT - 10
    inner_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = inner_w / len(months)
    bar_width = slot * 0.6
    baseline = CHART_TOP + inner_h

    def y(percent: float) -> float:
        return round(CHART_TOP + inner_h * (1 - percent / 100), 1)

    bars = []
    for i, month in enumerate(months):
        left = CHART_LEFT + i * slot
        top = y(month.percent or 0)
        bars.append(Bar(month, round(left + (slot - bar_width) / 2, 1), top,
                        round(baseline - top, 1) if month.percent is not None else 0,
                        round(left + slot / 2, 1)))
    return Chart(CHART_WIDTH, CHART_HEIGHT, round(bar_width, 1), bars,
                 [(y(p), p) for p in (0, 25, 50, 75, 100)], baseline)


@dataclass(frozen=True)
class Dashboard:
    since: date
    until: date
    programme: Programme | None
    today: date
    overall: Share
    grades: list[Figure]  # how many of each final grade, best first
    by_month: list[Share]
    by_service: list[Share]
    by_theme: list[Share]
    agreement: AgreementFigure
    quarters: list[str]
    themes_by_quarter: list[ThemeRow]
    audits_due: Figure
    audits_overdue: Figure
    actions_open: Figure
    actions_overdue: Figure
    concerns_open: Figure
    chart: Chart | None = field(default=None, repr=False)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def months_between(since: date, until: date) -> list[date]:
    months, month = [], first_of_month(since)
    while month <= until:
        months.append(month)
        month = months_back(month, -1)
    return months


def quarter_of(month: date) -> tuple[int, int]:
    """The council's year (starting in April) and its quarter, 1 to 4."""
    year = month.year if month.month >= 4 else month.year - 1
    return year, (month.month - 4) % 12 // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    return f"{year_label(year)} Q{quarter}"


def _share(label: str, audits: list[Audit], suppress_small: bool) -> Share:
    good = sum(a.final_grade in GOOD_OR_BETTER for a in audits)
    return Share(label, good, len(audits), _suppressed(len(audits), suppress_small))


def _count(label: str, value: int, suppress_small: bool) -> Figure:
    return Figure(label, value, _suppressed(value, suppress_small))


def dashboard(since: date, until: date, programme: Programme | None = None, *,
              suppress_small: bool = False, today: date | None = None) -> Dashboard:
    """The quality assurance dashboard's figures for the months from ``since``'s to
    ``until``'s (by the month audited), for one programme or all; the open audits,
    actions and concerns as they stand ``today``."""
    today = today or timezone.localdate()
    months = months_between(since, until)
    audits = Audit.objects.all()
    if programme is not None:
        audits = audits.filter(sample__programme=programme)
    completed = list(
        audits.filter(status=Audit.Status.COMPLETED, sample__month__gte=months[0] if months
                      else since, sample__month__lte=until)
        .select_related("sample", "moderation").prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name"))))
    by_month = defaultdict(list)
    by_service = defaultdict(list)
    by_theme = defaultdict(list)
    theme_quarters = defaultdict(Counter)
    for audit in completed:
        by_month[audit.sample.month].append(audit)
        by_service[audit.service].append(audit)
        for theme in audit.themes.all():
            by_theme[theme].append(audit)
            theme_quarters[theme][quarter_of(audit.sample.month)] += 1
    quarters = list(dict.fromkeys(quarter_of(m) for m in months))
    month_shares = [_share(f"{m:%B %Y}", by_month[m], suppress_small) for m in months]
    themes = sorted(set(by_theme) | set(Theme.objects.filter(in_use=True)),
                    key=lambda t: t.name.lower())
    moderated = [a for a in completed if getattr(a, "moderation", None) is not None]
    agreed = sum(a.moderation.agreed for a in moderated)
    grades = Counter(a.final_grade for a in completed)
    still_open = audits.filter(status__in=[Audit.Status.ASSIGNED, Audit.Status.IN_PROGRESS])
    actions = ChildAction.objects.filter(status=ChildAction.Status.OPEN)
    concerns = SafeguardingConcern.objects.filter(acknowledged_at__isnull=True)
    if programme is not None:
        actions = actions.filter(audit__sample__programme=programme)
        concerns = concerns.filter(audit__sample__programme=programme)
    return Dashboard(
        since=months[0] if months else since, until=until, programme=programme, today=today,
        overall=_share("All completed audits", completed, suppress_small),
        grades=_grade_counts(grades, suppress_small),
        by_month=month_shares,
        by_service=[_share(label, by_service[value], suppress_small)
                    for value, label in Service.choices],
        by_theme=[_share(t.name, by_theme[t], suppress_small) for t in themes],
        agreement=AgreementFigure(agreed, len(moderated), _suppressed(len(moderated),
                                                                suppress_small)),
        quarters=[quarter_label(*q) for q in quarters],
        themes_by_quarter=[ThemeRow(
            t.name, not t.in_use,
            _complemented([_count(quarter_label(*q), theme_quarters[t][q], suppress_small)
                           for q in quarters]),
            _count("Total", len(by_theme[t]), suppress_small)) for t in themes],
        audits_due=_count("Audits due", still_open.filter(due__gte=today).count(),
                          suppress_small),
        audits_overdue=_count("Audits overdue", still_open.filter(due__lt=today).count(),
                              suppress_small),
        actions_open=_count("Actions for children open", actions.count(), suppress_small),
        actions_overdue=_count("Actions for children overdue",
                               actions.filter(due__lt=today).count(), suppress_small),
        concerns_open=_count("Safeguarding concerns open", concerns.count(), suppress_small),
        chart=chart_of(month_shares))


def _complemented(counts: list[Figure]) -> list[Figure]:
    """Counts that add up to a total shown elsewhere: one hidden count alone could be
    worked out by subtraction, so the smallest count shown (a zero too) is hidden with it."""
    if sum(count.suppressed for count in counts) != 1:
        return counts
    shown = [count for count in counts if not count.suppressed]
    if not shown:
        return counts
    second = min(shown, key=lambda count: count.value)
    return [replace(count, suppressed=True) if count is second else count for count in counts]


def _grade_counts(grades: Counter, suppress_small: bool) -> list[Figure]:
    """How many of each grade, best first. They add up to the completed audits, and the
    best two to those Good or better, both shown: each of those sums is complemented."""
    counts = [_count(grade.label, grades[grade], suppress_small) for grade in Grade]
    good, lower = _complemented(counts[:2]), _complemented(counts[2:])
    return _complemented(good + lower)


PERIODS = {"6": "The last 6 months", "12": "The last 12 months"}


def period_of(choice: str, today: date | None = None) -> tuple[date, date]:
    """The dashboard's period: this month and the 5 (or 11) before it."""
    today = today or timezone.localdate()
    months = int(choice) if choice in PERIODS else 12
    return months_back(today, months - 1), today


def themes_with_counts() -> list[Theme]:
    """Every theme, in use first, with how many audits are tagged with it."""
    found = list(Theme.objects.annotate(tagged=Count("audits")).order_by("-in_use", "name"))
    return found


def any_illustrative(programme: Programme | None = None) -> bool:
    """Whether the dashboard counts illustrative audits (the demo's), to say so."""
    audits = Audit.objects.filter(illustrative=True)
    if programme is not None:
        audits = audits.filter(sample__programme=programme)
    return audits.exists()
