from datetime import date

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.boards import services
from smeaton.web.boards.models import Attendance, BoardAction, Decision, Meeting
from smeaton.web.boards.services import BoardsError
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag
from tests.web.boards.conftest import at


def test_a_meeting_is_held_only_once_it_has_started(scheduled, office):
    with pytest.raises(BoardsError, match="only once it has started"):
        services.mark_held(scheduled, office)
    scheduled.refresh_from_db()
    assert scheduled.state == Meeting.State.SCHEDULED


def test_a_held_meeting_is_neither_held_again_nor_cancelled(held, office):
    with pytest.raises(BoardsError, match="already marked held"):
        services.mark_held(held, office)
    with pytest.raises(BoardsError, match="already marked held"):
        services.cancel_meeting(held, office, because="No quorum")


def test_cancelling_needs_a_reason_and_ends_the_record(scheduled, office):
    with pytest.raises(BoardsError, match="Enter why"):
        services.cancel_meeting(scheduled, office, because="  ")
    services.cancel_meeting(scheduled, office, because="The chair is unwell")
    scheduled.refresh_from_db()
    assert (scheduled.state, scheduled.cancelled_because) == (Meeting.State.CANCELLED,
                                                              "The chair is unwell")
    with pytest.raises(BoardsError, match="cancelled"):
        services.add_agenda_item(scheduled, office, title="Late item", presenter="",
                                 priority=None, indicator=None)
    assert scheduled.history.latest().history_change_reason == f"Cancelled by {office}"


def test_minutes_decisions_and_actions_wait_for_the_meeting_to_be_held(scheduled, office,
                                                                      owner):
    with pytest.raises(BoardsError, match="Minutes can be recorded only once"):
        services.record_minutes(scheduled, office, minutes="Too soon", of_items={})
    with pytest.raises(BoardsError, match="Decisions can be recorded only once"):
        services.add_decision(scheduled, office, text="Agreed")
    with pytest.raises(BoardsError, match="Actions can be recorded only once"):
        services.add_action(scheduled, office, description="Do it", owner=owner,
                            due=date(2026, 1, 31), agenda_item=None)
    assert not Decision.objects.exists() and not BoardAction.objects.exists()


def test_apologies_come_before_a_meeting_and_presence_after(scheduled, held, office,
                                                           councillor):
    services.record_attendance(scheduled, office,
                               statuses={councillor: Attendance.Status.APOLOGIES})
    assert scheduled.attendance.get().status == Attendance.Status.APOLOGIES
    with pytest.raises(BoardsError, match="only once the meeting has been held"):
        services.record_attendance(scheduled, office,
                                   statuses={councillor: Attendance.Status.PRESENT})
    services.record_attendance(held, office, statuses={councillor: Attendance.Status.PRESENT},
                               others_present="Two young people from the Children in Care "
                                              "Council")
    held.refresh_from_db()
    assert held.attendance.get().status == Attendance.Status.PRESENT
    assert "Children in Care Council" in held.others_present


def test_agenda_items_go_on_the_end_and_decisions_are_numbered_in_turn(held, office,
                                                                      priority):
    first = services.add_agenda_item(held, office, title="Placement sufficiency",
                                     presenter="Head of Service", priority=priority,
                                     indicator=None)
    second = services.add_agenda_item(held, office, title="Any other business",
                                      presenter="", priority=None, indicator=None)
    assert (first.number, second.number) == (1, 2)
    decisions = [services.add_decision(held, office, text=text, agenda_item=first)
                 for text in ("Agreed the strategy", "Asked for a report in March")]
    assert [d.number for d in decisions] == [1, 2]
    assert decisions[0].history.latest().history_user == office


def test_a_decision_names_only_an_item_of_its_own_meeting(held, scheduled, office):
    elsewhere = services.add_agenda_item(scheduled, office, title="Elsewhere", presenter="",
                                         priority=None, indicator=None)
    with pytest.raises(BoardsError, match="Choose an item on this meeting's agenda"):
        services.add_decision(held, office, text="Agreed", agenda_item=elsewhere)


def test_minutes_are_kept_for_the_meeting_and_each_item(held, office):
    item = services.add_agenda_item(held, office, title="Sufficiency", presenter="",
                                    priority=None, indicator=None)
    services.record_minutes(held, office, minutes="Welcome.", of_items={item.pk: "Discussed."})
    item.refresh_from_db()
    held.refresh_from_db()
    assert (held.minutes, item.minutes) == ("Welcome.", "Discussed.")
    assert item.history.latest().history_user == office


def test_actions_are_numbered_in_their_boards_log(make_action, other_board, office):
    assert [make_action().number for _ in range(3)] == [1, 2, 3]
    meeting = services.add_meeting(other_board, office, starts_at=at(date(2025, 11, 1)),
                                   ends_at=None, location="", state=Meeting.State.HELD)
    action = services.add_action(meeting, office, description="Elsewhere", owner=office,
                                 due=date(2026, 1, 1), agenda_item=None)
    assert action.number == 1


def test_an_action_due_before_its_meeting_is_refused(make_action):
    with pytest.raises(BoardsError, match="on or after the meeting that raised it, "
                                          "13 November 2025") as refused:
        make_action(due=date(2025, 11, 12))
    assert refused.value.field == "due"
    assert make_action(due=date(2025, 11, 13)).due == date(2025, 11, 13)


def test_a_councillor_or_a_partner_off_the_board_cannot_own_an_action(
        make_action, councillor, partner, board, office):
    with pytest.raises(BoardsError, match="cannot own the board's actions") as refused:
        make_action(owner=councillor)  # a member, but one who only reads
    assert refused.value.field == "owner"
    with pytest.raises(BoardsError, match="cannot own"):
        make_action(owner=partner)
    services.change_board(board, office, members=[partner])
    assert make_action(owner=partner).owner == partner


def test_an_owners_update_sets_the_status_and_rag(action, owner):
    services.post_update(action, owner, progress=Progress.AT_RISK, commentary="Slow.")
    [rated] = services.BoardAction.objects.filter(pk=action.pk)
    assert rated.progress == Progress.AT_RISK
    assert rated.rag() == Rag.AMBER
    assert rated.updates.get().author == owner


def test_an_edit_never_undoes_an_update_posted_since(action, owner, office):
    seen = action.version
    services.post_update(action, owner, progress=Progress.COMPLETE, commentary="Done.")
    with pytest.raises(services.ChangedMeanwhile):
        services.change_action(action, office, seen_version=seen, description="Changed")
    action.refresh_from_db()
    assert (action.progress, action.description) == (Progress.COMPLETE,
                                                     "Report on placement sufficiency")


def test_editing_an_action_writes_only_its_details_and_is_audited(action, office):
    services.change_action(action, office, seen_version=action.version,
                           due=date(2026, 2, 28))
    action.refresh_from_db()
    assert action.due == date(2026, 2, 28)
    assert action.history.latest().history_user == office
    with pytest.raises(ValueError, match="progress"):
        services.change_action(action, office, seen_version=action.version,
                               progress=Progress.COMPLETE)


def test_a_board_name_is_used_once(board, office):
    with pytest.raises(BoardsError, match="already exists"):
        services.add_board(office, name="improvement board", purpose="", chair=None,
                           cadence="monthly", action_log_name="Action log")


def test_a_meeting_ends_after_it_starts(board, office):
    with pytest.raises(BoardsError, match="end time must be after"):
        services.add_meeting(board, office, starts_at=at(date(2025, 12, 1), 14),
                             ends_at=at(date(2025, 12, 1), 13), location="")


def test_nobody_but_the_owner_is_offered_as_owner_who_only_reads(board, make_user, partner):
    from smeaton.web.boards.queries import possible_owners

    viewer = make_user(Role.VIEWER)
    owners = set(possible_owners(board))
    assert viewer not in owners and partner not in owners


def test_a_boards_history_keeps_its_members_as_they_changed(board, office, owner,
                                                            councillor):
    services.change_board(board, office, members=[owner])
    latest = board.history.latest()
    assert [m.user for m in latest.members.all()] == [owner]
    assert latest.history_user == office
    assert any([m.user for m in h.members.all()] == [councillor]
               for h in board.history.all())  # as it was set up


def test_a_meeting_cannot_move_after_the_due_date_of_an_action_it_raised(action, held, office):
    with pytest.raises(BoardsError, match="change their due dates first"):
        services.change_meeting(held, office, starts_at=at(date(2026, 2, 1)), ends_at=None)
    services.change_meeting(held, office, starts_at=at(date(2025, 11, 12)), ends_at=None)
    held.refresh_from_db()
    assert held.date == date(2025, 11, 12)


def test_the_index_counts_each_boards_open_and_overdue_actions(make_action, owner, board,
                                                               other_board, scheduled,
                                                               office, today):
    from smeaton.web.boards import queries

    make_action(due=date(2025, 11, 14))  # overdue
    make_action()
    done = make_action()
    services.post_update(done, owner, progress=Progress.COMPLETE, commentary="Done.")
    rows = {row.board: row for row in queries.boards_for(office)}
    assert (rows[board].open, rows[board].overdue) == (2, 1)
    assert rows[board].next_meeting == scheduled
    assert (rows[other_board].open, rows[other_board].overdue, rows[other_board].next_meeting
            ) == (0, 0, None)


def test_a_boards_audit_trail_says_who_joined_and_who_left(board, office, owner, councillor):
    from smeaton.web.audit.trail import trail

    services.change_board(board, office, members=[owner])
    reasons = [entry.reason for entry in trail(board)]
    assert f"Joined the board: {owner}" in reasons
    assert f"Left the board: {councillor}" in reasons
    assert f"Joined the board: {councillor}" in reasons  # when it was set up
    assert reasons.count(f"Set up by {office}") == 1


def test_a_chairs_count_of_actions_is_not_multiplied_by_the_members(make_action, board, office,
                                                                   make_user, owner):
    from smeaton.web.boards import queries

    chair = make_user(Role.COUNCILLOR)
    services.change_board(board, office, chair=chair,
                          members=[make_user(Role.COUNCILLOR), make_user(Role.COUNCILLOR)])
    make_action()
    [row] = queries.boards_for(chair)
    assert (row.board, row.open) == (board, 1)


def test_minutes_saved_over_someone_elses_are_refused_not_lost(held, office, make_user):
    item = services.add_agenda_item(held, office, title="Sufficiency", presenter="",
                                    priority=None, indicator=None)
    seen = services.minutes_seen(held)
    services.record_minutes(held, office, minutes="", of_items={item.pk: "Theirs."},
                            seen=seen)
    with pytest.raises(services.ChangedMeanwhile, match="Someone else saved the minutes"):
        services.record_minutes(held, make_user(Role.ADMINISTRATOR), minutes="Mine.",
                                of_items={item.pk: "Mine."}, seen=seen)
    item.refresh_from_db()
    held.refresh_from_db()
    assert (held.minutes, item.minutes) == ("", "Theirs.")


def test_a_decision_is_corrected_and_keeps_its_number(held, office):
    decision = services.add_decision(held, office, text="Agred the strategy")
    services.change_decision(decision, office, text="Agreed the strategy", agenda_item=None)
    decision.refresh_from_db()
    assert (decision.number, decision.text) == (1, "Agreed the strategy")
    assert decision.history.latest().history_user == office
