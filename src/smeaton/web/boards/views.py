"""The boards' pages. Every view checks the rule for its record before it acts; reads come
from queries.py and changes go through services.py."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.boards import calendar, queries, rules, services
from smeaton.web.boards.extensions import meeting_sections, sections_for
from smeaton.web.boards.forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    BoardForm,
    CancelForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    UpdateForm,
)
from smeaton.web.boards.models import AgendaItem, Board, BoardAction, Decision, Meeting
from smeaton.web.forms import GovukForm, sent
from smeaton.web.plan.rag import Progress

MEETINGS = Meeting.objects.select_related("board")
ACTIONS = BoardAction.objects.select_related("board", "meeting__board", "owner", "agenda_item")


def _read(request, records, pk):
    """A board's record to read, if it exists (else 404) and the person may read it;
    else a refusal saying why (a councillor who does not sit on the board is told its
    business is for its members)."""
    record = get_object_or_404(records, pk=pk)
    if not can(request.user, "view", record):
        raise PermissionDenied(rules.why_not_read(request.user, record))
    return record


def saved(request, form, save):
    """What ``save(form)`` saved, if the form was sent and valid and the services took
    it; else None, with any refusal from the services put on the form, against its
    field where it names one."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form)
    except services.BoardsError as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        form.changed_meanwhile = isinstance(refusal, services.ChangedMeanwhile)
        return None


# Boards ------------------------------------------------------------------------------

@require_safe
def index(request):
    require(request.user, "list", Board)
    return render(request, "boards/index.html", {
        "rows": queries.boards_for(request.user),
        "mine": queries.actions_owned_by(request.user),
        "can_add": can(request.user, "add", Board)})


@require_safe
def board_detail(request, pk):
    board = _read(request, Board.objects.select_related("chair"), pk)
    show = request.GET.get("show", "open")
    show = show if show in queries.SHOWN else "open"
    progress = request.GET.get("status")
    progress = progress if progress in Progress.values else ""
    coming, past = queries.meetings_of(board)
    return render(request, "boards/board.html", {
        "board": board, "members": board.members.order_by("last_name", "first_name"),
        "coming": coming, "past": past, "shown": queries.SHOWN, "show": show,
        "statuses": Progress.choices, "status": progress,
        "log_caption": queries.log_caption(board, show, progress),
        "actions": queries.action_log(board, show=show, progress=progress or None)})


def board_add(request):
    require(request.user, "add", Board)
    form = BoardForm(sent(request))
    if board := saved(request, form, lambda f: services.add_board(request.user, **f.details())):
        messages.success(request, f"The {board} has been set up.")
        return redirect("boards:board", pk=board.pk)
    return render(request, "boards/board_form.html", {"form": form})


def board_edit(request, pk):
    board = get_object_or_403(request.user, Board, "change", pk=pk)
    form = BoardForm(sent(request), board=board)
    if saved(request, form, lambda f: services.change_board(board, request.user,
                                                            **f.details())):
        messages.success(request, "The board has been saved.")
        return redirect("boards:board", pk=board.pk)
    return render(request, "boards/board_form.html", {"form": form, "board": board})


# Meetings ----------------------------------------------------------------------------

@require_safe
def meeting_detail(request, pk):
    meeting = _read(request, MEETINGS, pk)
    return render(request, "boards/meeting.html", {
        "meeting": meeting, "board": meeting.board,
        "agenda": meeting.agenda.select_related("priority", "indicator", "risk"),
        "attendance": queries.attendance_of(meeting),
        "decisions": meeting.decisions.select_related("agenda_item"),
        "actions": queries.actions_raised_at(meeting),
        "sections": sections_for(meeting_sections, meeting)})


@require_safe
def meeting_ics(request, pk):
    meeting = _read(request, MEETINGS, pk)
    response = HttpResponse(calendar.entry(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.filename(meeting)}"'
    return response


def meeting_add(request, pk):
    board = get_object_or_403(request.user, Board, "add_meeting", pk=pk)
    form = MeetingForm(sent(request))
    if meeting := saved(request, form, lambda f: services.add_meeting(board, request.user,
                                                                      **f.details())):
        messages.success(request, "The meeting has been arranged.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/meeting_form.html", {"form": form, "board": board})


def meeting_edit(request, pk):
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = MeetingForm(sent(request), meeting=meeting)
    if saved(request, form, lambda f: services.change_meeting(meeting, request.user,
                                                              **f.details())):
        messages.success(request, "The meeting has been saved.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/meeting_form.html",
                  {"form": form, "board": meeting.board, "meeting": meeting})


def meeting_held(request, pk):
    """A page asking to confirm, and the button that marks the meeting held."""
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = GovukForm(sent(request))
    if saved(request, form, lambda f: services.mark_held(meeting, request.user)):
        messages.success(request, "The meeting has been marked as held. You can now record "
                                  "who was present, the minutes, decisions and actions.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/held_form.html", {"form": form, "meeting": meeting})


def meeting_cancel(request, pk):
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = CancelForm(sent(request))
    if saved(request, form, lambda f: services.cancel_meeting(
            meeting, request.user, because=f.cleaned_data["because"])):
        messages.success(request, "The meeting has been cancelled.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/cancel_form.html", {"form": form, "meeting": meeting})


def agenda_item_add(request, pk):
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = AgendaItemForm(sent(request))
    if saved(request, form, lambda f: services.add_agenda_item(meeting, request.user,
                                                               **f.details())):
        messages.success(request, "The item has been added to the agenda.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/agenda_item_form.html", {"form": form, "meeting": meeting})


def agenda_item_edit(request, pk):
    item = get_object_or_403(request.user, AgendaItem.objects.select_related("meeting__board"),
                             "change", pk=pk)
    form = AgendaItemForm(sent(request), item=item)
    if saved(request, form, lambda f: services.change_agenda_item(item, request.user,
                                                                  **f.details())):
        messages.success(request, "The agenda item has been saved.")
        return redirect("boards:meeting", pk=item.meeting_id)
    return render(request, "boards/agenda_item_form.html",
                  {"form": form, "meeting": item.meeting, "item": item})


def attendance(request, pk):
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = AttendanceForm(sent(request), meeting=meeting)
    if saved(request, form, lambda f: services.record_attendance(
            meeting, request.user, statuses=f.statuses(),
            others_present=f.cleaned_data["others_present"].strip())):
        messages.success(request, "Attendance has been recorded.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/attendance_form.html", {"form": form, "meeting": meeting})


def minutes(request, pk):
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = MinutesForm(sent(request), meeting=meeting)
    if saved(request, form, lambda f: services.record_minutes(
            meeting, request.user, minutes=f.cleaned_data["minutes"].strip(),
            of_items={pk: text.strip() for pk, text in f.of_items().items()},
            seen=f.cleaned_data["seen"] or None)):
        messages.success(request, "The minutes have been saved.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/minutes_form.html", {"form": form, "meeting": meeting})


def decision_add(request, pk):
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = DecisionForm(sent(request), meeting=meeting)
    if saved(request, form, lambda f: services.add_decision(
            meeting, request.user, text=f.cleaned_data["text"].strip(),
            agenda_item=f.cleaned_data["agenda_item"])):
        messages.success(request, "The decision has been recorded.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/decision_form.html", {"form": form, "meeting": meeting})


def decision_edit(request, pk):
    decision = get_object_or_403(
        request.user, Decision.objects.select_related("meeting__board", "agenda_item"),
        "change", pk=pk)
    form = DecisionForm(sent(request), meeting=decision.meeting, decision=decision)
    if saved(request, form, lambda f: services.change_decision(
            decision, request.user, text=f.cleaned_data["text"].strip(),
            agenda_item=f.cleaned_data["agenda_item"])):
        messages.success(request, f"Decision {decision.number} has been saved.")
        return redirect("boards:meeting", pk=decision.meeting_id)
    return render(request, "boards/decision_form.html",
                  {"form": form, "meeting": decision.meeting, "decision": decision})


# The action log ----------------------------------------------------------------------

def action_add(request, pk):
    meeting = get_object_or_403(request.user, MEETINGS, "change", pk=pk)
    form = ActionForm(sent(request), meeting=meeting)
    if action := saved(request, form, lambda f: services.add_action(meeting, request.user,
                                                                    **f.details())):
        messages.success(request, f"{action.board.action_log_name}: action {action.number} "
                                  "has been added.")
        return redirect("boards:meeting", pk=meeting.pk)
    return render(request, "boards/action_form.html", {"form": form, "meeting": meeting})


@require_safe
def action_detail(request, pk):
    action = _read(request, ACTIONS, pk)
    [rated] = queries.with_overdue(queries.rate([action]))
    return render(request, "boards/action.html", {
        "action": rated, "board": action.board,
        "updates": action.updates.select_related("author")})


def action_edit(request, pk):
    action = get_object_or_403(request.user, ACTIONS, "change", pk=pk)
    form = ActionForm(sent(request), meeting=action.meeting, action=action)
    if saved(request, form, lambda f: services.change_action(
            action, request.user, seen_version=f.cleaned_data["version"], **f.details())):
        messages.success(request, "The action has been saved.")
        return redirect("boards:action", pk=action.pk)
    if getattr(form, "changed_meanwhile", False):
        # Someone else saved first: show the action as it now is, with the message.
        refusal = form.errors[NON_FIELD_ERRORS]
        action.refresh_from_db()
        form = ActionForm(meeting=action.meeting, action=action)
        form._errors = ErrorDict({NON_FIELD_ERRORS: refusal})
    return render(request, "boards/action_form.html",
                  {"form": form, "meeting": action.meeting, "action": action})


def post_update(request, pk):
    action = get_object_or_403(request.user, ACTIONS, "post_update", pk=pk)
    form = UpdateForm(sent(request), action=action)
    if saved(request, form, lambda f: services.post_update(
            action, request.user, progress=f.cleaned_data["progress"],
            forecast=f.cleaned_data["forecast"], commentary=f.cleaned_data["commentary"],
            seen_version=f.cleaned_data["version"])):
        messages.success(request, "Your update has been posted.")
        return redirect("boards:action", pk=action.pk)
    return render(request, "boards/update_form.html", {"form": form, "action": action})
