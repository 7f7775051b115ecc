"""What the boards' pages read: the boards a person reads with their next meetings and
open and overdue actions, a board's meetings and its action log filtered, a person's own
actions. Changes live in services.py; these never change a record.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smeaton.web.accounts.permissions import visible
from smeaton.web.accounts.roles import READ_ONLY
from smeaton.web.boards.models import Attendance, Board, BoardAction, Meeting
from smeaton.web.boards.rules import MEMBERS_ONLY
from smeaton.web.plan.delivery import RatedAction, rate
from smeaton.web.plan.rag import Progress

__all__ = ["RatedAction", "rate"]

ACTION_RECORDS = ("board", "meeting", "owner", "agenda_item")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def open_actions(actions: QuerySet[BoardAction]) -> QuerySet[BoardAction]:
    return actions.exclude(progress=Progress.COMPLETE)


def overdue_actions(actions: QuerySet[BoardAction],
                    today: date | None = None) -> QuerySet[BoardAction]:
    """Past their due date and not complete."""
    return open_actions(actions).filter(due__lt=_today(today))


def next_meeting(board: Board, today: date | None = None) -> Meeting | None:
    """The first meeting still to come: scheduled, today or later (one earlier not yet
    marked held is the office's to mark, not one to come)."""
    return next(iter(meetings_of(board, today)[0]), None)


@dataclass(frozen=True)
class BoardRow:
    board: Board
    next_meeting: Meeting | None
    open: int
    overdue: int


def boards_for(user, today: date | None = None) -> list[BoardRow]:
    """The boards this person reads, each with its next meeting and open and overdue
    actions counted."""
    today = _today(today)
    still_open = ~Q(actions__progress=Progress.COMPLETE)
    # Counted over the boards themselves: the narrowing to those a person sits on joins
    # their members, which would count each action once for each member.
    readable = visible(user, Board.objects.all()).values("pk")
    boards = Board.objects.filter(pk__in=readable).select_related("chair").annotate(
        open=Count("actions", filter=still_open),
        overdue=Count("actions", filter=still_open & Q(actions__due__lt=today)))
    return [BoardRow(board, next_meeting(board, today), board.open, board.overdue)
            for board in boards]


def meetings_of(board: Board, today: date | None = None) -> tuple[list[Meeting], list[Meeting]]:
    """The board's meetings to come (soonest first) and past (latest first). A meeting
    marked held or cancelled is past whatever its time; a scheduled one once its day has
    gone (one not yet marked held is the office's to mark)."""
    today = _today(today)
    meetings = list(board.meetings.all())
    coming = [m for m in meetings if m.state == Meeting.State.SCHEDULED and m.date >= today]
    past = [m for m in meetings if m not in coming]
    return sorted(coming, key=lambda m: m.starts_at), past


def attendance_of(meeting: Meeting) -> list[tuple[str, list]]:
    """Who was present, who sent apologies and who was absent, each by name; leaving
    out any with nobody."""
    by_status = {status: [] for status in Attendance.Status}
    for record in meeting.attendance.select_related("person"):
        by_status[record.status].append(record.person)
    return [(status.label, people) for status, people in by_status.items() if people]


# How the action log may be filtered: what to show, and its label.
SHOWN = {"open": "Open", "overdue": "Overdue", "all": "All"}
SHOWN_IN_CAPTION = {"open": "open actions", "overdue": "overdue actions",
                    "all": "every action"}


def log_caption(board: Board, show: str, progress: str | None) -> str:
    """What the filtered log's table shows: "Action log: overdue actions, at risk"."""
    caption = f"{board.action_log_name}: {SHOWN_IN_CAPTION[show]}"
    return f"{caption}, {Progress(progress).label.lower()}" if progress else caption


def action_log(board: Board, *, show: str = "open", progress: str | None = None,
               today: date | None = None) -> list[RatedAction]:
    """The board's actions, filtered: open, overdue or all; at a reported status."""
    today = _today(today)
    actions = board.actions.select_related(*ACTION_RECORDS)
    if show == "open":
        actions = open_actions(actions)
    elif show == "overdue":
        actions = overdue_actions(actions, today)
    if progress:
        actions = actions.filter(progress=progress)
    return with_overdue(rate(actions.order_by("due", "number"), today), today)


def with_overdue(actions: list[RatedAction], today: date | None = None) -> list[RatedAction]:
    """Each action marked with whether it is overdue, for the page to say so."""
    today = _today(today)
    for action in actions:
        action.is_overdue = action.overdue(today)
    return actions


def actions_owned_by(person, today: date | None = None) -> list[RatedAction]:
    """A person's board actions not yet complete, overdue first, then by due date."""
    today = _today(today)
    mine = rate(open_actions(BoardAction.objects.filter(owner=person))
                .select_related(*ACTION_RECORDS).order_by("due", "pk"), today)
    return sorted(with_overdue(mine, today), key=lambda a: (not a.is_overdue, a.due))


def actions_raised_at(meeting: Meeting) -> list[RatedAction]:
    return with_overdue(rate(meeting.actions.select_related(*ACTION_RECORDS)
                             .order_by("number")))


def possible_owners(board: Board | None = None):
    """Who may own a board's actions: active people who report progress (not those who
    only read), at the council or, for partners, sitting on the board."""
    people = get_user_model().objects.filter(is_active=True).exclude(role__in=READ_ONLY)
    if board is None:
        return people.exclude(role__in=MEMBERS_ONLY)
    return people.filter(~Q(role__in=MEMBERS_ONLY) | Q(boards=board)
                         | Q(boards_chaired=board)).distinct()
