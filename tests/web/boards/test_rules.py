import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can, visible
from smeaton.web.boards import services
from smeaton.web.boards.models import Board, BoardAction, Meeting

AT_THE_COUNCIL = [Role.ADMINISTRATOR, Role.LEADERSHIP, Role.PRIORITY_LEAD, Role.CONTRIBUTOR,
                  Role.VIEWER, Role.ANALYST]


@pytest.mark.parametrize("role", AT_THE_COUNCIL)
def test_everyone_at_the_council_reads_every_board(make_user, board, other_board, held,
                                                   action, role):
    person = make_user(role)
    for record in (board, other_board, held, action):
        assert can(person, "view", record), record
    assert set(visible(person, Board.objects.all())) == {board, other_board}


@pytest.mark.parametrize(("role", "manages"), [
    (Role.ADMINISTRATOR, True), (Role.LEADERSHIP, True), (Role.PRIORITY_LEAD, False),
    (Role.CONTRIBUTOR, False), (Role.VIEWER, False), (Role.ANALYST, False),
    (Role.PARTNER, False), (Role.COUNCILLOR, False)])
def test_the_programme_office_manages_the_boards_and_sees_their_audit_trails(
        make_user, board, held, action, role, manages):
    person = make_user(role)
    assert can(person, "add", Board) is manages
    assert can(person, "change", board) is manages
    assert can(person, "add_meeting", board) is manages
    assert can(person, "change", held) is manages
    assert can(person, "change", action) is manages
    for record in (board, held, action):
        assert can(person, "view_history", record) is manages
    assert not can(person, "post_update", action)  # not theirs


def test_an_owner_posts_updates_on_their_own_action_and_sees_its_trail(action, owner,
                                                                     make_user):
    assert can(owner, "post_update", action)
    assert can(owner, "view_history", action)
    assert not can(owner, "change", action)
    assert not can(make_user(Role.CONTRIBUTOR), "post_update", action)


@pytest.mark.parametrize("role", [Role.COUNCILLOR, Role.PARTNER])
def test_councillors_and_partners_read_only_the_boards_they_sit_on(
        make_user, board, other_board, held, action, office, role):
    person = make_user(role)
    assert not can(person, "view", board)
    assert list(visible(person, Board.objects.all())) == []
    services.change_board(board, office, members=[person])
    assert can(person, "view", board)
    assert can(person, "view", held)
    assert can(person, "view", action)
    assert not can(person, "view", other_board)
    assert list(visible(person, Board.objects.all())) == [board]
    assert list(visible(person, Meeting.objects.all())) == [held]
    assert list(visible(person, BoardAction.objects.all())) == [action]
    assert can(person, "list", Board)  # the list, narrowed to theirs


def test_a_partner_who_owns_an_action_reads_it_even_off_the_board(
        make_action, board, office, partner):
    services.change_board(board, office, members=[partner])
    action = make_action(owner=partner)
    services.change_board(board, office, members=[])  # they left the board since
    action.refresh_from_db()
    assert can(partner, "view", action)
    assert can(partner, "post_update", action)
    assert not can(partner, "view", board)
    assert list(visible(partner, BoardAction.objects.all())) == [action]


def test_a_closed_account_may_do_nothing(action, owner):
    owner.is_active = False
    owner.save()
    assert not can(owner, "view", action)
    assert not can(owner, "post_update", action)


def test_nobody_deletes_any_of_it(make_user, board, held, action):
    for role in Role:
        person = make_user(role)
        for record in (board, held, action):
            assert not can(person, "delete", record)


def test_a_councillor_who_chairs_a_board_reads_it_though_not_named_a_member(
        make_user, other_board, office):
    chair = make_user(Role.COUNCILLOR)
    assert not can(chair, "view", other_board)
    services.change_board(other_board, office, chair=chair)
    other_board.refresh_from_db()
    assert can(chair, "view", other_board)
    assert list(visible(chair, Board.objects.all())) == [other_board]
