"""A report turned into its document (blocks.py) and its files.

A draft's document is gathered afresh each time it is read, from the records as they
are; an issued report's comes from its snapshot, and its files were written once, when
it was issued, and are kept.
"""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from smeaton.web.plan.models import Plan
from smeaton.web.plan.queries import current_plan, plan_in_force
from smeaton.web.reports import blocks, sections
from smeaton.web.reports.blocks import Document, Paragraph, Section
from smeaton.web.reports.writers import excel, pdf, word
from smeaton.years import year_label, year_of

WRITERS = {"docx": word.write, "pdf": pdf.write, "xlsx": excel.write}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def period_start(ends: date, months: int) -> date:
    return ends + relativedelta(days=1) - relativedelta(months=months)


# The months a report's period may end in, by how many months it covers: quarters of the
# council's year (April to March), its halves, and the year itself.
PERIOD_ENDS = {3: (6, 9, 12, 3), 6: (9, 3), 12: (3,)}
MONTHS = {3: "June, September, December or March", 6: "September or March", 12: "March"}


def period_problem(ends: date, months: int) -> str | None:
    """Why a period ending on this day cannot be one a report of this kind covers."""
    if ends.month not in PERIOD_ENDS.get(months, range(1, 13)):
        kind = {3: "A quarter", 6: "Half a year", 12: "A year"}[months]
        return (f"{kind} of the council's year ends on the last day of {MONTHS[months]}: "
                f"choose the last day of the period the report covers")
    return None


def period_label(starts: date, ends: date) -> str:
    """"Quarter 2, 2025/26 (July to September 2025)", as councils name their periods."""
    months = f"{starts:%B %Y} to {ends:%B %Y}" if starts.year != ends.year else \
        f"{starts:%B} to {ends:%B %Y}"
    span = (ends.year - starts.year) * 12 + ends.month - starts.month + 1
    year = year_label(year_of(ends))
    if span == 3:
        quarter = (ends.month - 4) % 12 // 3 + 1
        return f"Quarter {quarter}, {year} ({months})"
    if span == 6:
        half = "First" if ends.month == 9 else "Second"
        return f"{half} half of {year} ({months})"
    if span == 12:
        return f"The year {year} ({months})"
    return months


def default_title(report_type, ends: date) -> str:
    return f"{report_type.name}: {period_label(period_start(ends, report_type.covers), ends)}"


def scope(report, as_at: date) -> sections.Scope:
    return sections.Scope(
        plan=_plan_of(report), starts=report.starts, ends=report.ends, as_at=as_at,
        purpose=report.purpose, recommendations=report.recommendation_list,
        priority=report.priority, board=report.report_type.board,
        previous=previous_facts(report),
        for_publication=report.audience == report.Audience.PUBLICATION)


def _plan_of(report) -> Plan:
    """A deep dive's priority's plan; else the plan in force at the period's end."""
    if report.priority is not None:
        return report.priority.plan
    return plan_in_force(report.ends) or current_plan()


def previous_facts(report) -> dict | None:
    """What the board's last issued report of this kind said, to say what has changed."""
    earlier = (type(report).objects.filter(report_type=report.report_type,
                                           state=report.State.ISSUED, ends__lt=report.ends)
               .exclude(pk=report.pk).order_by("-ends", "-pk").first())
    return (earlier.snapshot or {}).get("facts") if earlier else None


def gather(report, as_at: date | None = None, issued_at: datetime | None = None) -> Document:
    """The report's document, from the records as they are now."""
    as_at = as_at or timezone.localdate()
    in_scope = scope(report, as_at)
    chosen = [sections.BY_KEY[key] for key in report.report_type.sections
              if key in sections.BY_KEY]
    return Document(
        title=report.title, board=str(report.report_type.board),
        period=period_label(report.starts, report.ends), council=settings.COUNCIL.name,
        as_at=as_at.isoformat(), audience=report.get_audience_display(),
        status=(f"Issued on {timezone.localtime(issued_at):%-d %B %Y}" if issued_at
                else "Draft: not yet issued, and its figures may change"),
        illustrative=report.illustrative,
        sections=[_section(kind, in_scope) for kind in chosen],
        facts=sections.facts(in_scope))


def _section(kind: sections.SectionKind, in_scope: sections.Scope) -> Section:
    if in_scope.for_publication and kind.restricted:
        return Section(kind.key, kind.title, [Paragraph(
            "Left out of this report, which is for publication: this section is for the "
            "board's restricted papers.")])
    return Section(kind.key, kind.title, kind.gather(in_scope))


def document_of(report) -> Document:
    """What a reader sees: an issued report as it was issued; a draft as it is now."""
    if report.is_issued:
        return blocks.load(report.snapshot)
    return gather(report)


def store(document: Document) -> dict:
    return blocks.dump(document)


def write(document: Document, kind: str, template=None) -> bytes:
    if kind == "docx":
        return word.write(document, bytes(template.content) if template else None)
    return WRITERS[kind](document)


def write_all(document: Document, template=None) -> dict[str, bytes]:
    return {kind: write(document, kind, template) for kind in WRITERS}


def file_name(report, kind: str) -> str:
    """A file name a person can recognise in their downloads: the report's title."""
    # "2026/27" keeps its meaning as "2026-27"; other punctuation gives way to spaces.
    title = report.title.replace("/", "-")
    words = "".join(c if c.isalnum() or c == "-" else " " for c in title).split()
    state = "" if report.is_issued else " (draft)"
    return f"{' '.join(words)[:120]}{state}.{kind}"
