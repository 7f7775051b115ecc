from django import forms

from smeaton.web.reminders.kinds import REMINDERS


class PreferencesForm(forms.Form):
    chosen = forms.MultipleChoiceField(
        label="Email me when", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(r.kind.value, f"{r.label}. {r.description}") for r in REMINDERS],
        help_text="Select all that apply. Untick them all to get no reminders.")
