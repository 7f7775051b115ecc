"""Django forms render as GOV.UK Frontend components, errors and hints included."""

from django import forms


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
