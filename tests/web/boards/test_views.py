from datetime import date, timedelta

from django.test import Client

from smeaton.web.accounts.models import Role
from smeaton.web.boards import services
from smeaton.web.boards.models import Attendance, Board, BoardAction, Decision, Meeting
from smeaton.web.plan.rag import Progress
from tests.conftest import signed_in

BOARD = "/boards/{}/"
MEETING = "/boards/meetings/{}/"
ACTION = "/boards/actions/{}/"


def page_of(response) -> str:
    return response.content.decode()


def action_form(owner, **fields):
    return {"description": "Report on sufficiency", "agenda_item": "", "owner": owner.pk,
            "due_day": "31", "due_month": "1", "due_year": "2026", **fields}


def test_the_programme_office_sets_up_a_board(client_as, office, councillor):
    response = client_as(office).post("/boards/new/", {
        "name": "Children and Young People Scrutiny Panel", "purpose": "Young people ask.",
        "chair": councillor.pk, "members": [councillor.pk], "cadence": "quarterly",
        "action_log_name": "Tracking decisions"})
    board = Board.objects.get()
    assert response["Location"] == BOARD.format(board.pk)
    assert list(board.members.all()) == [councillor]
    page = page_of(client_as(councillor).get(BOARD.format(board.pk)))
    assert "Tracking decisions" in page and "Quarterly" in page


def test_a_board_without_a_name_or_cadence_is_refused_in_words(client_as, office):
    page = page_of(client_as(office).post("/boards/new/", {"name": " "}))
    assert "govuk-error-summary" in page
    assert "Enter the board&#x27;s name" in page
    assert "Select how often the board meets" in page
    assert "Enter what the board&#x27;s action log is called" in page
    assert not Board.objects.exists()


def test_a_meeting_with_no_date_is_refused_in_words(client_as, office, board):
    client = client_as(office)
    page = page_of(client.post(f"/boards/{board.pk}/meetings/new/", {"starts": "14:00"}))
    assert "Enter the date of the meeting" in page
    page = page_of(client.post(f"/boards/{board.pk}/meetings/new/", {
        "day_day": "18", "day_month": "12", "day_year": "2025", "starts": "25:00",
        "ends": "10:00"}))
    assert "Enter the time the meeting starts, like 14:00 or 2pm" in page
    assert not Meeting.objects.exists()
    response = client.post(f"/boards/{board.pk}/meetings/new/", {
        "day_day": "18", "day_month": "12", "day_year": "2025", "starts": "14:00",
        "ends": "16:30", "location": "Council House"})
    meeting = Meeting.objects.get()
    assert response["Location"] == MEETING.format(meeting.pk)
    assert meeting.starts_at.hour == 14  # 2pm in London is 2pm UTC in December


def test_minutes_on_a_meeting_not_yet_held_get_a_govuk_message(client_as, office, scheduled):
    response = client_as(office).post(f"/boards/meetings/{scheduled.pk}/minutes/",
                                      {"minutes": "Too soon."})
    page = page_of(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Minutes can be recorded only once the meeting has been held" in page
    scheduled.refresh_from_db()
    assert scheduled.minutes == ""


def test_an_action_due_before_the_meeting_gets_a_govuk_message(client_as, office, held,
                                                               owner):
    response = client_as(office).post(f"/boards/meetings/{held.pk}/actions/new/", action_form(
        owner, due_day="1", due_month="11", due_year="2025"))
    page = page_of(response)
    assert "The due date must be on or after the meeting that raised it, 13 November 2025" \
        in page
    empty = page_of(client_as(office).post(f"/boards/meetings/{held.pk}/actions/new/", {}))
    assert "Enter what is to be done" in empty and "Choose who owns the action" in empty
    assert not BoardAction.objects.exists()


def test_holding_a_meeting_with_attendance_minutes_decisions_and_actions(
        client_as, office, board, councillor, owner, make_user, today):
    from tests.web.boards.conftest import at

    meeting = services.add_meeting(board, office, starts_at=at(today, 9), ends_at=None,
                                   location="")
    client = client_as(office)
    services.add_agenda_item(meeting, office, title="Sufficiency", presenter="Head of Service",
                             priority=None, indicator=None)
    item = meeting.agenda.get()
    assert client.post(f"/boards/meetings/{meeting.pk}/held/").status_code == 302
    assert client.post(f"/boards/meetings/{meeting.pk}/attendance/", {
        f"person_{councillor.pk}": "present", "others_present": "Young inspectors"},
    ).status_code == 302
    assert client.post(f"/boards/meetings/{meeting.pk}/minutes/", {
        "minutes": "Welcome.", f"item_{item.pk}": "The board discussed sufficiency."},
    ).status_code == 302
    assert client.post(f"/boards/meetings/{meeting.pk}/decisions/new/", {
        "agenda_item": item.pk, "text": "Agreed the sufficiency strategy."}).status_code == 302
    assert client.post(f"/boards/meetings/{meeting.pk}/actions/new/", action_form(
        owner, agenda_item=item.pk)).status_code == 302
    page = page_of(client.get(MEETING.format(meeting.pk)))
    for text in ("Young inspectors", "The board discussed sufficiency.", "Decision 1",
                 "Agreed the sufficiency strategy.", "Report on sufficiency", str(councillor)):
        assert text in page, text
    assert Attendance.objects.get().status == Attendance.Status.PRESENT
    assert Decision.objects.get().agenda_item == item


def test_an_overdue_action_shows_on_the_board_and_on_its_owners_list(
        client_as, make_action, owner, board, office):
    overdue = make_action(description="Audit return home interviews", due=date(2025, 11, 14))
    done = make_action(description="Publish the sufficiency strategy")
    services.post_update(done, owner, progress=Progress.COMPLETE, commentary="Published.")
    page = page_of(client_as(owner).get("/boards/"))
    assert "Actions you own" in page
    assert "Audit return home interviews" in page and "Overdue" in page
    assert "Publish the sufficiency strategy" not in page  # complete: no longer open
    board_page = page_of(client_as(office).get(BOARD.format(board.pk) + "?show=overdue"))
    assert "Audit return home interviews" in board_page
    assert "Publish the sufficiency strategy" not in board_page
    everything = page_of(client_as(office).get(BOARD.format(board.pk) + "?show=all"))
    assert "Publish the sufficiency strategy" in everything and "Complete" in everything
    assert overdue.pk


def test_the_action_log_filters_by_status(client_as, make_action, owner, board, office):
    at_risk = make_action(description="Recruit foster carers")
    services.post_update(at_risk, owner, progress=Progress.AT_RISK, commentary="Slow.")
    make_action(description="Open a children's home")
    page = page_of(client_as(office).get(BOARD.format(board.pk) + "?status=at_risk"))
    assert "Recruit foster carers" in page and "Open a children&#x27;s home" not in page
    assert "Amber" in page  # RAG in words
    nonsense = client_as(office).get(BOARD.format(board.pk) + "?status=x&show=y")
    assert nonsense.status_code == 200


def test_the_owner_posts_an_update_and_the_office_edits(client_as, action, owner, office):
    response = client_as(owner).post(f"/boards/actions/{action.pk}/update/", {
        "progress": "on_track", "commentary": "Draft written.", "version": action.version})
    assert response["Location"] == ACTION.format(action.pk)
    action.refresh_from_db()
    response = client_as(office).post(f"/boards/actions/{action.pk}/edit/", action_form(
        owner, description="Report on sufficiency to Cabinet", version=action.version))
    assert response.status_code == 302
    page = page_of(client_as(office).get(ACTION.format(action.pk)))
    assert "Report on sufficiency to Cabinet" in page and "Draft written." in page
    assert "Audit trail" in page
    assert "Audit trail" in page_of(client_as(owner).get(ACTION.format(action.pk)))


def test_a_stale_edit_is_refused_with_the_action_as_it_now_is(client_as, action, owner,
                                                              office):
    seen = action.version
    services.post_update(action, owner, progress=Progress.AT_RISK, commentary="Slow.")
    response = client_as(office).post(f"/boards/actions/{action.pk}/edit/",
                                      action_form(owner, description="Mine", version=seen))
    page = page_of(response)
    assert "Someone else changed this action" in page
    assert "Report on placement sufficiency" in page  # the form shows it as it is now


def test_a_councillor_sees_only_the_boards_they_sit_on(client_as, councillor, board,
                                                      other_board, held):
    client = client_as(councillor)
    page = page_of(client.get("/boards/"))
    assert board.name in page and other_board.name not in page
    assert client.get(BOARD.format(other_board.pk)).status_code == 403
    assert client.get(BOARD.format(board.pk)).status_code == 200
    assert client.get(MEETING.format(held.pk)).status_code == 200
    assert "Mark as held" not in page_of(client.get(MEETING.format(held.pk)))


def test_a_partner_off_every_board_has_no_boards_menu(client_as, partner, board, make_user):
    page = page_of(client_as(partner).get("/boards/"))
    assert "There are no boards for you to read" in page
    home = page_of(client_as(partner).get("/"))
    assert 'href="/boards/"' not in home
    assert 'href="/boards/"' in page_of(client_as(make_user(Role.VIEWER)).get("/"))


def test_missing_records_are_not_found(client_as, office):
    client = client_as(office)
    for url in ("/boards/999/", "/boards/meetings/999/", "/boards/actions/999/",
                "/boards/agenda/999/edit/", "/boards/meetings/999/calendar.ics"):
        assert client.get(url).status_code == 404, url


def test_a_persons_board_actions_are_offered_to_their_own_list_on_the_risk_log(action, owner,
                                                                            make_user):
    from django.template.loader import render_to_string

    from smeaton.web.risks.extensions import my_work_sections, sections_for

    [(template, context)] = [(t, c) for t, c in sections_for(my_work_sections, owner)
                             if t.startswith("boards/")]
    assert [a.pk for a in context["board_actions"]] == [action.pk]
    assert action.description in render_to_string(template, context)
    [(_, nobodys)] = [(t, c) for t, c in sections_for(my_work_sections, make_user())
                      if t.startswith("boards/")]
    assert nobodys["board_actions"] == []


def test_attendance_left_unanswered_names_the_member(client_as, office, held, councillor):
    page = page_of(client_as(office).post(f"/boards/meetings/{held.pk}/attendance/", {}))
    assert f"Select whether {councillor} was present, sent apologies or was absent" in page
    assert not held.attendance.exists()


def test_an_agenda_item_from_another_meeting_is_refused_in_words(client_as, office, held,
                                                                 scheduled, owner):
    elsewhere = services.add_agenda_item(scheduled, office, title="Elsewhere", presenter="",
                                         priority=None, indicator=None)
    client = client_as(office)
    page = page_of(client.post(f"/boards/meetings/{held.pk}/decisions/new/",
                               {"agenda_item": elsewhere.pk, "text": "Agreed."}))
    assert "Select an item on this meeting&#x27;s agenda" in page
    page = page_of(client.post(f"/boards/meetings/{held.pk}/actions/new/",
                               action_form(owner, agenda_item=elsewhere.pk)))
    assert "Select an item on this meeting&#x27;s agenda" in page
    assert not Decision.objects.exists() and not BoardAction.objects.exists()


def test_two_officers_writing_the_minutes_at_once_do_not_overwrite_each_other(
        office, held, make_user):
    first, second = (signed_in(Client(), person)
                     for person in (office, make_user(Role.ADMINISTRATOR)))
    page = page_of(first.get(f"/boards/meetings/{held.pk}/minutes/"))
    seen = page.split('name="seen" value="')[1].split('"')[0]
    assert first.post(f"/boards/meetings/{held.pk}/minutes/",
                      {"minutes": "Theirs.", "seen": seen}).status_code == 302
    response = second.post(f"/boards/meetings/{held.pk}/minutes/",
                           {"minutes": "Mine.", "seen": seen})
    assert "Someone else saved the minutes" in page_of(response)
    assert "Mine." in page_of(response)  # what they wrote is still there to copy
    held.refresh_from_db()
    assert held.minutes == "Theirs."


def test_the_office_corrects_a_decision(client_as, office, held, councillor):
    decision = services.add_decision(held, office, text="Agred.")
    client = client_as(office)
    assert "Edit<span class=\"govuk-visually-hidden\"> decision 1" in page_of(
        client.get(MEETING.format(held.pk)))
    response = client.post(f"/boards/decisions/{decision.pk}/edit/",
                           {"agenda_item": "", "text": "Agreed."})
    assert response["Location"] == MEETING.format(held.pk)
    decision.refresh_from_db()
    assert decision.text == "Agreed."
    assert client_as(councillor).get(f"/boards/decisions/{decision.pk}/edit/"
                                     ).status_code == 403


def test_an_agenda_item_links_a_risk_which_a_partner_sees_only_by_its_reference(
        client_as, office, owner, held, board, partner):
    from smeaton.web.risks import services as risk_services
    from smeaton.web.risks.models import Category

    risk = risk_services.raise_risk(
        office, title="Not enough homes", cause="Fewer carers", event="Children placed away",
        consequence="Worse outcomes",
        category=Category.objects.get_or_create(name="Sufficiency")[0],
        owner=owner, inherent_likelihood=4, inherent_impact=4, current_likelihood=3,
        current_impact=4, target_likelihood=2, target_impact=3,
        next_review=date.today() + timedelta(days=30))
    client = client_as(office)
    response = client.post(f"/boards/meetings/{held.pk}/agenda/new/",
                           {"title": "Sufficiency", "presenter": "", "risk": risk.pk})
    assert response.status_code == 302
    page = page_of(client.get(f"/boards/meetings/{held.pk}/"))
    assert f'href="/risks/{risk.pk}/">{risk}</a>' in page
    board.members.add(partner)  # a partner on the board does not read the council's risks
    page = page_of(client_as(partner).get(f"/boards/meetings/{held.pk}/"))
    assert f"{risk.reference} (on the council's risk register)" in page
    assert f'href="/risks/{risk.pk}/"' not in page
    refused = client_as(office).post(f"/boards/meetings/{held.pk}/agenda/new/",
                                     {"title": "Closed", "presenter": "", "risk": 999999})
    assert "Select an open risk from the list" in page_of(refused)


def test_attendance_has_no_default_and_its_changes_are_in_the_meetings_trail(
        client_as, office, held, councillor):
    client = client_as(office)
    form = page_of(client.get(f"/boards/meetings/{held.pk}/attendance/"))
    assert f'name="person_{councillor.pk}"' in form
    assert "checked" not in form.split(f'name="person_{councillor.pk}"', 1)[1].split(
        "</fieldset>")[0]
    assert client.post(f"/boards/meetings/{held.pk}/attendance/", {
        f"person_{councillor.pk}": "present"}).status_code == 302
    assert client.post(f"/boards/meetings/{held.pk}/attendance/", {
        f"person_{councillor.pk}": "apologies"}).status_code == 302
    page = page_of(client.get(MEETING.format(held.pk)))
    trail = page.split("Audit trail")[1]
    assert f"Attendance recorded: {councillor} not recorded to Present" in trail
    assert f"Attendance recorded: {councillor} Present to Sent apologies" in trail


def test_a_change_with_no_field_changed_names_its_reason_once_in_the_trail(
        client_as, office, board, make_user):
    joining = make_user(Role.COUNCILLOR, username="newcllr", first_name="Ann", last_name="Lee")
    services.change_board(board, office, members=[*board.members.all(), joining])
    page = page_of(client_as(office).get(BOARD.format(board.pk)))
    assert page.split("Audit trail")[1].count("Joined the board: Ann Lee") == 1


def test_an_overdue_action_does_not_say_it_is_expected_by_its_due_date(client_as, make_action,
                                                                       owner):
    overdue = make_action(due=date(2025, 11, 14))
    page = page_of(client_as(owner).get(ACTION.format(overdue.pk)))
    assert "Not yet reported: the due date has passed" in page
    assert "By the due date" not in page


def test_a_councillor_refused_a_board_is_told_its_business_is_for_its_members(
        client_as, make_user, board):
    outsider = make_user(Role.COUNCILLOR, username="other", first_name="Ola", last_name="Lee")
    response = client_as(outsider).get(BOARD.format(board.pk))
    assert response.status_code == 403
    page = page_of(response)
    assert f"The {board}&#x27;s business is for its members, and you do not sit on it." in page


def test_a_start_time_is_taken_as_people_write_it(client_as, office, board):
    from smeaton.web.boards.forms import time_of
    for text, expected in [("2pm", (14, 0)), ("2:30pm", (14, 30)), ("14.30", (14, 30)),
                           ("2.30 p.m.", (14, 30)), ("12pm", (12, 0)), ("12am", (0, 0)),
                           ("9:05", (9, 5)), ("11 AM", (11, 0))]:
        found = time_of(text)
        assert (found.hour, found.minute) == expected, text
    for text in ("14", "13pm", "25:00", "2:60pm", "noonish"):
        assert time_of(text) is None, text
    response = client_as(office).post(f"/boards/{board.pk}/meetings/new/", {
        "day_day": "18", "day_month": "12", "day_year": "2025", "starts": "2pm",
        "ends": "4:30pm"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.starts_at.hour, meeting.ends_at.hour, meeting.ends_at.minute) == (14, 16, 30)


def test_mark_as_held_is_offered_only_once_the_meeting_has_started(client_as, office, board,
                                                                  scheduled, today):
    from tests.web.boards.conftest import at

    page = page_of(client_as(office).get(MEETING.format(scheduled.pk)))
    assert "Mark as held" not in page
    assert "It can be marked as held once it has started, from" in page
    started = services.add_meeting(board, office, starts_at=at(today, 9), ends_at=None,
                                   location="")
    page = page_of(client_as(office).get(MEETING.format(started.pk)))
    assert "Mark as held" in page and "once it has started" not in page
