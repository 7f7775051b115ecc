"""The upload form and the problem report's filters, with GOV.UK error messages."""

import zipfile
from pathlib import Path

from django import forms
from django.conf import settings

from smeaton.analytics.formats import recognise
from smeaton.analytics.problems import FileProblem
from smeaton.web.forms import GovukForm
from smeaton.web.returns import archives
from smeaton.web.returns.queries import Choices
from smeaton.web.returns.services import ARCHIVE, Upload

KINDS = {".csv", ".xml", ".txt", ".zip"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReturnsField(forms.FileField):
    """One or more files, each checked: a CSV or XML file, small enough, and a return
    Smeaton reads (judged by its header: the load reads the rest)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [file for file in (data or []) if file]
        if not files:
            raise forms.ValidationError("Select the returns to upload")
        if len(files) > settings.RETURNS_MAX_FILES:
            raise forms.ValidationError(
                f"Select {settings.RETURNS_MAX_FILES} files or fewer; load the rest in "
                "another batch")
        return [self.recognised(file) for file in files]

    def recognised(self, file) -> Upload:
        name = Path(file.name).name
        if Path(name).suffix.lower() not in KINDS:
            raise forms.ValidationError(f"{name} must be a CSV, XML or ZIP file")
        limit = settings.RETURNS_MAX_FILE_MB
        if file.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"{name} must be smaller than {limit} MB")
        if file.size == 0:
            raise forms.ValidationError(f"{name} is empty")
        if Path(name).suffix.lower() == ".zip":
            return Upload(file, self.archive(name, file))
        try:
            # Every upload is a file on disk (FILE_UPLOAD_HANDLERS), named with its suffix.
            kind = recognise(Path(file.temporary_file_path()))
        except FileProblem as problem:
            raise forms.ValidationError(
                f"{name} is not a return Smeaton can read: {problem.reason}") from None
        return Upload(file, kind)


    @staticmethod
    def archive(name: str, file) -> str:
        """Check a ZIP's members before anything is kept: the load unpacks them."""
        try:
            with zipfile.ZipFile(file.temporary_file_path()) as archive:
                archives.members(archive, settings.RETURNS_MAX_ARCHIVE_MB * 1024 * 1024)
        except zipfile.BadZipFile:
            raise forms.ValidationError(f"{name} is not a ZIP file Smeaton can open") from None
        except archives.ArchiveProblem as problem:
            raise forms.ValidationError(f"{name} {problem}") from None
        return ARCHIVE


class UploadForm(GovukForm):
    files = ReturnsField(
        label="Returns",
        help_text="SSDA903 (CSV tables or XML), CIN census XML or attendance CSV. Select "
                  "every table of an SSDA903 return together. For several years at once, "
                  "choose a ZIP file with a folder for each collection year (2024, 2025).")
    la_code = forms.RegexField(
        r"^\d{3}$", required=False, label="LA code (optional)",
        help_text="For files that do not say their LA (SSDA903 files never do). Leave "
                  "blank for this council's.",
        error_messages={"invalid": "LA code must be 3 digits, like 879"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}))
    year = forms.IntegerField(
        required=False, min_value=2000, max_value=2100, label="Collection year (optional)",
        help_text="The year the return's collection ends on 31 March, like 2025, for files "
                  "that do not say.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}))
    field_order = ["files", "la_code", "year"]


class ProblemFilterForm(GovukForm):
    """The problem report's filters: any choice not among the load's values is ignored."""

    year = forms.ChoiceField(required=False, label="Collection year")
    file = forms.ChoiceField(required=False, label="File")
    table = forms.ChoiceField(required=False, label="Table")
    severity = forms.ChoiceField(required=False, label="Severity")
    rule = forms.ChoiceField(required=False, label="DfE rule")
    kind = forms.ChoiceField(required=False, label="Kind of problem")

    def __init__(self, data, choices: Choices):
        super().__init__(data)
        for name, field in self.fields.items():
            field.choices = [("", "All")] + [(value, value) for value in getattr(choices, name)]

    def chosen(self) -> dict[str, str]:
        self.is_valid()  # a filter not among the choices is said, and left out
        return {name: value for name, value in self.cleaned_data.items() if value}
