"""The sections a report may hold, declared once: each gathers its blocks (blocks.py)
from the live records for the report's scope.

A report type chooses and orders these by key (models.ReportType). A section reads the
records as they stand on the day the report is written (``Scope.as_at``); an issued
report keeps what they gathered, so later changes never reach it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from smeaton.web.boards import queries as boards
from smeaton.web.boards.models import Board
from smeaton.web.performance import extensions as performance_notes
from smeaton.web.performance import scorecard
from smeaton.web.performance.models import Area
from smeaton.web.plan.models import MilestoneUpdate, Plan, Priority, RagSettings
from smeaton.web.plan.queries import RAG_ORDER, Rated, rate, year_work
from smeaton.web.rag import Rag
from smeaton.web.rag import words as rag_words
from smeaton.web.reports.blocks import Bar, BulletList, Cell, Chart, Heading, Paragraph, Table
from smeaton.web.risks import queries as risks
from smeaton.web.voice import queries as voice
from smeaton.years import year_label

# Print-safe colours for RAG in charts (GOV.UK's): the words are always in the table.
RAG_COLOURS = {Rag.RED: "#d4351c", Rag.AMBER: "#ffdd00", Rag.GREEN: "#00703c",
               Rag.NOT_STARTED: "#b1b4b6", Rag.COMPLETE: "#1d70b8"}


@dataclass(frozen=True)
class Scope:
    """What a report is about: a plan over a period, read on a day."""

    plan: Plan
    starts: date
    ends: date  # the period's last day
    as_at: date  # the day the records are read
    purpose: str = ""
    recommendations: list[str] = field(default_factory=list)
    priority: Priority | None = None  # a deep dive's one priority
    board: Board | None = None  # the board it goes to: its action log
    previous: dict | None = None  # the facts of the board's last issued report
    for_publication: bool = False

    @property
    def year(self) -> int:
        """The plan year the period ends in, kept within the plan's years."""
        return self.plan.current_year(self.ends)

    @property
    def priorities(self) -> list[Priority]:
        if self.priority is not None:
            return [self.priority]
        return list(self.plan.priorities.select_related("lead"))


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str
    description: str  # for the administrator choosing a report type's sections
    gather: Callable[[Scope], list]
    # Left out of a report for publication: for the board's restricted papers only.
    restricted: bool = False


# What the records said, kept with an issued report so the next one can say what changed.

def facts(scope: Scope) -> dict:
    return {
        "milestones": {str(m.pk): m.rag for m in _milestones(scope)},
        "indicators": {row.indicator.slug: row.rag for row in _scorecard(scope)
                       if row.definition.has_target},
        "risks": {r.reference: r.current.value for r in _risks(scope)},
    }


def _milestones(scope: Scope) -> list[Rated]:
    milestones = year_work(scope.plan, scope.year).select_related("priority", "owner")
    if scope.priority is not None:
        milestones = milestones.filter(priority=scope.priority)
    return rate(milestones.order_by("priority__number", "due", "pk"), today=scope.as_at,
                policy=RagSettings.policy(), year=scope.year)


def _scorecard(scope: Scope) -> list[scorecard.Row]:
    try:
        comparators = scorecard.Comparators.of()
    except Area.DoesNotExist:  # no published figures loaded yet
        return []
    if scope.priority is not None:
        return scorecard.build(scope.priority.indicators.all(), comparators)
    return scorecard.build(comparators=comparators)


def _day(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _rag_cell(rag: str | None) -> Cell:
    return Cell(rag_words(rag), rag=rag or "")


def _figure(value, definition) -> Cell:
    """A figure in words as the scorecard writes it, with its number for a spreadsheet."""
    text = scorecard.number(value, definition) if value is not None else "Not available"
    if value is None:
        return Cell(text)
    percent = str(definition.unit) == "%"
    return Cell(text, float(value) / 100 if percent else float(value),
                "percent" if percent else "number", decimals=definition.decimals)


def _count_cell(count: int) -> Cell:
    return Cell(str(count), float(count), "number")


# The sections.

def cover(scope: Scope) -> list:
    blocks: list = [Paragraph(scope.purpose or "To report progress against the plan.",
                              lead="Purpose:")]
    if scope.recommendations:
        blocks += [Heading("Recommendations"),
                   BulletList(list(scope.recommendations), numbered=True)]
    return blocks


def summary(scope: Scope) -> list:
    milestones = _milestones(scope)
    counted = Counter(m.rag for m in milestones)
    rows = _scorecard(scope)
    rated = Counter(row.rag for row in rows if row.definition.has_target)
    return [
        Paragraph(f"{len(milestones)} milestones for {year_label(scope.year)} and "
                  f"{sum(rated.values())} indicators with targets, as at {_day(scope.as_at)}."),
        Table("Milestones and indicators at each RAG", ["RAG", "Milestones", "Indicators"],
              [[_rag_cell(rag), _count_cell(counted[rag]), _count_cell(rated[rag])]
               for rag in RAG_ORDER] + [[Cell(rag_words(None)), _count_cell(0),
                                         _count_cell(rated[None])]],
              sheet="Summary"),
        _milestones_chart(scope, milestones),
        Heading("What has changed since the last report"),
        *_changes(scope, milestones, rows),
    ]


def _milestones_chart(scope: Scope, milestones: list[Rated]) -> Chart:
    by_priority = {p.pk: Counter() for p in scope.priorities}
    for m in milestones:
        by_priority.setdefault(m.priority_id, Counter())[m.rag] += 1
    bars = [Bar(f"{p.number}. {p.title}", [float(by_priority[p.pk][rag]) for rag in RAG_ORDER])
            for p in scope.priorities]
    worst = max(scope.priorities, key=lambda p: by_priority[p.pk][Rag.RED], default=None)
    alt = (f"A bar for each priority, divided by the RAG of its {len(milestones)} milestones "
           f"for {year_label(scope.year)}.")
    if worst is not None and by_priority[worst.pk][Rag.RED]:
        alt += (f" Priority {worst.number} has the most at red "
                f"({by_priority[worst.pk][Rag.RED]}).")
    return Chart(f"Milestones by priority and RAG, {year_label(scope.year)}", alt,
                 [rag.label for rag in RAG_ORDER], [RAG_COLOURS[rag] for rag in RAG_ORDER], bars)


def _changes(scope: Scope, milestones: list[Rated], rows) -> list:
    if not scope.previous:
        return [Paragraph("This is the first report of its kind for this board: there is "
                          "no earlier one to compare with.")]
    before = scope.previous.get("milestones", {})
    lines = [f"{m.title} (priority {m.priority.number}): {rag_words(before[str(m.pk)])} "
             f"to {rag_words(m.rag)}"
             for m in milestones if str(m.pk) in before and before[str(m.pk)] != m.rag]
    new = sum(str(m.pk) not in before for m in milestones)
    earlier = scope.previous.get("indicators", {})
    lines += [f"{row.definition.title}: {rag_words(earlier[row.indicator.slug])} to "
              f"{rag_words(row.rag)}"
              for row in rows if row.indicator.slug in earlier
              and earlier[row.indicator.slug] != row.rag and row.definition.has_target]
    blocks: list = [BulletList(lines) if lines else
                    Paragraph("No milestone or indicator has changed RAG.")]
    if new:
        blocks.append(Paragraph(f"{new} milestones are new since the last report."))
    return blocks


def progress(scope: Scope) -> list:
    milestones = _milestones(scope)
    latest = _latest_updates(scope, milestones)
    blocks: list = []
    for priority in scope.priorities:
        own = [m for m in milestones if m.priority_id == priority.pk]
        blocks += [
            Heading(f"Priority {priority.number}: {priority.title}"),
            Paragraph(str(priority.lead) if priority.lead else "No lead named", lead="Lead:"),
            Table(f"Priority {priority.number}'s milestones for {year_label(scope.year)}",
                  ["Milestone", "Owner", "Due", "RAG", "Latest update"],
                  [[m.title, str(m.owner), _day(m.due), _rag_cell(m.rag),
                    latest.get(m.pk, "No update yet")] for m in own],
                  sheet="Milestones", empty="No milestones this year."),
        ]
        done = [m.title for m in own if m.rag == Rag.COMPLETE
                and m.last_update_at and scope.starts <= m.last_update_at.date() <= scope.ends]
        if done:
            blocks += [Paragraph("", lead="Achievements in the period:"), BulletList(done)]
    return blocks


def _latest_updates(scope: Scope, milestones: list[Rated]) -> dict[int, str]:
    """Each milestone's latest update on or before the day the report is written, with
    its date: the position the board is told of."""
    updates = (MilestoneUpdate.objects
               .filter(milestone__in=[m.pk for m in milestones],
                       posted_at__date__lte=scope.as_at)
               .order_by("milestone_id", "-posted_at", "-pk"))
    latest: dict[int, str] = {}
    for update in updates:
        posted = timezone.localtime(update.posted_at).date()
        latest.setdefault(update.milestone_id, f"{_day(posted)}: {update.commentary}")
    return latest


SCORECARD_COLUMNS = ["Indicator", "Better", "Period", "Latest", "Previous", "Target", "RAG",
                     "Direction of travel", "England", "Region", "Statistical neighbours"]


def scorecard_section(scope: Scope) -> list:
    rows = _scorecard(scope)
    if not rows:
        return [Paragraph("No published figures have been loaded yet.")]
    council = rows[0].comparators.council
    shown = [row for row in rows if row.value(council, row.latest_year) is not None]
    waiting = [row.definition.title for row in rows if row not in shown]
    notes = performance_notes.notes_for(row.indicator for row in shown)
    blocks: list = [Table("The scorecard: the council's latest figures against its targets, "
                          "England, the region and statistical neighbours",
                          SCORECARD_COLUMNS, [_scorecard_row(row) for row in shown],
                          sheet="Scorecard"),
                    Paragraph(f"Statistical neighbours: the average of the council's "
                              f"neighbours in DfE's {rows[0].comparators.model} model. "
                              "Contains public sector information licensed under the Open "
                              "Government Licence v3.0.")]
    if waiting:
        blocks.append(Paragraph("; ".join(waiting) + ".",
                                lead="No figure for the council yet:"))
    signed = [(row, notes[row.indicator.pk]) for row in shown if row.indicator.pk in notes]
    if signed:
        blocks.append(Heading("Signed-off commentary"))
        for row, note in signed:
            blocks += [Heading(row.definition.title, level=4),
                       Paragraph(note.shows, lead="What the figure shows:"),
                       Paragraph(note.why, lead="Why:"),
                       Paragraph(note.action, lead="What is being done:"),
                       Paragraph(f"Signed off by {note.signed_off_by} on "
                                 f"{_day(note.signed_off_on)} ({note.period}).")]
    return blocks


def _scorecard_row(row: scorecard.Row) -> list[Cell]:
    definition, comparators, year = row.definition, row.comparators, row.latest_year
    target = row.target
    return [
        Cell(definition.title),
        Cell(definition.better if definition.has_target else "Neither (context)"),
        Cell(row.label(year)),
        _figure(row.value(comparators.council, year), definition),
        _figure(row.value(comparators.council, row.previous_year), definition),
        _figure(target.value, definition) if target else Cell("No target"),
        _rag_cell(row.rag) if definition.has_target else Cell("Context"),
        Cell(scorecard.direction_words(row.direction)),
        _figure(row.value(comparators.england, year), definition),
        _figure(row.value(comparators.region, year), definition),
        _figure(row.neighbours_average().value, definition),
    ]


def exceptions(scope: Scope) -> list:
    """Indicators at red or worsening, and milestones at red, with what is being done."""
    rows = [row for row in _scorecard(scope) if row.definition.has_target
            and (row.rag == Rag.RED or scorecard.direction_words(row.direction) == "Worsening")]
    notes = performance_notes.notes_for(row.indicator for row in rows)
    red = [m for m in _milestones(scope) if m.rag == Rag.RED]
    latest = _latest_updates(scope, red)
    return [
        Table("Indicators at red or worsening", ["Indicator", "Latest", "RAG",
                                                 "Direction of travel", "Corrective action"],
              [[row.definition.title,
                _figure(row.value(row.comparators.council, row.latest_year), row.definition),
                _rag_cell(row.rag), scorecard.direction_words(row.direction),
                notes[row.indicator.pk].action if row.indicator.pk in notes
                else "No signed-off commentary yet"] for row in rows],
              sheet="Exceptions", empty="No indicator is at red or worsening."),
        Table("Milestones at red", ["Milestone", "Priority", "Owner", "Due",
                                    "Corrective action (the latest update)"],
              [[m.title, str(m.priority.number), str(m.owner), _day(m.due),
                latest.get(m.pk, "No update yet")] for m in red],
              sheet="Exceptions", empty="No milestone is at red."),
    ]


def _risks(scope: Scope) -> list[risks.RatedRisk]:
    """The open risks, the highest current score first; a deep dive's, to its priority."""
    filters = risks.Filters(priority=scope.priority.pk if scope.priority else None)
    return risks.register(filters, today=scope.as_at)  # open risks: the filters' default


def _score_cell(score) -> Cell:
    return Cell(f"{score.value} {score.band_name} ({score.likelihood} × {score.impact})",
                float(score.value), "number")


def risk_summary(scope: Scope) -> list:
    """The open risks by band; those in the highest band with their mitigations; and the
    risks whose score has moved since the last report."""
    rated = _risks(scope)
    on = risks.matrix()
    counts = risks.band_counts(rated, on)
    top = counts[0][0] if counts else None
    highest = [r for r in rated if top and r.current.band == top]
    return [
        Paragraph(f"{len(rated)} open risks on the register as at {_day(scope.as_at)}, "
                  f"{sum(r.outside_appetite for r in rated)} of them outside the council's "
                  "appetite."),
        Table("Open risks in each band, by their current score", ["Band", "Risks"],
              [[f"{band.name} ({band.lowest} to {band.highest})", _count_cell(count)]
               for band, count in counts], sheet="Risks"),
        Table(f"Risks in the {top.name.lower() if top else 'highest'} band", [
            "Risk", "Owner", "Current score (likelihood × impact)", "Direction of travel",
            "Target score", "Response", "Further actions"],
            [[f"{r.reference}: {r.title}", str(r.owner), _score_cell(r.current),
              r.direction.word, _score_cell(r.target), r.get_response_display(),
              _mitigations(r)]
             for r in highest], sheet="Risks", empty="No open risk is in the highest band."),
        *_score_changes(scope, rated),
    ]


def _mitigations(risk) -> str:
    actions = [a for a in risk.actions.all() if a.progress != "complete"]
    return "; ".join(f"{a.title} (due {_day(a.due)})" for a in actions) or "None open"


def _score_changes(scope: Scope, rated) -> list:
    before = (scope.previous or {}).get("risks")
    if before is None:
        return []
    moved = [f"{r.reference} {r.title}: {before[r.reference]} to {r.current.value}"
             for r in rated if r.reference in before and before[r.reference] != r.current.value]
    new = [f"{r.reference} {r.title} (new, {r.current.value})" for r in rated
           if r.reference not in before]
    return [Heading("Scores changed since the last report"),
            BulletList(moved + new) if moved or new else
            Paragraph("No open risk's score has changed.")]


def action_log(scope: Scope) -> list:
    """The board's own actions: those open, the overdue first, and those completed in
    the period."""
    if scope.board is None:
        return [Paragraph("This report goes to no board, so has no action log.")]
    actions = boards.action_log(scope.board, show="all", today=scope.as_at)
    open_ = sorted([a for a in actions if a.progress != "complete"],
                   key=lambda a: (not a.is_overdue, a.due))
    done = [a for a in actions if a.progress == "complete" and a.last_update_at
            and scope.starts <= timezone.localtime(a.last_update_at).date() <= scope.ends]
    columns = ["Number", "Action", "Owner", "Due", "Progress reported", "RAG"]
    return [
        Paragraph(f"{len(open_)} actions open, {sum(a.is_overdue for a in open_)} of them "
                  f"overdue, as at {_day(scope.as_at)}."),
        Table(f"{scope.board.action_log_name}: open actions", columns,
              [[str(a.number), a.description, str(a.owner),
                _day(a.due) + (" (overdue)" if a.is_overdue else ""),
                a.get_progress_display(), _rag_cell(a.rag)]
               for a in open_], sheet="Actions", empty="No action is open."),
        Table(f"{scope.board.action_log_name}: completed in the period", columns,
              [[str(a.number), a.description, str(a.owner), _day(a.due),
                a.get_progress_display(), _rag_cell(a.rag)]
               for a in done], sheet="Actions", empty="None completed in the period."),
    ]


# The voice of children and families: what they said in surveys, and what changed.

def voice_of_children(scope: Scope) -> list:
    results = voice.latest_survey_results()
    entries = voice.you_said_we_did_between(scope.starts, scope.ends)
    blocks: list = [Heading("What children and young people told us")]
    if results is None:
        blocks.append(Paragraph("No survey results have been recorded yet."))
    else:
        blocks += [
            Paragraph(f"{results.survey}, {results.period}"
                      + (f", compared with {results.previous_period}"
                         if results.previous_period else "") + ". Where fewer than 5 "
                      "answered, the figure is not shown."),
            Table(f"{results.survey}: results for {results.period}",
                  ["Question", "Answer", "Group", "Result", "Change since the last survey",
                   "Compared with"],
                  [[row.question, row.measure, row.group, row.shown,
                    voice.change_in_words(row), voice.comparison_in_words(row)]
                   for row in results.rows], sheet="Voice"),
        ]
    blocks += [
        Heading("You said, we did"),
        Table(f"What changed because of what children and families said, {_day(scope.starts)} "
              f"to {_day(scope.ends)}", ["You said", "We did", "By", "When", "Priorities"],
              [[entry.you_said, entry.we_did, entry.done_by, _day(entry.done_on),
                "; ".join(entry.priorities)] for entry in entries],
              sheet="Voice", empty="Nothing was recorded as done in the period."),
    ]
    return blocks


SECTIONS: tuple[SectionKind, ...] = (
    SectionKind("cover", "Purpose and recommendations",
                "The report's purpose and the recommendations to the board.", cover),
    SectionKind("summary", "Summary",
                "Milestones and indicators at each RAG, by priority, and what has changed "
                "since the board's last report.", summary),
    SectionKind("progress", "Progress by priority",
                "Each priority's milestones with their RAG, the period's updates and "
                "achievements.", progress),
    SectionKind("scorecard", "Performance scorecard",
                "Indicators against targets, England, the region and statistical "
                "neighbours, with direction of travel and signed-off commentary.",
                scorecard_section),
    SectionKind("exceptions", "Exceptions",
                "Indicators at red or worsening and milestones at red, with corrective "
                "actions.", exceptions),
    SectionKind("risks", "Risks",
                "Open risks by band, those in the highest band with their scores, direction "
                "of travel and mitigations, and scores changed since the last report.",
                risk_summary),
    SectionKind("actions", "The board's action log",
                "The board's open actions, the overdue first, and those completed in the "
                "period.", action_log),
    SectionKind("voice", "The voice of children and families",
                "The latest survey's results, with the change since the last survey and "
                "comparison figures (fewer than 5 not shown), and what was done in the "
                "period because of what children and families said.", voice_of_children),
)
BY_KEY = {section.key: section for section in SECTIONS}
