from django import forms
from django.contrib.auth import get_user_model

from smeaton.web.forms import GovukDateField, GovukForm, GovukModelForm
from smeaton.web.plan.models import Milestone, Outcome, Plan, Priority, UpdateRound, in_the_future
from smeaton.web.plan.rag import Progress
from smeaton.web.plan.services import Evidence
from smeaton.web.rag import Rag


def active_people():
    return get_user_model().objects.filter(is_active=True)


class VersionedForm(GovukForm):
    """Carries the version of the record the person saw, to refuse a lost update."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class UpdateForm(VersionedForm):
    progress = forms.ChoiceField(
        label="How is it going?", choices=Progress.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how the milestone is going"},
    )
    forecast = GovukDateField(
        label="Expected completion", required=False,
        help_text="When you now expect it to be complete, if not by its due date. "
                  "For example, 31 3 2026",
    )
    commentary = forms.CharField(
        label="What has happened since the last update?", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was done, what is next, and anything that puts the milestone at risk.",
        error_messages={"required": "Enter what has happened since the last update"},
    )
    evidence_title = forms.CharField(label="Evidence: title", required=False, max_length=200,
                                     help_text="Optional. A report, minutes or a page that "
                                               "shows the progress.")
    evidence_url = forms.URLField(label="Evidence: link", required=False, max_length=500,
                                  assume_scheme="https",
                                  error_messages={"invalid": "Enter a link starting https://"})
    round = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, milestone: Milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone

    def clean(self):
        cleaned = super().clean()
        if problem := self.milestone.forecast_problem(cleaned.get("progress"),
                                                      cleaned.get("forecast")):
            self.add_error("forecast", problem)
        title, url = cleaned.get("evidence_title"), cleaned.get("evidence_url")
        if url and not title:
            self.add_error("evidence_title", "Enter a title for the evidence link")
        if title and not url and "evidence_url" not in self.errors:
            self.add_error("evidence_url", "Enter the link to the evidence")
        return cleaned

    def evidence(self) -> list[Evidence]:
        title, url = self.cleaned_data.get("evidence_title"), self.cleaned_data.get("evidence_url")
        return [Evidence(title, url)] if title and url else []


class OverrideForm(VersionedForm):
    rag = forms.ChoiceField(label="RAG", widget=forms.RadioSelect, required=False)
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="Why the rules' rating does not reflect the position. Everyone who can "
                  "see the milestone will see this.",
    )

    def __init__(self, *args, rules_rag: Rag, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules_rag = rules_rag
        self.fields["rag"].choices = [("", f"Use the rules ({rules_rag.label})"), *Rag.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rag") == self.rules_rag:
            self.add_error("rag", f"The rules already give {self.rules_rag.label}: choose a "
                                  "different RAG, or use the rules")
        elif cleaned.get("rag") and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter the reason for overriding the RAG")
        return cleaned


class MilestoneForm(GovukModelForm):
    due = GovukDateField(label="Due date", help_text="For example, 31 3 2026")

    class Meta:
        model = Milestone
        fields = ["title", "description", "plan_year", "owner", "due", "outcome"]
        labels = {"plan_year": "Plan year"}
        error_messages = {"title": {"required": "Enter the milestone's title"}}

    def __init__(self, *args, priority: Priority, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.priority = priority
        plan: Plan = priority.plan
        self.fields["plan_year"] = forms.TypedChoiceField(
            label="Plan year", coerce=int, choices=plan.year_choices())
        self.fields["owner"].queryset = active_people()
        self.fields["owner"].error_messages["required"] = "Choose who owns the milestone"
        self.fields["outcome"].queryset = priority.outcomes.all()
        self.fields["outcome"].empty_label = "Not linked to an outcome"
        self.fields["title"].widget.attrs["class"] = "govuk-!-width-full"
        self.fields["description"].widget.attrs["rows"] = 3
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput,
                                                        initial=self.instance.version)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Enter the milestone's title")
        return title

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != self.instance.version:
            raise forms.ValidationError(
                "Someone else changed this milestone while you were editing it, so your "
                "changes were not saved. The form now shows the milestone as it is: make "
                "your changes again.")
        return cleaned


class PriorityForm(GovukModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description"]
        error_messages = {"title": {"required": "Enter the priority's title"}}


class OutcomeForm(GovukModelForm):
    class Meta:
        model = Outcome
        fields = ["title"]
        labels = {"title": "Intended outcome"}


# The priority's intended outcomes, edited with it: blank rows add, "Remove" deletes.
OutcomeFormSet = forms.inlineformset_factory(
    Priority, Outcome, form=OutcomeForm, extra=2, can_delete=True)


def deadline_field() -> GovukDateField:
    return GovukDateField(label="Updates due by", error_name="the date updates are due by",
                          help_text="A date after today. For example, 15 1 2026",
                          validators=[in_the_future])


class OpenRoundForm(GovukForm):
    plan_year = forms.TypedChoiceField(label="Plan year", coerce=int)
    quarter = forms.TypedChoiceField(
        label="Quarter", coerce=int, widget=forms.RadioSelect,
        choices=[(1, "Quarter 1 (April to June)"), (2, "Quarter 2 (July to September)"),
                 (3, "Quarter 3 (October to December)"), (4, "Quarter 4 (January to March)")],
        error_messages={"required": "Select the quarter"},
    )
    deadline = deadline_field()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].choices = plan.year_choices()


class DeadlineForm(GovukModelForm):
    deadline = deadline_field()

    class Meta:
        model = UpdateRound
        fields = ["deadline"]


class ReturnForm(GovukForm):
    challenge = forms.CharField(
        label="What does the owner need to add or change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the owner needs to add or change"},
    )


class ReassignForm(GovukForm):
    leaver = forms.ModelChoiceField(
        label="Person leaving", queryset=get_user_model().objects.all(),
        error_messages={"required": "Choose the person whose work is being handed over"},
    )
    successor = forms.ModelChoiceField(
        label="Hand their milestones and priorities to", queryset=active_people(),
        error_messages={"required": "Choose who takes over"},
    )
