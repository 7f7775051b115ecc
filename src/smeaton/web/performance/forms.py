from django import forms

from smeaton.web.performance.models import Indicator, Target
from smeaton.web.plan.models import Outcome, Priority


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["year", "value", "tolerance"]
        labels = {"year": "Period"}
        # GOV.UK asks for text inputs with a decimal keyboard, not type="number".
        widgets = {"value": forms.TextInput, "tolerance": forms.TextInput}

    def __init__(self, *args, indicator: Indicator, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        definition = indicator.definition
        self.instance.indicator = indicator
        self.fields["year"] = forms.TypedChoiceField(
            label="Period", coerce=int,
            choices=[(year, definition.period_label(year)) for year in years],
            help_text=f"The period the target is for ({definition.period}).")
        unit = "percentage points" if definition.unit == "%" else definition.unit
        better = "at least" if definition.polarity == "higher" else "at most"
        self.fields["value"].help_text = (
            f"Green when the figure is {better} this, in {definition.unit}.")
        self.fields["tolerance"].help_text = (
            f"Amber when the figure misses the target by no more than this, in {unit}; "
            "red beyond it.")
        for name in ("value", "tolerance"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"})

    def clean_tolerance(self):
        tolerance = self.cleaned_data["tolerance"]
        if tolerance < 0:
            raise forms.ValidationError("Enter a tolerance of 0 or more")
        return tolerance

    def validate_unique(self):
        # A second target for the same period replaces the first (see the view).
        pass


class LinksForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["priorities", "outcomes"]
        widgets = {"priorities": forms.CheckboxSelectMultiple,
                   "outcomes": forms.CheckboxSelectMultiple}
        labels = {"priorities": "Priorities this indicator measures",
                  "outcomes": "Intended outcomes this indicator measures"}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = Priority.objects.filter(plan=plan).order_by("number")
        self.fields["priorities"].label_from_instance = lambda p: f"{p.number}. {p.title}"
        self.fields["outcomes"].queryset = Outcome.objects.filter(
            priority__plan=plan).select_related("priority").order_by("priority__number", "pk")
        self.fields["outcomes"].label_from_instance = (
            lambda o: f"Priority {o.priority.number}: {o.title}")
