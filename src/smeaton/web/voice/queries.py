"""What the voice pages (and the board reports) read. Changes live in services.py; these
never change a record. Survey figures for groups of fewer than 5 leave here suppressed:
no percentage, no count, no change and no comparison, only "fewer than 5 responded".
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone

from smeaton.web.forms import whole_number
from smeaton.web.plan.models import Milestone, Plan, Priority
from smeaton.web.plan.queries import plan_in_force, rate, year_work
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag
from smeaton.web.voice.models import (
    SMALLEST_GROUP_SHOWN,
    Feedback,
    PlainWords,
    Survey,
    SurveyResult,
    Theme,
    YoungPeoplesPage,
    YouSaidWeDid,
)

FEWER_THAN_5 = f"fewer than {SMALLEST_GROUP_SHOWN} responded"


# Feedback


def record_id(text: str | None) -> int | None:
    """A record's number from a filter in the address (``?priority=3``), or None for
    anything else, so a bad filter is ignored: not "²" (``isdigit`` but not ``int``),
    and none past what a database key holds."""
    number = whole_number(text)
    return number if number is not None and number < 2**31 else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class FeedbackFilters:
    kind: str = ""
    from_whom: str = ""
    theme: int | None = None
    priority: int | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> "FeedbackFilters":
        """The filters in the address; anything not understood is ignored."""
        kind = query.get("kind", "")
        from_whom = query.get("from", "")
        return cls(kind=kind if kind in Feedback.Kind.values else "",
                   from_whom=from_whom if from_whom in Feedback.From.values else "",
                   theme=record_id(query.get("theme")), priority=record_id(query.get("priority")),
                   since=_date(query.get("since")), until=_date(query.get("until")))

    @property
    def any(self) -> bool:
        return any((self.kind, self.from_whom, self.theme, self.priority, self.since,
                    self.until))


def feedback(filters: FeedbackFilters) -> QuerySet[Feedback]:
    records = Feedback.objects.prefetch_related("themes", "priorities")
    if filters.kind:
        records = records.filter(kind=filters.kind)
    if filters.from_whom:
        records = records.filter(from_whom=filters.from_whom)
    if filters.theme:
        records = records.filter(themes=filters.theme)
    if filters.priority:
        records = records.filter(priorities=filters.priority)
    if filters.since:
        records = records.filter(received_on__gte=filters.since)
    if filters.until:
        records = records.filter(received_on__lte=filters.until)
    return records.distinct()


def plan_priorities() -> QuerySet[Priority]:
    plan = plan_in_force()
    return Priority.objects.filter(plan=plan) if plan else Priority.objects.none()


def feedback_filter_choices() -> dict:
    return {"kinds": Feedback.Kind.choices, "froms": Feedback.From.choices,
            "themes": Theme.objects.all(), "priorities": plan_priorities()}


# Surveys


@dataclass(frozen=True)
class ResultRow:
    """A survey figure as it may be shown: ``None`` wherever a group is too small."""

    question: str
    measure: str
    group: str
    suppressed: bool
    responding: int | None
    percentage: Decimal | None
    previous_period: str | None = None
    previous: Decimal | None = None  # the last survey's figure, if shown
    previous_suppressed: bool = False
    comparison: Decimal | None = None
    comparison_name: str = ""

    @property
    def change(self) -> Decimal | None:
        """Percentage points since the last survey, for the same question, answer and
        group; None if either figure is not shown or there was none."""
        if self.suppressed or self.previous is None:
            return None
        return self.percentage - self.previous

    @property
    def against_comparison(self) -> Decimal | None:
        if self.suppressed or self.comparison is None:
            return None
        return self.percentage - self.comparison

    @property
    def shown(self) -> str:
        return FEWER_THAN_5 if self.suppressed else f"{self.percentage}%"


def points(difference: Decimal | None, *, none: str = "") -> str:
    """A difference in percentage points in words: "up 4.5 points", "no change"."""
    if difference is None:
        return none
    if difference == 0:
        return "no change"
    word = "up" if difference > 0 else "down"
    return f"{word} {abs(difference)} point{'s' if abs(difference) != 1 else ''}"


def change_in_words(row: ResultRow) -> str:
    if row.suppressed:
        return FEWER_THAN_5
    if row.previous_suppressed:
        return f"not shown: {FEWER_THAN_5} in {row.previous_period}"
    return points(row.change, none="no earlier figure")


def comparison_in_words(row: ResultRow) -> str:
    if row.suppressed:
        return FEWER_THAN_5
    if row.comparison is None:
        return "no comparison"
    difference = row.against_comparison
    if difference == 0:
        return f"the same as the {row.comparison_name} ({row.comparison}%)"
    word = "above" if difference > 0 else "below"
    return f"{abs(difference)} points {word} the {row.comparison_name} ({row.comparison}%)"


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    period: str | None
    previous_period: str | None
    periods: list[str]
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def questions(self) -> list[tuple[str, list[ResultRow]]]:
        """The rows by question, in the file's order."""
        grouped: dict[str, list[ResultRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.question, []).append(row)
        return list(grouped.items())

    @property
    def any_suppressed(self) -> bool:
        return any(row.suppressed for row in self.rows)


def periods_of(survey: Survey) -> list[str]:
    """The survey's periods, earliest first."""
    return sorted(set(survey.results.values_list("period", flat=True)))


def shown(result: SurveyResult, previous: SurveyResult | None, previous_period: str | None
          ) -> ResultRow:
    small = result.suppressed
    return ResultRow(
        question=result.question, measure=result.measure, group=result.group,
        suppressed=small, responding=None if small else result.responding,
        percentage=None if small else result.percentage,
        previous_period=previous_period if previous else None,
        previous=None if small or previous is None or previous.suppressed
        else previous.percentage,
        previous_suppressed=previous is not None and previous.suppressed,
        comparison=None if small else result.comparison,
        comparison_name="" if small else result.comparison_name)


def survey_results(survey: Survey, period: str | None = None) -> SurveyResults:
    """A period's results (the latest if none is given), each with the change since the
    survey's previous period for the same question, answer and group, and against its
    comparison figure: suppressed where fewer than 5 responded, then or now."""
    periods = periods_of(survey)
    if period not in periods:
        period = periods[-1] if periods else None
    if period is None:
        return SurveyResults(survey, None, None, periods)
    earlier = [p for p in periods if p < period]
    previous_period = earlier[-1] if earlier else None
    before = {(r.question, r.measure, r.group): r
              for r in survey.results.filter(period=previous_period)} if previous_period else {}
    rows = [shown(r, before.get((r.question, r.measure, r.group)), previous_period)
            for r in survey.results.filter(period=period).order_by("pk")]
    return SurveyResults(survey, period, previous_period, periods, rows)


def latest_survey_results(survey: Survey | None = None) -> SurveyResults | None:
    """For the board reports: the latest survey's results (the survey with the most
    recent period; or ``survey``'s latest), with change and comparison, suppressed.
    None if no survey has results."""
    if survey is None:
        latest = SurveyResult.objects.order_by("-period", "-imported__imported_at").first()
        if latest is None:
            return None
        survey = latest.survey
    results = survey_results(survey)
    return results if results.period else None


def surveys() -> list[dict]:
    return [{"survey": s, "periods": periods_of(s)} for s in Survey.objects.all()]


# You said, we did


@dataclass(frozen=True)
class Entry:
    """A "you said, we did" entry as the reports show it."""

    pk: int
    you_said: str
    we_did: str
    done_by: str
    done_on: date
    priorities: list[str]
    milestones: list[str]
    for_young_people: bool
    illustrative: bool


ENTRY_LINKS = ("priorities", Prefetch("milestones", Milestone.objects.select_related(
    "priority")), "feedback")


def you_said_we_did(priority: int | None = None) -> QuerySet[YouSaidWeDid]:
    """The log, newest first, or a priority's part of it."""
    entries = YouSaidWeDid.objects.prefetch_related(*ENTRY_LINKS)
    if priority:
        entries = entries.filter(priorities=priority).distinct()
    return entries


def you_said_for(priority: Priority, count: int = 5) -> list[YouSaidWeDid]:
    return list(you_said_we_did(priority.pk)[:count])


def you_said_we_did_between(start: date, end: date) -> list[Entry]:
    """For the board reports: the entries done from ``start`` to ``end`` (both included),
    newest first, as plain records."""
    entries = you_said_we_did().filter(done_on__gte=start, done_on__lte=end)
    return [Entry(pk=e.pk, you_said=e.you_said, we_did=e.we_did, done_by=e.done_by,
                  done_on=e.done_on, priorities=[str(p) for p in e.priorities.all()],
                  milestones=[m.title for m in e.milestones.all()],
                  for_young_people=e.for_young_people, illustrative=e.illustrative)
            for e in entries]


# The young people's page

ON_TRACK, SOME_PROBLEMS, OFF_TRACK, DONE = "on track", "some problems", "off track", "done"
PROGRESS_TAGS = {ON_TRACK: "govuk-tag--green", SOME_PROBLEMS: "govuk-tag--yellow",
                 OFF_TRACK: "govuk-tag--red", DONE: "govuk-tag--blue"}


def progress_in_words(all_complete: bool, rags: list[Rag]) -> str:
    """A priority's progress for young people, from its milestones' RAG: "done" once
    every milestone is complete; else "off track" if any of this year's work is red,
    "some problems" if any is amber, and "on track" otherwise."""
    if all_complete:
        return DONE
    if Rag.RED in rags:
        return OFF_TRACK
    if Rag.AMBER in rags:
        return SOME_PROBLEMS
    return ON_TRACK


@dataclass(frozen=True)
class PriorityForYoungPeople:
    words: PlainWords
    progress: str
    done: int  # this year's work done
    planned: int  # this year's work
    entries: list[YouSaidWeDid]

    @property
    def tag_class(self) -> str:
        return PROGRESS_TAGS[self.progress]


@dataclass(frozen=True)
class YoungPeoplesView:
    page: YoungPeoplesPage
    plan: Plan | None
    priorities: list[PriorityForYoungPeople]
    # Entries marked for the page that are about none of the priorities shown.
    other_entries: list[YouSaidWeDid] = field(default_factory=list)


def young_peoples_view(today: date | None = None) -> YoungPeoplesView:
    """The plan's priorities that have plain words, each with its progress in words and
    what was done because of what children and young people said (the entries marked for
    the page). Nothing about any person."""
    page = YoungPeoplesPage.the_page()
    plan = plan_in_force(today)
    if plan is None:
        return YoungPeoplesView(page, None, [])
    today = today or timezone.localdate()
    year = plan.current_year()
    work = rate(year_work(plan, year), today=today, year=year)
    words = PlainWords.objects.filter(priority__plan=plan).select_related("priority")
    marked = list(YouSaidWeDid.objects.filter(for_young_people=True)
                  .prefetch_related("priorities"))
    shown = []
    for w in words:
        mine = [m for m in work if m.priority_id == w.priority_id]
        progresses = list(Milestone.objects.filter(priority=w.priority)
                          .values_list("progress", flat=True))
        all_complete = bool(progresses) and all(p == Progress.COMPLETE for p in progresses)
        shown.append(PriorityForYoungPeople(
            words=w, progress=progress_in_words(all_complete, [m.rag for m in mine]),
            done=sum(m.rag == Rag.COMPLETE for m in mine), planned=len(mine),
            entries=[e for e in marked if w.priority_id in {p.pk for p in e.priorities.all()}]))
    placed = {e.pk for item in shown for e in item.entries}
    return YoungPeoplesView(page, plan, shown, [e for e in marked if e.pk not in placed])


def plain_words_by_priority() -> list[tuple[Priority, PlainWords | None]]:
    """The plan's priorities, each with its plain words or None."""
    words = {w.priority_id: w for w in PlainWords.objects.all()}
    return [(p, words.get(p.pk)) for p in plan_priorities()]
