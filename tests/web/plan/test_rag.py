"""The milestone RAG rules (docs/rag-rules.md), at and around every boundary."""

from datetime import date, timedelta

import pytest

from smeaton.web.plan.rag import DEFAULT_POLICY, Progress, RagPolicy, assess
from smeaton.web.rag import Rag

DUE = date(2025, 9, 30)
BEFORE = date(2025, 6, 1)  # a day well before the due date


@pytest.mark.parametrize(("due", "months", "red_from"), [
    (date(2025, 9, 30), 3, date(2025, 12, 30)),
    (date(2025, 11, 30), 3, date(2026, 2, 28)),   # February has fewer days
    (date(2023, 11, 30), 3, date(2024, 2, 29)),   # ... and 29 in a leap year
    (date(2025, 12, 31), 1, date(2026, 1, 31)),   # across the new year
    (date(2025, 1, 31), 12, date(2026, 1, 31)),
])
def test_red_from_the_same_day_months_later_or_that_months_last_day(due, months, red_from):
    policy = RagPolicy(red_delay_months=months)
    before = red_from - timedelta(days=1)
    assert assess(Progress.ON_TRACK, due, due, before, policy=policy).rag == Rag.AMBER
    assert assess(Progress.ON_TRACK, due, due, red_from, policy=policy).rag == Rag.RED


def rag(progress, today=BEFORE, forecast=None, policy=DEFAULT_POLICY):
    return assess(progress, DUE, today, forecast, policy=policy).rag


def test_reported_complete_is_complete_even_when_late():
    assert rag(Progress.COMPLETE, today=date(2026, 3, 1)) == Rag.COMPLETE


def test_on_track_and_not_late_is_green():
    assert rag(Progress.ON_TRACK) == Rag.GREEN
    assert rag(Progress.ON_TRACK, forecast=DUE) == Rag.GREEN  # exactly on the due date


def test_not_started_and_not_late_is_not_started():
    assert rag(Progress.NOT_STARTED) == Rag.NOT_STARTED


def test_at_risk_is_amber_and_off_track_is_red_whatever_the_dates():
    assert rag(Progress.AT_RISK) == Rag.AMBER
    assert rag(Progress.OFF_TRACK) == Rag.RED


@pytest.mark.parametrize("progress", [Progress.ON_TRACK, Progress.NOT_STARTED, Progress.AT_RISK])
@pytest.mark.parametrize(("forecast", "expected"), [
    (date(2025, 10, 1), Rag.AMBER),     # one day late
    (date(2025, 12, 29), Rag.AMBER),    # a day short of 3 months late
    (date(2025, 12, 30), Rag.RED),      # exactly 3 months late
    (date(2026, 3, 31), Rag.RED),
])
def test_a_late_forecast_is_amber_under_three_months_and_red_from_three(progress, forecast,
                                                                        expected):
    assert rag(progress, forecast=forecast) == expected


def test_a_past_due_date_makes_it_late_even_without_a_forecast():
    assert rag(Progress.ON_TRACK, today=DUE) == Rag.GREEN          # due today: not yet late
    assert rag(Progress.ON_TRACK, today=date(2025, 10, 1)) == Rag.AMBER
    assert rag(Progress.ON_TRACK, today=date(2025, 12, 30)) == Rag.RED
    # An early forecast cannot make a milestone whose due date has passed on time.
    assert rag(Progress.ON_TRACK, today=date(2025, 11, 1), forecast=date(2025, 9, 1)) == Rag.AMBER


def test_the_red_threshold_is_the_councils_to_set():
    policy = RagPolicy(red_delay_months=1)
    assert rag(Progress.ON_TRACK, forecast=date(2025, 10, 29), policy=policy) == Rag.AMBER
    assert rag(Progress.ON_TRACK, forecast=date(2025, 10, 30), policy=policy) == Rag.RED


def test_every_rating_says_why():
    assessment = assess(Progress.ON_TRACK, DUE, BEFORE, date(2026, 1, 15))
    assert assessment.reason == "Expected 3 months or more after its due date."
    assert assess(Progress.AT_RISK, DUE, BEFORE).reason == "Reported at risk."


@pytest.mark.parametrize(("days_since", "overdue"), [(59, False), (60, False), (61, True)])
def test_update_overdue_after_more_than_60_days(days_since, overdue):
    today = date(2025, 9, 1)
    last = date.fromordinal(today.toordinal() - days_since)
    assert assess(Progress.ON_TRACK, DUE, today, last_update=last).update_overdue is overdue


def test_a_complete_milestone_is_never_overdue_for_an_update():
    assert not assess(Progress.COMPLETE, DUE, date(2026, 9, 1),
                      last_update=date(2025, 1, 1)).update_overdue


def test_the_update_threshold_is_the_councils_to_set():
    policy = RagPolicy(update_overdue_days=30)
    assert assess(Progress.ON_TRACK, DUE, date(2025, 9, 1), last_update=date(2025, 8, 1),
                  policy=policy).update_overdue
