"""What the report pages read. Changes live in services.py; these never change a record."""

from dataclasses import dataclass

from smeaton.web.accounts.permissions import visible
from smeaton.web.reports.models import Report, ReportFile


@dataclass(frozen=True)
class BoardReports:
    board: object
    issued: list[Report]
    drafts: list[Report]


def reports_by_board(user) -> list[BoardReports]:
    """The reports this person reads, by board, the latest period first."""
    reports = (visible(user, Report.objects.all())
               .select_related("report_type__board", "priority", "meeting")
               .order_by("report_type__board__name", "-ends", "-pk"))
    grouped: dict[int, BoardReports] = {}
    for report in reports:
        board = report.report_type.board
        row = grouped.setdefault(board.pk, BoardReports(board, [], []))
        (row.issued if report.is_issued else row.drafts).append(report)
    return list(grouped.values())


def files_of(report: Report) -> list[ReportFile]:
    """An issued report's files, without their content (for listing)."""
    return list(report.files.defer("content").order_by("format"))


def issued_for(meeting) -> list[Report]:
    """The issued reports that go to a meeting, for its page."""
    return list(meeting.reports.filter(state=Report.State.ISSUED).select_related(
        "report_type").order_by("report_type__name", "pk"))
