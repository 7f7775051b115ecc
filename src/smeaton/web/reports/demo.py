"""Illustrative reports: the kinds of report each demo board receives, the Improvement
Board's quarterly report for the last quarter, issued (and so frozen) for its next
meeting, a draft of the next quarter's, and a Scrutiny Panel report issued for
publication."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smeaton.web.audit.models import attribute
from smeaton.web.boards.models import Board
from smeaton.web.commentary.periods import Kind, Period
from smeaton.web.reports import services
from smeaton.web.reports.models import Report, ReportType

EVERYTHING = ["cover", "summary", "progress", "scorecard", "exceptions", "voice", "risks",
              "actions"]
# name, board, months covered, sections, deep dive?, purpose
REPORT_TYPES = [
    ("Improvement Board quarterly report", "Improvement Board", 3, EVERYTHING, False,
     "To update the Improvement Board on progress against the plan's priorities in the "
     "quarter, the performance scorecard and the exceptions needing its challenge."),
    ("Scrutiny Panel six-monthly report", "Children and Young People Scrutiny Panel", 6,
     ["cover", "summary", "scorecard", "exceptions", "voice", "actions"], False,
     "To give the Scrutiny Panel, and the young people who question officers with it, the "
     "plan's progress over six months and what is being done where it is off track."),
    ("Cabinet annual review", "Cabinet", 12, EVERYTHING, False,
     "To report the year's progress against the plan agreed by Cabinet, and to agree the "
     "next year's milestones."),
    ("Priority deep dive", "Improvement Board", 3, ["cover", "progress", "scorecard", "risks"],
     True,
     "To look in depth at one priority: its milestones, its measures and what is being "
     "done."),
]
RECOMMENDATIONS = ("Note the progress made in the quarter.\n"
                   "Challenge the exceptions, and agree the corrective actions proposed.\n"
                   "Note the performance scorecard and the signed-off commentary.")


def last_quarter_end(today: date) -> date:
    """The last day of the latest quarter of the council's year to have ended."""
    return Period.containing(today, Kind.QUARTER).start - timedelta(days=1)


@transaction.atomic
def load(today: date | None = None) -> None:
    """The kinds of report and the illustrative reports; nothing new if they are there."""
    if Report.objects.filter(illustrative=True).exists():
        return
    today = today or timezone.localdate()
    people = {u.username: u for u in get_user_model().objects.filter(
        username__in=["demo-admin", "demo-leader"])}
    kinds = report_types(people["demo-admin"])
    leader = people["demo-leader"]
    ended = last_quarter_end(today)
    quarterly = kinds["Improvement Board quarterly report"]
    # Issued now, from the records as they are now, for the board's next meeting: a report
    # back-dated would hold what happened after its date.
    issued = services.draft(quarterly, leader, ends=ended, recommendations=RECOMMENDATIONS,
                            illustrative=True, meeting=_meeting_after(quarterly.board, today))
    services.issue(issued, leader)
    services.draft(quarterly, leader, ends=ended + relativedelta(months=3, day=31),
                   recommendations=RECOMMENDATIONS, illustrative=True)
    scrutiny = kinds["Scrutiny Panel six-monthly report"]
    half = ended if ended.month in (9, 3) else ended - relativedelta(months=3, day=31)
    public = services.draft(scrutiny, leader, ends=half, audience=Report.Audience.PUBLICATION,
                            recommendations="Note the progress made.\nAsk officers about the "
                            "exceptions.", illustrative=True,
                            meeting=_meeting_after(scrutiny.board, today))
    services.issue(public, leader)


def report_types(office) -> dict[str, ReportType]:
    boards = {board.name: board for board in Board.objects.all()}
    kinds = {}
    for name, board, months, sections, deep_dive, purpose in REPORT_TYPES:
        if board not in boards:
            continue
        kind = ReportType.objects.filter(name=name).first()
        if kind is None:
            kind = ReportType(name=name, board=boards[board], covers=months,
                              sections=sections, deep_dive=deep_dive, purpose=purpose)
            attribute(kind, office, reason="Set up for the demonstration")
            kind.save()
        kinds[name] = kind
    return kinds


def _meeting_after(board: Board, day: date):
    return board.meetings.filter(starts_at__date__gt=day).order_by("starts_at").first()
