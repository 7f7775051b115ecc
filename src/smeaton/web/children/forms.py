"""Which figure's children to list, and the reason for re-identifying a child."""

import re
from datetime import date, timedelta

from django import forms

from smeaton.analytics.measures.periods import Period
from smeaton.analytics.privacy import TOKEN_LENGTH
from smeaton.web.children import queries
from smeaton.web.forms import GovukForm

TOKEN = re.compile(rf"[0-9a-f]{{{TOKEN_LENGTH}}}")
# A reason someone could be asked about later: a few words, not "x" or "test".
REASON_MIN_LENGTH = 20


class FigureForm(GovukForm):
    """An indicator's computed figure: its indicator, period end and (optionally) group.

    Sent by GET, so that a list has an address an indicator page can link to."""

    indicator = forms.ModelChoiceField(
        queryset=queries.computed_indicators(), to_field_name="slug", label="Indicator",
        empty_label="Choose an indicator",
        error_messages={"required": "Select an indicator",
                        "invalid_choice": "Select an indicator Smeaton computes from the "
                                          "returns"})
    period = forms.CharField(
        label="Period end", widget=forms.Select,
        error_messages={"required": "Select a period end"},
        help_text="The last day of the 12 months counted: a month end, or 31 March for a "
                  "reporting year.")
    group = forms.CharField(
        required=False, label="Group (optional)", widget=forms.Select,
        help_text="Leave as everyone for the whole figure, or choose one group of a "
                  "breakdown.")

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["period"].widget.choices = [("", "Choose a period end")] + [
            (end.isoformat(), f"{end:%-d %B %Y}") for end in queries.period_choices()]
        self.fields["group"].widget.choices = [("", "Everyone")] + [
            (label, label) for label in queries.group_choices()]

    def clean_period(self) -> Period:
        text = self.cleaned_data["period"]
        try:
            end = date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError("Period end must be a real date, like 2025-03-31") \
                from None
        if (end + timedelta(days=1)).day != 1:
            raise forms.ValidationError("Period end must be the last day of a month")
        return Period(end)

    def clean(self):
        data = super().clean()
        indicator, period = data.get("indicator"), data.get("period")
        if indicator is None or period is None:
            return data
        measure = queries.computed_measure(indicator)
        data["measure"] = measure
        if queries.coverage(measure, period) is None:
            self.add_error("period", f"No returns are loaded for the 12 months to "
                                     f"{period.end:%-d %B %Y}: choose another period end, "
                                     "or load the returns")
        data["group"] = self._group(measure, data.get("group", ""))
        return data

    def _group(self, measure, label: str) -> tuple[str, str] | None:
        if not label:
            return None
        title, _, value = label.partition(": ")
        if value not in queries.groups_of(measure).get(title, ()):
            self.add_error("group", f"{measure.title} has no group {label}: choose one of "
                                    "its own, or everyone")
            return None
        return title, value

    def figure(self) -> queries.Figure:
        data = self.cleaned_data
        return queries.Figure(data["indicator"], data["measure"], data["period"],
                              data["group"])


class ReasonForm(GovukForm):
    """Why a child is being re-identified: asked each time, and recorded with it."""

    child = forms.RegexField(TOKEN, widget=forms.HiddenInput,
                             error_messages={"invalid": "Choose a child from the list"})
    reason = forms.CharField(
        label="Why do you need to know who this child is?", widget=forms.Textarea(
            attrs={"rows": 4}),
        min_length=REASON_MIN_LENGTH, max_length=500,
        help_text="For example, the case you are checking and why. This is recorded with "
                  "your name, and an administrator can read it.",
        error_messages={
            "required": "Enter why you need to know who this child is",
            "min_length": f"Reason must be {REASON_MIN_LENGTH} characters or more: say what "
                          "you need it for"})

    def clean_reason(self) -> str:
        return " ".join(self.cleaned_data["reason"].split())

    def clean(self):
        # The token is a hidden field: what is wrong with it is the form's to say.
        for error in self.errors.pop("child", []):
            self.add_error(None, error)
        return super().clean()

    def not_behind(self) -> None:
        self.add_error(None, "This child is not behind this figure: choose one from the list")
