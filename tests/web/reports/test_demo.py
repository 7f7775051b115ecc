"""The demo's reports: an issued quarterly report for the Improvement Board's next
meeting, a draft of the next quarter's, and a Scrutiny report issued for publication."""

import hashlib

from smeaton.web import demo
from smeaton.web.boards import demo as boards_demo
from smeaton.web.plan import demo as plan_demo
from smeaton.web.reports import demo as reports_demo
from smeaton.web.reports import documents
from smeaton.web.reports.models import Report, ReportType


def test_the_demo_has_an_issued_report_a_draft_and_one_for_publication(db, today):
    demo.load_people()
    boards_demo.load(plan_demo.load(today), today)
    for _ in range(2):  # the second time, nothing is duplicated
        reports_demo.load(today)
    assert ReportType.objects.count() == 4
    issued, draft, public = (Report.objects.get(state=Report.State.ISSUED,
                                                audience=Report.Audience.RESTRICTED),
                             Report.objects.get(state=Report.State.DRAFT),
                             Report.objects.get(audience=Report.Audience.PUBLICATION))
    assert all(r.illustrative for r in (issued, draft, public))
    assert issued.ends == reports_demo.last_quarter_end(today) < today
    assert issued.meeting.starts_at.date() > today  # the board's next meeting
    assert draft.ends > today and public.is_issued
    # Issued as the demo was prepared: it holds nothing from after its own day.
    assert documents.document_of(issued).as_at_date == today
    for kept in issued.files.all():
        assert hashlib.sha256(bytes(kept.content)).hexdigest() == kept.sha256
