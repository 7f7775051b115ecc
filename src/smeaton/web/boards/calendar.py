"""A meeting's calendar entry (iCalendar, RFC 5545), for Outlook and the rest.

Times are written in Europe/London with the zone's definition included, so a calendar
anywhere shows the meeting at the right moment either side of the clocks changing. The
UID is the same every time a meeting is downloaded, and SEQUENCE goes up with each
change to it, so a calendar updates the entry it already has rather than adding another.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event

from smeaton.web.boards.models import Meeting

# A meeting with no end time set is shown as lasting this long.
UNSTATED_LENGTH = timedelta(hours=2)


def uid(meeting: Meeting) -> str:
    return f"board-meeting-{meeting.pk}@smeaton.council-{settings.COUNCIL.la_code}"


def agenda_text(meeting: Meeting) -> str:
    lines = [f"{item.number}. {item.title}" + (f" ({item.presenter})" if item.presenter else "")
             for item in meeting.agenda.all()]
    return "Agenda:\n" + "\n".join(lines) if lines else "The agenda is to follow."


def entry(meeting: Meeting) -> bytes:
    """The meeting as an .ics file."""
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else starts + UNSTATED_LENGTH
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.history.count())
    event.add("summary", f"{meeting.board} meeting")
    event.add("dtstart", starts)
    event.add("dtend", ends)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", agenda_text(meeting))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", "-//Smeaton//Boards//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def filename(meeting: Meeting) -> str:
    return f"{slugify(meeting.board.name)}-{meeting.date:%Y-%m-%d}.ics"
