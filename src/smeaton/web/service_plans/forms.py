from django import forms

from smeaton.web.accounts.forms import PersonField
from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.plan.delivery_forms import UpdateForm
from smeaton.web.plan.forms import possible_owners
from smeaton.web.service_plans.models import ServiceAction, ServicePlan
from smeaton.web.service_plans.services import ACTION_DETAILS
from smeaton.years import first_day, last_day, year_label

__all__ = ["ActionForm", "UpdateForm"]


class PrioritiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, priority):
        return f"Priority {priority.number}: {priority.title}"


class ActionForm(GovukForm):
    title = forms.CharField(label="Title", max_length=300,
                            widget=forms.TextInput(attrs={"class": "govuk-!-width-full"}),
                            error_messages={"required": "Enter the action's title"})
    description = forms.CharField(label="Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    owner = PersonField(label="Owner", queryset=possible_owners(),
                        error_messages={"required": "Choose who owns the action"})
    due = GovukDateField(label="Due date")
    priorities = PrioritiesField(
        label="Which of the plan's priorities does it serve?", queryset=None,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
        error_messages={"required": "Select at least one priority the action serves",
                        "invalid_choice": "Select priorities from the list",
                        "invalid_pk_value": "Select priorities from the list"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, service_plan: ServicePlan, action: ServiceAction | None = None,
                 **kwargs):
        if action is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(action, name) for name in ACTION_DETAILS},
                "priorities": list(action.priorities.all()), "version": action.version})
        super().__init__(*args, **kwargs)
        self.service_plan = service_plan
        self.fields["priorities"].queryset = service_plan.plan.priorities.all()
        self.fields["due"].help_text = (f"Within {service_plan.plan_year_label}. "
                                        + for_example(last_day(service_plan.plan_year)))

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Enter the action's title")
        return title

    def clean_due(self):
        due = self.cleaned_data["due"]
        year = self.service_plan.plan_year
        starts, ends = first_day(year), last_day(year)
        if due and not starts <= due <= ends:
            raise forms.ValidationError(
                f"Due date must be in {year_label(year)}, the service plan's year: from "
                f"{starts:%-d %B %Y} to {ends:%-d %B %Y}")
        return due

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTION_DETAILS}
