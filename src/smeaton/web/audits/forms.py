"""The forms of the case-file audit pages, rendered as GOV.UK components."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from smeaton.web.accounts.forms import PersonField
from smeaton.web.audits.models import Audit, Grade, Programme, Question, Theme, Tool, YesNo
from smeaton.web.audits.queries import Part, frame_choices
from smeaton.web.audits.services import Given
from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.plan.forms import possible_owners
from smeaton.web.plan.models import Priority
from smeaton.web.plan.queries import plan_in_force


def long_text(label: str, *, required=True, rows=3, hint="", limit=5000) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=limit, help_text=hint,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ToolForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200,
                           help_text="For example, \"Case-file audit\".")
    purpose = long_text("Purpose (optional)", required=False,
                   hint="What the tool is for, and when to use it.")


class SectionForm(GovukForm):
    title = forms.CharField(label="Section title", max_length=200)
    guidance = long_text("Guidance for auditors (optional)", required=False)


class QuestionForm(GovukForm):
    text = forms.CharField(label="Question", max_length=300)
    answer = forms.ChoiceField(label="Answered with", choices=Question.Answer.choices,
                               widget=forms.RadioSelect, initial=Question.Answer.GRADE)
    guidance = long_text("What good looks like (optional)", required=False)


class PublishForm(GovukForm):
    change_note = long_text("What changed (optional)", required=False,
                       hint="For the record of versions: what is different from the last.")


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person} ({person.get_role_display()})"


def people_field(label: str, hint: str, required=True) -> PeopleField:
    return PeopleField(label=label, queryset=possible_owners(), required=required,
                       help_text=hint, widget=forms.CheckboxSelectMultiple)


class ProgrammeForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    tool = forms.ModelChoiceField(label="Audit tool", queryset=Tool.objects.all(),
                                  empty_label="Choose a tool")
    method = forms.ChoiceField(label="How children are sampled",
                               choices=Programme.Method.choices, widget=forms.RadioSelect)
    frame = forms.ChoiceField(label="Children sampled from", choices=frame_choices,
                              widget=forms.RadioSelect)
    sample_size = forms.IntegerField(label="Children a month", min_value=1, max_value=200)
    moderated_share = forms.IntegerField(label="Share moderated (%)", min_value=0,
                                         max_value=100, initial=20)
    days_to_complete = forms.IntegerField(label="Days to complete an audit", min_value=1,
                                          max_value=365, initial=20)
    lead = PersonField(label="Lead", queryset=possible_owners())
    auditors = people_field("Auditors", "Audits are shared among them in turn.")
    moderators = people_field("Moderators", "A moderator never moderates their own audit "
                              "where another can.", required=False)
    safeguarding_contacts = people_field(
        "Named safeguarding contacts", "Told at once when an auditor flags a safeguarding "
        "concern.", required=False)
    active = forms.BooleanField(label="Draw samples for this programme", required=False,
                                initial=True)

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        if programme is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(programme, name) for name in (
                    "name", "tool", "method", "frame", "sample_size", "moderated_share",
                    "days_to_complete", "lead", "active")},
                **{name: list(getattr(programme, name).all()) for name in (
                    "auditors", "moderators", "safeguarding_contacts")}})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("moderated_share") and "moderators" in data and not data["moderators"]:
            self.add_error("moderators", "Choose at least one moderator, or set the share "
                           "moderated to 0")
        return data

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in (
            "name", "tool", "method", "frame", "sample_size", "moderated_share",
            "days_to_complete", "lead", "active")}

    def people(self) -> dict:
        return {name: self.cleaned_data[name] for name in (
            "auditors", "moderators", "safeguarding_contacts")}


class DrawForm(GovukForm):
    month = GovukDateField(label="Month audited", error_name="the month audited",
                           help_text="Any day in the month. " + for_example(
                               timezone.localdate()))
    on = GovukDateField(label="Children open to services on", error_name="the day",
                        help_text="Usually today: the store's returns must cover the day. "
                        + for_example(timezone.localdate()))


GRADE_CHOICES = [("", "Not answered")] + list(Grade.choices)


def answer_field(question: Question) -> forms.ChoiceField:
    choices = Grade.choices if question.answer == Question.Answer.GRADE else YesNo.choices
    return forms.ChoiceField(label=question.text, choices=choices, required=False,
                             widget=forms.RadioSelect, help_text=question.guidance)


class AuditForm(GovukForm):
    """One field of radios per question of the audit's tool version, with notes, then the
    overall grade and the two summaries. Nothing is required to save a draft; the
    service refuses a submission with anything missing, naming the field."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(label="Overall grade", choices=Grade.choices, required=False,
                              widget=forms.RadioSelect)
    strengths = long_text("What is working well", required=False, rows=5)
    improvements = long_text("What needs to change", required=False, rows=5)

    def __init__(self, *args, parts: list[Part], audit, **kwargs):
        initial = {"version": audit.version, "grade": audit.grade,
                   "strengths": audit.strengths, "improvements": audit.improvements}
        for part in parts:
            for item in part.items:
                if item.answer is not None:
                    initial[f"q{item.question.pk}"] = item.answer.grade or item.answer.yes_no
                    initial[f"n{item.question.pk}"] = item.answer.notes
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            for item in part.items:
                self.fields[f"q{item.question.pk}"] = answer_field(item.question)
                self.fields[f"n{item.question.pk}"] = long_text(
                    f"Notes on \"{item.question.text}\" (optional)", required=False)

    def sections(self):
        """Each section with the bound fields of its questions, for the template."""
        return [(part.section, [(self[f"q{item.question.pk}"], self[f"n{item.question.pk}"])
                                for item in part.items]) for part in self.parts]

    def answers(self) -> dict[int, Given]:
        return {item.question.pk: Given(self.cleaned_data[f"q{item.question.pk}"],
                                        self.cleaned_data[f"n{item.question.pk}"])
                for part in self.parts for item in part.items}


class ModerationForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(label="Moderated grade", choices=Grade.choices,
                              widget=forms.RadioSelect,
                              help_text="Leave the auditor's grade to agree it.")
    reason = long_text("Why you changed the grade", required=False,
                  hint="Needed when you change the grade.")

    def __init__(self, *args, audit, **kwargs):
        kwargs.setdefault("initial", {"version": audit.version, "grade": audit.grade})
        super().__init__(*args, **kwargs)


class ReidentifyForm(GovukForm):
    reason = long_text("Why you need the council's identifier", rows=3, limit=500,
                  hint="For example, \"To find the case file for this audit\". This is "
                  "recorded with your name.")


# --- Findings: actions for the child, concerns, themes and priorities -----------------


def finding_text(label: str, *, hint: str = "", required_message: str,
                 rows: int = 5, limit: int = 5000) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, help_text=hint,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": required_message})


class ChildActionForm(GovukForm):
    description = finding_text("What needs to be done for the child",
                               required_message="Enter what needs to be done for the child")
    owner = PersonField(label="Owner", queryset=possible_owners(),
                        help_text="Who will make sure it is done: usually the child's social "
                                  "worker's manager.",
                        error_messages={"required": "Select who owns the action"})
    due = GovukDateField(label="Due date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = possible_owners().order_by("first_name", "last_name")
        self.fields["due"].help_text = for_example(timezone.localdate() + timedelta(days=28))

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due and due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future")
        return due


class DoneForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_note = finding_text("What was done", required_message="Enter what was done")
    done_on = GovukDateField(label="Date it was done", error_name="the date it was done")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].help_text = for_example(timezone.localdate())

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on and done_on > timezone.localdate():
            raise forms.ValidationError("The date it was done must be today or in the past")
        return done_on


class ConcernForm(GovukForm):
    description = finding_text(
        "The concern for the child's safety",
        hint="What you found, and what you have already done (for example, spoken to the "
             "team manager). The programme's named safeguarding contacts are told at once.",
        required_message="Enter the concern for the child's safety")


class AcknowledgeForm(GovukForm):
    response = finding_text(
        "What was done", hint="For example, who you spoke to, and the action taken to keep "
                              "the child safe.",
        required_message="Enter what was done about the concern")


class ThemeForm(GovukForm):
    name = forms.CharField(label="Name", max_length=100,
                           error_messages={"required": "Enter the theme's name"})
    description = forms.CharField(label="Description (optional)", max_length=300,
                                  required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, theme: Theme | None = None, **kwargs):
        if theme is not None:
            kwargs.setdefault("initial", {"name": theme.name, "description": theme.description,
                                          "in_use": theme.in_use})
        super().__init__(*args, **kwargs)
        if theme is not None:
            self.fields["in_use"] = forms.BooleanField(
                label="Offer this theme when tagging audits", required=False,
                help_text="Untick to retire it: audits already tagged with it keep it.")


class TagForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    themes = forms.ModelMultipleChoiceField(
        label="Learning themes", required=False, queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.")
    priorities = forms.ModelMultipleChoiceField(
        label="Priorities of the plan it bears on", required=False,
        queryset=Priority.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.")

    def __init__(self, *args, audit: Audit, **kwargs):
        tagged = list(audit.themes.all())
        kwargs.setdefault("initial", {"version": audit.version, "themes": tagged,
                                      "priorities": list(audit.priorities.all())})
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(
            pk__in=[t.pk for t in tagged]) | Theme.objects.filter(in_use=True)
        plan = plan_in_force()
        linked = [p.pk for p in audit.priorities.all()]
        self.fields["priorities"].queryset = (
            Priority.objects.filter(plan=plan) if plan else Priority.objects.none()
        ) | Priority.objects.filter(pk__in=linked)
