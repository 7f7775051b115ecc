"""The case-file audits' figures on the scorecard: the share of audits graded Good or
better, and how often moderators agree the auditor's grade, for the 12 months to each
month end, as the registry declares them (``Recorded`` indicators). An audit counts in
the month audited (its sample's month), as on the quality assurance dashboard, once it
is completed.

They are kept as the figures computed from returns are (returns.models.Figure), with the
same intervals and the same flags for a service that differs from the whole, so targets,
RAG, the monthly sparkline and small-number suppression work the same for them. They
are worked out again whenever an audit's final grade changes: a few hundred audits a
year, counted in milliseconds.
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smeaton.analytics.indicators import BY_SLUG, RECORDED, SERVICE
from smeaton.analytics.measures.equalities import assess
from smeaton.analytics.measures.periods import Period, month_ends
from smeaton.web.audits.models import GOOD_OR_BETTER, Audit, Service
from smeaton.web.returns import figures
from smeaton.web.returns.models import Figure

GOOD = BY_SLUG["audits-good-or-better"]
AGREED = BY_SLUG["audit-moderation-agreement"]
MONTHS = 36  # as far back as the figures computed from returns go
TOTAL = Figure.TOTAL


@dataclass(frozen=True)
class Completed:
    """One completed audit, as the figures count it."""

    month: date  # the month audited (its sample's): as the dashboard counts it
    service: str  # as the Service breakdown names it
    good: bool  # its final grade Good or Outstanding
    moderated: bool
    agreed: bool  # the moderator agreed the auditor's grade


def completed() -> list[Completed]:
    audits = (Audit.objects.filter(status=Audit.Status.COMPLETED)
              .select_related("sample", "moderation"))
    found = []
    for audit in audits:
        moderation = getattr(audit, "moderation", None)
        found.append(Completed(
            month=audit.sample.month,
            service=Service(audit.service).label, good=audit.final_grade in GOOD_OR_BETTER,
            moderated=moderation is not None,
            agreed=moderation is not None and moderation.agreed))
    return found


def periods(audits: list[Completed], today: date) -> list[Period]:
    """Each month end from the first month audited to the last month that has ended (a
    month under way would change its figure), no more than ``MONTHS``."""
    if not audits:
        return []
    month_end = today + relativedelta(day=31)
    last = month_end if month_end == today else today + relativedelta(day=1, days=-1)
    first = max(min(audit.month for audit in audits), last + relativedelta(months=1 - MONTHS))
    return month_ends(first, last) if first <= last else []


def rows(audits: list[Completed], periods: list[Period]) -> list[dict]:
    """The tidy rows the measures give (smeaton.analytics.measures.results), one for
    the whole and one per service for the Good-or-better share, the whole only for
    moderation agreement; none where nothing was counted."""
    found = []
    for period in periods:
        counted = [audit for audit in audits if period.start < audit.month <= period.end]
        found += _row(GOOD, period, TOTAL, TOTAL, counted, lambda audit: audit.good)
        for group in SERVICE.values:
            found += _row(GOOD, period, SERVICE.title, group,
                          [audit for audit in counted if audit.service == group],
                          lambda audit: audit.good)
        found += _row(AGREED, period, TOTAL, TOTAL,
                      [audit for audit in counted if audit.moderated],
                      lambda audit: audit.agreed)
    return assess(found)


def _row(indicator, period: Period, breakdown: str, group: str, counted, numerator) -> list:
    if not counted:
        return []
    good = sum(1 for audit in counted if numerator(audit))
    return [{
        "measure_id": indicator.slug, "la_code": settings.COUNCIL.la_code,
        "period_end": period.end, "time_period": period.time_period,
        "breakdown": breakdown, "breakdown_value": group, "numerator": good,
        "denominator": len(counted), "value": 100 * good / len(counted),
        "excluded_rows": 0, "note": ""}]


def refresh(today: date | None = None) -> int:
    """Work the audits' figures out again and keep them in place of those kept before.
    The number kept."""
    audits = completed()
    return figures.keep(rows(audits, periods(audits, today or timezone.localdate())),
                        indicators=RECORDED)


def refresh_after_commit() -> None:
    """Once the change in hand commits, and once however many audits it touched."""
    transaction.on_commit(refresh)
