"""The demo's reminder choices: the milestone owner has asked for the weekly summary as
well, so the choices page shows a person's own choice, not only the defaults. The demo
sends no email: without SMEATON_EMAIL_HOST each one is written to the log instead."""

from smeaton.web.accounts.models import User
from smeaton.web.reminders import services
from smeaton.web.reminders.kinds import CHOOSABLE, Kind

CHOICES = {"demo-owner": {*(r.kind.value for r in CHOOSABLE)},
           "demo-lead": {Kind.ROUND_OPENED.value, Kind.UPDATE_RETURNED.value}}


def load() -> None:
    for username, chosen in CHOICES.items():
        person = User.objects.get(username=username)
        services.save_preferences(person, person, chosen)
