"""Keeping the council's own figures: every computed indicator, for each month end and
reporting year its stored returns reach (smeaton.analytics.measures.series), replaced
together after each load that stores returns, so that the performance pages read them
from the database in a few milliseconds rather than computing them from the store.

Figures are derived, never edited: the load after which they were computed says where
they came from, and that load's record says who uploaded what.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smeaton import config
from smeaton.analytics.indicators import COMPUTED
from smeaton.analytics.indicators import Indicator as Definition
from smeaton.analytics.measures.series import series
from smeaton.web.returns.models import Figure, Load

logger = logging.getLogger(__name__)


def refresh(load: Load | None = None) -> int:
    """Compute the council's figures from the store as it is now and keep them in place
    of those kept before. The number kept."""
    return keep(computed(), load)


def computed() -> list[dict]:
    """The council's figures from the store as it is now (seconds, for years of
    returns): worked out before a transaction, which then only writes them."""
    la_code = settings.COUNCIL.la_code
    rows = series(config.home().store, la_code, timezone.localdate())
    return [row for row in rows if row["la_code"] == la_code]


def keep(rows: list[dict], load: Load | None = None,
         indicators: Iterable[Definition] = COMPUTED) -> int:
    """Put ``rows`` in place of the council's figures kept for ``indicators``, in one
    step: a page reads either the old set or the new, never a mix. By default those
    computed from returns: figures recorded in Smeaton (the audits' grades) are kept,
    with the same rows, by the app that records them."""
    now = timezone.now()
    figures = [_figure(row, load, now) for row in rows]
    with transaction.atomic():
        Figure.objects.filter(la_code=settings.COUNCIL.la_code,
                              indicator__in=[indicator.slug for indicator in indicators]
                              ).delete()
        Figure.objects.bulk_create(figures, batch_size=2_000)
    logger.info("Kept %d figures", len(figures))
    return len(figures)


def _figure(row: dict, load: Load | None, now) -> Figure:
    return Figure(
        load=load, computed_at=now, la_code=row["la_code"], indicator=row["measure_id"],
        period_end=row["period_end"], reporting_year=row["time_period"],
        breakdown=row["breakdown"], group=row["breakdown_value"],
        numerator=row["numerator"], denominator=row["denominator"], value=row["value"],
        lower=_number(row["lower"]), upper=_number(row["upper"]), differs=str(row["differs"]),
        excluded_rows=row["excluded_rows"] or 0, note=row["note"] or "")


def _number(value) -> float | None:
    """An interval's bound, or None where there is none (NaN with no denominator)."""
    return None if value is None or value != value else float(value)
