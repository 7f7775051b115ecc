"""Every change reminders make: a person's choices, queueing an email, sending it.

An email is written into the ``Email`` table in the transaction that makes it due (a
round opening, an update returned, the daily command), and the task worker is asked to
send it once that commits: nothing is sent for a change later undone, and nothing is
sent in a request. A failed send is logged, recorded and tried again, up to
``MAX_ATTEMPTS`` times, and then marked failed with its error for an administrator.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from smeaton.web.reminders.kinds import BY_KIND, CHOOSABLE, Kind
from smeaton.web.reminders.models import Email, Preferences

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# The wait before the second and third attempts: a mail server that is down for a few
# minutes (a restart) is waited out, and a failure known within the hour.
RETRY_AFTER = (timedelta(minutes=2), timedelta(minutes=20))


def preferences_of(person) -> Preferences:
    """The person's choices, or the defaults (not saved) if they have made none."""
    return Preferences.objects.filter(person=person).first() or Preferences(person=person)


@transaction.atomic
def save_preferences(person, by, chosen: set[str], offered=CHOOSABLE) -> Preferences:
    """Record which of the ``offered`` reminders ``person`` wants: the kinds in ``chosen``,
    and none of the others offered (those not offered stay as they were)."""
    preferences = (Preferences.objects.select_for_update().filter(person=person).first()
                   or Preferences(person=person))
    for reminder in offered:
        setattr(preferences, reminder.preference, reminder.kind.value in chosen)
    preferences._history_user = by
    preferences.save()
    return preferences


@dataclass(frozen=True)
class Due:
    """A reminder due to one person: what it is, what about, and for which day."""

    kind: Kind
    recipient: object  # a User
    about: object  # the record the email is about
    on: date  # the day it is for: one email per kind, person, record and day
    context: dict

    @property
    def key(self) -> str:
        record = f"{self.about._meta.label_lower}:{self.about.pk}"
        return f"{self.kind.value}:{self.recipient.pk}:{record}:{self.on.isoformat()}"


def link(path: str) -> str:
    """A page's full address, for an email."""
    return settings.BASE_URL + path


def queue(due: Due) -> Email | None:
    """Write the email and ask the worker to send it once the transaction commits; None
    if the person does not want it, has no address, or it was queued before."""
    person = due.recipient
    if not (person.is_active and person.email and preferences_of(person).wants(due.kind)):
        return None
    if Email.objects.filter(key=due.key).exists():
        return None
    context = {**due.context, "person": person, "reminder": BY_KIND[due.kind],
               "preferences_link": link("/account/reminders/"),
               "council": settings.COUNCIL.name}
    template = f"reminders/email/{due.kind.value}"
    text = render_to_string(f"{template}.txt", context).strip() + "\n"
    email = Email.objects.create(
        key=due.key, kind=due.kind.value, recipient=person, to=person.email,
        about=f"{due.about._meta.verbose_name} {due.about}"[:200],
        subject=text.splitlines()[0].removeprefix("Subject: ")[:300],
        text=text.split("\n", 2)[2] if text.startswith("Subject: ") else text,
        html=render_to_string(f"{template}.html", context))
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(pk: int, run_after: datetime | None = None) -> None:
    from smeaton.web.reminders.tasks import send_email

    (send_email.using(run_after=run_after) if run_after else send_email).enqueue(pk)


def deliver(pk: int, now: datetime | None = None) -> Email:
    """Send one queued email; on failure, record why and try again later, until the last
    attempt, after which it is marked failed. Already sent, it is not sent again."""
    with transaction.atomic():
        email = Email.objects.select_for_update().get(pk=pk)
        if email.status != Email.Status.QUEUED:
            return email
        email.attempts += 1
        email.last_attempt_at = now or timezone.now()
        email.save(update_fields=["attempts", "last_attempt_at"])
    try:
        message = EmailMultiAlternatives(email.subject, email.text, to=[email.to])
        message.attach_alternative(email.html, "text/html")
        message.send()
    except Exception as problem:  # noqa: BLE001  any failure of the mail server is recorded
        return _failed(email, problem)
    email.status = Email.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "last_error"])
    log.info("Sent email %s (%s) to %s", email.pk, email.kind, email.to)
    return email


def _failed(email: Email, problem: Exception) -> Email:
    email.last_error = f"{type(problem).__name__}: {problem}"[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        email.status = Email.Status.FAILED
        log.error("Gave up on email %s (%s) to %s after %s attempts: %s", email.pk,
                  email.kind, email.to, email.attempts, email.last_error)
    else:
        wait = RETRY_AFTER[email.attempts - 1]
        log.warning("Email %s (%s) to %s failed (attempt %s of %s), trying again in %s: %s",
                    email.pk, email.kind, email.to, email.attempts, MAX_ATTEMPTS, wait,
                    email.last_error)
        _enqueue(email.pk, run_after=email.last_attempt_at + wait)
    email.save(update_fields=["status", "last_error"])
    return email
