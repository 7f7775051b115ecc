from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from smeaton.web.accounts.forms import PersonField
from smeaton.web.accounts.roles import OWNS_COUNCIL_WORK
from smeaton.web.forms import (
    CharacterCount,
    GovukDateField,
    GovukForm,
    GovukModelForm,
    for_example,
)
from smeaton.web.plan import services
from smeaton.web.plan.models import (
    Decision,
    Milestone,
    Outcome,
    Plan,
    Priority,
    UpdateRound,
    in_the_future,
)
from smeaton.web.plan.rag import Progress
from smeaton.web.plan.services import Evidence, Successor
from smeaton.web.rag import Rag
from smeaton.years import last_day


def active_people():
    return get_user_model().objects.filter(is_active=True)


def possible_owners():
    """Who may own a milestone or a service action: active, and at the council in a role
    that delivers work (not a councillor who reads, nor a partner)."""
    return active_people().filter(role__in=OWNS_COUNCIL_WORK)


class VersionedForm(GovukForm):
    """Carries the version of the record the person saw, to refuse a lost update."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class UpdateForm(VersionedForm):
    progress = forms.ChoiceField(
        label="How is it going?", choices=Progress.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how the milestone is going",
                        "invalid_choice": "Select how the milestone is going"},
    )
    forecast = GovukDateField(label="Expected completion", required=False)
    commentary = forms.CharField(
        label="What has happened since the last update?", widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="What was done, what is next, and anything that puts the milestone at risk.",
        error_messages={"required": "Enter what has happened since the last update",
                        "max_length": "What has happened must be 5,000 characters or fewer"},
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
        self.fields["forecast"].help_text = (
            "When you now expect it to be complete, if not by its due date. "
            + for_example(timezone.localdate() + timedelta(days=60)))

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
    due = GovukDateField(label="Due date")

    class Meta:
        model = Milestone
        fields = ["title", "description", "plan_year", "owner", "due", "outcome"]
        labels = {"plan_year": "Plan year"}
        error_messages = {"title": {"required": "Enter the milestone's title"}}

    def __init__(self, *args, priority: Priority, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.priority = priority
        plan: Plan = priority.plan
        closed = plan.closed_years()  # kept as their year-end reviews left them
        self.fields["plan_year"] = forms.TypedChoiceField(
            label="Plan year", coerce=int,
            choices=[(y, label) for y, label in plan.year_choices() if y not in closed])
        self.fields["owner"] = PersonField(label="Owner", queryset=possible_owners(),
                                           error_messages={"required": "Choose who owns the "
                                                                       "milestone"})
        self.fields["due"].help_text = ("Within the plan year. "
                                        + for_example(last_day(plan.current_year())))
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

    def details(self) -> dict:
        """What was entered, for services.add_milestone and change_milestone (which
        refuse a save over someone else's: the form itself saves nothing)."""
        return {name: self.cleaned_data[name] for name in services.MILESTONE_DETAILS}


class PriorityForm(GovukModelForm):
    """Refocusing a priority: its wording and outcomes, why they change, and from when.
    The wording it replaces is kept as a version."""

    reason = forms.CharField(
        label="Why is the priority changing?", widget=CharacterCount(attrs={"rows": 3}),
        max_length=2000, help_text="For example, the Improvement Board's decision to refocus "
        "the plan. Shown with the earlier wording.",
        error_messages={"required": "Enter why the priority is changing",
                        "max_length": "The reason must be 2,000 characters or fewer"})
    takes_effect = GovukDateField(label="When does the change take effect?",
                                  error_name="the date the change takes effect",
                                  help_text=for_example(timezone.localdate()))

    class Meta:
        model = Priority
        fields = ["title", "description"]
        error_messages = {"title": {"required": "Enter the priority's title"}}

    def clean_takes_effect(self):
        day = self.cleaned_data["takes_effect"]
        if problem := services.refocus_problem(self.instance, day):
            raise forms.ValidationError(problem)
        return day


class OutcomeForm(GovukModelForm):
    class Meta:
        model = Outcome
        fields = ["title"]
        labels = {"title": "Intended outcome"}
        error_messages = {"title": {"required": "Enter the intended outcome, or tick the box "
                                                "to delete it"}}


class BaseOutcomeFormSet(forms.BaseInlineFormSet):
    """A priority's outcomes, numbered so each box has its own name; an outcome that
    milestones serve is not deleted, and no outcome is written twice."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["title"].label = f"Intended outcome {i + 1}"
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Delete intended outcome {i + 1}"
        return form

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            title = (form.cleaned_data.get("title") or "").strip().lower()
            if self._should_delete_form(form):
                served = form.instance.pk and form.instance.milestones.count()
                if served:
                    form.add_error("DELETE", (
                        f"{served} milestone{'s' if served != 1 else ''} serve"
                        f"{'s' if served == 1 else ''} this outcome: link "
                        f"{'it' if served == 1 else 'them'} to another outcome first"))
            elif title in seen:
                form.add_error("title", "This intended outcome is already listed")
            seen.add(title)


# The priority's intended outcomes, edited with it: blank rows add, "Delete" deletes.
OutcomeFormSet = forms.inlineformset_factory(
    Priority, Outcome, form=OutcomeForm, formset=BaseOutcomeFormSet, extra=2,
    can_delete=True)


class DecisionForm(VersionedForm):
    """A year-end review's decision on one milestone not complete."""

    decision = forms.ChoiceField(
        label="What happens to this milestone?", choices=Decision.choices,
        widget=forms.RadioSelect, error_messages={
            "required": "Select what happens to the milestone",
            "invalid_choice": "Select what happens to the milestone"})
    reason = forms.CharField(
        label="Reason", required=False, widget=CharacterCount(attrs={"rows": 3}),
        max_length=2000, help_text="Needed to close or supersede a milestone.",
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"})
    successors = forms.CharField(
        label="The next year's milestones", required=False,
        widget=forms.Textarea(attrs={"rows": 3}), max_length=3000,
        help_text="To carry it over, its title as it continues (one line). To supersede "
                  "it, the new milestones, one per line.",
        error_messages={"max_length": "The new milestones must be 3,000 characters or fewer"})
    due = GovukDateField(label="Due date of the next year's milestones", required=False,
                         error_name="the due date")

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        explained = data.get("reason", "").strip() or "reason" in self.errors
        if decision in (Decision.CLOSED, Decision.SUPERSEDED) and not explained:
            self.add_error("reason", "Enter the reason for the decision")
        if decision in (Decision.CARRIED_OVER, Decision.SUPERSEDED):
            if not self.titles():
                self.add_error("successors", "Enter the new milestone for the next year")
            elif data.get("due") is None and "due" not in self.errors:
                self.add_error("due", "Enter the due date of the next year's milestones")
        return data

    def titles(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("successors", "").splitlines()
                if t.strip()]

    def successor_list(self) -> list[Successor]:
        """The next year's milestones, none for a milestone closed."""
        if self.cleaned_data["decision"] == Decision.CLOSED:
            return []
        return [Successor(title, self.cleaned_data["due"]) for title in self.titles()]


def deadline_field() -> GovukDateField:
    return GovukDateField(label="Updates due by", error_name="the deadline",
                          required_message="Enter the date updates are due by",
                          validators=[in_the_future])


def deadline_hint() -> str:
    return f"A date after today. {for_example(timezone.localdate() + timedelta(days=14))}"


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
        self.fields["deadline"].help_text = deadline_hint()


class DeadlineForm(GovukModelForm):
    deadline = deadline_field()

    class Meta:
        model = UpdateRound
        fields = ["deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = deadline_hint()


class ReturnForm(GovukForm):
    challenge = forms.CharField(
        label="What does the owner need to add or change?",
        widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        error_messages={"required": "Enter what the owner needs to add or change",
                        "max_length": "What the owner needs to do must be 2,000 characters "
                                      "or fewer"},
    )


class ReassignForm(GovukForm):
    leaver = PersonField(
        label="Person leaving", queryset=get_user_model().objects.all(),
        error_messages={"required": "Choose the person whose work is being handed over"},
    )
    successor = PersonField(
        label="Hand their milestones and priorities to", queryset=possible_owners(),
        error_messages={"required": "Choose who takes over"},
    )
