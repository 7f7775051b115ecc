"""The report pages. Every view checks the rule for its record before it acts; reads
come from queries.py and documents.py, changes go through services.py."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.forms import sent
from smeaton.web.reports import documents, queries, services
from smeaton.web.reports.forms import ReportForm, TemplateForm
from smeaton.web.reports.models import Report, ReportFile, WordTemplate

REPORTS = Report.objects.select_related("report_type__board", "priority__plan", "meeting",
                                        "issued_by", "drafted_by")


@require_safe
def reports(request):
    require(request.user, "list", Report)
    return render(request, "reports/reports.html", {
        "boards": queries.reports_by_board(request.user),
        "template": WordTemplate.objects.first(),
        "may_draft": can(request.user, "add", Report),
        "may_upload": can(request.user, "add", WordTemplate)})


def draft(request):
    require(request.user, "add", Report)
    form = ReportForm(sent(request))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.draft(form.cleaned_data["report_type"], request.user,
                                    **form.details())
        except services.ReportError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"“{report}” has been drafted. Check it, then issue it.")
            return redirect("reports:report", pk=report.pk)
    return render(request, "reports/report_form.html", {"form": form})


@require_safe
def report(request, pk):
    found = get_object_or_403(request.user, REPORTS, pk=pk)
    return render(request, "reports/report.html", {
        "report": found, "document": documents.document_of(found),
        "files": queries.files_of(found) if found.is_issued else [],
        "formats": ReportFile.Format.choices})


def edit(request, pk):
    found = get_object_or_403(request.user, REPORTS, "change", pk=pk)
    form = ReportForm(sent(request), report=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.change(found, request.user, seen_version=form.cleaned_data["version"],
                            **form.details())
        except services.ReportError as refusal:
            if refusal.field:
                form.add_error(refusal.field, str(refusal))
            else:  # someone else saved first, or it was issued: show it as it now is
                found.refresh_from_db()
                form = ReportForm(report=found)
                form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([str(refusal)])})
        else:
            messages.success(request, "The report has been saved.")
            return redirect("reports:report", pk=found.pk)
    return render(request, "reports/report_form.html", {"form": form, "report": found})


def issue(request, pk):
    found = get_object_or_403(request.user, REPORTS, "issue", pk=pk)
    if request.method == "POST":
        try:
            services.issue(found, request.user, seen_version=_version(request))
        except services.ReportError as refusal:
            messages.error(request, str(refusal))
            return redirect("reports:report", pk=found.pk)
        messages.success(request, f"“{found}” has been issued. Its files are kept as they "
                                  "are now.")
        return redirect("reports:report", pk=found.pk)
    return render(request, "reports/issue.html", {
        "report": found, "period_open": found.ends >= timezone.localdate()})


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() else None


@require_safe
def download(request, pk, file_format):
    found = get_object_or_403(request.user, REPORTS, "download", pk=pk)
    if file_format not in documents.WRITERS:
        raise Http404
    if found.is_issued:
        kept = found.files.filter(format=file_format).first()
        if kept is None:
            raise Http404
        content = bytes(kept.content)
    else:
        content = documents.write(documents.gather(found), file_format,
                                  WordTemplate.objects.first())
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[file_format])
    name = documents.file_name(found, file_format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template(request):
    require(request.user, "add", WordTemplate)
    form = TemplateForm(sent(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["template"]
        try:
            services.upload_template(upload.name, upload.read(), request.user)
        except services.ReportError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"Reports will be written into “{upload.name}”.")
            return redirect("reports:reports")
    return render(request, "reports/template_form.html", {
        "form": form, "current": WordTemplate.objects.first()})
