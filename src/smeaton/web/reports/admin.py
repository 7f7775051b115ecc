from django import forms
from django.contrib import admin

from smeaton.web.admin import AuditedAdmin
from smeaton.web.forms import GovukErrorsMixin
from smeaton.web.reports.models import ReportType
from smeaton.web.reports.sections import SECTIONS


def _sections_help() -> str:
    return "One on each line, in the order the report shows them. The sections: " + "; ".join(
        f"{section.key} ({section.title}: {section.description})" for section in SECTIONS)


class ReportTypeForm(GovukErrorsMixin, forms.ModelForm):
    """The sections as their keys, one on each line, in order: an administrator chooses
    and orders them in one box."""

    sections = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}),
                               help_text=_sections_help(),
                               error_messages={"required": "Enter at least one section"})

    class Meta:
        model = ReportType
        fields = ["name", "board", "covers", "deep_dive", "purpose", "sections"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["sections"] = "\n".join(self.instance.sections)

    def clean_sections(self):
        return [line.strip() for line in self.cleaned_data["sections"].splitlines()
                if line.strip()]


@admin.register(ReportType)
class ReportTypeAdmin(AuditedAdmin):
    """An administrator sets up the kinds of report: which board each goes to, the period
    it covers and its sections. Reports themselves are drafted and issued on the
    Reports pages."""

    form = ReportTypeForm
    list_display = ["name", "board", "covers", "deep_dive"]
    list_filter = ["board"]
