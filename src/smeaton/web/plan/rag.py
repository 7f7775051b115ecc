"""Milestone RAG: the written rules, as one pure function.

The rules (docs/rag-rules.md), with the council's settings for the numbers:

1. Complete: the owner has reported the milestone complete.
2. Red: the owner reports it off track, or it will be (or already is) late by the
   red threshold (3 months by default) or more.
3. Amber: the owner reports it at risk, or it will be (or already is) late by less
   than the red threshold.
4. Not started: the owner reports it not started and it is not late.
5. Green: on track and not late.

"Late" compares the due date with the owner's forecast completion date, or with today
when the due date has passed and the milestone is not complete (a milestone cannot
be on time once its due date has gone by). Separately, a milestone that is not complete
is flagged "update overdue" when its latest update (or, with none, its creation) is
older than the update threshold (60 days by default).
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models

from smeaton.web.rag import Rag


class Progress(models.TextChoices):
    """What a milestone owner reports."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


@dataclass(frozen=True)
class RagPolicy:
    red_delay_months: int = 3
    update_overdue_days: int = 60


@dataclass(frozen=True)
class Assessment:
    rag: Rag
    reason: str
    update_overdue: bool


DEFAULT_POLICY = RagPolicy()


def assess(
    progress: Progress,
    due: date,
    today: date,
    forecast: date | None = None,
    last_update: date | None = None,
    policy: RagPolicy = DEFAULT_POLICY,
) -> Assessment:
    """The RAG rating of a milestone, with the reason in words."""
    overdue = (
        progress != Progress.COMPLETE
        and last_update is not None
        and (today - last_update).days > policy.update_overdue_days
    )
    rag, reason = _rating(progress, due, today, forecast, policy)
    return Assessment(rag, reason, overdue)


def _rating(progress, due, today, forecast, policy) -> tuple[Rag, str]:
    if progress == Progress.COMPLETE:
        return Rag.COMPLETE, "Reported complete."
    expected = max(d for d in (forecast, today if today > due else None, due) if d)
    # The same day some months later, or the month's last day if it has fewer days.
    red_from = due + relativedelta(months=policy.red_delay_months)
    months = f"{policy.red_delay_months} month{'s' if policy.red_delay_months != 1 else ''}"
    if progress == Progress.OFF_TRACK:
        return Rag.RED, "Reported off track."
    if expected >= red_from:
        return Rag.RED, f"Expected {months} or more after its due date."
    if progress == Progress.AT_RISK:
        return Rag.AMBER, "Reported at risk."
    if expected > due:
        return Rag.AMBER, f"Expected after its due date, by less than {months}."
    if progress == Progress.NOT_STARTED:
        return Rag.NOT_STARTED, "Not started, and not yet late."
    return Rag.GREEN, "On track."
