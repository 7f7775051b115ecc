import re
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from smeaton.web.accounts.forms import PersonField
from smeaton.web.boards import queries
from smeaton.web.boards.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardAction,
    Decision,
    Meeting,
)
from smeaton.web.boards.services import (
    ACTION_DETAILS,
    AGENDA_ITEM_DETAILS,
    BOARD_DETAILS,
    minutes_seen,
)
from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.performance.models import Indicator
from smeaton.web.plan.delivery_forms import UpdateForm
from smeaton.web.plan.models import Priority
from smeaton.web.plan.queries import plan_in_force
from smeaton.web.risks.models import Risk

__all__ = ["ActionForm", "AgendaItemForm", "AttendanceForm", "BoardForm", "CancelForm",
           "DecisionForm", "MeetingForm", "MinutesForm", "UpdateForm"]

WIDE = {"class": "govuk-!-width-full"}


def active_people():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")


class PeopleField(forms.ModelMultipleChoiceField):
    """People ticked from a list, each shown with their role."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, person):
        return f"{person} ({person.get_role_display()})"


class BoardForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, widget=forms.TextInput(attrs=WIDE),
                           error_messages={"required": "Enter the board's name"})
    purpose = forms.CharField(label="Purpose", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="What the board is for, and whom it holds to account.")
    chair = PersonField(label="Chair", required=False, queryset=active_people(),
                        empty_label="No chair named")
    members = PeopleField(
        label="Members", required=False, queryset=active_people(),
        help_text="Councillors and partners read only the boards they are members of.")
    cadence = forms.ChoiceField(label="How often does it meet?", choices=Board.Cadence.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select how often the board meets"})
    action_log_name = forms.CharField(
        label="What is its action log called?", max_length=100, initial="Action log",
        error_messages={"required": "Enter what the board's action log is called"},
        help_text="For example, the Scrutiny Panel's is called “Tracking decisions”.")

    def __init__(self, *args, board: Board | None = None, **kwargs):
        if board is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(board, name) for name in BOARD_DETAILS},
                "members": list(board.members.all())})
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the board's name")
        return name

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in (*BOARD_DETAILS, "members")}


# 14:00, 14.30, 9:30; or on the 12-hour clock, 2pm, 2:30pm, 2.30 p.m., 11am.
TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?\s*$", re.IGNORECASE)


def time_of(text: str) -> time | None:
    """The time of day people type, or None if it is not one."""
    found = TIME.match(text)
    if not found or (found[2] is None and found[3] is None):
        return None  # "14" alone could be anything
    hour, minute = int(found[1]), int(found[2] or 0)
    if found[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found[3].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeField(forms.CharField):
    """A time of day, as people type it: 14:00, 9.30, 2pm, 2:30pm."""

    def __init__(self, *, name: str, **kwargs):
        self.name_in_errors = name
        super().__init__(max_length=10, widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5"}), **kwargs)
        self.error_messages["required"] = f"Enter the time the meeting {name}"

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if (found := time_of(value)) is None:
            raise forms.ValidationError(
                f"Enter the time the meeting {self.name_in_errors}, like 14:00 or 2pm")
        return found


class MeetingForm(GovukForm):
    day = GovukDateField(label="Date", error_name="the date of the meeting")
    starts = TimeField(label="Start time", name="starts",
                       help_text="For example, 14:00, 2pm or 2:30pm.")
    ends = TimeField(label="End time (optional)", name="ends", required=False)
    location = forms.CharField(label="Location", required=False, max_length=300,
                               widget=forms.TextInput(attrs=WIDE),
                               help_text="A room, an address, or how to join online.")

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        if meeting is not None:
            starts = timezone.localtime(meeting.starts_at)
            ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
            kwargs.setdefault("initial", {
                "day": starts.date(), "starts": f"{starts:%H:%M}",
                "ends": f"{ends:%H:%M}" if ends else "", "location": meeting.location})
        super().__init__(*args, **kwargs)
        self.fields["day"].help_text = for_example(timezone.localdate() + timedelta(days=30))

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends and ends <= starts:
            self.add_error("ends", "The end time must be after the start time")
        return cleaned

    def details(self) -> dict:
        day = self.cleaned_data["day"]
        at = lambda t: timezone.make_aware(datetime.combine(day, t)) if t else None  # noqa: E731
        return {"starts_at": at(self.cleaned_data["starts"]),
                "ends_at": at(self.cleaned_data["ends"]),
                "location": self.cleaned_data["location"].strip()}


class CancelForm(GovukForm):
    because = forms.CharField(label="Why was the meeting cancelled?", max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Enter why the meeting was cancelled"})


class AgendaItemForm(GovukForm):
    title = forms.CharField(label="Title", max_length=300, widget=forms.TextInput(attrs=WIDE),
                            error_messages={"required": "Enter the item's title"})
    presenter = forms.CharField(label="Presenter (optional)", required=False, max_length=200,
                                help_text="A name, a job title, or both.")
    priority = forms.ModelChoiceField(
        label="Priority of the plan it concerns (optional)", required=False,
        queryset=Priority.objects.none(), empty_label="None",
        error_messages={"invalid_choice": "Select a priority of the plan from the list"})
    indicator = forms.ModelChoiceField(
        label="Indicator it concerns (optional)", required=False,
        queryset=Indicator.objects.order_by("title"), empty_label="None",
        error_messages={"invalid_choice": "Select an indicator from the list"})
    risk = forms.ModelChoiceField(
        label="Risk it concerns (optional)", required=False,
        queryset=Risk.objects.filter(status=Risk.Status.OPEN).order_by("reference"),
        empty_label="None", error_messages={"invalid_choice": "Select an open risk from the list"})

    def __init__(self, *args, item: AgendaItem | None = None, **kwargs):
        if item is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(item, name) for name in AGENDA_ITEM_DETAILS},
                "number": item.number})
        super().__init__(*args, **kwargs)
        plan = plan_in_force()
        self.fields["priority"].queryset = (plan.priorities.all() if plan
                                            else Priority.objects.none())
        if item is not None:
            self.fields["number"] = forms.IntegerField(
                label="Position on the agenda", min_value=1, max_value=99,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-2",
                                              "inputmode": "numeric"}))

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Enter the item's title")
        return title

    def details(self) -> dict:
        details = {name: self.cleaned_data[name] for name in AGENDA_ITEM_DETAILS}
        if "number" in self.fields:
            details["number"] = self.cleaned_data["number"]
        return details


class AttendanceForm(GovukForm):
    """For each member of the board: present, sent apologies, or absent."""

    others_present = forms.CharField(
        label="Others present (optional)", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Officers, guests and young people who are not members, one a line.")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.people = list(meeting.board.members.order_by("last_name", "first_name"))
        recorded = {a.person_id: a for a in meeting.attendance.select_related("person")}
        self.people += [a.person for pk, a in recorded.items()
                        if pk not in {p.pk for p in self.people}]
        # No default for those not yet recorded: a form sent blank asks for each, rather
        # than marking everyone absent.
        kwargs.setdefault("initial", {"others_present": meeting.others_present} | {
            self.field_name(p): recorded[p.pk].status for p in self.people
            if p.pk in recorded})
        super().__init__(*args, **kwargs)
        person_fields = {self.field_name(p): forms.ChoiceField(
            label=str(p), choices=Attendance.Status.choices, widget=forms.RadioSelect,
            error_messages={"required": f"Select whether {p} was present, sent apologies "
                                        "or was absent"})
            for p in self.people}
        self.fields = person_fields | self.fields

    @staticmethod
    def field_name(person) -> str:
        return f"person_{person.pk}"

    def statuses(self) -> dict:
        return {p: self.cleaned_data[self.field_name(p)] for p in self.people}


class MinutesForm(GovukForm):
    """The minutes of the meeting as a whole, and of each agenda item."""

    minutes = forms.CharField(
        label="Minutes of the meeting as a whole (optional)", required=False,
        max_length=50000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Welcome and apologies, declarations of interest, any other business.")
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.items = list(meeting.agenda.all())
        kwargs.setdefault("initial", {"minutes": meeting.minutes,
                                      "seen": minutes_seen(meeting)} | {
            self.field_name(item): item.minutes for item in self.items})
        super().__init__(*args, **kwargs)
        for item in self.items:
            self.fields[self.field_name(item)] = forms.CharField(
                label=f"Item {item}", required=False, max_length=50000,
                widget=forms.Textarea(attrs={"rows": 6}))

    @staticmethod
    def field_name(item) -> str:
        return f"item_{item.pk}"

    def of_items(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[self.field_name(item)] for item in self.items}


class AgendaItemChoice(forms.ModelChoiceField):
    """An item of the meeting's agenda, or none."""

    def __init__(self, **kwargs):
        super().__init__(required=False, queryset=AgendaItem.objects.none(),
                         empty_label="None", error_messages={
                             "invalid_choice": "Select an item on this meeting's agenda"},
                         **kwargs)

    def label_from_instance(self, item):
        return f"Item {item}"


class DecisionForm(GovukForm):
    agenda_item = AgendaItemChoice(label="Agenda item (optional)")
    text = forms.CharField(label="What did the board decide?", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Enter what the board decided"})

    def __init__(self, *args, meeting: Meeting, decision: Decision | None = None, **kwargs):
        if decision is not None:
            kwargs.setdefault("initial", {"agenda_item": decision.agenda_item,
                                          "text": decision.text})
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()


class OwnerField(PersonField):
    def label_from_instance(self, person):
        return f"{person} ({person.job_title or person.get_role_display()})"


class ActionForm(GovukForm):
    description = forms.CharField(
        label="What is to be done?", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what is to be done"})
    agenda_item = AgendaItemChoice(label="Agenda item that raised it (optional)")
    owner = OwnerField(label="Owner", queryset=queries.possible_owners(),
                       empty_label="Choose a person",
                       help_text="They post the action's updates.",
                       error_messages={"required": "Choose who owns the action",
                                       "invalid_choice": "Choose a person from the list"})
    due = GovukDateField(label="Due date")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meeting: Meeting, action: BoardAction | None = None, **kwargs):
        if action is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(action, name) for name in ACTION_DETAILS},
                "version": action.version})
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda.all()
        self.fields["owner"].queryset = queries.possible_owners(meeting.board).order_by(
            "last_name", "first_name")
        self.fields["due"].help_text = (
            f"On or after the meeting, {meeting.date:%-d %B %Y}. "
            + for_example(meeting.date + timedelta(days=42)))

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError("Enter what is to be done")
        return description

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due and due < self.meeting.date:
            raise forms.ValidationError(
                "The due date must be on or after the meeting that raised it, "
                f"{self.meeting.date:%-d %B %Y}")
        return due

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTION_DETAILS}
