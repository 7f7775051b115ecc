"""Who may read and change the boards, their meetings and action logs.
docs/people-and-permissions.md and docs/boards.md have the table.

The programme office (administrators and leadership) configures the boards and keeps
their records: meetings, agendas, attendance, minutes, decisions and actions. An
action's owner posts its updates, and nobody else does. Everyone at the council reads
every board; councillors and partners sit on particular boards and read only those,
their meetings and action logs. Nobody deletes any of it.
"""

from django.db.models import Q

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import rule, scope
from smeaton.web.accounts.roles import OUTSIDE_THE_COUNCIL, READ_ONLY
from smeaton.web.boards.models import AgendaItem, Board, BoardAction, Decision, Meeting

PROGRAMME_OFFICE = (Role.ADMINISTRATOR, Role.LEADERSHIP)

# Elected members and partners' people sit on particular boards: they read those, and no
# other board's business (a viewer, an officer of the council, reads every board).
MEMBERS_ONLY: frozenset[Role] = frozenset({Role.COUNCILLOR}) | OUTSIDE_THE_COUNCIL

def programme_office(user, _record=None) -> bool:
    return user.has_role(*PROGRAMME_OFFICE)


def board_of(record) -> Board:
    if isinstance(record, Board):
        return record
    if isinstance(record, (Meeting, BoardAction)):
        return record.board
    return record.meeting.board  # an agenda item, a decision


def reads_board(user, board: Board | None) -> bool:
    """Whether this person reads the board: everyone at the council, and those who sit on
    it (its members and its chair)."""
    if user.role not in MEMBERS_ONLY:
        return True
    return board is not None and (board.chair_id == user.pk
                                  or board.members.filter(pk=user.pk).exists())


def sits_on(user, path: str = "") -> Q:
    """The records of the boards this person sits on, as a filter; ``path`` leads from
    the record to its board."""
    return Q(**{f"{path}members": user}) | Q(**{f"{path}chair": user})


@rule(Board, "list")
def anyone_signed_in(user, _record):
    return True  # the list shows only the boards the person reads (the scope below)


@rule(Board, "view")
@rule(Meeting, "view")
@rule(AgendaItem, "view")
@rule(Decision, "view")
def reads_its_board(user, record):
    return record is not None and reads_board(user, board_of(record))


def why_not_read(user, record) -> str:
    """Why a person may not read a board's record, in words for the refusal page: one who
    sits on particular boards is told the board's business is for its members."""
    if user.is_authenticated and user.role in MEMBERS_ONLY:
        return (f"The {board_of(record)}'s business is for its members, and you do not "
                "sit on it.")
    return ""


def owns(user, action: BoardAction | None) -> bool:
    return action is not None and action.owner_id == user.pk


@rule(BoardAction, "view")
def reads_its_board_or_owns_it(user, action):
    return owns(user, action) or reads_its_board(user, action)


rule(Board, "add", "change", "add_meeting", "view_history")(programme_office)
rule(Meeting, "change", "view_history")(programme_office)
rule(AgendaItem, "change", "view_history")(programme_office)
rule(Decision, "change", "view_history")(programme_office)
rule(BoardAction, "change")(programme_office)


@rule(BoardAction, "post_update")
def owner(user, action):
    return owns(user, action) and user.role not in READ_ONLY


@rule(BoardAction, "view_history")
def owner_or_programme_office(user, action):
    return programme_office(user) or owns(user, action)


@scope(Board)
def boards_visible(user, boards):
    if user.role not in MEMBERS_ONLY:
        return boards
    return boards.filter(sits_on(user)).distinct()


@scope(Meeting)
def meetings_visible(user, meetings):
    if user.role not in MEMBERS_ONLY:
        return meetings
    return meetings.filter(sits_on(user, "board__")).distinct()


@scope(BoardAction)
def actions_visible(user, actions):
    if user.role not in MEMBERS_ONLY:
        return actions
    return actions.filter(sits_on(user, "board__") | Q(owner=user)).distinct()
