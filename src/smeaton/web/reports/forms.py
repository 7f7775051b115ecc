from calendar import monthrange

from django import forms

from smeaton.web.boards.models import Meeting
from smeaton.web.forms import GovukDateField, GovukForm
from smeaton.web.plan.models import Priority
from smeaton.web.reports.documents import period_problem
from smeaton.web.reports.models import Report, ReportType
from smeaton.web.reports.services import DRAFT_DETAILS, TEMPLATE_LIMIT


class ReportForm(GovukForm):
    """Drafting a report (with its type) or changing a draft (without)."""

    report_type = forms.ModelChoiceField(
        label="What kind of report is it?", queryset=ReportType.objects.select_related("board"),
        empty_label="Choose a kind of report",
        error_messages={"required": "Choose the kind of report",
                        "invalid_choice": "Choose a kind of report from the list"})
    ends = GovukDateField(label="Last day of the period it covers",
                          help_text="The last day of a quarter of the council's year (June, "
                                    "September, December or March) for a quarterly report; "
                                    "of September or March for a six-monthly one; of March "
                                    "for a year's. For example, 30 9 2025")
    title = forms.CharField(label="Title (optional)", required=False, max_length=300,
                            help_text="Left blank, it is named by its kind and period.",
                            widget=forms.TextInput(attrs={"class": "govuk-!-width-full"}))
    priority = forms.ModelChoiceField(
        label="Priority (for a deep dive)", required=False,
        queryset=Priority.objects.select_related("plan").order_by("plan", "number"),
        empty_label="Not a deep dive",
        error_messages={"invalid_choice": "Choose a priority from the list"})
    meeting = forms.ModelChoiceField(
        label="Meeting it goes to (optional)", required=False, empty_label="Not yet known",
        queryset=Meeting.objects.select_related("board").order_by("-starts_at"),
        error_messages={"invalid_choice": "Choose a meeting from the list"})
    audience = forms.ChoiceField(
        label="Who is it for?", choices=Report.Audience.choices, widget=forms.RadioSelect,
        initial=Report.Audience.RESTRICTED,
        help_text="A report for publication leaves out the sections kept for the board's "
                  "restricted papers.",
        error_messages={"required": "Choose who the report is for"})
    purpose = forms.CharField(label="Purpose", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Left blank, the kind of report's own purpose.")
    recommendations = forms.CharField(label="Recommendations", required=False,
                                      max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                                      help_text="One on each line.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report: Report | None = None, **kwargs):
        if report is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(report, name) for name in DRAFT_DETAILS},
                "version": report.version})
        super().__init__(*args, **kwargs)
        self.report = report
        if report is not None:
            del self.fields["report_type"]
            self.fields["title"].required = True
            self.fields["title"].label = "Title"
            self.fields["title"].help_text = ""

    def clean_ends(self):
        ends = self.cleaned_data["ends"]
        if ends and ends.day != monthrange(ends.year, ends.month)[1]:
            raise forms.ValidationError(
                f"The period must end on the last day of a month, like "
                f"{monthrange(ends.year, ends.month)[1]} {ends.month} {ends.year}")
        return ends

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("report_type") or (self.report and self.report.report_type)
        ends = cleaned.get("ends")
        if kind and ends and "ends" not in self.errors and (
                problem := period_problem(ends, kind.covers)):
            self.add_error("ends", problem)
        if kind and kind.deep_dive and not cleaned.get("priority") and \
                "priority" not in self.errors:
            self.add_error("priority", "Choose the priority the deep dive is about")
        meeting = cleaned.get("meeting")
        if kind and meeting and meeting.board_id != kind.board_id:
            self.add_error("meeting", f"Choose a meeting of {kind.board}")
        return cleaned

    def details(self) -> dict:
        data = self.cleaned_data
        details = {name: data[name] for name in DRAFT_DETAILS if name in data}
        for optional in ("title", "purpose"):
            if not details.get(optional) and self.report is None:
                details.pop(optional, None)  # the kind of report's own
        return details


class TemplateForm(GovukForm):
    template = forms.FileField(
        label="Upload a Word template", help_text="A Word document (.docx) with the "
        "council's styles, header, footer and logo, smaller than 5 MB.",
        error_messages={"required": "Choose a Word template to upload",
                        "empty": "The file you chose is empty"})

    def clean_template(self):
        upload = self.cleaned_data["template"]
        if upload.size > TEMPLATE_LIMIT:
            raise forms.ValidationError("The template must be smaller than 5 MB")
        if not upload.name.lower().endswith((".docx", ".dotx")):
            raise forms.ValidationError("The template must be a Word document (.docx)")
        return upload
