"""Django forms render as GOV.UK Frontend components, errors and hints included."""

from datetime import date

import pytest
from django import forms

from smeaton.web.forms import GovukDateField, GovukErrorsMixin, GovukForm


class MilestoneForm(forms.Form):
    title = forms.CharField(help_text="What will be done, in a few words")
    notes = forms.CharField(widget=forms.Textarea, required=False)
    status = forms.ChoiceField(choices=[("green", "On track"), ("red", "Off track")])
    rag = forms.ChoiceField(choices=[("g", "Green"), ("a", "Amber")], widget=forms.RadioSelect)
    confirmed = forms.BooleanField()


def test_fields_get_govuk_classes_labels_and_hints():
    html = MilestoneForm().as_div()
    assert 'class="govuk-form-group"' in html
    assert 'class="govuk-label govuk-label--s" for="id_title"' in html
    assert 'class="govuk-input"' in html
    assert 'id="id_title-hint" class="govuk-hint">What will be done' in html
    assert 'aria-describedby="id_title-hint"' in html
    assert 'class="govuk-textarea"' in html
    assert 'class="govuk-select"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Rag</legend>' in html
    assert 'class="govuk-radios__input"' in html
    assert 'class="govuk-checkboxes__input"' in html


def test_errors_are_shown_on_the_field_and_linked_to_it():
    form = MilestoneForm(data={"title": "", "status": "purple"})
    html = form.as_div()
    assert "govuk-form-group--error" in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_title-hint id_title-error"' in html
    assert '<p id="id_title-error" class="govuk-error-message">' in html
    assert '<span class="govuk-visually-hidden">Error:</span> This field is required.' in html
    assert 'class="govuk-select govuk-select--error"' in html


class DueForm(forms.Form):
    due = GovukDateField(label="Due date", help_text="For example, 31 3 2026")


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("", "", "", "Enter the due date"),
    ("31", "", "2026", "Due date must include a month"),
    ("", "", "2026", "Due date must include a day and a month"),
    ("31", "2", "2026", "Due date must be a real date"),
    ("29", "2", "2025", "Due date must be a real date"),
    ("ten", "2", "2026", "Due date must be a real date"),
    ("1", "2", "26", "Due date must include a four-digit year"),
    ("1", "99999999999999999999", "2026", "Due date must be a real date"),
    ("99999999999999999999", "2", "2026", "Due date must be a real date"),
])
def test_a_date_that_is_missing_or_impossible_is_refused_in_words(day, month, year, message):
    form = DueForm(data={"due_day": day, "due_month": month, "due_year": year})
    assert not form.is_valid()
    assert message in form.errors["due"]


def test_a_real_date_is_accepted_and_shown_back_in_three_boxes():
    form = DueForm(data={"due_day": "29", "due_month": "2", "due_year": "2028"})
    assert form.is_valid()
    assert form.cleaned_data["due"] == date(2028, 2, 29)
    html = DueForm(initial={"due": date(2026, 3, 31)}).as_div()
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_due-hint">' in html
    assert 'value="31"' in html and 'value="3"' in html and 'value="2026"' in html
    assert "govuk-input--width-4" in html


def test_a_wrong_date_marks_every_box_as_in_error():
    form = DueForm(data={"due_day": "31", "due_month": "2", "due_year": "2026"})
    form.is_valid()
    assert form.as_div().count("govuk-input--error") == 3


class PlainForm(GovukForm):
    title = forms.CharField(max_length=5)
    count = forms.IntegerField(min_value=1, required=False)
    colour = forms.ChoiceField(choices=[("r", "Red")], required=False)
    link = forms.URLField(required=False, assume_scheme="https")


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"title": ""}, "title", "Enter title"),
    ({"title": "too long"}, "title", "Title must be 5 characters or fewer"),
    ({"title": "ok", "count": "x"}, "count", "Count must be a number"),
    ({"title": "ok", "count": "0"}, "count", "Count must be 1 or more"),
    ({"title": "ok", "colour": "b"}, "colour", "Select colour from the list"),
    ({"title": "ok", "link": "no"}, "link",
     "Enter link in the correct format, like https://www.example.com"),
])
def test_every_field_speaks_govuk_not_django(data, field, message):
    form = PlainForm(data=data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_every_form_in_smeaton_gives_govuk_error_messages():
    import importlib
    import pkgutil

    import smeaton.web

    for module in pkgutil.walk_packages(smeaton.web.__path__, "smeaton.web."):
        if module.name.endswith(("settings", "wsgi")) or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)
    forms_of_smeaton = [
        cls for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("smeaton.web") and cls.__name__ != "GovukForm"]
    assert len(forms_of_smeaton) >= 10
    wordless = [cls.__qualname__ for cls in forms_of_smeaton
                if not issubclass(cls, GovukErrorsMixin)]
    assert wordless == []


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


class PercentForm(GovukForm):
    share = forms.IntegerField(label="Share moderated (%)", min_value=0, max_value=100)
    colour = forms.ChoiceField(label="Colour (%)", choices=[("r", "Red")], required=False)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"share": "101"}, "share", "Share moderated (%) must be 100 or less"),
    ({"share": "-1"}, "share", "Share moderated (%) must be 0 or more"),
    ({"share": ""}, "share", "Enter share moderated (%)"),
    ({"share": "x"}, "share", "Share moderated (%) must be a number"),
    ({"share": "1", "colour": "b"}, "colour", "Select colour (%) from the list"),
])
def test_a_label_with_a_percent_sign_does_not_break_the_message(data, field, message):
    form = PercentForm(data=data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_the_programme_form_refuses_a_moderated_share_over_100_in_words():
    from smeaton.web.audits.forms import ProgrammeForm

    form = ProgrammeForm(data={"moderated_share": "101"})
    assert not form.is_valid()
    assert form.errors["moderated_share"] == ["Share moderated (%) must be 100 or less"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999"])
def test_a_model_choice_id_too_big_for_the_database_is_not_in_the_list(value):
    from django.contrib.auth import get_user_model

    class PickForm(GovukForm):
        person = forms.ModelChoiceField(label="Person", queryset=get_user_model().objects.all(),
                                        required=False)
        people = forms.ModelMultipleChoiceField(label="People", required=False,
                                                queryset=get_user_model().objects.all())

    form = PickForm(data={"person": value, "people": [value]})
    assert not form.is_valid()
    assert form.errors == {"person": ["Select person from the list"],
                           "people": ["Select people from the list"]}
