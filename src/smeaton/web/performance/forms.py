from django import forms

from smeaton.analytics.indicators import Polarity, Unit
from smeaton.web.forms import GovukModelForm
from smeaton.web.performance.models import Indicator, Target
from smeaton.web.plan.models import Outcome, Priority


def plain(number) -> str:
    """A decimal without trailing zeros or an exponent: 22.50 -> 22.5, 100 -> 100."""
    return f"{number.normalize():f}"


class FigureField(forms.DecimalField):
    """A figure as people type it: 22.5 or 22.5%."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)


def figure_field(name: str) -> FigureField:
    return FigureField(
        max_digits=10, decimal_places=2, widget=forms.TextInput,
        error_messages={
            "required": f"Enter a {name}",
            "invalid": f"{name.capitalize()} must be a number, like 22.5",
            "max_decimal_places": f"{name.capitalize()} must have no more than 2 decimal places",
            "max_digits": f"{name.capitalize()} is too large",
            "max_whole_digits": f"{name.capitalize()} is too large",
        })


class TargetForm(GovukModelForm):
    value = figure_field("target")
    tolerance = figure_field("tolerance")

    class Meta:
        model = Target
        fields = ["year", "value", "tolerance"]
        labels = {"year": "Period"}

    def __init__(self, *args, indicator: Indicator, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        definition = self.definition = indicator.definition
        self.instance.indicator = indicator
        self.fields["value"].label = "Target"
        self.fields["tolerance"].label = "Tolerance"
        if self.instance.pk:  # 22.5, not the database's 22.50
            for name in ("value", "tolerance"):
                self.initial[name] = plain(getattr(self.instance, name))
        self.fields["year"] = forms.TypedChoiceField(
            label="Period", coerce=int,
            choices=[(year, definition.period_label(year)) for year in years],
            help_text=f"The period the target is for ({definition.period}).")
        unit = "percentage points" if definition.unit == Unit.PERCENT else definition.unit
        better = "at least" if definition.polarity == Polarity.HIGHER else "at most"
        self.fields["value"].help_text = (
            f"Green when the figure is {better} this, in {definition.unit}.")
        self.fields["tolerance"].help_text = (
            f"Amber when the figure misses the target by no more than this, in {unit}; "
            "red beyond it.")
        for name in ("value", "tolerance"):  # GOV.UK: text with a decimal keyboard
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"})

    def _at_precision(self, name: str, words: str):
        """Figures are shown to the indicator's published precision, so a target or a
        tolerance is set to it too: 22.5, not 22.45, beside a figure of 22.4."""
        value = self.cleaned_data[name]
        places = self.definition.decimals
        if -value.as_tuple().exponent > places and value != round(value, places):
            allowed = f"{places} decimal place{'s' if places != 1 else ''}" if places else \
                "no decimal places"
            raise forms.ValidationError(f"{words} must be a number with {allowed}, like "
                                        f"{round(value, places)}")
        return value

    def clean_value(self):
        value = self._at_precision("value", "Target")
        if value < 0:
            raise forms.ValidationError("Target must be 0 or more")
        if self.definition.unit == Unit.PERCENT and value > 100:
            raise forms.ValidationError("Target must be a percentage from 0 to 100")
        return value

    def clean_tolerance(self):
        tolerance = self._at_precision("tolerance", "Tolerance")
        if tolerance < 0:
            raise forms.ValidationError("Tolerance must be 0 or more")
        if self.definition.unit == Unit.PERCENT and tolerance > 100:
            raise forms.ValidationError("Tolerance must be from 0 to 100 percentage points")
        return tolerance

    def validate_unique(self):
        # A second target for the same period replaces the first (see the view).
        pass


class DfeToleranceForm(GovukModelForm):
    """The tolerance against DfE's published figure; left empty, no year is flagged."""

    dfe_tolerance = figure_field("tolerance")

    class Meta:
        model = Indicator
        fields = ["dfe_tolerance"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        definition = self.definition = self.instance.definition
        unit = "percentage points" if definition.unit == Unit.PERCENT else definition.unit
        field = self.fields["dfe_tolerance"]
        field.required = False
        field.label = "Tolerance"
        field.help_text = (
            "How far the council's own figure for a year may be from DfE's published "
            f"figure before it is flagged, in {unit}. Leave it empty to flag none.")
        field.widget.attrs.update(
            {"class": "govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"})
        if self.instance.dfe_tolerance is not None:  # 1.5, not the database's 1.50
            self.initial["dfe_tolerance"] = plain(self.instance.dfe_tolerance)

    def clean_dfe_tolerance(self):
        tolerance = self.cleaned_data["dfe_tolerance"]
        if tolerance is not None and tolerance < 0:
            raise forms.ValidationError("Tolerance must be 0 or more")
        return tolerance

    def change_reason(self) -> str:
        tolerance = self.cleaned_data["dfe_tolerance"]
        if tolerance is None:
            return "Tolerance against DfE's figure removed"
        return f"Tolerance against DfE's figure set to {plain(tolerance)}"


class LinksForm(GovukModelForm):
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
        self.fields["outcomes"].help_text = "An outcome's priority is linked with it."

    def clean(self):
        # An indicator that measures an outcome measures its priority too.
        cleaned = super().clean()
        outcomes = cleaned.get("outcomes") or []
        chosen = {p.pk for p in cleaned.get("priorities") or []}
        chosen |= {o.priority_id for o in outcomes}
        cleaned["priorities"] = self.fields["priorities"].queryset.filter(pk__in=chosen)
        return cleaned
