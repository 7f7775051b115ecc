from django import forms
from django.contrib.auth import get_user_model

from smeaton.web.accounts.forms import PersonField
from smeaton.web.accounts.models import Organisation
from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan
from smeaton.web.partnership.services import ACTION_DETAILS
from smeaton.web.plan.delivery_forms import UpdateForm

__all__ = ["ActionForm", "UpdateForm"]


class PartnerField(PersonField):
    """A person at a partner organisation, shown with it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "No one named")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person):
        return f"{person} ({person.organisation})"


class ActionForm(GovukForm):
    title = forms.CharField(label="Title", max_length=300,
                            widget=forms.TextInput(attrs={"class": "govuk-!-width-full"}),
                            error_messages={"required": "Enter the action's title"})
    description = forms.CharField(label="Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    organisation = forms.ModelChoiceField(
        label="Which organisation owns it?", queryset=Organisation.objects.all(),
        empty_label="Choose an organisation", help_text="Its people post the action's updates.",
        error_messages={"required": "Choose the organisation that owns the action",
                        "invalid_choice": "Choose an organisation from the list"})
    owner = PartnerField(
        label="Contact at the organisation (optional)", required=False,
        queryset=get_user_model().objects.filter(is_active=True, organisation__isnull=False)
        .select_related("organisation"),
        error_messages={"invalid_choice": "Choose a person from the list"})
    due = GovukDateField(label="Due date")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, partnership_plan: PartnershipPlan,
                 action: PartnerAction | None = None, **kwargs):
        if action is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(action, name) for name in ACTION_DETAILS},
                "version": action.version})
        super().__init__(*args, **kwargs)
        self.plan = partnership_plan.plan
        self.fields["due"].help_text = (f"Within the plan, {self.plan.period}. "
                                        + for_example(self.plan.ends))

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Enter the action's title")
        return title

    def clean_due(self):
        due = self.cleaned_data["due"]
        starts, ends = self.plan.starts, self.plan.ends
        if due and not starts <= due <= ends:
            raise forms.ValidationError(
                f"Due date must be within the plan, from {starts:%-d %B %Y} to "
                f"{ends:%-d %B %Y}")
        return due

    def clean(self):
        cleaned = super().clean()
        organisation, owner = cleaned.get("organisation"), cleaned.get("owner")
        if organisation and owner and owner.organisation_id != organisation.pk:
            self.add_error("owner", f"Choose someone who works for {organisation}, or no one")
        return cleaned

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTION_DETAILS}
