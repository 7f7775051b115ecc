"""The form an owner reports progress with, for anything delivered like a milestone
(plan/delivery.py): a service plan's actions, the partnership plan's actions."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.plan.models import forecast_to_offer
from smeaton.web.plan.rag import Progress


class UpdateForm(GovukForm):
    progress = forms.ChoiceField(
        label="How is it going?", choices=Progress.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how the action is going",
                        "invalid_choice": "Select how the action is going"})
    forecast = GovukDateField(label="Expected completion", required=False)
    commentary = forms.CharField(
        label="What has happened since the last update?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what has happened since the last update",
                        "max_length": "What has happened must be 5,000 characters or fewer"})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action, **kwargs):
        # Starts from the action's position now, and the version the person sees.
        kwargs.setdefault("initial", {"version": action.version, "progress": action.progress,
                                      "forecast": forecast_to_offer(action.forecast)})
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["forecast"].help_text = (
            "When you now expect it to be complete, if not by its due date. "
            + for_example(timezone.localdate() + timedelta(days=60)))

    def clean(self):
        cleaned = super().clean()
        if problem := self.action.forecast_problem(cleaned.get("progress"),
                                                   cleaned.get("forecast")):
            self.add_error("forecast", problem)
        return cleaned
