from django import forms

from smeaton.web.forms import GovukForm
from smeaton.web.reminders.kinds import Reminder


class PreferencesForm(GovukForm):
    chosen = forms.MultipleChoiceField(
        label="Email me when", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Untick them all to get no reminders.",
        error_messages={"invalid_choice": "Select reminders from the list"})

    def __init__(self, *args, offered: list[Reminder], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(r.kind.value, f"{r.label}. {r.description}")
                                         for r in offered]
