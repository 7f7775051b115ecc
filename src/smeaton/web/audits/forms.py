"""The forms of case-file audits, rendered as GOV.UK components (smeaton/web/forms.py)."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from smeaton.web.accounts.forms import PersonField
from smeaton.web.audits.models import Audit, Theme
from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.plan.forms import possible_owners
from smeaton.web.plan.models import Priority
from smeaton.web.plan.queries import plan_in_force

# Findings: actions for the child, safeguarding concerns, themes and priorities.


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
