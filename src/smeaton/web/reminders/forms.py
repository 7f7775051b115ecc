from django import forms

from smeaton.web.forms import GovukForm
from smeaton.web.reminders.kinds import REMINDERS


class PreferencesForm(GovukForm):
    chosen = forms.MultipleChoiceField(
        label="Email me when", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(r.kind.value, f"{r.label}. {r.description}") for r in REMINDERS],
        help_text="Select all that apply. Untick them all to get no reminders.",
        error_messages={"invalid_choice": "Select reminders from the list"})
