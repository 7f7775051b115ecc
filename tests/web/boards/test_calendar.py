from datetime import UTC, date, datetime

from icalendar import Calendar

from smeaton.web.boards import services
from tests.web.boards.conftest import at


def event_of(response):
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    return event


def test_a_summer_meeting_is_at_the_right_moment_in_utc(client_as, office, board, priority):
    meeting = services.add_meeting(board, office, starts_at=at(date(2026, 7, 9), 14),
                                   ends_at=at(date(2026, 7, 9), 16, 30),
                                   location="Council House, Armada Way")
    services.add_agenda_item(meeting, office, title="Placement sufficiency",
                             presenter="Head of Service", priority=priority, indicator=None)
    response = client_as(office).get(f"/boards/meetings/{meeting.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert ".ics" in response["Content-Disposition"]
    event = event_of(response)
    # 2pm British Summer Time is 1pm UTC.
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 7, 9, 13, 0, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime(2026, 7, 9, 15, 30, tzinfo=UTC)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert str(event["location"]) == "Council House, Armada Way"
    assert "1. Placement sufficiency (Head of Service)" in str(event["description"])
    assert str(event["summary"]) == "Improvement Board meeting"
    assert b"BEGIN:VTIMEZONE" in response.content


def test_a_winter_meeting_with_no_end_lasts_two_hours(client_as, office, scheduled):
    event = event_of(client_as(office).get(f"/boards/meetings/{scheduled.pk}/calendar.ics"))
    # 2pm Greenwich Mean Time is 2pm UTC.
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2025, 12, 18, 14, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime(2025, 12, 18, 16, tzinfo=UTC)
    assert "The agenda is to follow." in str(event["description"])


def test_the_uid_stays_and_the_sequence_rises_when_the_meeting_changes(client_as, office,
                                                                      scheduled):
    client = client_as(office)
    url = f"/boards/meetings/{scheduled.pk}/calendar.ics"
    before = event_of(client.get(url))
    services.change_meeting(scheduled, office, location="Room 2")
    after = event_of(client.get(url))
    assert str(after["uid"]) == str(before["uid"])
    assert str(before["uid"]).startswith(f"board-meeting-{scheduled.pk}@")
    assert after.decoded("sequence") > before.decoded("sequence")
    services.cancel_meeting(scheduled, office, because="No quorum")
    assert str(event_of(client.get(url))["status"]) == "CANCELLED"


def test_the_calendar_entry_is_refused_to_those_off_the_board(client_as, make_user, scheduled):
    from smeaton.web.accounts.models import Role

    response = client_as(make_user(Role.COUNCILLOR)).get(
        f"/boards/meetings/{scheduled.pk}/calendar.ics")
    assert response.status_code == 403
