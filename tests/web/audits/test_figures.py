"""The audits' figures on the scorecard, with known answers: the share of completed
audits graded Good or better (the moderator's grade where moderated), by service, and
moderation agreement, for the 12 months to each month end."""

import html
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.audits import figures
from smeaton.web.audits.models import (
    Audit,
    Grade,
    Moderation,
    Programme,
    Sample,
    Service,
    Tool,
    ToolVersion,
)
from smeaton.web.performance import own_figures
from smeaton.web.performance.models import Indicator, Target
from smeaton.web.returns.models import Figure

LONDON = ZoneInfo("Europe/London")
GOOD, OUTSTANDING, RI, INADEQUATE = (Grade.GOOD, Grade.OUTSTANDING,
                                    Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)


@pytest.fixture
def audit(db, make_user):
    """Make a completed audit: its grade, the month audited (its sample's), its service
    and, given ``moderated``, the moderator's grade."""
    lead, auditor = make_user(Role.QA_LEAD), make_user(Role.CONTRIBUTOR)
    tool = Tool.objects.create(name="Case-file audit")
    version = ToolVersion.objects.create(tool=tool, number=1,
                                         status=ToolVersion.Status.PUBLISHED)
    programme = Programme.objects.create(name="Monthly", tool=tool, frame="open-cases",
                                         sample_size=10, lead=lead)
    made = 0

    def make(grade, month, service=Service.CHILD_IN_NEED, moderated=None):
        nonlocal made
        made += 1
        sample, _ = Sample.objects.get_or_create(
            programme=programme, month=month, defaults={
                "drawn_by": lead, "method": "random", "frame": "open-cases", "on": month,
                "seed": 1, "frame_size": 100})
        record = Audit.objects.create(
            sample=sample, tool_version=version, child=f"{made:064d}", service=service,
            auditor=auditor, due=month, status=Audit.Status.COMPLETED, grade=grade,
            completed_at=datetime(month.year, month.month, 20, 12, tzinfo=LONDON))
        if moderated:
            Moderation.objects.create(audit=record, moderator=lead, auditor_grade=grade,
                                      grade=moderated, reason="" if moderated == grade
                                      else "The plan was not reviewed in time")
        return record

    return make


def kept(indicator: str, period_end: date, group: str = Figure.TOTAL) -> Figure:
    return Figure.objects.get(indicator=indicator, period_end=period_end, group=group)


def test_the_share_good_or_better_counts_the_moderators_grade(audit):
    audit(GOOD, date(2025, 1, 1))
    audit(OUTSTANDING, date(2025, 1, 1), Service.CHILD_PROTECTION)
    audit(RI, date(2025, 2, 1), Service.CHILD_PROTECTION)
    # Good by the auditor, Requires improvement once moderated: not good.
    audit(GOOD, date(2025, 2, 1), Service.LOOKED_AFTER, moderated=RI)
    # Requires improvement by the auditor, Good once moderated: good.
    audit(RI, date(2025, 2, 1), Service.LOOKED_AFTER, moderated=GOOD)
    audit(INADEQUATE, date(2025, 3, 1), moderated=INADEQUATE)  # agreed

    assert figures.refresh(date(2025, 3, 31)) > 0

    january = kept("audits-good-or-better", date(2025, 1, 31))
    assert (january.numerator, january.denominator, january.value) == (2, 2, 100.0)
    february = kept("audits-good-or-better", date(2025, 2, 28))
    assert (february.numerator, february.denominator) == (3, 5)
    assert february.value == pytest.approx(60.0)
    march = kept("audits-good-or-better", date(2025, 3, 31))
    assert (march.numerator, march.denominator) == (3, 6)
    assert march.reporting_year == 2025  # 31 March: a whole reporting year
    assert 0 < march.lower < 50 < march.upper < 100  # its 95% interval
    looked_after = kept("audits-good-or-better", date(2025, 3, 31), "Child looked after")
    assert (looked_after.numerator, looked_after.denominator) == (1, 2)
    agreement = kept("audit-moderation-agreement", date(2025, 3, 31))
    assert (agreement.numerator, agreement.denominator) == (1, 3)


def test_a_month_under_way_and_months_with_no_audits_have_no_figure(audit):
    audit(GOOD, date(2025, 1, 1))
    figures.refresh(date(2025, 3, 15))
    ends = set(Figure.objects.filter(indicator="audits-good-or-better", group=Figure.TOTAL)
               .values_list("period_end", flat=True))
    # January and February (January's audit is in both 12 months); not March, under way.
    assert ends == {date(2025, 1, 31), date(2025, 2, 28)}
    assert not Figure.objects.filter(indicator="audit-moderation-agreement").exists()


def test_an_audit_counts_for_12_months_then_drops_out(audit):
    audit(GOOD, date(2024, 1, 1))
    audit(INADEQUATE, date(2024, 6, 1))
    figures.refresh(date(2025, 2, 1))
    assert kept("audits-good-or-better", date(2024, 12, 31)).denominator == 2
    assert kept("audits-good-or-better", date(2025, 1, 31)).denominator == 1


def test_refreshing_replaces_only_the_audits_figures(audit):
    Figure.objects.create(la_code="879", indicator="children-in-care",
                          period_end=date(2025, 1, 31), breakdown=Figure.TOTAL,
                          group=Figure.TOTAL, value=400)
    audit(GOOD, date(2025, 1, 1))
    figures.refresh(date(2025, 2, 1))
    figures.refresh(date(2025, 2, 1))  # again: the same, not twice over
    assert Figure.objects.filter(indicator="audits-good-or-better",
                                 group=Figure.TOTAL).count() == 1
    assert Figure.objects.filter(indicator="children-in-care").count() == 1


def test_the_scorecard_reads_them_as_its_own_figures(audit):
    for day in range(1, 8):
        audit(GOOD if day % 2 else RI, date(2025, 1, 1))
    figures.refresh(date(2025, 2, 1))
    monthly = own_figures.monthly(["audits-good-or-better"], hide_small=False)
    latest = monthly["audits-good-or-better"].latest
    assert latest.period_end == date(2025, 1, 31)
    assert (latest.numerator, latest.denominator) == (4, 7)


def test_the_scorecard_page_shows_them_beside_the_other_indicators(audit, published,
                                                                   client_as, people):
    page = client_as(people[Role.VIEWER]).get("/performance/").content.decode()
    assert "Case-file audits graded Good or better" in page
    assert ("kept from the council&#x27;s case-file audits, recorded in Smeaton, once some "
            "are completed") in page
    for day in range(1, 11):  # 6 of 10 good: no small number to hide from a viewer
        audit(GOOD if day <= 6 else RI, date(2025, 1, 1))
    figures.refresh(date(2025, 2, 1))
    page = client_as(people[Role.VIEWER]).get("/performance/").content.decode()
    row = page[page.index("Case-file audits graded Good or better"):]
    row = row[:row.index("</tr>")]
    assert "60%" in row and "12 months to 31 Jan 2025" in row


def test_an_indicator_dfe_does_not_publish_is_judged_by_its_own_figure(audit, published,
                                                                       client_as, people):
    """The scorecard's target and RAG, and the indicator page's targets table, judge the
    audits' own latest figure: no row says "None set" beside a figure rated green."""
    for day in range(1, 11):
        audit(GOOD if day <= 7 else RI, date(2025, 1, 1))  # 70%
    figures.refresh(date(2025, 2, 1))
    Target.objects.create(indicator=Indicator.objects.get(slug="audits-good-or-better"),
                          year=2025, value=60, tolerance=5)
    client = client_as(people[Role.VIEWER])
    page = html.unescape(client.get("/performance/").content.decode())
    row = page[page.index("Case-file audits graded Good or better"):]
    row = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", row[:row.index("</tr>")]))
    assert "60% amber within 5" in row and "None set" not in row
    assert row.count("Green") == 2  # the row's RAG, and the own figure's
    page = html.unescape(client.get("/performance/indicators/audits-good-or-better/")
                         .content.decode())
    targets = page[page.index("Targets for"):]
    targets = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", targets[:targets.index("</table>")]))
    assert "2024/25 60% 5 70% (12 months to 31 Jan 2025) Green" in targets
    assert "Our own figures" in page and "from the returns" not in page
