"""Dates and times as the GOV.UK style guide writes them.

"8 July 2026 at 2:05pm", "midday", "midnight". Django's format characters cannot say
"pm" without full stops, so Smeaton's own pages use these functions (and the template
filters ``govuk_date`` and ``govuk_datetime``); en_GB/formats.py covers everything else.
"""

from datetime import date, datetime

from django.utils import formats, timezone


def govuk_time(value: datetime) -> str:
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def govuk_date(value: date) -> str:
    return formats.date_format(value, "j F Y")


def govuk_datetime(value: datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{govuk_date(value)} at {govuk_time(value)}"
