"""Django forms rendered as GOV.UK Frontend components, with no per-form markup.

Every form field gets the GOV.UK class for its widget, the error modifier when it has
errors, and ``aria-describedby`` pointing at its hint and error message, as the Design
System's form components do. Templates: templates/forms/govuk/.
"""

from datetime import date

from django import forms
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
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


class CharacterCount(forms.Textarea):
    """GOV.UK's character count: a textarea that says how many characters are left. The
    browser's own limit is left off, as the Design System asks, so that a person can
    paste in more and then cut it down; the form refuses what is too long."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 5, **(attrs or {})})
        self.attrs["class"] = "govuk-js-character-count"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)  # the field's limit, which the form checks instead
        return attrs


class GovukBoundField(BoundField):
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    def first_input_id(self) -> str:
        """Where an error summary's link takes the cursor: the field itself, or the
        first of its radios, checkboxes or date boxes."""
        grouped = isinstance(self.field.widget, (forms.RadioSelect, forms.MultiWidget,
                                                 forms.CheckboxSelectMultiple))
        return f"{self.auto_id}_0" if grouped else self.auto_id

    def info_id(self) -> str:
        return f"{self.auto_id}-info"

    def described_by(self) -> str:
        """The ids of the hint and error message that describe this field, if any."""
        ids = [self.hint_id()] if self.help_text else []
        if isinstance(self.field.widget, CharacterCount):
            ids.append(self.info_id())
        if self.errors:
            ids.append(self.error_id())
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        base = widget_class(widget)
        classes = [widget.attrs.get("class", ""), attrs.get("class", ""), base]
        if self.errors and base in HAS_ERROR_MODIFIER:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)
        # Radios, checkboxes and dates are described once, by their fieldset.
        grouped = isinstance(widget, (forms.RadioSelect, forms.MultiWidget))
        if (described_by := self.described_by()) and not grouped:
            attrs["aria-describedby"] = described_by
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"
    bound_field_class = GovukBoundField


class GovukDateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes."""

    template_name = "forms/govuk/date_input.html"
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        widgets = {name: forms.TextInput(attrs=numeric) for name, _, _ in self.parts}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["invalid"] = context["widget"]["attrs"].get("aria-invalid") == "true"
        for subwidget, (_, label, width) in zip(context["widget"]["subwidgets"], self.parts,
                                                strict=True):
            subwidget["label"] = label
            subwidget["width"] = width
        return context


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = GovukDateInput

    def __init__(self, *, label: str, error_name: str | None = None,
                 required_message: str | None = None, **kwargs):
        """``error_name`` is how errors name the date, if not by its label ("the
        deadline" gives "The deadline must be a real date"); ``required_message`` is
        what to say when it is left blank, if not "Enter" and that name."""
        self.name_in_errors = error_name[0].upper() + error_name[1:] if error_name else label
        required_message = required_message or f"Enter {error_name or 'the ' + label.lower()}"
        number = {"invalid": f"{self.name_in_errors} must be a real date"}
        fields = (forms.IntegerField(required=False, error_messages=number),) * 3
        super().__init__(fields, label=label, require_all_fields=False, **kwargs)
        self.error_messages["required"] = required_message
        self.error_messages["incomplete"] = required_message

    def compress(self, values):
        if not values or not any(v is not None for v in values):
            return None
        missing = [name for (name, _, _), v in zip(GovukDateInput.parts, values, strict=True)
                   if v is None]
        if missing:
            raise forms.ValidationError(
                f"{self.name_in_errors} must include a {' and a '.join(missing)}")
        day, month, year = values
        if not 1000 <= year <= 9999:
            raise forms.ValidationError(f"{self.name_in_errors} must include a four-digit year")
        try:
            return date(year, month, day)
        except (ValueError, OverflowError):  # 31 2, or a number too big for C's int
            raise forms.ValidationError(f"{self.name_in_errors} must be a real date") from None


# Error messages in the Design System's words, for every field that does not give its
# own: "Enter the title", "Title must be 300 characters or fewer", never Django's
# "This field is required." or "Ensure this value has at most 300 characters".
CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField,
          forms.BooleanField)
NUMBERS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def govuk_messages(field: forms.Field, label: str) -> dict[str, str]:
    """The GOV.UK error message for each way this field can be wrong."""
    name = label.rstrip(":?").removesuffix(" (optional)")
    # An initialism leads as written: "UPN", "DfE rule".
    first = name.split(maxsplit=1)[0] if name.strip() else name
    lower = name if any(letter.isupper() for letter in first[1:]) else (
        name[:1].lower() + name[1:])
    # Django fills in the messages raised with params ("%(limit_value)s") by
    # %-formatting, so a "%" in the label ("Share moderated (%)") must be doubled in
    # those, and only those: the others are shown as written.
    pname, plower = name.replace("%", "%%"), lower.replace("%", "%%")
    messages = {
        "required": f"{'Select' if isinstance(field, CHOSEN) else 'Enter'} {lower}",
        "invalid_choice": f"Select {plower} from the list",  # noqa: S608  words, not SQL
        "invalid_pk_value": f"Select {plower} from the list",  # noqa: S608
        "invalid_list": f"Select {lower}",
        "max_length": f"{pname} must be %(limit_value)d characters or fewer",
        "min_length": f"{pname} must be %(limit_value)d characters or more",
        "max_value": f"{pname} must be %(limit_value)s or less",
        "min_value": f"{pname} must be %(limit_value)s or more",
        "max_digits": f"{pname} must be %(max)s digits or fewer",
        "max_decimal_places": f"{pname} must have %(max)s decimal places or fewer",
        "max_whole_digits": f"{pname} is too large",
        "step_size": f"{pname} must be a multiple of %(limit_value)s",
    }
    if field.widget.is_hidden:
        # Not typed by anyone: a hidden field (a record's version) sent wrong or not at all
        # means the page was altered or is out of date.
        hidden = "This page is out of date: reload it and try again"
        return {code: hidden for code in messages} | {"invalid": hidden}
    if isinstance(field, NUMBERS):
        messages["invalid"] = f"{name} must be a number"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = f"Enter {lower} in the correct format, like https://www.example.com"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{name} must be a real date"
    return messages


def django_defaults(field: forms.Field) -> dict[str, str]:
    defaults: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


# The widest whole number any database Smeaton runs on can look up: a tampered id wider
# than this ("99999999999999999999") makes SQLite raise OverflowError and PostgreSQL
# DataError, rather than find nothing.
BIGGEST_ID = 2**63 - 1


def refuse_ids_out_of_range(field: forms.ModelChoiceField) -> None:
    """Makes a model choice field refuse, as not in the list, an id too big for the
    database, before it asks the database for it."""
    if getattr(field, "refuses_ids_out_of_range", False):
        return
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    if not isinstance(key, models.IntegerField):
        return
    clean = field.clean

    def checked(value):
        many = isinstance(field, forms.ModelMultipleChoiceField)
        for one in (value if many and isinstance(value, list | tuple) else [value]):
            text = str(one).strip() if one is not None else ""
            if text.lstrip("-").isascii() and text.lstrip("-").isdigit() \
                    and abs(int(text)) > BIGGEST_ID:
                code = "invalid_pk_value" if many else "invalid_choice"
                raise forms.ValidationError(field.error_messages[code], code=code,
                                            params={"pk": text, "value": text})
        return clean(value)

    field.clean = checked
    field.refuses_ids_out_of_range = True


class GovukErrorsMixin:
    """Gives every field GOV.UK error messages, keeping any the form wrote itself, and
    makes every model choice field refuse a tampered id too big for the database."""

    def full_clean(self):
        # Here rather than in __init__, so fields a form adds in its own __init__ get
        # them too.
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):  # and so ModelMultipleChoiceField
                refuse_ids_out_of_range(field)
            if isinstance(field, GovukDateField):
                continue  # it words its own
            defaults = django_defaults(field)
            for code, message in govuk_messages(field, field.label or pretty_name(name)).items():
                if field.error_messages.get(code, defaults.get(code)) == defaults.get(code):
                    field.error_messages[code] = message
        super().full_clean()


class GovukForm(GovukErrorsMixin, forms.Form):
    pass


class GovukModelForm(GovukErrorsMixin, forms.ModelForm):
    pass


def sent(request):
    """The data of a form sent with POST, or None for any other request. An empty POST
    is still a form sent (every box unticked), so ``request.POST or None`` will not do."""
    return request.POST if request.method == "POST" else None


def for_example(day: date) -> str:
    """A date as GOV.UK's hints give one, to type in three boxes: "For example, 15 1 2027"."""
    return f"For example, {day.day} {day.month} {day.year}"


def whole_number(text: str | None) -> int | None:
    """A whole number typed in ASCII digits (a query's ``?year=2025``), or None for
    anything else: ``str.isdigit`` also accepts "²", which ``int`` refuses."""
    return int(text) if text and text.isascii() and text.isdigit() else None
