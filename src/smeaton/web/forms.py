"""Django forms rendered as GOV.UK Frontend components, with no per-form markup.

Every form field gets the GOV.UK class for its widget, the error modifier when it has
errors, and ``aria-describedby`` pointing at its hint and error message, as the Design
System's form components do. Templates: templates/forms/govuk/.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    Input: "govuk-input",
}
# Classes the Design System gives an error modifier to.
HAS_ERROR_MODIFIER = {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}


def widget_class(widget: forms.Widget) -> str:
    for widget_type in type(widget).__mro__:
        if widget_type in WIDGET_CLASSES:
            return WIDGET_CLASSES[widget_type]
    return ""


class GovukBoundField(BoundField):
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        base = widget_class(widget)
        classes = [attrs.get("class", ""), base]
        if self.errors and base in HAS_ERROR_MODIFIER:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)
        described_by = [self.hint_id()] if self.help_text else []
        if self.errors:
            described_by.append(self.error_id())
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"
    bound_field_class = GovukBoundField
