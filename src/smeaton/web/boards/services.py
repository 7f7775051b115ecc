"""What the programme office and action owners do to the boards' records, each as one
atomic, audited step.

Views call these after checking permission; these check the state of the records (minutes
for a meeting not yet held, an action due before the meeting that raised it, an action
someone else has just changed) and refuse with a ``BoardsError`` whose message is written
for the person who tried.
"""

import hashlib
import json
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from smeaton.web.accounts.roles import READ_ONLY
from smeaton.web.audit.models import attribute
from smeaton.web.boards.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardAction,
    BoardActionUpdate,
    Decision,
    Meeting,
)
from smeaton.web.boards.rules import reads_board
from smeaton.web.formats import govuk_date
from smeaton.web.plan.delivery import record_progress
from smeaton.web.plan.rag import Progress


class BoardsError(Exception):
    """A request the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ChangedMeanwhile(BoardsError):
    """Someone else saved the record since the person saw it."""


BOARD_DETAILS = ("name", "purpose", "chair", "cadence", "action_log_name")
MEETING_DETAILS = ("starts_at", "ends_at", "location")
AGENDA_ITEM_DETAILS = ("title", "presenter", "priority", "indicator", "risk")
# What editing an action may change: its progress changes only through updates.
ACTION_DETAILS = ("description", "owner", "due", "agenda_item")


def _only(details: dict, allowed: tuple[str, ...], what: str) -> None:
    if unknown := set(details) - set(allowed):
        raise ValueError(f"Not {what}'s detail: {', '.join(sorted(unknown))}")


def _save(record, by, at: datetime | None = None, reason: str | None = None, **kwargs):
    attribute(record, by, at, reason)
    record.save(**kwargs)
    return record


# Boards ------------------------------------------------------------------------------

def _check_board(board: Board) -> None:
    clash = Board.objects.filter(name__iexact=board.name).exclude(pk=board.pk)
    if clash.exists():
        raise BoardsError("A board with this name already exists", field="name")


@transaction.atomic
def add_board(by, *, members=(), illustrative: bool = False, at: datetime | None = None,
              **details) -> Board:
    _only(details, BOARD_DETAILS, "a board")
    board = Board(illustrative=illustrative, **details)
    _check_board(board)
    _save(board, by, at, f"Set up by {by}")
    _set_members(board, members)
    return board


@transaction.atomic
def change_board(board: Board, by, *, members=None, **details) -> Board:
    _only(details, BOARD_DETAILS, "a board")
    board = Board.objects.select_for_update().get(pk=board.pk)
    for name, value in details.items():
        setattr(board, name, value)
    _check_board(board)
    _save(board, by)
    if members is not None:
        _set_members(board, members)
    return board


def _set_members(board: Board, members) -> None:
    """Who sits on the board now; its audit trail says who joined and who left (the
    person and time are those of the board's save just before)."""
    now, wanted = set(board.members.all()), set(members)
    names = lambda people: ", ".join(sorted(str(p) for p in people))  # noqa: E731
    if leaving := now - wanted:
        board._change_reason = f"Left the board: {names(leaving)}"
        board.members.remove(*leaving)
    if joining := wanted - now:
        board._change_reason = f"Joined the board: {names(joining)}"
        board.members.add(*joining)
    board._change_reason = None


# Meetings ----------------------------------------------------------------------------

def _lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting as it is now, locked until the change commits, so that two people
    numbering its decisions or changing its state never collide."""
    return Meeting.objects.select_related("board").select_for_update().get(pk=meeting.pk)


def _check_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise BoardsError("The end time must be after the start time", field="ends")


def _must_be_held(meeting: Meeting, what: str) -> None:
    if not meeting.held:
        raise BoardsError(f"{what} can be recorded only once the meeting has been held. "
                          "Mark the meeting as held first")


def _must_not_be_cancelled(meeting: Meeting) -> None:
    if meeting.cancelled:
        raise BoardsError("The meeting was cancelled, so nothing more can be recorded for it")


@transaction.atomic
def add_meeting(board: Board, by, *, state: str = Meeting.State.SCHEDULED,
                at: datetime | None = None, **details) -> Meeting:
    """``state`` is for loading past meetings (the demo); people mark a meeting held."""
    _only(details, MEETING_DETAILS, "a meeting")
    meeting = Meeting(board=board, state=state, **details)
    _check_times(meeting.starts_at, meeting.ends_at)
    return _save(meeting, by, at, f"Arranged by {by}")


@transaction.atomic
def change_meeting(meeting: Meeting, by, **details) -> Meeting:
    _only(details, MEETING_DETAILS, "a meeting")
    meeting = _lock_meeting(meeting)
    _must_not_be_cancelled(meeting)
    for name, value in details.items():
        setattr(meeting, name, value)
    _check_times(meeting.starts_at, meeting.ends_at)
    if meeting.actions.filter(due__lt=meeting.date).exists():
        raise BoardsError("Actions raised at this meeting are due before that date: change "
                          "their due dates first", field="day")
    return _save(meeting, by, update_fields=list(details))


@transaction.atomic
def mark_held(meeting: Meeting, by, *, at: datetime | None = None) -> Meeting:
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.SCHEDULED:
        raise BoardsError(f"The meeting is already marked {meeting.get_state_display().lower()}")
    if meeting.starts_at > (at or timezone.now()):
        raise BoardsError("A meeting can be marked as held only once it has started")
    meeting.state = Meeting.State.HELD
    return _save(meeting, by, at, f"Marked held by {by}", update_fields=["state"])


@transaction.atomic
def cancel_meeting(meeting: Meeting, by, *, because: str) -> Meeting:
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.SCHEDULED:
        raise BoardsError(f"The meeting is already marked {meeting.get_state_display().lower()}")
    if not because.strip():
        raise BoardsError("Enter why the meeting was cancelled", field="because")
    meeting.state, meeting.cancelled_because = Meeting.State.CANCELLED, because.strip()
    return _save(meeting, by, reason=f"Cancelled by {by}",
                 update_fields=["state", "cancelled_because"])


# The agenda --------------------------------------------------------------------------

@transaction.atomic
def add_agenda_item(meeting: Meeting, by, *, at: datetime | None = None,
                    **details) -> AgendaItem:
    """The item goes at the end of the agenda."""
    _only(details, AGENDA_ITEM_DETAILS, "an agenda item")
    meeting = _lock_meeting(meeting)
    _must_not_be_cancelled(meeting)
    last = meeting.agenda.aggregate(last=Max("number"))["last"] or 0
    item = AgendaItem(meeting=meeting, number=last + 1, **details)
    return _save(item, by, at, f"Added to the agenda by {by}")


@transaction.atomic
def change_agenda_item(item: AgendaItem, by, *, number: int | None = None,
                       **details) -> AgendaItem:
    _only(details, AGENDA_ITEM_DETAILS, "an agenda item")
    _must_not_be_cancelled(_lock_meeting(item.meeting))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    for name, value in details.items():
        setattr(item, name, value)
    if number is not None:
        item.number = number
    return _save(item, by)


# What happened at the meeting --------------------------------------------------------

@transaction.atomic
def record_attendance(meeting: Meeting, by, *, statuses: dict, others_present: str = "",
                      at: datetime | None = None) -> Meeting:
    """Who came and who sent apologies: ``statuses`` maps each person to an
    ``Attendance.Status``. Apologies come before a meeting; "present" only after it."""
    meeting = _lock_meeting(meeting)
    _must_not_be_cancelled(meeting)
    if not meeting.held and (Attendance.Status.PRESENT in statuses.values()
                             or others_present.strip()):
        raise BoardsError("Who was present can be recorded only once the meeting has been "
                          "held. Before it, record apologies")
    changed = []
    for person, status in statuses.items():
        record = (meeting.attendance.filter(person=person).first()
                  or Attendance(meeting=meeting, person=person))
        if record.pk is None or record.status != status:
            before = record.get_status_display() if record.pk else "not recorded"
            record.status = status
            _save(record, by, at)
            changed.append(f"{person} {before} to {record.get_status_display()}")
    # The meeting's audit trail says whose attendance changed (each person's record keeps
    # its own history too), in the same save as any change to others present.
    if changed or meeting.others_present != others_present:
        meeting.others_present = others_present
        reason = f"Attendance recorded: {'; '.join(changed)}" if changed else None
        _save(meeting, by, at, reason, update_fields=["others_present"])
    return meeting


def minutes_seen(meeting: Meeting) -> str:
    """A fingerprint of the minutes as they stand, meeting and items: a form carries the
    one its writer saw, so that a save over someone else's is refused, not lost."""
    written = [meeting.minutes, *[[item.pk, item.minutes] for item in meeting.agenda.all()]]
    return hashlib.sha256(json.dumps(written).encode()).hexdigest()


@transaction.atomic
def record_minutes(meeting: Meeting, by, *, minutes: str, of_items: dict[int, str],
                   seen: str | None = None, at: datetime | None = None) -> Meeting:
    """The minutes of the meeting as a whole, and of each agenda item (by its id);
    refused if they changed since the writer saw them (``seen``, from ``minutes_seen``)."""
    meeting = _lock_meeting(meeting)
    _must_be_held(meeting, "Minutes")
    if seen is not None and seen != minutes_seen(meeting):
        raise ChangedMeanwhile(
            "Someone else saved the minutes while you were writing them, so yours were not "
            "saved. Copy what you wrote, open the minutes again, and add it to theirs")
    for item in meeting.agenda.filter(pk__in=of_items):
        if item.minutes != of_items[item.pk]:
            item.minutes = of_items[item.pk]
            _save(item, by, at, update_fields=["minutes"])
    if meeting.minutes != minutes:
        meeting.minutes = minutes
        _save(meeting, by, at, update_fields=["minutes"])
    return meeting


def _check_item(meeting: Meeting, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise BoardsError("Choose an item on this meeting's agenda", field="agenda_item")


@transaction.atomic
def change_decision(decision: Decision, by, *, text: str,
                    agenda_item: AgendaItem | None) -> Decision:
    meeting = _lock_meeting(decision.meeting)
    _check_item(meeting, agenda_item)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.text, decision.agenda_item = text, agenda_item
    return _save(decision, by, update_fields=["text", "agenda_item"])


@transaction.atomic
def add_decision(meeting: Meeting, by, *, text: str, agenda_item: AgendaItem | None = None,
                 at: datetime | None = None) -> Decision:
    """Numbered after the meeting's last decision."""
    meeting = _lock_meeting(meeting)
    _must_be_held(meeting, "Decisions")
    _check_item(meeting, agenda_item)
    last = meeting.decisions.aggregate(last=Max("number"))["last"] or 0
    decision = Decision(meeting=meeting, agenda_item=agenda_item, number=last + 1, text=text)
    return _save(decision, by, at, f"Recorded by {by}")


# The action log ----------------------------------------------------------------------

def may_own(person, board: Board) -> bool:
    """Whether this person may own the board's actions: someone who reads the board and
    can report progress (not a councillor or viewer, who only read)."""
    return person.is_active and person.role not in READ_ONLY and reads_board(person, board)


def _check_action(action: BoardAction) -> None:
    if not may_own(action.owner, action.board):
        raise BoardsError(f"{action.owner} cannot own the board's actions: choose someone "
                          "at the council, or a partner who sits on the board", field="owner")
    meeting_day = action.meeting.date
    if action.due < meeting_day:
        raise BoardsError("The due date must be on or after the meeting that raised it, "
                          f"{govuk_date(meeting_day)}", field="due")
    _check_item(action.meeting, action.agenda_item)


def _lock_action(pk: int, seen_version: int | None) -> BoardAction:
    """The action as it is now, locked until the change commits; refused if someone else
    changed it since the person saw ``seen_version``, so no one's change is lost."""
    action = BoardAction.objects.select_for_update().select_related("board", "meeting").get(
        pk=pk)
    if seen_version is not None and action.version != seen_version:
        raise ChangedMeanwhile(
            "Someone else changed this action while you were working on it, so your change "
            "was not saved. Check the action as it is now, then make your change again")
    return action


@transaction.atomic
def add_action(meeting: Meeting, by, *, at: datetime | None = None,
               **details) -> BoardAction:
    """An action raised at a held meeting, numbered after its board's last."""
    _only(details, ACTION_DETAILS, "an action")
    meeting = _lock_meeting(meeting)
    _must_be_held(meeting, "Actions")
    board = Board.objects.select_for_update().get(pk=meeting.board_id)
    last = board.actions.aggregate(last=Max("number"))["last"] or 0
    action = BoardAction(board=board, meeting=meeting, number=last + 1, **details)
    _check_action(action)
    if at:
        action.created_at = at
    return _save(action, by, at, f"Raised by {by}")


@transaction.atomic
def change_action(action: BoardAction, by, *, seen_version: int, **details) -> BoardAction:
    """Change an action's details, writing only those: never a stale copy of the rest (an
    owner's update posted a moment earlier keeps its progress)."""
    _only(details, ACTION_DETAILS, "an action")
    action = _lock_action(action.pk, seen_version)
    for name, value in details.items():
        setattr(action, name, value)
    _check_action(action)
    return _save(action, by, update_fields=[*details, "version"])


@transaction.atomic
def post_update(action: BoardAction, author, *, progress: Progress, commentary: str,
                forecast: date | None = None, seen_version: int | None = None,
                posted_at: datetime | None = None) -> BoardActionUpdate:
    """Record an owner's update. ``posted_at`` is for loading past updates (the demo)."""
    action = _lock_action(action.pk, seen_version)
    return record_progress(action, author, progress=progress, commentary=commentary,
                           forecast=forecast, posted_at=posted_at, refusal=BoardsError)
