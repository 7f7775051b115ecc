"""The forms of the case-file audit pages, rendered as GOV.UK components."""

from django import forms
from django.utils import timezone

from smeaton.web.accounts.forms import PersonField
from smeaton.web.audits.models import Grade, Programme, Question, Tool, YesNo
from smeaton.web.audits.queries import Part, frame_choices
from smeaton.web.audits.services import Given
from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.plan.forms import possible_owners


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
