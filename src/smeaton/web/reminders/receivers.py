"""Reminders that follow from what people do in the plan (plan/signals.py) and in
case-file audits (audits/signals.py)."""

from django.dispatch import receiver

from smeaton.web.audits import signals as audit_signals
from smeaton.web.plan import signals
from smeaton.web.reminders import queueing


@receiver(signals.round_opened, dispatch_uid="reminders.round_opened")
def on_round_opened(sender, update_round, **kwargs):
    queueing.round_opened(update_round)


@receiver(signals.update_returned, dispatch_uid="reminders.update_returned")
def on_update_returned(sender, update, **kwargs):
    queueing.update_returned(update)


@receiver(signals.year_end_opened, dispatch_uid="reminders.year_end_opened")
def on_year_end_opened(sender, year_end, **kwargs):
    queueing.review_opened(year_end)


@receiver(audit_signals.concern_raised, dispatch_uid="reminders.concern_raised")
def on_concern_raised(sender, concern, **kwargs):
    queueing.safeguarding_concern(concern)
