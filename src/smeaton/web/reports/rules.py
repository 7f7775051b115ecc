"""Who may read, draft and issue reports. docs/reports.md has the table.

A report goes to a board, so whoever reads the board reads its reports (boards/rules.py:
everyone at the council; councillors and partners, the boards they sit on); a report for
publication anyone signed in reads. The programme office (administrators and leadership)
drafts and checks reports; leadership issues them, and an issued report never changes.
An administrator sets up the kinds of report in the admin site and uploads the council's
Word template.
"""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import named_rule, rule, scope
from smeaton.web.accounts.rules import administrator
from smeaton.web.boards.rules import MEMBERS_ONLY, reads_board
from smeaton.web.reports.models import Report, ReportType, WordTemplate

PROGRAMME_OFFICE = (Role.ADMINISTRATOR, Role.LEADERSHIP)

named_rule("reports", administrator)
rule(ReportType, "add", "change", "view_history")(administrator)
rule(WordTemplate, "add", "view_history")(administrator)


@rule(ReportType, "view", "list")
def anyone_signed_in(user, _record):
    return True


@rule(Report, "list")
def anyone_signed_in_lists(user, _record):
    return True  # the list shows only the reports the person reads (the scope below)


@rule(Report, "view", "download")
def reads_its_board(user, report):
    return report is not None and (report.audience == Report.Audience.PUBLICATION
                                   and report.is_issued or reads_board(user, report.board))


def programme_office(user, _record=None) -> bool:
    return user.has_role(*PROGRAMME_OFFICE)


rule(Report, "add", "view_history")(programme_office)


@rule(Report, "change")
def programme_office_while_draft(user, report):
    return programme_office(user) and (report is None or not report.is_issued)


@rule(Report, "issue")
def leadership_while_draft(user, report):
    return user.has_role(Role.LEADERSHIP) and (report is None or not report.is_issued)


@scope(Report)
def reports_visible(user, reports):
    if user.role not in MEMBERS_ONLY:
        return reports
    published = reports.filter(audience=Report.Audience.PUBLICATION,
                               state=Report.State.ISSUED)
    return (reports.filter(report_type__board__members=user) | published).distinct()


@scope(ReportType)
def every_report_type(user, report_types):
    return report_types
